// 总览: gathers the plans and figures of the office's area (本级) and hands them to the pure
// computation; its rows are the area's children (counties, townships or villages).

import type { Dashboard, Input } from '../contract'
import { computeDashboard, type DashboardVillage } from '../domain/dashboard'
import { addDays, isValidDate } from '../domain/dates'
import { unitOfVillage } from '../domain/office-area'
import type { Division } from '../domain/types'
import { AppError } from '../errors'
import type { Ctx } from './context'
import { containsVillage, officeArea, unitsOf } from './office'

export function summary(ctx: Ctx, input: Input<'dashboard.summary'>): Dashboard {
  const date = input.date ?? ctx.today()
  if (!isValidDate(date)) throw new AppError('invalid_input', `日期 ${date} 不是有效日期。`, { where: { field: 'date' } })
  const yesterday = addDays(date, -1)
  const area = officeArea(ctx)
  const units = new Map<string, Division>()
  for (const d of unitsOf(ctx, area)) units.set(d.code, d)
  const villages: DashboardVillage[] = []
  for (const plan of ctx.store.values('plans')) {
    if (!containsVillage(ctx, area, plan.villageCode)) continue
    const v: DashboardVillage = { plan }
    const latest = ctx.figureAsOf(plan.villageCode, date)
    if (latest) v.latest = latest
    const previous = ctx.figureAsOf(plan.villageCode, yesterday)
    if (previous) v.previous = previous
    villages.push(v)
  }
  const dash = computeDashboard({ date, routes: ctx.settings().routes, counties: units, villages, groupOf: (v) => unitOfVillage(area.unitLevel, v) })
  return { ...dash, area }
}
