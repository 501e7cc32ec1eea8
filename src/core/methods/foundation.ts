// Foundation methods: app info, settings, divisions and plans, households, daily figures,
// dashboard, audit trail, backups, demo data.

import { z } from 'zod'
import type {
  DailyFigure,
  Division,
  DivisionLevel,
  Household,
  RouteDef,
  Settings,
  StageCounts,
  StageKey,
  VillagePlan,
} from '../domain/types'
import type { MethodName } from '../contract'
import type { SubmissionStatus } from '../domain/submission'
import type { SignedIn } from './accounts'
import { TEXT_MAX } from '../domain/text-limits'
import { STAGE_KEYS } from '../domain/types'
import type { Area } from '../domain/office-area'
import {
  count,
  countsSchema,
  date,
  divisionCode,
  householdStage,
  type MethodDefs,
  optText,
  routeId,
  stageKey,
  uploadedFile,
  villageCode,
} from './schemas'

const householdFields = {
  headName: z.string().trim().min(1, '户主姓名不能为空').max(TEXT_MAX.headName),
  idNumber: optText(TEXT_MAX.idNumber),
  phone: optText(TEXT_MAX.phone),
  address: optText(TEXT_MAX.address),
  userCode: optText(TEXT_MAX.userCode),
  route: routeId,
  stage: householdStage,
  contractor: optText(TEXT_MAX.contractor),
  meterNo: optText(TEXT_MAX.meterNo),
  meterType: optText(TEXT_MAX.meterType),
}

/** The foundation's methods. `mutates` marks writes: the audit trail and backups hook in there. */
export const foundationMethods = {
  'app.info': {
    mutates: false,
    access: 'signedIn', scope: 'none',
    summary: '程序与数据文件夹概况：版本、当前用户（登录的账号、角色、管辖范围、可用的操作）、经办人、管辖范围内的数据量，以及需要注意的问题（快照或备份没有写成）',
    input: z.object({}),
  },
  'settings.get': { mutates: false, access: 'signedIn', scope: 'none', summary: '读取设置（经办人、单位、改造路线与阶段）', input: z.object({}) },
  'settings.update': {
    mutates: true,
    access: 'office.settings', scope: 'folder',
    summary: '修改设置：经办人姓名（打印在报表上）、制表单位、本级（本办服务的市、县或乡镇，空为按区划清单自动判断）、保留的自动备份份数、改造路线及阶段名称',
    input: z.object({
      operator: z.string().trim().min(1, '经办人姓名不能为空').max(50).optional(),
      unitName: z.string().trim().max(100).optional(),
      officeCode: z.union([divisionCode, z.literal('')]).optional(),
      backupsKept: z.number().int().min(1).max(100).optional(),
      routes: z
        .array(
          z.object({
            id: z.string().trim().regex(/^[a-z0-9_-]{1,30}$/, '路线编号只能用小写字母、数字、-、_'),
            name: z.string().trim().min(1, '路线名称不能为空').max(30),
            stages: z
              .array(z.object({ key: stageKey, name: z.string().trim().min(1, '阶段名称不能为空').max(30) }))
              .length(STAGE_KEYS.length, `每条路线应有 ${STAGE_KEYS.length} 个阶段`),
          }),
        )
        .min(1, '至少保留一条改造路线')
        .optional(),
    }),
  },
  'divisions.import': {
    mutates: true,
    access: 'office.settings', scope: 'folder',
    summary: '导入区划清单（CSV 或 .xlsx：level, code, name, parent_code, urban_rural_code）；全部通过才写入',
    input: uploadedFile,
  },
  'divisions.children': {
    mutates: false,
    access: 'progress.read', scope: { place: ['parentCode'] },
    summary: '区划树的一层：不给 parentCode 时为县级单位',
    input: z.object({ parentCode: divisionCode.optional() }),
  },
  'divisions.search': {
    mutates: false,
    access: 'progress.read', scope: 'area',
    summary: '按名称或代码查找县、乡镇、村',
    input: z.object({ q: z.string().trim().min(1, '请输入名称或代码').max(50), limit: z.number().int().min(1).max(500).optional() }),
  },
  'divisions.get': {
    mutates: false,
    access: 'progress.read', scope: { place: ['code'] },
    summary: '一个区划的详情：上级路径、计划、最新进度、农户数',
    input: z.object({ code: divisionCode }),
  },
  'villages.update': {
    mutates: true,
    access: 'progress.write', scope: { place: ['code'] },
    summary: '修改村名称或城乡分类代码',
    input: z.object({
      code: villageCode,
      name: z.string().trim().min(1, '村名称不能为空').max(TEXT_MAX.divisionName),
      urbanRuralCode: z.string().trim().regex(/^(\d{3})?$/, '城乡分类代码应为 3 位数字').optional(),
    }),
  },
  'villages.setPlan': {
    mutates: true,
    access: 'progress.write', scope: { place: ['villageCode'] },
    summary: '设置村的改造计划：路线、任务户数、施工/城燃企业、完成时限、进度来源',
    input: z.object({
      villageCode,
      route: routeId,
      targetHouseholds: count,
      contractor: z.string().trim().max(TEXT_MAX.contractor),
      deadline: date,
      figureSource: z.enum(['households', 'counts']),
    }),
  },
  'villages.setPlans': {
    mutates: true,
    access: 'progress.write', scope: { place: ['plans[].villageCode'] },
    summary: '一次保存多个村的改造计划（如一个乡镇的全部村）：全部通过检查才写入，一次写入；任务户数的改动在审计中记为任务调整',
    input: z.object({
      plans: z
        .array(
          z.object({
            villageCode,
            route: routeId,
            targetHouseholds: count,
            contractor: z.string().trim().max(TEXT_MAX.contractor),
            deadline: date,
            figureSource: z.enum(['households', 'counts']),
          }),
        )
        .min(1, '没有要保存的计划')
        .max(5000, '一次最多保存 5000 个村的计划'),
    }),
  },
  'villages.contractors': {
    mutates: false,
    access: 'progress.read', scope: 'area',
    summary: '改造计划中已用过的施工/城燃企业名称（用得多的在前），供填写时选择',
    input: z.object({}),
  },
  'villages.list': {
    mutates: false,
    access: 'progress.read', scope: { place: ['parentCode'] },
    summary: '某乡镇或县的村列表，含计划与最新进度',
    input: z.object({ parentCode: divisionCode }),
  },
  'households.list': {
    mutates: false,
    access: 'households.read', scope: { place: ['villageCode'] },
    summary: '某村的农户（身份证号、电话默认脱敏）',
    input: z.object({
      villageCode,
      q: z.string().trim().max(50).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
  },
  'households.search': {
    mutates: false,
    access: 'households.read', scope: 'area',
    summary: '在本级（本办的市、县或乡镇）范围内的全部农户中查找：户主姓名、身份证号（完整或末几位）、电话、用户编码；结果中身份证号和电话脱敏',
    input: z.object({
      q: z.string().trim().min(1, '请输入户主姓名、身份证号、电话或用户编码').max(50),
      limit: z.number().int().min(1).max(500).optional(),
    }),
  },
  'households.get': {
    mutates: false,
    access: 'households.read', scope: { place: ['id:household'] }, reveal: 'reveal',
    summary: '一户详情；reveal=true 时显示完整身份证号和电话（记入审计）',
    input: z.object({ id: z.string().min(1), reveal: z.boolean().optional() }),
  },
  'households.create': {
    mutates: true,
    access: 'progress.write', scope: { place: ['villageCode'] },
    summary: '新增农户',
    input: z.object({ villageCode, ...householdFields }),
  },
  'households.update': {
    mutates: true,
    access: 'progress.write', scope: { place: ['id:household'] },
    summary: '修改农户信息或当前阶段',
    input: z.object({ id: z.string().min(1), ...householdFields }),
  },
  'figures.record': {
    mutates: true,
    access: 'progress.write', scope: { place: ['villageCode'] },
    summary: '录入某村某日的累计进度（各阶段户数与管线公里数）；按农户统计的村由农户自动生成',
    input: z.object({
      villageCode,
      date,
      counts: countsSchema,
      networkKm: z.number().min(0, '管线长度不能为负数').max(100_000, '管线长度过大'),
    }),
  },
  'figures.check': {
    mutates: false,
    access: 'progress.write', scope: { place: ['villageCode'] },
    summary: '保存前检查某村某日的累计进度，与导入时的提醒相同：阶段顺序、超过任务户数、比上次的数少（回退）',
    input: z.object({
      villageCode,
      date,
      counts: countsSchema,
      networkKm: z.number().min(0, '管线长度不能为负数').max(100_000, '管线长度过大'),
    }),
  },
  'figures.history': {
    mutates: false,
    access: 'progress.read', scope: { place: ['villageCode'] },
    summary: '某村的每日进度记录（新的在前）',
    input: z.object({ villageCode, limit: z.number().int().min(1).max(1000).optional() }),
  },
  'figures.reportingStatus': {
    mutates: false,
    access: 'progress.read', scope: { rows: ['townships/townshipCode', 'unreported/townshipCode'] },
    summary: '某日各乡镇的上报情况：应报村数、已报村数，以及未上报的乡镇（直接填报户数的村才需上报）',
    input: z.object({ date }),
  },
  'dashboard.summary': {
    mutates: false,
    access: 'progress.read', scope: 'area',
    summary: '总览：本级下一级单位（市：县；县：乡镇；乡镇：村）分路线的任务、各阶段累计与比例、当日新增、进度最慢的单位',
    input: z.object({ date: date.optional() }),
  },
  'audit.history': {
    mutates: false,
    access: 'audit.read', scope: { place: [':auditRecord'] },
    summary: '一条或几条记录的修改历史（谁、何时、从哪里、哪个操作、改前改后；个人信息脱敏），新的在前',
    input: z
      .object({
        collection: z.string().min(1).max(60).optional(),
        key: z.string().min(1).max(200).optional(),
        /** several records at once (a village: its division, plan and recent figures) */
        records: z
          .array(z.object({ collection: z.string().min(1).max(60), key: z.string().min(1).max(200) }))
          .min(1)
          .max(100)
          .optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .refine((v) => (v.records !== undefined) !== (v.collection !== undefined && v.key !== undefined), {
        message: '请给出 collection 和 key，或 records（二者之一）',
      }),
  },
  'audit.recent': {
    mutates: false,
    access: 'audit.read', scope: 'area',
    summary: '最近的操作记录',
    input: z.object({ limit: z.number().int().min(1).max(500).optional() }),
  },
  'backups.list': { mutates: false, access: 'backups', scope: 'folder', summary: '备份列表（新的在前）', input: z.object({}) },
  'backups.create': {
    mutates: false,
    access: 'backups', scope: 'folder',
    summary: '立即备份数据文件夹',
    input: z.object({ note: z.string().trim().max(100).optional() }),
  },
  'backups.restore': {
    mutates: true,
    access: 'restore', scope: 'folder',
    summary: '从一个备份恢复；恢复前自动备份当前数据，可撤销；收据号、农户编号等编号不倒退（不会重复使用）',
    input: z.object({ id: z.string().min(1) }),
  },
  'backups.undoRestore': { mutates: true, access: 'restore', scope: 'folder', summary: '撤销最近一次恢复', input: z.object({}) },
  'demo.generate': {
    mutates: true,
    access: 'office.settings', scope: 'folder',
    summary: '在空数据文件夹中生成演示数据（虚构的县乡村、计划、农户与进度，县界与村点，几条问题台账）',
    input: z.object({ seed: z.number().int().optional() }),
  },
} as const satisfies MethodDefs


// ---- outputs ----

export interface AppInfo {
  version: string
  dataDir: string
  /** who the audit trail names for calls from this user (the computer's user, or the account) */
  user: string
  /** the 经办人 name printed on reports and rosters (设置) */
  operator: string
  /** the folder asks for logging in (it has accounts) */
  accountsOn: boolean
  /** the account of this session, when logged in */
  account?: SignedIn
  /** the methods this caller may use: the pages show what they allow */
  allowed: MethodName[]
  unitName: string
  /** 本级: the office's area, its rows' level and how reports name it (全县合计 …) */
  office: Area
  today: string
  isEmpty: boolean
  counts: { counties: number; townships: number; villages: number; plans: number; households: number }
  /** something the office should know although the folder works (a full disk stopped a checkpoint or a backup) */
  warning?: string
}

export interface DivisionNode {
  code: string
  name: string
  level: DivisionLevel
  childCount: number
  villageCount: number
  plannedCount: number
}

export interface DivisionHit {
  code: string
  name: string
  level: DivisionLevel
  /** names from county down to the parent, e.g. 尧都区 / 屯里镇 */
  path: string
}

export interface DivisionDetail {
  division: Division
  path: Division[]
  plan?: VillagePlan
  latest?: DailyFigure
  householdCount: number
}

export interface VillageRow {
  division: Division
  plan?: VillagePlan
  latest?: DailyFigure
}

export interface MaskedHousehold extends Household {
  /** true when idNumber/phone are shown in full */
  revealed: boolean
}

export interface HouseholdPage {
  total: number
  items: MaskedHousehold[]
}

export interface HouseholdHit extends MaskedHousehold {
  villageName: string
  townshipName: string
  countyName: string
  /** what the query matched */
  matched: 'headName' | 'idNumber' | 'phone' | 'userCode'
}

export interface HouseholdSearch {
  /** households found (the list holds at most `limit`) */
  total: number
  items: HouseholdHit[]
}

export interface FigureCheck {
  /** the warnings an import would give this figure, in its route's stage names */
  warnings: Array<{ kind: 'order' | 'target' | 'regression'; stages: StageKey[]; message: string }>
  /** the village's figure before that day (what 回退 compares with) */
  previous?: DailyFigure
  /** a figure already stored for that day (saving replaces it) */
  stored?: DailyFigure
}

export interface PlansSaved {
  added: number
  updated: number
  unchanged: number
  /** villages whose 任务户数 changed (任务调整) */
  targetsChanged: number
}

export type Rates = Record<StageKey, number | null>

export interface DashboardRow {
  countyCode: string
  countyName: string
  route: string
  routeName: string
  villages: number
  target: number
  counts: StageCounts
  /** stage ÷ target; above 1 when targets were revised — shown as is */
  rates: Rates
  todayIncrease: StageCounts
  networkKm: number
  /** villages with a figure on the date */
  reportedVillages: number
}

export interface TownshipReporting {
  countyCode: string
  countyName: string
  townshipCode: string
  townshipName: string
  /** planned villages that report counts */
  expectedVillages: number
  /** of those, villages with a figure dated that day (entered, imported or accepted from 网上填报) */
  reportedVillages: number
  /** the day's 网上填报, when the township submitted one: pending (待审核) counts as reported */
  online?: SubmissionStatus
}

export interface ReportingStatus {
  date: string
  townships: TownshipReporting[]
  /** townships none of whose villages reported, by file, by hand or in a submission waiting for review (未上报) */
  unreported: TownshipReporting[]
}

export interface DashboardBehind {
  countyCode: string
  countyName: string
  route: string
  routeName: string
  target: number
  connected: number
  completionRate: number | null
  remaining: number
  deadline?: string
}

export interface Dashboard {
  date: string
  /** the office's area (本级): rows are its children — counties for a city, townships for a
   * county, villages for a township (their code and name in countyCode / countyName) */
  area?: Area
  routes: RouteDef[]
  rows: DashboardRow[]
  totals: DashboardRow[]
  behind: DashboardBehind[]
}

export interface AuditEntry {
  seq: number
  at: string
  who: string
  /** where the call came from (browser mode), when known */
  from?: string
  method: string
  collection: string
  key: string
  before: unknown
  after: unknown
  /** 任务调整: a village plan whose 任务户数 changed, with both values */
  targetAdjusted?: { from: number; to: number }
}

/** One line of 最近的操作: who, when, from where, which operation, how many records, the first one. */
export type { LogSummary as AuditSummary } from '../store/log'
import type { LogSummary as AuditSummary } from '../store/log'

export type { BackupInfo } from '../store/backups'
import type { BackupInfo } from '../store/backups'

export interface ImportResult {
  counts: { city: number; county: number; township: number; village: number }
  added: number
  updated: number
  unchanged: number
}

export interface DemoResult {
  counties: number
  townships: number
  villages: number
  households: number
  figures: number
  /** places given a map point (counties, townships, most villages) */
  points: number
  /** problems entered in the ledger */
  problems: number
}

export interface FoundationOutputs {
  'app.info': AppInfo
  'settings.get': Settings
  'settings.update': Settings
  'divisions.import': ImportResult
  'divisions.children': DivisionNode[]
  'divisions.search': DivisionHit[]
  'divisions.get': DivisionDetail
  'villages.update': Division
  'villages.setPlan': VillagePlan
  'villages.setPlans': PlansSaved
  'villages.contractors': string[]
  'villages.list': VillageRow[]
  'households.list': HouseholdPage
  'households.search': HouseholdSearch
  'households.get': MaskedHousehold
  'households.create': MaskedHousehold
  'households.update': MaskedHousehold
  'figures.record': DailyFigure
  'figures.check': FigureCheck
  'figures.history': DailyFigure[]
  'figures.reportingStatus': ReportingStatus
  'dashboard.summary': Dashboard
  'audit.history': AuditEntry[]
  'audit.recent': AuditSummary[]
  'backups.list': BackupInfo[]
  'backups.create': BackupInfo
  'backups.restore': { restored: string; undoId: string }
  'backups.undoRestore': { restored: string }
  'demo.generate': DemoResult
}

