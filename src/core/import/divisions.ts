// Parses and checks an uploaded division list (市/县/乡镇/村 with statistics codes); all problems or nothing.

import { TEXT_MAX } from '../domain/text-limits'
import type { Division, DivisionLevel } from '../domain/types'
import { AppError, type ProblemDetail, type Where } from '../errors'
import { toAsciiDigits } from './cells'
import { tooLong } from './limits'
import { readTable } from './table'

export interface DivisionCounts {
  city: number
  county: number
  township: number
  village: number
}

export interface DivisionFileResult {
  divisions: Division[]
  counts: DivisionCounts
}

export interface DivisionRowsResult extends DivisionFileResult {
  /** Every problem found, in row order; empty when the rows can be imported. */
  problems: ProblemDetail[]
}

/** Enough for a user to fix a file in a few rounds without an unreadable wall of messages. */
export const MAX_PROBLEM_DETAILS = 200

export async function parseDivisionFile(
  fileName: string,
  bytes: Uint8Array,
  existing?: ReadonlyMap<string, Division>,
): Promise<DivisionFileResult> {
  const table = await readTable(fileName, bytes)
  const { divisions, counts, problems } = validateDivisionRows(table.rows, { file: fileName, sheet: table.sheet }, existing)
  if (problems.length > 0) {
    throw new AppError('import_rejected', `文件 ${fileName} 有 ${problems.length} 处问题，未导入任何数据。`, {
      where: { file: fileName },
      details: problems.slice(0, MAX_PROBLEM_DETAILS),
    })
  }
  return { divisions, counts }
}

// ---------------------------------------------------------------------------------------------

type ColumnKey = 'level' | 'code' | 'name' | 'parent_code' | 'urban_rural_code'

const REQUIRED_COLUMNS: readonly ColumnKey[] = ['level', 'code', 'name', 'parent_code']

const COLUMN_LABEL: Record<ColumnKey, string> = {
  level: 'level（级别）',
  code: 'code（代码）',
  name: 'name（名称）',
  parent_code: 'parent_code（上级代码）',
  urban_rural_code: 'urban_rural_code（城乡分类代码）',
}

/** Keys are in normalized form (see normalizeHeader). */
const HEADER_SYNONYMS: ReadonlyMap<string, ColumnKey> = new Map([
  ['level', 'level'],
  ['级别', 'level'],
  ['层级', 'level'],
  ['code', 'code'],
  ['代码', 'code'],
  ['区划代码', 'code'],
  ['统计用区划代码', 'code'],
  ['name', 'name'],
  ['名称', 'name'],
  ['区划名称', 'name'],
  ['parentcode', 'parent_code'],
  ['上级代码', 'parent_code'],
  ['父级代码', 'parent_code'],
  ['urbanruralcode', 'urban_rural_code'],
  ['城乡分类代码', 'urban_rural_code'],
])

const LEVEL_SYNONYMS: ReadonlyMap<string, DivisionLevel> = new Map([
  ['city', 'city'],
  ['市', 'city'],
  ['county', 'county'],
  ['县', 'county'],
  ['区县', 'county'],
  ['区', 'county'],
  ['县级市', 'county'],
  ['县区', 'county'],
  ['township', 'township'],
  ['乡镇', 'township'],
  ['乡', 'township'],
  ['镇', 'township'],
  ['街道', 'township'],
  ['village', 'village'],
  ['村', 'village'],
  ['社区', 'village'],
  ['村委会', 'village'],
  ['居委会', 'village'],
])

const LEVEL_LABEL: Record<DivisionLevel, string> = {
  city: '市级',
  county: '县级',
  township: '乡镇级',
  village: '村级',
}

const CODE_LENGTH: Record<DivisionLevel, number> = { city: 6, county: 6, township: 9, village: 12 }

const PARENT_LEVEL: Record<DivisionLevel, DivisionLevel | undefined> = {
  city: undefined,
  county: 'city',
  township: 'county',
  village: 'township',
}

/** How far down to look for the header when the sheet starts with a title line such as 「临汾市区划代码表」. */
const HEADER_SEARCH_ROWS = 10

interface ParsedRow {
  row: number
  level?: DivisionLevel
  code?: string
  name: string
  parentCode?: string
  urbanRuralCode?: string
}

/**
 * Checks table rows (rows[i] is file row i + 1) and builds the divisions. Pure: the caller decides what
 * to do with the problems. `existing` supplies parents that are already in the data folder.
 */
export function validateDivisionRows(
  rows: readonly (readonly string[])[],
  source: { file: string; sheet?: string },
  existing?: ReadonlyMap<string, Division>,
): DivisionRowsResult {
  const problems: ProblemDetail[] = []
  const counts: DivisionCounts = { city: 0, county: 0, township: 0, village: 0 }
  const at = (row: number, column?: string): Where => {
    const w: Where = { file: source.file }
    if (source.sheet !== undefined) w.sheet = source.sheet
    w.row = row
    if (column !== undefined) w.column = column
    return w
  }

  const header = findHeader(rows)
  if (!header) {
    // Only blank rows: readTable normally rejects this first, but the pure function must not assume it.
    return { divisions: [], counts, problems: [{ message: `文件 ${source.file} 是空的，没有可导入的内容。`, where: { file: source.file } }] }
  }
  if (header.missing.length > 0 || header.duplicates.length > 0) {
    for (const d of header.duplicates) {
      problems.push({
        message: `表头中有两列都是 ${COLUMN_LABEL[d.key]}：“${d.first}”和“${d.second}”，无法确定用哪一列。`,
        where: at(header.row, d.second),
      })
    }
    if (header.missing.length > 0) {
      const found = header.cells.filter((c) => c !== '')
      problems.push({
        message:
          `缺少必需的列：${header.missing.map((k) => COLUMN_LABEL[k]).join('、')}。` +
          `文件中的列是：${found.length > 0 ? found.map((c) => `“${c}”`).join('、') : '（无）'}。` +
          `第一行应为表头，必需的列是 level、code、name、parent_code（也可写作 级别、代码、名称、上级代码）。`,
        where: at(header.row),
      })
    }
    return { divisions: [], counts, problems }
  }

  const col = header.columns
  const colName = (k: ColumnKey): string => header.cells[col.get(k)!]!
  const cell = (cells: readonly string[], k: ColumnKey): string => {
    const i = col.get(k)
    return i === undefined ? '' : (cells[i] ?? '').trim()
  }

  // Pass 1: each row on its own.
  const parsed: ParsedRow[] = []
  for (let i = header.index + 1; i < rows.length; i++) {
    const cells = rows[i]!
    if (cells.every((c) => c.trim() === '')) continue
    const row = i + 1
    const p: ParsedRow = { row, name: cell(cells, 'name') }

    const levelText = cell(cells, 'level')
    const level = LEVEL_SYNONYMS.get(levelText.normalize('NFKC').replace(/\s+/g, '').toLowerCase())
    if (levelText === '') {
      problems.push({ message: '级别为空。应填 city、county、township 或 village（也可写 市、县、乡镇、村）。', where: at(row, colName('level')) })
    } else if (!level) {
      problems.push({
        message: `级别“${levelText}”无法识别。应为 city、county、township、village 之一（也可写 市、县、区县、乡镇、乡、镇、街道、村、社区）。`,
        where: at(row, colName('level')),
      })
    } else {
      p.level = level
    }

    const codeText = cell(cells, 'code')
    const code = checkCode(codeText, '代码', level, problems, at(row, colName('code')))
    if (code !== undefined) p.code = code

    if (p.name === '') problems.push({ message: '名称为空。', where: at(row, colName('name')) })
    else if (p.name.length > TEXT_MAX.divisionName) {
      problems.push({ message: tooLong('名称', p.name, TEXT_MAX.divisionName), where: at(row, colName('name')) })
    }

    const parentText = cell(cells, 'parent_code')
    if (parentText === '') {
      // A city's parent is the province, which an office list may leave out.
      if (level !== 'city') problems.push({ message: '上级代码为空。', where: at(row, colName('parent_code')) })
      else p.parentCode = ''
    } else {
      const parentCode = checkCode(parentText, '上级代码', undefined, problems, at(row, colName('parent_code')))
      if (parentCode !== undefined) p.parentCode = parentCode
    }

    if (col.has('urban_rural_code')) {
      const urText = cell(cells, 'urban_rural_code')
      if (urText !== '') {
        const ur = toAsciiDigits(urText)
        if (!/^\d{3}$/.test(ur)) {
          problems.push({ message: `城乡分类代码“${urText}”应为 3 位数字（如 220）。`, where: at(row, colName('urban_rural_code')) })
        } else if (level !== undefined && level !== 'village') {
          // NBS assigns this code to villages only; one on a higher level means the columns have slipped.
          problems.push({
            message: `城乡分类代码只适用于村级，这一行是${LEVEL_LABEL[level]}，请留空。`,
            where: at(row, colName('urban_rural_code')),
          })
        } else {
          p.urbanRuralCode = ur
        }
      }
    }
    parsed.push(p)
  }

  if (parsed.length === 0) {
    problems.push({ message: '表头下面没有任何区划数据。', where: at(header.row) })
    return { divisions: [], counts, problems }
  }

  // Pass 2: relations between rows. Parents may come after their children, so index first.
  const firstRowOf = new Map<string, ParsedRow>()
  for (const p of parsed) {
    if (p.code === undefined) continue
    const first = firstRowOf.get(p.code)
    if (first) {
      problems.push({ message: `代码 ${p.code} 重复：第 ${first.row} 行和第 ${p.row} 行都是这个代码。`, where: at(p.row, colName('code')) })
    } else {
      firstRowOf.set(p.code, p)
    }
  }
  const fileHasCity = parsed.some((p) => p.level === 'city')

  for (const p of parsed) {
    if (p.level === undefined || p.code === undefined || p.parentCode === undefined) continue
    const expected = PARENT_LEVEL[p.level]
    if (expected === undefined) continue
    const where = at(p.row, colName('parent_code'))
    const inFile = firstRowOf.get(p.parentCode)
    const parentLevel = inFile ? inFile.level : existing?.get(p.parentCode)?.level
    const parentKnown = inFile !== undefined || existing?.has(p.parentCode) === true

    if (!parentKnown) {
      // A county office's list may start at its own county; the city above it is then simply not part of the file.
      if (p.level === 'county' && !fileHasCity) continue
      problems.push({
        message: `上级代码 ${p.parentCode} 在本文件和已导入的区划中都找不到。请先导入上级区划，或检查代码是否写错。`,
        where,
      })
      continue
    }
    if (parentLevel !== undefined && parentLevel !== expected) {
      problems.push({
        message: `上级代码 ${p.parentCode} 是${LEVEL_LABEL[parentLevel]}区划，${LEVEL_LABEL[p.level]}区划的上级应为${LEVEL_LABEL[expected]}。`,
        where,
      })
      continue
    }
    // Statistics codes nest: a township's code begins with its county's, a village's with its township's.
    if ((p.level === 'township' || p.level === 'village') && !p.code.startsWith(p.parentCode)) {
      problems.push({
        message: `代码 ${p.code} 不在上级 ${p.parentCode} 之下：${LEVEL_LABEL[p.level]}代码应以上级代码 ${p.parentCode} 开头。`,
        where: at(p.row, colName('code')),
      })
    }
  }

  problems.sort((a, b) => (a.where?.row ?? 0) - (b.where?.row ?? 0))

  const divisions: Division[] = []
  if (problems.length === 0) {
    for (const p of parsed) {
      // Validated above: every field is present when there are no problems.
      const d: Division = { code: p.code!, name: p.name, level: p.level!, parentCode: p.parentCode! }
      if (p.urbanRuralCode !== undefined) d.urbanRuralCode = p.urbanRuralCode
      divisions.push(d)
      counts[d.level]++
    }
  }
  return { divisions, counts, problems }
}

function checkCode(
  text: string,
  label: string,
  level: DivisionLevel | undefined,
  problems: ProblemDetail[],
  where: Where,
): string | undefined {
  if (text === '') {
    problems.push({ message: `${label}为空。`, where })
    return undefined
  }
  const code = toAsciiDigits(text)
  if (/^\d(\.\d+)?E\+\d+$/i.test(code)) {
    // Excel shows long numbers as 1.41002E+11 and saves the CSV that way; the lost digits cannot be recovered.
    problems.push({
      message: `${label}“${text}”是科学计数法，后几位数字已经丢失。请在 Excel 中把该列设为“文本”格式、重新填入完整代码后再保存。`,
      where,
    })
    return undefined
  }
  if (!/^\d+$/.test(code)) {
    problems.push({ message: `${label}“${text}”只能包含数字。`, where })
    return undefined
  }
  if (level !== undefined && code.length !== CODE_LENGTH[level]) {
    problems.push({
      message: `${label} ${code} 是 ${code.length} 位，${LEVEL_LABEL[level]}代码应为 ${CODE_LENGTH[level]} 位。`,
      where,
    })
    return undefined
  }
  if (level === undefined && ![6, 9, 12].includes(code.length)) {
    problems.push({ message: `${label} ${code} 是 ${code.length} 位，区划代码应为 6、9 或 12 位。`, where })
    return undefined
  }
  return code
}

function normalizeHeader(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s_\-]+/g, '')
}

interface HeaderInfo {
  index: number
  row: number
  cells: readonly string[]
  columns: Map<ColumnKey, number>
  missing: ColumnKey[]
  duplicates: { key: ColumnKey; first: string; second: string }[]
}

function readHeader(rows: readonly (readonly string[])[], index: number): HeaderInfo {
  const cells = rows[index]!.map((c) => c.trim())
  const columns = new Map<ColumnKey, number>()
  const duplicates: HeaderInfo['duplicates'] = []
  cells.forEach((text, i) => {
    const key = HEADER_SYNONYMS.get(normalizeHeader(text))
    if (!key) return
    const prev = columns.get(key)
    if (prev !== undefined) duplicates.push({ key, first: cells[prev]!, second: text })
    else columns.set(key, i)
  })
  const missing = REQUIRED_COLUMNS.filter((k) => !columns.has(k))
  return { index, row: index + 1, cells, columns, missing, duplicates }
}

/**
 * The header is the first non-blank row, unless that row is a title above the real header: then the first
 * of the next few rows that has every required column. Problems are reported against the first non-blank row.
 */
function findHeader(rows: readonly (readonly string[])[]): HeaderInfo | undefined {
  const nonBlank: number[] = []
  for (let i = 0; i < rows.length && nonBlank.length < HEADER_SEARCH_ROWS; i++) {
    if (rows[i]!.some((c) => c.trim() !== '')) nonBlank.push(i)
  }
  if (nonBlank.length === 0) return undefined
  const first = readHeader(rows, nonBlank[0]!)
  if (first.missing.length === 0) return first
  for (const i of nonBlank.slice(1)) {
    const h = readHeader(rows, i)
    if (h.missing.length === 0) return h
  }
  return first
}
