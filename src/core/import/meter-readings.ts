// Checks an uploaded table of meter readings (季前/季后表数) row by row; every problem names its
// file, sheet, row and column, and nothing is imported unless every row is right.

import type { ProblemDetail, Where } from '../errors'
import { AppError } from '../errors'
import { parseQuantity, type Qty } from '../domain/quantity'
import { isValidDate } from '../domain/dates'

type KeyColumn = 'householdId' | 'userCode' | 'meterNo' | 'idNumber'
type Column = KeyColumn | 'pre' | 'post' | 'preDate' | 'postDate'

/** Tried in this order on each row: the first one filled in is used. */
const KEY_COLUMNS: readonly KeyColumn[] = ['householdId', 'userCode', 'meterNo', 'idNumber']

const HEADERS: ReadonlyMap<string, Column> = new Map([
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
  ['季前读数', 'pre'],
  ['季前表数', 'pre'],
  ['pre', 'pre'],
  ['季后读数', 'post'],
  ['季后表数', 'post'],
  ['post', 'post'],
  ['季前抄表日期', 'preDate'],
  ['季后抄表日期', 'postDate'],
])

export const KEY_LABEL: Record<KeyColumn, string> = {
  householdId: '农户编号',
  userCode: '用户编码',
  meterNo: '表号',
  idNumber: '身份证号',
}

export interface ReadingRow {
  row: number
  householdId: string
  pre?: Qty
  preDate?: string
  post?: Qty
  postDate?: string
}

/** How the rows' household keys are resolved against the data folder. */
export interface ReadingLookup {
  /** the household id for a key, or why there is none */
  resolve(kind: KeyColumn, value: string): string | { problem: string }
  /** the reading already stored for the household this season */
  existing(householdId: string): { pre?: Qty; post?: Qty } | undefined
}

const HEADER_SEARCH_ROWS = 10

function normalize(h: string): string {
  return h.normalize('NFKC').replace(/[\s_（）()]/g, '').toLowerCase()
}

export function validateReadingRows(
  rows: readonly (readonly string[])[],
  source: { file: string; sheet?: string },
  lookup: ReadingLookup,
): { readings: ReadingRow[]; problems: ProblemDetail[] } {
  const problems: ProblemDetail[] = []
  const at = (row: number, column?: string): Where => {
    const w: Where = { file: source.file, row }
    if (source.sheet !== undefined) w.sheet = source.sheet
    if (column !== undefined) w.column = column
    return w
  }
  let headerIndex = -1
  const cols = new Map<Column, number>()
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS) && headerIndex === -1; i++) {
    rows[i]!.forEach((cell, j) => {
      const key = HEADERS.get(normalize(cell))
      if (key && !cols.has(key)) cols.set(key, j)
    })
    if (cols.size > 0) headerIndex = i
  }
  const keys = KEY_COLUMNS.filter((k) => cols.has(k))
  if (headerIndex === -1 || keys.length === 0 || (!cols.has('pre') && !cols.has('post'))) {
    problems.push({
      message: '找不到表头：需要“农户编号”（或“用户编码”“表号”“身份证号”）一列，以及“季前读数”“季后读数”中至少一列。',
      where: at(headerIndex === -1 ? 1 : headerIndex + 1),
    })
    return { readings: [], problems }
  }
  const header = rows[headerIndex]!
  const colName = (c: Column) => header[cols.get(c)!]!
  const cell = (cells: readonly string[], c: Column) => {
    const i = cols.get(c)
    return i === undefined ? '' : (cells[i] ?? '').trim()
  }
  const readings: ReadingRow[] = []
  const seen = new Map<string, number>()
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const cells = rows[i]!
    if (cells.every((c) => c.trim() === '')) continue
    const row = i + 1
    const keyKind = keys.find((k) => cell(cells, k) !== '')
    if (!keyKind) {
      problems.push({ message: `${keys.map((k) => KEY_LABEL[k]).join('、')}都是空的，无法确定是哪一户。`, where: at(row, colName(keys[0]!)) })
      continue
    }
    const key = cell(cells, keyKind)
    const resolved = lookup.resolve(keyKind, key)
    if (typeof resolved !== 'string') {
      problems.push({ message: resolved.problem, where: at(row, colName(keyKind)) })
      continue
    }
    const first = seen.get(resolved)
    if (first !== undefined) {
      problems.push({ message: `同一农户出现了两次：第 ${first} 行和第 ${row} 行。`, where: at(row, colName(keyKind)) })
      continue
    }
    seen.set(resolved, row)
    const r: ReadingRow = { row, householdId: resolved }
    let ok = true
    for (const c of ['pre', 'post'] as const) {
      const text = cell(cells, c)
      if (text === '') continue
      try {
        r[c] = parseQuantity(text, colName(c))
      } catch (e) {
        if (!(e instanceof AppError)) throw e
        problems.push({ message: e.message, where: at(row, colName(c)) })
        ok = false
      }
    }
    for (const c of ['preDate', 'postDate'] as const) {
      const text = cell(cells, c)
      if (text === '') continue
      if (!isValidDate(text)) {
        problems.push({ message: `日期“${text}”应为 YYYY-MM-DD。`, where: at(row, colName(c)) })
        ok = false
      } else r[c] = text
    }
    if (!ok) continue
    if (r.pre === undefined && r.post === undefined) {
      problems.push({ message: '季前读数和季后读数都是空的。', where: at(row) })
      continue
    }
    const before = lookup.existing(resolved)
    const pre = r.pre ?? before?.pre
    const post = r.post ?? before?.post
    if (pre !== undefined && post !== undefined && post < pre) {
      const column = cols.has('post') ? colName('post') : colName('pre')
      problems.push({ message: `季后读数小于季前读数${r.pre === undefined ? '（已录入的）' : ''}，请核对。`, where: at(row, column) })
      continue
    }
    readings.push(r)
  }
  if (readings.length === 0 && problems.length === 0) {
    problems.push({ message: '表头下面没有任何表数。', where: at(headerIndex + 1) })
  }
  return { readings, problems }
}
