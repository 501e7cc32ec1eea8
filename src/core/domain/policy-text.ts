// A policy rule as the office types it (yuan, percents, quantities as text) and as it reads it in
// one line; the core parses the typed form (services/policies.ts) and writes it back from a rule.

import { yuanText } from './money'
import { FUNDING_LEVELS, LEVEL_LABEL, PAYEE_LABEL, type PolicyRule, type SubsidyItem, type Payee, type ShareMode } from './policy'
import { quantityText, type Unit, UNIT_LABEL } from './quantity'
import { percentText, ratioText } from './ratio'
import type { StageKey } from './types'

/** The policy form's fields for one rule, all as text where the office types numbers. */
export interface RuleText {
  route: string
  item: SubsidyItem
  variant?: string
  method: 'fixed' | 'percent' | 'perUnit'
  amount?: string
  ratio?: string
  unit?: Unit
  freeBand?: string
  tiers?: Array<{ width: string; rate: string }>
  cap?: string
  advanceKind?: 'none' | 'fixed' | 'ofCap'
  advance?: string
  topUpDibao?: string
  topUpWubao?: string
  minStage: StageKey
  shares: { central: string; province: string; city: string; county: string }
  /** absent = ofTotal */
  shareMode?: ShareMode
  payee: Payee
  note?: string
}

/** Yuan as typed in a form: 1000 → "1000", 136 fen → "1.36" (no grouping, so it parses back as is). */
function plainYuan(f: number): string {
  return yuanText(f).replace(/,/g, '').replace(/\.00$/, '')
}

function plainQty(q: number): string {
  return quantityText(q).replace(/,/g, '')
}

export function ruleText(r: PolicyRule): RuleText {
  const t: RuleText = {
    route: r.route,
    item: r.item,
    method: r.method.kind,
    minStage: r.minStage,
    payee: r.payee,
    shares: {
      central: r.shares.central ? percentText(r.shares.central).replace('%', '') : '',
      province: r.shares.province ? percentText(r.shares.province).replace('%', '') : '',
      city: r.shares.city ? percentText(r.shares.city).replace('%', '') : '',
      county: r.shares.county ? percentText(r.shares.county).replace('%', '') : '',
    },
    cap: r.cap === undefined ? '' : plainYuan(r.cap),
    topUpDibao: r.topUp.dibao ? plainYuan(r.topUp.dibao) : '',
    topUpWubao: r.topUp.wubao ? plainYuan(r.topUp.wubao) : '',
    advanceKind: r.advance?.kind ?? 'none',
    advance: !r.advance ? '' : r.advance.kind === 'fixed' ? plainYuan(r.advance.amount) : ratioText(r.advance.ratio),
  }
  if (r.variant) t.variant = r.variant
  if (r.shareMode === 'ofRate') t.shareMode = 'ofRate'
  if (r.note) t.note = r.note
  const m = r.method
  if (m.kind === 'fixed') t.amount = plainYuan(m.amount)
  else if (m.kind === 'percent') t.ratio = ratioText(m.ratio)
  else {
    t.unit = m.unit
    t.freeBand = m.freeBand ? plainQty(m.freeBand) : ''
    t.tiers = m.tiers.map((x) => ({ width: x.width === null ? '' : plainQty(x.width), rate: plainYuan(x.rate) }))
  }
  return t
}

/** One line a clerk can read: "每户定额 8,000.00 元；验收后；市级 50%、县级 50%；拨付燃气/施工企业". */
export function ruleSummary(r: PolicyRule, stageName: (k: StageKey) => string): string {
  const parts: string[] = []
  const m = r.method
  if (m.kind === 'fixed') parts.push(`每户定额 ${yuanText(m.amount)} 元`)
  else if (m.kind === 'percent') parts.push(`${r.item === 'construction' ? '建设安装费用' : '设备费用'}的 ${ratioText(m.ratio)}`)
  else {
    const u = UNIT_LABEL[m.unit]
    const tiers = m.tiers.map((x, i) => {
      const price = `每 ${u} ${yuanText(x.rate)} 元`
      if (x.width === null) return i === 0 ? price : `其后${price}`
      return `${i === 0 ? '前' : '其后'} ${quantityText(x.width)} ${u} ${price}`
    })
    parts.push([m.freeBand ? `免补 ${quantityText(m.freeBand)} ${u}` : '', ...tiers].filter(Boolean).join('，'))
  }
  if (r.cap !== undefined) parts.push(`封顶 ${yuanText(r.cap)} 元`)
  if (r.advance) parts.push(r.advance.kind === 'fixed' ? `季前预拨 ${yuanText(r.advance.amount)} 元` : `季前预拨封顶的 ${ratioText(r.advance.ratio)}`)
  const topUps = [r.topUp.dibao ? `低保户加补 ${yuanText(r.topUp.dibao)} 元` : '', r.topUp.wubao ? `五保户加补 ${yuanText(r.topUp.wubao)} 元` : ''].filter(Boolean)
  if (topUps.length) parts.push(topUps.join('、'))
  parts.push(`“${stageName(r.minStage)}”后享受`)
  const shares = FUNDING_LEVELS.filter((l) => r.shares[l] > 0)
    .map((l) => `${LEVEL_LABEL[l]} ${percentText(r.shares[l])}`)
    .join('、')
  parts.push(r.shareMode === 'ofRate' ? `${shares}（各级分别计算）` : shares)
  parts.push(PAYEE_LABEL[r.payee])
  return parts.join('；')
}
