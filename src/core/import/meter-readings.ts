// Checks an uploaded table of meter readings (季前/季后表数) row by row; every problem names its
// file, sheet, row and column, and nothing is imported unless every row is right.

import type { ProblemDetail } from '../errors'
import { AppError } from '../errors'
import { parseQuantity, type Qty } from '../domain/quantity'
import { isValidDate } from '../domain/dates'
import { householdTable, inRowOrder, type ResolveHousehold } from './household-table'

type Column = 'pre' | 'post' | 'preDate' | 'postDate'

const HEADERS: ReadonlyMap<string, Column> = new Map([
  ['季前读数', 'pre'],
  ['季前表数', 'pre'],
  ['pre', 'pre'],
  ['季后读数', 'post'],
  ['季后表数', 'post'],
  ['post', 'post'],
  ['季前抄表日期', 'preDate'],
  ['季后抄表日期', 'postDate'],
])

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
  resolve: ResolveHousehold
  /** the reading already stored for the household this season */
  existing(householdId: string): { pre?: Qty; post?: Qty } | undefined
}

export function validateReadingRows(
  rows: readonly (readonly string[])[],
  source: { file: string; sheet?: string },
  lookup: ReadingLookup,
): { readings: ReadingRow[]; problems: ProblemDetail[] } {
  const table = householdTable(rows, source, HEADERS, { any: ['pre', 'post'], wanted: '“季前读数”“季后读数”中至少一列' }, lookup.resolve)
  const problems = table.problems
  const readings: ReadingRow[] = []
  for (const t of table.rows) {
    const r: ReadingRow = { row: t.row, householdId: t.householdId }
    let ok = true
    for (const c of ['pre', 'post'] as const) {
      const text = t.text(c)
      if (text === '') continue
      try {
        r[c] = parseQuantity(text, t.at(c).column!)
      } catch (e) {
        if (!(e instanceof AppError)) throw e
        problems.push({ message: e.message, where: t.at(c) })
        ok = false
      }
    }
    for (const c of ['preDate', 'postDate'] as const) {
      const text = t.text(c)
      if (text === '') continue
      if (!isValidDate(text)) {
        problems.push({ message: `日期“${text}”应为 YYYY-MM-DD。`, where: t.at(c) })
        ok = false
      } else r[c] = text
    }
    if (!ok) continue
    if (r.pre === undefined && r.post === undefined) {
      problems.push({ message: '季前读数和季后读数都是空的。', where: t.at() })
      continue
    }
    const before = lookup.existing(t.householdId)
    const pre = r.pre ?? before?.pre
    const post = r.post ?? before?.post
    if (pre !== undefined && post !== undefined && post < pre) {
      const postAt = t.at('post')
      problems.push({ message: `季后读数小于季前读数${r.pre === undefined ? '（已录入的）' : ''}，请核对。`, where: postAt.column ? postAt : t.at('pre') })
      continue
    }
    readings.push(r)
  }
  return { readings, problems: inRowOrder(problems) }
}
