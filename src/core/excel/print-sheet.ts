// Print-ready worksheets in the office's house style: A4, fit to page width, title and header rows
// repeated on every printed page, "第 &P 页 共 &N 页", CJK fonts, widths that fit Chinese text,
// numbers stored as numbers with number formats, a frozen header. Every export goes through here.

import ExcelJS from 'exceljs'
import type { FileOutput } from '../methods/schemas'

/** Number formats used across exports. */
export const FMT = {
  int: '#,##0',
  /** signed increase: +12 / -3 / 0 */
  delta: '+#,##0;-#,##0;0',
  dec1: '#,##0.0',
  dec2: '#,##0.00',
  km: '#,##0.0',
  pct: '0.0%',
  /** yuan from fen ÷ 100 */
  yuan: '#,##0.00',
  date: 'yyyy-mm-dd',
  text: '@',
} as const

export const FONT_BODY = '宋体'
export const FONT_TITLE = '黑体'
/** GB2312: tells Excel on Chinese Windows which font family to substitute when one is missing. */
const CHARSET_GB2312 = 134

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A Date is a calendar day (its UTC date), written as an Excel date with the column's format. */
export type CellValue = string | number | Date | null | undefined

export interface SheetColumn {
  header: string
  /** a two-row header puts `group` above `header`; neighbouring columns with the same group merge */
  group?: string
  /** characters; by default the widest of header and cells (CJK counts double) */
  width?: number
  numFmt?: string
  align?: 'left' | 'center' | 'right'
}

export interface PrintSheetSpec {
  /** worksheet tab name; characters Excel forbids are replaced, and it is cut to 31 */
  name: string
  title: string
  /** a line under the title, e.g. 统计日期：2026年11月20日 */
  subtitle?: string
  /** 制表单位 (left) and 制表时间 (right) on the line above the table */
  unit?: string
  madeAt?: string
  /** paragraphs between the title block and the table (a bulletin's text) */
  intro?: string[]
  columns: SheetColumn[]
  rows: CellValue[][]
  /** indexes into `rows` that are totals (合计): bold and shaded */
  totalRows?: number[]
  /** paragraphs after the table (未上报 lists, notes, signatures) */
  notes?: string[]
  orientation?: 'landscape' | 'portrait'
  /** rows repeated on every printed page: the title block and the header (default), or only the
   * header — for a sheet whose intro text must not be printed again on each page */
  repeatRows?: 'title' | 'header'
  /** data rows grow to fit wrapped text (long descriptions) instead of a fixed height */
  fitRowHeights?: boolean
}

export interface PrintSheetLayout {
  sheet: ExcelJS.Worksheet
  /** 1-based row numbers */
  headerFirstRow: number
  headerLastRow: number
  firstDataRow: number
  lastDataRow: number
}

/** Display width of text in Excel's character units: CJK and full-width forms count two. */
export function textWidth(s: string): number {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    w += c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000) ? 2 : 1
  }
  return w
}

/**
 * A sheet name Excel accepts: no []:*?/\, at most 31 characters, unique within the workbook. No
 * straight apostrophe either (it becomes ’): exceljs writes the print titles as 'name'!$1:$4
 * without doubling one inside, which Excel then reads as a broken reference.
 */
export function safeSheetName(wb: ExcelJS.Workbook, name: string): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').replace(/'/g, '’').slice(0, 31) || 'Sheet'
  let candidate = base
  for (let i = 2; wb.worksheets.some((s) => s.name === candidate); i++) {
    const suffix = `(${i})`
    candidate = base.slice(0, 31 - suffix.length) + suffix
  }
  return candidate
}

/** A range of another sheet as a formula names it: '_名单'!$A$2:$A$9, an apostrophe in the name doubled. */
export function sheetRange(sheet: string, range: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${range}`
}

export function newWorkbook(creator: string, now: Date = new Date()): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook()
  wb.creator = creator
  wb.created = now
  wb.modified = now
  return wb
}

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } }
export const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN }
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF3' } }
export const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F5F8' } }

export function font(size: number, bold = false, name = FONT_BODY): Partial<ExcelJS.Font> {
  return { name, size, bold, charset: CHARSET_GB2312 }
}

function formatForWidth(v: CellValue, numFmt: string | undefined): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (v instanceof Date) return FMT.date
  if (numFmt?.includes('%')) return `${(v * 100).toFixed(1)}%`
  const digits = numFmt?.includes('.00') ? 2 : numFmt?.includes('.0') ? 1 : 0
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** Rows a wrapped paragraph needs across `width` characters, at ~1 line per width. */
export function paragraphHeight(text: string, width: number, pointSize: number): number {
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / Math.max(width - 2, 10))), 0)
  return Math.max(1, lines) * (pointSize + 6)
}

/** A data row's height when its text wraps within the column widths (at 11 pt, ~15 pt a line). */
function wrappedRowHeight(values: CellValue[], widths: number[]): number {
  let lines = 1
  values.forEach((v, i) => {
    if (typeof v === 'string') lines = Math.max(lines, Math.ceil(textWidth(v) / Math.max(widths[i]! - 1, 4)))
  })
  return Math.max(20, lines * 15 + 5)
}

/** Column widths from content, so Chinese headers and names are not cut off when printed. */
export function naturalWidths(cols: readonly SheetColumn[], rows: readonly CellValue[][]): number[] {
  return cols.map((c, i) => {
    if (c.width) return c.width
    let w = Math.max(textWidth(c.header), c.group && cols.filter((x) => x.group === c.group).length === 1 ? textWidth(c.group) : 0)
    for (const r of rows) w = Math.max(w, textWidth(formatForWidth(r[i], c.numFmt)))
    return Math.min(Math.max(w + 2, 6), 40)
  })
}

/** Width (in body characters) the title block needs: the 18 pt title, and the unit and time side by side at 10 pt. */
export function titleBlockWidth(spec: Pick<PrintSheetSpec, 'title' | 'subtitle' | 'unit' | 'madeAt'>): number {
  const unitLine = (spec.unit ? textWidth(`制表单位：${spec.unit}`) : 0) + (spec.madeAt ? textWidth(`制表时间：${spec.madeAt}`) : 0)
  return Math.ceil(Math.max((textWidth(spec.title) * 18) / 11, textWidth(spec.subtitle ?? ''), (unitLine * 10) / 11 + 4) + 4)
}

/** A narrow table under a long title: widen every column alike so the title is not cut off when printed. */
function widenForTitle(widths: number[], spec: PrintSheetSpec): void {
  const total = widths.reduce((a, b) => a + b, 0)
  const need = titleBlockWidth(spec)
  if (total >= need) return
  const scale = need / total
  widths.forEach((w, i) => (widths[i] = Math.ceil(w * scale * 10) / 10))
}

/**
 * A table cell in the house style: the value with its column's number format, bordered, aligned by
 * kind (numbers right, dates centred), bold and shaded on a 合计 row; text wider than its column
 * wraps, or with `shrink` is shrunk to fit (a document's rows keep one height).
 */
export function putDataCell(cell: ExcelJS.Cell, c: SheetColumn, v: CellValue, width: number, total: boolean, size = 11, shrink = false): void {
  cell.value = v === undefined ? null : v
  if (c.numFmt) cell.numFmt = c.numFmt
  cell.font = font(size, total)
  cell.border = BORDER
  const tooWide = typeof v === 'string' && textWidth(v) > width
  cell.alignment = {
    horizontal: c.align ?? (typeof v === 'number' ? 'right' : v instanceof Date ? 'center' : 'left'),
    vertical: 'middle',
    ...(shrink ? { shrinkToFit: tooWide } : { wrapText: tooWide }),
  }
  if (total) cell.fill = TOTAL_FILL
}

/** One line across the sheet's `n` columns (a title, a paragraph, a note). */
export function mergedRow(ws: ExcelJS.Worksheet, n: number, row: number, text: string, f: Partial<ExcelJS.Font>, align: Partial<ExcelJS.Alignment>, height?: number): void {
  if (n > 1) ws.mergeCells(row, 1, row, n)
  const cell = ws.getCell(row, 1)
  cell.value = text
  cell.font = f
  cell.alignment = align
  if (height) ws.getRow(row).height = height
}

/** The title block (title, subtitle, 制表单位 left and 制表时间 right) from row 1; returns the next row. */
export function writeTitleBlock(ws: ExcelJS.Worksheet, n: number, spec: Pick<PrintSheetSpec, 'title' | 'subtitle' | 'unit' | 'madeAt'>): number {
  let r = 1
  mergedRow(ws, n, r++, spec.title, font(18, true, FONT_TITLE), { horizontal: 'center', vertical: 'middle' }, 32)
  if (spec.subtitle) mergedRow(ws, n, r++, spec.subtitle, font(11), { horizontal: 'center', vertical: 'middle' }, 20)
  if (spec.unit || spec.madeAt) {
    const split = Math.max(1, Math.floor(n / 2))
    if (split > 1) ws.mergeCells(r, 1, r, split)
    if (n - split > 1) ws.mergeCells(r, split + 1, r, n)
    const left = ws.getCell(r, 1)
    left.value = spec.unit ? `制表单位：${spec.unit}` : ''
    left.font = font(10)
    left.alignment = { horizontal: 'left', vertical: 'middle' }
    if (n > 1) {
      const right = ws.getCell(r, split + 1)
      right.value = spec.madeAt ? `制表时间：${spec.madeAt}` : ''
      right.font = font(10)
      right.alignment = { horizontal: 'right', vertical: 'middle' }
    } else if (spec.madeAt) {
      left.value = `${left.value}  制表时间：${spec.madeAt}`.trim()
    }
    r++
  }
  return r
}

/**
 * Adds one print-ready table to the workbook: title block, one- or two-row header, data rows,
 * totals, notes. Returns where things landed so callers can add to it (a chart note, a merge).
 */
export function addPrintSheet(wb: ExcelJS.Workbook, spec: PrintSheetSpec): PrintSheetLayout {
  const cols = spec.columns
  const n = cols.length
  const ws = wb.addWorksheet(safeSheetName(wb, spec.name))

  const widths = naturalWidths(cols, spec.rows)
  widenForTitle(widths, spec)
  ws.columns = widths.map((w) => ({ width: w }))
  const totalWidth = widths.reduce((a, b) => a + b, 0)

  const mergeRow = (row: number, text: string, f: Partial<ExcelJS.Font>, align: Partial<ExcelJS.Alignment>, height?: number) => mergedRow(ws, n, row, text, f, align, height)
  let r = writeTitleBlock(ws, n, spec)
  for (const p of spec.intro ?? []) {
    mergeRow(r++, p, font(11), { horizontal: 'left', vertical: 'top', wrapText: true }, paragraphHeight(p, totalWidth, 11))
  }

  // Header: one row, or two when any column has a group.
  const twoRows = cols.some((c) => c.group)
  const headerFirstRow = r
  const headerLastRow = twoRows ? r + 1 : r
  for (let i = 0; i < n; i++) {
    const c = cols[i]!
    const col = i + 1
    if (!twoRows) {
      ws.getCell(r, col).value = c.header
      continue
    }
    if (!c.group) {
      ws.mergeCells(r, col, r + 1, col)
      ws.getCell(r, col).value = c.header
      continue
    }
    ws.getCell(r + 1, col).value = c.header
    const startsGroup = i === 0 || cols[i - 1]!.group !== c.group
    if (startsGroup) {
      let end = i
      while (end + 1 < n && cols[end + 1]!.group === c.group) end++
      if (end > i) ws.mergeCells(r, col, r, end + 1)
      ws.getCell(r, col).value = c.group
    }
  }
  for (let row = headerFirstRow; row <= headerLastRow; row++) {
    ws.getRow(row).height = 22
    for (let col = 1; col <= n; col++) {
      const cell = ws.getCell(row, col)
      cell.font = font(11, true)
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
      cell.border = BORDER
      cell.fill = HEADER_FILL
    }
  }
  r = headerLastRow + 1

  const firstDataRow = r
  const totals = new Set(spec.totalRows ?? [])
  spec.rows.forEach((values, idx) => {
    const row = ws.getRow(r)
    row.height = spec.fitRowHeights ? wrappedRowHeight(values, widths) : 20
    for (let i = 0; i < n; i++) putDataCell(row.getCell(i + 1), cols[i]!, values[i], widths[i]!, totals.has(idx))
    r++
  })
  const lastDataRow = r - 1

  if (spec.notes?.length) r++
  for (const p of spec.notes ?? []) {
    mergeRow(r++, p, font(11), { horizontal: 'left', vertical: 'top', wrapText: true }, paragraphHeight(p, totalWidth, 11))
  }

  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerLastRow, topLeftCell: `A${headerLastRow + 1}`, activeCell: `A${headerLastRow + 1}` }]
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: spec.orientation ?? 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages tall as needed
    horizontalCentered: true,
    printTitlesRow: spec.repeatRows === 'header' ? `${headerFirstRow}:${headerLastRow}` : `1:${headerLastRow}`,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.35 },
  }
  ws.headerFooter = { oddFooter: '&C&"宋体"&10第 &P 页 共 &N 页', evenFooter: '&C&"宋体"&10第 &P 页 共 &N 页' }
  return { sheet: ws, headerFirstRow, headerLastRow, firstDataRow, lastDataRow }
}

/** A local time as 制表时间 shows it: 2026-11-20 09:30. */
export function madeAtText(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`
}

/** The workbook as a file for the user to save. */
export async function workbookFile(wb: ExcelJS.Workbook, fileName: string): Promise<FileOutput> {
  const buf = await wb.xlsx.writeBuffer()
  return { fileName, mime: XLSX_MIME, dataBase64: Buffer.from(buf as ArrayBuffer).toString('base64') }
}

/** A file name without characters Windows forbids: 临汾市日报_2026-11-20.xlsx */
export function safeFileName(name: string): string {
  return name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').trim()
}
