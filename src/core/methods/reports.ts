// Reports (issue 4): daily report, weekly bulletin, ten-day pack, backward schedule, demand forecast.

import { z } from 'zod'
import type { ScheduleStatus } from '../domain/backward-schedule'
import { type DemandRow, isMonthDay } from '../domain/demand-forecast'
import type { Period, TenDay } from '../domain/periods'
import type { ReportSettings } from '../domain/report-settings'
import type { RouteDef, StageCounts, StageKey } from '../domain/types'
import type { DashboardRow, ReportingStatus } from './foundation'
import { date, type FileOutput, type MethodDefs, stageKey } from './schemas'

const monthDay = z
  .string()
  .trim()
  .regex(/^\d{2}-\d{2}$/, '日期应为 MM-DD，例如 11-15')
  .refine(isMonthDay, '没有这一天（应为每年都有的月-日，例如 11-15）')
const dated = z.object({ date })

export const reportsMethods = {
  'reports.settings': { mutates: false, access: 'signedIn', scope: 'none', summary: '报表设置：周的截止日、完成口径、用气用电预测参数', input: z.object({}) },
  'reports.saveSettings': {
    mutates: true,
    access: 'office.settings', scope: 'folder',
    summary: '修改报表设置（只改给出的项）',
    input: z.object({
      weekEndsOn: z.number().int().min(0, '每周截止日应为周日至周六').max(6, '每周截止日应为周日至周六').optional(),
      completionStage: stageKey.optional(),
      gasM3PerHousehold: z.number().positive('户均用气量应大于 0').max(100_000, '户均用气量过大').optional(),
      electricKwhPerHousehold: z.number().positive('户均用电量应大于 0').max(1_000_000, '户均用电量过大').optional(),
      seasonStart: monthDay.optional(),
      seasonEnd: monthDay.optional(),
      peakFactor: z.number().min(1, '高峰系数不应小于 1').max(5, '高峰系数不应大于 5').optional(),
    }),
  },
  'reports.daily': {
    mutates: false,
    access: 'work.read', scope: 'folder',
    summary: '日报：分县分路线的任务、各阶段累计与比例、管线、当日新增、完成率、排名，未上报乡镇；可加分乡镇表',
    input: z.object({ date, byTownship: z.boolean().optional() }),
  },
  'reports.dailyExport': {
    mutates: false,
    access: 'work.read', scope: 'folder',
    summary: '导出日报（.xlsx，A4 横向）',
    input: z.object({ date, byTownship: z.boolean().optional() }),
  },
  'reports.weekly': {
    mutates: false,
    access: 'work.read', scope: 'folder',
    summary: '周通报：含该日的一周，按完成率排名、本周新增、环比、进度滞后的县，及通报文字草稿',
    input: dated,
  },
  'reports.weeklyExport': {
    mutates: false,
    access: 'work.read', scope: 'folder',
    summary: '导出周通报（.xlsx）；text 为修改后的通报文字，不给时用草稿',
    input: z.object({ date, text: z.string().max(5000, '通报文字过长（最多 5000 字）').optional() }),
  },
  'reports.tenDay': {
    mutates: false,
    access: 'work.read', scope: 'folder',
    summary: '旬例会材料：含该日的旬的进度与排名、本旬新增、问题整改、倒排工期滞后、下旬计划',
    input: dated,
  },
  'reports.tenDayExport': { mutates: false, access: 'work.read', scope: 'folder', summary: '导出旬例会材料（.xlsx，每部分一张表）', input: dated },
  'reports.schedule': {
    mutates: false,
    access: 'work.read', scope: 'folder',
    summary: '倒排工期：分县分路线的完成时限、剩余户数、所需日均进度、近 7 日日均、预计完成日期、滞后预警',
    input: dated,
  },
  'reports.scheduleExport': { mutates: false, access: 'work.read', scope: 'folder', summary: '导出倒排工期表（.xlsx）', input: dated },
  'reports.forecast': {
    mutates: false,
    access: 'work.read', scope: 'folder',
    summary: '用气/用电预测：分县已通气（电）、待通气（电）户数 × 户均用量，采暖季总量与高峰日用量',
    input: dated,
  },
  'reports.forecastExport': { mutates: false, access: 'work.read', scope: 'folder', summary: '导出用气/用电预测（.xlsx）', input: dated },
  'reports.trend': {
    mutates: false,
    access: 'work.read', scope: 'folder',
    summary: '全市各阶段累计户数的逐日走势（截至 to 的 days 天）',
    input: z.object({ to: date, days: z.number().int().min(2, '至少 2 天').max(366, '最多 366 天') }),
  },
} as const satisfies MethodDefs

// ---- outputs ----

export interface ReportHeader {
  title: string
  /** 统计日期 or 统计时段 */
  subtitle: string
  /** 制表单位 */
  unitName: string
  /** 制表时间, YYYY-MM-DD HH:mm */
  madeAt: string
}

/** One route's (or all routes') progress toward the completion stage. */
export interface RouteProgress {
  target: number
  /** households at the completion stage */
  done: number
  /** done ÷ target; above 1 when targets were revised; null without a target */
  rate: number | null
  /** done at the end of the period minus done before it */
  increase: number
}

/** A county (or township) over all routes, with each route's part. */
export interface ProgressRow extends RouteProgress {
  code: string
  name: string
  byRoute: Record<string, RouteProgress>
  /** by rate, ties share a rank; null without a target (and on 合计 rows) */
  rank: number | null
}

export interface DailyRouteRow extends DashboardRow {
  completionRate: number | null
  /** the day's increase at the completion stage */
  increase: number
  rank: number | null
}

export interface DailyRouteTable {
  route: RouteDef
  rows: DailyRouteRow[]
  total: DashboardRow
}

export interface TownshipProgressRow extends ProgressRow {
  /** villages expected to report counts that day, and those that did (0/0 when all keep households) */
  expectedVillages: number
  reportedVillages: number
}

export interface TownshipSection {
  countyCode: string
  countyName: string
  rows: TownshipProgressRow[]
  total: ProgressRow
}

export interface DailyReport {
  header: ReportHeader
  date: string
  completionStage: StageKey
  /** 点火通气/通电: the completion stage's names on the routes shown */
  completionName: string
  routes: RouteDef[]
  counties: ProgressRow[]
  total: ProgressRow
  routeTables: DailyRouteTable[]
  /** one section per county when asked for (byTownship) */
  townships: TownshipSection[]
  reporting: Pick<ReportingStatus, 'date' | 'unreported'> & { expected: number; reported: number }
}

export interface ScheduleRow {
  countyCode: string
  countyName: string
  /** route id; '' when all routes are taken together */
  route: string
  routeName: string
  target: number
  done: number
  /** per village target − done, never below 0 (a village above its target does not offset another) */
  remaining: number
  /** of the remaining, households whose deadline has passed */
  overdue: number
  /** the deadline that sets the pace */
  deadline: string | null
  daysLeft: number | null
  /** households per day needed from the day after the as-of day */
  requiredPace: number | null
  /** households per day over the last 7 days */
  recentPace: number
  projectedFinish: string | null
  status: ScheduleStatus
}

export interface BackwardSchedule {
  header: ReportHeader
  asOf: string
  /** the 7 days the recent pace is measured over */
  paceWindow: Period
  completionName: string
  /** county × route, grouped by route */
  rows: ScheduleRow[]
  /** per route, all counties */
  routeTotals: ScheduleRow[]
  /** per county, all routes (for the chart and the bulletin) */
  counties: ScheduleRow[]
  /** county × route rows that will miss a deadline at their pace, or already have */
  warnings: ScheduleRow[]
}

export interface WeeklyRow extends ProgressRow {
  /** the same days of the week before */
  lastIncrease: number
  /** increase − lastIncrease */
  change: number
  schedule: ScheduleRow
}

export interface WeeklyBulletin {
  header: ReportHeader
  week: Period
  /** the last day counted: the week's end, or today while the week runs */
  asOf: string
  /** the days compared with (the week before, as many days as counted) */
  compareWith: Period
  completionName: string
  routes: RouteDef[]
  rows: WeeklyRow[]
  total: WeeklyRow
  /** counties behind schedule or past a deadline, slowest first */
  behind: WeeklyRow[]
  /** the bulletin's text, drafted from the numbers, for the user to edit */
  draft: string
}

export interface TenDayIncreaseRow {
  countyCode: string
  countyName: string
  route: string
  routeName: string
  increase: StageCounts
  /** network km built in the period */
  networkKm: number
}

export interface ProblemCountRow {
  code: string
  name: string
  opened: number
  closed: number
  overdue: number
  openAtEnd: number
}

export interface SlippageRow {
  countyCode: string
  countyName: string
  /** the pace the schedule asked for on the day before the period */
  requiredPace: number | null
  /** households the schedule asked of the period, and those finished */
  planned: number
  actual: number
  /** actual − planned: ahead above 0, behind below */
  difference: number
  /** days of the required pace fallen behind (0 when on or ahead) */
  slipDays: number | null
  /** at the end of the period */
  status: ScheduleStatus
}

export interface NextPlanRow {
  countyCode: string
  countyName: string
  remaining: number
  deadline: string | null
  requiredPace: number | null
  recentPace: number
  /** households the next period must finish */
  planned: number
  status: ScheduleStatus
}

export interface TenDayPack {
  header: ReportHeader
  period: TenDay
  label: string
  asOf: string
  /** the days compared with: the 旬 before, or its first days as many as counted while this one runs */
  compareWith: Period
  /** what the compared days are called: 10月下旬, or 10月下旬同期 while this 旬 runs */
  compareLabel: string
  next: TenDay
  nextLabel: string
  completionName: string
  routes: RouteDef[]
  progress: { rows: (ProgressRow & { previousIncrease: number; dailyAverage: number })[]; total: ProgressRow & { previousIncrease: number; dailyAverage: number } }
  increase: { rows: TenDayIncreaseRow[]; totals: TenDayIncreaseRow[] }
  /** from the problem ledger; `recorded` = problems registered by the 旬's last counted day */
  problems: { recorded: number; rows: ProblemCountRow[]; total: ProblemCountRow }
  slippage: { rows: SlippageRow[]; total: SlippageRow }
  nextPlan: { rows: NextPlanRow[]; total: NextPlanRow }
}

/** A county's households by stage and their use (m³ or kWh); see domain/demand-forecast.ts. */
export interface DemandCountyRow extends DemandRow {
  countyCode: string
  countyName: string
}

export interface DemandTable {
  route: string
  routeName: string
  /** m³ or kWh */
  unit: string
  perHousehold: number
  rows: DemandCountyRow[]
  total: DemandCountyRow
}

export interface DemandForecast {
  header: ReportHeader
  asOf: string
  season: Period
  peakFactor: number
  gas: DemandTable
  electric: DemandTable
}

export interface TrendPoint {
  date: string
  target: number
  counts: StageCounts
}

export interface StageTrend {
  from: string
  to: string
  points: TrendPoint[]
}

export interface ReportsOutputs {
  'reports.settings': ReportSettings
  'reports.saveSettings': ReportSettings
  'reports.daily': DailyReport
  'reports.dailyExport': FileOutput
  'reports.weekly': WeeklyBulletin
  'reports.weeklyExport': FileOutput
  'reports.tenDay': TenDayPack
  'reports.tenDayExport': FileOutput
  'reports.schedule': BackwardSchedule
  'reports.scheduleExport': FileOutput
  'reports.forecast': DemandForecast
  'reports.forecastExport': FileOutput
  'reports.trend': StageTrend
}

export type { ReportSettings, ScheduleStatus }
