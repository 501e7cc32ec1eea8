// Reads an uploaded table whose rows are about households (meter readings, financial data): finds
// the header, resolves each row's household by 农户编号, 用户编码, 表号 or 身份证号, refuses a
// household given twice, and hands on each row's cells by column; every problem names file, sheet,
// row and column.

import type { ProblemDetail, Where } from '../errors'

export type KeyColumn = 'householdId' | 'userCode' | 'meterNo' | 'idNumber'

/** Tried in this order on each row: the first one filled in is used. */
const KEY_COLUMNS: readonly KeyColumn[] = ['householdId', 'userCode', 'meterNo', 'idNumber']

const KEY_HEADERS: ReadonlyArray<[string, KeyColumn]> = [
  ['农户编号', 'householdId'],
  ['户编号', 'householdId'],
  ['householdid', 'householdId'],
  ['用户编码', 'userCode'],
  ['usercode', 'userCode'],
  ['表号', 'meterNo'],
  ['燃气表具号', 'meterNo'],
  ['电表号', 'meterNo'],
  ['meterno', 'meterNo'],
  ['身份证号', 'idNumber'],
  ['户主身份证号', 'idNumber'],
  ['idnumber', 'idNumber'],
]

export const KEY_LABEL: Record<KeyColumn, string> = {
  householdId: '农户编号',
  userCode: '用户编码',
  meterNo: '表号',
  idNumber: '身份证号',
}

/** The household id for a key, or why there is none. */
export type ResolveHousehold = (kind: KeyColumn, value: string) => string | { problem: string }

export interface HouseholdTableRow<C extends string> {
  /** 1-based, as the spreadsheet shows it */
  row: number
  householdId: string
  /** the trimmed text of a column ('' when the file has no such column) */
  text(c: C): string
  /** where a problem in this row (and column) is */
  at(c?: C): Where
}

const HEADER_SEARCH_ROWS = 10

function normalize(h: string): string {
  return h.normalize('NFKC').replace(/[\s_（）()]/g, '').toLowerCase()
}

/**
 * The rows of a household table. `headers` maps header texts (normalised: no spaces or brackets,
 * lower case) to the part's own columns; `wants` says which of them must be there (at least one),
 * and `wanted` how to say so.
 */
export function householdTable<C extends string>(
  rows: readonly (readonly string[])[],
  source: { file: string; sheet?: string },
  headers: ReadonlyMap<string, C>,
  wants: { any: readonly C[]; wanted: string },
  resolve: ResolveHousehold,
): { rows: HouseholdTableRow<C>[]; problems: ProblemDetail[] } {
  const problems: ProblemDetail[] = []
  const where = (row: number, column?: string): Where => {
    const w: Where = { file: source.file, row }
    if (source.sheet !== undefined) w.sheet = source.sheet
    if (column !== undefined) w.column = column
    return w
  }
  const all = new Map<string, C | KeyColumn>([...KEY_HEADERS, ...headers])
  let headerIndex = -1
  const cols = new Map<C | KeyColumn, number>()
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS) && headerIndex === -1; i++) {
    rows[i]!.forEach((cell, j) => {
      const key = all.get(normalize(cell))
      if (key && !cols.has(key)) cols.set(key, j)
    })
    if (cols.size > 0) headerIndex = i
  }
  const keys = KEY_COLUMNS.filter((k) => cols.has(k))
  if (headerIndex === -1 || keys.length === 0 || !wants.any.some((c) => cols.has(c))) {
    problems.push({
      message: `找不到表头：需要“农户编号”（或“用户编码”“表号”“身份证号”）一列，以及${wants.wanted}。`,
      where: where(headerIndex === -1 ? 1 : headerIndex + 1),
    })
    return { rows: [], problems }
  }
  const header = rows[headerIndex]!
  const colName = (c: C | KeyColumn) => header[cols.get(c)!]!
  const cell = (cells: readonly string[], c: C | KeyColumn) => {
    const i = cols.get(c)
    return i === undefined ? '' : (cells[i] ?? '').trim()
  }
  const out: HouseholdTableRow<C>[] = []
  const seen = new Map<string, number>()
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const cells = rows[i]!
    if (cells.every((c) => c.trim() === '')) continue
    const row = i + 1
    const keyKind = keys.find((k) => cell(cells, k) !== '')
    if (!keyKind) {
      problems.push({ message: `${keys.map((k) => KEY_LABEL[k]).join('、')}都是空的，无法确定是哪一户。`, where: where(row, colName(keys[0]!)) })
      continue
    }
    const resolved = resolve(keyKind, cell(cells, keyKind))
    if (typeof resolved !== 'string') {
      problems.push({ message: resolved.problem, where: where(row, colName(keyKind)) })
      continue
    }
    const first = seen.get(resolved)
    if (first !== undefined) {
      problems.push({ message: `同一农户出现了两次：第 ${first} 行和第 ${row} 行。`, where: where(row, colName(keyKind)) })
      continue
    }
    seen.set(resolved, row)
    out.push({
      row,
      householdId: resolved,
      text: (c) => cell(cells, c),
      at: (c) => where(row, c === undefined || !cols.has(c) ? undefined : colName(c)),
    })
  }
  if (out.length === 0 && problems.length === 0) problems.push({ message: '表头下面没有任何数据。', where: where(headerIndex + 1) })
  return { rows: out, problems }
}

/** Problems in the order of the rows they are in (a stable sort: a row's own problems keep theirs). */
export function inRowOrder(problems: ProblemDetail[]): ProblemDetail[] {
  return problems.sort((a, b) => (a.where?.row ?? 0) - (b.where?.row ?? 0))
}
