// A village's standing for the map and the draw: completion rate, the stage most of its households
// have reached, and whether it is behind schedule at its recent pace.

import { daysBetween } from './dates'
import type { DailyFigure, StageKey, VillagePlan } from './types'
import { STAGE_KEYS } from './types'

/** The days of progress the pace is measured over. */
export const PACE_DAYS = 7

export interface VillageProgress {
  target: number
  connected: number
  /** connected ÷ target (通气/通电率); null without a target; above 1 when targets were revised */
  completionRate: number | null
  /** the furthest stage at least half of the target households have reached; 'none' before that */
  stage: StageKey | 'none'
  /** households connected per day over the last PACE_DAYS days */
  pace: number
  /** work remains and, at the recent pace, will not be done by the deadline (or the deadline passed) */
  behind: boolean
}

/**
 * `latest` is the figure on or before `date`, `earlier` the one on or before `date` − PACE_DAYS.
 * A village with work left and no progress in the last week counts as behind: at that pace it
 * never finishes.
 */
export function villageProgress(plan: VillagePlan, latest: DailyFigure | undefined, earlier: DailyFigure | undefined, date: string): VillageProgress {
  const target = plan.targetHouseholds
  const connected = latest?.counts.connected ?? 0
  let stage: StageKey | 'none' = 'none'
  if (target > 0 && latest) {
    for (const k of STAGE_KEYS) if (latest.counts[k] * 2 >= target) stage = k
  }
  const pace = Math.max(0, connected - (earlier?.counts.connected ?? 0)) / PACE_DAYS
  const remaining = target - connected
  const daysLeft = daysBetween(date, plan.deadline)
  const behind = remaining > 0 && (daysLeft < 0 || pace * daysLeft < remaining)
  return { target, connected, completionRate: target > 0 ? connected / target : null, stage, pace, behind }
}
