// Small pieces the report workbooks share: dates as Excel dates, the file name, ranks and
// increases as printed (未报, 回退, 上期无数据), rates above target flagged, the 说明 lines.

import type ExcelJS from 'exceljs'
import type { FileOutput } from '../methods/schemas'
import { type CellValue, FMT, newWorkbook, safeFileName, type SheetColumn, workbookFile } from '../excel/print-sheet'
import { printedRate } from '../domain/rank'
import type { ProgressRow, Regression, ReportHeader, UnitReporting } from '../methods/reports'
import type { PrintSheetLayout } from '../excel/print-sheet'
import { monthDay } from '../domain/periods'

/** A calendar day as the Date exceljs writes as that day (no time zone shift). */
export function excelDate(ymd: string | null): Date | null {
  if (!ymd) return null
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d))
}

/** A value that does not apply (no pace without a deadline ahead, no rate without a target): a dash, not a blank. */
export const NONE = '—'

export function orNone<T extends number | Date>(v: T | null): T | string {
  return v === null ? NONE : v
}

/** A rate cell (0.0%): rounded as printed so the sheet, the text and the ranks agree; a dash without a target. */
export function rateCell(rate: number | null): number | string {
  return rate === null || !Number.isFinite(rate) ? NONE : printedRate(rate)
}

/** A workbook stamped with the unit and the time it was made. */
export function reportWorkbook(h: ReportHeader): ExcelJS.Workbook {
  const [date, time] = h.madeAt.split(' ') as [string, string]
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [hh, mm] = (time ?? '00:00').split(':').map(Number) as [number, number]
  return newWorkbook(h.unitName || '清洁取暖改造工作台', new Date(y, m - 1, d, hh, mm))
}

/** 临汾市农村清洁取暖改造进度日报_2026-11-20.xlsx */
export function reportFile(wb: ExcelJS.Workbook, h: ReportHeader, suffix: string): Promise<FileOutput> {
  return workbookFile(wb, safeFileName(`${h.title}_${suffix}.xlsx`))
}

/** The title block every sheet of a report repeats. */
export function titleBlock(h: ReportHeader, title = h.title, subtitle = h.subtitle) {
  return { title, subtitle, unit: h.unitName, madeAt: h.madeAt }
}

export const RATE_NOTE = '完成率 = 累计完成 ÷ 任务户数；任务户数调整后可能超过 100%，按实际显示（红色标出）。'
export const RANK_NOTE = '排名按完成率从高到低，所列完成率相同的并列。'

/** 未报 in the rank column: a unit that did not report in the period is not ranked. */
export const UNREPORTED = '未报'

/** The rank as printed: the number, 未报 for a unit that did not report in the period, else blank. */
export function rankCell(rank: number | null, reporting: UnitReporting | undefined): CellValue {
  return reporting?.status === 'unreported' ? UNREPORTED : rank
}

/** The ranking rule in words, for the period at hand (当日, 本周, 本旬). */
export function rankNote(period: '当日' | '本周' | '本旬'): string {
  return `${RANK_NOTE}${period}没有上报的单位（其直接填报户数的村${period}均无报数）不参加排名，排名栏标“${UNREPORTED}”，所列为其最近一次上报的累计数。`
}

/** An increase: a signed number, negatives printed as 回退 (the cell keeps the number). */
export const INCREASE_FMT = '+#,##0;"回退"#,##0;0'

/** 上期无数据: an earlier period with no figures has no increase to compare with. */
export const NO_DATA = '上期无数据'

export function previousCell(v: number | null): number | string {
  return v === null ? NO_DATA : v
}

/** Villages whose completed count went down, in one line under the table (the first 20 named). */
export function regressionNote(list: readonly Regression[], since: string, date: string): string | null {
  if (list.length === 0) return null
  const shown = list.slice(0, 20).map((g) => `${g.place}${g.villageName}（${g.routeName}）${g.before}→${g.after}户（减少${-g.change}户）`)
  const more = list.length > 20 ? `等 ${list.length} 个村` : ''
  return `回退：${monthDay(since)}至${monthDay(date)}累计完成数减少的村：${shown.join('；')}${more}。请核实是否为更正或返工。`
}

/** Units whose done exceeds their target (rates shown as they are, and flagged). */
export function overTargetNote(rows: readonly ProgressRow[]): string | null {
  const over = rows.filter((r) => r.rate !== null && r.done > r.target)
  if (over.length === 0) return null
  return `超过任务户数的：${over.map((r) => `${r.name}（完成${r.done}户，任务${r.target}户）`).join('、')}，请核实任务户数是否已调整。`
}

/** Rates above 100% on a sheet: dark red and bold, so a figure above its target stands out. */
export function flagOverTarget(layout: Pick<PrintSheetLayout, 'sheet' | 'firstDataRow' | 'lastDataRow'>): void {
  for (let r = layout.firstDataRow; r <= layout.lastDataRow; r++) {
    layout.sheet.getRow(r).eachCell((cell) => {
      if (typeof cell.value === 'number' && cell.value > 1 && cell.numFmt === FMT.pct) cell.font = { ...cell.font, bold: true, color: { argb: OVER_COLOR } }
    })
  }
}
const OVER_COLOR = 'FFB42318'
/** Decimal columns (km, paces, 万m³) are summed before rounding, as official statistics are, and say so. */
export const ROUNDING_NOTE = '因四舍五入，合计与分项之和可能略有出入。'

/** The ranking table's first columns (周通报): rank, unit, task, done, rate, the period's
 * increase, the previous period's, and the change between them. */
export function rankingColumns(unitLabel: string, increase: string, previous: string): SheetColumn[] {
  return [
    { header: '排名', align: 'center' },
    { header: unitLabel },
    { header: '任务户数', numFmt: FMT.int },
    { header: '累计完成', numFmt: FMT.int },
    { header: '完成率', numFmt: FMT.pct, align: 'right' },
    { header: increase, numFmt: INCREASE_FMT },
    { header: previous, numFmt: INCREASE_FMT, align: 'right' },
    { header: '环比增减', numFmt: FMT.delta, align: 'right' },
  ]
}
