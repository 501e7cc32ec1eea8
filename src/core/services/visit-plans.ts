// 走访计划: the seeded random draw of villages per township (with its weights and exclusions),
// the suggested order per team and day, contacts, and the printable plan.

import type { Input, PlanItemView, TownshipDrawView, VisitPlanSummary, VisitPlanView } from '../contract'
import { addDays, isValidDate } from '../domain/dates'
import { maskPhone } from '../domain/mask'
import { drawVillages, type DrawTownship, schedule } from '../domain/visit-draw'
import type { DrawReason, TownshipDrawRecord, VisitPlan, VisitPlanItem } from '../domain/visits'
import { AppError } from '../errors'
import { visitPlanWorkbook } from '../reports/visit-plan-sheet'
import type { Ctx } from './context'
import { officeArea } from './office'
import { displaySystem, openProblemCounts, placedVillages, progressOf } from './map'
import { nextId } from './problems'

type DrawInput = Input<'visitPlans.draw'>

/** The townships drawn from: those picked, else every township of the counties picked — all inside the office's area (本级). */
function townshipsOf(ctx: Ctx, input: DrawInput): string[] {
  const area = officeArea(ctx)
  const outside = (code: string) => `${ctx.division(code)!.name}不在本级（${area.name}）范围内，不能抽取。`
  const inArea = (county: string) => area.level === 'all' || (area.level === 'city' ? ctx.division(county)?.parentCode === area.code : county === area.code.slice(0, 6))
  input.countyCodes.forEach((c, i) => {
    if (ctx.division(c)?.level !== 'county') throw new AppError('not_found', `找不到代码为 ${c} 的县区。`, { where: { field: `countyCodes.${i}` } })
    if (!inArea(c)) throw new AppError('invalid_input', outside(c), { where: { field: `countyCodes.${i}` } })
  })
  // A township office draws from its own township.
  if (area.level === 'township') {
    const picked = input.townshipCodes?.length ? input.townshipCodes : [area.code]
    picked.forEach((t, i) => {
      if (t !== area.code) throw new AppError('invalid_input', ctx.division(t) ? outside(t) : `找不到代码为 ${t} 的乡镇。`, { where: { field: `townshipCodes.${i}` } })
    })
    return [area.code]
  }
  if (input.townshipCodes?.length) {
    input.townshipCodes.forEach((t, i) => {
      if (ctx.division(t)?.level !== 'township') throw new AppError('not_found', `找不到代码为 ${t} 的乡镇。`, { where: { field: `townshipCodes.${i}` } })
      if (!input.countyCodes.includes(t.slice(0, 6))) {
        throw new AppError('invalid_input', `乡镇 ${ctx.division(t)!.name} 不在所选县区内。`, { where: { field: `townshipCodes.${i}` } })
      }
    })
    return [...new Set(input.townshipCodes)].sort()
  }
  const { children } = ctx.divisions()
  return input.countyCodes.flatMap((c) => (children.get(c) ?? []).filter((t) => ctx.division(t)?.level === 'township')).sort()
}

/** Villages visited on or after `since` (and not after `asOf`). */
function visitedSince(ctx: Ctx, since: string, asOf: string): Set<string> {
  const out = new Set<string>()
  for (const v of ctx.store.values('visits')) {
    if (v.date < since || v.date > asOf) continue
    for (const x of v.villages) out.add(x.villageCode)
  }
  return out
}

/** The draw, scheduled: what `visitPlans.draw` previews and `visitPlans.create` saves. */
function buildPlan(ctx: Ctx, input: DrawInput): Omit<VisitPlan, 'id' | 'createdAt' | 'createdBy'> {
  if (input.max < input.min) throw new AppError('invalid_input', `每个乡镇抽取的村数：最多（${input.max}）不能少于最少（${input.min}）。`, { where: { field: 'max' } })
  if (!isValidDate(input.startDate)) throw new AppError('invalid_input', `开始日期 ${input.startDate} 不是有效日期。`, { where: { field: 'startDate' } })
  const asOf = ctx.today()
  const excluded = input.excludeDays > 0 ? visitedSince(ctx, addDays(asOf, -input.excludeDays), asOf) : new Set<string>()
  const problems = openProblemCounts(ctx)
  const { children } = ctx.divisions()
  const why = new Map<string, { weight: number; reasons: DrawReason[] }>()
  const excludedPer = new Map<string, number>()
  const townships: DrawTownship[] = townshipsOf(ctx, input).map((t) => {
    const candidates = []
    for (const v of children.get(t) ?? []) {
      if (!ctx.plan(v)) continue
      if (excluded.has(v)) {
        excludedPer.set(t, (excludedPer.get(t) ?? 0) + 1)
        continue
      }
      const reasons: DrawReason[] = []
      let weight = 1
      if (input.weightBehind > 1 && progressOf(ctx, v, asOf)?.behind) {
        weight *= input.weightBehind
        reasons.push('behind')
      }
      if (input.weightComplaint > 1 && (problems.get(v)?.complaints ?? 0) > 0) {
        weight *= input.weightComplaint
        reasons.push('complaint')
      }
      why.set(v, { weight, reasons })
      candidates.push({ villageCode: v, weight })
    }
    return { townshipCode: t, candidates }
  })
  if (townships.every((t) => t.candidates.length === 0)) {
    throw new AppError('invalid_input', '所选范围内没有可抽取的村：只有设置了改造计划、且近期未走访过的村才参加抽取。', { where: { field: 'countyCodes' } })
  }
  const draws = drawVillages(townships, { seed: input.seed, min: input.min, max: input.max })
  const placed = placedVillages(ctx, displaySystem(ctx))
  const drawn = draws.flatMap((d) => d.drawn)
  const order = schedule(
    drawn.map((code) => ({ code, countyCode: code.slice(0, 6), townshipCode: code.slice(0, 9), ...(placed.get(code) ? { at: placed.get(code)!.at } : {}) })),
    { teams: input.teams.length, perDay: input.perDay, startDate: input.startDate },
  )
  const items: VisitPlanItem[] = order.map((s) => ({
    villageCode: s.code,
    townshipCode: ctx.division(s.code)!.parentCode,
    countyCode: s.countyCode,
    team: s.team,
    date: s.date,
    order: s.order,
    weight: why.get(s.code)!.weight,
    reasons: why.get(s.code)!.reasons,
    purpose: input.purpose,
  }))
  const candidatesOf = new Map(townships.map((t) => [t.townshipCode, [...t.candidates].sort((a, b) => (a.villageCode < b.villageCode ? -1 : 1))]))
  const records: TownshipDrawRecord[] = draws.map((d) => ({
    townshipCode: d.townshipCode,
    candidates: candidatesOf.get(d.townshipCode) ?? [],
    wanted: d.wanted,
    available: d.available,
    excluded: excludedPer.get(d.townshipCode) ?? 0,
    drawn: d.drawn.length,
  }))
  return {
    title: input.title || '清洁取暖入户调研走访计划',
    seed: input.seed,
    params: {
      countyCodes: [...input.countyCodes].sort(),
      townshipCodes: [...(input.townshipCodes ?? [])].sort(),
      min: input.min,
      max: input.max,
      weightBehind: input.weightBehind,
      weightComplaint: input.weightComplaint,
      excludeDays: input.excludeDays,
      asOf,
      startDate: input.startDate,
      perDay: input.perDay,
    },
    teams: input.teams,
    purpose: input.purpose,
    townships: records,
    items,
  }
}

function toView(ctx: Ctx, plan: Omit<VisitPlan, 'id' | 'createdAt' | 'createdBy'> & Partial<VisitPlan>, reveal: boolean): VisitPlanView {
  const system = displaySystem(ctx)
  const placed = placedVillages(ctx, system)
  const name = (code: string) => ctx.division(code)?.name ?? code
  // The candidate lists stay in the store (for checking the draw later); the page needs the counts.
  const townships: TownshipDrawView[] = plan.townships.map((t) => ({
    townshipCode: t.townshipCode,
    wanted: t.wanted,
    available: t.available,
    excluded: t.excluded,
    drawn: t.drawn,
    townshipName: name(t.townshipCode),
    countyCode: t.townshipCode.slice(0, 6),
    countyName: name(t.townshipCode.slice(0, 6)),
  }))
  const items: PlanItemView[] = plan.items.map((it) => {
    const at = placed.get(it.villageCode)
    const phone = reveal ? it.contactPhone : maskPhone(it.contactPhone)
    return {
      ...it,
      ...(phone ? { contactPhone: phone } : {}),
      villageName: name(it.villageCode),
      townshipName: name(it.townshipCode),
      countyName: name(it.countyCode),
      teamName: plan.teams[it.team] ?? '',
      completionRate: progressOf(ctx, it.villageCode, ctx.today())?.completionRate ?? null,
      ...(at ? { lng: at.at[0], lat: at.at[1], ...(at.approx ? { approx: at.approx } : {}) } : {}),
    }
  })
  const out: VisitPlanView = {
    title: plan.title,
    seed: plan.seed,
    params: plan.params,
    teams: plan.teams,
    purpose: plan.purpose,
    system,
    townships,
    items,
    revealed: reveal,
  }
  if (plan.id) out.id = plan.id
  if (plan.createdAt) out.createdAt = plan.createdAt
  if (plan.createdBy) out.createdBy = plan.createdBy
  return out
}

export function draw(ctx: Ctx, input: DrawInput): VisitPlanView {
  return toView(ctx, buildPlan(ctx, input), false)
}

export function create(ctx: Ctx, input: DrawInput): VisitPlanView {
  const built = buildPlan(ctx, input)
  const plan = ctx.write((tx) => {
    const p: VisitPlan = { id: nextId(tx, 'JH', ctx.today()), createdAt: ctx.now().toISOString(), createdBy: ctx.who, ...built }
    tx.put('visitPlans', p.id, p)
    return p
  })
  return toView(ctx, plan, false)
}

function requirePlan(ctx: Ctx, id: string): VisitPlan {
  const p = ctx.store.get('visitPlans', id)
  if (!p) throw new AppError('not_found', `找不到编号为 ${id} 的走访计划。`, { where: { field: 'id' } })
  return p
}

export function list(ctx: Ctx): VisitPlanSummary[] {
  return [...ctx.store.values('visitPlans')]
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
    .map((p) => {
      const dates = p.items.map((i) => i.date).sort()
      return {
        id: p.id,
        title: p.title,
        seed: p.seed,
        createdAt: p.createdAt,
        createdBy: p.createdBy,
        startDate: dates[0] ?? p.params.startDate,
        endDate: dates.at(-1) ?? p.params.startDate,
        villages: p.items.length,
        townships: new Set(p.items.map((i) => i.townshipCode)).size,
        counties: new Set(p.items.map((i) => i.countyCode)).size,
      }
    })
}

function noteReveal(ctx: Ctx, id: string): void {
  ctx.note('visitPlans', id, { revealed: ['contactPhone'] })
}

export function get(ctx: Ctx, input: Input<'visitPlans.get'>): VisitPlanView {
  const p = requirePlan(ctx, input.id)
  if (input.reveal) noteReveal(ctx, p.id)
  return toView(ctx, p, input.reveal === true)
}

export function updateItem(ctx: Ctx, input: Input<'visitPlans.updateItem'>): VisitPlanView {
  const p = requirePlan(ctx, input.id)
  const i = p.items.findIndex((it) => it.villageCode === input.villageCode)
  if (i === -1) throw new AppError('not_found', `走访计划 ${p.id} 中没有村 ${input.villageCode}。`, { where: { field: 'villageCode' } })
  const item: VisitPlanItem = { ...p.items[i]! }
  if (input.date !== undefined) {
    if (!isValidDate(input.date)) throw new AppError('invalid_input', `日期 ${input.date} 不是有效日期。`, { where: { field: 'date' } })
    item.date = input.date
  }
  if (input.purpose !== undefined) item.purpose = input.purpose || p.purpose
  if (input.contactName !== undefined) {
    if (input.contactName) item.contactName = input.contactName
    else delete item.contactName
  }
  // A masked number sent back unchanged from the form keeps the stored one.
  if (input.contactPhone !== undefined && !input.contactPhone.includes('*')) {
    if (!/^[\d\s+()-]*$/.test(input.contactPhone)) {
      throw new AppError('invalid_input', `联系电话“${input.contactPhone}”只能包含数字、空格和 +-()。`, { where: { field: 'contactPhone' } })
    }
    if (input.contactPhone) item.contactPhone = input.contactPhone
    else delete item.contactPhone
  }
  const next: VisitPlan = { ...p, items: p.items.map((it, j) => (j === i ? item : it)) }
  ctx.write((tx) => tx.put('visitPlans', p.id, next))
  return toView(ctx, next, false)
}

export function remove(ctx: Ctx, input: Input<'visitPlans.delete'>): { id: string } {
  const p = requirePlan(ctx, input.id)
  ctx.write((tx) => tx.del('visitPlans', p.id))
  return { id: p.id }
}

export async function exportPlan(ctx: Ctx, input: Input<'visitPlans.export'>) {
  const p = requirePlan(ctx, input.id)
  if (input.fullPhones) noteReveal(ctx, p.id)
  return visitPlanWorkbook(toView(ctx, p, input.fullPhones === true), { unit: ctx.settings().unitName, operator: ctx.settings().operator, now: ctx.now() })
}
