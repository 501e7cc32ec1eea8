// 旬例会材料 as a print-ready workbook: one sheet per part of the meeting, in the order it is read.

import type ExcelJS from 'exceljs'
import { SCHEDULE_STATUS_NAMES } from '../domain/backward-schedule'
import { GENERIC_STAGE_NAMES, PACE_DAYS } from '../domain/report-source'
import { monthDay } from '../domain/periods'
import { STAGE_KEYS } from '../domain/types'
import { addPrintSheet, FMT } from '../excel/print-sheet'
import type { TenDayIncreaseRow, TenDayPack } from '../methods/reports'
import { excelDate, orNone, rankingColumns, RANK_NOTE, RATE_NOTE, rateCell, reportWorkbook, ROUNDING_NOTE, titleBlock } from './report-cells'

/** What 本旬新增 and the column compared with it count, in the words of the 旬 at hand. */
function increaseNote(p: TenDayPack): string {
  if (p.asOf === p.period.to) return '本旬新增 = 旬末累计 − 上一旬末累计。'
  return `本旬新增 = 截至${monthDay(p.asOf)}累计 − 上一旬末累计；${p.compareLabel}新增为${monthDay(p.compareWith.from)}—${monthDay(p.compareWith.to)}的新增，天数与本旬已过天数相同。`
}

export function tenDayPackWorkbook(p: TenDayPack): ExcelJS.Workbook {
  const wb = reportWorkbook(p.header)
  const base = p.header.title
  const sub = p.header.subtitle
  const status = (s: keyof typeof SCHEDULE_STATUS_NAMES) => SCHEDULE_STATUS_NAMES[s]

  addPrintSheet(wb, {
    name: '一、进度与排名',
    ...titleBlock(p.header, `${base}之一：${p.label}进度与排名`, sub),
    columns: [
      ...rankingColumns('本旬新增', `${p.compareLabel}新增`),
      { header: '本旬日均', numFmt: FMT.dec1 },
    ],
    rows: [
      ...p.progress.rows.map((r) => [r.rank, r.name, r.target, r.done, rateCell(r.rate), r.increase, r.previousIncrease, r.increase - r.previousIncrease, r.dailyAverage]),
      [null, '全市合计', p.progress.total.target, p.progress.total.done, rateCell(p.progress.total.rate), p.progress.total.increase, p.progress.total.previousIncrease, p.progress.total.increase - p.progress.total.previousIncrease, p.progress.total.dailyAverage],
    ],
    totalRows: [p.progress.rows.length],
    notes: [`说明：完成指${p.completionName}。${RATE_NOTE}${increaseNote(p)}${RANK_NOTE}${ROUNDING_NOTE}`],
  })

  // The period's increase at every stage, grouped by route with a 合计 row after each route.
  const increaseRows: (string | number)[][] = []
  const totalIdx: number[] = []
  const line = (r: TenDayIncreaseRow) => [r.routeName, r.countyName, ...STAGE_KEYS.map((k) => r.increase[k]), r.networkKm]
  for (const t of p.increase.totals) {
    for (const r of p.increase.rows.filter((x) => x.route === t.route)) increaseRows.push(line(r))
    totalIdx.push(increaseRows.length)
    increaseRows.push(line(t))
  }
  addPrintSheet(wb, {
    name: '二、本旬新增',
    ...titleBlock(p.header, `${base}之二：${p.label}新增情况`, sub),
    columns: [
      { header: '路线' },
      { header: '县（市、区）' },
      ...STAGE_KEYS.map((k) => ({ header: GENERIC_STAGE_NAMES[k], group: '本旬新增户数', numFmt: FMT.delta })),
      { header: '新增管线(km)', numFmt: FMT.km },
    ],
    rows: increaseRows,
    totalRows: totalIdx,
    notes: [`说明：各阶段为本旬累计户数的增加；管网/线路即煤改气庭院管网、煤改电线路改造，通气/通电即点火通气、通电。${ROUNDING_NOTE}`],
  })

  const pr = p.problems
  addPrintSheet(wb, {
    name: '三、问题整改',
    ...titleBlock(p.header, `${base}之三：${p.label}问题整改情况`, sub),
    columns: [
      { header: '县（市、区）' },
      { header: '本旬新发现', numFmt: FMT.int },
      { header: '本旬整改销号', numFmt: FMT.int },
      { header: '逾期未整改', numFmt: FMT.int },
      { header: '旬末未销号', numFmt: FMT.int },
    ],
    rows: [...pr.rows.map((r) => [r.name, r.opened, r.closed, r.overdue, r.openAtEnd]), ['全市合计', pr.total.opened, pr.total.closed, pr.total.overdue, pr.total.openAtEnd]],
    totalRows: [pr.rows.length],
    notes: [
      pr.recorded === 0 ? '问题台账暂无记录：本旬没有新发现、整改销号或逾期的问题。' : `截至${monthDay(p.asOf)}，问题台账共 ${pr.recorded} 条记录。`,
      '说明：逾期未整改指旬末已超过当时的整改时限、仍未验收通过或销号的问题；旬末未销号含逾期问题。',
    ],
  })

  const s = p.slippage
  addPrintSheet(wb, {
    name: '四、工期滞后',
    ...titleBlock(p.header, `${base}之四：${p.label}倒排工期执行情况`, sub),
    columns: [
      { header: '县（市、区）' },
      { header: '旬初所需日均', numFmt: FMT.dec1, align: 'right' },
      { header: '本旬应完成', numFmt: FMT.int },
      { header: '本旬实际完成', numFmt: FMT.int },
      { header: '超(+)欠(−)', numFmt: FMT.delta },
      { header: '折合滞后天数', numFmt: FMT.dec1, align: 'right' },
      { header: '目前状态', align: 'center' },
    ],
    rows: [
      ...s.rows.map((r) => [r.countyName, orNone(r.requiredPace), r.planned, r.actual, r.difference, orNone(r.slipDays), status(r.status)]),
      ['全市合计', orNone(s.total.requiredPace), s.total.planned, s.total.actual, s.total.difference, orNone(s.total.slipDays), status(s.total.status)],
    ],
    totalRows: [s.rows.length],
    notes: [
      `说明：按上一旬末的剩余户数和各路线完成时限倒排，所需日均 × 本旬天数 = 本旬应完成户数（不超过剩余户数）；折合滞后天数 = 欠完成户数 ÷ 所需日均。目前状态按近${PACE_DAYS}日进度判断。${ROUNDING_NOTE}`,
    ],
  })

  const n = p.nextPlan
  addPrintSheet(wb, {
    name: '五、下一旬安排',
    ...titleBlock(p.header, `${base}之五：${p.nextLabel}进度安排`, `${p.nextLabel}（${monthDay(p.next.from)}—${monthDay(p.next.to)}，${p.next.days}天）`),
    columns: [
      { header: '县（市、区）' },
      { header: '剩余户数', numFmt: FMT.int },
      { header: '完成时限', numFmt: FMT.date, align: 'center' },
      { header: '所需日均', numFmt: FMT.dec1, align: 'right' },
      { header: `近${PACE_DAYS}日日均`, numFmt: FMT.dec1 },
      { header: `${p.nextLabel}应完成`, numFmt: FMT.int },
      { header: '目前状态', align: 'center' },
    ],
    rows: [
      ...n.rows.map((r) => [r.countyName, r.remaining, orNone(excelDate(r.deadline)), orNone(r.requiredPace), r.recentPace, r.planned, status(r.status)]),
      ['全市合计', n.total.remaining, orNone(excelDate(n.total.deadline)), orNone(n.total.requiredPace), n.total.recentPace, n.total.planned, status(n.total.status)],
    ],
    totalRows: [n.rows.length],
    notes: [`说明：所需日均为各路线按完成时限倒排的每日应完成户数之和；下一旬应完成 = 所需日均 × 下一旬天数（不超过剩余户数）。完成时限为该县尚有剩余户数的各路线中最早的一个（已过期的照列）。${ROUNDING_NOTE}`],
  })
  return wb
}
