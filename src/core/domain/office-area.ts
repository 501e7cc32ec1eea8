// The office's own level (本级): the division an office serves — a city, a county or a township
// of the division list — and how its reports speak of it: the level of its rows (its children),
// 全市/全县/全区/全镇 and the 合计 row's name. One notion for every part that reads "the office's
// area" (dashboard, reports, map, visit draws, money summaries; later an account's scope).

import type { Division, DivisionLevel } from './types'

/** 'all': no city named in the division list (several counties side by side). */
export type AreaLevel = 'all' | 'city' | 'county' | 'township'
export type UnitLevel = 'county' | 'township' | 'village'

export interface Area {
  /** division code; '' for 'all' */
  code: string
  /** 临汾市, 曲沃县, 乐昌镇; '' for 'all' */
  name: string
  level: AreaLevel
  /** the level of a report's rows: the area's children */
  unitLevel: UnitLevel
  /** 全市, 全县, 全区, 全镇, 全乡, 全街道; 全部 for 'all' */
  areaWord: string
  /** 全县合计 …; 合计 for 'all' */
  totalName: string
  /** the rows' column header: 县（市、区） / 乡镇（街道） / 村（社区） */
  unitLabel: string
  /** the rows' kind in prose: 县（市、区） / 乡镇 / 村 */
  unitWord: string
}

const CHILD: Record<AreaLevel, UnitLevel> = { all: 'county', city: 'county', county: 'township', township: 'village' }

export const UNIT_LABEL: Record<UnitLevel, string> = { county: '县（市、区）', township: '乡镇（街道）', village: '村（社区）' }
export const UNIT_WORD: Record<UnitLevel, string> = { county: '县（市、区）', township: '乡镇', village: '村' }

/**
 * 全市 / 全县 / 全区 / 全镇 …, read from the division's own name: a county-level 区 says 全区, a
 * county-level city (侯马市) 全市, a 乡 全乡, a 街道 全街道; a name ending otherwise takes its level's
 * usual word.
 */
export function areaWordOf(level: AreaLevel, name: string): string {
  if (level === 'all') return '全部'
  const endings: Record<Exclude<AreaLevel, 'all'>, [string, string][]> = {
    city: [['州', '全州'], ['盟', '全盟'], ['地区', '全区']],
    county: [['区', '全区'], ['市', '全市'], ['旗', '全旗'], ['县', '全县']],
    township: [['街道', '全街道'], ['乡', '全乡'], ['镇', '全镇']],
  }
  for (const [end, word] of endings[level]) if (name.endsWith(end)) return word
  return { city: '全市', county: '全县', township: '全镇' }[level]
}

export function areaOfDivision(d: Pick<Division, 'code' | 'name' | 'level'> | undefined): Area {
  if (!d) {
    return { code: '', name: '', level: 'all', unitLevel: 'county', areaWord: '全部', totalName: '合计', unitLabel: UNIT_LABEL.county, unitWord: UNIT_WORD.county }
  }
  if (d.level === 'village') throw new RangeError(`a village cannot be an office's area: ${d.code}`)
  const level = d.level as Exclude<AreaLevel, 'all'>
  const unitLevel = CHILD[level]
  const areaWord = areaWordOf(level, d.name)
  return { code: d.code, name: d.name, level, unitLevel, areaWord, totalName: `${areaWord}合计`, unitLabel: UNIT_LABEL[unitLevel], unitWord: UNIT_WORD[unitLevel] }
}

/** The row (child of the area) a village falls in: its county, township or itself. */
export function unitOfVillage(unitLevel: UnitLevel, villageCode: string): string {
  return unitLevel === 'county' ? villageCode.slice(0, 6) : unitLevel === 'township' ? villageCode.slice(0, 9) : villageCode
}

/** One level below the rows (townships for a city), or null when the rows are villages. */
export function subUnitLevel(unitLevel: UnitLevel): UnitLevel | null {
  return unitLevel === 'county' ? 'township' : unitLevel === 'township' ? 'village' : null
}

/** Whether a division of `level` may be an office's area. */
export function isAreaLevel(level: DivisionLevel): level is Exclude<AreaLevel, 'all'> {
  return level === 'city' || level === 'county' || level === 'township'
}
