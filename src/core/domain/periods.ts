// Report periods: a week that ends on a weekday the office chooses (周日, or a Friday cut-off),
// and the 旬 of a month: 上旬 days 1–10, 中旬 11–20, 下旬 21 to the month's end (8 to 11 days).

import { addDays, daysBetween, isValidDate } from './dates'

/** An inclusive range of calendar days. */
export interface Period {
  /** YYYY-MM-DD, first day */
  from: string
  /** YYYY-MM-DD, last day */
  to: string
  /** number of days, from and to included */
  days: number
}

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

export const WEEKDAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'] as const

function check(date: string): void {
  if (!isValidDate(date)) throw new RangeError(`not a date: ${date}`)
}

function parts(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number]
}

export function weekdayOf(date: string): Weekday {
  check(date)
  const [y, m, d] = parts(date)
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() as Weekday
}

export function period(from: string, to: string): Period {
  check(from)
  check(to)
  if (from > to) throw new RangeError(`bad period ${from}..${to}`)
  return { from, to, days: daysBetween(from, to) + 1 }
}

/** The seven-day week holding `date` whose last day is an `endsOn` (周日 = 0 for Monday–Sunday). */
export function weekOf(date: string, endsOn: Weekday): Period {
  const ahead = (endsOn - weekdayOf(date) + 7) % 7
  const to = addDays(date, ahead)
  return period(addDays(to, -6), to)
}

/** The period of the same length just before `p`. */
export function previousPeriod(p: Period): Period {
  const to = addDays(p.from, -1)
  return period(addDays(to, -(p.days - 1)), to)
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export type TenDayPart = 1 | 2 | 3

export const TEN_DAY_NAMES = { 1: '上旬', 2: '中旬', 3: '下旬' } as const

export interface TenDay extends Period {
  year: number
  month: number
  /** 1 上旬, 2 中旬, 3 下旬 */
  part: TenDayPart
}

const pad2 = (n: number) => String(n).padStart(2, '0')

export function tenDay(year: number, month: number, part: TenDayPart): TenDay {
  const first = (part - 1) * 10 + 1
  const last = part === 3 ? daysInMonth(year, month) : part * 10
  const ym = `${String(year).padStart(4, '0')}-${pad2(month)}`
  return { ...period(`${ym}-${pad2(first)}`, `${ym}-${pad2(last)}`), year, month, part }
}

/** The 旬 holding `date`. */
export function tenDayOf(date: string): TenDay {
  check(date)
  const [y, m, d] = parts(date)
  return tenDay(y, m, d <= 10 ? 1 : d <= 20 ? 2 : 3)
}

export function nextTenDay(t: TenDay): TenDay {
  return tenDayOf(addDays(t.to, 1))
}

export function previousTenDay(t: TenDay): TenDay {
  return tenDayOf(addDays(t.from, -1))
}

/** 2026年11月中旬 */
export function tenDayLabel(t: TenDay): string {
  return `${t.year}年${t.month}月${TEN_DAY_NAMES[t.part]}`
}

/** 2026年11月20日 */
export function longDate(date: string): string {
  check(date)
  const [y, m, d] = parts(date)
  return `${y}年${m}月${d}日`
}

/** 11月20日 */
export function monthDay(date: string): string {
  check(date)
  const [, m, d] = parts(date)
  return `${m}月${d}日`
}

/** 2026年11月14日—11月20日, or 2026年12月28日—2027年1月3日 across a year's end */
export function periodLabel(p: Period): string {
  return p.from.slice(0, 4) === p.to.slice(0, 4) ? `${longDate(p.from)}—${monthDay(p.to)}` : `${longDate(p.from)}—${longDate(p.to)}`
}

/** The days of a period, in order. */
export function daysOf(p: Period): string[] {
  const out: string[] = []
  for (let i = 0; i < p.days; i++) out.push(addDays(p.from, i))
  return out
}
