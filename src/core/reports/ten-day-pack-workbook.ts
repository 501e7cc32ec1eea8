// 旬例会材料 as one print-ready document in the order it is read at the meeting: the narrative
// (情况综述), then progress and ranking, the 旬's increase, problems, slippage against the backward
// schedule and the next 旬's plan — small tables sharing a page, none cut by a page break; one
// worksheet per printed page (see excel/print-document.ts).

import type ExcelJS from 'exceljs'
import { SCHEDULE_STATUS_NAMES } from '../domain/backward-schedule'
import { addDays } from '../domain/dates'
import { monthDay } from '../domain/periods'
import { GENERIC_STAGE_NAMES, PACE_DAYS } from '../domain/report-source'
import { STAGE_KEYS } from '../domain/types'
import { addPrintDocument, type DocBlock } from '../excel/print-document'
import { type CellValue, FMT } from '../excel/print-sheet'
import type { TenDayIncreaseRow, TenDayPack } from '../methods/reports'
import {
  excelDate,
  flagOverTarget,
  INCREASE_FMT,
  NONE,
  orNone,
  overTargetNote,
  previousCell,
  rankCell,
  rankNote,
  RATE_NOTE,
  rateCell,
  regressionNote,
  reportWorkbook,
  ROUNDING_NOTE,
} from './report-cells'

/** What 本旬新增 and the column compared with it count, in the words of the 旬 at hand. */
function increaseNote(p: TenDayPack): string {
  if (p.asOf === p.period.to) return '本旬新增 = 旬末累计 − 上一旬末累计。'
  return `本旬新增 = 截至${monthDay(p.asOf)}累计 − 上一旬末累计；${p.compareLabel}新增为${monthDay(p.compareWith.from)}—${monthDay(p.compareWith.to)}的新增，天数与本旬已过天数相同。`
}

export function tenDayPackWorkbook(p: TenDayPack): ExcelJS.Workbook {
  const wb = reportWorkbook(p.header)
  const area = p.area
  const unit = area.unitLabel
  const status = (s: keyof typeof SCHEDULE_STATUS_NAMES) => SCHEDULE_STATUS_NAMES[s]
  const total = area.totalName
  const blocks: DocBlock[] = []

  blocks.push({ short: '一', heading: '一、情况综述', paragraphs: p.narrative })

  const t = p.progress.total
  const change = (inc: number, prev: number | null) => (prev === null ? NONE : inc - prev)
  blocks.push({
    short: '二',
    heading: `二、${p.label.slice(5)}进度与排名`,
    table: {
      columns: [
        { header: unit },
        { header: '排名', align: 'center' },
        { header: '任务户数', numFmt: FMT.int },
        { header: '累计完成', numFmt: FMT.int },
        { header: '完成率', numFmt: FMT.pct, align: 'right' },
        { header: '本旬新增', numFmt: INCREASE_FMT },
        { header: `${p.compareLabel}新增`, numFmt: INCREASE_FMT, align: 'right' },
        { header: '环比增减', numFmt: FMT.delta, align: 'right' },
        { header: '本旬日均', numFmt: FMT.dec1 },
      ],
      rows: [
        ...p.progress.rows.map((r): CellValue[] => [r.name, rankCell(r.rank, r.reporting), r.target, r.done, rateCell(r.rate), r.increase, previousCell(r.previousIncrease), change(r.increase, r.previousIncrease), r.dailyAverage]),
        [total, null, t.target, t.done, rateCell(t.rate), t.increase, previousCell(t.previousIncrease), change(t.increase, t.previousIncrease), t.dailyAverage],
      ],
      totalRows: [p.progress.rows.length],
    },
    notes: [
      ...[regressionNote(p.regressions, addDays(p.period.from, -1), p.asOf), overTargetNote(p.progress.rows)].filter((x): x is string => x !== null),
      `说明：完成指${p.completionName}。${RATE_NOTE}${increaseNote(p)}减少的标“回退”；上一旬没有任何报数的单位标“上期无数据”。${rankNote('本旬')}${ROUNDING_NOTE}`,
    ],
  })

  // The period's increase at every stage, grouped by route with a 合计 row after each route.
  const increaseRows: CellValue[][] = []
  const totalIdx: number[] = []
  const line = (r: TenDayIncreaseRow, name: string) => [name, r.routeName, ...STAGE_KEYS.map((k) => r.increase[k]), r.networkKm]
  for (const tot of p.increase.totals) {
    for (const r of p.increase.rows.filter((x) => x.route === tot.route)) increaseRows.push(line(r, r.countyName))
    totalIdx.push(increaseRows.length)
    increaseRows.push(line(tot, total))
  }
  blocks.push({
    short: '三',
    heading: `三、${p.label.slice(5)}新增情况`,
    table: {
      columns: [
        { header: unit },
        { header: '路线' },
        ...STAGE_KEYS.map((k) => ({ header: GENERIC_STAGE_NAMES[k], numFmt: INCREASE_FMT })),
        { header: '新增管线(km)', numFmt: FMT.km },
      ],
      rows: increaseRows,
      totalRows: totalIdx,
    },
    notes: [`说明：各阶段为本旬累计户数的增加（户），减少的标“回退”；管网/线路即煤改气庭院管网、煤改电线路改造，通气/通电即点火通气、通电。${ROUNDING_NOTE}`],
  })

  const pr = p.problems
  blocks.push({
    short: '四',
    heading: `四、${p.label.slice(5)}问题整改情况`,
    table: {
      columns: [
        { header: unit },
        { header: '本旬新发现', numFmt: FMT.int },
        { header: '本旬整改销号', numFmt: FMT.int },
        { header: '逾期未整改', numFmt: FMT.int },
        { header: '旬末未销号', numFmt: FMT.int },
      ],
      rows: [...pr.rows.map((r) => [r.name, r.opened, r.closed, r.overdue, r.openAtEnd]), [total, pr.total.opened, pr.total.closed, pr.total.overdue, pr.total.openAtEnd]],
      totalRows: [pr.rows.length],
    },
    notes: [
      pr.recorded === 0 ? '问题台账暂无记录：本旬没有新发现、整改销号或逾期的问题。' : `截至${monthDay(p.asOf)}，问题台账共 ${pr.recorded} 条记录。`,
      '说明：逾期未整改指旬末已超过当时的整改时限、仍未验收通过或销号的问题；旬末未销号含逾期问题。',
    ],
  })

  const s = p.slippage
  blocks.push({
    short: '五',
    heading: `五、${p.label.slice(5)}倒排工期执行情况`,
    table: {
      columns: [
        { header: unit },
        { header: '旬初所需日均', numFmt: FMT.dec1, align: 'right' },
        { header: '本旬应完成', numFmt: FMT.int },
        { header: '本旬实际完成', numFmt: FMT.int },
        { header: '超(+)欠(−)', numFmt: FMT.delta },
        { header: '折合滞后天数', numFmt: FMT.dec1, align: 'right' },
        { header: '目前状态', align: 'center' },
      ],
      rows: [
        ...s.rows.map((r) => [r.countyName, orNone(r.requiredPace), r.planned, r.actual, r.difference, orNone(r.slipDays), status(r.status)]),
        [total, orNone(s.total.requiredPace), s.total.planned, s.total.actual, s.total.difference, orNone(s.total.slipDays), status(s.total.status)],
      ],
      totalRows: [s.rows.length],
    },
    notes: [
      `说明：按上一旬末的剩余户数和各路线完成时限倒排，所需日均 × 本旬天数 = 本旬应完成户数（不超过剩余户数）；折合滞后天数 = 欠完成户数 ÷ 所需日均。目前状态按近${PACE_DAYS}日进度判断。${ROUNDING_NOTE}`,
    ],
  })

  const n = p.nextPlan
  blocks.push({
    short: '六',
    heading: `六、${p.nextLabel.slice(5)}进度安排（${monthDay(p.next.from)}—${monthDay(p.next.to)}，${p.next.days}天）`,
    table: {
      columns: [
        { header: unit },
        { header: '剩余户数', numFmt: FMT.int },
        { header: '完成时限', numFmt: FMT.date, align: 'center' },
        { header: '所需日均', numFmt: FMT.dec1, align: 'right' },
        { header: `近${PACE_DAYS}日日均`, numFmt: FMT.dec1 },
        { header: `${p.nextLabel.slice(5)}应完成`, numFmt: FMT.int },
        { header: '目前状态', align: 'center' },
      ],
      rows: [
        ...n.rows.map((r) => [r.countyName, r.remaining, orNone(excelDate(r.deadline)), orNone(r.requiredPace), r.recentPace, r.planned, status(r.status)]),
        [total, n.total.remaining, orNone(excelDate(n.total.deadline)), orNone(n.total.requiredPace), n.total.recentPace, n.total.planned, status(n.total.status)],
      ],
      totalRows: [n.rows.length],
    },
    notes: [
      `说明：所需日均为各路线按完成时限倒排的每日应完成户数之和；下一旬应完成 = 所需日均 × 下一旬天数（不超过剩余户数）。完成时限为该单位尚有剩余户数的各路线中最早的一个（已过期的照列）。${ROUNDING_NOTE}`,
    ],
  })

  const doc = addPrintDocument(wb, {
    title: p.header.title,
    subtitle: p.header.subtitle,
    unit: p.header.unitName,
    madeAt: p.header.madeAt,
    blocks,
  })
  const progress = doc.tables[0]!
  flagOverTarget(progress)
  return wb
}
