// Shared domain types: places, plans, routes and stages, households, daily figures.

export type DivisionLevel = 'city' | 'county' | 'township' | 'village'

/** Official statistics code: 6 digits (city/county), 9 (township), 12 (village). */
export interface Division {
  code: string
  name: string
  level: DivisionLevel
  parentCode: string
  /** 城乡分类代码, villages only. */
  urbanRuralCode?: string
}

/** The six canonical stages; every route names them in its own words. */
export const STAGE_KEYS = ['confirmed', 'network', 'meter', 'equipment', 'connected', 'accepted'] as const
export type StageKey = (typeof STAGE_KEYS)[number]

export interface StageDef {
  key: StageKey
  name: string
}

export interface RouteDef {
  id: string
  name: string
  stages: StageDef[]
}

/** Where a village's daily figures come from. */
export type FigureSource = 'households' | 'counts'

export interface VillagePlan {
  villageCode: string
  route: string
  targetHouseholds: number
  contractor: string
  /** YYYY-MM-DD */
  deadline: string
  figureSource: FigureSource
}

/** Household's current stage: the last stage reached, or 'none' before confirmation. */
export type HouseholdStage = StageKey | 'none'

export interface Household {
  /** `${villageCode}-${serial}`: the county code is the id's first 6 digits. */
  id: string
  villageCode: string
  headName: string
  idNumber?: string
  phone?: string
  address?: string
  userCode?: string
  route: string
  stage: HouseholdStage
  contractor?: string
  meterNo?: string
  /** 燃气表类型 (IoT remote, IC card, diaphragm), as the roster gives it */
  meterType?: string
}

/** Cumulative counts per stage, in STAGE_KEYS order. */
export type StageCounts = Record<StageKey, number>

export interface DailyFigure {
  villageCode: string
  /** YYYY-MM-DD */
  date: string
  counts: StageCounts
  /** Network length built so far, km (main + yard). */
  networkKm: number
  /** manual entry, derived from households, imported, or accepted from a township's 网上填报 */
  source: 'manual' | 'derived' | 'import' | 'online'
  /** 网上填报: who submitted it (姓名（登录名）) and the submission */
  submittedBy?: string
  submission?: string
}

export interface Settings {
  operator: string
  unitName: string
  /** 本级: the city, county or township the office serves (see domain/office-area.ts); unset: the
   * division list's one city (else its one county) */
  officeCode?: string
  routes: RouteDef[]
  /** automatic rolling backups kept */
  backupsKept: number
}
