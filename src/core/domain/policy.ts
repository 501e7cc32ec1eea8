// Subsidy policy as data (per season, route and item) and the pure entitlement computation: what a
// household is entitled to, by item and funding level, with the calculation in words.
//
// Rounding (stated once, used everywhere): every multiplication (quantity × rate, cost × ratio,
// cap × ratio) is rounded half up to the fen, once per line; sums are exact; the cap applies to the
// sum; a low-income top-up is added after the cap; the amount is then split among funding levels
// by their shares, each share rounded down to the fen and the fen left over given one by one to the
// levels with the largest remainders (ties go to the higher level: central, province, city, county),
// so the shares always add up to the amount exactly.
//
// A rule may instead say that each level pays its own part of the rate (shareMode 'ofRate': "省、市
// 各补贴三分之一", "0.1 元（省）+ 0.1 元（市）"): then each multiplication is made per level with the
// level's share of the ratio or unit price, rounded half up per level, and the household's amount is
// the sum of the levels. A cap, an advance and a top-up are sums of money and are split as above.

import { type Fen, fen, mulDivRound, yuanText } from './money'
import { type Qty, quantityText, type Unit, UNIT_LABEL } from './quantity'
import { type Ratio, percentText, ratio, ratioText } from './ratio'
import { stageIndex } from './routes'
import type { HouseholdStage, StageKey } from './types'

export const SUBSIDY_ITEMS = ['equipment', 'construction', 'running'] as const
export type SubsidyItem = (typeof SUBSIDY_ITEMS)[number]
export const ITEM_LABEL: Record<SubsidyItem, string> = {
  equipment: '设备购置补贴',
  construction: '建设安装补贴',
  running: '运行补贴',
}

export const FUNDING_LEVELS = ['central', 'province', 'city', 'county'] as const
export type FundingLevel = (typeof FUNDING_LEVELS)[number]
export const LEVEL_LABEL: Record<FundingLevel, string> = { central: '中央', province: '省级', city: '市级', county: '县级' }

export type LevelAmounts = Record<FundingLevel, Fen>
/** Basis points (1% = 100) per level; they sum to 10,000. */
export type Shares = Record<FundingLevel, number>

/**
 * How the levels' amounts are found: ofTotal = the amount once, then split by shares (每户定额、
 * "补贴 94%，市县 5:5"); ofRate = each level's share of the ratio or unit price, computed and rounded
 * per level, the amount being their sum ("省、市各补贴三分之一").
 */
export const SHARE_MODES = ['ofTotal', 'ofRate'] as const
export type ShareMode = (typeof SHARE_MODES)[number]

export const LOW_INCOME = ['none', 'dibao', 'wubao'] as const
export type LowIncome = (typeof LOW_INCOME)[number]
export const LOW_INCOME_LABEL: Record<LowIncome, string> = { none: '否', dibao: '低保户', wubao: '五保户' }

/** Where the money goes: the household's bank card, the gas company, or the household's gas card. */
export const PAYEES = ['bankCard', 'company', 'gasCard'] as const
export type Payee = (typeof PAYEES)[number]
export const PAYEE_LABEL: Record<Payee, string> = { bankCard: '打卡发放', company: '拨付燃气/施工企业', gasCard: '充值到燃气卡' }

export interface Tier {
  /** units in this tier; null = no upper bound (only the last tier) */
  width: Qty | null
  /** fen per unit */
  rate: Fen
}

export type Method =
  | { kind: 'fixed'; amount: Fen }
  /** a share of the household's cost for the item (equipment or construction cost) */
  | { kind: 'percent'; ratio: Ratio }
  /** metered use (post-season − pre-season reading): a free band first, then tiers at their rates */
  | { kind: 'perUnit'; unit: Unit; freeBand: Qty; tiers: Tier[] }

/** What is paid before the season, before metered use is known (季前预拨). */
export type Advance = { kind: 'fixed'; amount: Fen } | { kind: 'ofCap'; ratio: Ratio }

export interface PolicyRule {
  route: string
  item: SubsidyItem
  /** equipment type the rule is for (e.g. 空气源热泵); empty = any */
  variant?: string
  method: Method
  cap?: Fen
  advance?: Advance
  topUp: { dibao: Fen; wubao: Fen }
  /** the stage a household must have reached (e.g. equipment subsidy once accepted) */
  minStage: StageKey
  shares: Shares
  /** absent = ofTotal */
  shareMode?: ShareMode
  payee: Payee
  note?: string
}

export interface Policy {
  /** heating season, e.g. 2026-2027 */
  season: string
  name: string
  /** 1 on creation, +1 on every save; earlier revisions are in the audit trail */
  revision: number
  rules: PolicyRule[]
  note?: string
  savedAt: string
  savedBy: string
}

/** What the computation needs to know about a household. */
export interface HouseholdFacts {
  route: string
  stage: HouseholdStage
  lowIncome: LowIncome
  equipmentType?: string
  equipmentCost?: Fen
  constructionCost?: Fen
  reading?: { pre?: Qty; post?: Qty }
}

/** entitled: computed in full; advance: the pre-season part only; notYet: stage not reached; missing: data missing. */
export type EntitlementStatus = 'entitled' | 'advance' | 'notYet' | 'missing'

export interface ItemEntitlement {
  item: SubsidyItem
  status: EntitlementStatus
  amount: Fen
  byLevel: LevelAmounts
  /** the calculation in words a finance clerk can check */
  words: string
  payee: Payee
}

export function zeroLevels(): LevelAmounts {
  return { central: fen(0), province: fen(0), city: fen(0), county: fen(0) }
}

export function addLevels(into: LevelAmounts, add: LevelAmounts, sign = 1): void {
  for (const l of FUNDING_LEVELS) into[l] = fen(into[l] + sign * add[l])
}

/** Splits an amount by shares; the fen left over by rounding go to the largest remainders. */
export function splitByShares(amount: Fen, shares: Shares): LevelAmounts {
  const out = zeroLevels()
  const rems: Array<{ level: FundingLevel; rem: number; order: number }> = []
  let given = 0
  FUNDING_LEVELS.forEach((level, order) => {
    const raw = amount * shares[level]
    out[level] = fen(Math.floor(raw / 10_000))
    given += out[level]
    if (shares[level] > 0) rems.push({ level, rem: raw % 10_000, order })
  })
  rems.sort((a, b) => b.rem - a.rem || a.order - b.order)
  for (let i = 0, left = amount - given; left > 0; i++, left--) {
    const r = rems[i % rems.length]!
    out[r.level] = fen(out[r.level] + 1)
  }
  return out
}

export function sharesTotal(s: Shares): number {
  return FUNDING_LEVELS.reduce((a, l) => a + s[l], 0)
}

function levelsTotal(l: LevelAmounts): Fen {
  return fen(FUNDING_LEVELS.reduce((a, k) => a + l[k], 0))
}

/** Each level's own part of base × num ÷ den (its share of the ratio or price), rounded per level. */
function levelParts(base: number, num: number, den: number, shares: Shares): LevelAmounts {
  const out = zeroLevels()
  for (const l of FUNDING_LEVELS) if (shares[l] > 0) out[l] = mulDivRound(base, num * shares[l], den * 10_000)
  return out
}

/**
 * "各级分别计算：省级 × 1/3 = 3,333.33 元，市级 × 1/3 = 3,333.33 元，合计 6,666.66 元": a line computed
 * per level, each level's factor (its part of the ratio or price) said as the clerk would check it.
 */
function partsWords(parts: LevelAmounts, shares: Shares, factor: (share: number) => string): string {
  const each = FUNDING_LEVELS.filter((l) => shares[l] > 0).map((l) => `${LEVEL_LABEL[l]} × ${factor(shares[l])} = ${y(parts[l])}`)
  return `各级分别计算：${each.join('，')}，合计 ${y(levelsTotal(parts))}`
}

/** A level's part of a ratio: 2/3 at 50% → "1/3"; 94% at 60% → "56.4%". */
const ratioPart = (r: Ratio) => (share: number) => ratioText(ratio(r.num * share, r.den * 10_000))

/** A level's part of a unit price: 0.20 元 at 50% → "0.10 元"; when not whole fen, "1.36 元 × 33.33%". */
const pricePart = (rate: Fen) => (share: number) =>
  (rate * share) % 10_000 === 0 ? `${yuanText((rate * share) / 10_000)} 元` : `${yuanText(rate)} 元 × ${percentText(share)}`

const y = (f: number) => `${yuanText(f)} 元`

/**
 * The calculation's words, or null when only the amounts are wanted (a city's totals): `w?.push(…)`
 * then skips building the text altogether.
 */
type Words = string[] | null

/** Applies the cap; with a single line the cap is said on that line, else after a 合计. */
function capped(sum: Fen, cap: Fen | undefined, w: Words, lines: number): Fen {
  if (cap === undefined) return sum
  const over = sum > cap
  if (w) {
    const said = over ? `超过封顶 ${y(cap)}，按 ${y(cap)}计` : `封顶 ${y(cap)}`
    if (lines === 1 && w.length > 0) w[w.length - 1] += `，${said}`
    else w.push(`合计 ${y(sum)}，${said}`)
  }
  return over ? cap : sum
}

/**
 * Metered use through the free band and tiers: the amount before the cap, and how many lines after
 * the free band it took (tiers paid, and use beyond them); with
 * `perLevel` shares each tier is computed per level (and `levels` says what each level's part is).
 */
export function tieredAmount(
  method: Extract<Method, { kind: 'perUnit' }>,
  use: Qty,
  lines: Words,
  perLevel?: Shares,
): { sum: Fen; lines: number; levels?: LevelAmounts } {
  const u = UNIT_LABEL[method.unit]
  let left = use as number
  if (method.freeBand > 0) {
    const free = Math.min(left, method.freeBand)
    lines?.push(`免补 ${quantityText(free)} ${u}（不补贴）`)
    left -= free
  }
  let sum = 0
  let count = 0
  const levels = perLevel ? zeroLevels() : undefined
  for (const tier of method.tiers) {
    if (left <= 0) break
    const q = tier.width === null ? left : Math.min(left, tier.width)
    const line = `${quantityText(q)} ${u} × ${yuanText(tier.rate)} 元`
    if (perLevel && levels) {
      const parts = levelParts(q, tier.rate, 100, perLevel)
      addLevels(levels, parts)
      sum += levelsTotal(parts)
      lines?.push(`${line}，${partsWords(parts, perLevel, pricePart(tier.rate))}`)
    } else {
      const amount = mulDivRound(q, tier.rate, 100)
      lines?.push(`${line} = ${y(amount)}`)
      sum += amount
    }
    left -= q
    count++
  }
  if (left > 0) {
    lines?.push(`超出各档的 ${quantityText(left)} ${u} 不补贴`)
    count++
  }
  return levels ? { sum: fen(sum), lines: count, levels } : { sum: fen(sum), lines: count }
}

function advanceAmount(rule: PolicyRule, w: Words): Fen {
  const a = rule.advance!
  if (a.kind === 'fixed') {
    w?.push(`季前预拨定额 ${y(a.amount)}`)
    return a.amount
  }
  const amount = mulDivRound(rule.cap!, a.ratio.num, a.ratio.den)
  w?.push(`季前预拨：封顶 ${y(rule.cap!)} × ${ratioText(a.ratio)} = ${y(amount)}`)
  return amount
}

function sharesWords(byLevel: LevelAmounts, shares: Shares): string {
  const parts = FUNDING_LEVELS.filter((l) => shares[l] > 0).map((l) => `${LEVEL_LABEL[l]} ${percentText(shares[l])} ${y(byLevel[l])}`)
  return parts.length > 1 ? `（其中 ${parts.join('、')}）` : `（${parts[0] ?? ''}）`
}

/** `byLevel` when the levels were computed each on its own; else the amount is split by shares. */
function outcome(rule: PolicyRule, status: EntitlementStatus, amount: Fen, words: string, byLevel?: LevelAmounts): ItemEntitlement {
  return {
    item: rule.item,
    status,
    amount,
    byLevel: byLevel ?? (amount > 0 ? splitByShares(amount, rule.shares) : zeroLevels()),
    words,
    payee: rule.payee,
  }
}

/**
 * One rule applied to one household. `stageName` names a stage in the route's own words, for
 * "未到“验收”阶段"; `explain` = false leaves the words empty (for totals over many households).
 */
export function entitle(rule: PolicyRule, h: HouseholdFacts, stageName: (k: HouseholdStage) => string, explain = true): ItemEntitlement {
  if (stageIndex(h.stage) < stageIndex(rule.minStage)) {
    return outcome(rule, 'notYet', fen(0), explain ? `未到“${stageName(rule.minStage)}”阶段（当前：${stageName(h.stage)}），暂不享受` : '')
  }
  const w: Words = explain ? [] : null
  let base: Fen
  /** each level's part of `base`, when computed per level and not replaced by the cap */
  let levels: LevelAmounts | undefined
  const perLevel = rule.shareMode === 'ofRate' ? rule.shares : undefined
  let status: EntitlementStatus = 'entitled'
  const m = rule.method
  if (m.kind === 'fixed') {
    w?.push(`定额 ${y(m.amount)}`)
    base = m.amount
    if (rule.cap !== undefined && base > rule.cap) base = capped(base, rule.cap, w, 1)
  } else if (m.kind === 'percent') {
    const cost = rule.item === 'construction' ? h.constructionCost : h.equipmentCost
    const costName = rule.item === 'construction' ? '建设安装费用' : '设备费用'
    if (cost === undefined) return outcome(rule, 'missing', fen(0), explain ? `未登记${costName}，无法计算` : '')
    let amount: Fen
    if (perLevel) {
      levels = levelParts(cost, m.ratio.num, m.ratio.den, perLevel)
      amount = levelsTotal(levels)
      w?.push(`${costName} ${y(cost)} × ${ratioText(m.ratio)}，${partsWords(levels, perLevel, ratioPart(m.ratio))}`)
    } else {
      amount = mulDivRound(cost, m.ratio.num, m.ratio.den)
      w?.push(`${costName} ${y(cost)} × ${ratioText(m.ratio)} = ${y(amount)}`)
    }
    base = capped(amount, rule.cap, w, 1)
    if (base !== amount) levels = undefined
  } else {
    const pre = h.reading?.pre
    const post = h.reading?.post
    if (post === undefined || pre === undefined) {
      if (!rule.advance) return outcome(rule, 'missing', fen(0), pre === undefined ? '尚无季前读数，无法计算' : '尚无季后读数，无法计算')
      status = 'advance'
      base = advanceAmount(rule, w)
      w?.push('季后按实际用量结算')
    } else if (post < pre) {
      return outcome(rule, 'missing', fen(0), explain ? `季后读数 ${quantityText(post)} 小于季前读数 ${quantityText(pre)}，请核对表数` : '')
    } else {
      const use = (post - pre) as Qty
      w?.push(`季前读数 ${quantityText(pre)}，季后读数 ${quantityText(post)}，用量 ${quantityText(use)} ${UNIT_LABEL[m.unit]}`)
      const tiered = tieredAmount(m, use, w, perLevel)
      base = capped(tiered.sum, rule.cap, w, tiered.lines)
      if (base === tiered.sum) levels = tiered.levels
      if (rule.advance) w?.push('季前预拨部分已计入，季后补足差额')
    }
  }
  let amount = base
  if (h.lowIncome !== 'none') {
    const top = rule.topUp[h.lowIncome]
    if (top > 0) {
      w?.push(`${LOW_INCOME_LABEL[h.lowIncome]}加补 ${y(top)}`)
      amount = fen(amount + top)
      if (levels) addLevels(levels, splitByShares(top, rule.shares))
    }
  }
  const r = outcome(rule, status, amount, '', levels)
  if (w) r.words = `${w.join('；')}；应享 ${y(amount)}${amount > 0 ? sharesWords(r.byLevel, rule.shares) : ''}`
  return r
}

/** The rule for a household's route and item: the one for its equipment type, else the general one. */
export function ruleFor(policy: Pick<Policy, 'rules'>, route: string, item: SubsidyItem, equipmentType?: string): PolicyRule | undefined {
  const candidates = policy.rules.filter((r) => r.route === route && r.item === item)
  return candidates.find((r) => r.variant && r.variant === equipmentType) ?? candidates.find((r) => !r.variant)
}

/** Every item the policy covers for the household's route (items with only typed rules and no match say so). */
export function householdEntitlements(
  policy: Pick<Policy, 'rules'>,
  h: HouseholdFacts,
  stageName: (k: HouseholdStage) => string,
  explain = true,
): ItemEntitlement[] {
  const out: ItemEntitlement[] = []
  for (const item of SUBSIDY_ITEMS) {
    const forRoute = policy.rules.filter((r) => r.route === h.route && r.item === item)
    if (forRoute.length === 0) continue
    const rule = ruleFor(policy, h.route, item, h.equipmentType)
    if (rule) out.push(entitle(rule, h, stageName, explain))
    else {
      const types = forRoute.map((r) => r.variant).join('、')
      out.push({
        item,
        status: 'missing',
        amount: fen(0),
        byLevel: zeroLevels(),
        words: h.equipmentType ? `政策中没有“${h.equipmentType}”这类设备（有：${types}）` : `未登记设备类型（政策按 ${types} 分别补贴）`,
        payee: forRoute[0]!.payee,
      })
    }
  }
  return out
}

/** Problems that make a policy unusable, each with the rule it is in (1-based) and the field. */
export function policyProblems(rules: PolicyRule[]): Array<{ rule: number; field: string; message: string }> {
  const out: Array<{ rule: number; field: string; message: string }> = []
  const seen = new Set<string>()
  rules.forEach((r, i) => {
    const n = i + 1
    const add = (field: string, message: string) => out.push({ rule: n, field, message: `第 ${n} 条（${ITEM_LABEL[r.item]}）：${message}` })
    const key = `${r.route}|${r.item}|${r.variant ?? ''}`
    if (seen.has(key)) add('item', `同一路线${r.variant ? `、同一设备类型“${r.variant}”` : ''}的${ITEM_LABEL[r.item]}重复了`)
    seen.add(key)
    const total = sharesTotal(r.shares)
    if (total !== 10_000) add('shares', `各级资金分担比例合计应为 100%，现在是 ${percentText(total)}`)
    const m = r.method
    if (m.kind === 'percent' && r.item === 'running') add('method', '运行补贴不能按费用比例计算，请选按用量或定额')
    if (m.kind === 'perUnit') {
      if (r.item !== 'running') add('method', '按用量计算只适用于运行补贴')
      if (m.tiers.length === 0) add('tiers', '按用量计算至少要有一档单价')
      m.tiers.forEach((t, j) => {
        if (t.rate <= 0) add('tiers', `第 ${j + 1} 档单价应大于 0`)
        if (t.width === null && j < m.tiers.length - 1) add('tiers', `只有最后一档可以不限用量（第 ${j + 1} 档没有填用量）`)
        if (t.width !== null && t.width <= 0) add('tiers', `第 ${j + 1} 档用量应大于 0`)
      })
    }
    if (m.kind === 'fixed' && m.amount <= 0) add('amount', '定额应大于 0')
    if (m.kind === 'fixed' && r.shareMode === 'ofRate') add('shareMode', '每户定额按分担比例分摊，不能“各级分别计算”')
    if (r.advance) {
      if (m.kind !== 'perUnit') add('advance', '季前预拨只适用于按用量计算的运行补贴')
      if (r.advance.kind === 'ofCap' && r.cap === undefined) add('advance', '按封顶比例预拨时必须填写封顶金额')
      if (r.advance.kind === 'fixed' && r.cap !== undefined && r.advance.amount > r.cap) add('advance', '季前预拨不能超过封顶金额')
    }
  })
  return out
}

/** The heating season a date falls in: from July on it is this year's season, e.g. 2026-2027. */
export function seasonOf(date: string): string {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const start = month >= 7 ? year : year - 1
  return `${start}-${start + 1}`
}

const SEASON_RE = /^(\d{4})-(\d{4})$/

export function isSeason(s: string): boolean {
  const m = SEASON_RE.exec(s)
  return !!m && Number(m[2]) === Number(m[1]) + 1
}
