// 倒排工期: from the deadlines back to today, the daily pace a county must keep, against the pace
// it has shown; the finish date that pace leads to; and how far a period slipped behind.

import { addDays, daysBetween } from './dates'

/** Work still to do under one deadline (a village, or villages sharing a deadline). */
export interface ScheduleItem {
  /** YYYY-MM-DD: finished by the end of that day */
  deadline: string
  /** households not yet finished; a village above its target counts 0, never less */
  remaining: number
}

export interface PaceNeed {
  remaining: number
  /** of those, households whose deadline is on or before the as-of day (already missed) */
  overdue: number
  /** the deadline that sets the pace; with nothing remaining, the latest deadline */
  deadline: string | null
  /** days after the as-of day up to and including `deadline` */
  daysLeft: number | null
  /** households per day from the day after the as-of day; null when nothing remains or every deadline has passed */
  requiredPace: number | null
}

/**
 * The slowest daily pace that meets every deadline: for each deadline D still ahead, everything
 * due by D (plus whatever is already overdue) divided by the days left to D; the largest wins.
 * The as-of day's figure is its end-of-day total, so work starts the day after.
 */
export function requiredPace(asOf: string, items: Iterable<ScheduleItem>): PaceNeed {
  const byDeadline = new Map<string, number>()
  let last: string | null = null
  for (const it of items) {
    if (!last || it.deadline > last) last = it.deadline
    if (it.remaining > 0) byDeadline.set(it.deadline, (byDeadline.get(it.deadline) ?? 0) + it.remaining)
  }
  const deadlines = [...byDeadline.keys()].sort()
  let remaining = 0
  let overdue = 0
  let best: { pace: number; deadline: string; days: number } | null = null
  for (const d of deadlines) {
    const n = byDeadline.get(d)!
    remaining += n
    const days = daysBetween(asOf, d)
    if (days <= 0) {
      overdue += n
      continue
    }
    const pace = remaining / days
    if (!best || pace > best.pace) best = { pace, deadline: d, days }
  }
  if (remaining === 0) return { remaining: 0, overdue: 0, deadline: last, daysLeft: last ? daysBetween(asOf, last) : null, requiredPace: null }
  if (!best) return { remaining, overdue, deadline: deadlines.at(-1)!, daysLeft: daysBetween(asOf, deadlines.at(-1)!), requiredPace: null }
  return { remaining, overdue, deadline: best.deadline, daysLeft: best.days, requiredPace: best.pace }
}

/** Households per day over the `days` days ending on the as-of day. */
export function recentPace(doneNow: number, doneBefore: number, days: number): number {
  if (days <= 0) throw new RangeError(`days must be positive: ${days}`)
  return (doneNow - doneBefore) / days
}

/** The day the remaining households are finished at `pace`; null when nothing remains or there is no progress. */
export function projectedFinish(asOf: string, remaining: number, pace: number): string | null {
  if (remaining <= 0 || !(pace > 0)) return null
  return addDays(asOf, ceilCount(remaining / pace))
}

/** 已完成 / 正常 / 滞后 (the shown pace misses a deadline) / 超期 (a deadline has already passed) */
export type ScheduleStatus = 'done' | 'on_track' | 'behind' | 'overdue'

export function scheduleStatus(need: PaceNeed, pace: number): ScheduleStatus {
  if (need.remaining === 0) return 'done'
  if (need.overdue > 0 || need.requiredPace === null) return 'overdue'
  return pace < need.requiredPace ? 'behind' : 'on_track'
}

export const SCHEDULE_STATUS_NAMES: Record<ScheduleStatus, string> = {
  done: '已完成',
  on_track: '正常',
  behind: '滞后',
  overdue: '超期',
}

/** Counts are whole households: a pace of 10.2 a day over 10 days asks for 102, and 33⅓ × 3 for 100. */
export function ceilCount(x: number): number {
  return Math.ceil(x - 1e-9)
}

export interface Slippage {
  /** households the schedule asked for in the period (from the pace needed at its start) */
  planned: number
  /** households finished in the period */
  actual: number
  /** actual − planned: ahead above 0, behind below */
  difference: number
  /** days of the required pace the period fell behind; 0 when on or ahead; null when no pace was set */
  slipDays: number | null
}

/** How a period went against what the schedule set at its start asked of it. */
export function slippage(planned: number, actual: number, pace: number | null): Slippage {
  const difference = actual - planned
  return { planned, actual, difference, slipDays: difference >= 0 ? 0 : pace !== null && pace > 0 ? -difference / pace : null }
}

/** Households the next period must finish to stay on the schedule: the pace × its days, at most what remains. */
export function periodTarget(need: PaceNeed, days: number): number {
  if (need.requiredPace === null) return need.remaining
  return Math.min(need.remaining, ceilCount(need.requiredPace * days))
}
