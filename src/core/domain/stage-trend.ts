// The city's cumulative count per stage, day by day: the trend line of the 报表 previews.

import type { StageTrend, TrendPoint } from '../contract'
import { addDays } from './dates'
import { daysOf, period } from './periods'
import type { ReportSource } from './report-source'
import { addCounts, emptyCounts } from './routes'

export function stageTrend(src: Pick<ReportSource, 'plans' | 'figureAt'>, to: string, days: number): StageTrend {
  const p = period(addDays(to, -(days - 1)), to)
  const target = src.plans.reduce((n, plan) => n + plan.targetHouseholds, 0)
  const points: TrendPoint[] = daysOf(p).map((date) => {
    let counts = emptyCounts()
    for (const plan of src.plans) {
      const f = src.figureAt(plan.villageCode, date)
      if (f) counts = addCounts(counts, f.counts)
    }
    return { date, target, counts }
  })
  return { from: p.from, to: p.to, points }
}
