// Places and plans: import of the division list, the tree, search, village edits and plans.

import type { DivisionDetail, DivisionHit, DivisionNode, ImportResult, Input, PlansSaved, VillageRow } from '../contract'
import { isValidDate } from '../domain/dates'
import type { Division, VillagePlan } from '../domain/types'
import { AppError, type ProblemDetail } from '../errors'
import { parseDivisionFile } from '../import/divisions'
import { uploadBytes } from '../import/limits'
import { inScope } from './access'
import type { Ctx } from './context'

const LEVEL_ORDER = { city: 0, county: 1, township: 2, village: 3 } as const

export async function importDivisions(ctx: Ctx, input: Input<'divisions.import'>): Promise<ImportResult> {
  const bytes = uploadBytes(input, 'table')
  const existing = new Map<string, Division>()
  for (const d of ctx.store.values('divisions')) existing.set(d.code, d)
  const { divisions, counts } = await parseDivisionFile(input.fileName, bytes, existing)
  const result: ImportResult = { counts, added: 0, updated: 0, unchanged: 0 }
  ctx.write((tx) => {
    for (const d of divisions) {
      const before = existing.get(d.code)
      if (!before) result.added++
      else if (JSON.stringify(before) === JSON.stringify(d)) result.unchanged++
      else result.updated++
      tx.put('divisions', d.code, d)
    }
  })
  return result
}

function requireDivision(ctx: Ctx, code: string, field = 'code'): Division {
  const d = ctx.division(code)
  if (!d) throw new AppError('not_found', `找不到代码为 ${code} 的区划，请先导入区划清单。`, { where: { field } })
  return d
}

function requireVillage(ctx: Ctx, code: string, field = 'villageCode'): Division {
  const d = requireDivision(ctx, code, field)
  if (d.level !== 'village') throw new AppError('invalid_input', `${d.name}（${code}）不是村/社区。`, { where: { field } })
  return d
}

export function children(ctx: Ctx, input: Input<'divisions.children'>): DivisionNode[] {
  const idx = ctx.divisions()
  // The tree's root is the caller's own division when it has one (a county, a township), else the counties.
  const root = ctx.scope && ctx.division(ctx.scope) ? [ctx.scope] : ctx.scope ? [] : idx.counties
  const codes = input.parentCode ? (idx.children.get(input.parentCode) ?? []) : root
  return codes.map((code) => {
    const d = ctx.division(code)!
    const villages = ctx.villagesUnder(code)
    return {
      code,
      name: d.name,
      level: d.level,
      childCount: idx.children.get(code)?.length ?? 0,
      villageCount: d.level === 'village' ? 1 : villages.length,
      plannedCount: villages.filter((v) => ctx.plan(v)).length,
    }
  })
}

export function pathOf(ctx: Ctx, d: Division): Division[] {
  const out: Division[] = []
  let p = ctx.division(d.parentCode)
  while (p && p.level !== 'city') {
    out.unshift(p)
    p = ctx.division(p.parentCode)
  }
  return out
}

export function search(ctx: Ctx, input: Input<'divisions.search'>): DivisionHit[] {
  const q = input.q.trim()
  const limit = input.limit ?? 50
  const hits: Division[] = []
  const isCode = /^\d+$/.test(q)
  for (const d of ctx.store.values('divisions')) {
    if (d.level === 'city' || !inScope(ctx, d.code)) continue
    if (isCode ? d.code.startsWith(q) : d.name.includes(q)) hits.push(d)
  }
  hits.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code))
  return hits.slice(0, limit).map((d) => ({
    code: d.code,
    name: d.name,
    level: d.level,
    path: pathOf(ctx, d)
      .map((p) => p.name)
      .join(' / '),
  }))
}

export function get(ctx: Ctx, input: Input<'divisions.get'>): DivisionDetail {
  const d = requireDivision(ctx, input.code)
  const detail: DivisionDetail = { division: d, path: pathOf(ctx, d), householdCount: 0 }
  if (d.level === 'village') {
    const plan = ctx.plan(d.code)
    if (plan) detail.plan = plan
    const latest = ctx.figureAsOf(d.code, '9999-12-31')
    if (latest) detail.latest = latest
    detail.householdCount = ctx.householdIdsOf(d.code).size
  }
  return detail
}

export function listVillages(ctx: Ctx, input: Input<'villages.list'>): VillageRow[] {
  requireDivision(ctx, input.parentCode, 'parentCode')
  return ctx.villagesUnder(input.parentCode).map((code) => {
    const row: VillageRow = { division: ctx.division(code)! }
    const plan = ctx.plan(code)
    if (plan) row.plan = plan
    const latest = ctx.figureAsOf(code, '9999-12-31')
    if (latest) row.latest = latest
    return row
  })
}

export function updateVillage(ctx: Ctx, input: Input<'villages.update'>): Division {
  const d = requireVillage(ctx, input.code, 'code')
  const next: Division = { ...d, name: input.name.trim() }
  if (input.urbanRuralCode !== undefined) {
    if (input.urbanRuralCode === '') delete next.urbanRuralCode
    else next.urbanRuralCode = input.urbanRuralCode
  }
  ctx.write((tx) => tx.put('divisions', d.code, next))
  return next
}

type PlanInput = Input<'villages.setPlan'>

/** A plan as given, checked: a village, a route the office has, a real deadline. Throws otherwise. */
function checkedPlan(ctx: Ctx, input: PlanInput): VillagePlan {
  requireVillage(ctx, input.villageCode)
  if (!ctx.settings().routes.some((r) => r.id === input.route)) {
    throw new AppError('invalid_input', `没有编号为“${input.route}”的改造路线。`, { where: { field: 'route' } })
  }
  if (!isValidDate(input.deadline)) {
    throw new AppError('invalid_input', `完成时限 ${input.deadline} 不是有效日期。`, { where: { field: 'deadline' } })
  }
  return {
    villageCode: input.villageCode,
    route: input.route,
    targetHouseholds: input.targetHouseholds,
    contractor: input.contractor.trim(),
    deadline: input.deadline,
    figureSource: input.figureSource,
  }
}

export function setPlan(ctx: Ctx, input: Input<'villages.setPlan'>): VillagePlan {
  const plan = checkedPlan(ctx, input)
  ctx.write((tx) => tx.put('plans', plan.villageCode, plan))
  return plan
}

/**
 * Many villages' plans at once (the plan grid of a township): every row is checked first, and the
 * refusal names each bad row; then all are written in one transaction.
 */
export function setPlans(ctx: Ctx, input: Input<'villages.setPlans'>): PlansSaved {
  const plans: VillagePlan[] = []
  const problems: ProblemDetail[] = []
  const seen = new Map<string, number>()
  input.plans.forEach((p, i) => {
    const row = i + 1
    const name = ctx.division(p.villageCode)?.name ?? p.villageCode
    const twice = seen.get(p.villageCode)
    if (twice !== undefined) {
      problems.push({ message: `第 ${row} 行（${name}）与第 ${twice} 行是同一个村。`, where: { row, field: 'villageCode' } })
      return
    }
    seen.set(p.villageCode, row)
    try {
      plans.push(checkedPlan(ctx, p))
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      problems.push({ message: `第 ${row} 行（${name}）：${e.message}`, where: { row, field: e.where?.field } })
    }
  })
  if (problems.length > 0) {
    throw new AppError('invalid_input', problems.length === 1 ? problems[0]!.message : `${problems.length} 行有问题，没有保存：${problems[0]!.message}`, {
      where: problems[0]!.where,
      details: problems,
    })
  }
  const saved: PlansSaved = { added: 0, updated: 0, unchanged: 0, targetsChanged: 0 }
  ctx.write((tx) => {
    for (const plan of plans) {
      const before = tx.get('plans', plan.villageCode)
      if (!before) saved.added++
      else if (JSON.stringify(before) === JSON.stringify(plan)) {
        saved.unchanged++
        continue
      } else saved.updated++
      if (before && before.targetHouseholds !== plan.targetHouseholds) saved.targetsChanged++
      tx.put('plans', plan.villageCode, plan)
    }
  })
  return saved
}

/** The 施工/城燃企业 names already used in plans, the most used first. */
export function contractorNames(ctx: Ctx): string[] {
  const n = new Map<string, number>()
  for (const p of ctx.store.values('plans')) if (p.contractor && inScope(ctx, p.villageCode)) n.set(p.contractor, (n.get(p.contractor) ?? 0) + 1)
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN')).map(([name]) => name)
}
