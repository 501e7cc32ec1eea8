// The checks one village's daily figure gets wherever it comes from (a township's file in 报送导入,
// a row of 网上填报): the village must have a plan and report counts; the counts are checked for
// stage order, the target and 回退 against its last figure (warnings: stored as reported).

import { addDays } from '../domain/dates'
import { type FigureIssue, figureIssues } from '../domain/figure-checks'
import type { DailyFigure, RouteDef, StageCounts, StageKey, VillagePlan } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import type { Ctx } from './context'

/** Each stage's name on a route (the route's own words), for messages. */
export function stageNamesOf(routes: readonly RouteDef[], routeId: string): Record<StageKey, string> {
  const route = routes.find((r) => r.id === routeId) ?? routes[0]
  const names = {} as Record<StageKey, string>
  for (const k of STAGE_KEYS) names[k] = route?.stages.find((s) => s.key === k)?.name ?? k
  return names
}

/** Why a village cannot take a figure of counts at all, or null when it can. */
export function figureRefusal(villageName: string, plan: VillagePlan | undefined): string | null {
  if (!plan) return `${villageName}还没有改造计划，不能填报进度。请先在“区划与村庄”中设置它的改造路线和任务户数。`
  if (plan.figureSource === 'households') {
    return `${villageName}的进度按农户信息自动统计，不能直接填报户数。如需直接填报，请把它的“进度来源”改为“直接填报户数”。`
  }
  return null
}

export interface FigureRowCheck {
  /** the figure stored for that day already */
  stored?: DailyFigure
  /** the village's latest figure before that day */
  previous?: DailyFigure
  issues: FigureIssue[]
  names: Record<StageKey, string>
}

/** Order, target and 回退 of a village's figure for `date` (its plan known to exist). */
export function checkFigureRow(ctx: Ctx, plan: VillagePlan, date: string, counts: StageCounts, networkKm: number): FigureRowCheck {
  const names = stageNamesOf(ctx.settings().routes, plan.route)
  const stored = ctx.store.get('figures', `${plan.villageCode}|${date}`)
  const previous = ctx.figureAsOf(plan.villageCode, addDays(date, -1))
  const base = { counts, networkKm, stageNames: names, target: plan.targetHouseholds }
  const issues = figureIssues(previous ? { ...base, previous } : base)
  return { stored, previous, issues, names }
}

export const sameCounts = (a: { counts: StageCounts; networkKm: number }, b: { counts: StageCounts; networkKm: number }) =>
  a.networkKm === b.networkKm && STAGE_KEYS.every((k) => a.counts[k] === b.counts[k])
