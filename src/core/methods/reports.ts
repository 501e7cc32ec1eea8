// Reports (issue 4, issue 12): daily report, weekly bulletin, ten-day pack, backward schedule,
// demand forecast — made for the office's own area (本级) or a division inside it (`scope`).

import { z } from 'zod'
import type { ScheduleStatus } from '../domain/backward-schedule'
import { type DemandRow, isMonthDay } from '../domain/demand-forecast'
import type { SavedBulletin } from '../domain/bulletin-text'
import type { Area } from '../domain/office-area'
import type { Period, TenDay } from '../domain/periods'
import { REPORT_KINDS, type ReportKind, type ReportSettings, unknownPlaceholders } from '../domain/report-settings'
import type { RouteDef, StageCounts, StageKey } from '../domain/types'
import type { DashboardRow, ReportingStatus } from './foundation'
import { date, divisionCode, type FileOutput, type MethodDefs, stageKey } from './schemas'

const bulletinText = z.string().max(5000, '通报文字过长（最多 5000 字）')

const monthDay = z
  .string()
  .trim()
  .regex(/^\d{2}-\d{2}$/, '日期应为 MM-DD，例如 11-15')
  .refine(isMonthDay, '没有这一天（应为每年都有的月-日，例如 11-15）')
/** A city, county or township inside the office's area (本级); absent: the office's own area. */
const scope = divisionCode.optional()
const dated = z.object({ date, scope })
const titleTemplate = z
  .string()
  .trim()
  .min(1, '标题不能为空')
  .max(60, '标题过长（最多 60 字）')
  .refine((t) => unknownPlaceholders(t).length === 0, '标题中只能使用 {地区} 和 {日期} 两个占位符')

export const reportsMethods = {
  'reports.settings': { mutates: false, access: 'signedIn', scope: 'none', summary: '报表设置：周的截止日、完成口径、用气用电预测参数、各报表标题模板', input: z.object({}) },
  'reports.saveSettings': {
    mutates: true,
    access: 'office.settings', scope: 'folder',
    summary: '修改报表设置（只改给出的项）；titles 为各报表的标题模板，可用 {地区}、{日期}',
    input: z.object({
      weekEndsOn: z.number().int().min(0, '每周截止日应为周日至周六').max(6, '每周截止日应为周日至周六').optional(),
      completionStage: stageKey.optional(),
      gasM3PerHousehold: z.number().positive('户均用气量应大于 0').max(100_000, '户均用气量过大').optional(),
      electricKwhPerHousehold: z.number().positive('户均用电量应大于 0').max(1_000_000, '户均用电量过大').optional(),
      seasonStart: monthDay.optional(),
      seasonEnd: monthDay.optional(),
      peakFactor: z.number().min(1, '高峰系数不应小于 1').max(5, '高峰系数不应大于 5').optional(),
      titles: z.object(Object.fromEntries(REPORT_KINDS.map((k) => [k, titleTemplate.optional()])) as Record<ReportKind, z.ZodOptional<typeof titleTemplate>>).optional(),
    }),
  },
  'reports.daily': {
    mutates: false,
    access: 'work.read', scope: { area: 'scope' },
    summary: '日报：本级（或 scope）下一级单位分路线的任务、各阶段累计与比例、管线、当日新增、完成率、排名（当日未报的不排名）、回退的村，未上报乡镇；byTownship 时附再下一级分表',
    input: z.object({ date, scope, byTownship: z.boolean().optional() }),
  },
  'reports.dailyExport': {
    mutates: false,
    access: 'work.read', scope: { area: 'scope' },
    summary: '导出日报（.xlsx，A4 横向）',
    input: z.object({ date, scope, byTownship: z.boolean().optional() }),
  },
  'reports.weekly': {
    mutates: false,
    access: 'work.read', scope: { area: 'scope' },
    summary: '周通报：含该日的一周，下一级单位按完成率排名（本周未报的不排名）、本周新增、环比（上周无数据的不比较）、进度滞后的单位、进度最慢的再下一级单位，通报文字草稿与已保存的文字',
    input: dated,
  },
  'reports.weeklyExport': {
    mutates: false,
    access: 'work.read', scope: { area: 'scope' },
    summary: '导出周通报（.xlsx）；text 为修改后的通报文字，不给时用已保存的文字，没有时用草稿',
    input: z.object({ date, scope, text: bulletinText.optional() }),
  },
  'reports.saveBulletinText': {
    mutates: true,
    access: 'work.write', scope: { area: 'scope' },
    summary: '保存某周（某范围）的周通报文字；text 为空时删除已保存的文字，恢复草稿',
    input: z.object({ date, scope, text: bulletinText }),
  },
  'reports.tenDay': {
    mutates: false,
    access: 'work.read', scope: { area: 'scope' },
    summary: '旬例会材料：含该日的旬的情况综述（进度与倒排工期、问题整改、走访亮点与建议、下一旬日均要求），进度与排名、本旬新增、问题整改、倒排工期滞后、下一旬安排',
    input: dated,
  },
  'reports.tenDayExport': { mutates: false, access: 'work.read', scope: { area: 'scope' }, summary: '导出旬例会材料（.xlsx，一张表：综述在前，各部分依次排列，分页处不拆开表格）', input: dated },
  'reports.schedule': {
    mutates: false,
    access: 'work.read', scope: { area: 'scope' },
    summary: '倒排工期：下一级单位分路线的完成时限、剩余户数、所需日均进度、近 7 日日均、预计完成日期、滞后预警',
    input: dated,
  },
  'reports.scheduleExport': { mutates: false, access: 'work.read', scope: { area: 'scope' }, summary: '导出倒排工期表（.xlsx）', input: dated },
  'reports.forecast': {
    mutates: false,
    access: 'work.read', scope: { area: 'scope' },
    summary: '用气/用电预测：分县已通气（电）、待通气（电）户数 × 户均用量，采暖季总量与高峰日用量',
    input: dated,
  },
  'reports.forecastExport': { mutates: false, access: 'work.read', scope: { area: 'scope' }, summary: '导出用气/用电预测（.xlsx）', input: dated },
  'reports.trend': {
    mutates: false,
    access: 'work.read', scope: { area: 'scope' },
    summary: '本级（或 scope）各阶段累计户数的逐日走势（截至 to 的 days 天）',
    input: z.object({ to: date, scope, days: z.number().int().min(2, '至少 2 天').max(366, '最多 366 天') }),
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

/** 已报 (every village that reports counts did), 部分未报, 未报 (none did), or 无需上报 (all keep households). */
export type ReportingState = 'reported' | 'partial' | 'unreported' | 'not_expected'

/** Whether a unit's villages reported in the period (the day, for 日报). */
export interface UnitReporting {
  /** villages that report counts (villages keeping households produce their own figures) */
  expected: number
  /** of those, villages with a figure dated in the period */
  reported: number
  /** the last day any of them reported, on or before the period's end */
  lastDate: string | null
  status: ReportingState
}

/** A unit (the area's child: a county for a city office, a township for a county office, a
 * village for a township office) over all routes, with each route's part. */
export interface ProgressRow extends RouteProgress {
  code: string
  name: string
  byRoute: Record<string, RouteProgress>
  /** by rate, ties share a rank; null without a target, for a unit that did not report in the
   * period (未报: its figures are its last ones), and on 合计 rows */
  rank: number | null
  reporting: UnitReporting
}

/** A village whose count at the completion stage went down over the period (回退). */
export interface Regression {
  villageCode: string
  villageName: string
  /** where it lies below the area: 乐昌镇 (county office), 曲沃县乐昌镇 (city office) */
  place: string
  /** the row it falls in */
  unitCode: string
  route: string
  routeName: string
  before: number
  after: number
  /** after − before, below 0 */
  change: number
}

/** A unit one level below the rows (a township for a city office), among the furthest behind. */
export interface LaggardRow {
  code: string
  name: string
  /** the row it belongs to: its county for a city office */
  parentName: string
  target: number
  done: number
  rate: number | null
  remaining: number
}

export interface DailyRouteRow extends DashboardRow {
  completionRate: number | null
  /** the day's increase at the completion stage */
  increase: number
  /** null for a unit whose villages on this route did not report that day */
  rank: number | null
  /** the unit's villages on this route */
  reporting: UnitReporting
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

/** A detail sheet: one row of the report (a county; a township for a county office) by the level
 * below it (townships; villages). */
export interface TownshipSection {
  countyCode: string
  countyName: string
  rows: TownshipProgressRow[]
  total: ProgressRow
}

export interface DailyReport {
  header: ReportHeader
  /** the area reported on: its rows are its children, its 合计 reads 全县合计 … */
  area: Area
  date: string
  completionStage: StageKey
  /** 点火通气/通电: the completion stage's names on the routes shown */
  completionName: string
  routes: RouteDef[]
  counties: ProgressRow[]
  total: ProgressRow
  routeTables: DailyRouteTable[]
  /** one section per row by the level below when asked for (byTownship); none for a township office */
  townships: TownshipSection[]
  /** townships of the area (villages that report counts) with no figure that day */
  reporting: Pick<ReportingStatus, 'date' | 'unreported'> & { expected: number; reported: number }
  /** villages whose completed count went down since the day before */
  regressions: Regression[]
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
  area: Area
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
  /** the same days of the week before; null when the unit had no figures then (上期无数据) */
  lastIncrease: number | null
  /** increase − lastIncrease; null when there is nothing to compare with */
  change: number | null
  schedule: ScheduleRow
}

export interface WeeklyBulletin {
  header: ReportHeader
  area: Area
  week: Period
  /** the last day counted: the week's end, or today while the week runs */
  asOf: string
  /** the days compared with (the week before, as many days as counted) */
  compareWith: Period
  completionName: string
  routes: RouteDef[]
  rows: WeeklyRow[]
  total: WeeklyRow
  /** units behind schedule or past a deadline, slowest first */
  behind: WeeklyRow[]
  /** the units one level down with the lowest rates (townships for a city office) */
  laggards: LaggardRow[]
  /** villages whose completed count went down over the week */
  regressions: Regression[]
  /** no figure in the area before the week: its increase holds all that was done before the first report */
  firstReport: boolean
  /** the bulletin's text, drafted from the numbers, for the user to edit */
  draft: string
  /** the text saved for this week, if any (shown instead of the draft, used by the export) */
  saved: SavedBulletin | null
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

/** A highlight (亮点) or suggestion (建议) from a visit in the 旬. */
export interface VisitNote {
  kind: 'highlight' | 'suggestion'
  text: string
  date: string
  /** 乐昌镇北董村 (county office), 曲沃县乐昌镇北董村 (city office) */
  place: string
}

export interface TenDayPack {
  header: ReportHeader
  area: Area
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
  /** 综述: paragraphs read out at the meeting (progress and pace, problems, visits, next 旬) */
  narrative: string[]
  /** previousIncrease is null for a unit with no figures in the 旬 compared with (上期无数据) */
  progress: { rows: (ProgressRow & { previousIncrease: number | null; dailyAverage: number })[]; total: ProgressRow & { previousIncrease: number | null; dailyAverage: number } }
  increase: { rows: TenDayIncreaseRow[]; totals: TenDayIncreaseRow[] }
  /** from the problem ledger; `recorded` = problems registered by the 旬's last counted day */
  problems: { recorded: number; rows: ProblemCountRow[]; total: ProblemCountRow }
  slippage: { rows: SlippageRow[]; total: SlippageRow }
  nextPlan: { rows: NextPlanRow[]; total: NextPlanRow }
  laggards: LaggardRow[]
  regressions: Regression[]
  /** highlights and suggestions from the 旬's visits in the area */
  visitNotes: VisitNote[]
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
  area: Area
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
  'reports.saveBulletinText': SavedBulletin | null
  'reports.tenDay': TenDayPack
  'reports.tenDayExport': FileOutput
  'reports.schedule': BackwardSchedule
  'reports.scheduleExport': FileOutput
  'reports.forecast': DemandForecast
  'reports.forecastExport': FileOutput
  'reports.trend': StageTrend
}

export type { Area, ReportSettings, SavedBulletin, ScheduleStatus }
