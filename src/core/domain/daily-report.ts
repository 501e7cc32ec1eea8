// 日报: per county and route the task, each stage's cumulative count and rate, network km, the
// day's increase, completion rate and rank; all routes per county; by township on request; 未上报.

import type { DailyReport, DailyRouteRow, ReportingStatus, TownshipProgressRow, TownshipSection } from '../contract'
import { addDays } from './dates'
import { longDate } from './periods'
import { rankRates } from './rank'
import { countyOf, completionName, dashboardBetween, header, progressRows, rankRows, type ReportSource, routesShown } from './report-source'

export function dailyReport(src: ReportSource, date: string, reporting: ReportingStatus, byTownship = false): DailyReport {
  const stage = src.settings.completionStage
  const dash = dashboardBetween(src, date, addDays(date, -1))
  const routes = routesShown(src, dash)
  const { rows: counties, total } = progressRows(dash, stage)

  const routeTables = routes.map((route) => {
    const list = dash.rows.filter((r) => r.route === route.id)
    const ranks = rankRates(list.map((r) => r.rates[stage]))
    const rows: DailyRouteRow[] = list.map((r, i) => ({ ...r, completionRate: r.rates[stage], increase: r.todayIncrease[stage], rank: ranks[i]! }))
    return { route, rows, total: dash.totals.find((t) => t.route === route.id)! }
  })

  const townships: TownshipSection[] = []
  if (byTownship) {
    const reported = new Map(reporting.townships.map((t) => [t.townshipCode, t]))
    const byTown = dashboardBetween(src, date, addDays(date, -1), 'township')
    const { rows } = progressRows(byTown, stage)
    for (const county of counties) {
      const own = rows.filter((r) => countyOf(r.code) === county.code)
      const section: TownshipProgressRow[] = rankRows(
        own.map((r) => ({ ...r, expectedVillages: reported.get(r.code)?.expectedVillages ?? 0, reportedVillages: reported.get(r.code)?.reportedVillages ?? 0 })),
      )
      townships.push({ countyCode: county.code, countyName: county.name, rows: section, total: { ...county, rank: null } })
    }
  }

  const expected = reporting.townships.length
  return {
    header: header(src, '农村清洁取暖改造进度日报', `统计日期：${longDate(date)}`),
    date,
    completionStage: stage,
    completionName: completionName(routes, stage),
    routes,
    counties,
    total,
    routeTables,
    townships,
    reporting: { date: reporting.date, unreported: reporting.unreported, expected, reported: expected - reporting.unreported.length },
  }
}
