// 用气/用电预测: households on a route by stage × seasonal use per household → the heating
// season's total and a peak-day estimate (the season's daily average × a peak factor).

import type { Period } from './periods'
import { period } from './periods'
import type { StageCounts } from './types'

const MMDD = /^(\d{2})-(\d{2})$/

/** 11-15 → valid in any year (02-29 is refused: a season must start or end every year). */
export function isMonthDay(s: string): boolean {
  const m = MMDD.exec(s)
  if (!m) return false
  const month = Number(m[1])
  const day = Number(m[2])
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(2025, month, 0)).getUTCDate()
}

/**
 * The heating season running on `date`, else the next one to start. `start`/`end` are MM-DD;
 * an end before the start is in the following year (11-15 → 03-15).
 */
export function heatingSeason(date: string, start: string, end: string): Period {
  if (!isMonthDay(start) || !isMonthDay(end)) throw new RangeError(`bad season ${start}..${end}`)
  const crosses = end < start
  const year = Number(date.slice(0, 4))
  for (const y of [year - 1, year]) {
    const p = period(`${y}-${start}`, `${crosses ? y + 1 : y}-${end}`)
    if (date <= p.to) return p
  }
  return period(`${year + 1}-${start}`, `${crosses ? year + 2 : year + 1}-${end}`)
}

/** One village's households as the forecast sees them. */
export interface DemandVillage {
  target: number
  counts: Pick<StageCounts, 'equipment' | 'connected'>
}

export interface DemandRow {
  target: number
  /** households using gas / power now (通气/通电) */
  connected: number
  /** equipment installed, not yet connected: the next to start using */
  awaiting: number
  /** not yet equipped (to the target) */
  notInstalled: number
  /** households using it once the task is done: per village the target, or more where more are
   * already equipped (targets revised down) — so connected + awaiting + notInstalled = expected */
  expected: number
  /** season totals in m³ or kWh: now, and once the task is done */
  seasonNow: number
  seasonExpected: number
  /** peak-day estimate, same unit */
  peakNow: number
  peakExpected: number
}

export interface DemandParams {
  /** m³ or kWh per household over the season */
  perHousehold: number
  seasonDays: number
  /** the peak day's use ÷ the season's daily average */
  peakFactor: number
}

export function emptyDemand(): DemandRow {
  return { target: 0, connected: 0, awaiting: 0, notInstalled: 0, expected: 0, seasonNow: 0, seasonExpected: 0, peakNow: 0, peakExpected: 0 }
}

/** Adds a village's households to a row (use is filled in by `priceDemand`). */
export function addDemandVillage(row: DemandRow, v: DemandVillage): void {
  const connected = v.counts.connected
  const equipped = Math.max(v.counts.equipment, connected)
  row.target += v.target
  row.connected += connected
  row.awaiting += equipped - connected
  row.notInstalled += Math.max(0, v.target - equipped)
  row.expected += Math.max(v.target, equipped)
}

/** Fills in the season and peak-day use of a row's households. */
export function priceDemand(row: DemandRow, p: DemandParams): DemandRow {
  if (!(p.seasonDays > 0)) throw new RangeError(`season days must be positive: ${p.seasonDays}`)
  const seasonNow = row.connected * p.perHousehold
  const seasonExpected = row.expected * p.perHousehold
  return {
    ...row,
    seasonNow,
    seasonExpected,
    peakNow: (seasonNow / p.seasonDays) * p.peakFactor,
    peakExpected: (seasonExpected / p.seasonDays) * p.peakFactor,
  }
}
