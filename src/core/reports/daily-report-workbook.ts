// 日报 as a print-ready workbook: 汇总 (the area's units over all routes), one sheet per route with
// every stage, and, when asked, one sheet per unit by the level below; 未上报, 回退 villages and
// figures above target under the summary.

import type ExcelJS from 'exceljs'
import type { DailyReport, ProgressRow, RouteProgress, UnitReporting } from '../methods/reports'
import { addDays } from '../domain/dates'
import { subUnitLevel, UNIT_LABEL } from '../domain/office-area'
import type { RouteDef } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { addPrintSheet, type CellValue, FMT, type SheetColumn } from '../excel/print-sheet'
import {
  flagOverTarget,
  INCREASE_FMT,
  overTargetNote,
  rankCell,
  rankNote,
  RATE_NOTE,
  rateCell,
  regressionNote,
  reportWorkbook,
  ROUNDING_NOTE,
  titleBlock,
} from './report-cells'

const ALL = '合计'

function routeColumns(group: string, increase: string): SheetColumn[] {
  return [
    { header: '任务户数', group, numFmt: FMT.int },
    { header: '累计完成', group, numFmt: FMT.int },
    { header: '完成率', group, numFmt: FMT.pct, align: 'right' },
    { header: increase, group, numFmt: INCREASE_FMT },
  ]
}

const routeCells = (p: RouteProgress | undefined): CellValue[] => (p ? [p.target, p.done, rateCell(p.rate), p.increase] : [null, null, null, null])

/** Columns and cells of a progress table: per route, then all routes when there are several. */
export function progressTable(routes: RouteDef[], increase: string) {
  const several = routes.length > 1
  const columns: SheetColumn[] = [...routes.flatMap((r) => routeColumns(r.name, increase)), ...(several ? routeColumns(ALL, increase) : [])]
  const cells = (row: ProgressRow): CellValue[] => [
    ...routes.flatMap((r) => routeCells(row.byRoute[r.id])),
    ...(several ? routeCells(row) : []),
  ]
  return { columns, cells }
}

/** 已报, 未报, 3/5村 (some villages did), 无需上报 (all keep households). */
export function reportingText(r: UnitReporting, total = false): string {
  if (r.status === 'not_expected') return '无需上报'
  if (total || r.status === 'partial') return `${r.reported}/${r.expected}村`
  return r.status === 'reported' ? '已报' : '未报'
}

/** The 未上报 line: the area's townships that did not report (a township office: its villages). */
function unreportedLine(r: DailyReport): string {
  if (r.area.level === 'township') {
    const missing = r.counties.filter((c) => c.reporting.status === 'unreported')
    const expected = r.counties.filter((c) => c.reporting.status !== 'not_expected').length
    if (expected === 0) return '上报情况：没有需要直接填报户数的村。'
    if (missing.length === 0) return `上报情况：应报村 ${expected} 个，已全部上报。`
    return `未上报（${missing.length} 个村，应报 ${expected} 个）：${missing.map((c) => c.name).join('、')}`
  }
  const rep = r.reporting
  if (rep.expected === 0) return '上报情况：没有需要直接填报户数的乡镇。'
  if (rep.unreported.length === 0) return `上报情况：应报乡镇 ${rep.expected} 个，已全部上报。`
  const name = (t: (typeof rep.unreported)[number]) => (r.area.level === 'county' ? t.townshipName : `${t.countyName}${t.townshipName}`)
  return `未上报（${rep.unreported.length} 个乡镇，应报 ${rep.expected} 个）：${rep.unreported.map(name).join('、')}`
}

export function dailyReportWorkbook(r: DailyReport): ExcelJS.Workbook {
  const wb = reportWorkbook(r.header)
  const done = `完成指${r.completionName}。`
  const increase = '当日新增'

  const summary = progressTable(r.routes, increase)
  const area = r.area
  const since = addDays(r.date, -1)
  const layout = addPrintSheet(wb, {
    name: '日报汇总',
    ...titleBlock(r.header),
    columns: [
      { header: '序号', align: 'center' },
      { header: area.unitLabel },
      ...summary.columns,
      { header: '排名', align: 'center' },
      { header: '当日上报', align: 'center' },
    ],
    rows: [
      ...r.counties.map((c, i) => [i + 1, c.name, ...summary.cells(c), rankCell(c.rank, c.reporting), reportingText(c.reporting)]),
      ['', area.totalName, ...summary.cells(r.total), null, reportingText(r.total.reporting, true)],
    ],
    totalRows: [r.counties.length],
    notes: [
      unreportedLine(r),
      ...[regressionNote(r.regressions, since, r.date), overTargetNote(r.counties)].filter((x): x is string => x !== null),
      `说明：${done}${RATE_NOTE}当日新增 = 当日累计 − 前一日累计，减少的标“回退”。${rankNote('当日')}当日上报为直接填报户数的村当日是否报数（x/y村：部分村已报）。`,
    ],
  })
  flagOverTarget(layout)

  for (const table of r.routeTables) {
    const stageName = (k: string) => table.route.stages.find((s) => s.key === k)?.name ?? k
    const completion = stageName(r.completionStage)
    const routeLayout = addPrintSheet(wb, {
      name: table.route.name,
      ...titleBlock(r.header, `${r.header.title}（${table.route.name}）`),
      columns: [
        { header: '序号', align: 'center' },
        { header: area.unitLabel },
        { header: '任务户数', numFmt: FMT.int },
        ...STAGE_KEYS.flatMap((k): SheetColumn[] => [
          { header: '累计', group: stageName(k), numFmt: FMT.int },
          { header: '比例', group: stageName(k), numFmt: FMT.pct, align: 'right' },
        ]),
        { header: '管线(km)', numFmt: FMT.km },
        // Two lines, broken between the words (LibreOffice broke 当日新增点火通 / 气).
        { header: `当日新增\n${completion}`, numFmt: INCREASE_FMT, width: 12 },
        { header: '完成率', numFmt: FMT.pct, align: 'right' },
        { header: '排名', align: 'center' },
      ],
      rows: [
        ...table.rows.map((row, i) => [
          i + 1,
          row.countyName,
          row.target,
          ...STAGE_KEYS.flatMap((k) => [row.counts[k], rateCell(row.rates[k])]),
          row.networkKm,
          row.increase,
          rateCell(row.completionRate),
          rankCell(row.rank, row.reporting),
        ]),
        [
          '',
          area.totalName,
          table.total.target,
          ...STAGE_KEYS.flatMap((k) => [table.total.counts[k], rateCell(table.total.rates[k])]),
          table.total.networkKm,
          table.total.todayIncrease[r.completionStage],
          rateCell(table.total.rates[r.completionStage]),
          null,
        ],
      ],
      totalRows: [table.rows.length],
      notes: [`说明：各阶段为累计户数，比例 = 累计 ÷ 任务户数；完成率即${completion}比例。${rankNote('当日')}${ROUNDING_NOTE}`],
    })
    flagOverTarget(routeLayout)
  }

  const sub = subUnitLevel(area.unitLevel)
  const by = sub === 'village' ? '分村' : '分乡镇'
  for (const section of r.townships) {
    const t = progressTable(r.routes, increase)
    const sectionLayout = addPrintSheet(wb, {
      name: `${section.countyName}${by}`,
      ...titleBlock(r.header, `${r.header.title}（${section.countyName}${by}）`),
      columns: [
        { header: '序号', align: 'center' },
        { header: UNIT_LABEL[sub ?? 'township'] },
        ...t.columns,
        { header: '应报村数', group: '上报', numFmt: FMT.int },
        { header: '已报村数', group: '上报', numFmt: FMT.int },
        { header: '排名', align: 'center' },
      ],
      rows: [
        ...section.rows.map((row, i) => [i + 1, row.name, ...t.cells(row), row.expectedVillages, row.reportedVillages, rankCell(row.rank, row.reporting)]),
        [
          '',
          `${section.countyName}${ALL}`,
          ...t.cells(section.total),
          section.rows.reduce((n, x) => n + x.expectedVillages, 0),
          section.rows.reduce((n, x) => n + x.reportedVillages, 0),
          null,
        ],
      ],
      totalRows: [section.rows.length],
      notes: [`说明：${done}应报村数为直接填报户数的村；按农户统计的村由农户信息自动生成进度，不需上报。${rankNote('当日')}`],
    })
    flagOverTarget(sectionLayout)
  }
  return wb
}
