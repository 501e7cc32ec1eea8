// 倒排工期表: per unit (the area's children) and route the deadline, what remains, the daily pace needed from the
// as-of day against the pace of the last 7 days, the projected finish, and who will miss.

import type { BackwardSchedule } from '../contract'
import { addDays } from './dates'
import { longDate, monthDay, period } from './periods'
import { behindFirst, completionName, groupSchedules, header, PACE_DAYS, type ReportSource, scheduleRows } from './report-source'

export function scheduleReport(src: ReportSource, asOf: string): BackwardSchedule {
  const rows = scheduleRows(src, asOf)
  const paceWindow = period(addDays(asOf, -(PACE_DAYS - 1)), asOf)
  const routeIds = new Set(rows.map((r) => r.route))
  const routes = src.routes.filter((r) => routeIds.has(r.id))
  return {
    header: header(
      src,
      'schedule',
      longDate(asOf),
      `统计日期：${longDate(asOf)}（近${PACE_DAYS}日进度：${monthDay(paceWindow.from)}—${monthDay(paceWindow.to)}）`,
    ),
    area: src.area,
    asOf,
    paceWindow,
    completionName: completionName(routes, src.settings.completionStage),
    rows,
    routeTotals: groupSchedules(rows, asOf, 'route'),
    counties: groupSchedules(rows, asOf, 'county').sort((a, b) => a.countyCode.localeCompare(b.countyCode)),
    warnings: rows.filter((r) => r.status === 'behind' || r.status === 'overdue').sort(behindFirst),
  }
}
