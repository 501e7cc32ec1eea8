// 周通报 as a print-ready workbook: the (edited) text above the ranking of the area's units, then a
// sheet by route.

import type ExcelJS from 'exceljs'
import { SCHEDULE_STATUS_NAMES } from '../domain/backward-schedule'
import { PACE_DAYS } from '../domain/report-source'
import { addPrintSheet, type CellValue, FMT } from '../excel/print-sheet'
import type { WeeklyBulletin, WeeklyRow } from '../methods/reports'
import { progressTable } from './daily-report-workbook'
import { addDays } from '../domain/dates'
import { rateText } from '../domain/rank'
import {
  flagOverTarget,
  NONE,
  orNone,
  overTargetNote,
  previousCell,
  rankCell,
  rankingColumns,
  rankNote,
  RATE_NOTE,
  rateCell,
  regressionNote,
  reportWorkbook,
  ROUNDING_NOTE,
  titleBlock,
} from './report-cells'

/** Paragraphs as printed: each indented by two full-width spaces, as official documents are. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `\u3000\u3000${p}`)
}

export function weeklyBulletinWorkbook(b: WeeklyBulletin, text: string): ExcelJS.Workbook {
  const wb = reportWorkbook(b.header)
  const complete = b.asOf === b.week.to
  const last = complete ? '上周新增' : '上周同期新增'
  const area = b.area
  const row = (r: WeeklyRow, total: boolean): CellValue[] => [
    total ? null : rankCell(r.rank, r.reporting),
    total ? area.totalName : r.name,
    r.target,
    r.done,
    rateCell(r.rate),
    r.increase,
    previousCell(r.lastIncrease),
    r.change ?? NONE,
    r.schedule.recentPace,
    orNone(r.schedule.requiredPace),
    SCHEDULE_STATUS_NAMES[r.schedule.status],
  ]
  const behind =
    b.behind.length > 0
      ? `进度滞后或超期的${area.unitWord}：${b.behind.map((r) => `${r.name}（${SCHEDULE_STATUS_NAMES[r.schedule.status]}）`).join('、')}。`
      : `按近${PACE_DAYS}日进度，各${area.unitWord}均能在完成时限前完成任务。`
  const laggards =
    b.laggards.length > 0
      ? `完成率最低的${area.unitLevel === 'county' ? '乡镇' : '村'}：${b.laggards.map((l) => `${l.parentName}${l.name}（${l.rate === null ? NONE : rateText(l.rate)}，剩余${l.remaining}户）`).join('、')}。`
      : null
  const layout = addPrintSheet(wb, {
    name: '周通报',
    ...titleBlock(b.header),
    intro: paragraphs(text),
    // A bulletin reads as a document: portrait, its text printed once, the table's header on each page.
    orientation: 'portrait',
    repeatRows: 'header',
    columns: [
      ...rankingColumns(area.unitLabel, '本周新增', last),
      { header: `近${PACE_DAYS}日日均`, numFmt: FMT.dec1 },
      { header: '所需日均', numFmt: FMT.dec1, align: 'right' },
      { header: '进度状态', align: 'center' },
    ],
    rows: [...b.rows.map((r) => row(r, false)), row(b.total, true)],
    totalRows: [b.rows.length],
    notes: [
      behind,
      ...[laggards, regressionNote(b.regressions, addDays(b.week.from, -1), b.asOf), overTargetNote(b.rows)].filter((x): x is string => x !== null),
      `说明：完成指${b.completionName}。${RATE_NOTE}本周新增减少的标“回退”。环比增减 = 本周新增 − ${last}；上周没有任何报数的单位标“上期无数据”，不作比较。所需日均为按各路线完成时限倒排、自统计日次日起每日应完成户数之和；近${PACE_DAYS}日日均低于所需日均的为“滞后”，已过完成时限仍未完成的为“超期”。${rankNote('本周')}${ROUNDING_NOTE}`,
    ],
  })
  flagOverTarget(layout)

  if (b.routes.length > 1) {
    const t = progressTable(b.routes, '本周新增')
    const byRoute = addPrintSheet(wb, {
      name: '分路线',
      ...titleBlock(b.header, `${b.header.title}（分路线）`),
      columns: [{ header: '排名', align: 'center' }, { header: area.unitLabel }, ...t.columns],
      rows: [...b.rows.map((r) => [rankCell(r.rank, r.reporting), r.name, ...t.cells(r)]), [null, area.totalName, ...t.cells(b.total)]],
      totalRows: [b.rows.length],
      notes: [`说明：完成指${b.completionName}。${RATE_NOTE}排名为全部路线合计的完成率排名。`],
    })
    flagOverTarget(byRoute)
  }
  return wb
}
