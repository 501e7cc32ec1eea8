// The problem ledger's records (问题台账) and what the ten-day meeting pack counts from them.
// The ledger's state machine and services build on these types; reports only read them.

import { isValidDate } from './dates'

/** open → assigned → rectifying → verified → closed (销号); a rejected verification goes back to rectifying. */
export const PROBLEM_STATUSES = ['open', 'assigned', 'rectifying', 'verified', 'closed'] as const
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number]

/** Where a problem came from: a field visit, a complaint (信访/12345), a township's report. */
export type ProblemSource = 'visit' | 'complaint' | 'report'
export const PROBLEM_SOURCES = ['visit', 'complaint', 'report'] as const satisfies readonly ProblemSource[]

/** What a step did: see problem-flow.ts for which status each may start from. */
export const PROBLEM_ACTIONS = ['open', 'assign', 'start', 'verify', 'reject', 'close'] as const
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number]

export interface ProblemStep {
  /** the status after the step */
  status: ProblemStatus
  /** absent on records written before actions were recorded: read it from the status */
  action?: ProblemAction
  /** the day it happened, YYYY-MM-DD (may be back-dated to the day on paper) */
  date: string
  /** when it was recorded, ISO timestamp */
  at: string
  who: string
  note?: string
  /** on an 'assign' step: to whom and by when */
  responsibleUnit?: string
  responsiblePerson?: string
  deadline?: string
}

export interface Problem {
  id: string
  villageCode: string
  householdId?: string
  /** where in the village, in the office's words (e.g. 三组 12 号) */
  placeDetail?: string
  description: string
  source: ProblemSource
  /** the visit record it was found on, when source is 'visit' */
  visitId?: string
  responsibleUnit: string
  responsiblePerson: string
  /** 整改时限, YYYY-MM-DD */
  deadline: string
  /** 验收标准 */
  acceptanceStandard: string
  status: ProblemStatus
  /** YYYY-MM-DD */
  openedOn: string
  /** YYYY-MM-DD, set when closed (销号) */
  closedOn?: string
  steps: ProblemStep[]
}

/** Overdue on `date`: not closed by then and its deadline has passed. */
export function isOverdue(p: Pick<Problem, 'deadline' | 'closedOn' | 'openedOn'>, date: string): boolean {
  if (p.openedOn > date) return false
  const closedBy = p.closedOn !== undefined && p.closedOn <= date
  return !closedBy && p.deadline < date
}

export interface ProblemPeriodCounts {
  /** opened within [from, to] */
  opened: number
  /** closed (销号) within [from, to] */
  closed: number
  /** overdue at the end of the period */
  overdue: number
  /** opened by the end of the period and not closed by then */
  openAtEnd: number
}

/** Counts for a period (a 旬, a week) from the ledger: what a meeting pack reads aloud. */
export function problemCountsInPeriod(problems: Iterable<Problem>, from: string, to: string): ProblemPeriodCounts {
  if (!isValidDate(from) || !isValidDate(to) || from > to) throw new RangeError(`bad period ${from}..${to}`)
  const out: ProblemPeriodCounts = { opened: 0, closed: 0, overdue: 0, openAtEnd: 0 }
  for (const p of problems) {
    if (p.openedOn >= from && p.openedOn <= to) out.opened++
    if (p.closedOn !== undefined && p.closedOn >= from && p.closedOn <= to) out.closed++
    if (p.openedOn <= to && !(p.closedOn !== undefined && p.closedOn <= to)) out.openAtEnd++
    if (isOverdue(p, to)) out.overdue++
  }
  return out
}
