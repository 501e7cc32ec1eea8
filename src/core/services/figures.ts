// Village daily figures: manual entry for villages that report counts, and their history.

import type { FigureCheck, Input, ReportingStatus, TownshipReporting } from '../contract'
import { addDays, isValidDate } from '../domain/dates'
import { figureIssues } from '../domain/figure-checks'
import type { DailyFigure, StageKey } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { AppError } from '../errors'
import { figureKey } from '../store/collections'
import type { Ctx } from './context'
import { onlineStatus } from './submissions'

/**
 * The warnings the importer would give this figure (stage order, above the target, 回退 against the
 * village's figure before that day), so a figure typed in is checked like one imported.
 */
export function check(ctx: Ctx, input: Input<'figures.check'>): FigureCheck {
  const plan = countsPlan(ctx, input.villageCode)
  if (!isValidDate(input.date)) throw new AppError('invalid_input', `日期 ${input.date} 不是有效日期。`, { where: { field: 'date' } })
  const route = ctx.settings().routes.find((r) => r.id === plan.route)
  const stageNames = Object.fromEntries(STAGE_KEYS.map((k) => [k, route?.stages.find((s) => s.key === k)?.name ?? k])) as Record<StageKey, string>
  const previous = ctx.figureAsOf(input.villageCode, addDays(input.date, -1))
  const networkKm = Math.round(input.networkKm * 1000) / 1000
  const base = { counts: input.counts, networkKm, stageNames, target: plan.targetHouseholds }
  const out: FigureCheck = { warnings: figureIssues(previous ? { ...base, previous } : base) }
  if (previous) out.previous = previous
  const stored = ctx.store.get('figures', figureKey(input.villageCode, input.date))
  if (stored) out.stored = stored
  return out
}

/** The plan of a village that reports counts; refuses a village without one, or kept by households. */
function countsPlan(ctx: Ctx, villageCode: string) {
  const village = ctx.division(villageCode)
  if (!village || village.level !== 'village') {
    throw new AppError('not_found', `找不到代码为 ${villageCode} 的村。`, { where: { field: 'villageCode' } })
  }
  const plan = ctx.plan(villageCode)
  if (!plan) {
    throw new AppError('invalid_input', `${village.name} 还没有改造计划，请先设置改造路线和任务户数。`, {
      where: { field: 'villageCode' },
    })
  }
  if (plan.figureSource === 'households') {
    throw new AppError(
      'invalid_input',
      `${village.name} 的进度由农户信息自动统计，不能直接填报户数；如需直接填报，请把计划中的“进度来源”改为“直接填报户数”。`,
      { where: { field: 'villageCode' } },
    )
  }
  return plan
}

export function record(ctx: Ctx, input: Input<'figures.record'>): DailyFigure {
  countsPlan(ctx, input.villageCode)
  if (!isValidDate(input.date)) {
    throw new AppError('invalid_input', `日期 ${input.date} 不是有效日期。`, { where: { field: 'date' } })
  }
  if (input.date > ctx.today()) {
    throw new AppError('invalid_input', `不能填报未来日期（${input.date}）的进度。`, { where: { field: 'date' } })
  }
  const fig: DailyFigure = {
    villageCode: input.villageCode,
    date: input.date,
    counts: Object.fromEntries(STAGE_KEYS.map((k) => [k, input.counts[k]])) as DailyFigure['counts'],
    networkKm: Math.round(input.networkKm * 1000) / 1000,
    source: 'manual',
  }
  ctx.write((tx) => tx.put('figures', figureKey(fig.villageCode, fig.date), fig))
  return fig
}

export function history(ctx: Ctx, input: Input<'figures.history'>): DailyFigure[] {
  const out: DailyFigure[] = []
  for (const date of ctx.latestFigureDates(input.villageCode, input.limit ?? 200)) {
    const f = ctx.store.get('figures', figureKey(input.villageCode, date))
    if (f) out.push(f)
  }
  return out
}

/**
 * Which townships reported on a date. A township is expected to report when it has a planned
 * village that reports counts (household-kept villages derive their figures); it reported when
 * one of those villages has a figure dated that day (entered by hand, imported, or accepted from
 * 网上填报), or when its 网上填报 of that day waits for review: both ways of reporting count.
 */
export function reportingStatus(ctx: Ctx, input: Input<'figures.reportingStatus'>): ReportingStatus {
  if (!isValidDate(input.date)) {
    throw new AppError('invalid_input', `日期 ${input.date} 不是有效日期。`, { where: { field: 'date' } })
  }
  const byTownship = new Map<string, TownshipReporting>()
  for (const plan of ctx.store.values('plans')) {
    if (plan.figureSource !== 'counts') continue
    const village = ctx.division(plan.villageCode)
    if (!village) continue
    let row = byTownship.get(village.parentCode)
    if (!row) {
      const township = ctx.division(village.parentCode)
      const county = township ? ctx.division(township.parentCode) : undefined
      row = {
        countyCode: county?.code ?? village.code.slice(0, 6),
        countyName: county?.name ?? '',
        townshipCode: village.parentCode,
        townshipName: township?.name ?? village.parentCode,
        expectedVillages: 0,
        reportedVillages: 0,
      }
      byTownship.set(village.parentCode, row)
    }
    row.expectedVillages++
    const f = ctx.store.get('figures', figureKey(plan.villageCode, input.date))
    if (f && f.source !== 'derived') row.reportedVillages++
  }
  const online = onlineStatus(ctx, input.date)
  for (const [code, status] of online) {
    const row = byTownship.get(code)
    if (row) row.online = status
  }
  const townships = [...byTownship.values()].sort((a, b) => a.townshipCode.localeCompare(b.townshipCode))
  return {
    date: input.date,
    townships,
    unreported: townships.filter((t) => t.reportedVillages === 0 && t.online !== 'pending' && t.online !== 'accepted'),
  }
}
