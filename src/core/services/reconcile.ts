// Reconciliation (对账): for a city, county, township or village, one row per next-level division
// (per household for a village): deposits received, refunded, converted, offset and the balance;
// subsidies entitled, paid and outstanding by item and funding level. Totals are sums of the rows.

import type { Input, ReconAmounts, ReconRow, Reconciliation } from '../contract'
import { addDeposit, addDepositTotals, type DepositTotals, emptyDepositTotals, levelSum } from '../domain/ledger'
import { fen } from '../domain/money'
import { addLevels, FUNDING_LEVELS, type LevelAmounts, SUBSIDY_ITEMS, type SubsidyItem, zeroLevels } from '../domain/policy'
import type { Division } from '../domain/types'
import type { Ctx } from './context'
import { countyEntitled, entitlementsOf } from './entitlements'
import { moneyIndex } from './money-index'
import { scopeOf, stageNamers } from './money-lookup'
import { policyOf } from './policies'

interface Acc {
  code: string
  name: string
  level: ReconRow['level']
  deposits: DepositTotals
  households: number
  entitled: Map<SubsidyItem, LevelAmounts>
  paid: Map<SubsidyItem, LevelAmounts>
}

function acc(code: string, name: string, level: ReconRow['level']): Acc {
  return { code, name, level, deposits: emptyDepositTotals(), households: 0, entitled: new Map(), paid: new Map() }
}

function into(map: Map<SubsidyItem, LevelAmounts>, item: SubsidyItem, amounts: LevelAmounts, sign = 1): void {
  let t = map.get(item)
  if (!t) map.set(item, (t = zeroLevels()))
  addLevels(t, amounts, sign)
}

function amounts(entitled: number, paid: number): ReconAmounts {
  return { entitled: fen(entitled), paid: fen(paid), outstanding: fen(entitled - paid) }
}

function finish(a: Acc): ReconRow {
  const byItem = {} as ReconRow['byItem']
  for (const item of SUBSIDY_ITEMS) {
    byItem[item] = amounts(levelSum(a.entitled.get(item) ?? zeroLevels()), levelSum(a.paid.get(item) ?? zeroLevels()))
  }
  const byLevel = {} as ReconRow['byLevel']
  for (const l of FUNDING_LEVELS) {
    let e = 0
    let p = 0
    for (const t of a.entitled.values()) e += t[l]
    for (const t of a.paid.values()) p += t[l]
    byLevel[l] = amounts(e, p)
  }
  let e = 0
  let p = 0
  for (const item of SUBSIDY_ITEMS) {
    e += byItem[item].entitled
    p += byItem[item].paid
  }
  return { code: a.code, name: a.name, level: a.level, deposits: a.deposits, households: a.households, byItem, byLevel, subsidy: amounts(e, p) }
}

const CHILD_LEVEL = { all: 'county', city: 'county', county: 'township', township: 'village', village: 'household' } as const

export function summary(ctx: Ctx, input: Input<'reconcile.summary'>): Reconciliation {
  const scope = scopeOf(ctx, input.scopeCode)
  const rowLevel = CHILD_LEVEL[scope.level]
  const policy = policyOf(ctx, input.season)
  const rows = new Map<string, Acc>()
  const add = (code: string, name: string) => rows.set(code, acc(code, name, rowLevel))
  const divName = (code: string) => ctx.division(code)?.name ?? code

  // Every division of the row level shows, with zeros where nothing happened.
  if (rowLevel === 'county') for (const c of scope.counties) add(c, divName(c))
  else if (rowLevel === 'township') {
    for (const t of ctx.divisions().children.get(scope.code) ?? []) if (ctx.division(t)?.level === 'township') add(t, divName(t))
  } else if (rowLevel === 'village') for (const v of ctx.villagesUnder(scope.code)) add(v, divName(v))
  else for (const id of [...ctx.householdIdsOf(scope.code)].sort()) add(id, ctx.store.get('households', id)?.headName ?? id)

  const rowOf = (villageCode: string, householdId: string): Acc | undefined => {
    if (rowLevel === 'county') return rows.get(villageCode.slice(0, 6))
    if (rowLevel === 'township') return rows.get(ctx.division(villageCode)?.parentCode ?? '')
    if (rowLevel === 'village') return rows.get(villageCode)
    return rows.get(householdId)
  }

  const names = stageNamers(ctx)
  for (const county of scope.counties) {
    if (rowLevel === 'household') {
      for (const id of ctx.householdIdsOf(scope.code)) {
        const h = ctx.store.get('households', id)!
        const row = rows.get(id)!
        const items = entitlementsOf(ctx, policy, h, input.season, names, false).filter((it) => it.amount > 0)
        for (const it of items) into(row.entitled, it.item, it.byLevel)
        if (items.length) row.households++
      }
    } else {
      for (const [village, t] of countyEntitled(ctx, input.season, county)) {
        if (!scope.contains(village)) continue
        const row = rowOf(village, '')
        if (!row) continue
        for (const [item, l] of t.byItem) into(row.entitled, item, l)
        row.households += t.households
      }
    }
    for (const e of moneyIndex(ctx).ledger(county).entries) {
      if (input.asOf && e.date > input.asOf) continue
      if (!scope.contains(e.villageCode)) continue
      const row = rowOf(e.villageCode, e.householdId)
      if (!row) continue
      if (e.account === 'deposit') addDeposit(row.deposits, e)
      else if (e.season === input.season) into(row.paid, e.item, e.byLevel, e.reverses ? -1 : 1)
    }
  }

  const list = [...rows.values()].map(finish)
  const total = acc(scope.code, scope.name, scope.level === 'all' ? 'city' : (scope.level as Division['level']))
  for (const a of rows.values()) {
    addDepositTotals(total.deposits, a.deposits)
    total.households += a.households
    for (const [item, l] of a.entitled) into(total.entitled, item, l)
    for (const [item, l] of a.paid) into(total.paid, item, l)
  }
  const out: Reconciliation = {
    scope: { code: scope.code, name: scope.name, level: scope.level },
    season: input.season,
    policy: policy ? { name: policy.name, revision: policy.revision } : null,
    rowLevel,
    rows: list,
    total: finish(total),
  }
  if (input.asOf) out.asOf = input.asOf
  return out
}
