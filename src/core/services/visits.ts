// 走访记录: what a team saw on a visit (villages, households gone into, findings), with every
// problem found opening a ledger entry in the same write; and the per-county counts.

import type { FindingView, Input, VisitSummary, VisitView } from '../contract'
import { isValidDate } from '../domain/dates'
import { ACTION_LABEL, deadlineHistory, STATUS_LABEL } from '../domain/problem-flow'
import type { Problem } from '../domain/problems'

import { type Finding, summarizeVisits, type VisitedVillage, type VisitRecord } from '../domain/visits'
import { AppError } from '../errors'
import type { Tx } from './context'
import { inScope } from './access'
import type { Ctx } from './context'
import { checkPlace, nextId, openProblem } from './problems'

type FindingInput = Input<'visits.addFinding'>['finding']

function requireVisit(ctx: Ctx, id: string): VisitRecord {
  const v = ctx.store.get('visits', id)
  if (!v) throw new AppError('not_found', `找不到编号为 ${id} 的走访记录。`, { where: { field: 'id' } })
  return v
}

function checkDate(ctx: Ctx, date: string): void {
  if (!isValidDate(date)) throw new AppError('invalid_input', `走访日期 ${date} 不是有效日期。`, { where: { field: 'date' } })
  if (date > ctx.today()) throw new AppError('invalid_input', `走访日期 ${date} 晚于今天，只能登记已经走访的情况。`, { where: { field: 'date' } })
}

function checkVillages(ctx: Ctx, villages: readonly VisitedVillage[]): VisitedVillage[] {
  const seen = new Set<string>()
  return villages.map((v, i) => {
    checkPlace(ctx, v.villageCode, undefined, `villages.${i}.`)
    if (seen.has(v.villageCode)) {
      throw new AppError('invalid_input', `${ctx.division(v.villageCode)!.name} 重复列出。`, { where: { field: `villages.${i}.villageCode` } })
    }
    seen.add(v.villageCode)
    const ids = [...new Set(v.householdIds ?? [])]
    ids.forEach((h) => checkPlace(ctx, v.villageCode, h, `villages.${i}.`))
    const out: VisitedVillage = { villageCode: v.villageCode, households: Math.max(v.households, ids.length) }
    if (ids.length) out.householdIds = ids
    return out
  })
}

/** Adds one finding to `visit` inside `tx`; a problem opens its ledger entry. */
function addFindingTx(ctx: Ctx, tx: Tx, visit: VisitRecord, f: FindingInput, field: string): void {
  if (!visit.villages.some((v) => v.villageCode === f.villageCode)) {
    const name = ctx.division(f.villageCode)?.name ?? f.villageCode
    throw new AppError('invalid_input', `发现所在的村（${name}）不在本次走访的村中，请先把它加入走访的村。`, { where: { field: `${field}villageCode` } })
  }
  checkPlace(ctx, f.villageCode, f.householdId, field)
  const n = visit.findings.reduce((m, x) => Math.max(m, Number(x.id.split('-').at(-1)) || 0), 0) + 1
  const finding: Finding = { id: `${visit.id}-${n}`, kind: f.kind, villageCode: f.villageCode, text: f.text }
  if (f.householdId) finding.householdId = f.householdId
  if (f.placeDetail) finding.placeDetail = f.placeDetail
  if (f.kind === 'problem') {
    if (!f.problem) {
      throw new AppError('invalid_input', '问题须填写整改时限和验收标准，才能列入问题台账。', { where: { field: `${field}problem` } })
    }
    const p = openProblem(ctx, tx, {
      villageCode: f.villageCode,
      ...(f.householdId ? { householdId: f.householdId } : {}),
      ...(f.placeDetail ? { placeDetail: f.placeDetail } : {}),
      description: f.text,
      source: 'visit',
      visitId: visit.id,
      ...f.problem,
      openedOn: visit.date,
    })
    finding.problemId = p.id
  }
  visit.findings.push(finding)
}

function toView(ctx: Ctx, v: VisitRecord): VisitView {
  const villageNames: Record<string, string> = {}
  const villageTownships: Record<string, string> = {}
  for (const x of v.villages) {
    const d = ctx.division(x.villageCode)
    villageNames[x.villageCode] = d?.name ?? x.villageCode
    villageTownships[x.villageCode] = (d && ctx.division(d.parentCode)?.name) ?? ''
  }
  const findings = v.findings.map((f): FindingView => {
    const out: FindingView = { ...f, villageName: villageNames[f.villageCode] ?? ctx.division(f.villageCode)?.name ?? f.villageCode }
    if (f.householdId) {
      const h = ctx.store.get('households', f.householdId)
      if (h) out.householdName = h.headName
    }
    if (f.problemId) {
      const p = ctx.store.get('problems', f.problemId)
      if (p) out.problemStatus = p.status
    }
    return out
  })
  const counties = [...new Set(v.villages.map((x) => x.villageCode.slice(0, 6)))].sort()
  return {
    ...v,
    villageNames,
    villageTownships,
    countyNames: counties.map((c) => ctx.division(c)?.name ?? c),
    findings,
    counts: {
      problems: v.findings.filter((f) => f.kind === 'problem').length,
      suggestions: v.findings.filter((f) => f.kind === 'suggestion').length,
      highlights: v.findings.filter((f) => f.kind === 'highlight').length,
    },
  }
}

export function create(ctx: Ctx, input: Input<'visits.create'>): VisitView {
  checkDate(ctx, input.date)
  const villages = checkVillages(ctx, input.villages)
  if (input.planId && !ctx.store.get('visitPlans', input.planId)) {
    throw new AppError('not_found', `找不到编号为 ${input.planId} 的走访计划。`, { where: { field: 'planId' } })
  }
  const visit = ctx.write((tx) => {
    const v: VisitRecord = { id: nextId(tx, 'ZF', input.date), date: input.date, team: input.team, villages, findings: [] }
    if (input.planId) v.planId = input.planId
    if (input.note) v.note = input.note
    input.findings.forEach((f, i) => addFindingTx(ctx, tx, v, f, `findings.${i}.`))
    tx.put('visits', v.id, v)
    return v
  })
  ctx.commit() // the view reads the problems this visit opened
  return toView(ctx, visit)
}

export function update(ctx: Ctx, input: Input<'visits.update'>): VisitView {
  const prev = requireVisit(ctx, input.id)
  checkDate(ctx, input.date)
  const villages = checkVillages(ctx, input.villages)
  for (const f of prev.findings) {
    if (!villages.some((v) => v.villageCode === f.villageCode)) {
      throw new AppError('conflict', `${ctx.division(f.villageCode)?.name ?? f.villageCode} 还有发现记录，不能从走访的村中去掉；请先删除这些发现。`, {
        where: { field: 'villages' },
      })
    }
  }
  const redated = redatedProblems(ctx, prev, input.date)
  const next: VisitRecord = { ...prev, date: input.date, team: input.team, villages }
  if (input.note) next.note = input.note
  else delete next.note
  ctx.write((tx) => {
    tx.put('visits', prev.id, next)
    for (const p of redated) tx.put('problems', p.id, p)
  })
  ctx.commit() // the view reads the problems this write opened or closed
  return toView(ctx, next)
}

/**
 * A problem found on a visit was found on the visit's date: when the date is corrected, its
 * 发现日期 (and the day its first deadline took effect) move with it, so the ledger and the
 * ten-day pack count it in the right period. Refused when a later step would then come before it.
 */
function redatedProblems(ctx: Ctx, prev: VisitRecord, date: string): Problem[] {
  if (date === prev.date) return []
  const out: Problem[] = []
  for (const f of prev.findings) {
    const p = f.problemId ? ctx.store.get('problems', f.problemId) : undefined
    if (!p) continue
    const early = p.steps.slice(1).find((s) => s.date < date)
    if (early) {
      const what = early.action ? ACTION_LABEL[early.action] : STATUS_LABEL[early.status]
      throw new AppError('conflict', `问题 ${p.id} 已于 ${early.date} 登记“${what}”，早于新的走访日期 ${date}，不能把走访日期改到这一天之后。`, {
        where: { field: 'date' },
      })
    }
    const [first, ...rest] = deadlineHistory(p)
    if (first!.deadline < date) {
      throw new AppError('invalid_input', `问题 ${p.id} 的整改时限 ${first!.deadline} 早于新的走访日期 ${date}，请先修改整改时限。`, { where: { field: 'date' } })
    }
    out.push({
      ...p,
      openedOn: date,
      steps: p.steps.map((s, i) => (i === 0 ? { ...s, date } : s)),
      deadlines: [{ since: date, deadline: first!.deadline }, ...rest],
    })
  }
  return out
}

export function addFinding(ctx: Ctx, input: Input<'visits.addFinding'>): VisitView {
  const prev = requireVisit(ctx, input.visitId)
  const next = ctx.write((tx) => {
    const v: VisitRecord = { ...prev, findings: [...prev.findings] }
    addFindingTx(ctx, tx, v, input.finding, 'finding.')
    tx.put('visits', v.id, v)
    return v
  })
  ctx.commit() // the view reads the problems this write opened or closed
  return toView(ctx, next)
}

/** A problem may go with its finding only while nobody has acted on it yet. */
function removableProblem(ctx: Ctx, id: string): Problem | undefined {
  const p = ctx.store.get('problems', id)
  if (p && (p.status !== 'open' || p.steps.length > 1)) {
    throw new AppError('conflict', `问题 ${p.id} 已进入整改流程，不能删除；如属误报，请在问题台账中写明情况后验收销号。`)
  }
  return p
}

export function removeFinding(ctx: Ctx, input: Input<'visits.removeFinding'>): VisitView {
  const prev = requireVisit(ctx, input.visitId)
  const f = prev.findings.find((x) => x.id === input.findingId)
  if (!f) throw new AppError('not_found', `走访记录 ${prev.id} 中没有发现 ${input.findingId}。`, { where: { field: 'findingId' } })
  const problem = f.problemId ? removableProblem(ctx, f.problemId) : undefined
  const next: VisitRecord = { ...prev, findings: prev.findings.filter((x) => x.id !== f.id) }
  ctx.write((tx) => {
    tx.put('visits', prev.id, next)
    if (problem) tx.del('problems', problem.id)
  })
  ctx.commit() // the view reads the problems this write opened or closed
  return toView(ctx, next)
}

export function remove(ctx: Ctx, input: Input<'visits.delete'>): { id: string; removedProblems: string[] } {
  const v = requireVisit(ctx, input.id)
  const problems = v.findings.flatMap((f) => (f.problemId ? [removableProblem(ctx, f.problemId)] : [])).filter((p) => p !== undefined)
  ctx.write((tx) => {
    tx.del('visits', v.id)
    for (const p of problems) tx.del('problems', p.id)
  })
  return { id: v.id, removedProblems: problems.map((p) => p.id) }
}

export function get(ctx: Ctx, input: Input<'visits.get'>): VisitView {
  return toView(ctx, requireVisit(ctx, input.id))
}

export function list(ctx: Ctx, input: Input<'visits.list'>): VisitView[] {
  return [...ctx.store.values('visits')]
    .filter((v) => (!input.from || v.date >= input.from) && (!input.to || v.date <= input.to))
    .filter((v) => !input.countyCode || v.villages.some((x) => x.villageCode.startsWith(input.countyCode!)))
    .sort((a, b) => (a.date === b.date ? (a.id < b.id ? 1 : -1) : a.date < b.date ? 1 : -1))
    .map((v) => toView(ctx, v))
}

export function summary(ctx: Ctx, input: Input<'visits.summary'>): VisitSummary {
  // As visits.list: a visit is the caller's when all its villages are.
  const visits = [...ctx.store.values('visits')].filter((v) => v.villages.every((x) => inScope(ctx, x.villageCode)))
  const { rows, total } = summarizeVisits(visits, input.from, input.to)
  const out: VisitSummary = { rows: rows.map((r) => ({ ...r, countyName: ctx.division(r.countyCode)?.name ?? r.countyCode })), total }
  if (input.from) out.from = input.from
  if (input.to) out.to = input.to
  return out
}
