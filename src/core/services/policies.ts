// Subsidy policies per heating season: read, list, save (parsed from what the office typed and
// checked as a whole; each save is a new revision), and the real policies offered as presets.

import type { Input, PolicySummary, PolicyView, PresetView } from '../contract'
import { type Fen, fen, parseYuan } from '../domain/money'
import {
  FUNDING_LEVELS,
  isSeason,
  LEVEL_LABEL,
  type Method,
  type Policy,
  policyProblems,
  type PolicyRule,
  type Shares,
} from '../domain/policy'
import { POLICY_PRESETS } from '../domain/policy-presets'
import { type RuleText, ruleSummary, ruleText } from '../domain/policy-text'
import { parseQuantity, qty } from '../domain/quantity'
import { parseRatio, parseShare } from '../domain/ratio'
import type { StageKey } from '../domain/types'
import { AppError } from '../errors'
import type { Ctx } from './context'

export function policyOf(ctx: Ctx, season: string): Policy | undefined {
  return ctx.store.get('subsidy-policies', season)
}

function checkSeason(season: string): void {
  if (!isSeason(season)) {
    throw new AppError('invalid_input', `采暖季 ${season} 不对：应为相邻两年，如 2026-2027。`, { where: { field: 'season' } })
  }
}

export function list(ctx: Ctx): PolicySummary[] {
  return [...ctx.store.values('subsidy-policies')]
    .map((p) => ({ season: p.season, name: p.name, revision: p.revision, rules: p.rules.length, savedAt: p.savedAt, savedBy: p.savedBy }))
    .sort((a, b) => b.season.localeCompare(a.season))
}

/** Stage names for rule summaries: the general names (a rule may apply to any route). */
function generalStageName(ctx: Ctx, route: string): (k: StageKey) => string {
  const r = ctx.settings().routes.find((x) => x.id === route)
  return (k) => r?.stages.find((s) => s.key === k)?.name ?? k
}

function viewOf(ctx: Ctx, p: Policy): PolicyView {
  return { ...p, texts: p.rules.map(ruleText), summaries: p.rules.map((r) => ruleSummary(r, generalStageName(ctx, r.route))) }
}

export function get(ctx: Ctx, input: Input<'policies.get'>): PolicyView {
  checkSeason(input.season)
  const p = policyOf(ctx, input.season)
  if (!p) throw new AppError('not_found', `${input.season} 采暖季还没有补贴政策。`, { where: { field: 'season' } })
  return viewOf(ctx, p)
}

export function presets(ctx: Ctx): PresetView[] {
  return POLICY_PRESETS.map((p) => ({
    id: p.id,
    name: p.name,
    source: p.source,
    rules: p.rules.map(ruleText),
    summaries: p.rules.map((r) => ruleSummary(r, generalStageName(ctx, r.route))),
  }))
}

/** One rule from the form's text; every message names the rule (1-based) and its field. */
function parseRule(ctx: Ctx, r: RuleText, i: number): PolicyRule {
  const n = i + 1
  const field = (name: string) => `rules.${i}.${name}`
  const label = (name: string) => `第 ${n} 条 ${name}`
  const optionalYuan = (text: string | undefined, name: string, key: string): Fen | undefined =>
    text?.trim() ? parseYuan(text, label(name), field(key)) : undefined
  if (!ctx.settings().routes.some((x) => x.id === r.route)) {
    throw new AppError('invalid_input', `第 ${n} 条：没有编号为“${r.route}”的改造路线。`, { where: { field: field('route') } })
  }
  let method: Method
  if (r.method === 'fixed') method = { kind: 'fixed', amount: parseYuan(r.amount ?? '', label('定额'), field('amount')) }
  else if (r.method === 'percent') method = { kind: 'percent', ratio: parseRatio(r.ratio ?? '', label('补贴比例'), field('ratio')) }
  else {
    if (!r.unit) throw new AppError('invalid_input', `第 ${n} 条：请选择计量单位（m³ 或 kWh）。`, { where: { field: field('unit') } })
    method = {
      kind: 'perUnit',
      unit: r.unit,
      freeBand: r.freeBand?.trim() ? parseQuantity(r.freeBand, label('免补用量'), field('freeBand')) : qty(0),
      tiers: (r.tiers ?? []).map((t, j) => ({
        width: t.width.trim() ? parseQuantity(t.width, label(`第 ${j + 1} 档用量`), field(`tiers.${j}.width`)) : null,
        rate: parseYuan(t.rate, label(`第 ${j + 1} 档单价`), field(`tiers.${j}.rate`)),
      })),
    }
  }
  const rule: PolicyRule = {
    route: r.route,
    item: r.item,
    method,
    topUp: {
      dibao: optionalYuan(r.topUpDibao, '低保户加补', 'topUpDibao') ?? fen(0),
      wubao: optionalYuan(r.topUpWubao, '五保户加补', 'topUpWubao') ?? fen(0),
    },
    minStage: r.minStage,
    shares: Object.fromEntries(
      FUNDING_LEVELS.map((l) => [l, parseShare(r.shares[l], label(`${LEVEL_LABEL[l]}分担比例`), field(`shares.${l}`))]),
    ) as Shares,
    payee: r.payee,
  }
  if (r.shareMode === 'ofRate') rule.shareMode = 'ofRate'
  if (r.variant) rule.variant = r.variant
  const cap = optionalYuan(r.cap, '封顶金额', 'cap')
  if (cap !== undefined) rule.cap = cap
  if (r.advanceKind === 'fixed') rule.advance = { kind: 'fixed', amount: parseYuan(r.advance ?? '', label('季前预拨金额'), field('advance')) }
  else if (r.advanceKind === 'ofCap') rule.advance = { kind: 'ofCap', ratio: parseRatio(r.advance ?? '', label('季前预拨比例'), field('advance')) }
  if (r.note) rule.note = r.note
  return rule
}

export function save(ctx: Ctx, input: Input<'policies.save'>): PolicyView {
  checkSeason(input.season)
  const rules = input.rules.map((r, i) => parseRule(ctx, r, i))
  const problems = policyProblems(rules)
  if (problems.length > 0) {
    throw new AppError('invalid_input', problems[0]!.message, {
      where: { field: `rules.${problems[0]!.rule - 1}.${problems[0]!.field}` },
      // One problem is said by the message; a list only helps when there are several.
      details: problems.length > 1 ? problems.map((p) => ({ message: p.message, where: { field: `rules.${p.rule - 1}.${p.field}` } })) : [],
    })
  }
  return ctx.write((tx) => {
    const prev = tx.get('subsidy-policies', input.season)
    const current = prev?.revision ?? 0
    if (input.baseRevision !== undefined && input.baseRevision !== current) {
      throw new AppError('conflict', `这个采暖季的政策已被修改为第 ${current} 版（${prev?.savedBy ?? ''}），请重新打开后再改。`, {
        where: { field: 'baseRevision' },
      })
    }
    const policy: Policy = {
      season: input.season,
      name: input.name,
      revision: current + 1,
      rules,
      savedAt: ctx.now().toISOString(),
      savedBy: ctx.who,
    }
    if (input.note) policy.note = input.note
    tx.put('subsidy-policies', input.season, policy)
    return viewOf(ctx, policy)
  })
}
