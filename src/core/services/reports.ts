// 报表: gathers plans, figures, names and the problem ledger from the store, hands them to the
// pure report computations (domain/) and the workbook writers (reports/), and keeps the reports'
// own settings.

import type { BackwardSchedule, DailyReport, DemandForecast, Input, StageTrend, TenDayPack, WeeklyBulletin } from '../contract'
import { dailyReport } from '../domain/daily-report'
import { isValidDate } from '../domain/dates'
import { forecastReport } from '../domain/forecast-report'
import { tenDayOf, weekOf } from '../domain/periods'
import type { Problem } from '../domain/problems'
import { DEFAULT_REPORT_SETTINGS, type ReportSettings } from '../domain/report-settings'
import type { ReportSource } from '../domain/report-source'
import { scheduleReport } from '../domain/schedule-report'
import { stageTrend } from '../domain/stage-trend'
import { tenDayPack } from '../domain/ten-day-pack'

import { weeklyBulletin } from '../domain/weekly-bulletin'
import { AppError } from '../errors'
import type { FileOutput } from '../methods/schemas'
import { dailyReportWorkbook } from '../reports/daily-report-workbook'
import { forecastWorkbook } from '../reports/forecast-workbook'
import { reportFile } from '../reports/report-cells'
import { scheduleWorkbook } from '../reports/schedule-workbook'
import { tenDayPackWorkbook } from '../reports/ten-day-pack-workbook'
import { weeklyBulletinWorkbook } from '../reports/weekly-bulletin-workbook'
import type { Ctx } from './context'
import { reportingStatus } from './figures'

const SETTINGS_KEY = 'settings'

export function settings(ctx: Ctx): ReportSettings {
  return { ...DEFAULT_REPORT_SETTINGS, ...(ctx.store.get('reportSettings', SETTINGS_KEY) ?? {}) }
}

export function saveSettings(ctx: Ctx, input: Input<'reports.saveSettings'>): ReportSettings {
  const next: ReportSettings = { ...settings(ctx) }
  for (const [k, v] of Object.entries(input)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v
  if (next.seasonStart === next.seasonEnd) {
    throw new AppError('invalid_input', '采暖季的开始和结束日期不能相同。', { where: { field: 'seasonEnd' } })
  }
  ctx.write((tx) => tx.put('reportSettings', SETTINGS_KEY, next))
  return next
}

/** A report's day: a real date, and not after today (there are no figures for it yet). */
function checkDate(ctx: Ctx, date: string, field = 'date'): void {
  if (!isValidDate(date)) throw new AppError('invalid_input', `日期 ${date} 不是有效日期。`, { where: { field } })
  if (date > ctx.today()) {
    throw new AppError('invalid_input', `${date} 还没有到，不能生成这一天的报表（今天是 ${ctx.today()}）。`, { where: { field } })
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** The one city above the counties, if there is exactly one. */
function cityName(ctx: Ctx): string {
  const parents = new Set(ctx.divisions().counties.map((c) => ctx.division(c)?.parentCode))
  if (parents.size !== 1) return ''
  const city = ctx.division([...parents][0] ?? '')
  return city?.level === 'city' ? city.name : ''
}

function source(ctx: Ctx): ReportSource {
  const s = ctx.settings()
  const now = ctx.now()
  const plans = [...ctx.store.values('plans')]
  if (plans.length === 0) {
    throw new AppError('not_found', '还没有任何村的改造计划，报表无从统计。请先在“区划与村庄”中为村设置改造计划。')
  }
  return {
    routes: s.routes,
    settings: settings(ctx),
    plans,
    division: (code) => ctx.division(code),
    figureAt: (village, date) => ctx.figureAsOf(village, date),
    cityName: cityName(ctx),
    unitName: s.unitName,
    madeAt: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`,
  }
}

export function daily(ctx: Ctx, input: Input<'reports.daily'>): DailyReport {
  checkDate(ctx, input.date)
  const src = source(ctx)
  return dailyReport(src, input.date, reportingStatus(ctx, { date: input.date }), input.byTownship ?? false)
}

export async function dailyExport(ctx: Ctx, input: Input<'reports.dailyExport'>): Promise<FileOutput> {
  const r = daily(ctx, input)
  return reportFile(dailyReportWorkbook(r), r.header, r.date)
}

/** The week must have begun: a week entirely after today has no figures. */
export function weekly(ctx: Ctx, input: Input<'reports.weekly'>): WeeklyBulletin {
  if (!isValidDate(input.date)) throw new AppError('invalid_input', `日期 ${input.date} 不是有效日期。`, { where: { field: 'date' } })
  checkDate(ctx, weekOf(input.date, settings(ctx).weekEndsOn).from)
  return weeklyBulletin(source(ctx), input.date, ctx.today())
}

export async function weeklyExport(ctx: Ctx, input: Input<'reports.weeklyExport'>): Promise<FileOutput> {
  const b = weekly(ctx, { date: input.date })
  const text = input.text?.trim() ? input.text : b.draft
  return reportFile(weeklyBulletinWorkbook(b, text), b.header, `${b.week.from}至${b.week.to}`)
}

function problems(ctx: Ctx): Problem[] {
  return [...ctx.store.values('problems')]
}

export function tenDay(ctx: Ctx, input: Input<'reports.tenDay'>): TenDayPack {
  if (!isValidDate(input.date)) throw new AppError('invalid_input', `日期 ${input.date} 不是有效日期。`, { where: { field: 'date' } })
  checkDate(ctx, tenDayOf(input.date).from)
  return tenDayPack(source(ctx), input.date, ctx.today(), problems(ctx))
}

export async function tenDayExport(ctx: Ctx, input: Input<'reports.tenDayExport'>): Promise<FileOutput> {
  const p = tenDay(ctx, input)
  return reportFile(tenDayPackWorkbook(p), p.header, p.label)
}

export function schedule(ctx: Ctx, input: Input<'reports.schedule'>): BackwardSchedule {
  checkDate(ctx, input.date)
  return scheduleReport(source(ctx), input.date)
}

export async function scheduleExport(ctx: Ctx, input: Input<'reports.scheduleExport'>): Promise<FileOutput> {
  const s = schedule(ctx, input)
  return reportFile(scheduleWorkbook(s), s.header, s.asOf)
}

export function forecast(ctx: Ctx, input: Input<'reports.forecast'>): DemandForecast {
  checkDate(ctx, input.date)
  return forecastReport(source(ctx), input.date)
}

export async function forecastExport(ctx: Ctx, input: Input<'reports.forecastExport'>): Promise<FileOutput> {
  const f = forecast(ctx, input)
  return reportFile(forecastWorkbook(f), f.header, f.asOf)
}

export function trend(ctx: Ctx, input: Input<'reports.trend'>): StageTrend {
  checkDate(ctx, input.to, 'to')
  return stageTrend(source(ctx), input.to, input.days)
}
