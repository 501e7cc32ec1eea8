// A print-ready document in pages: the title block, then blocks in reading order — a heading,
// paragraphs, a table, notes — packed onto A4 pages so that small tables share a page and no table
// is cut by a page break. Each page is its own worksheet printed "fit to one page" (a block too
// tall for a page gets a sheet of its own that runs on, its header repeated), so Excel, WPS and
// LibreOffice all break where the packing did, whatever the width of their default font: Excel
// ignores manual page breaks on a sheet scaled to fit, and a fixed scale would cut the table off
// where a font runs wider than assumed. The ten-day meeting pack is one such document.

import type ExcelJS from 'exceljs'
import {
  BORDER,
  type CellValue,
  font,
  HEADER_FILL,
  mergedRow,
  naturalWidths,
  paragraphHeight,
  putDataCell,
  safeSheetName,
  type SheetColumn,
  textWidth,
  titleBlockWidth,
  writeTitleBlock,
} from './print-sheet'

export interface DocTable {
  columns: SheetColumn[]
  rows: CellValue[][]
  /** indexes into `rows` that are totals (合计): bold and shaded */
  totalRows?: number[]
}

export interface DocBlock {
  /** what the block is called in a sheet's name (一, 二 …) */
  short?: string
  /** a bold line above the block (一、进度与排名) */
  heading?: string
  /** paragraphs, each indented two characters */
  paragraphs?: string[]
  table?: DocTable
  /** smaller lines under the table (说明) */
  notes?: string[]
}

export interface PrintDocumentSpec {
  title: string
  subtitle?: string
  unit?: string
  madeAt?: string
  blocks: DocBlock[]
  orientation?: 'portrait' | 'landscape'
}

export interface DocTableLayout {
  sheet: ExcelJS.Worksheet
  /** 1-based rows of the table's header and data */
  headerRow: number
  firstDataRow: number
  lastDataRow: number
}

export interface PrintDocumentLayout {
  /** one worksheet per printed page (a block taller than a page: its own sheet, several pages) */
  sheets: ExcelJS.Worksheet[]
  /** one per block that has a table, in order */
  tables: DocTableLayout[]
}

// A4 in points, and the margins every export uses (inches).
const A4 = { w: 595.3, h: 841.9 }
const MARGIN = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.35 }
/**
 * Pixels a column-width character takes: 7 in Excel's Calibri, ~9.5 in LibreOffice with the fonts
 * of a Linux machine. The packing assumes 8: where it runs wider a page is a little emptier, where
 * narrower it is a little fuller and "fit to one page" shrinks it.
 */
const PX_PER_CHAR = 8
const colPoints = (chars: number) => ((chars * PX_PER_CHAR + 5) * 72) / 96
const ROW = 20
const HEADING = 24
const GAP = 8

/** Lines a header needs in a column `width` characters wide (headers wrap). */
function headerLines(text: string, width: number): number {
  return Math.max(1, Math.ceil(textWidth(text) / Math.max(width - 2, 4)))
}

/** What is never split across pages: a table with its heading, text and notes; else a paragraph. */
interface Chunk {
  block: DocBlock
  /** paragraphs of the block in this chunk (a block without a table is split paragraph by paragraph) */
  paragraphs: string[]
  heading: boolean
  table: boolean
  notes: boolean
  height: number
}

export function addPrintDocument(wb: ExcelJS.Workbook, spec: PrintDocumentSpec): PrintDocumentLayout {
  const tables = spec.blocks.flatMap((b) => (b.table ? [b.table] : []))
  const n = Math.max(2, ...tables.map((t) => t.columns.length))

  // One grid for every page: the first column (the unit's name) as wide as the widest name, the
  // others alike so that the tables' columns line up from page to page; headers wrap.
  const natural = tables.map((t) => naturalWidths(t.columns, t.rows))
  const first = Math.max(10, ...natural.map((w) => w[0] ?? 0))
  const rest = Math.min(11, Math.max(8, ...natural.flatMap((w) => w.slice(1))))
  const widths = [first, ...Array.from({ length: n - 1 }, () => rest)]
  const need = titleBlockWidth(spec)
  const sum = widths.reduce((a, b) => a + b, 0)
  if (sum < need) widths.forEach((w, i) => (widths[i] = Math.ceil(((w * need) / sum) * 10) / 10))
  const totalWidth = widths.reduce((a, b) => a + b, 0)

  const orientation = spec.orientation ?? 'portrait'
  const page = orientation === 'portrait' ? A4 : { w: A4.h, h: A4.w }
  const printableW = page.w - (MARGIN.left + MARGIN.right) * 72
  const printableH = page.h - (MARGIN.top + MARGIN.bottom) * 72
  const scale = Math.min(1, printableW / widths.reduce((a, w) => a + colPoints(w), 0))
  const titleHeight = 32 + (spec.subtitle ? 20 : 0) + (spec.unit || spec.madeAt ? 20 : 0)
  const capacity = printableH / scale - titleHeight

  const paraHeight = (text: string) => paragraphHeight(`\u3000\u3000${text}`, totalWidth, 11)
  const noteHeight = (text: string) => paragraphHeight(text, totalWidth, 10)
  const headerHeight = (t: DocTable) => Math.max(...t.columns.map((c, i) => headerLines(c.header, widths[i]!))) * 14 + 8

  const chunks: Chunk[] = []
  for (const block of spec.blocks) {
    const paras = block.paragraphs ?? []
    if (block.table) {
      const height =
        (block.heading ? HEADING : 0) +
        paras.reduce((a, p) => a + paraHeight(p), 0) +
        headerHeight(block.table) +
        block.table.rows.length * ROW +
        (block.notes ?? []).reduce((a, p) => a + noteHeight(p), 0) +
        GAP
      chunks.push({ block, paragraphs: paras, heading: true, table: true, notes: true, height })
      continue
    }
    // A heading stays with its first paragraph; the rest may run on to the next page one by one.
    paras.forEach((p, i) => {
      const heading = i === 0 && !!block.heading
      chunks.push({ block, paragraphs: [p], heading, table: false, notes: false, height: (heading ? HEADING : 0) + paraHeight(p) })
    })
    if (paras.length === 0 && block.heading) chunks.push({ block, paragraphs: [], heading: true, table: false, notes: false, height: HEADING })
    const notes = block.notes ?? []
    if (notes.length) chunks.push({ block, paragraphs: [], heading: false, table: false, notes: true, height: notes.reduce((a, p) => a + noteHeight(p), 0) + GAP })
  }

  // Greedy packing, then the last page evened out with the one before it, so that the document
  // does not end on a page holding a couple of rows.
  const pages: Chunk[][] = []
  let used = Infinity
  for (const c of chunks) {
    if (used + c.height > capacity) {
      pages.push([])
      used = 0
    }
    pages.at(-1)!.push(c)
    used += c.height
  }
  const fill = (p: Chunk[]) => p.reduce((a, c) => a + c.height, 0)
  while (pages.length >= 2) {
    const last = pages.at(-1)!
    const prev = pages.at(-2)!
    const moving = prev.at(-1)!
    if (prev.length < 2 || fill(last) + moving.height > capacity || fill(prev) - moving.height < fill(last) + moving.height) break
    last.unshift(prev.pop()!)
  }

  const sheets: ExcelJS.Worksheet[] = []
  const layouts: DocTableLayout[] = []
  pages.forEach((chunksOnPage, i) => {
    const shorts = [...new Set(chunksOnPage.map((c) => c.block.short).filter((x): x is string => !!x))]
    const ws = wb.addWorksheet(safeSheetName(wb, shorts.length ? shorts.join('、') : `第${i + 1}页`))
    sheets.push(ws)
    ws.columns = widths.map((w) => ({ width: w }))
    let r = writeTitleBlock(ws, n, spec)
    const titleRows = r - 1
    let repeatTo = titleRows
    for (const c of chunksOnPage) {
      if (c.heading && c.block.heading) mergedRow(ws, n, r++, c.block.heading, font(13, true), { horizontal: 'left', vertical: 'bottom' }, HEADING)
      for (const p of c.paragraphs) mergedRow(ws, n, r++, `\u3000\u3000${p}`, font(11), { horizontal: 'left', vertical: 'top', wrapText: true }, paraHeight(p))
      const t = c.table ? c.block.table : undefined
      if (t) {
        const at = writeTable(ws, r, t, widths, headerHeight(t))
        layouts.push({ sheet: ws, ...at })
        // A table too tall for a page runs on with its header repeated.
        if (c.height > capacity && chunksOnPage.length === 1) repeatTo = at.headerRow
        r = at.lastDataRow + 1
      }
      if (c.notes) for (const p of c.block.notes ?? []) mergedRow(ws, n, r++, p, font(10), { horizontal: 'left', vertical: 'top', wrapText: true }, noteHeight(p))
      if (c.table || c.notes) ws.getRow(r++).height = GAP
    }
    const alone = chunksOnPage.length === 1 && chunksOnPage[0]!.height > capacity
    ws.pageSetup = {
      paperSize: 9, // A4
      orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: alone ? 0 : 1,
      horizontalCentered: true,
      printTitlesRow: `1:${repeatTo}`,
      margins: MARGIN,
    }
    ws.headerFooter = { oddFooter: '&C&"宋体"&10第 &P 页 共 &N 页', evenFooter: '&C&"宋体"&10第 &P 页 共 &N 页' }
  })
  return { sheets, tables: layouts }
}

function writeTable(ws: ExcelJS.Worksheet, start: number, t: DocTable, widths: number[], headerHeight: number): Omit<DocTableLayout, 'sheet'> {
  let r = start
  const k = t.columns.length
  t.columns.forEach((c, i) => {
    const cell = ws.getCell(r, i + 1)
    cell.value = c.header
    cell.font = font(10.5, true)
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    cell.border = BORDER
    cell.fill = HEADER_FILL
  })
  ws.getRow(r).height = headerHeight
  const headerRow = r++
  const totals = new Set(t.totalRows ?? [])
  const firstDataRow = r
  t.rows.forEach((values, idx) => {
    const row = ws.getRow(r++)
    row.height = ROW
    for (let i = 0; i < k; i++) putDataCell(row.getCell(i + 1), t.columns[i]!, values[i], widths[i]!, totals.has(idx), 10.5, true)
  })
  return { headerRow, firstDataRow, lastDataRow: r - 1 }
}
