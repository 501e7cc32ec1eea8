// Cell values as townships type them: full-width forms, thousands separators, numbers stored as
// text, dates in the shapes Chinese offices write them. Pure; every reader of user files uses it.

import { isValidDate } from '../domain/dates'

/** Full-width digits (０-９) come from Chinese input methods; they mean the same code. */
export function toAsciiDigits(s: string): string {
  return s.trim().replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xff10 + 0x30))
}

/** Full-width letters, digits, punctuation and spaces folded to their plain forms; no spaces at all. */
export function compact(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000]+/g, '')
}

/** A note under a table (说明：…, 填表人：…) written where a village name would be: no place has a colon. */
export function isNote(s: string): boolean {
  const t = compact(s)
  return /[:：]/.test(t) || /^(说明|备注|注|填表|审核|制表|联系人|负责人)/.test(t)
}

/** Excel shows long numbers as 1.41002E+11 and saves CSV that way; the lost digits cannot be recovered. */
export function isScientific(s: string): boolean {
  return /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i.test(compact(s))
}

export type NumberRead = { kind: 'blank' } | { kind: 'number'; value: number } | { kind: 'text' }

/**
 * A number as typed: "1,234", "１２３４", " 12 ", "12户", "1.5公里", "3e2". Text that is not a
 * number comes back as `text` so the caller can name it in its message.
 */
export function readNumber(text: string): NumberRead {
  let s = compact(text)
  if (s === '') return { kind: 'blank' }
  s = s.replace(/(户|公里|千米|km)$/i, '')
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '')
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s)) return { kind: 'number', value: Number(s) }
  return { kind: 'text' }
}

/** Dates as offices write them: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, 20261120. */
const FULL_DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/
const COMPACT_DATE = /(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)/
const YEARLESS_DATE = /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/

export interface DateRead {
  date: string
  /** written without a year (11月20日): the year was taken from today */
  yearless: boolean
}

function ymd(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/**
 * The first date written anywhere in a text ("填报日期：2026年11月20日", "屯里镇2026-11-20.xlsx").
 * `null` when there is none; `invalid` when it has a date's shape but no such day exists.
 */
export function findDate(text: string, today: string): DateRead | { invalid: string } | null {
  const s = text.normalize('NFKC')
  const full = FULL_DATE.exec(s) ?? COMPACT_DATE.exec(s)
  if (full) {
    const date = ymd(Number(full[1]), Number(full[2]), Number(full[3]))
    return isValidDate(date) ? { date, yearless: false } : { invalid: full[0] }
  }
  const short = YEARLESS_DATE.exec(s)
  if (short) {
    const date = nearestPast(Number(short[1]), Number(short[2]), today)
    return date ? { date, yearless: true } : { invalid: short[0] }
  }
  return null
}

/** A month and day without a year: the nearest such day not after today (a report is never about the future). */
function nearestPast(month: number, day: number, today: string): string | undefined {
  const year = Number(today.slice(0, 4))
  let date = ymd(year, month, day)
  if (date > today) date = ymd(year - 1, month, day)
  // 2-29 of a year that has none: the leap year before.
  if (!isValidDate(date) && month === 2 && day === 29) for (let y = year - 1; y > year - 8 && !isValidDate(date); y--) date = ymd(y, 2, 29)
  return isValidDate(date) ? date : undefined
}

/** Short forms offices put in file names: 10.12, 10-12, 10_12, 1012 (month then day), 10月12 without 日. */
const NAME_SHORT = [/(?<![\d.])(\d{1,2})[.\-_](\d{1,2})(?![\d.\-_]*\d)/, /(?<!\d)(\d{2})(\d{2})(?!\d)/, /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})(?!\d)/]

/**
 * The day a file name gives (屯里镇-10.12.csv, 屯里镇1012.xlsx, 屯里镇2026.10.12.xlsx, 屯里镇10月12日):
 * a full date as written, else a short form of month and day, read as the nearest such day not
 * after today. A short form that is no real day is not a date (a file name holds other numbers).
 */
export function findDateInName(fileName: string, today: string): DateRead | { invalid: string } | null {
  const name = fileName.normalize('NFKC').replace(/\.[a-z0-9]{1,5}$/i, '')
  const full = findDate(name, today)
  if (full) return full
  for (const re of NAME_SHORT) {
    const m = re.exec(name)
    if (!m) continue
    const month = Number(m[1])
    const day = Number(m[2])
    if (month < 1 || month > 12 || day < 1 || day > 31) continue
    const date = nearestPast(month, day, today)
    if (date) return { date, yearless: true }
  }
  return null
}
