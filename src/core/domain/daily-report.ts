// 日报: per unit (the area's children) and route the task, each stage's cumulative count and
// rate, network km, the day's increase, completion rate and rank (a unit that did not report that
// day is not ranked); all routes per unit; the level below on request; 未上报; 回退 villages.

import type { DailyReport, DailyRouteRow, ReportingStatus, TownshipProgressRow, TownshipSection } from '../contract'
import { addDays } from './dates'
import { subUnitLevel, unitOfVillage } from './office-area'
import { longDate } from './periods'
import { rankRates } from './rank'
import {
  completionName,
  dashboardBetween,
  header,
  progressRows,
  rankRows,
  readVillages,
  regressionsOf,
  reportingBy,
  type ReportSource,
  routesShown,
} from './report-source'

export function dailyReport(src: ReportSource, date: string, reporting: ReportingStatus, byTownship = false): DailyReport {
  const stage = src.settings.completionStage
  const since = addDays(date, -1)
  const reads = readVillages(src, date, since)
  const dash = dashboardBetween(src, date, since, undefined, reads)
  const routes = routesShown(src, dash)
  const reported = reportingBy(src, reads, date)
  const { rows: counties, total } = progressRows(dash, stage, reported)

  const byRoute = reportingBy(src, reads, date, undefined, true)
  const routeTables = routes.map((route) => {
    const list = dash.rows.filter((r) => r.route === route.id)
    const rep = list.map((r) => byRoute.get(`${r.countyCode}|${route.id}`)!)
    const ranks = rankRates(list.map((r, i) => (rep[i]!.status === 'unreported' ? null : r.rates[stage])))
    const rows: DailyRouteRow[] = list.map((r, i) => ({ ...r, completionRate: r.rates[stage], increase: r.todayIncrease[stage], rank: ranks[i]!, reporting: rep[i]! }))
    return { route, rows, total: dash.totals.find((t) => t.route === route.id)! }
  })

  const townships: TownshipSection[] = []
  const sub = subUnitLevel(src.area.unitLevel)
  if (byTownship && sub) {
    const subReported = reportingBy(src, reads, date, sub)
    const { rows } = progressRows(dashboardBetween(src, date, since, sub, reads), stage, subReported)
    for (const unit of counties) {
      const own = rows.filter((r) => unitOfVillage(src.area.unitLevel, r.code) === unit.code)
      const section: TownshipProgressRow[] = rankRows(own.map((r) => ({ ...r, expectedVillages: r.reporting.expected, reportedVillages: r.reporting.reported })))
      townships.push({ countyCode: unit.code, countyName: unit.name, rows: section, total: { ...unit, rank: null } })
    }
  }

  const expected = reporting.townships.length
  return {
    header: header(src, 'daily', longDate(date), `统计日期：${longDate(date)}`),
    area: src.area,
    date,
    completionStage: stage,
    completionName: completionName(routes, stage),
    routes,
    counties,
    total,
    routeTables,
    townships,
    reporting: { date: reporting.date, unreported: reporting.unreported, expected, reported: expected - reporting.unreported.length },
    regressions: regressionsOf(src, reads),
  }
}
