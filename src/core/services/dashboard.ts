// 总览: gathers plans and figures from the store and hands them to the pure computation.

import type { Dashboard, Input } from '../contract'
import { computeDashboard, type DashboardVillage } from '../domain/dashboard'
import { addDays, isValidDate } from '../domain/dates'
import type { Division } from '../domain/types'
import { AppError } from '../errors'
import type { Ctx } from './context'

export function summary(ctx: Ctx, input: Input<'dashboard.summary'>): Dashboard {
  const date = input.date ?? ctx.today()
  if (!isValidDate(date)) throw new AppError('invalid_input', `日期 ${date} 不是有效日期。`, { where: { field: 'date' } })
  const yesterday = addDays(date, -1)
  const counties = new Map<string, Division>()
  for (const code of ctx.divisions().counties) counties.set(code, ctx.division(code)!)
  const villages: DashboardVillage[] = []
  for (const plan of ctx.store.values('plans')) {
    const v: DashboardVillage = { plan }
    const latest = ctx.figureAsOf(plan.villageCode, date)
    if (latest) v.latest = latest
    const previous = ctx.figureAsOf(plan.villageCode, yesterday)
    if (previous) v.previous = previous
    villages.push(v)
  }
  return computeDashboard({ date, routes: ctx.settings().routes, counties, villages })
}
