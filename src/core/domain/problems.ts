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
  /** 整改时限 now in force, YYYY-MM-DD */
  deadline: string
  /**
   * Every deadline set, in the order recorded, with the day it took effect: on registration, on
   * each 交办 (the step's date) and on each edit (the day of the edit). An extension therefore
   * does not undo what was overdue before it. Absent on records written before it was kept.
   */
  deadlines?: DeadlineSet[]
  /** 验收标准 */
  acceptanceStandard: string
  status: ProblemStatus
  /** YYYY-MM-DD */
  openedOn: string
  /** YYYY-MM-DD, set when closed (销号) */
  closedOn?: string
  steps: ProblemStep[]
}

export interface DeadlineSet {
  /** the day it took effect */
  since: string
  deadline: string
}

/** What the overdue rule reads of a problem; steps and deadlines are optional (older records). */
export type OverdueFacts = Pick<Problem, 'deadline' | 'closedOn' | 'openedOn'> & Partial<Pick<Problem, 'deadlines' | 'steps'>>

/** The 整改时限 in force on `date`: the last one recorded that had taken effect by then, else the first. */
export function deadlineOn(p: Pick<Problem, 'deadline' | 'deadlines'>, date: string): string {
  const list = p.deadlines
  if (!list || list.length === 0) return p.deadline
  let out = list[0]!.deadline
  for (const d of list) if (d.since <= date) out = d.deadline
  return out
}

/** The status on `date` from the dated steps (undefined when the record has none, or none by then). */
export function statusOn(p: Partial<Pick<Problem, 'steps'>>, date: string): ProblemStatus | undefined {
  let out: ProblemStatus | undefined
  for (const s of p.steps ?? []) if (s.date <= date) out = s.status
  return out
}

/**
 * The record as it stood at the end of `date`: the steps taken by then, the status they led to,
 * the deadline then in force, closedOn only when closed by then. A problem not yet opened then
 * comes back unchanged (callers leave those out).
 */
export function problemOn(p: Problem, date: string): Problem {
  if (p.openedOn > date) return p
  const steps = p.steps.filter((s) => s.date <= date)
  const out: Problem = { ...p, steps, status: statusOn(p, date) ?? p.status, deadline: deadlineOn(p, date) }
  if (out.closedOn !== undefined && out.closedOn > date) delete out.closedOn
  return out
}

/**
 * Overdue on `date` (逾期未整改): opened by then, neither closed (销号) nor verified (验收通过:
 * the rectification is done, only 销号 is pending) on that day, and the deadline in force on that
 * day has passed. A verification overturned later makes it overdue again from that step on.
 */
export function isOverdue(p: OverdueFacts, date: string): boolean {
  if (p.openedOn > date) return false
  if (p.closedOn !== undefined && p.closedOn <= date) return false
  const status = statusOn(p, date)
  if (status === 'verified' || status === 'closed') return false
  return deadlineOn(p, date) < date
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
