// The arithmetic under the reports: ranks with ties, the backward schedule's required pace and
// projected finish, slippage, and the demand forecast — on inputs worked out by hand.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ceilCount,
  periodTarget,
  projectedFinish,
  recentPace,
  requiredPace,
  scheduleStatus,
  slippage,
} from '../../src/core/domain/backward-schedule'
import { addDemandVillage, emptyDemand, heatingSeason, isMonthDay, priceDemand } from '../../src/core/domain/demand-forecast'
import { printedRate, rankDescending, rankRates, rateText, shownRate } from '../../src/core/domain/rank'

describe('ranks', () => {
  it('puts the highest first; ties share a rank and the next one skips; no target, no rank', () => {
    expect(rankDescending([0.5, 0.8, 0.5, null, 1.2])).toEqual([3, 2, 3, null, 1])
    expect(rankDescending([0.6, 0.6, 0.6])).toEqual([1, 1, 1])
    expect(rankDescending([])).toEqual([])
    expect(rankDescending([null, Number.NaN])).toEqual([null, null])
    // Equal fractions are equal rates: 114/190 and 120/200 tie.
    expect(rankDescending([114 / 190, 120 / 200, 75 / 130])).toEqual([1, 1, 3])
  })

  it('ranks rates as printed (0.0%): what reads the same shares a rank', () => {
    // 61.247%, 61.154% and 61.135% all print as 61.2% or 61.1%: the first two tie.
    expect(rankRates([1454 / 2374, 1028 / 1681, 1255 / 2053])).toEqual([1, 1, 3])
    // 49/80 is 61.25%, printed 61.3% (Excel rounds the half up), as is 0.6126.
    expect(shownRate(49 / 80)).toBe(613)
    expect(rankRates([49 / 80, 0.6126, 0.6124])).toEqual([1, 1, 3])
    expect(rankRates([null, 1.1004, 1.1])).toEqual([null, 1, 1])
    expect(shownRate(Number.NaN)).toBeNull()
    // 23/80 = 0.2875 is 0.28749999… in binary: still printed (and written) as 28.8%
    expect(printedRate(23 / 80)).toBe(0.288)
    expect(rateText(23 / 80)).toBe('28.8%')
    expect(rateText(1.1)).toBe('110.0%')
    expect(rateText(0)).toBe('0.0%')
  })

  it('ranks above 100% first', () => {
    expect(rankDescending([1.1, 1, 0.99])).toEqual([1, 2, 3])
  })

  it('gives each value 1 + the number of values strictly above it', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: null })), (xs) => {
        const ranks = rankDescending(xs)
        xs.forEach((x, i) => {
          if (x === null) expect(ranks[i]).toBeNull()
          else expect(ranks[i]).toBe(1 + xs.filter((y) => y !== null && y > x).length)
        })
      }),
    )
  })
})

describe('backward schedule', () => {
  const asOf = '2026-11-20'

  it('one deadline: remaining ÷ days after the as-of day', () => {
    expect(requiredPace(asOf, [{ deadline: '2026-11-30', remaining: 100 }])).toEqual({
      remaining: 100,
      overdue: 0,
      deadline: '2026-11-30',
      daysLeft: 10,
      requiredPace: 10,
    })
  })

  it('several deadlines: the one needing the fastest pace sets it', () => {
    // 100 by 11-25 needs 20 a day; 400 by 12-20 needs 13.3: the early one binds.
    expect(
      requiredPace(asOf, [
        { deadline: '2026-11-25', remaining: 100 },
        { deadline: '2026-12-20', remaining: 300 },
      ]),
    ).toMatchObject({ remaining: 400, deadline: '2026-11-25', daysLeft: 5, requiredPace: 20 })
    // 10 by 11-25 needs 2 a day; 910 by 12-20 needs 30.3: the late one binds.
    const late = requiredPace(asOf, [
      { deadline: '2026-11-25', remaining: 10 },
      { deadline: '2026-12-20', remaining: 900 },
    ])
    expect(late).toMatchObject({ deadline: '2026-12-20', daysLeft: 30 })
    expect(late.requiredPace).toBeCloseTo(910 / 30, 10)
  })

  it('households past their deadline are due by the next deadline; with none left, no pace', () => {
    expect(
      requiredPace(asOf, [
        { deadline: '2026-11-15', remaining: 50 },
        { deadline: '2026-11-30', remaining: 100 },
      ]),
    ).toEqual({ remaining: 150, overdue: 50, deadline: '2026-11-30', daysLeft: 10, requiredPace: 15 })
    // A deadline on the as-of day has passed by the end of it.
    expect(requiredPace(asOf, [{ deadline: '2026-11-20', remaining: 5 }])).toEqual({
      remaining: 5,
      overdue: 5,
      deadline: '2026-11-20',
      daysLeft: 0,
      requiredPace: null,
    })
    expect(requiredPace(asOf, [{ deadline: '2026-11-15', remaining: 60 }])).toMatchObject({ overdue: 60, daysLeft: -5, requiredPace: null })
  })

  it('nothing remaining: no pace, the latest deadline shown', () => {
    expect(
      requiredPace(asOf, [
        { deadline: '2026-11-30', remaining: 0 },
        { deadline: '2026-12-31', remaining: 0 },
      ]),
    ).toEqual({ remaining: 0, overdue: 0, deadline: '2026-12-31', daysLeft: 41, requiredPace: null })
    expect(requiredPace(asOf, [])).toEqual({ remaining: 0, overdue: 0, deadline: null, daysLeft: null, requiredPace: null })
  })

  it('recent pace, projected finish and status on known inputs', () => {
    expect(recentPace(700, 630, 7)).toBe(10)
    expect(() => recentPace(1, 0, 0)).toThrow()
    expect(projectedFinish(asOf, 100, 10)).toBe('2026-11-30')
    expect(projectedFinish(asOf, 101, 10)).toBe('2026-12-01')
    expect(projectedFinish('2026-12-25', 100, 10)).toBe('2027-01-04')
    // 20 ÷ (10/7) is 14.000000000000002 in floating point: still 14 days.
    expect(projectedFinish(asOf, 20, 10 / 7)).toBe('2026-12-04')
    expect(projectedFinish(asOf, 100, 0)).toBeNull()
    expect(projectedFinish(asOf, 100, -3)).toBeNull()
    expect(projectedFinish(asOf, 0, 10)).toBeNull()
    const need = requiredPace(asOf, [{ deadline: '2026-11-30', remaining: 100 }])
    expect(scheduleStatus(need, 10)).toBe('on_track')
    expect(scheduleStatus(need, 9.99)).toBe('behind')
    expect(scheduleStatus(requiredPace(asOf, [{ deadline: '2026-11-30', remaining: 0 }]), 0)).toBe('done')
    expect(scheduleStatus(requiredPace(asOf, [{ deadline: '2026-11-01', remaining: 3 }, { deadline: '2026-12-31', remaining: 10 }]), 100)).toBe('overdue')
  })

  it('slippage of a period and the next period’s target, in whole households', () => {
    expect(slippage(100, 80, 10)).toEqual({ planned: 100, actual: 80, difference: -20, slipDays: 2 })
    expect(slippage(100, 130, 10)).toEqual({ planned: 100, actual: 130, difference: 30, slipDays: 0 })
    expect(slippage(70, 60, null)).toEqual({ planned: 70, actual: 60, difference: -10, slipDays: null })
    const need = (remaining: number, pace: number | null) => ({ remaining, overdue: 0, deadline: '2026-11-30', daysLeft: 10, requiredPace: pace })
    expect(periodTarget(need(500, 10.2), 10)).toBe(102)
    expect(periodTarget(need(500, 100 / 3), 3)).toBe(100)
    expect(periodTarget(need(50, 10), 10)).toBe(50)
    expect(periodTarget(need(60, null), 10)).toBe(60)
    expect(ceilCount((100 / 3) * 3)).toBe(100)
    expect(ceilCount(100.2)).toBe(101)
  })
})

describe('demand forecast', () => {
  it('reads MM-DD season dates that exist every year', () => {
    expect(isMonthDay('11-15')).toBe(true)
    expect(isMonthDay('03-31')).toBe(true)
    expect(isMonthDay('02-29')).toBe(false)
    expect(isMonthDay('04-31')).toBe(false)
    expect(isMonthDay('13-01')).toBe(false)
    expect(isMonthDay('1-15')).toBe(false)
  })

  it('finds the season running on a day, or the next one', () => {
    expect(heatingSeason('2026-11-20', '11-15', '03-15')).toEqual({ from: '2026-11-15', to: '2027-03-15', days: 121 })
    expect(heatingSeason('2027-02-01', '11-15', '03-15')).toEqual({ from: '2026-11-15', to: '2027-03-15', days: 121 })
    expect(heatingSeason('2026-06-01', '11-15', '03-15')).toEqual({ from: '2026-11-15', to: '2027-03-15', days: 121 })
    // The next season holds 29 February 2028.
    expect(heatingSeason('2027-03-16', '11-15', '03-15')).toEqual({ from: '2027-11-15', to: '2028-03-15', days: 122 })
    expect(heatingSeason('2026-11-01', '11-01', '03-31')).toEqual({ from: '2026-11-01', to: '2027-03-31', days: 151 })
    expect(heatingSeason('2026-05-01', '01-01', '03-31')).toEqual({ from: '2027-01-01', to: '2027-03-31', days: 90 })
    expect(() => heatingSeason('2026-05-01', '02-30', '03-31')).toThrow()
  })

  it('counts households by stage and prices season and peak day', () => {
    const row = emptyDemand()
    addDemandVillage(row, { target: 100, counts: { equipment: 60, connected: 40 } })
    // Target revised below what is connected: the connected households still use gas.
    addDemandVillage(row, { target: 50, counts: { equipment: 55, connected: 55 } })
    expect(row).toMatchObject({ target: 150, connected: 95, awaiting: 20, notInstalled: 40, expected: 155 })
    // Equipped beyond a revised target: those households will use gas too.
    addDemandVillage(row, { target: 30, counts: { equipment: 34, connected: 31 } })
    expect(row).toMatchObject({ target: 180, connected: 126, awaiting: 23, notInstalled: 40, expected: 189 })
    expect(row.connected + row.awaiting + row.notInstalled).toBe(row.expected)
    const priced = priceDemand(row, { perHousehold: 1500, seasonDays: 121, peakFactor: 1.5 })
    expect(priced.seasonNow).toBe(126 * 1500)
    expect(priced.seasonExpected).toBe(189 * 1500)
    expect(priced.peakNow).toBeCloseTo(((126 * 1500) / 121) * 1.5, 9)
    expect(priced.peakExpected).toBeCloseTo(((189 * 1500) / 121) * 1.5, 9)
    expect(() => priceDemand(row, { perHousehold: 1500, seasonDays: 0, peakFactor: 1.5 })).toThrow()
  })
})
