// Reads one daily-figures sheet (a township's villages with each stage's cumulative count and the
// network km) into rows, naming every cell it cannot use; 合计/小计 rows are checked, not imported.

import { emptyCounts } from '../domain/routes'
import type { StageCounts, StageKey } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { compact, findDate, readNumber } from './cells'
import type { ColumnKey, SheetHeader } from './columns'
import type { Places } from './places'
import type { ProblemList } from './problems'
import { findVillage, listedVillageRows, narrowTownships, type ScopeInput, type SheetScope, sheetScope, villageCells } from './sheet-scope'

/** No village has this many households; a bigger figure is a typing slip (an extra digit, a code in the wrong column). */
export const MAX_VILLAGE_HOUSEHOLDS = 50_000
export const MAX_VILLAGE_KM = 1_000

export interface FigureRow {
  /** 1-based row in the sheet */
  row: number
  villageCode: string
  date: string
  counts: StageCounts
  /** undefined when the cell was left blank: the village's km did not change */
  networkKm?: number
  /** the file's 任务户数, when it has that column */
  target?: number
}

export interface FigureSheet {
  scope: SheetScope
  /** rows with no error */
  rows: FigureRow[]
  /** rows with village data, with or without errors */
  dataRows: number
  /** rows not imported because of an error in them */
  rejected: number
}

type NumericKey = StageKey | 'networkKm'
const NUMERIC_KEYS: readonly NumericKey[] = [...STAGE_KEYS, 'networkKm']
const PLACE_KEYS: readonly ColumnKey[] = ['seq', 'village', 'villageCode', 'township', 'county']

interface CellReader {
  text(key: ColumnKey): string
  label(key: ColumnKey): string
}

function cellReader(header: SheetHeader, cells: readonly string[]): CellReader {
  return {
    text: (key) => {
      const c = header.columns.get(key)
      return c ? (cells[c.index] ?? '').trim() : ''
    },
    label: (key) => header.columns.get(key)?.label ?? '',
  }
}

/** A household count or a length as written, or the reason it cannot be one. */
export function readCount(text: string, label: string): { value?: number; problem?: string } {
  const n = readNumber(text)
  if (n.kind === 'blank') return {}
  if (n.kind === 'text') return { problem: `${label}“${text}”不是数字。` }
  if (n.value < 0) return { problem: `${label}“${text}”是负数，户数不能为负。` }
  if (!Number.isInteger(n.value)) return { problem: `${label}“${text}”不是整数，户数应为整数。` }
  if (n.value > MAX_VILLAGE_HOUSEHOLDS) {
    return { problem: `${label}“${text}”过大：一个村的户数不会超过 ${MAX_VILLAGE_HOUSEHOLDS.toLocaleString('en-US')}，请检查是否多打了数字。` }
  }
  return { value: n.value }
}

export function readKm(text: string, label: string): { value?: number; problem?: string } {
  const n = readNumber(text)
  if (n.kind === 'blank') return {}
  if (n.kind === 'text') return { problem: `${label}“${text}”不是数字。` }
  if (n.value < 0) return { problem: `${label}“${text}”是负数，管线长度不能为负。` }
  if (n.value > MAX_VILLAGE_KM) return { problem: `${label}“${text}”过大：一个村的管线不会超过 ${MAX_VILLAGE_KM.toLocaleString('en-US')} 公里。` }
  return { value: Math.round(n.value * 1000) / 1000 }
}

function isTotalRow(r: CellReader, cells: readonly string[]): '小计' | '合计' | undefined {
  for (const text of [...PLACE_KEYS.map((k) => r.text(k)), cells[0] ?? '']) {
    const s = compact(text)
    if (/小计/.test(s)) return '小计'
    if (/合计|总计|^总$/.test(s)) return '合计'
  }
  return undefined
}

/** The row's townships: its own 乡镇 cell when it has one, else the sheet's. */
function rowTownships(
  r: CellReader,
  scope: SheetScope,
  places: Places,
  problems: ProblemList,
  row: number,
): string[] | undefined {
  const text = r.text('township')
  if (text === '') return scope.townships
  const m = places.township(text, scope.county)
  if (!m) {
    problems.error(`乡镇“${text}”在${scope.county ? places.name(scope.county) : '区划清单'}中找不到。`, row, r.label('township'))
    return undefined
  }
  const codes = 'code' in m ? [m.code] : m.ambiguous
  if (scope.townships.length > 0 && !codes.some((c) => scope.townships.includes(c))) {
    problems.error(`本行的乡镇“${text}”不是本表的${scope.townships.map((t) => places.name(t)).join('或')}。`, row, r.label('township'))
    return undefined
  }
  return codes
}

export function readFigureSheet(input: ScopeInput, problems: ProblemList): FigureSheet {
  const { sheet, header, places, today } = input
  const scope = sheetScope({ ...input, needsDate: true }, problems)
  const result: FigureSheet = { scope, rows: [], dataRows: 0, rejected: 0 }
  if (scope.ok && scope.date && scope.date > today) {
    problems.error(`填报日期 ${scope.date} 晚于今天（${today}），不能导入未来日期的数据，本表未导入。`)
    scope.ok = false
  }
  if (!scope.ok) {
    // Refused as a whole: its villages' rows count as not imported, so the preview shows what is left out.
    result.dataRows = result.rejected = listedVillageRows(sheet, header)
    return result
  }

  narrowTownships(places, scope, villageCells(sheet, header))
  const numericCols = NUMERIC_KEYS.filter((k) => header.columns.has(k))
  const unknown = header.unknown.filter((u) => u !== '')
  if (unknown.length > 0) problems.warn(`以下列没有识别，未导入：${unknown.map((u) => `“${u}”`).join('、')}。`, header.lastRow)

  const unfilled: Array<{ row: number; name: string }> = []
  // Sums of the rows above, for 合计 (all rows) and 小计 (rows since the last 小计) checks.
  let section = new Map<NumericKey, number>()
  const whole = new Map<NumericKey, number>()

  for (let row = header.lastRow + 1; row <= sheet.rows.length; row++) {
    const cells = sheet.rows[row - 1] ?? []
    if (cells.every((c) => c === '')) continue
    const r = cellReader(header, cells)
    const values = new Map<NumericKey, { value?: number; problem?: string }>()
    for (const k of numericCols) values.set(k, k === 'networkKm' ? readKm(r.text(k), r.label(k)) : readCount(r.text(k), r.label(k)))
    const hasNumbers = numericCols.some((k) => r.text(k) !== '')

    const total = isTotalRow(r, cells)
    if (total) {
      checkTotal(total, total === '小计' ? section : whole, values, r, problems, row)
      if (total === '小计') section = new Map()
      continue
    }
    const codeText = r.text('villageCode')
    const nameText = r.text('village')
    if (codeText === '' && nameText === '') {
      // Notes under the table (填表人、说明) carry no numbers; a row of numbers without a village does.
      if (hasNumbers) {
        result.dataRows++
        result.rejected++
        problems.error('这一行有数字，但没有村名或村代码。', row, r.label('village') || r.label('villageCode'))
      }
      continue
    }
    result.dataRows++
    for (const [k, v] of values) {
      if (v.value === undefined) continue
      section.set(k, (section.get(k) ?? 0) + v.value)
      whole.set(k, (whole.get(k) ?? 0) + v.value)
    }
    if (!hasNumbers) {
      unfilled.push({ row, name: nameText || codeText })
      continue
    }

    const before = problems.items.length
    const townships = rowTownships(r, scope, places, problems, row)
    let villageCode: string | undefined
    if (townships) {
      const v = findVillage(places, codeText, nameText, townships)
      if ('code' in v) villageCode = v.code
      else problems.error(v.problem, row, r.label(v.column === 'code' ? 'villageCode' : v.column === 'name' ? 'village' : 'township'))
    }
    const date = rowDate(r, scope, today, problems, row)
    for (const k of numericCols) {
      const p = values.get(k)!.problem
      if (p) problems.error(p, row, r.label(k))
    }
    if (problems.items.slice(before).some((p) => p.severity === 'error') || !villageCode || !date) {
      result.rejected++
      continue
    }
    const counts = emptyCounts()
    for (const k of STAGE_KEYS) counts[k] = values.get(k)?.value ?? 0
    const fig: FigureRow = { row, villageCode, date, counts }
    const km = values.get('networkKm')?.value
    if (km !== undefined) fig.networkKm = km
    const target = readCount(r.text('target'), '').value
    if (target !== undefined) fig.target = target
    result.rows.push(fig)
  }

  if (unfilled.length > 0) {
    const names = unfilled.map((u) => u.name)
    const list = names.length > 10 ? `${names.slice(0, 10).join('、')} 等` : names.join('、')
    problems.warn(`${unfilled.length} 个村没有填写任何数字，未导入（视为这些村当天未上报）：${list}。`, unfilled[0]!.row)
  }
  if (result.dataRows === 0) problems.error('表头下面没有任何村的数据。', header.lastRow)
  return result
}

function rowDate(r: CellReader, scope: SheetScope, today: string, problems: ProblemList, row: number): string | undefined {
  const text = r.text('date')
  if (text === '') {
    if (scope.date) return scope.date
    problems.error('本行没有日期，表头上方也没有填报日期。', row, r.label('date'))
    return undefined
  }
  const d = findDate(text, today)
  if (!d || 'invalid' in d) {
    problems.error(`日期“${text}”不是有效的日期。`, row, r.label('date'))
    return undefined
  }
  if (d.date > today) {
    problems.error(`日期 ${d.date} 晚于今天（${today}），不能导入未来日期的数据。`, row, r.label('date'))
    return undefined
  }
  return d.date
}

function checkTotal(
  kind: '小计' | '合计',
  sums: ReadonlyMap<NumericKey, number>,
  values: ReadonlyMap<NumericKey, { value?: number }>,
  r: CellReader,
  problems: ProblemList,
  row: number,
): void {
  const off: string[] = []
  let firstLabel: string | undefined
  for (const [k, v] of values) {
    if (v.value === undefined) continue
    const sum = Math.round((sums.get(k) ?? 0) * 1000) / 1000
    if (Math.abs(sum - v.value) > 0.0005) {
      off.push(`${r.label(k)} ${kind} ${v.value}，各村相加 ${sum}`)
      firstLabel ??= r.label(k)
    }
  }
  if (off.length > 0) {
    problems.warn(`${kind}行与各村之和不符：${off.join('；')}。${kind}行不导入，请核对各村的数字。`, row, firstLabel)
  }
}
