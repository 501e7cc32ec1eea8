// 本级: the office's own area as set in 设置 (settings.officeCode), or, until it is set, the one
// city of the division list (else its one county, else every county). Every part that works "at
// the office's level" asks here, and a narrower area (a city office's report for one county, later
// an account's scope) is checked to lie inside it.

import { type Area, areaOfDivision, isAreaLevel } from '../domain/office-area'
import type { Division } from '../domain/types'
import { AppError } from '../errors'
import type { Ctx } from './context'

/** The area the division list suggests when the office has not named one. */
function defaultDivision(ctx: Ctx): Division | undefined {
  const cities: Division[] = []
  for (const d of ctx.store.values('divisions')) if (d.level === 'city') cities.push(d)
  const counties = ctx.divisions().counties
  if (cities.length === 1 && counties.every((c) => ctx.division(c)?.parentCode === cities[0]!.code)) return cities[0]
  if (cities.length === 0 && counties.length === 1) return ctx.division(counties[0]!)
  return undefined
}

/**
 * The area the caller works over: the office's (本级), or an account's narrower division (a county
 * of a city office, a township). A code set in 设置 that the division list no longer has falls back
 * to the default; an account's division that is gone shows nothing rather than everything.
 */
export function officeArea(ctx: Ctx): Area {
  const scope = ctx.scope
  if (scope) {
    const own = ctx.division(scope)
    if (own && isAreaLevel(own.level)) return areaOfDivision(own)
    // Read as a township's code: no village's first 9 digits equal a code that is not one, so nothing is in it.
    return areaOfDivision({ code: scope, name: scope, level: 'township' })
  }
  return officeAreaOfFolder(ctx)
}

/** The office's own area (本级), whoever is asking. */
export function officeAreaOfFolder(ctx: Ctx): Area {
  const code = ctx.settings().officeCode
  const own = code ? ctx.division(code) : undefined
  return areaOfDivision(own && isAreaLevel(own.level) ? own : defaultDivision(ctx))
}

/** Whether a city, county or township lies in the office's own area: an account's division must. */
export function inOfficeArea(ctx: Ctx, d: Division): boolean {
  return containsDivision(ctx, officeAreaOfFolder(ctx), d)
}

/** Whether a village lies in the area (codes carry their county and township in their first 6 and 9 digits). */
export function containsVillage(ctx: Ctx, area: Area, villageCode: string): boolean {
  switch (area.level) {
    case 'all':
      return true
    case 'city':
      return ctx.division(villageCode.slice(0, 6))?.parentCode === area.code
    case 'county':
      return villageCode.slice(0, 6) === area.code
    case 'township':
      return villageCode.slice(0, 9) === area.code
  }
}

/** Whether a city, county or township lies in (or is) the area. */
function containsDivision(ctx: Ctx, area: Area, d: Division): boolean {
  if (area.level === 'all' || d.code === area.code) return true
  if (area.level === 'township') return false
  if (area.level === 'county') return d.level === 'township' && d.code.slice(0, 6) === area.code
  // a city: its counties and their townships
  const county = d.level === 'county' ? d : d.level === 'township' ? ctx.division(d.code.slice(0, 6)) : undefined
  return county?.parentCode === area.code
}

/**
 * The area a report (or summary) is made for: the office's own, or a division inside it that the
 * caller picked (a city office's report for one of its counties). Refused, with the field named,
 * when the code is not a city, county or township of the office's area.
 */
export function areaFor(ctx: Ctx, code: string | undefined, field = 'scope'): Area {
  const office = officeArea(ctx)
  if (!code || code === office.code) return office
  const d = ctx.division(code)
  if (!d) throw new AppError('not_found', `找不到代码为 ${code} 的区划。`, { where: { field } })
  if (!isAreaLevel(d.level)) throw new AppError('invalid_input', `${d.name}是村，报表的范围应为市、县或乡镇。`, { where: { field } })
  if (!containsDivision(ctx, office, d)) {
    throw new AppError('invalid_input', `${d.name}不在本级（${office.name || '全部县区'}）范围内。`, { where: { field } })
  }
  return areaOfDivision(d)
}

/** The area's children that rows are made of, in code order (every county, township or village of it). */
export function unitsOf(ctx: Ctx, area: Area): Division[] {
  const { children, counties } = ctx.divisions()
  const codes = area.level === 'all' ? counties : (children.get(area.code) ?? [])
  const out: Division[] = []
  for (const c of codes) {
    const d = ctx.division(c)
    if (d && d.level === area.unitLevel) out.push(d)
  }
  return out.sort((a, b) => a.code.localeCompare(b.code))
}
