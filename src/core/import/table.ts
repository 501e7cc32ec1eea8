// Reads an uploaded spreadsheet (CSV in UTF-8/GBK/UTF-16, or .xlsx) into rows of trimmed strings, refusing other formats clearly.

import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import { AppError, describeWhere, type Where } from '../errors'
import { LIMITS, n, overLimit, tooBig } from './limits'
import { checkXlsxPackage, columnLetters, notXlsx } from './xlsx-package'

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
  // Sizes, ratios, rows, columns and cells are checked on the zip and the sheets' XML before exceljs
  // builds anything; it then reads the checked parts only.
  const checked = checkXlsxPackage(fileName, bytes)
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs declares its own Buffer type that today's Node Buffer no longer matches; at run time it wants a Node Buffer.
    await workbook.xlsx.load(checked.zip as unknown as Parameters<ExcelJS.Xlsx['load']>[0])
  } catch {
    throw notXlsx(fileName)
  }
  // exceljs happily "loads" any zip (a .docx, an .ods, a zip of photos) as a workbook with no sheets.
  if (workbook.worksheets.length === 0) throw notXlsx(fileName)
  return workbook.worksheets.map((ws) => {
    const merges = checked.merges.get(ws.id)
    if (!merges) throw notXlsx(fileName, `工作表“${ws.name}”在目录中对应不上`)
    const rows = worksheetRows(fileName, ws, merges)
    return { sheet: ws.name, state: ws.state === 'hidden' || ws.state === 'veryHidden' ? ws.state : 'visible', rows: trimTrailingBlankRows(rows), merges }
  })
}

function worksheetRows(fileName: string, ws: ExcelJS.Worksheet, merges: readonly CellRange[]): string[][] {
  const rows: string[][] = []
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= row.cellCount; c++) {
      const text = cellText(row.getCell(c).value).trim()
      if (text.length > LIMITS.cellChars) throw longCell({ file: fileName, sheet: ws.name, row: r, column: columnLetters(c) }, text.length)
      cells.push(text)
    }
    rows.push(cells)
  }
  // A merged range shows its text once, in the top-left cell; repeating it would invent data. The
  // merges were taken out of the XML (exceljs checks each against every other one), so blank here.
  for (const m of merges) {
    for (let r = m.top; r <= Math.min(m.bottom, rows.length); r++) {
      const cells = rows[r - 1]!
      for (let c = m.left; c <= Math.min(m.right, cells.length); c++) if (r !== m.top || c !== m.left) cells[c - 1] = ''
    }
  }
  for (const cells of rows) while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop()
  return rows
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
  if (bytes.length > LIMITS.csvBytes) throw tooBig(fileName, bytes.length, LIMITS.csvBytes, ' CSV ')
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

  // Row by row, so a file past a limit stops there instead of being built whole first.
  const all: string[][] = []
  let row = 0
  let cells = 0
  let refusal: AppError | undefined
  Papa.parse<string[]>(text, {
    delimiter: guessDelimiter(text),
    skipEmptyLines: false,
    step: (result, parser) => {
      row++
      const stop = (e: AppError) => {
        refusal = e
        parser.abort()
      }
      if (result.errors.some((e) => e.code === 'MissingQuotes')) {
        // An unclosed quote swallows the rest of the file into one cell; importing that would lose rows silently.
        return stop(
          new AppError('import_rejected', `文件 ${fileName} 第 ${row} 行有一个引号（"）没有配对，之后的内容无法正确分列。请检查该行后重新保存。`, {
            where: { file: fileName, row },
          }),
        )
      }
      if (row > LIMITS.rows) {
        // Blank lines at the end (a trailing line break) are no rows of the table.
        if (result.data.every((c) => c.trim() === '')) return
        return stop(overLimit({ file: fileName, row }, `文件 ${fileName} 超过了每个表格 ${n(LIMITS.rows)} 行的上限（第 ${n(row)} 行起），未读取。${SPLIT_ADVICE}`))
      }
      const out = result.data.map((c) => c.trim())
      const long = out.findIndex((c) => c.length > LIMITS.cellChars)
      if (long !== -1) return stop(longCell({ file: fileName, row, column: columnLetters(long + 1) }, out[long]!.length))
      while (out.length > 0 && out[out.length - 1] === '') out.pop()
      if (out.length > LIMITS.columns) {
        return stop(
          overLimit(
            { file: fileName, row, column: columnLetters(out.length) },
            `文件 ${fileName} 第 ${n(row)} 行有 ${n(out.length)} 列，超过了每个表格 ${n(LIMITS.columns)} 列的上限，未读取。${SPLIT_ADVICE}`,
          ),
        )
      }
      cells += out.length
      if (cells > LIMITS.cells) {
        return stop(overLimit({ file: fileName, row }, `文件 ${fileName} 读到第 ${n(row)} 行时已有 ${n(cells)} 个单元格，超过了每个文件 ${n(LIMITS.cells)} 个的上限，未读取。${SPLIT_ADVICE}`))
      }
      all.push(out)
    },
  })
  if (refusal) throw refusal
  const rows = trimTrailingBlankRows(all)
  if (rows.length === 0) throw emptyFile(fileName)
  return { rows }
}

const SPLIT_ADVICE = '请删去不需要的行和列，或分成几个文件后再导入。'

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
  // Line by line from the start (never splitting the whole text, which may be large).
  let tabs = 0
  let commas = 0
  let lines = 0
  for (const m of text.matchAll(/[^\r\n]*/g)) {
    if (m[0] === '') continue
    tabs += m[0].split('\t').length - 1
    commas += m[0].split(',').length - 1
    if (++lines >= 20) break
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

function longCell(where: Where, length: number): AppError {
  return overLimit(
    where,
    `${describeWhere(where)}的文字有 ${n(length)} 个字，超过了每个单元格 ${n(LIMITS.cellChars)} 个字的上限（Excel 也放不下更多），未导入。`,
  )
}
