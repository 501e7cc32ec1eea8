// Reads one plan list sheet (任务清单: a county's or township's villages with 改造路线, 任务户数,
// 施工/城燃企业, 完成时限, 进度来源) into plan rows; a blank cell keeps what the village's plan says.

import type { FigureSource, RouteDef } from '../domain/types'
import { TEXT_MAX } from '../domain/text-limits'
import { compact, findDate, isNote } from './cells'
import type { ColumnKey } from './columns'
import { readCount } from './figure-sheet'
import { tooLong } from './limits'
import type { ProblemList } from './problems'
import { readRoute, routeDictionary } from './roster-sheet'
import { findVillage, listedVillageRows, narrowTownships, rowTownships, type ScopeInput, type SheetScope, sheetScope, villageCells } from './sheet-scope'

export interface PlanFields {
  route?: string
  target?: number
  contractor?: string
  deadline?: string
  figureSource?: FigureSource
}

export interface PlanRow {
  row: number
  villageCode: string
  fields: PlanFields
}

export interface PlanSheet {
  scope: SheetScope
  rows: PlanRow[]
  dataRows: number
  rejected: number
}

export interface PlanInput extends ScopeInput {
  routes: readonly RouteDef[]
}

const FIELD_KEYS: readonly ColumnKey[] = ['route', 'target', 'contractor', 'deadline', 'figureSource']

/** 进度来源 as offices write it. */
const SOURCES: ReadonlyArray<readonly [FigureSource, readonly string[]]> = [
  ['counts', ['直接填报户数', '直接填报', '填报户数', '按户数填报', '户数', '乡镇填报', 'counts']],
  ['households', ['按农户统计', '按农户信息统计', '按农户', '农户', '农户信息', '花名册', 'households']],
]

export function readFigureSource(text: string): FigureSource | undefined {
  const s = compact(text).toLowerCase()
  for (const [source, words] of SOURCES) if (words.includes(s)) return source
  return undefined
}

export function readPlanSheet(input: PlanInput, problems: ProblemList): PlanSheet {
  const { sheet, header, places, routes, today } = input
  const scope = sheetScope({ ...input, needsDate: false }, problems)
  const result: PlanSheet = { scope, rows: [], dataRows: 0, rejected: 0 }
  if (!scope.ok) {
    result.dataRows = result.rejected = listedVillageRows(sheet, header)
    return result
  }
  narrowTownships(places, scope, villageCells(sheet, header))
  const unknown = header.unknown.filter((u) => u !== '')
  if (unknown.length > 0) problems.warn(`以下列没有识别，未导入：${unknown.map((u) => `“${u}”`).join('、')}。`, header.lastRow)
  const routeDict = routeDictionary(routes)
  const col = (key: ColumnKey) => header.columns.get(key)
  const label = (key: ColumnKey) => col(key)?.label ?? ''
  const unfilled: string[] = []
  let firstUnfilled: number | undefined

  for (let row = header.lastRow + 1; row <= sheet.rows.length; row++) {
    const cells = sheet.rows[row - 1] ?? []
    const text = (key: ColumnKey) => {
      const c = col(key)
      return c ? (cells[c.index] ?? '').trim() : ''
    }
    const codeText = text('villageCode')
    const nameText = text('village')
    if (/合计|小计|总计/.test(compact(text('seq') + codeText + nameText + (cells[0] ?? '')))) continue
    if ((codeText === '' && nameText === '') || (FIELD_KEYS.every((k) => text(k) === '') && isNote(nameText || codeText))) continue
    result.dataRows++
    if (FIELD_KEYS.every((k) => text(k) === '')) {
      unfilled.push(nameText || codeText)
      firstUnfilled ??= row
      continue
    }
    const before = problems.items.length
    const error = (message: string, key: ColumnKey) => problems.error(message, row, label(key))
    let villageCode: string | undefined
    const townships = rowTownships(text('township'), label('township'), scope, places, problems, row)
    if (townships) {
      const v = findVillage(places, codeText, nameText, townships)
      if ('code' in v) villageCode = v.code
      else problems.error(v.problem, row, label(v.column === 'code' ? 'villageCode' : v.column === 'name' ? 'village' : 'township'))
    }
    const fields: PlanFields = {}
    const routeText = text('route')
    if (routeText !== '') {
      const id = readRoute(routeText, routeDict)
      if (id) fields.route = id
      else error(`改造路线“${routeText}”无法识别，应为 ${routes.map((r) => r.name).join('、')} 之一。`, 'route')
    }
    const targetText = text('target')
    if (targetText !== '') {
      const t = readCount(targetText, label('target'))
      if (t.problem) error(t.problem, 'target')
      else fields.target = t.value
    }
    const contractor = text('contractor')
    if (contractor !== '') {
      if (contractor.length > TEXT_MAX.contractor) error(tooLong(label('contractor'), contractor, TEXT_MAX.contractor), 'contractor')
      else fields.contractor = contractor
    }
    const deadlineText = text('deadline')
    if (deadlineText !== '') {
      const d = findDate(deadlineText, today)
      if (!d || 'invalid' in d) error(`${label('deadline')}“${deadlineText}”不是有效的日期。`, 'deadline')
      else if (d.yearless) error(`${label('deadline')}“${deadlineText}”没有写年份，请写成“2026-10-31”这样的完整日期。`, 'deadline')
      else fields.deadline = d.date
    }
    const sourceText = text('figureSource')
    if (sourceText !== '') {
      const s = readFigureSource(sourceText)
      if (s) fields.figureSource = s
      else error(`${label('figureSource')}“${sourceText}”无法识别，应为“直接填报户数”或“按农户统计”。`, 'figureSource')
    }
    if (problems.items.slice(before).some((p) => p.severity === 'error') || !villageCode) {
      result.rejected++
      continue
    }
    result.rows.push({ row, villageCode, fields })
  }
  if (unfilled.length > 0) {
    const list = unfilled.length > 10 ? `${unfilled.slice(0, 10).join('、')} 等` : unfilled.join('、')
    problems.warn(`${unfilled.length} 个村没有填写任何计划内容，未导入：${list}。`, firstUnfilled)
  }
  if (result.dataRows === 0) problems.error('表头下面没有任何村。', header.lastRow)
  return result
}
