// 问题台账: registering problems (from visits, complaints, township reports), moving them through
// the rectification steps to 销号, the filtered ledger with overdue ones marked, and its export.

import type { Input, ProblemLedger, ProblemRow, ProblemView } from '../contract'
import { isValidDate } from '../domain/dates'
import { allowedActions, applyStep, daysOverdue, deadlineHistory } from '../domain/problem-flow'
import { isOverdue, PROBLEM_STATUSES, type Problem, problemOn, type ProblemStatus } from '../domain/problems'


import { AppError } from '../errors'
import { ledgerWorkbook } from '../reports/problem-ledger-sheet'
import type { Tx } from './context'
import { inScope } from './access'
import type { Ctx } from './context'

/** What registering a problem takes: the record's own fields; the unit and person may wait for 交办. */
export type NewProblem = Pick<Problem, 'villageCode' | 'householdId' | 'placeDetail' | 'description' | 'source' | 'visitId' | 'deadline' | 'acceptanceStandard' | 'openedOn'> &
  Partial<Pick<Problem, 'responsibleUnit' | 'responsiblePerson'>>

/** Checks a village (and household) for a problem or finding; `field` names the input field. */
export function checkPlace(ctx: Ctx, villageCode: string, householdId: string | undefined, field: string): void {
  const v = ctx.division(villageCode)
  if (!v || v.level !== 'village') throw new AppError('not_found', `找不到代码为 ${villageCode} 的村。`, { where: { field: `${field}villageCode` } })
  if (householdId && !ctx.householdIdsOf(villageCode).has(householdId)) {
    throw new AppError('invalid_input', `农户 ${householdId} 不是 ${v.name} 的农户。`, { where: { field: `${field}householdId` } })
  }
}

function checkDeadline(deadline: string, openedOn: string, field = 'deadline'): void {
  if (!isValidDate(deadline)) throw new AppError('invalid_input', `整改时限 ${deadline} 不是有效日期。`, { where: { field } })
  if (deadline < openedOn) throw new AppError('invalid_input', `整改时限 ${deadline} 早于发现日期 ${openedOn}。`, { where: { field } })
}

/** A new id from the year's counter: WT2026-0001 (问题), ZF2026-0001 (走访), JH2026-0001 (计划). */
export function nextId(tx: Tx, prefix: string, date: string): string {
  const year = date.slice(0, 4)
  const key = `${prefix}:${year}`
  const n = (tx.get('counters', key) ?? 0) + 1
  tx.put('counters', key, n)
  return `${prefix}${year}-${String(n).padStart(4, '0')}`
}

/** Registers a problem inside a caller's transaction (a visit's findings open theirs this way). */
export function openProblem(ctx: Ctx, tx: Tx, p: NewProblem): Problem {
  checkDeadline(p.deadline, p.openedOn)
  const id = nextId(tx, 'WT', p.openedOn)
  const problem: Problem = {
    id,
    villageCode: p.villageCode,
    description: p.description,
    source: p.source,
    responsibleUnit: p.responsibleUnit ?? '',
    responsiblePerson: p.responsiblePerson ?? '',
    deadline: p.deadline,
    deadlines: [{ since: p.openedOn, deadline: p.deadline }],
    acceptanceStandard: p.acceptanceStandard,
    status: 'open',
    openedOn: p.openedOn,
    steps: [{ status: 'open', action: 'open', date: p.openedOn, at: ctx.now().toISOString(), who: ctx.who }],
  }
  if (p.householdId) problem.householdId = p.householdId
  if (p.placeDetail) problem.placeDetail = p.placeDetail
  if (p.visitId) problem.visitId = p.visitId
  tx.put('problems', id, problem)
  return problem
}

function requireProblem(ctx: Ctx, id: string): Problem {
  const p = ctx.store.get('problems', id)
  if (!p) throw new AppError('not_found', `找不到编号为 ${id} 的问题。`, { where: { field: 'id' } })
  return p
}

function row(ctx: Ctx, p: Problem, date: string): ProblemRow {
  const village = ctx.division(p.villageCode)
  const township = village ? ctx.division(village.parentCode) : undefined
  const county = ctx.division(p.villageCode.slice(0, 6))
  return {
    ...p,
    villageName: village?.name ?? p.villageCode,
    townshipName: township?.name ?? '',
    countyName: county?.name ?? '',
    overdue: isOverdue(p, date),
    daysOverdue: daysOverdue(p, date),
  }
}

function view(ctx: Ctx, p: Problem): ProblemView {
  const out: ProblemView = { problem: row(ctx, p, ctx.today()), allowed: p.status === 'closed' ? [] : allowedActions(p.status) }
  if (p.householdId) {
    const h = ctx.store.get('households', p.householdId)
    if (h) out.householdName = h.headName
  }
  if (p.visitId) {
    const v = ctx.store.get('visits', p.visitId)
    if (v) out.visit = { id: v.id, date: v.date, team: v.team, findings: v.findings.length }
  }
  return out
}

export function create(ctx: Ctx, input: Input<'problems.create'>): ProblemView {
  const openedOn = input.openedOn ?? ctx.today()
  if (!isValidDate(openedOn) || openedOn > ctx.today()) {
    throw new AppError('invalid_input', `发现日期 ${openedOn} 不是有效日期或晚于今天。`, { where: { field: 'openedOn' } })
  }
  checkPlace(ctx, input.villageCode, input.householdId, '')
  const p = ctx.write((tx) => openProblem(ctx, tx, { ...input, openedOn }))
  return view(ctx, p)
}

export function update(ctx: Ctx, input: Input<'problems.update'>): ProblemView {
  const p = requireProblem(ctx, input.id)
  if (p.status === 'closed') throw new AppError('conflict', `问题 ${p.id} 已于 ${p.closedOn} 销号，不能再修改。`)
  checkDeadline(input.deadline, p.openedOn)
  if (p.status !== 'open' && !input.responsibleUnit) {
    throw new AppError('invalid_input', '问题已交办，责任单位不能为空。', { where: { field: 'responsibleUnit' } })
  }
  const next: Problem = {
    ...p,
    description: input.description,
    acceptanceStandard: input.acceptanceStandard,
    responsibleUnit: input.responsibleUnit,
    responsiblePerson: input.responsiblePerson,
    deadline: input.deadline,
  }
  // A new deadline (延期, or a correction) holds from the day of the edit; the old one before it.
  if (input.deadline !== p.deadline) next.deadlines = [...deadlineHistory(p), { since: ctx.today(), deadline: input.deadline }]
  if (input.placeDetail) next.placeDetail = input.placeDetail
  else delete next.placeDetail
  ctx.write((tx) => tx.put('problems', p.id, next))
  return view(ctx, next)
}

export function transition(ctx: Ctx, input: Input<'problems.transition'>): ProblemView {
  const p = requireProblem(ctx, input.id)
  const next = applyStep(
    p,
    {
      action: input.action,
      date: input.date,
      who: input.who || ctx.who,
      at: ctx.now().toISOString(),
      ...(input.note ? { note: input.note } : {}),
      ...(input.responsibleUnit !== undefined ? { responsibleUnit: input.responsibleUnit } : {}),
      ...(input.responsiblePerson !== undefined ? { responsiblePerson: input.responsiblePerson } : {}),
      ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
    },
    ctx.today(),
  )
  ctx.write((tx) => tx.put('problems', p.id, next))
  return view(ctx, next)
}

export function get(ctx: Ctx, input: Input<'problems.get'>): ProblemView {
  return view(ctx, requireProblem(ctx, input.id))
}

type LedgerFilter = Input<'problems.list'>

export function ledger(ctx: Ctx, input: LedgerFilter): ProblemLedger {
  const date = input.date ?? ctx.today()
  if (!isValidDate(date)) throw new AppError('invalid_input', `日期 ${date} 不是有效日期。`, { where: { field: 'date' } })
  const counts = { ...(Object.fromEntries(PROBLEM_STATUSES.map((s) => [s, 0])) as Record<ProblemStatus, number>), overdue: 0, total: 0 }
  const units = new Set<string>()
  const items: ProblemRow[] = []
  const q = input.q?.trim()
  for (const stored of ctx.store.values('problems')) {
    if (stored.openedOn > date) continue
    if (input.countyCode && !stored.villageCode.startsWith(input.countyCode)) continue
    if (!inScope(ctx, stored.villageCode)) continue
    // As the ledger stood on that day: its status, deadline and steps then.
    const p = problemOn(stored, date)
    const r = row(ctx, p, date)
    counts[p.status]++
    counts.total++
    if (r.overdue) counts.overdue++
    if (p.responsibleUnit) units.add(p.responsibleUnit)
    if (input.status === 'unclosed' ? p.status === 'closed' : input.status && p.status !== input.status) continue
    if (input.responsibleUnit && p.responsibleUnit !== input.responsibleUnit) continue
    if (input.overdueOnly && !r.overdue) continue
    if (q && ![p.id, p.description, p.placeDetail ?? '', r.villageName, r.townshipName, p.responsibleUnit, p.responsiblePerson].some((s) => s.includes(q))) continue
    items.push(r)
  }
  items.sort((a, b) => (a.id < b.id ? -1 : 1))
  return { date, items, counts, units: [...units].sort((a, b) => a.localeCompare(b, 'zh-CN')) }
}

export async function exportLedger(ctx: Ctx, input: LedgerFilter) {
  const l = ledger(ctx, input)
  const county = input.countyCode ? ctx.division(input.countyCode)?.name : undefined
  return ledgerWorkbook(l, { unit: ctx.settings().unitName, operator: ctx.settings().operator, now: ctx.now(), county, filter: input })
}
