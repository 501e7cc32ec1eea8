// Reads one household roster sheet (花名册: 户主姓名, 身份证号, 联系电话, 用户编码, 改造类别, 当前阶段 …)
// into households, resolving 县区 → 乡镇 → 村 level by level; every cell it cannot use is named.

import { idNumberProblem, phoneProblem } from '../domain/id-number'
import { TEXT_MAX } from '../domain/text-limits'
import type { HouseholdStage, RouteDef, VillagePlan } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { compact, isScientific } from './cells'
import { type ColumnKey, headerDictionary, normalizeHeader } from './columns'
import { tooLong } from './limits'
import type { ProblemList } from './problems'
import { findVillage, narrowTownships, type ScopeInput, type SheetScope, sheetScope, villageCells } from './sheet-scope'

export interface RosterFields {
  headName: string
  idNumber?: string
  phone?: string
  address?: string
  userCode?: string
  /** undefined when the cell was blank: a known household keeps its route, a new one takes the village plan's */
  route?: string
  contractor?: string
  meterNo?: string
  meterType?: string
  /** undefined when the cell was blank: a new household starts at 'none', a known one keeps its stage */
  stage?: HouseholdStage
}

export interface RosterRow {
  row: number
  villageCode: string
  fields: RosterFields
}

export interface RosterSheet {
  scope: SheetScope
  rows: RosterRow[]
  dataRows: number
  rejected: number
}

export interface RosterInput extends ScopeInput {
  routes: readonly RouteDef[]
  plan(villageCode: string): VillagePlan | undefined
}

/** Free-text fields kept as written, each held to its form's length (TEXT_MAX). */
const TEXT_FIELDS = ['address', 'userCode', 'contractor', 'meterNo', 'meterType'] as const
/** A row is a household when it has any of these; rows with only 序号 or place names are template padding. */
const PERSON_KEYS: readonly ColumnKey[] = ['headName', 'idNumber', 'phone', 'userCode', 'address', 'meterNo']

/** 改造类别 as offices write it: the route's name, 气代煤/电代煤, or the codes 1 煤改电, 2 煤改气 of a public template. */
export function routeDictionary(routes: readonly RouteDef[]): Map<string, string> {
  const dict = new Map<string, string>()
  const has = (id: string) => routes.some((r) => r.id === id)
  for (const r of routes) {
    dict.set(compact(r.name).toLowerCase(), r.id)
    dict.set(r.id.toLowerCase(), r.id)
  }
  const extra: Array<[string, string]> = [
    ['气代煤', 'gas'],
    ['燃气', 'gas'],
    ['2', 'gas'],
    ['电代煤', 'electric'],
    ['电能', 'electric'],
    ['1', 'electric'],
    ['集中供暖', 'district'],
  ]
  for (const [k, id] of extra) if (has(id) && !dict.has(k)) dict.set(k, id)
  return dict
}

/** A route as written: its name, id or code, with or without a note in brackets or a number in front. */
export function readRoute(text: string, dict: ReadonlyMap<string, string>): string | undefined {
  const s = compact(text).toLowerCase()
  return dict.get(s) ?? dict.get(s.replace(/[([（【][^)\]）】]*[)\]）】]/g, '')) ?? dict.get(s.replace(/^\d+[.、]?/, ''))
}

const NO_STAGE = ['未确户', '未签约', '未开始', '无', '未改造', 'none']

/** 当前阶段 as written: any route's stage name, the usual synonyms (通气, 已验收 …), or 未确户. */
export function stageDictionary(routes: readonly RouteDef[]): Map<string, HouseholdStage> {
  const dict = new Map<string, HouseholdStage>()
  for (const [text, key] of headerDictionary(routes)) if ((STAGE_KEYS as readonly string[]).includes(key)) dict.set(text, key as HouseholdStage)
  for (const k of STAGE_KEYS) dict.set(k, k)
  for (const n of NO_STAGE) dict.set(normalizeHeader(n), 'none')
  return dict
}

export function readRosterSheet(input: RosterInput, problems: ProblemList): RosterSheet {
  const { sheet, header, places, routes } = input
  const scope = sheetScope({ ...input, needsDate: false }, problems)
  const result: RosterSheet = { scope, rows: [], dataRows: 0, rejected: 0 }
  if (scope.ok) {
    narrowTownships(places, scope, villageCells(sheet, header))
    const unknown = header.unknown.filter((u) => u !== '')
    if (unknown.length > 0) problems.warn(`以下列没有识别，未导入：${unknown.map((u) => `“${u}”`).join('、')}。`, header.lastRow)
  }
  const routeDict = routeDictionary(routes)
  const stageDict = stageDictionary(routes)

  const col = (key: ColumnKey) => header.columns.get(key)
  const label = (key: ColumnKey) => col(key)?.label ?? ''

  for (let row = header.lastRow + 1; row <= sheet.rows.length; row++) {
    const cells = sheet.rows[row - 1] ?? []
    const text = (key: ColumnKey) => {
      const c = col(key)
      return c ? (cells[c.index] ?? '').trim() : ''
    }
    if (!PERSON_KEYS.some((k) => text(k) !== '')) continue
    if (/合计|小计|总计/.test(compact(text('seq')) + compact(text('headName')))) continue
    result.dataRows++
    // Refused as a whole: its households count as not imported, so the preview shows what is left out.
    if (!scope.ok) {
      result.rejected++
      continue
    }
    const before = problems.items.length
    const error = (message: string, key: ColumnKey) => problems.error(message, row, label(key))

    // Places, level by level: the row's own cells, else what the sheet is for.
    let county = scope.county
    const countyText = text('county')
    if (countyText !== '') {
      const m = places.county(countyText)
      if (m && 'code' in m) county = m.code
      else error(`县区“${countyText}”在区划清单中找不到。`, 'county')
    }
    let townships = scope.townships
    const townshipText = text('township')
    if (townshipText !== '' && problems.items.length === before) {
      const m = places.township(townshipText, county)
      if (!m) error(`乡镇“${townshipText}”在${county ? places.name(county) : '区划清单'}中找不到。`, 'township')
      else {
        const codes = 'code' in m ? [m.code] : m.ambiguous
        if (scope.townships.length > 0 && !codes.some((c) => scope.townships.includes(c))) {
          error(`本行的乡镇“${townshipText}”不是本表的${scope.townships.map((t) => places.name(t)).join('或')}。`, 'township')
        }
        townships = codes
      }
    } else if (countyText !== '' && county !== scope.county) townships = []
    let villageCode: string | undefined
    const villageText = text('village')
    const codeText = text('villageCode')
    if (problems.items.length === before) {
      if (villageText === '' && codeText === '') error('村为空，无法确定这户属于哪个村。', col('village') ? 'village' : 'villageCode')
      else {
        const v = findVillage(places, codeText, villageText, townships)
        if ('code' in v) villageCode = v.code
        else error(v.problem, v.column === 'code' ? 'villageCode' : v.column === 'name' ? 'village' : 'township')
      }
    }

    const headName = text('headName')
    if (headName === '') error('户主姓名为空。', 'headName')
    else if (headName.length > TEXT_MAX.headName) error(tooLong('户主姓名', headName, TEXT_MAX.headName), 'headName')

    const fields: Partial<RosterFields> = { headName }
    const idText = text('idNumber')
    if (idText !== '') {
      const id = compact(idText).toUpperCase()
      if (isScientific(idText)) {
        error(`身份证号“${idText}”被存成了科学计数法，后几位已经丢失。请把该列设为“文本”格式、重新填入完整号码。`, 'idNumber')
      } else {
        const p = idNumberProblem(id)
        if (p) error(`${p}：“${idText}”。`, 'idNumber')
        else fields.idNumber = id
      }
    }
    const phoneText = text('phone')
    if (phoneText !== '') {
      const p = phoneProblem(compact(phoneText))
      if (p) problems.warn(`${p}：“${phoneText}”。电话未导入，这户的其他信息照常导入。`, row, label('phone'))
      else fields.phone = compact(phoneText).replace(/-/g, '')
    }
    for (const key of TEXT_FIELDS) {
      const v = text(key)
      if (v === '') continue
      if (v.length > TEXT_MAX[key]) error(tooLong(label(key), v, TEXT_MAX[key]), key)
      else fields[key] = key === 'userCode' || key === 'meterNo' ? compact(v) : v
    }

    const plan = villageCode ? input.plan(villageCode) : undefined
    const routeText = text('route')
    if (routeText !== '') {
      const id = readRoute(routeText, routeDict)
      if (id) fields.route = id
      else {
        const names = routes.map((r) => r.name).join('、')
        error(`改造类别“${routeText}”无法识别，应为 ${names} 之一（也可填 1 表示煤改电、2 表示煤改气）。`, 'route')
      }
    } else if (!plan && villageCode) error('改造类别为空，这个村也还没有改造计划，无法确定改造路线。', col('route') ? 'route' : 'village')

    const stageText = text('stage')
    if (stageText !== '') {
      const stage = stageDict.get(normalizeHeader(stageText))
      if (!stage) {
        const route = routes.find((r) => r.id === fields.route) ?? routes[0]
        const names = route?.stages.map((st) => st.name).join('、') ?? ''
        error(`当前阶段“${stageText}”无法识别，应为 ${names} 之一，或填“未确户”、留空。`, 'stage')
      } else fields.stage = stage
    }

    if (problems.items.slice(before).some((p) => p.severity === 'error') || !villageCode) {
      result.rejected++
      continue
    }
    result.rows.push({ row, villageCode, fields: fields as RosterFields })
  }
  if (scope.ok && result.dataRows === 0) problems.error('表头下面没有任何农户。', header.lastRow)
  return result
}
