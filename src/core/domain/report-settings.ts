// The reports' own settings (kept apart from the foundation's Settings): how a week is cut, which
// stage counts as 完成, and the demand forecast's parameters. Data the office edits on 报表.

import type { Weekday } from './periods'
import type { StageKey } from './types'

export interface ReportSettings {
  /** the weekday a 周通报 week ends on: 0 周日 (Monday–Sunday) … 5 周五 (a Friday cut-off) */
  weekEndsOn: Weekday
  /** the stage that counts as 完成 in 完成率, ranks and schedules (通气/通电 by default) */
  completionStage: StageKey
  /** 煤改气: m³ of gas per household over a heating season */
  gasM3PerHousehold: number
  /** 煤改电: kWh per household over a heating season */
  electricKwhPerHousehold: number
  /** heating season, MM-DD; an end before the start falls in the next year */
  seasonStart: string
  seasonEnd: string
  /** the peak day's use ÷ the season's daily average */
  peakFactor: number
}

/** Shanxi's heating season runs 11-15 to 03-15; ~1,500 m³ and ~5,400 kWh per household are typical. */
export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  weekEndsOn: 0,
  completionStage: 'connected',
  gasM3PerHousehold: 1500,
  electricKwhPerHousehold: 5400,
  seasonStart: '11-15',
  seasonEnd: '03-15',
  peakFactor: 1.5,
}
