// Report periods: 旬 for every month of a leap and a non-leap year, weeks with a chosen last day
// across month and year ends, and the labels printed on reports.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween } from '../../src/core/domain/dates'
import {
  daysInMonth,
  daysOf,
  nextTenDay,
  period,
  periodLabel,
  previousPeriod,
  previousTenDay,
  tenDay,
  tenDayLabel,
  tenDayOf,
  weekdayOf,
  weekOf,
  type Weekday,
} from '../../src/core/domain/periods'

const LAST_DAY = {
  2024: [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
  2025: [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
} as const

const ymd = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

describe('旬 (ten-day periods)', () => {
  for (const year of [2024, 2025] as const) {
    it(`splits every month of ${year} (${year === 2024 ? 'leap' : 'non-leap'}) into 1–10, 11–20, 21–end`, () => {
      for (let month = 1; month <= 12; month++) {
        const last = LAST_DAY[year][month - 1]!
        expect(daysInMonth(year, month)).toBe(last)
        expect(tenDay(year, month, 1)).toEqual({ from: ymd(year, month, 1), to: ymd(year, month, 10), days: 10, year, month, part: 1 })
        expect(tenDay(year, month, 2)).toEqual({ from: ymd(year, month, 11), to: ymd(year, month, 20), days: 10, year, month, part: 2 })
        expect(tenDay(year, month, 3)).toEqual({ from: ymd(year, month, 21), to: ymd(year, month, last), days: last - 20, year, month, part: 3 })
        // Every day of the month falls in exactly the 旬 that holds it.
        for (let d = 1; d <= last; d++) {
          const t = tenDayOf(ymd(year, month, d))
          expect(t.part).toBe(d <= 10 ? 1 : d <= 20 ? 2 : 3)
          expect(t.from <= ymd(year, month, d) && ymd(year, month, d) <= t.to).toBe(true)
        }
      }
    })
  }

  it('has 下旬 of 8 to 11 days, February right in leap years', () => {
    expect(tenDay(2024, 2, 3)).toMatchObject({ to: '2024-02-29', days: 9 })
    expect(tenDay(2025, 2, 3)).toMatchObject({ to: '2025-02-28', days: 8 })
    expect(tenDay(2000, 2, 3)).toMatchObject({ to: '2000-02-29', days: 9 })
    expect(tenDay(2100, 2, 3)).toMatchObject({ to: '2100-02-28', days: 8 })
    expect(tenDay(2026, 1, 3).days).toBe(11)
    expect(tenDay(2026, 4, 3).days).toBe(10)
  })

  it('steps to the next and previous 旬 across month and year ends', () => {
    expect(nextTenDay(tenDayOf('2025-12-25'))).toMatchObject({ from: '2026-01-01', to: '2026-01-10', part: 1, year: 2026, month: 1 })
    expect(previousTenDay(tenDayOf('2026-01-05'))).toMatchObject({ from: '2025-12-21', to: '2025-12-31', part: 3, days: 11 })
    expect(nextTenDay(tenDayOf('2024-02-29'))).toMatchObject({ from: '2024-03-01', part: 1 })
    expect(previousTenDay(tenDayOf('2025-03-01'))).toMatchObject({ from: '2025-02-21', to: '2025-02-28', days: 8 })
    // 36 旬 tile a year with no gap or overlap.
    let t = tenDayOf('2024-01-01')
    let n = 1
    for (; t.to !== '2024-12-31'; n++) {
      const next = nextTenDay(t)
      expect(next.from).toBe(addDays(t.to, 1))
      t = next
    }
    expect(n).toBe(36)
  })

  it('prints as 2026年11月中旬', () => {
    expect(tenDayLabel(tenDayOf('2026-11-15'))).toBe('2026年11月中旬')
    expect(tenDayLabel(tenDayOf('2026-02-28'))).toBe('2026年2月下旬')
    expect(tenDayLabel(tenDayOf('2026-03-01'))).toBe('2026年3月上旬')
  })
})

describe('weeks with a chosen last day', () => {
  it('knows the weekday of a date', () => {
    expect(weekdayOf('2026-11-20')).toBe(5) // Friday
    expect(weekdayOf('2026-11-22')).toBe(0) // Sunday
    expect(weekdayOf('2024-02-29')).toBe(4)
  })

  it('Monday–Sunday weeks across a month end and a year end', () => {
    expect(weekOf('2026-11-30', 0)).toEqual({ from: '2026-11-30', to: '2026-12-06', days: 7 })
    expect(weekOf('2026-12-06', 0)).toEqual({ from: '2026-11-30', to: '2026-12-06', days: 7 })
    expect(weekOf('2026-12-31', 0)).toEqual({ from: '2026-12-28', to: '2027-01-03', days: 7 })
    expect(weekOf('2027-01-03', 0)).toEqual({ from: '2026-12-28', to: '2027-01-03', days: 7 })
    expect(weekOf('2027-01-04', 0)).toEqual({ from: '2027-01-04', to: '2027-01-10', days: 7 })
    expect(weekOf('2024-02-29', 0)).toEqual({ from: '2024-02-26', to: '2024-03-03', days: 7 })
  })

  it('Friday cut-off weeks (Saturday–Friday) across a year end', () => {
    expect(weekOf('2026-11-20', 5)).toEqual({ from: '2026-11-14', to: '2026-11-20', days: 7 })
    expect(weekOf('2026-11-21', 5)).toEqual({ from: '2026-11-21', to: '2026-11-27', days: 7 })
    expect(weekOf('2026-12-31', 5)).toEqual({ from: '2026-12-26', to: '2027-01-01', days: 7 })
    expect(weekOf('2027-01-01', 5)).toEqual({ from: '2026-12-26', to: '2027-01-01', days: 7 })
    expect(weekOf('2027-01-02', 5)).toEqual({ from: '2027-01-02', to: '2027-01-08', days: 7 })
  })

  it('always holds the date, lasts 7 days and ends on the chosen weekday', () => {
    const day = fc.integer({ min: 0, max: 365 * 30 }).map((n) => addDays('2010-01-01', n))
    const endsOn = fc.integer({ min: 0, max: 6 }).map((n) => n as Weekday)
    fc.assert(
      fc.property(day, endsOn, (d, e) => {
        const w = weekOf(d, e)
        expect(w.days).toBe(7)
        expect(daysBetween(w.from, w.to)).toBe(6)
        expect(w.from <= d && d <= w.to).toBe(true)
        expect(weekdayOf(w.to)).toBe(e)
        expect(previousPeriod(w)).toEqual(weekOf(addDays(w.from, -1), e))
      }),
    )
  })

  it('prints a period within a year and across a year end', () => {
    expect(periodLabel(period('2026-11-14', '2026-11-20'))).toBe('2026年11月14日—11月20日')
    expect(periodLabel(period('2026-12-28', '2027-01-03'))).toBe('2026年12月28日—2027年1月3日')
    expect(daysOf(period('2026-12-30', '2027-01-02'))).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02'])
    expect(() => period('2026-11-20', '2026-11-19')).toThrow()
    expect(() => tenDayOf('2026-02-30')).toThrow()
  })
})
