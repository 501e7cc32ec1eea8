// What every report is computed from (plans, names, a figure lookup, the reports' settings), and
// the sums they share: progress per county toward the completion stage, and schedule rows.

import type { Dashboard, DashboardRow, ProgressRow, ReportHeader, RouteProgress, ScheduleRow } from '../contract'
import { projectedFinish, recentPace, requiredPace, type ScheduleItem, type ScheduleStatus, scheduleStatus } from './backward-schedule'
import { computeDashboard, type DashboardVillage } from './dashboard'
import { addDays, daysBetween } from './dates'
import { rankRates } from './rank'
import type { ReportSettings } from './report-settings'
import type { DailyFigure, Division, RouteDef, StageKey, VillagePlan } from './types'
import { STAGE_KEYS } from './types'

export interface ReportSource {
  routes: RouteDef[]
  settings: ReportSettings
  plans: readonly VillagePlan[]
  division(code: string): Division | undefined
  /** the village's latest figure on or before the date */
  figureAt(villageCode: string, date: string): DailyFigure | undefined
  /** the one city of the division list ('' when there is none or several) */
  cityName: string
  unitName: string
  /** YYYY-MM-DD HH:mm */
  madeAt: string
}

/** Stage names for a route no longer in the settings (its plans still count). */
export const GENERIC_STAGE_NAMES: Record<StageKey, string> = {
  confirmed: '确户签约',
  network: '管网/线路',
  meter: '入户装表',
  equipment: '设备安装',
  connected: '通气/通电',
  accepted: '验收',
}

export const TOTAL_NAME = '合计'

export function header(src: ReportSource, title: string, subtitle: string): ReportHeader {
  return { title: `${src.cityName}${title}`, subtitle, unitName: src.unitName, madeAt: src.madeAt }
}

export const countyOf = (villageCode: string) => villageCode.slice(0, 6)
export const townshipOf = (villageCode: string) => villageCode.slice(0, 9)

function names(src: ReportSource, codes: Iterable<string>): Map<string, Division> {
  const out = new Map<string, Division>()
  for (const c of codes) {
    const d = src.division(c)
    if (d) out.set(c, d)
  }
  return out
}

/**
 * The dashboard's sums per county (or township) and route between two days: counts on `date`,
 * and as increase the counts on `date` minus those on `since` (the day before the period).
 */
export function dashboardBetween(src: ReportSource, date: string, since: string, by: 'county' | 'township' = 'county', plans = src.plans): Dashboard {
  const groupOf = by === 'county' ? countyOf : townshipOf
  const villages: DashboardVillage[] = plans.map((plan) => {
    const v: DashboardVillage = { plan }
    const latest = src.figureAt(plan.villageCode, date)
    if (latest) v.latest = latest
    const previous = src.figureAt(plan.villageCode, since)
    if (previous) v.previous = previous
    return v
  })
  return computeDashboard({
    date,
    routes: src.routes,
    counties: names(src, new Set(plans.map((p) => groupOf(p.villageCode)))),
    villages,
    groupOf,
  })
}

/** Routes that have rows, in the settings' order; a route removed from the settings keeps its rows. */
export function routesShown(src: ReportSource, dash: Dashboard): RouteDef[] {
  const ids = new Set(dash.rows.map((r) => r.route))
  const out = src.routes.filter((r) => ids.has(r.id))
  for (const id of ids) {
    if (!out.some((r) => r.id === id)) out.push({ id, name: id, stages: STAGE_KEYS.map((key) => ({ key, name: GENERIC_STAGE_NAMES[key] })) })
  }
  return out
}

/** 点火通气/通电: the completion stage's names on these routes. */
export function completionName(routes: RouteDef[], stage: StageKey): string {
  const seen = [...new Set(routes.map((r) => r.stages.find((s) => s.key === stage)?.name ?? GENERIC_STAGE_NAMES[stage]))]
  return seen.length > 0 ? seen.join('/') : GENERIC_STAGE_NAMES[stage]
}

export function rateOf(done: number, target: number): number | null {
  return target > 0 ? done / target : null
}

function progressOf(row: DashboardRow, stage: StageKey): RouteProgress {
  return { target: row.target, done: row.counts[stage], rate: rateOf(row.counts[stage], row.target), increase: row.todayIncrease[stage] }
}

function addProgress(into: RouteProgress, p: RouteProgress): void {
  into.target += p.target
  into.done += p.done
  into.increase += p.increase
  into.rate = rateOf(into.done, into.target)
}

/** Ranks rows in place by rate as printed (ties share a rank). */
export function rankRows<T extends { rate: number | null; rank: number | null }>(rows: T[]): T[] {
  const ranks = rankRates(rows.map((r) => r.rate))
  rows.forEach((r, i) => (r.rank = ranks[i]!))
  return rows
}

/**
 * One row per county (or township) over all routes, toward the completion stage, ranked by rate;
 * and the 合计 row. Sums are the dashboard's, so the two never disagree.
 */
export function progressRows(dash: Dashboard, stage: StageKey): { rows: ProgressRow[]; total: ProgressRow } {
  const byCode = new Map<string, ProgressRow>()
  for (const r of dash.rows) {
    let row = byCode.get(r.countyCode)
    if (!row) byCode.set(r.countyCode, (row = { code: r.countyCode, name: r.countyName, target: 0, done: 0, rate: null, increase: 0, byRoute: {}, rank: null }))
    const p = progressOf(r, stage)
    row.byRoute[r.route] = p
    addProgress(row, p)
  }
  const total: ProgressRow = { code: '', name: TOTAL_NAME, target: 0, done: 0, rate: null, increase: 0, byRoute: {}, rank: null }
  for (const t of dash.totals) {
    const p = progressOf(t, stage)
    total.byRoute[t.route] = p
    addProgress(total, p)
  }
  const rows = rankRows([...byCode.values()].sort((a, b) => a.code.localeCompare(b.code)))
  return { rows, total }
}

/** Rows sorted by rank (unranked last), then by code. */
export function byRank<T extends { rank: number | null; code: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.code.localeCompare(b.code))
}

interface ScheduleAcc {
  countyCode: string
  route: string
  target: number
  done: number
  before: number
  items: ScheduleItem[]
}

/** Days the recent pace is measured over. */
export const PACE_DAYS = 7

export function routeName(src: ReportSource, id: string): string {
  return id === '' ? ALL_ROUTES : (src.routes.find((r) => r.id === id)?.name ?? id)
}

export const ALL_ROUTES = '全部路线'

/**
 * Schedule rows as of a day, one per county and route (each route has its own crews: the gas
 * company, the grid company): what remains per village under its deadline, the pace needed, the
 * pace of the last 7 days, the finish that pace leads to. Sorted by route, then county.
 */
export function scheduleRows(src: ReportSource, asOf: string): ScheduleRow[] {
  const stage = src.settings.completionStage
  const weekAgo = addDays(asOf, -PACE_DAYS)
  const accs = new Map<string, ScheduleAcc>()
  for (const plan of src.plans) {
    const countyCode = countyOf(plan.villageCode)
    const id = `${countyCode}|${plan.route}`
    let acc = accs.get(id)
    if (!acc) accs.set(id, (acc = { countyCode, route: plan.route, target: 0, done: 0, before: 0, items: [] }))
    const done = src.figureAt(plan.villageCode, asOf)?.counts[stage] ?? 0
    acc.target += plan.targetHouseholds
    acc.done += done
    acc.before += src.figureAt(plan.villageCode, weekAgo)?.counts[stage] ?? 0
    acc.items.push({ deadline: plan.deadline, remaining: Math.max(0, plan.targetHouseholds - done) })
  }
  const order = (id: string) => {
    const i = src.routes.findIndex((r) => r.id === id)
    return i === -1 ? src.routes.length : i
  }
  return [...accs.values()]
    .sort((a, b) => order(a.route) - order(b.route) || a.route.localeCompare(b.route) || a.countyCode.localeCompare(b.countyCode))
    .map((a) => {
      const need = requiredPace(asOf, a.items)
      const pace = recentPace(a.done, a.before, PACE_DAYS)
      return {
        countyCode: a.countyCode,
        countyName: src.division(a.countyCode)?.name ?? a.countyCode,
        route: a.route,
        routeName: routeName(src, a.route),
        target: a.target,
        done: a.done,
        remaining: need.remaining,
        overdue: need.overdue,
        deadline: need.deadline,
        daysLeft: need.daysLeft,
        requiredPace: need.requiredPace,
        recentPace: pace,
        projectedFinish: projectedFinish(asOf, need.remaining, pace),
        status: scheduleStatus(need, pace),
      }
    })
}

const STATUS_WEIGHT: Record<ScheduleStatus, number> = { done: 0, on_track: 1, behind: 2, overdue: 3 }

/**
 * Several schedule rows as one (a county over its routes, a route over the counties, the city):
 * counts and paces add up, so a 合计 row is the sum of the rows above it; the deadline is the
 * earliest of those with households remaining (the next one to chase; the latest when all are
 * done); the projected finish is the latest; the status is the worst (a county is behind when
 * one of its routes is).
 */
export function sumSchedules(rows: readonly ScheduleRow[], asOf: string, who: Pick<ScheduleRow, 'countyCode' | 'countyName' | 'route' | 'routeName'>): ScheduleRow {
  const out: ScheduleRow = { ...who, target: 0, done: 0, remaining: 0, overdue: 0, deadline: null, daysLeft: null, requiredPace: null, recentPace: 0, projectedFinish: null, status: 'done' }
  let finishKnown = true
  let pending: string | null = null
  for (const r of rows) {
    out.target += r.target
    out.done += r.done
    out.remaining += r.remaining
    out.overdue += r.overdue
    out.recentPace += r.recentPace
    if (r.requiredPace !== null) out.requiredPace = (out.requiredPace ?? 0) + r.requiredPace
    if (r.deadline && (!out.deadline || r.deadline > out.deadline)) out.deadline = r.deadline
    if (r.remaining > 0) {
      if (r.deadline && (!pending || r.deadline < pending)) pending = r.deadline
      if (r.projectedFinish === null) finishKnown = false
      else if (!out.projectedFinish || r.projectedFinish > out.projectedFinish) out.projectedFinish = r.projectedFinish
    }
    if (STATUS_WEIGHT[r.status] > STATUS_WEIGHT[out.status]) out.status = r.status
  }
  if (!finishKnown) out.projectedFinish = null
  if (pending) out.deadline = pending
  if (out.deadline) out.daysLeft = daysBetween(asOf, out.deadline)
  return out
}

/** County rows over all routes (route ''), or route rows over all counties (county ''), or the city. */
export function groupSchedules(rows: readonly ScheduleRow[], asOf: string, by: 'county' | 'route'): ScheduleRow[] {
  const groups = new Map<string, ScheduleRow[]>()
  for (const r of rows) {
    const k = by === 'county' ? r.countyCode : r.route
    let list = groups.get(k)
    if (!list) groups.set(k, (list = []))
    list.push(r)
  }
  return [...groups.entries()].map(([k, list]) =>
    sumSchedules(
      list,
      asOf,
      by === 'county'
        ? { countyCode: k, countyName: list[0]!.countyName, route: '', routeName: ALL_ROUTES }
        : { countyCode: '', countyName: TOTAL_NAME, route: k, routeName: list[0]!.routeName },
    ),
  )
}

export function citySchedule(rows: readonly ScheduleRow[], asOf: string): ScheduleRow {
  return sumSchedules(rows, asOf, { countyCode: '', countyName: TOTAL_NAME, route: '', routeName: ALL_ROUTES })
}

/** Worst first: past a deadline (most households overdue first), then by how far the pace falls short. */
export function behindFirst(a: ScheduleRow, b: ScheduleRow): number {
  const gap = (r: ScheduleRow) => (r.requiredPace === null ? Number.MAX_VALUE : r.requiredPace - r.recentPace)
  return (
    STATUS_WEIGHT[b.status] - STATUS_WEIGHT[a.status] ||
    b.overdue - a.overdue ||
    gap(b) - gap(a) ||
    a.countyCode.localeCompare(b.countyCode) ||
    a.route.localeCompare(b.route)
  )
}
