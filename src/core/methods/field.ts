// Map, field visits and the problem ledger (issue 5).

import { z } from 'zod'
import { COORD_SYSTEMS, type BoundaryGeometry, type CoordSystem } from '../domain/coords'
import type { Approximation, BoundaryLevel, PlacePoint, TileSettings } from '../domain/map-layers'
import type { Area } from '../domain/office-area'
import type { FlowAction } from '../domain/problem-flow'
import { PROBLEM_STATUSES, type Problem, type ProblemStatus } from '../domain/problems'
import type { DailyFigure, Division, StageKey, VillagePlan } from '../domain/types'
import type { CountyVisitSummary, Finding, VisitPlan, VisitRecord } from '../domain/visits'
import { FINDING_KINDS } from '../domain/visits'
import { countyCode, date, divisionCode, type FileOutput, type MethodDefs, optText, townshipCode, uploadedFile, villageCode } from './schemas'

const coordSystem = z.enum(COORD_SYSTEMS)
const lng = z.number().min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间')
const lat = z.number().min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间')
const problemId = z.string().trim().min(1, '请给出问题编号').max(30)
const text = (label: string, max: number) => z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不能超过 ${max} 个字`)

/** A problem's own fields: what was found, where, and how it will be accepted. */
const problemTerms = {
  responsibleUnit: z.string().trim().max(100).optional(),
  responsiblePerson: z.string().trim().max(50).optional(),
  deadline: date,
  acceptanceStandard: text('验收标准', 500),
}

const findingInput = z.object({
  kind: z.enum(FINDING_KINDS),
  villageCode,
  householdId: optText(40),
  placeDetail: optText(100),
  text: text('内容', 1000),
  /** required for a problem: it opens a ledger entry */
  problem: z.object(problemTerms).optional(),
})

const visitedVillage = z.object({
  villageCode,
  households: z.number().int('入户数必须是整数').min(0, '入户数不能为负数').max(10_000, '入户数过大'),
  householdIds: z.array(z.string().trim().min(1).max(40)).max(500).optional(),
})

const team = z.array(z.string().trim().min(1).max(50)).max(30)

const drawInput = z.object({
  title: z.string().trim().max(100).optional(),
  seed: z.number().int('随机种子必须是整数').min(0, '随机种子不能为负数').max(4_294_967_295, '随机种子最大为 4294967295'),
  countyCodes: z.array(countyCode).min(1, '请至少选择一个县区'),
  townshipCodes: z.array(townshipCode).optional(),
  min: z.number().int().min(1, '每个乡镇至少抽 1 个村').max(10, '每个乡镇最多抽 10 个村'),
  max: z.number().int().min(1, '每个乡镇至少抽 1 个村').max(10, '每个乡镇最多抽 10 个村'),
  weightBehind: z.number().min(1, '加权倍数不能小于 1').max(20, '加权倍数不能超过 20'),
  weightComplaint: z.number().min(1, '加权倍数不能小于 1').max(20, '加权倍数不能超过 20'),
  excludeDays: z.number().int().min(0, '天数不能为负数').max(365, '天数不能超过 365'),
  startDate: date,
  perDay: z.number().int().min(1, '每天至少走访 1 个村').max(30, '每天最多走访 30 个村'),
  teams: z.array(z.string().trim().min(1).max(100)).min(1, '请至少填写一个走访组').max(10, '最多 10 个走访组'),
  purpose: text('走访目的', 200),
})

const ledgerFilter = {
  countyCode: countyCode.optional(),
  status: z.enum([...PROBLEM_STATUSES, 'unclosed']).optional(),
  responsibleUnit: z.string().trim().max(100).optional(),
  overdueOnly: z.boolean().optional(),
  q: z.string().trim().max(50).optional(),
  /** the day overdue is judged on; today by default */
  date: date.optional(),
}

export const fieldMethods = {
  // ---- map ----
  'map.villages': {
    mutates: false,
    access: 'work.read', scope: 'area',
    summary: '地图上本级范围内的村：位置（无坐标的村给出乡镇或县附近的近似位置）、完工率、阶段、是否滞后、未销号问题数；地图以本级范围为初始视野',
    input: z.object({ date: date.optional(), system: coordSystem.optional() }),
  },
  'map.layers': {
    mutates: false,
    access: 'work.read', scope: 'area',
    summary: '地图底图：已导入的县、乡镇边界（换算到显示用的坐标系）和在线底图设置',
    input: z.object({ system: coordSystem.optional() }),
  },
  'map.village': {
    mutates: false,
    access: 'work.read', scope: { place: ['code'] },
    summary: '地图上点选一个村：计划、最新进度、未销号问题、走访记录、坐标',
    input: z.object({ code: villageCode, date: date.optional() }),
  },
  'map.importBoundaries': {
    mutates: true,
    access: 'office.settings', scope: 'folder',
    summary: '导入县或乡镇边界（GeoJSON，注明 WGS-84 或 GCJ-02），替换同级已有边界',
    input: uploadedFile.extend({ level: z.enum(['county', 'township']), system: coordSystem.optional() }),
  },
  'map.removeBoundaries': {
    mutates: true,
    access: 'office.settings', scope: 'folder',
    summary: '删除某一级的边界',
    input: z.object({ level: z.enum(['county', 'township']) }),
  },
  'map.importPoints': {
    mutates: true,
    access: 'progress.write', scope: 'folder',
    summary: '导入坐标（CSV 或 .xlsx：code, lng, lat, coord_system）；县、乡镇、村代码均可；全部通过才写入',
    input: uploadedFile.extend({ system: coordSystem.optional() }),
  },
  'map.setPoint': {
    mutates: true,
    access: 'progress.write', scope: { place: ['code'] },
    summary: '在地图上点选设置一个村（或乡镇、县）的位置',
    input: z.object({ code: divisionCode, lng, lat, system: coordSystem }),
  },
  'map.clearPoint': {
    mutates: true,
    access: 'progress.write', scope: { place: ['code'] },
    summary: '清除一个村（或乡镇、县）的位置',
    input: z.object({ code: divisionCode }),
  },
  'map.tiles': { mutates: false, access: 'signedIn', scope: 'none', summary: '在线底图设置', input: z.object({}) },
  'map.setTiles': {
    mutates: true,
    access: 'office.settings', scope: 'folder',
    summary: '修改在线底图：是否启用、地址模板、版权说明、坐标系',
    input: z.object({
      enabled: z.boolean(),
      urlTemplate: z.string().trim().max(500),
      attribution: z.string().trim().max(300),
      system: coordSystem,
      subdomains: z.string().trim().max(20).regex(/^[a-zA-Z0-9]*$/, '子域名只能是字母或数字，如 1234 或 abc'),
      maxZoom: z.number().int().min(1).max(22),
    }),
  },

  // ---- visit plans ----
  'visitPlans.draw': {
    mutates: false,
    access: 'work.read', scope: { place: ['countyCodes[]', 'townshipCodes[]'] },
    summary: '按随机种子抽取走访村（预览，不保存）：每个乡镇抽若干村，可偏向滞后或有投诉的村，排除近期走访过的村',
    input: drawInput,
  },
  'visitPlans.create': {
    mutates: true,
    access: 'work.write', scope: { place: ['countyCodes[]', 'townshipCodes[]'] },
    summary: '按同样的条件和随机种子抽取并保存走访计划',
    input: drawInput,
  },
  'visitPlans.list': { mutates: false, access: 'work.read', scope: { rows: ['/countyCodes[]'] }, summary: '走访计划列表（新的在前）', input: z.object({}) },
  'visitPlans.get': {
    mutates: false,
    access: 'work.read', scope: { place: ['id:visitPlan'] }, reveal: 'reveal',
    summary: '一份走访计划（联系人电话默认脱敏；reveal=true 时完整显示并记入审计）',
    input: z.object({ id: z.string().trim().min(1), reveal: z.boolean().optional() }),
  },
  'visitPlans.updateItem': {
    mutates: true,
    access: 'work.write', scope: { place: ['id:visitPlan', 'villageCode'] },
    summary: '修改计划中一个村的走访日期、联系人、电话、走访目的',
    input: z.object({
      id: z.string().trim().min(1),
      villageCode,
      date: date.optional(),
      contactName: z.string().trim().max(50).optional(),
      contactPhone: z.string().trim().max(20).optional(),
      purpose: z.string().trim().max(200).optional(),
    }),
  },
  'visitPlans.delete': { mutates: true, access: 'work.write', scope: { place: ['id:visitPlan'] }, summary: '删除一份走访计划', input: z.object({ id: z.string().trim().min(1) }) },
  'visitPlans.export': {
    mutates: false,
    access: 'work.read', scope: { place: ['id:visitPlan'] }, reveal: 'fullPhones',
    summary: '导出走访计划（Excel，可直接打印）：日期、走访组、县区、乡镇、村、联系人、走访目的',
    input: z.object({ id: z.string().trim().min(1), fullPhones: z.boolean().optional() }),
  },

  // ---- visit records ----
  'visits.create': {
    mutates: true,
    access: 'work.write', scope: { place: ['villages[].villageCode', 'findings[].villageCode', 'findings[].householdId:household'] },
    summary: '登记一次走访：日期、走访人员、走访的村和入户数、发现（问题、建议、亮点）；每个问题同时列入问题台账',
    input: z.object({
      date,
      team: team.min(1, '请填写走访人员'),
      planId: z.string().trim().max(30).optional(),
      villages: z.array(visitedVillage).min(1, '请至少选择一个走访的村').max(100),
      findings: z.array(findingInput).max(300),
      note: optText(1000),
    }),
  },
  'visits.update': {
    mutates: true,
    access: 'work.write', scope: { place: ['id:visit', 'villages[].villageCode'] },
    summary: '修改走访记录的日期、人员、走访的村和入户数、备注（发现另行增删）',
    input: z.object({
      id: z.string().trim().min(1),
      date,
      team: team.min(1, '请填写走访人员'),
      villages: z.array(visitedVillage).min(1, '请至少选择一个走访的村').max(100),
      note: optText(1000),
    }),
  },
  'visits.addFinding': {
    mutates: true,
    access: 'work.write', scope: { place: ['visitId:visit', 'finding.villageCode', 'finding.householdId:household'] },
    summary: '给走访记录增加一条发现；问题同时列入问题台账',
    input: z.object({ visitId: z.string().trim().min(1), finding: findingInput }),
  },
  'visits.removeFinding': {
    mutates: true,
    access: 'work.write', scope: { place: ['visitId:visit'] },
    summary: '删除走访记录中的一条发现；已交办的问题不能删除',
    input: z.object({ visitId: z.string().trim().min(1), findingId: z.string().trim().min(1) }),
  },
  'visits.delete': {
    mutates: true,
    access: 'work.write', scope: { place: ['id:visit'] },
    summary: '删除一条走访记录（其问题均未交办时）',
    input: z.object({ id: z.string().trim().min(1) }),
  },
  'visits.list': {
    mutates: false,
    access: 'work.read', scope: { place: ['countyCode'], rows: ['/villages[].villageCode'] },
    summary: '走访记录（新的在前），可按日期和县区筛选',
    input: z.object({ from: date.optional(), to: date.optional(), countyCode: countyCode.optional() }),
  },
  'visits.get': { mutates: false, access: 'work.read', scope: { place: ['id:visit'] }, summary: '一条走访记录及其发现', input: z.object({ id: z.string().trim().min(1) }) },
  'visits.summary': {
    mutates: false,
    access: 'work.read', scope: 'area',
    summary: '分县汇总：走访次数、村数、入户数，问题、建议、亮点条数',
    input: z.object({ from: date.optional(), to: date.optional() }),
  },

  // ---- problem ledger ----
  'problems.create': {
    mutates: true,
    access: 'work.write', scope: { place: ['villageCode', 'householdId:household'] },
    summary: '登记问题（群众投诉、乡镇上报等）：地点、描述、来源、责任单位和责任人、整改时限、验收标准',
    input: z.object({
      villageCode,
      householdId: optText(40),
      placeDetail: optText(100),
      description: text('问题描述', 1000),
      source: z.enum(['complaint', 'report']),
      openedOn: date.optional(),
      ...problemTerms,
    }),
  },
  'problems.update': {
    mutates: true,
    access: 'work.write', scope: { place: ['id:problem'] },
    summary: '修改问题的描述、地点、验收标准、责任单位和责任人、整改时限（已销号的不能改）',
    input: z.object({
      id: problemId,
      description: text('问题描述', 1000),
      placeDetail: z.string().trim().max(100),
      acceptanceStandard: text('验收标准', 500),
      responsibleUnit: z.string().trim().max(100),
      responsiblePerson: z.string().trim().max(50),
      deadline: date,
    }),
  },
  'problems.transition': {
    mutates: true,
    access: 'work.write', scope: { place: ['id:problem'] },
    summary: '问题状态的一步：交办、开始整改、验收通过、验收不通过退回整改、销号；写明日期、经办人和说明',
    input: z.object({
      id: problemId,
      action: z.enum(['assign', 'start', 'verify', 'reject', 'close']),
      date,
      who: z.string().trim().max(50).optional(),
      note: optText(500),
      responsibleUnit: z.string().trim().max(100).optional(),
      responsiblePerson: z.string().trim().max(50).optional(),
      deadline: date.optional(),
    }),
  },
  'problems.list': {
    mutates: false,
    access: 'work.read', scope: 'area',
    summary: '问题台账：按县区、状态、责任单位筛选，逾期的标出；各状态条数',
    input: z.object(ledgerFilter),
  },
  'problems.get': { mutates: false, access: 'work.read', scope: { place: ['id:problem'] }, summary: '一个问题的详情和每一步的记录', input: z.object({ id: problemId }) },
  'problems.export': {
    mutates: false,
    access: 'work.read', scope: 'area',
    summary: '导出问题台账（Excel，可直接打印），条件同列表',
    input: z.object(ledgerFilter),
  },
} as const satisfies MethodDefs

// ---- outputs ----

export interface MapVillage {
  code: string
  name: string
  townshipCode: string
  countyCode: string
  /** in the output's system; absent when neither the village nor its township or county has a point */
  lng?: number
  lat?: number
  /** the position stands in for a missing one */
  approx?: Approximation
  route?: string
  target?: number
  completionRate: number | null
  stage: StageKey | 'none'
  behind: boolean
  openProblems: number
  complaints: number
}

export interface MapVillages {
  date: string
  system: CoordSystem
  /** the office's area (本级): the villages are its own, and the map opens on it */
  area: Area
  /** county and township names by code */
  names: Record<string, string>
  counties: string[]
  villages: MapVillage[]
}

export interface MapBoundary {
  code?: string
  name: string
  geometry: BoundaryGeometry
}

export interface MapBoundaryLayer {
  level: BoundaryLevel
  /** the system the file was in */
  sourceSystem: CoordSystem
  fileName: string
  features: MapBoundary[]
}

export interface MapLayers {
  system: CoordSystem
  boundaries: MapBoundaryLayer[]
  tiles: TileSettings
}

export interface VisitBrief {
  id: string
  date: string
  team: string[]
  findings: number
}

export interface MapVillageDetail {
  division: Division
  path: Division[]
  plan?: VillagePlan
  latest?: DailyFigure
  completionRate: number | null
  stage: StageKey | 'none'
  behind: boolean
  point?: PlacePoint
  openProblems: Problem[]
  visits: VisitBrief[]
}

export interface BoundaryImportResult {
  level: BoundaryLevel
  system: CoordSystem
  features: number
  matched: number
  /** names of features that match no division of that level */
  unmatched: string[]
}

export interface PointImportResult {
  /** the rows' system (the first row's, when a file mixes them) */
  system: CoordSystem
  counts: { county: number; township: number; village: number }
  added: number
  updated: number
  /** points that fall outside their county's imported boundary: worth checking */
  outsideCounty: { code: string; name: string }[]
}

export interface TownshipDrawView {
  townshipCode: string
  townshipName: string
  countyCode: string
  countyName: string
  wanted: number
  available: number
  excluded: number
  drawn: number
}

export interface PlanItemView {
  villageCode: string
  villageName: string
  townshipCode: string
  townshipName: string
  countyCode: string
  countyName: string
  team: number
  teamName: string
  date: string
  order: number
  weight: number
  reasons: ('behind' | 'complaint')[]
  purpose: string
  contactName?: string
  contactPhone?: string
  completionRate: number | null
  lng?: number
  lat?: number
  approx?: Approximation
}

/** A drawn plan, saved or not, with names and positions for the page and the map. */
export interface VisitPlanView {
  id?: string
  title: string
  seed: number
  params: VisitPlan['params']
  teams: string[]
  purpose: string
  createdAt?: string
  createdBy?: string
  system: CoordSystem
  townships: TownshipDrawView[]
  items: PlanItemView[]
  /** true when contact phones are shown in full */
  revealed: boolean
}

export interface VisitPlanSummary {
  id: string
  title: string
  seed: number
  createdAt: string
  createdBy: string
  startDate: string
  endDate: string
  villages: number
  townships: number
  counties: number
}

export interface FindingView extends Finding {
  villageName: string
  householdName?: string
  problemStatus?: ProblemStatus
}

export interface VisitView extends Omit<VisitRecord, 'findings'> {
  villageNames: Record<string, string>
  /** each visited village's 乡镇 name */
  villageTownships: Record<string, string>
  /** county names of the villages visited */
  countyNames: string[]
  findings: FindingView[]
  counts: { problems: number; suggestions: number; highlights: number }
}

export interface VisitSummaryRow extends CountyVisitSummary {
  countyName: string
}

export interface VisitSummary {
  from?: string
  to?: string
  rows: VisitSummaryRow[]
  total: CountyVisitSummary
}

export interface ProblemRow extends Problem {
  villageName: string
  townshipName: string
  countyName: string
  overdue: boolean
  daysOverdue: number
}

export interface ProblemLedger {
  date: string
  items: ProblemRow[]
  /** per status within the county filter (the status, unit, overdue and text filters do not narrow them) */
  counts: Record<ProblemStatus, number> & { overdue: number; total: number }
  /** responsible units within the county filter, for the unit filter */
  units: string[]
}

export interface ProblemView {
  problem: ProblemRow
  allowed: FlowAction[]
  householdName?: string
  visit?: VisitBrief
}

export interface FieldOutputs {
  'map.villages': MapVillages
  'map.layers': MapLayers
  'map.village': MapVillageDetail
  'map.importBoundaries': BoundaryImportResult
  'map.removeBoundaries': { level: BoundaryLevel; removed: boolean }
  'map.importPoints': PointImportResult
  'map.setPoint': PlacePoint
  'map.clearPoint': { code: string; removed: boolean }
  'map.tiles': TileSettings
  'map.setTiles': TileSettings
  'visitPlans.draw': VisitPlanView
  'visitPlans.create': VisitPlanView
  'visitPlans.list': VisitPlanSummary[]
  'visitPlans.get': VisitPlanView
  'visitPlans.updateItem': VisitPlanView
  'visitPlans.delete': { id: string }
  'visitPlans.export': FileOutput
  'visits.create': VisitView
  'visits.update': VisitView
  'visits.addFinding': VisitView
  'visits.removeFinding': VisitView
  'visits.delete': { id: string; removedProblems: string[] }
  'visits.list': VisitView[]
  'visits.get': VisitView
  'visits.summary': VisitSummary
  'problems.create': ProblemView
  'problems.update': ProblemView
  'problems.transition': ProblemView
  'problems.list': ProblemLedger
  'problems.get': ProblemView
  'problems.export': FileOutput
}
