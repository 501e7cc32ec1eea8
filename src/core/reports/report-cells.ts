// Small pieces the report workbooks share: dates as Excel dates, the file name, the 说明 lines.

import type ExcelJS from 'exceljs'
import type { FileOutput } from '../methods/schemas'
import { FMT, newWorkbook, safeFileName, type SheetColumn, workbookFile } from '../excel/print-sheet'
import { printedRate } from '../domain/rank'
import type { ReportHeader } from '../methods/reports'

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

export const RATE_NOTE = '完成率 = 累计完成 ÷ 任务户数；任务户数调整后可能超过 100%，按实际显示。'
export const RANK_NOTE = '排名按完成率从高到低，所列完成率相同的并列。'
/** Decimal columns (km, paces, 万m³) are summed before rounding, as official statistics are, and say so. */
export const ROUNDING_NOTE = '因四舍五入，合计与分项之和可能略有出入。'

/** The ranking table's first columns (周通报, 旬例会): rank, county, task, done, rate, the period's
 * increase, the previous period's, and the change between them. */
export function rankingColumns(increase: string, previous: string): SheetColumn[] {
  return [
    { header: '排名', align: 'center' },
    { header: '县（市、区）' },
    { header: '任务户数', numFmt: FMT.int },
    { header: '累计完成', numFmt: FMT.int },
    { header: '完成率', numFmt: FMT.pct, align: 'right' },
    { header: increase, numFmt: FMT.delta },
    { header: previous, numFmt: FMT.delta },
    { header: '环比增减', numFmt: FMT.delta },
  ]
}
