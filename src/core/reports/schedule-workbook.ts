// 倒排工期表 as a print-ready workbook: every unit and route with a 合计 per route, then the
// warning list of those that will miss a deadline at their pace.

import type ExcelJS from 'exceljs'
import { SCHEDULE_STATUS_NAMES } from '../domain/backward-schedule'
import { PACE_DAYS } from '../domain/report-source'
import { addPrintSheet, type CellValue, FMT, type SheetColumn } from '../excel/print-sheet'
import type { BackwardSchedule, ScheduleRow } from '../methods/reports'
import { excelDate, NONE, orNone, reportWorkbook, ROUNDING_NOTE, titleBlock } from './report-cells'

export function scheduleWorkbook(s: BackwardSchedule): ExcelJS.Workbook {
  const wb = reportWorkbook(s.header)
  const area = s.area
  const columns: SheetColumn[] = [
    { header: '路线' },
    { header: area.unitLabel },
    { header: '任务户数', numFmt: FMT.int },
    { header: '累计完成', numFmt: FMT.int },
    { header: '剩余户数', numFmt: FMT.int },
    { header: '其中已超期', numFmt: FMT.int },
    { header: '完成时限', numFmt: FMT.date, align: 'center' },
    { header: '剩余天数', numFmt: FMT.int, align: 'right' },
    { header: '所需日均', numFmt: FMT.dec1, align: 'right' },
    { header: `近${PACE_DAYS}日日均`, numFmt: FMT.dec1 },
    { header: '预计完成日期', numFmt: FMT.date, align: 'center' },
    { header: '状态', align: 'center' },
  ]
  const cells = (r: ScheduleRow): CellValue[] => [
    r.routeName,
    r.countyCode ? r.countyName : area.totalName,
    r.target,
    r.done,
    r.remaining,
    r.overdue,
    orNone(excelDate(r.deadline)),
    orNone(r.daysLeft),
    orNone(r.requiredPace),
    r.recentPace,
    r.remaining === 0 ? '已完成' : (excelDate(r.projectedFinish) ?? '无法预计'),
    SCHEDULE_STATUS_NAMES[r.status],
  ]
  const rows: CellValue[][] = []
  const totals: number[] = []
  for (const t of s.routeTotals) {
    for (const r of s.rows.filter((x) => x.route === t.route)) rows.push(cells(r))
    totals.push(rows.length)
    rows.push(cells(t))
  }
  const warned = s.warnings.map((r) => `${r.countyName}（${r.routeName}）`)
  addPrintSheet(wb, {
    name: '倒排工期',
    ...titleBlock(s.header),
    columns,
    rows,
    totalRows: totals,
    notes: [
      warned.length > 0 ? `预警：按近${PACE_DAYS}日进度不能按期完成或已超期的有 ${warned.length} 个：${warned.join('、')}。` : `按近${PACE_DAYS}日进度，各${area.unitWord}各路线均能按期完成。`,
      `说明：完成指${s.completionName}。剩余户数按村计算（超额完成的村不抵减其他村）。所需日均：自统计日次日起，对每个完成时限，须在其前完成的户数（含已超期户数）÷ 剩余天数，取其最大者；完成时限列为起决定作用的时限，剩余天数为距该时限的天数。预计完成日期 = 统计日 + 剩余户数 ÷ 近${PACE_DAYS}日日均；近${PACE_DAYS}日无进展的无法预计。合计行为各${area.unitWord}之和，其完成时限为尚有剩余户数的最早时限。${ROUNDING_NOTE}`,
    ],
  })

  addPrintSheet(wb, {
    name: '滞后预警',
    ...titleBlock(s.header, `${s.header.title}（滞后预警）`),
    columns: [
      { header: '序号', align: 'center' },
      { header: area.unitLabel },
      { header: '路线' },
      { header: '剩余户数', numFmt: FMT.int },
      { header: '完成时限', numFmt: FMT.date, align: 'center' },
      { header: '所需日均', numFmt: FMT.dec1, align: 'right' },
      { header: `近${PACE_DAYS}日日均`, numFmt: FMT.dec1 },
      { header: '日均缺口', numFmt: FMT.dec1, align: 'right' },
      { header: '预计完成日期', numFmt: FMT.date, align: 'center' },
      { header: '状态', align: 'center' },
    ],
    rows: s.warnings.map((r, i) => [
      i + 1,
      r.countyName,
      r.routeName,
      r.remaining,
      orNone(excelDate(r.deadline)),
      orNone(r.requiredPace),
      r.recentPace,
      r.requiredPace === null ? NONE : Math.max(0, r.requiredPace - r.recentPace),
      excelDate(r.projectedFinish) ?? '无法预计',
      SCHEDULE_STATUS_NAMES[r.status],
    ]),
    notes: [s.warnings.length === 0 ? `没有需要预警的${area.unitWord}：按近${PACE_DAYS}日进度均能按期完成。` : '超期的在前（按超期户数从多到少），滞后的按日均缺口从大到小排列。'],
  })
  return wb
}
