// Opens an .xlsx the way exceljs will, but first holds it to the limits (limits.ts): the central
// directory's declared sizes and ratios, then each part inflated with its output capped at the
// declared size, then each sheet's rows, columns and cells counted in its XML. exceljs then gets a
// stored zip of exactly the checked parts, so nothing it inflates can be bigger than what was checked.

import { AppError, type Where } from '../errors'
import { LIMITS, n, overLimit, size, tooBig } from './limits'
import { countElements, scanSheetXml, type SheetXmlOver } from './sheet-xml'
import type { CellRange } from './table'
import { inflateEntry, readZipDirectory, type ZipEntry, ZipFormatError, writeStoredZip } from './zip-directory'

export interface CheckedXlsx {
  /** a stored zip of the parts exceljs reads, each checked */
  zip: Buffer
  /** by sheetId (exceljs's `worksheet.id`): merged ranges, taken out of the XML exceljs parses */
  merges: Map<number, CellRange[]>
}

// The parts exceljs 4.4 reads (xlsx.js `load`): everything else it inflates and throws away, so
// it is left out. Media it only copies, so they go in empty and are never inflated.
const WORKSHEET = /xl\/worksheets\/sheet(\d+)[.]xml/
const MEDIA = /xl\/media\/([a-zA-Z0-9]+[.][a-zA-Z0-9]{3,4})$/
const PARSED: readonly RegExp[] = [
  /^_rels\/\.rels$/,
  /^xl\/workbook\.xml$/,
  /^xl\/_rels\/workbook\.xml\.rels$/,
  /^xl\/sharedStrings\.xml$/,
  /^xl\/styles\.xml$/,
  /^docProps\/app\.xml$/,
  /^docProps\/core\.xml$/,
  WORKSHEET,
  /xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/,
  /xl\/theme\/([a-zA-Z0-9]+)[.]xml/,
  MEDIA,
  /xl\/drawings\/([a-zA-Z0-9]+)[.]xml/,
  /xl\/(comments\d+)[.]xml/,
  /xl\/tables\/(table\d+)[.]xml/,
  /xl\/drawings\/_rels\/([a-zA-Z0-9]+)[.]xml[.]rels/,
  /xl\/drawings\/(vmlDrawing\d+)[.]vml/,
]

/** Excel's own limit for a sheet's name. */
const SHEET_NAME_MAX = 31

export function checkXlsxPackage(fileName: string, bytes: Uint8Array): CheckedXlsx {
  const L = LIMITS.xlsx
  const file: Where = { file: fileName }
  if (bytes.length > L.fileBytes) throw tooBig(fileName, bytes.length, L.fileBytes, ' .xlsx ')

  let listed: { entries: ZipEntry[]; declared: number }
  try {
    listed = readZipDirectory(bytes, L.entries)
  } catch (e) {
    if (e instanceof ZipFormatError) throw damaged(fileName, e.message)
    throw e
  }
  if (listed.declared > L.entries) {
    throw overLimit(file, `文件 ${fileName} 的压缩包里有 ${n(listed.declared)} 个部分，超过了 ${n(L.entries)} 个的上限，不像是 Excel 保存的表格，未读取。`)
  }
  const entries = listed.entries.map((e) => ({ ...e, name: e.name.replace(/^\/+/, '') }))
  const names = new Set<string>()
  for (const e of entries) {
    if (names.has(e.name)) throw damaged(fileName, `部分 ${e.name} 出现了两次`)
    names.add(e.name)
  }

  // The workbook part first (it is small): it names the sheets the messages below talk about.
  const find = (name: string) => entries.find((e) => e.name === name)
  const sheetNames = new Map<string, string>()
  const sheetIds = new Map<number, string>()
  const book = find('xl/workbook.xml')
  const bookRels = find('xl/_rels/workbook.xml.rels')
  // Only when they are within the limits the loop below holds them to (200 sheets take ~20 KB,
  // though thousands of defined names can make the workbook part a few MB).
  const plausible = (e: ZipEntry) =>
    e.uncompressedSize <= L.otherPartsBytes && (e.uncompressedSize <= L.ratioFromBytes || e.uncompressedSize <= e.compressedSize * L.ratio)
  if (book && bookRels && plausible(book) && plausible(bookRels)) {
    const rels = relationships(inflated(fileName, bytes, bookRels).toString('utf8'))
    for (const s of sheetElements(inflated(fileName, bytes, book).toString('utf8'))) {
      if (s.name.length > SHEET_NAME_MAX) throw damaged(fileName, `工作表名称超过 ${SHEET_NAME_MAX} 个字`)
      const target = rels.get(s.rId)
      if (target === undefined) continue
      // exceljs resolves a sheet's part the same way (xlsx.js `reconcile`).
      const part = `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`
      sheetNames.set(part, s.name)
      if (!Number.isNaN(s.id)) sheetIds.set(s.id, part)
    }
  }
  const partName = (name: string) => (sheetNames.has(name) ? `工作表“${sheetNames.get(name)}”（${name}）` : `部分 ${name}`)
  const partWhere = (name: string): Where => (sheetNames.has(name) ? { file: fileName, sheet: sheetNames.get(name)! } : file)

  // What the directory declares, before anything big is inflated.
  let total = 0
  for (const e of entries) {
    total += e.uncompressedSize
    if (e.uncompressedSize > L.partBytes) {
      throw overLimit(
        partWhere(e.name),
        `文件 ${fileName} 的${partName(e.name)}解压后有 ${size(e.uncompressedSize)}，超过了每个部分 ${size(L.partBytes)} 的上限，未读取。` + TOO_BIG_ADVICE,
      )
    }
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize)
    if (e.uncompressedSize > L.ratioFromBytes && ratio > L.ratio) throw bomb(fileName, partName(e.name), partWhere(e.name), ratio)
  }
  if (total > L.totalBytes) {
    throw overLimit(file, `文件 ${fileName} 解压后共有 ${size(total)}，超过了 ${size(L.totalBytes)} 的上限，未读取。` + TOO_BIG_ADVICE)
  }
  if (total > L.ratioFromBytes && total / bytes.length > L.ratio) throw bomb(fileName, '内容', file, total / bytes.length)

  const kept = entries.filter((e) => PARSED.some((re) => re.test(e.name)))
  const sheetCount = kept.filter((e) => WORKSHEET.test(e.name)).length
  if (sheetCount > L.sheets) {
    throw overLimit(file, `文件 ${fileName} 有 ${n(sheetCount)} 个工作表，超过了 ${n(L.sheets)} 个的上限，未读取。请把工作表分到几个文件中。`)
  }
  // Sheets and shared strings are counted cell by cell below; the rest exceljs parses is held by size.
  const others = kept.filter((e) => !WORKSHEET.test(e.name) && !MEDIA.test(e.name) && e.name !== 'xl/sharedStrings.xml')
  const otherBytes = others.reduce((sum, e) => sum + e.uncompressedSize, 0)
  if (otherBytes > L.otherPartsBytes) {
    throw overLimit(
      file,
      `文件 ${fileName} 中表格以外的部分（样式、批注、图形等）解压后共有 ${size(otherBytes)}，超过了 ${size(L.otherPartsBytes)} 的上限，未读取。请在 Excel 或 WPS 中把表格复制到新工作簿（只粘贴数值）后再导入。`,
    )
  }

  // What the parts really hold.
  let cellsLeft: number = LIMITS.cells
  const merges = new Map<string, CellRange[]>()
  const parts: Array<{ name: string; data: Buffer }> = []
  for (const e of kept) {
    const sheet = WORKSHEET.test(e.name)
    if (!sheet && MEDIA.test(e.name)) {
      parts.push({ name: e.name, data: Buffer.alloc(0) })
      continue
    }
    let data = inflated(fileName, bytes, e, partName(e.name), partWhere(e.name))
    if (sheet) {
      const scan = scanSheetXml(data, { rows: LIMITS.rows, columns: LIMITS.columns, cells: cellsLeft })
      if ('over' in scan) throw sheetOver(fileName, sheetNames.get(e.name), e.name, scan, LIMITS.cells - cellsLeft)
      cellsLeft -= scan.cells
      merges.set(e.name, scan.merges)
      data = scan.xml
    } else if (e.name === 'xl/sharedStrings.xml') {
      const strings = countElements(data, 'si', LIMITS.cells)
      if (strings > LIMITS.cells) {
        throw overLimit(file, `文件 ${fileName} 有超过 ${n(LIMITS.cells)} 段不同的文字，超过了每个文件 ${n(LIMITS.cells)} 个单元格的上限，未读取。` + TOO_BIG_ADVICE)
      }
    }
    parts.push({ name: e.name, data })
  }
  const byId = new Map<number, CellRange[]>()
  for (const [id, part] of sheetIds) byId.set(id, merges.get(part) ?? [])
  return { zip: writeStoredZip(parts), merges: byId }
}

const TOO_BIG_ADVICE = '请删去不需要的工作表、行和列（包括表格下方设置了格式的空行），或分成几个文件后再导入。'

/** The part's bytes; `label` and `where` name it (as a sheet when it is one) if it is refused. */
function inflated(fileName: string, bytes: Uint8Array, e: ZipEntry, label = `部分 ${e.name}`, where: Where = { file: fileName }): Buffer {
  const r = inflateEntry(bytes, e)
  if ('data' in r) return r.data
  if (r.problem === 'larger') {
    throw overLimit(where, `文件 ${fileName} 的${label}解压后比压缩包目录写明的 ${size(e.uncompressedSize)} 还大：文件已损坏或是有意构造的，未读取。`)
  }
  throw damaged(fileName, r.problem === 'smaller' ? `部分 ${e.name} 比写明的小` : `部分 ${e.name} 的数据校验不对`)
}

/** A zip that is no workbook exceljs can read; `reason` says what is wrong when it is known. */
export function notXlsx(fileName: string, reason = '可能是其他格式或文件已损坏'): AppError {
  return new AppError(
    'unsupported_file',
    `文件 ${fileName} 是压缩包，但不是有效的 .xlsx 表格（${reason}）。请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入。`,
    { where: { file: fileName } },
  )
}

function damaged(fileName: string, reason: string): AppError {
  return notXlsx(fileName, `文件已损坏：${reason}`)
}

function bomb(fileName: string, what: string, where: Where, ratio: number): AppError {
  return overLimit(
    where,
    `文件 ${fileName} 的${what}压缩比为 ${n(Math.round(ratio))}:1，超过了 ${LIMITS.xlsx.ratio}:1 的上限（Excel 保存的表格一般在 20:1 以内），可能是有意构造的“压缩炸弹”，未读取。`,
  )
}

function sheetOver(fileName: string, sheet: string | undefined, part: string, o: SheetXmlOver, cellsBefore: number): AppError {
  const where: Where = { file: fileName, ...(sheet !== undefined ? { sheet } : {}), row: o.row }
  const label = sheet !== undefined ? `工作表“${sheet}”` : `部分 ${part}`
  if (o.over === 'rows') {
    return overLimit(where, `文件 ${fileName} 的${label}有 ${n(o.count)} 行，超过了每个工作表 ${n(LIMITS.rows)} 行的上限，未读取。` + TOO_BIG_ADVICE)
  }
  if (o.over === 'columns') {
    return overLimit(
      { ...where, column: columnLetters(o.column!) },
      `文件 ${fileName} 的${label}第 ${n(o.row)} 行用到了第 ${n(o.count)} 列（${columnLetters(o.count)} 列），超过了每个工作表 ${n(LIMITS.columns)} 列的上限，未读取。` + TOO_BIG_ADVICE,
    )
  }
  return overLimit(
    where,
    `文件 ${fileName} 读到${label}第 ${n(o.row)} 行时已有 ${n(cellsBefore + o.count)} 个单元格（含合并的单元格），超过了每个文件 ${n(LIMITS.cells)} 个的上限，未读取。` + TOO_BIG_ADVICE,
  )
}

/** 1 → A, 27 → AA, 16384 → XFD */
export function columnLetters(col: number): string {
  let s = ''
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s
  return s
}

// ---------------------------------------------------------------------------------------------
// the workbook part: sheet names and where their parts are

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of tag.matchAll(/([^\s=/<>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1]!, decodeXml(m[2] ?? m[3] ?? ''))
  return out
}

function sheetElements(xml: string): Array<{ name: string; id: number; rId: string }> {
  const out: Array<{ name: string; id: number; rId: string }> = []
  for (const m of xml.matchAll(/<sheet\s[^>]*>/g)) {
    const a = attributes(m[0])
    out.push({ name: a.get('name') ?? '', id: parseInt(a.get('sheetId') ?? '', 10), rId: a.get('r:id') ?? '' })
  }
  return out
}

function relationships(xml: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of xml.matchAll(/<Relationship\s[^>]*>/g)) {
    const a = attributes(m[0])
    if (a.has('Id') && a.has('Target')) out.set(a.get('Id')!, a.get('Target')!)
  }
  return out
}

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (all, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
    if (e[0] !== '#') return named[e.toLowerCase()] ?? all
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    return code <= 0x10ffff ? String.fromCodePoint(code) : all
  })
}
