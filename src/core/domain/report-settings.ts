// The reports' own settings (kept apart from the foundation's Settings): how a week is cut, which
// stage counts as 完成, the demand forecast's parameters and each report's title. Data the office
// edits on 报表.

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
  /** each report's title, with {地区} (the area reported on) and {日期} (its day or period) */
  titles: Record<ReportKind, string>
}

export const REPORT_KINDS = ['daily', 'weekly', 'tenday', 'schedule', 'forecast'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

/** The placeholders a title template may hold. */
export const TITLE_PLACEHOLDERS = ['{地区}', '{日期}'] as const

export const DEFAULT_TITLES: Record<ReportKind, string> = {
  daily: '{地区}农村清洁取暖改造进度日报',
  weekly: '{地区}农村清洁取暖改造工作周通报',
  tenday: '{地区}农村清洁取暖改造旬例会材料',
  schedule: '{地区}农村清洁取暖改造倒排工期表',
  forecast: '{地区}清洁取暖用气用电需求预测',
}

/** A title from its template: 曲沃县农村清洁取暖改造进度日报. */
export function fillTitle(template: string, area: string, date: string): string {
  return template.replaceAll('{地区}', area).replaceAll('{日期}', date).trim()
}

/** Placeholders in a template that are not {地区} or {日期} (a typo would be printed as is). */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{[^{}]*\}/g)].map((m) => m[0]).filter((p) => !(TITLE_PLACEHOLDERS as readonly string[]).includes(p))
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
  titles: DEFAULT_TITLES,
}
