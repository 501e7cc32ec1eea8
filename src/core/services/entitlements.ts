// Entitlements: the season's policy applied to a household (from its route, stage, financial data
// and readings), beside what has been paid from the ledger; per household, per village, and the
// per-county totals the reconciliation adds up.

import type { HouseholdEntitlements, Input, ItemEntitlementView, VillageEntitlementRow, VillageEntitlements } from '../contract'
import { addSubsidy, levelSum, paidKey, type SubsidyPaid } from '../domain/ledger'
import { fen } from '../domain/money'
import {
  addLevels,
  householdEntitlements,
  type ItemEntitlement,
  type LevelAmounts,
  type Policy,
  SUBSIDY_ITEMS,
  type SubsidyItem,
  zeroLevels,
} from '../domain/policy'
import type { Household } from '../domain/types'
import { AppError } from '../errors'
import type { Ctx } from './context'
import { placeText } from './deposits'
import { moneyIndex, type VillageEntitled } from './money-index'
import { factsOf, reading, requireHousehold, routeName, stageNamer, stageNamers } from './money-lookup'
import { policyOf } from './policies'

/** The household's entitlements under a policy; `explain` = false skips the words (for totals). */
export function entitlementsOf(
  ctx: Ctx,
  policy: Policy | undefined,
  h: Household,
  season: string,
  names = stageNamers(ctx),
  explain = true,
): ItemEntitlement[] {
  if (!policy) return []
  return householdEntitlements(policy, factsOf(ctx, h, season), names(h.route), explain)
}

/** What has been paid to a household, per season and item (net of reversals). */
export function paidTo(ctx: Ctx, householdId: string): SubsidyPaid {
  const paid: SubsidyPaid = new Map()
  for (const e of moneyIndex(ctx).householdEntries(householdId)) if (e.account === 'subsidy') addSubsidy(paid, e)
  return paid
}

/** Entitled and paid side by side; an item paid but no longer in the policy still shows. */
export function withPaid(items: ItemEntitlement[], paid: SubsidyPaid, season: string): ItemEntitlementView[] {
  const out: ItemEntitlementView[] = items.map((it) => {
    const p = paid.get(paidKey(season, it.item)) ?? zeroLevels()
    const paidTotal = levelSum(p)
    return { ...it, paid: p, paidTotal, outstanding: fen(it.amount - paidTotal) }
  })
  for (const item of SUBSIDY_ITEMS) {
    const p = paid.get(paidKey(season, item))
    if (!p || out.some((x) => x.item === item)) continue
    const paidTotal = levelSum(p)
    if (paidTotal === 0) continue
    out.push({
      item,
      status: 'missing',
      amount: fen(0),
      byLevel: zeroLevels(),
      words: '现行政策中没有这一项补贴，但已有发放记录',
      payee: 'bankCard',
      paid: p,
      paidTotal,
      outstanding: fen(-paidTotal),
    })
  }
  return out
}

export function household(ctx: Ctx, input: Input<'entitlements.household'>): HouseholdEntitlements {
  const h = requireHousehold(ctx, input.householdId)
  const policy = policyOf(ctx, input.season)
  const items = withPaid(entitlementsOf(ctx, policy, h, input.season), paidTo(ctx, h.id), input.season)
  const total = { entitled: fen(0), paid: fen(0), outstanding: fen(0) }
  for (const it of items) {
    total.entitled = fen(total.entitled + it.amount)
    total.paid = fen(total.paid + it.paidTotal)
    total.outstanding = fen(total.outstanding + it.outstanding)
  }
  const out: HouseholdEntitlements = {
    householdId: h.id,
    headName: h.headName,
    villageCode: h.villageCode,
    place: placeText(ctx, h.villageCode),
    season: input.season,
    route: h.route,
    routeName: routeName(ctx, h.route),
    stage: h.stage,
    stageName: stageNamer(ctx, h.route)(h.stage),
    lowIncome: factsOf(ctx, h, input.season).lowIncome,
    policy: policy ? { name: policy.name, revision: policy.revision } : null,
    items,
    total,
  }
  const r = reading(ctx, h.id, input.season)
  if (r) out.reading = r
  return out
}

export function village(ctx: Ctx, input: Input<'entitlements.village'>): VillageEntitlements {
  const v = ctx.division(input.villageCode)
  if (!v || v.level !== 'village') throw new AppError('not_found', `找不到代码为 ${input.villageCode} 的村。`, { where: { field: 'villageCode' } })
  const policy = policyOf(ctx, input.season)
  const names = stageNamers(ctx)
  const rows: VillageEntitlementRow[] = [...ctx.householdIdsOf(input.villageCode)].sort().map((id) => {
    const h = ctx.store.get('households', id)!
    const items = withPaid(entitlementsOf(ctx, policy, h, input.season, names), paidTo(ctx, id), input.season)
    const row: VillageEntitlementRow = { householdId: id, headName: h.headName, route: h.route, stage: h.stage, lowIncome: factsOf(ctx, h, input.season).lowIncome, items: {} }
    for (const it of items) row.items[it.item] = { status: it.status, entitled: it.amount, paid: it.paidTotal }
    return row
  })
  return {
    villageCode: input.villageCode,
    place: placeText(ctx, input.villageCode),
    season: input.season,
    policy: policy ? { name: policy.name, revision: policy.revision } : null,
    rows,
  }
}

/** A county's entitlement totals per village for a season (cached until its inputs change). */
export function countyEntitled(ctx: Ctx, season: string, county: string): Map<string, VillageEntitled> {
  const policy = policyOf(ctx, season)
  return moneyIndex(ctx).entitledTotals(season, county, () => {
    const out = new Map<string, VillageEntitled>()
    if (!policy) return out
    const names = stageNamers(ctx)
    for (const h of ctx.store.partitionEntries('households', county).values()) {
      const items = entitlementsOf(ctx, policy, h, season, names, false)
      let v = out.get(h.villageCode)
      if (!v) out.set(h.villageCode, (v = { byItem: new Map<SubsidyItem, LevelAmounts>(), households: 0 }))
      let any = false
      for (const it of items) {
        if (it.amount === 0) continue
        any = true
        let t = v.byItem.get(it.item)
        if (!t) v.byItem.set(it.item, (t = zeroLevels()))
        addLevels(t, it.byLevel)
      }
      if (any) v.households++
    }
    return out
  })
}
