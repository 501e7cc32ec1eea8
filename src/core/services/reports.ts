// 报表: gathers the area's plans, figures, names, problems and visits from the store, hands them to
// the pure report computations (domain/) and the workbook writers (reports/); keeps the reports'
// own settings and the 周通报 texts the office saved.

import type { BackwardSchedule, DailyReport, DemandForecast, Input, ReportingStatus, StageTrend, TenDayPack, TownshipReporting, WeeklyBulletin } from '../contract'
import { bulletinKey, type SavedBulletin } from '../domain/bulletin-text'
import { dailyReport } from '../domain/daily-report'
import { isValidDate } from '../domain/dates'
import { forecastReport } from '../domain/forecast-report'
import type { Area } from '../domain/office-area'
import { type Period, tenDayOf, weekOf } from '../domain/periods'
import type { Problem } from '../domain/problems'
import { DEFAULT_REPORT_SETTINGS, DEFAULT_TITLES, REPORT_KINDS, type ReportSettings } from '../domain/report-settings'
import type { ReportSource } from '../domain/report-source'
import { scheduleReport } from '../domain/schedule-report'
import { stageTrend } from '../domain/stage-trend'
import { tenDayPack } from '../domain/ten-day-pack'

import type { VillagePlan } from '../domain/types'
import type { VisitRecord } from '../domain/visits'
import { weeklyBulletin } from '../domain/weekly-bulletin'
import { AppError } from '../errors'
import { madeAtText } from '../excel/print-sheet'
import type { FileOutput } from '../methods/schemas'
import { dailyReportWorkbook } from '../reports/daily-report-workbook'
import { forecastWorkbook } from '../reports/forecast-workbook'
import { reportFile } from '../reports/report-cells'
import { scheduleWorkbook } from '../reports/schedule-workbook'
import { tenDayPackWorkbook } from '../reports/ten-day-pack-workbook'
import { weeklyBulletinWorkbook } from '../reports/weekly-bulletin-workbook'
import type { Ctx } from './context'
import { reportingStatus } from './figures'
import { areaFor, containsVillage } from './office'

const SETTINGS_KEY = 'settings'

export function settings(ctx: Ctx): ReportSettings {
  const stored = ctx.store.get('reportSettings', SETTINGS_KEY) ?? {}
  return { ...DEFAULT_REPORT_SETTINGS, ...stored, titles: { ...DEFAULT_TITLES, ...stored.titles } }
}

export function saveSettings(ctx: Ctx, input: Input<'reports.saveSettings'>): ReportSettings {
  const next: ReportSettings = { ...settings(ctx) }
  for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'titles') (next as unknown as Record<string, unknown>)[k] = v
  if (input.titles) {
    next.titles = { ...next.titles }
    for (const k of REPORT_KINDS) {
      const t = input.titles[k]
      if (t !== undefined) next.titles[k] = t.trim()
    }
  }
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

/** What a report of the area (本级, or `scope` inside it) is made from. */
function source(ctx: Ctx, scope: string | undefined): ReportSource {
  const s = ctx.settings()
  const area = areaFor(ctx, scope)
  const plans: VillagePlan[] = []
  let any = false
  for (const p of ctx.store.values('plans')) {
    any = true
    if (containsVillage(ctx, area, p.villageCode)) plans.push(p)
  }
  if (!any) throw new AppError('not_found', '还没有任何村的改造计划，报表无从统计。请先在“区划与村庄”中为村设置改造计划。')
  if (plans.length === 0) {
    throw new AppError('not_found', `${area.name}还没有任何村的改造计划，报表无从统计。请先为${area.name}的村设置改造计划，或在“设置”中检查本级。`, {
      where: { field: 'scope' },
    })
  }
  return {
    routes: s.routes,
    settings: settings(ctx),
    area,
    plans,
    division: (code) => ctx.division(code),
    figureAt: (village, date) => ctx.figureAsOf(village, date),
    unitName: s.unitName,
    madeAt: madeAtText(ctx.now()),
  }
}

export function daily(ctx: Ctx, input: Input<'reports.daily'>): DailyReport {
  checkDate(ctx, input.date)
  const src = source(ctx, input.scope)
  // 未上报 lists the area's townships (a township office: itself).
  const all = reportingStatus(ctx, { date: input.date })
  const inArea = (t: TownshipReporting) => containsVillage(ctx, src.area, t.townshipCode)
  const status: ReportingStatus = { date: all.date, townships: all.townships.filter(inArea), unreported: all.unreported.filter(inArea) }
  return dailyReport(src, input.date, status, input.byTownship ?? false)
}

export async function dailyExport(ctx: Ctx, input: Input<'reports.dailyExport'>): Promise<FileOutput> {
  const r = daily(ctx, input)
  return reportFile(dailyReportWorkbook(r), r.header, r.date)
}

/** The week must have begun: a week entirely after today has no figures. */
function weekFor(ctx: Ctx, date: string): Period {
  if (!isValidDate(date)) throw new AppError('invalid_input', `日期 ${date} 不是有效日期。`, { where: { field: 'date' } })
  const week = weekOf(date, settings(ctx).weekEndsOn)
  checkDate(ctx, week.from)
  return week
}

export function weekly(ctx: Ctx, input: Input<'reports.weekly'>): WeeklyBulletin {
  const week = weekFor(ctx, input.date)
  const src = source(ctx, input.scope)
  return weeklyBulletin(src, input.date, ctx.today(), ctx.store.get('bulletinTexts', bulletinKey(src.area.code, week)) ?? null)
}

/** The text printed: the one given, else the one saved for the week, else the draft. */
export async function weeklyExport(ctx: Ctx, input: Input<'reports.weeklyExport'>): Promise<FileOutput> {
  const b = weekly(ctx, { date: input.date, scope: input.scope })
  const text = input.text?.trim() ? input.text : (b.saved?.text ?? b.draft)
  return reportFile(weeklyBulletinWorkbook(b, text), b.header, `${b.week.from}至${b.week.to}`)
}

/**
 * Keeps the edited bulletin text of a week (one per area and week, audited like every write);
 * an empty text deletes it, so the week shows the draft again (恢复草稿).
 */
export function saveBulletinText(ctx: Ctx, input: Input<'reports.saveBulletinText'>): SavedBulletin | null {
  const b = weekly(ctx, { date: input.date, scope: input.scope })
  const key = bulletinKey(b.area.code, b.week)
  const text = input.text.trim()
  if (text === '') {
    if (b.saved) ctx.write((tx) => tx.del('bulletinTexts', key))
    return null
  }
  if (b.saved?.text === text) return b.saved
  const saved: SavedBulletin = { text, savedAt: ctx.now().toISOString(), savedBy: ctx.who, draftAtSave: b.draft }
  ctx.write((tx) => tx.put('bulletinTexts', key, saved))
  return saved
}

/** The area's part of a visit: its villages and the findings about them (a city team's visit may cross counties). */
function visitsIn(ctx: Ctx, area: Area): VisitRecord[] {
  const out: VisitRecord[] = []
  for (const v of ctx.store.values('visits')) {
    const villages = v.villages.filter((x) => containsVillage(ctx, area, x.villageCode))
    if (villages.length === 0) continue
    out.push({ ...v, villages, findings: v.findings.filter((f) => containsVillage(ctx, area, f.villageCode)) })
  }
  return out
}

export function tenDay(ctx: Ctx, input: Input<'reports.tenDay'>): TenDayPack {
  if (!isValidDate(input.date)) throw new AppError('invalid_input', `日期 ${input.date} 不是有效日期。`, { where: { field: 'date' } })
  checkDate(ctx, tenDayOf(input.date).from)
  const src = source(ctx, input.scope)
  const problems: Problem[] = []
  for (const p of ctx.store.values('problems')) if (containsVillage(ctx, src.area, p.villageCode)) problems.push(p)
  return tenDayPack(src, input.date, ctx.today(), problems, visitsIn(ctx, src.area))
}

export async function tenDayExport(ctx: Ctx, input: Input<'reports.tenDayExport'>): Promise<FileOutput> {
  const p = tenDay(ctx, input)
  return reportFile(tenDayPackWorkbook(p), p.header, p.label)
}

export function schedule(ctx: Ctx, input: Input<'reports.schedule'>): BackwardSchedule {
  checkDate(ctx, input.date)
  return scheduleReport(source(ctx, input.scope), input.date)
}

export async function scheduleExport(ctx: Ctx, input: Input<'reports.scheduleExport'>): Promise<FileOutput> {
  const s = schedule(ctx, input)
  return reportFile(scheduleWorkbook(s), s.header, s.asOf)
}

export function forecast(ctx: Ctx, input: Input<'reports.forecast'>): DemandForecast {
  checkDate(ctx, input.date)
  return forecastReport(source(ctx, input.scope), input.date)
}

export async function forecastExport(ctx: Ctx, input: Input<'reports.forecastExport'>): Promise<FileOutput> {
  const f = forecast(ctx, input)
  return reportFile(forecastWorkbook(f), f.header, f.asOf)
}

export function trend(ctx: Ctx, input: Input<'reports.trend'>): StageTrend {
  checkDate(ctx, input.to, 'to')
  return stageTrend(source(ctx, input.scope), input.to, input.days)
}
