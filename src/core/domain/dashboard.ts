// Pure computation of the 总览 dashboard from plans and the latest figures of each village.

import type { Dashboard, DashboardBehind, DashboardRow, Rates } from '../contract'
import { addCounts, emptyCounts, subCounts } from './routes'
import type { DailyFigure, Division, RouteDef, StageCounts, VillagePlan } from './types'
import { STAGE_KEYS } from './types'

export interface DashboardVillage {
  plan: VillagePlan
  /** latest figure on or before the date */
  latest?: DailyFigure
  /** latest figure on or before the day before */
  previous?: DailyFigure
}

export function rates(counts: StageCounts, target: number): Rates {
  const out = {} as Rates
  for (const k of STAGE_KEYS) out[k] = target > 0 ? counts[k] / target : null
  return out
}

function newRow(countyCode: string, countyName: string, route: RouteDef | { id: string; name: string }): DashboardRow {
  return {
    countyCode,
    countyName,
    route: route.id,
    routeName: route.name,
    villages: 0,
    target: 0,
    counts: emptyCounts(),
    rates: rates(emptyCounts(), 0),
    todayIncrease: emptyCounts(),
    networkKm: 0,
    reportedVillages: 0,
  }
}

export function computeDashboard(input: {
  date: string
  routes: RouteDef[]
  counties: ReadonlyMap<string, Division>
  villages: Iterable<DashboardVillage>
  behindLimit?: number
  /** what a row sums: the village's county (first 6 digits) unless told, e.g. its township for
   * a report by township (then `counties` names the townships) */
  groupOf?: (villageCode: string) => string
}): Dashboard {
  const { date, routes } = input
  const routeById = new Map(routes.map((r) => [r.id, r]))
  const rows = new Map<string, DashboardRow>()
  const deadlines = new Map<string, string>()
  for (const v of input.villages) {
    const countyCode = input.groupOf ? input.groupOf(v.plan.villageCode) : v.plan.villageCode.slice(0, 6)
    const route = routeById.get(v.plan.route) ?? { id: v.plan.route, name: v.plan.route }
    const id = `${countyCode}|${route.id}`
    let row = rows.get(id)
    if (!row) {
      row = newRow(countyCode, input.counties.get(countyCode)?.name ?? countyCode, route)
      rows.set(id, row)
    }
    row.villages++
    row.target += v.plan.targetHouseholds
    const now = v.latest?.counts ?? emptyCounts()
    const before = v.previous?.counts ?? emptyCounts()
    row.counts = addCounts(row.counts, now)
    row.todayIncrease = addCounts(row.todayIncrease, subCounts(now, before))
    row.networkKm += v.latest?.networkKm ?? 0
    if (v.latest?.date === date) row.reportedVillages++
    const dl = deadlines.get(id)
    if (!dl || v.plan.deadline < dl) deadlines.set(id, v.plan.deadline)
  }
  const sorted = [...rows.values()].sort((a, b) =>
    a.route === b.route ? a.countyCode.localeCompare(b.countyCode) : routeOrder(routeById, a.route) - routeOrder(routeById, b.route),
  )
  const totals = new Map<string, DashboardRow>()
  for (const row of sorted) {
    row.rates = rates(row.counts, row.target)
    row.networkKm = Math.round(row.networkKm * 1000) / 1000
    let t = totals.get(row.route)
    if (!t) {
      t = newRow('', '合计', { id: row.route, name: row.routeName })
      totals.set(row.route, t)
    }
    t.villages += row.villages
    t.target += row.target
    t.counts = addCounts(t.counts, row.counts)
    t.todayIncrease = addCounts(t.todayIncrease, row.todayIncrease)
    t.networkKm = Math.round((t.networkKm + row.networkKm) * 1000) / 1000
    t.reportedVillages += row.reportedVillages
  }
  for (const t of totals.values()) t.rates = rates(t.counts, t.target)

  const behind: DashboardBehind[] = sorted
    .filter((r) => r.target > 0)
    .map((r) => {
      const item: DashboardBehind = {
        countyCode: r.countyCode,
        countyName: r.countyName,
        route: r.route,
        routeName: r.routeName,
        target: r.target,
        connected: r.counts.connected,
        completionRate: r.rates.connected,
        remaining: Math.max(0, r.target - r.counts.connected),
      }
      const dl = deadlines.get(`${r.countyCode}|${r.route}`)
      if (dl) item.deadline = dl
      return item
    })
    .sort((a, b) => (a.completionRate ?? 0) - (b.completionRate ?? 0) || b.remaining - a.remaining)
    .slice(0, input.behindLimit ?? 5)

  return { date, routes, rows: sorted, totals: [...totals.values()], behind }
}

function routeOrder(routes: Map<string, RouteDef>, id: string): number {
  const i = [...routes.keys()].indexOf(id)
  return i === -1 ? routes.size : i
}
