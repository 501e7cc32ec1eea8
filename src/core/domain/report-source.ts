// What every report is computed from (the area, its plans, names, a figure lookup, the reports'
// settings), and what they share: progress per unit (the area's children) toward the completion
// stage, who reported, 回退 villages, and schedule rows.

import type { Dashboard, DashboardRow, LaggardRow, ProgressRow, Regression, ReportHeader, ReportingState, RouteProgress, ScheduleRow, UnitReporting } from '../contract'
import { projectedFinish, recentPace, requiredPace, type ScheduleItem, type ScheduleStatus, scheduleStatus } from './backward-schedule'
import { computeDashboard, type DashboardVillage } from './dashboard'
import { addDays, daysBetween } from './dates'
import { type Area, subUnitLevel, type UnitLevel, unitOfVillage } from './office-area'
import { rankRates, shownRate } from './rank'
import { DEFAULT_TITLES, fillTitle, type ReportKind, type ReportSettings } from './report-settings'
import type { DailyFigure, Division, RouteDef, StageKey, VillagePlan } from './types'
import { STAGE_KEYS } from './types'

export interface ReportSource {
  routes: RouteDef[]
  settings: ReportSettings
  /** the area reported on (本级, or a division inside it the caller picked) */
  area: Area
  /** the plans of the area's villages */
  plans: readonly VillagePlan[]
  division(code: string): Division | undefined
  /** the village's latest figure on or before the date */
  figureAt(villageCode: string, date: string): DailyFigure | undefined
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

/** The title from the report's template in 报表设置, naming the area; `dateText` fills {日期}. */
export function header(src: ReportSource, kind: ReportKind, dateText: string, subtitle: string): ReportHeader {
  const template = src.settings.titles?.[kind] ?? DEFAULT_TITLES[kind]
  return { title: fillTitle(template, src.area.name, dateText), subtitle, unitName: src.unitName, madeAt: src.madeAt }
}

export const countyOf = (villageCode: string) => villageCode.slice(0, 6)
export const townshipOf = (villageCode: string) => villageCode.slice(0, 9)

/** The row a village falls in: the area's child (its county, township or itself). */
export const unitOf = (src: ReportSource, villageCode: string) => unitOfVillage(src.area.unitLevel, villageCode)

function names(src: ReportSource, codes: Iterable<string>): Map<string, Division> {
  const out = new Map<string, Division>()
  for (const c of codes) {
    const d = src.division(c)
    if (d) out.set(c, d)
  }
  return out
}

/** A village's figures at the end of a period and on the day before it began. */
export interface VillageRead {
  plan: VillagePlan
  latest?: DailyFigure
  previous?: DailyFigure
}

/** Each planned village of the area read once on `date` and on `since` (the day before the period). */
export function readVillages(src: ReportSource, date: string, since: string, plans = src.plans): VillageRead[] {
  return plans.map((plan) => {
    const v: VillageRead = { plan }
    const latest = src.figureAt(plan.villageCode, date)
    if (latest) v.latest = latest
    const previous = src.figureAt(plan.villageCode, since)
    if (previous) v.previous = previous
    return v
  })
}

/**
 * The dashboard's sums per unit and route between two days: counts on `date`, and as increase the
 * counts on `date` minus those on `since` (the day before the period). Rows are the area's
 * children unless another level is asked for (the level below, for detail sheets).
 */
export function dashboardBetween(src: ReportSource, date: string, since: string, level: UnitLevel = src.area.unitLevel, reads?: readonly VillageRead[]): Dashboard {
  const groupOf = (v: string) => unitOfVillage(level, v)
  const villages: DashboardVillage[] = [...(reads ?? readVillages(src, date, since))]
  return computeDashboard({
    date,
    routes: src.routes,
    counties: names(src, new Set(src.plans.map((p) => groupOf(p.villageCode)))),
    villages,
    groupOf,
  })
}

/**
 * Whether each unit reported in a period (the day, for 日报), from the villages as read on the
 * period's last day. A village that reports counts reported when it has a figure (entered or
 * imported) dated in the period; villages that keep households produce their figures themselves
 * and are not expected to report.
 */
export function reportingBy(src: ReportSource, reads: readonly VillageRead[], from: string, level: UnitLevel = src.area.unitLevel, byRoute = false): Map<string, UnitReporting> {
  const out = new Map<string, UnitReporting>()
  const all: UnitReporting = { expected: 0, reported: 0, lastDate: null, status: 'not_expected' }
  for (const { plan, latest: f } of reads) {
    // keyed by unit, or `${unit}|${route}` (each route's table ranks on its own villages)
    const unit = byRoute ? `${unitOfVillage(level, plan.villageCode)}|${plan.route}` : unitOfVillage(level, plan.villageCode)
    let r = out.get(unit)
    if (!r) out.set(unit, (r = { expected: 0, reported: 0, lastDate: null, status: 'not_expected' }))
    if (plan.figureSource !== 'counts') continue
    for (const x of [r, all]) {
      x.expected++
      if (f && f.source !== 'derived') {
        if (f.date >= from) x.reported++
        if (!x.lastDate || f.date > x.lastDate) x.lastDate = f.date
      }
    }
  }
  for (const r of [...out.values(), all]) r.status = reportingState(r)
  out.set('', all)
  return out
}

function reportingState(r: Pick<UnitReporting, 'expected' | 'reported'>): ReportingState {
  return r.expected === 0 ? 'not_expected' : r.reported === 0 ? 'unreported' : r.reported < r.expected ? 'partial' : 'reported'
}

/**
 * Whether each unit has figures for an earlier period, so that its increase there means
 * something: a village that reports counts has one dated in the period; a village that keeps
 * households has one dated by the period's end (its figures follow its households).
 */
export function hasFiguresBy(src: ReportSource, from: string, to: string, level: UnitLevel = src.area.unitLevel): Set<string> {
  const out = new Set<string>()
  for (const plan of src.plans) {
    const f = src.figureAt(plan.villageCode, to)
    if (!f || (plan.figureSource === 'counts' && f.date < from)) continue
    out.add(unitOfVillage(level, plan.villageCode))
    out.add('')
  }
  return out
}

/**
 * Villages whose count at the completion stage went down over the period (a correction, a
 * household moved back): the 回退 under a table, largest fall first.
 */
export function regressionsOf(src: ReportSource, reads: readonly VillageRead[], level: UnitLevel = src.area.unitLevel): Regression[] {
  const stage = src.settings.completionStage
  const out: Regression[] = []
  for (const v of reads) {
    const after = v.latest?.counts[stage] ?? 0
    const before = v.previous?.counts[stage] ?? 0
    if (after >= before) continue
    const unit = unitOfVillage(level, v.plan.villageCode)
    const township = src.division(townshipOf(v.plan.villageCode))
    out.push({
      villageCode: v.plan.villageCode,
      villageName: src.division(v.plan.villageCode)?.name ?? v.plan.villageCode,
      place: placeName(src, v.plan.villageCode, township),
      unitCode: unit,
      route: v.plan.route,
      routeName: routeName(src, v.plan.route),
      before,
      after,
      change: after - before,
    })
  }
  return out.sort((a, b) => a.change - b.change || a.villageCode.localeCompare(b.villageCode))
}

/**
 * The units one level below the rows (townships for a city office, villages for a county office)
 * with work left and a completion rate below the area's: the `n` lowest, named in the bulletin and
 * the ten-day pack; those that sent no figure since `from` are left out (未报, not slow). None for
 * a township office (its rows are villages already).
 */
export function laggardsOf(src: ReportSource, reads: readonly VillageRead[], from: string, n = 5): LaggardRow[] {
  const sub = subUnitLevel(src.area.unitLevel)
  if (!sub) return []
  const stage = src.settings.completionStage
  const acc = new Map<string, { target: number; done: number; remaining: number; expected: number; reported: number }>()
  for (const v of reads) {
    const code = unitOfVillage(sub, v.plan.villageCode)
    let a = acc.get(code)
    if (!a) acc.set(code, (a = { target: 0, done: 0, remaining: 0, expected: 0, reported: 0 }))
    const done = v.latest?.counts[stage] ?? 0
    a.target += v.plan.targetHouseholds
    a.done += done
    a.remaining += Math.max(0, v.plan.targetHouseholds - done)
    if (v.plan.figureSource === 'counts') {
      a.expected++
      if (v.latest && v.latest.source !== 'derived' && v.latest.date >= from) a.reported++
    }
  }
  // As in the ranking, a unit that did not report in the period is not named by a rate it did not
  // report; and only units below the area's own rate are "behind".
  let target = 0
  let done = 0
  for (const a of acc.values()) {
    target += a.target
    done += a.done
  }
  const areaRate = shownRate(rateOf(done, target)) ?? 0
  return [...acc.entries()]
    .filter(([, a]) => a.target > 0 && a.remaining > 0 && !(a.expected > 0 && a.reported === 0) && (shownRate(rateOf(a.done, a.target)) ?? 0) < areaRate)
    .map(([code, a]): LaggardRow => ({
      code,
      name: src.division(code)?.name ?? code,
      parentName: src.division(unitOfVillage(src.area.unitLevel, code))?.name ?? '',
      target: a.target,
      done: a.done,
      rate: rateOf(a.done, a.target),
      remaining: a.remaining,
    }))
    .sort((a, b) => (shownRate(a.rate) ?? 0) - (shownRate(b.rate) ?? 0) || b.remaining - a.remaining || a.code.localeCompare(b.code))
    .slice(0, n)
}

/** Where a village lies below the area, in words: 乐昌镇 for a county office, 曲沃县乐昌镇 for a city. */
function placeName(src: ReportSource, villageCode: string, township: Division | undefined): string {
  const t = township?.name ?? ''
  if (src.area.level === 'township') return ''
  if (src.area.level === 'county') return t
  return `${src.division(countyOf(villageCode))?.name ?? ''}${t}`
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

/**
 * Ranks rows in place by rate as printed (ties share a rank). A unit that did not report in the
 * period is not ranked: its figures are its last ones, not the period's.
 */
export function rankRows<T extends { rate: number | null; rank: number | null; reporting?: UnitReporting }>(rows: T[]): T[] {
  const ranks = rankRates(rows.map((r) => (r.reporting?.status === 'unreported' ? null : r.rate)))
  rows.forEach((r, i) => (r.rank = ranks[i]!))
  return rows
}

const NOT_EXPECTED: UnitReporting = { expected: 0, reported: 0, lastDate: null, status: 'not_expected' }

/**
 * One row per unit over all routes, toward the completion stage, ranked by rate; and the 合计
 * row. Sums are the dashboard's, so the two never disagree. With `reporting`, each row carries
 * whether its unit reported and units that did not are left out of the ranking.
 */
export function progressRows(dash: Dashboard, stage: StageKey, reporting?: ReadonlyMap<string, UnitReporting>, totalName = TOTAL_NAME): { rows: ProgressRow[]; total: ProgressRow } {
  const byCode = new Map<string, ProgressRow>()
  const rep = (code: string) => ({ ...(reporting?.get(code) ?? NOT_EXPECTED) })
  for (const r of dash.rows) {
    let row = byCode.get(r.countyCode)
    if (!row) byCode.set(r.countyCode, (row = { code: r.countyCode, name: r.countyName, target: 0, done: 0, rate: null, increase: 0, byRoute: {}, rank: null, reporting: rep(r.countyCode) }))
    const p = progressOf(r, stage)
    row.byRoute[r.route] = p
    addProgress(row, p)
  }
  const total: ProgressRow = { code: '', name: totalName, target: 0, done: 0, rate: null, increase: 0, byRoute: {}, rank: null, reporting: rep('') }
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
    const countyCode = unitOf(src, plan.villageCode)
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
