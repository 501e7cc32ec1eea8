// Reads an uploaded spreadsheet (CSV in UTF-8/GBK/UTF-16, or .xlsx) into rows of trimmed strings, refusing other formats clearly.

import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import { AppError } from '../errors'

export interface Table {
  /** Worksheet name, for .xlsx only. */
  sheet?: string
  /** rows[i] is spreadsheet row i + 1 (CSV record i + 1); blank rows stay in place so numbers match what the user sees. */
  rows: string[][]
}

/** A merged range of cells, 1-based and inclusive; its text is in the top-left cell. */
export interface CellRange {
  top: number
  left: number
  bottom: number
  right: number
}

/** One worksheet of a workbook (a CSV file is one sheet without a name). */
export interface SheetTable extends Table {
  /** Hidden sheets hold a template's lists and marker; users mean the visible ones. */
  state: 'visible' | 'hidden' | 'veryHidden'
  merges: CellRange[]
}

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
/** An empty zip has only the end-of-central-directory record. */
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06]
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46] // %PDF

export async function readTable(fileName: string, bytes: Uint8Array): Promise<Table> {
  const sheets = await readWorkbook(fileName, bytes)
  // Templates often keep dropdown lists on a hidden first sheet; the user means the sheet they can see.
  const candidates = [...sheets.filter((s) => s.state === 'visible'), ...sheets.filter((s) => s.state !== 'visible')]
  for (const s of candidates) {
    if (s.rows.some((r) => r.some((c) => c !== ''))) return s.sheet === undefined ? { rows: s.rows } : { sheet: s.sheet, rows: s.rows }
  }
  throw emptyFile(fileName)
}

/**
 * Every sheet of an uploaded spreadsheet, in workbook order, with its merged ranges; a CSV file
 * gives one sheet. Refuses what is not a table (old .xls/.et, encrypted, PDF, binary) clearly.
 */
export async function readWorkbook(fileName: string, bytes: Uint8Array): Promise<SheetTable[]> {
  const where = { file: fileName }
  if (bytes.length === 0) throw emptyFile(fileName)

  if (startsWith(bytes, OLE2_MAGIC)) {
    // Excel stores password-protected .xlsx inside an OLE2 container too; telling the user "old format" would mislead.
    if (containsUtf16le(bytes, 'EncryptionInfo')) {
      throw new AppError(
        'unsupported_file',
        `文件 ${fileName} 设置了打开密码，本程序不能读取加密的表格。请在 Excel 或 WPS 中取消密码，或另存为不加密的 .xlsx 或 CSV 后再导入。`,
        { where },
      )
    }
    // WPS Writer (.wps) and old Word (.doc) files are OLE2 as well: documents, not tables.
    if (/\.(wps|doc)$/i.test(fileName)) {
      throw new AppError(
        'unsupported_file',
        `文件 ${fileName} 是 WPS 文字或 Word 文档，不是表格。请把表格复制到 Excel 或 WPS 表格中，另存为 .xlsx 或 CSV 后再导入。`,
        { where },
      )
    }
    throw new AppError(
      'unsupported_file',
      `文件 ${fileName} 是旧版 Excel（.xls）或 WPS（.et）格式，本程序不能直接读取。请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入。`,
      { where },
    )
  }
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) return readXlsx(fileName, bytes)
  if (startsWith(bytes, PDF_MAGIC) || looksBinary(bytes)) throw notATable(fileName)
  return [{ ...readText(fileName, bytes), state: 'visible', merges: [] }]
}

// ---------------------------------------------------------------------------------------------
// .xlsx

async function readXlsx(fileName: string, bytes: Uint8Array): Promise<SheetTable[]> {
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs declares its own Buffer type that today's Node Buffer no longer matches; at run time it wants a Node Buffer.
    await workbook.xlsx.load(toBuffer(bytes) as unknown as Parameters<ExcelJS.Xlsx['load']>[0])
  } catch {
    throw notXlsx(fileName)
  }
  // exceljs happily "loads" any zip (a .docx, an .ods, a zip of photos) as a workbook with no sheets.
  if (workbook.worksheets.length === 0) throw notXlsx(fileName)
  return workbook.worksheets.map((ws) => {
    const { rows, merges } = worksheetRows(ws)
    return { sheet: ws.name, state: ws.state === 'hidden' || ws.state === 'veryHidden' ? ws.state : 'visible', rows: trimTrailingBlankRows(rows), merges }
  })
}

function worksheetRows(ws: ExcelJS.Worksheet): { rows: string[][]; merges: CellRange[] } {
  const rows: string[][] = []
  const merges = new Map<string, CellRange>()
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c)
      if (cell.type === ExcelJS.ValueType.Merge) {
        // A merged range shows its text once, in the top-left cell; repeating it would invent data.
        cells.push('')
        const m = cell.master
        const range = merges.get(m.address)
        if (range) {
          range.bottom = Math.max(range.bottom, r)
          range.right = Math.max(range.right, c)
        } else merges.set(m.address, { top: Number(m.row), left: Number(m.col), bottom: r, right: c })
      } else cells.push(cellText(cell.value).trim())
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop()
    rows.push(cells)
  }
  return { rows, merges: [...merges.values()] }
}

/** Mirrors what the user sees in the cell, as plain text. */
function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return numberText(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return dateText(value)
  if ('richText' in value) return value.richText.map((run) => run.text).join('')
  if ('error' in value) return String(value.error)
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText((value as ExcelJS.CellFormulaValue | ExcelJS.CellSharedFormulaValue).result as ExcelJS.CellValue)
  }
  if ('hyperlink' in value) {
    // exceljs types say string, but a styled link keeps its text as rich text.
    const text: unknown = value.text
    return typeof text === 'string' ? text : cellText(text as ExcelJS.CellValue)
  }
  return ''
}

function numberText(n: number): string {
  // String() switches to exponent notation at 1e21; codes and ids must stay a plain digit string.
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString()
  return String(n)
}

function dateText(d: Date): string {
  // exceljs turns a date serial into a UTC instant, so the UTC fields are the calendar date the user typed.
  const ymd = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
  const seconds = Math.round((d.getTime() % 86_400_000) / 1000)
  if (seconds === 0 || seconds === 86_400) return ymd
  // Keeping the time of day makes a date-only field reject the cell instead of silently dropping the time.
  return `${ymd} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

// ---------------------------------------------------------------------------------------------
// CSV and tab-separated text

function readText(fileName: string, bytes: Uint8Array): Table {
  const where = { file: fileName }
  const text = decodeText(bytes)
  if (text.trim() === '') throw emptyFile(fileName)

  // Government web systems often export an HTML or XML page under a .xls name; parsed as CSV it would be nonsense.
  if (/^<(\?xml|!doctype|html|table|meta|head|body)\b/i.test(text.trimStart())) {
    throw new AppError(
      'unsupported_file',
      `文件 ${fileName} 实际是网页（HTML）或 XML 格式，不是真正的表格文件。请用 Excel 或 WPS 打开后“另存为” .xlsx 或 CSV 再导入。`,
      { where },
    )
  }

  const parsed = Papa.parse<string[]>(text, { delimiter: guessDelimiter(text), skipEmptyLines: false })
  const unclosed = parsed.errors.find((e) => e.code === 'MissingQuotes')
  if (unclosed) {
    // An unclosed quote swallows the rest of the file into one cell; importing that would lose rows silently.
    const row = (unclosed.row ?? 0) + 1
    throw new AppError(
      'import_rejected',
      `文件 ${fileName} 第 ${row} 行有一个引号（"）没有配对，之后的内容无法正确分列。请检查该行后重新保存。`,
      { where: { file: fileName, row } },
    )
  }
  const rows = trimTrailingBlankRows(
    parsed.data.map((cells) => {
      const out = cells.map((c) => c.trim())
      while (out.length > 0 && out[out.length - 1] === '') out.pop()
      return out
    }),
  )
  if (rows.length === 0) throw emptyFile(fileName)
  return { rows }
}

function decodeText(bytes: Uint8Array): string {
  // Excel's "Unicode 文本" export is UTF-16 with a byte-order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(toBuffer(bytes.subarray(2)), 'utf16le')
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(toBuffer(bytes.subarray(2)), 'utf16be')
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    // Chinese Windows Excel saves CSV in the ANSI code page (GBK); GB18030 is its superset, so rare
    // characters in village names decode too.
    return iconv.decode(toBuffer(body), 'gb18030')
  }
}

/**
 * Tab when the first lines that hold a separator have more tabs than commas (Excel's "文本文件(制表符
 * 分隔)"), else comma. A title line above the table holds neither, so it does not decide.
 */
function guessDelimiter(text: string): string {
  let tabs = 0
  let commas = 0
  for (const line of text.split(/\r\n|\r|\n/, 20)) {
    tabs += line.split('\t').length - 1
    commas += line.split(',').length - 1
  }
  return tabs > commas ? '\t' : ','
}

// ---------------------------------------------------------------------------------------------
// sniffing helpers

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)
}

function looksBinary(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false
  const sample = bytes.subarray(0, 64 * 1024)
  let control = 0
  for (const b of sample) {
    if (b === 0) return true
    // Tab, LF, FF, CR and DOS end-of-file (0x1A) turn up in real text files.
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1a) || b === 0x7f) control++
  }
  return control >= 2 && control > sample.length * 0.02
}

function containsUtf16le(bytes: Uint8Array, ascii: string): boolean {
  const needle = Buffer.from(ascii, 'utf16le')
  return toBuffer(bytes).includes(needle)
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function trimTrailingBlankRows(rows: string[][]): string[][] {
  let end = rows.length
  while (end > 0 && rows[end - 1]!.every((c) => c === '')) end--
  return rows.slice(0, end)
}

function emptyFile(fileName: string): AppError {
  return new AppError('import_rejected', `文件 ${fileName} 是空的，没有可导入的内容。`, { where: { file: fileName } })
}

function notATable(fileName: string): AppError {
  return new AppError('unsupported_file', `文件 ${fileName} 不是表格文件（CSV 或 .xlsx），无法导入。`, {
    where: { file: fileName },
  })
}

function notXlsx(fileName: string): AppError {
  return new AppError(
    'unsupported_file',
    `文件 ${fileName} 是压缩包，但不是有效的 .xlsx 表格（可能是其他格式或文件已损坏）。请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入。`,
    { where: { file: fileName } },
  )
}
