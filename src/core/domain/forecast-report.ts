// 用气/用电预测: per unit (the area's children), households on gas (and on power) by stage × the season's use per
// household, for the heating season running on (or next after) the as-of day.

import type { DemandCountyRow, DemandForecast, DemandTable } from '../contract'
import { addDemandVillage, type DemandRow, emptyDemand, heatingSeason, priceDemand } from './demand-forecast'
import { longDate } from './periods'
import { header, type ReportSource, routeName, TOTAL_NAME, unitOf } from './report-source'

/** The routes a forecast covers: their ids are fixed in the settings (煤改气 gas, 煤改电 electric). */
const FORECAST_ROUTES = { gas: 'm³', electric: 'kWh' } as const

export function forecastReport(src: ReportSource, asOf: string): DemandForecast {
  const s = src.settings
  const season = heatingSeason(asOf, s.seasonStart, s.seasonEnd)
  const table = (route: keyof typeof FORECAST_ROUTES, perHousehold: number): DemandTable => {
    const byCounty = new Map<string, DemandRow>()
    const total = emptyDemand()
    for (const plan of src.plans) {
      if (plan.route !== route) continue
      const c = unitOf(src, plan.villageCode)
      let row = byCounty.get(c)
      if (!row) byCounty.set(c, (row = emptyDemand()))
      const f = src.figureAt(plan.villageCode, asOf)
      const v = { target: plan.targetHouseholds, counts: { equipment: f?.counts.equipment ?? 0, connected: f?.counts.connected ?? 0 } }
      addDemandVillage(row, v)
      addDemandVillage(total, v)
    }
    const params = { perHousehold, seasonDays: season.days, peakFactor: s.peakFactor }
    const rows: DemandCountyRow[] = [...byCounty.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, row]) => ({ countyCode: code, countyName: src.division(code)?.name ?? code, ...priceDemand(row, params) }))
    return {
      route,
      routeName: routeName(src, route),
      unit: FORECAST_ROUTES[route],
      perHousehold,
      rows,
      total: { countyCode: '', countyName: TOTAL_NAME, ...priceDemand(total, params) },
    }
  }
  return {
    header: header(src, 'forecast', longDate(asOf), `户数截至${longDate(asOf)}；采暖季${longDate(season.from)}—${longDate(season.to)}（${season.days}天）`),
    area: src.area,
    asOf,
    season,
    peakFactor: s.peakFactor,
    gas: table('gas', s.gasM3PerHousehold),
    electric: table('electric', s.electricKwhPerHousehold),
  }
}
