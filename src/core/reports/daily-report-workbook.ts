// 日报 as a print-ready workbook: 汇总 (counties over all routes), one sheet per route with every
// stage, and, when asked, one sheet per county by township; 未上报 under the summary.

import type ExcelJS from 'exceljs'
import type { DailyReport, ProgressRow, RouteProgress } from '../methods/reports'
import type { RouteDef } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { addPrintSheet, type CellValue, FMT, type SheetColumn } from '../excel/print-sheet'
import { RANK_NOTE, RATE_NOTE, rateCell, reportWorkbook, ROUNDING_NOTE, titleBlock } from './report-cells'

const ALL = '合计'

function routeColumns(group: string, increase: string): SheetColumn[] {
  return [
    { header: '任务户数', group, numFmt: FMT.int },
    { header: '累计完成', group, numFmt: FMT.int },
    { header: '完成率', group, numFmt: FMT.pct, align: 'right' },
    { header: increase, group, numFmt: FMT.delta },
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

export function dailyReportWorkbook(r: DailyReport): ExcelJS.Workbook {
  const wb = reportWorkbook(r.header)
  const done = `完成指${r.completionName}。`
  const increase = '当日新增'

  const summary = progressTable(r.routes, increase)
  const unreported =
    r.reporting.expected === 0
      ? '上报情况：没有需要直接填报户数的乡镇。'
      : r.reporting.unreported.length === 0
        ? `上报情况：应报乡镇 ${r.reporting.expected} 个，已全部上报。`
        : `未上报（${r.reporting.unreported.length} 个乡镇，应报 ${r.reporting.expected} 个）：${r.reporting.unreported.map((t) => `${t.countyName}${t.townshipName}`).join('、')}`
  addPrintSheet(wb, {
    name: '日报汇总',
    ...titleBlock(r.header),
    columns: [{ header: '序号', align: 'center' }, { header: '县（市、区）' }, ...summary.columns, { header: '排名', align: 'center' }],
    rows: [...r.counties.map((c, i) => [i + 1, c.name, ...summary.cells(c), c.rank]), ['', `全市${ALL}`, ...summary.cells(r.total), null]],
    totalRows: [r.counties.length],
    notes: [unreported, `说明：${done}${RATE_NOTE}当日新增 = 当日累计 − 前一日累计。${RANK_NOTE}`],
  })

  for (const table of r.routeTables) {
    const stageName = (k: string) => table.route.stages.find((s) => s.key === k)?.name ?? k
    const completion = stageName(r.completionStage)
    addPrintSheet(wb, {
      name: table.route.name,
      ...titleBlock(r.header, `${r.header.title}（${table.route.name}）`),
      columns: [
        { header: '序号', align: 'center' },
        { header: '县（市、区）' },
        { header: '任务户数', numFmt: FMT.int },
        ...STAGE_KEYS.flatMap((k): SheetColumn[] => [
          { header: '累计', group: stageName(k), numFmt: FMT.int },
          { header: '比例', group: stageName(k), numFmt: FMT.pct, align: 'right' },
        ]),
        { header: '管线(km)', numFmt: FMT.km },
        // Two lines, broken between the words (LibreOffice broke 当日新增点火通 / 气).
        { header: `当日新增\n${completion}`, numFmt: FMT.delta, width: 12 },
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
          row.rank,
        ]),
        [
          '',
          ALL,
          table.total.target,
          ...STAGE_KEYS.flatMap((k) => [table.total.counts[k], rateCell(table.total.rates[k])]),
          table.total.networkKm,
          table.total.todayIncrease[r.completionStage],
          rateCell(table.total.rates[r.completionStage]),
          null,
        ],
      ],
      totalRows: [table.rows.length],
      notes: [`说明：各阶段为累计户数，比例 = 累计 ÷ 任务户数；完成率即${completion}比例。${RANK_NOTE}${ROUNDING_NOTE}`],
    })
  }

  for (const section of r.townships) {
    const t = progressTable(r.routes, increase)
    addPrintSheet(wb, {
      name: `${section.countyName}分乡镇`,
      ...titleBlock(r.header, `${r.header.title}（${section.countyName}分乡镇）`),
      columns: [
        { header: '序号', align: 'center' },
        { header: '乡镇（街道）' },
        ...t.columns,
        { header: '应报村数', group: '上报', numFmt: FMT.int },
        { header: '已报村数', group: '上报', numFmt: FMT.int },
        { header: '排名', align: 'center' },
      ],
      rows: [
        ...section.rows.map((row, i) => [i + 1, row.name, ...t.cells(row), row.expectedVillages, row.reportedVillages, row.rank]),
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
      notes: [`说明：${done}应报村数为直接填报户数的村；按农户统计的村由农户信息自动生成进度，不需上报。${RANK_NOTE}`],
    })
  }
  return wb
}
