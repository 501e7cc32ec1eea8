// 旬例会材料: a narrative read out at the meeting (progress and pace against the backward schedule,
// problems found / closed / overdue with the units named, highlights and suggestions from visits,
// the next 旬's daily pace per unit), then the 旬's progress and ranking, its increase per stage,
// problems per unit, slippage against the schedule set at its start, and the next 旬's plan.

import type { NextPlanRow, ProblemCountRow, ProgressRow, ScheduleRow, SlippageRow, TenDayIncreaseRow, TenDayPack, VisitNote } from '../contract'
import { type PaceNeed, periodTarget, slippage } from './backward-schedule'
import { addDays } from './dates'
import { monthDay, nextTenDay, period, previousTenDay, TEN_DAY_NAMES, tenDayLabel, tenDayOf } from './periods'
import { type Problem, problemCountsInPeriod } from './problems'
import {
  byRank,
  citySchedule,
  completionName,
  dashboardBetween,
  groupSchedules,
  hasFiguresBy,
  header,
  laggardsOf,
  progressRows,
  readVillages,
  regressionsOf,
  reportingBy,
  type ReportSource,
  routesShown,
  scheduleRows,
  TOTAL_NAME,
  unitOf,
} from './report-source'
import { tenDayNarrative } from './ten-day-narrative'
import type { VisitRecord } from './visits'

const needOf = (s: ScheduleRow): PaceNeed => ({
  remaining: s.remaining,
  overdue: s.overdue,
  deadline: s.deadline,
  daysLeft: s.daysLeft,
  requiredPace: s.requiredPace,
})

/**
 * The 旬 holding `date`, counted up to `today` while it runs; `problems` and `visits` are the
 * area's (the ledger's problems in its villages; visits cut down to its villages and findings).
 */
export function tenDayPack(src: ReportSource, date: string, today: string, problems: readonly Problem[], visits: readonly VisitRecord[] = []): TenDayPack {
  const stage = src.settings.completionStage
  const t = tenDayOf(date)
  const asOf = t.to <= today ? t.to : today
  const counted = period(t.from, asOf)
  const since = addDays(t.from, -1)
  const prev = previousTenDay(t)
  const next = nextTenDay(t)
  const label = tenDayLabel(t)

  const reads = readVillages(src, asOf, since)
  const dash = dashboardBetween(src, asOf, since, undefined, reads)
  const atStart = dashboardBetween(src, since, since)
  const routes = routesShown(src, dash)
  const now = progressRows(dash, stage, reportingBy(src, reads, t.from))
  // While the 旬 runs, its days so far are compared with as many first days of the 旬 before.
  const compareWith = asOf === t.to ? period(prev.from, prev.to) : period(prev.from, minDate(prev.to, addDays(prev.from, counted.days - 1)))
  const before = progressRows(dashboardBetween(src, compareWith.to, addDays(compareWith.from, -1)), stage)
  const known = hasFiguresBy(src, compareWith.from, compareWith.to)
  const prevIncrease = new Map(before.rows.map((r) => [r.code, r.increase]))
  const withPace = (r: ProgressRow, previousIncrease: number | null) => ({ ...r, previousIncrease, dailyAverage: r.increase / counted.days })

  // Network km built in the 旬: the cumulative km at its end minus at its start.
  const kmAtStart = new Map(atStart.rows.map((r) => [`${r.countyCode}|${r.route}`, r.networkKm]))
  const kmTotalAtStart = new Map(atStart.totals.map((r) => [r.route, r.networkKm]))
  const km = (x: number) => Math.round(x * 1000) / 1000
  const increaseRows: TenDayIncreaseRow[] = dash.rows.map((r) => ({
    countyCode: r.countyCode,
    countyName: r.countyName,
    route: r.route,
    routeName: r.routeName,
    increase: r.todayIncrease,
    networkKm: km(r.networkKm - (kmAtStart.get(`${r.countyCode}|${r.route}`) ?? 0)),
  }))
  const increaseTotals: TenDayIncreaseRow[] = dash.totals.map((r) => ({
    countyCode: '',
    countyName: TOTAL_NAME,
    route: r.route,
    routeName: r.routeName,
    increase: r.todayIncrease,
    networkKm: km(r.networkKm - (kmTotalAtStart.get(r.route) ?? 0)),
  }))

  // Problems per unit, every unit of the report listed (zeros too).
  const byCounty = new Map<string, Problem[]>()
  for (const c of now.rows) byCounty.set(c.code, [])
  for (const p of problems) {
    const c = unitOf(src, p.villageCode)
    let list = byCounty.get(c)
    if (!list) byCounty.set(c, (list = []))
    list.push(p)
  }
  const problemRows: ProblemCountRow[] = [...byCounty.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, list]) => ({ code, name: src.division(code)?.name ?? code, ...problemCountsInPeriod(list, t.from, asOf) }))
  const problemTotal: ProblemCountRow = { code: '', name: TOTAL_NAME, ...problemCountsInPeriod(problems, t.from, asOf) }

  // Slippage: what the schedule set on the day before the 旬 asked of it, against what it brought;
  // next 旬: what the schedule asks now. Each route's own need, added up per county.
  const startRows = scheduleRows(src, since)
  const nowRows = scheduleRows(src, asOf)
  const countiesNow = groupSchedules(nowRows, asOf, 'county').sort((a, b) => a.countyCode.localeCompare(b.countyCode))
  const increaseOf = new Map(now.rows.map((r) => [r.code, r.increase]))
  const slippageRows: SlippageRow[] = countiesNow.map((c) => {
    const own = startRows.filter((r) => r.countyCode === c.countyCode)
    const pace = paceSum(own)
    const planned = own.reduce((n, r) => n + periodTarget(needOf(r), counted.days), 0)
    return { countyCode: c.countyCode, countyName: c.countyName, requiredPace: pace, ...slippage(planned, increaseOf.get(c.countyCode) ?? 0, pace), status: c.status }
  })
  const cityNow = citySchedule(nowRows, asOf)
  const slippagePace = paceSum(slippageRows)
  const slippageTotal: SlippageRow = {
    countyCode: '',
    countyName: TOTAL_NAME,
    requiredPace: slippagePace,
    ...slippage(sum(slippageRows, 'planned'), sum(slippageRows, 'actual'), slippagePace),
    status: cityNow.status,
  }
  const planRows: NextPlanRow[] = countiesNow.map((c) => ({
    countyCode: c.countyCode,
    countyName: c.countyName,
    remaining: c.remaining,
    deadline: c.deadline,
    requiredPace: c.requiredPace,
    recentPace: c.recentPace,
    planned: nowRows.filter((r) => r.countyCode === c.countyCode).reduce((n, r) => n + periodTarget(needOf(r), next.days), 0),
    status: c.status,
  }))
  const planTotal: NextPlanRow = {
    countyCode: '',
    countyName: TOTAL_NAME,
    remaining: cityNow.remaining,
    deadline: cityNow.deadline,
    requiredPace: cityNow.requiredPace,
    recentPace: cityNow.recentPace,
    planned: sum(planRows, 'planned'),
    status: cityNow.status,
  }

  const running = asOf < t.to ? `，截至${monthDay(asOf)}` : ''
  const inPeriod = visits.filter((v) => v.date >= t.from && v.date <= asOf)
  const visitNotes: VisitNote[] = inPeriod
    .flatMap((v) => v.findings.filter((f) => f.kind !== 'problem').map((f) => ({ v, f })))
    .map(({ v, f }) => ({ kind: f.kind as VisitNote['kind'], text: f.text, date: v.date, place: villagePlace(src, f.villageCode) }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.place.localeCompare(b.place))
  const progress = {
    rows: byRank(now.rows.map((r) => withPace(r, known.has(r.code) ? (prevIncrease.get(r.code) ?? 0) : null))),
    total: withPace(now.total, known.has('') ? before.total.increase : null),
  }
  const base = {
    header: header(src, 'tenday', label, `${label}（${monthDay(t.from)}—${monthDay(t.to)}${running}）`),
    area: src.area,
    period: t,
    label,
    asOf,
    compareWith,
    compareLabel: `${prev.month}月${TEN_DAY_NAMES[prev.part]}${asOf === t.to ? '' : '同期'}`,
    next,
    nextLabel: tenDayLabel(next),
    completionName: completionName(routes, stage),
    routes,
    progress,
    increase: { rows: increaseRows, totals: increaseTotals },
    problems: { recorded: problems.filter((p) => p.openedOn <= asOf).length, rows: problemRows, total: problemTotal },
    slippage: { rows: slippageRows, total: slippageTotal },
    nextPlan: { rows: planRows, total: planTotal },
    laggards: laggardsOf(src, reads, t.from),
    regressions: regressionsOf(src, reads),
    visitNotes,
  }
  const visited = {
    visits: inPeriod.length,
    villages: new Set(inPeriod.flatMap((v) => v.villages.map((x) => x.villageCode))).size,
    households: inPeriod.reduce((n, v) => n + v.villages.reduce((m, x) => m + x.households, 0), 0),
  }
  return { ...base, narrative: tenDayNarrative(base, problems, visited, (code) => villagePlace(src, code)) }
}

/** 乐昌镇北董村 for a county office, 曲沃县乐昌镇北董村 for a city office, 北董村 for a township office. */
function villagePlace(src: ReportSource, villageCode: string): string {
  const names = [villageCode.slice(0, 6), villageCode.slice(0, 9), villageCode]
  const from = src.area.level === 'township' ? 2 : src.area.level === 'county' ? 1 : 0
  return names
    .slice(from)
    .map((c) => src.division(c)?.name ?? '')
    .join('')
}

const minDate = (a: string, b: string) => (a < b ? a : b)

/** Σ of the paces that were set; null when none was. */
function paceSum(rows: readonly { requiredPace: number | null }[]): number | null {
  const set = rows.filter((r) => r.requiredPace !== null)
  return set.length === 0 ? null : set.reduce((n, r) => n + r.requiredPace!, 0)
}

function sum<K extends string>(rows: readonly Record<K, number>[], key: K): number {
  return rows.reduce((n, r) => n + r[key], 0)
}
