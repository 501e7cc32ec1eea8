// Look-ups the money services share: a household and its place, stage names, business dates, the
// scope (city, county, township, village) a report or batch covers, a household's facts.

import { type HouseholdFinance, type MeterReading, readingKey } from '../domain/household-finance'
import { isValidDate } from '../domain/dates'
import { type HouseholdFacts } from '../domain/policy'
import type { DivisionLevel, Household, HouseholdStage } from '../domain/types'
import { AppError } from '../errors'
import type { Ctx } from './context'
import { officeArea } from './office'

export function requireHousehold(ctx: Ctx, id: string): Household {
  const h = ctx.store.get('households', id)
  if (!h) throw new AppError('not_found', `找不到编号为 ${id} 的农户。`, { where: { field: 'householdId' } })
  return h
}

export function finance(ctx: Ctx, householdId: string): HouseholdFinance | undefined {
  return ctx.store.get('household-finance', householdId)
}

export function reading(ctx: Ctx, householdId: string, season: string): MeterReading | undefined {
  return ctx.store.get('meter-readings', readingKey(householdId, season))
}

export function factsOf(ctx: Ctx, h: Household, season: string): HouseholdFacts {
  const f = finance(ctx, h.id)
  const r = reading(ctx, h.id, season)
  const facts: HouseholdFacts = { route: h.route, stage: h.stage, lowIncome: f?.lowIncome ?? 'none' }
  if (f?.equipmentType) facts.equipmentType = f.equipmentType
  if (f?.equipmentCost !== undefined) facts.equipmentCost = f.equipmentCost
  if (f?.constructionCost !== undefined) facts.constructionCost = f.constructionCost
  if (r) facts.reading = { pre: r.pre, post: r.post }
  return facts
}

export type StageNamer = (k: HouseholdStage) => string

/**
 * Stage names per route in the route's own words (设置 → 改造路线), reading the settings once:
 * a city's worth of entitlements must not read them per household.
 */
export function stageNamers(ctx: Ctx): (routeId: string) => StageNamer {
  const routes = ctx.settings().routes
  const cache = new Map<string, StageNamer>()
  return (routeId) => {
    let namer = cache.get(routeId)
    if (!namer) {
      const route = routes.find((r) => r.id === routeId)
      namer = (k) => (k === 'none' ? '未确户' : (route?.stages.find((s) => s.key === k)?.name ?? k))
      cache.set(routeId, namer)
    }
    return namer
  }
}

export function stageNamer(ctx: Ctx, routeId: string): StageNamer {
  return stageNamers(ctx)(routeId)
}

export function routeName(ctx: Ctx, routeId: string): string {
  return ctx.settings().routes.find((r) => r.id === routeId)?.name ?? routeId
}

/** 尧都区 / 屯里镇 / 东村 */
export function placeOf(ctx: Ctx, villageCode: string): { county: string; township: string; village: string } {
  const village = ctx.division(villageCode)
  const township = village ? ctx.division(village.parentCode) : undefined
  const county = township ? ctx.division(township.parentCode) : ctx.division(villageCode.slice(0, 6))
  return { county: county?.name ?? villageCode.slice(0, 6), township: township?.name ?? '', village: village?.name ?? villageCode }
}

/** A business date: valid and not in the future. */
export function businessDate(ctx: Ctx, date: string, label: string, field: string): string {
  if (!isValidDate(date)) throw new AppError('invalid_input', `${label} ${date} 不是有效日期。`, { where: { field } })
  if (date > ctx.today()) throw new AppError('invalid_input', `${label}不能晚于今天（${date}）。`, { where: { field } })
  return date
}

export interface Scope {
  /** '' = the whole data folder (全市) */
  code: string
  name: string
  level: DivisionLevel | 'all'
  counties: string[]
  /** true when a village code belongs to the scope */
  contains: (villageCode: string) => boolean
}

/** The area a summary or a batch covers; no code = the office's own area (本级, see services/office.ts). */
export function scopeOf(ctx: Ctx, code: string | undefined): Scope {
  if (!code && officeArea(ctx).level !== 'all') code = officeArea(ctx).code
  if (!code) {
    const city = [...ctx.store.values('divisions')].find((d) => d.level === 'city')
    return { code: '', name: city?.name ?? '全部县区', level: 'all', counties: [...ctx.divisions().counties], contains: () => true }
  }
  const d = ctx.division(code)
  if (!d) throw new AppError('not_found', `找不到代码为 ${code} 的区划。`, { where: { field: 'scopeCode' } })
  if (d.level === 'city') {
    const counties = ctx.divisions().counties.filter((c) => ctx.division(c)?.parentCode === code)
    return { code, name: d.name, level: 'city', counties, contains: (v) => counties.includes(v.slice(0, 6)) }
  }
  const county = code.slice(0, 6)
  if (d.level === 'county') return { code, name: d.name, level: 'county', counties: [county], contains: (v) => v.slice(0, 6) === county }
  const villages = new Set(ctx.villagesUnder(code))
  return { code, name: d.name, level: d.level, counties: [county], contains: (v) => villages.has(v) }
}

/** Household ids of a county's, township's or village's villages, by village, in code order. */
export function householdsIn(ctx: Ctx, scope: Scope): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = []
  for (const v of scope.level === 'village' ? [scope.code] : ctx.villagesUnder(scope.code)) {
    const ids = [...ctx.householdIdsOf(v)].sort()
    if (ids.length) out.push([v, ids])
  }
  return out
}
