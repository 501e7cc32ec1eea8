// A worksheet's XML measured before exceljs parses it: its last row, its widest row, how many cells
// the reader would build, and its merged ranges; and the XML without the parts exceljs would blow
// up (a validation over a whole column becomes a million entries; each merge is checked against
// every earlier one). A byte scan: a 50 MB sheet takes a fraction of a second and no extra memory.

import type { CellRange } from './table'

export interface SheetXml {
  /** the highest row number (exceljs builds every row up to it) */
  rows: number
  /** the highest column number */
  columns: number
  /** cells the reader builds: each row counted up to its last cell */
  cells: number
  merges: CellRange[]
  /** the same XML without <mergeCells> and <dataValidations> */
  xml: Buffer
}

/** The sheet passes a limit: which one, the count reached and the row (and column) it was reached at. */
export interface SheetXmlOver {
  over: 'rows' | 'columns' | 'cells'
  count: number
  row: number
  column?: number
}

export interface SheetXmlLimits {
  rows: number
  columns: number
  /** cells left for this sheet in the file's budget */
  cells: number
}

const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f
const EQ = 0x3d
const DQ = 0x22
const SQ = 0x27
const BANG = 0x21
const QUESTION = 0x3f

const bytes = (s: string) => Buffer.from(s, 'latin1')
const ROW = bytes('row')
const CELL = bytes('c')
const MERGE_CELL = bytes('mergeCell')
const REF = bytes('ref')
const R = bytes('r')
/** Left out of what exceljs parses; the reader does without them. */
const CUT: readonly Buffer[] = [bytes('mergeCells'), bytes('dataValidations')]

/**
 * Counts rows and cells the way exceljs will build them (row number from `r`, column from the
 * letters of a cell's `r`, the next one when missing) and stops at the first limit passed. exceljs
 * knows elements by their exact name, so a prefixed <x:row> is nothing to it and nothing here.
 * Every element starts with `<`, which no attribute value or escaped text contains, and comments
 * and CDATA are skipped: no element exceljs sees is missed.
 */
export function scanSheetXml(xml: Buffer, limits: SheetXmlLimits): SheetXml | SheetXmlOver {
  let rows = 0
  let columns = 0
  let cells = 0
  let row = 0
  let lastCol = 0
  let inRow = false
  const merges: CellRange[] = []
  const cuts: Array<[number, number]> = []
  const open = new Map<Buffer, number>()

  const endRow = (): SheetXmlOver | undefined => {
    if (!inRow) return undefined
    inRow = false
    cells += lastCol
    return cells > limits.cells ? { over: 'cells', count: cells, row } : undefined
  }

  let pos = 0
  while ((pos = xml.indexOf(LT, pos)) !== -1) {
    const first = xml[pos + 1]
    if (first === BANG || first === QUESTION) {
      pos = skipMarkup(xml, pos)
      if (pos === -1) break
      continue
    }
    const closing = first === SLASH
    const at = closing ? pos + 2 : pos + 1
    if (!closing && isName(xml, at, CELL)) {
      const tag = readTag(xml, at + 1, R)
      const c = tag.value ? columnAt(xml, tag.value[0], tag.value[1]) : NaN
      const col = Number.isNaN(c) ? lastCol + 1 : c
      if (col > columns) columns = col
      if (col > limits.columns) return { over: 'columns', count: col, row, column: col }
      if (col > lastCol) lastCol = col
    } else if (isName(xml, at, ROW)) {
      const over = endRow()
      if (over) return over
      if (!closing) {
        const tag = readTag(xml, at + ROW.length, R)
        const r = tag.value ? parseInt(xml.toString('latin1', tag.value[0], tag.value[1]), 10) : NaN
        row = Number.isNaN(r) ? row + 1 : r
        if (row > rows) rows = row
        if (rows > limits.rows) return { over: 'rows', count: lastRowNumber(xml, rows), row }
        inRow = true
        lastCol = 0
        if (tag.selfClosing) {
          const o = endRow()
          if (o) return o
        }
      }
    } else if (!closing && isName(xml, at, MERGE_CELL)) {
      const tag = readTag(xml, at + MERGE_CELL.length, REF)
      const range = tag.value ? rangeOf(xml.toString('latin1', tag.value[0], tag.value[1])) : undefined
      if (range) merges.push(range)
    } else {
      const cut = CUT.find((name) => isName(xml, at, name))
      if (cut) {
        const tag = readTag(xml, at + cut.length)
        if (closing) {
          const start = open.get(cut)
          if (start !== undefined) cuts.push([start, tag.end + 1])
          open.delete(cut)
        } else if (tag.selfClosing) cuts.push([pos, tag.end + 1])
        else open.set(cut, pos)
      }
    }
    pos = at
  }
  const over = endRow()
  if (over) return over
  // The reader blanks the covered cells of each merge itself: merged cells count, within the sheet.
  for (const m of merges) {
    if (m.top > rows || m.left > columns) continue
    cells += (Math.min(m.bottom, rows) - m.top + 1) * (Math.min(m.right, columns) - m.left + 1)
    if (cells > limits.cells) return { over: 'cells', count: cells, row: m.top, column: m.left }
  }
  return { rows, columns, cells, merges, xml: cuts.length === 0 ? xml : without(xml, cuts) }
}

/** How many elements named exactly `name` the XML has, counting up to `max + 1`. */
export function countElements(xml: Buffer, name: string, max: number): number {
  const wanted = bytes(name)
  let count = 0
  let pos = 0
  while (count <= max && (pos = xml.indexOf(LT, pos)) !== -1) {
    const first = xml[pos + 1]
    if (first === BANG || first === QUESTION) {
      pos = skipMarkup(xml, pos)
      if (pos === -1) break
      continue
    }
    if (isName(xml, pos + 1, wanted)) count++
    pos++
  }
  return count
}

/** The element name at `at` is exactly `name`. */
function isName(xml: Buffer, at: number, name: Buffer): boolean {
  for (let i = 0; i < name.length; i++) if (xml[at + i] !== name[i]) return false
  const after = xml[at + name.length]
  return after === GT || after === SLASH || (after !== undefined && isSpace(after))
}

/**
 * The rest of a tag from just after its name: where it ends (`>`, skipping quoted values, which
 * may hold one), whether it closes itself, and the value of attribute `want` (its byte span).
 */
function readTag(xml: Buffer, from: number, want?: Buffer): { end: number; selfClosing: boolean; value?: [number, number] } {
  let value: [number, number] | undefined
  let p = from
  while (p < xml.length) {
    const b = xml[p]!
    if (b === GT) return { end: p, selfClosing: xml[p - 1] === SLASH, value }
    if (b === DQ || b === SQ) {
      const close = xml.indexOf(b, p + 1)
      if (close === -1) break
      p = close + 1
      continue
    }
    if (want && !isSpace(b) && b !== SLASH && b !== EQ) {
      // an attribute name: take its value when it is the one wanted
      const nameStart = p
      while (p < xml.length && xml[p] !== EQ && xml[p] !== GT && !isSpace(xml[p]!)) p++
      const matches = p - nameStart === want.length && xml.subarray(nameStart, p).equals(want)
      while (p < xml.length && isSpace(xml[p]!)) p++
      if (xml[p] !== EQ) continue
      p++
      while (p < xml.length && isSpace(xml[p]!)) p++
      const quote = xml[p]
      if (quote !== DQ && quote !== SQ) continue
      const close = xml.indexOf(quote, p + 1)
      if (close === -1) break
      if (matches && !value) value = [p + 1, close]
      p = close + 1
      continue
    }
    p++
  }
  return { end: xml.length - 1, selfClosing: false, value }
}

const COMMENT_END = bytes('-->')
const CDATA = bytes('<![CDATA[')
const CDATA_END = bytes(']]>')
const PI_END = bytes('?>')

/** Where scanning goes on after the comment, CDATA section, processing instruction or declaration
 * at `pos` (-1: never closed). Their content is text to an XML parser, never elements. */
function skipMarkup(xml: Buffer, pos: number): number {
  const past = (needle: Buffer, from: number) => {
    const at = xml.indexOf(needle, from)
    return at === -1 ? -1 : at + needle.length
  }
  if (xml[pos + 1] === QUESTION) return past(PI_END, pos + 2)
  if (xml[pos + 2] === 0x2d && xml[pos + 3] === 0x2d) return past(COMMENT_END, pos + 4)
  if (xml.subarray(pos, pos + CDATA.length).equals(CDATA)) return past(CDATA_END, pos + CDATA.length)
  // <!DOCTYPE …> and the like: declarations, not elements.
  const end = readTag(xml, pos + 2).end
  return end + 1
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d
}

/** The column of a cell reference as exceljs reads it: the capital letters before the digits. */
export function columnOf(ref: string): number {
  return columnAt(Buffer.from(ref, 'latin1'), 0, ref.length)
}

function columnAt(xml: Buffer, from: number, to: number): number {
  let col = 0
  let letters = false
  for (let i = from; i < to; i++) {
    const ch = xml[i]!
    if (ch >= 48 && ch <= 57) break
    if (ch >= 65 && ch <= 90) {
      letters = true
      col = col * 26 + ch - 64
      // Past any limit already; keeps the number finite for a reference made of 500 letters.
      if (col > 1e9) return col
    }
  }
  return letters ? col : NaN
}

function rowOf(ref: string): number {
  const m = /\d+/.exec(ref)
  return m ? Number(m[0]) : NaN
}

function rangeOf(ref: string): CellRange | undefined {
  const [a = '', b = a] = ref.split(':')
  const top = rowOf(a)
  const left = columnOf(a)
  const bottom = rowOf(b)
  const right = columnOf(b)
  if ([top, left, bottom, right].some((v) => Number.isNaN(v) || v < 1)) return undefined
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) }
}

/** The number of the sheet's last <row>, looked for from the end: what the message reports. */
function lastRowNumber(xml: Buffer, atLeast: number): number {
  const tag = bytes('<row')
  for (let p = xml.lastIndexOf(tag); p >= 0; p = p > 0 ? xml.lastIndexOf(tag, p - 1) : -1) {
    if (!isName(xml, p + 1, ROW)) continue
    const value = readTag(xml, p + tag.length, R).value
    const r = value ? parseInt(xml.toString('latin1', value[0], value[1]), 10) : NaN
    return Number.isNaN(r) ? atLeast : Math.max(r, atLeast)
  }
  return atLeast
}

function without(xml: Buffer, cuts: ReadonlyArray<[number, number]>): Buffer {
  const parts: Buffer[] = []
  let from = 0
  for (const [start, end] of [...cuts].sort((a, b) => a[0] - b[0])) {
    if (start < from) continue
    parts.push(xml.subarray(from, start))
    from = end
  }
  parts.push(xml.subarray(from))
  return Buffer.concat(parts)
}
