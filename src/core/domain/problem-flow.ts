// The problem ledger's state machine (整改闭环): open → assigned → rectifying → verified → closed
// (销号); a failed or rejected verification sends the problem back to rectifying. Every step is
// dated, says who did it and may carry a note. Illegal moves are refused with a message in Chinese.

import { daysBetween, isValidDate } from './dates'
import { deadlineOn, isOverdue, type OverdueFacts, type Problem, type ProblemAction, type ProblemStatus, type ProblemStep } from './problems'
import { AppError } from '../errors'

export const STATUS_LABEL: Record<ProblemStatus, string> = {
  open: '待交办',
  assigned: '已交办',
  rectifying: '整改中',
  verified: '已验收',
  closed: '已销号',
}

export const ACTION_LABEL: Record<ProblemAction, string> = {
  open: '登记',
  assign: '交办',
  start: '开始整改',
  verify: '验收通过',
  reject: '验收不通过，退回整改',
  close: '销号',
}

/** The moves a user makes after a problem is registered. */
export type FlowAction = Exclude<ProblemAction, 'open'>

interface Transition {
  from: readonly ProblemStatus[]
  to: ProblemStatus
  /** why it may not happen from another status, said to the user */
  rule: string
}

export const TRANSITIONS: Record<FlowAction, Transition> = {
  // Re-assigning (another unit, a new deadline) is allowed until the work starts.
  assign: { from: ['open', 'assigned'], to: 'assigned', rule: '只有待交办或已交办（尚未开始整改）的问题才能交办' },
  start: { from: ['assigned'], to: 'rectifying', rule: '问题须先交办给责任单位，才能开始整改' },
  verify: { from: ['rectifying'], to: 'verified', rule: '只有整改中的问题才能验收' },
  // A verification can fail on the spot (rectifying) or be overturned before 销号 (verified).
  reject: { from: ['rectifying', 'verified'], to: 'rectifying', rule: '只有整改中或已验收的问题才能退回整改' },
  close: { from: ['verified'], to: 'closed', rule: '只有验收通过的问题才能销号' },
}

/** The actions allowed from a status, in the order the buttons show. */
export function allowedActions(status: ProblemStatus): FlowAction[] {
  return (Object.keys(TRANSITIONS) as FlowAction[]).filter((a) => TRANSITIONS[a].from.includes(status))
}

export interface StepInput {
  action: FlowAction
  /** the day it happened */
  date: string
  who: string
  /** when it was recorded (ISO) */
  at: string
  note?: string
  /** assign: required unit, optional person, required deadline */
  responsibleUnit?: string
  responsiblePerson?: string
  deadline?: string
}

function refuse(message: string, field?: string): never {
  throw new AppError('conflict', message, field ? { where: { field } } : {})
}

/** The problem after one step, or an AppError saying why the step is not allowed. */
export function applyStep(p: Problem, s: StepInput, today: string): Problem {
  const t = TRANSITIONS[s.action]
  const label = ACTION_LABEL[s.action]
  if (p.status === 'closed') refuse(`问题 ${p.id} 已于 ${p.closedOn ?? ''} 销号，整改已闭环，不能再办理“${label}”。`)
  if (!t.from.includes(p.status)) {
    refuse(`问题 ${p.id} 当前为“${STATUS_LABEL[p.status]}”，不能办理“${label}”：${t.rule}。`, 'action')
  }
  if (!isValidDate(s.date)) refuse(`日期 ${s.date} 不是有效日期。`, 'date')
  if (s.date > today) refuse(`日期 ${s.date} 还没到，不能提前登记。`, 'date')
  const last = p.steps.at(-1)
  const floor = last && last.date > p.openedOn ? last.date : p.openedOn
  if (s.date < floor) refuse(`日期 ${s.date} 早于上一步（${floor}），步骤须按时间先后登记。`, 'date')
  const who = s.who.trim()
  if (!who) refuse('请填写经办人。', 'who')
  const note = s.note?.trim()
  if (s.action === 'reject' && !note) refuse('退回整改须写明验收不通过的原因。', 'note')

  const next: Problem = { ...p, status: t.to, steps: [...p.steps] }
  const step: ProblemStep = { status: t.to, action: s.action, date: s.date, at: s.at, who }
  if (note) step.note = note
  if (s.action === 'assign') {
    const unit = s.responsibleUnit?.trim() ?? ''
    if (!unit) refuse('交办须填写责任单位。', 'responsibleUnit')
    const deadline = s.deadline ?? ''
    if (!isValidDate(deadline)) refuse(`整改时限 ${deadline || '（空）'} 不是有效日期。`, 'deadline')
    if (deadline < s.date) refuse(`整改时限 ${deadline} 早于交办日期 ${s.date}。`, 'deadline')
    next.responsibleUnit = unit
    next.responsiblePerson = s.responsiblePerson?.trim() ?? ''
    next.deadline = deadline
    next.deadlines = [...deadlineHistory(p), { since: s.date, deadline }]
    step.responsibleUnit = unit
    if (next.responsiblePerson) step.responsiblePerson = next.responsiblePerson
    step.deadline = deadline
  }
  if (s.action === 'close') next.closedOn = s.date
  next.steps.push(step)
  return next
}

/** The deadlines set so far; a record from before they were kept starts with its current one. */
export function deadlineHistory(p: Pick<Problem, 'deadline' | 'deadlines' | 'openedOn'>): NonNullable<Problem['deadlines']> {
  return p.deadlines && p.deadlines.length > 0 ? p.deadlines : [{ since: p.openedOn, deadline: p.deadline }]
}

/** Days past the deadline in force on `date` (0 when not overdue). */
export function daysOverdue(p: OverdueFacts, date: string): number {
  return isOverdue(p, date) ? daysBetween(deadlineOn(p, date), date) : 0
}
