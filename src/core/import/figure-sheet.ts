// Reads one daily-figures sheet (a township's villages with each stage's cumulative count and the
// network km) into rows, naming every cell it cannot use; 合计/小计 rows are checked, not imported.
// A sheet whose stage columns are not all found, or found only by a guess, is held (待确认) until
// the office confirms its columns: a figure is never made up from a column that was not read.

import type { StageCounts, StageKey } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { compact, findDate, isNote, readNumber } from './cells'
import type { ColumnKey, SheetHeader } from './columns'
import type { ProblemList } from './problems'
import {
  findVillage,
  listedVillageRows,
  narrowTownships,
  rowTownships,
  type ScopeInput,
  type SheetScope,
  sheetScope,
  villageCells,
} from './sheet-scope'

/** No village has this many households; a bigger figure is a typing slip (an extra digit, a code in the wrong column). */
export const MAX_VILLAGE_HOUSEHOLDS = 50_000
export const MAX_VILLAGE_KM = 1_000

export interface FigureRow {
  /** 1-based row in the sheet */
  row: number
  villageCode: string
  /** undefined when neither the row nor the sheet gives a day: the batch's 报送日期 */
  date?: string
  /** the stages written in the row; a blank cell (or a column the layout does not have) is absent */
  counts: Partial<StageCounts>
  /** undefined when the cell was left blank: the village's km did not change */
  networkKm?: number
  /** the file's 任务户数, when it has that column */
  target?: number
}

/** Why a sheet's columns need the office's confirmation before anything of it is stored. */
export interface PendingColumns {
  /** stages no column was found for */
  missing: StageKey[]
  /** headers read only by a guess, with what they were taken for */
  guessed: Array<{ label: string; key: ColumnKey }>
  /** headers not understood */
  unknown: string[]
}

export interface FigureSheet {
  scope: SheetScope
  /** rows with no error */
  rows: FigureRow[]
  /** rows with village data, with or without errors */
  dataRows: number
  /** rows not imported because of an error in them */
  rejected: number
  /** the columns are not settled: nothing of the sheet is imported */
  pending?: PendingColumns
  /** village rows held back while the columns are not settled */
  held: number
  /** stages the office confirmed this layout does not have: each village keeps its last figure */
  absent: StageKey[]
}

/** Stage names that fit every route, for messages about a layout. */
const STAGE_WORDS: Readonly<Record<StageKey, string>> = {
  confirmed: '确户签约',
  network: '管网/线路',
  meter: '入户装表',
  equipment: '设备安装',
  connected: '点火通气/通电',
  accepted: '验收',
}
const KEY_WORDS: Partial<Record<ColumnKey, string>> = { ...STAGE_WORDS, target: '任务户数', networkKm: '管线公里数', remarks: '备注' }

/** What holds a sheet's columns back, or nothing when they are settled. */
export function pendingColumns(header: SheetHeader): PendingColumns | undefined {
  if (header.mapping) return undefined
  const missing = STAGE_KEYS.filter((k) => !header.columns.has(k))
  const guessed = [...header.columns.values()].filter((c) => c.how === 'guess').map((c) => ({ label: c.label, key: c.key }))
  if (missing.length === 0 && guessed.length === 0) return undefined
  return { missing, guessed, unknown: header.unknown.filter((u) => u !== '') }
}

function pendingMessage(p: PendingColumns): string {
  const parts: string[] = []
  if (p.missing.length > 0) parts.push(`没有找到${p.missing.map((k) => `“${STAGE_WORDS[k]}”`).join('')}${p.missing.length > 1 ? '这几列' : '这一列'}`)
  if (p.guessed.length > 0) parts.push(p.guessed.map((g) => `“${g.label}”按“${KEY_WORDS[g.key] ?? g.key}”猜测`).join('、'))
  if (p.unknown.length > 0) parts.push(`${p.unknown.map((u) => `“${u}”`).join('、')}没有识别`)
  return `本表的列需要确认（待确认）：${parts.join('；')}。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。`
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

export function readFigureSheet(input: ScopeInput, problems: ProblemList): FigureSheet {
  const { sheet, header, places, today } = input
  const scope = sheetScope({ ...input, needsDate: true }, problems)
  const result: FigureSheet = { scope, rows: [], dataRows: 0, rejected: 0, held: 0, absent: [] }
  if (scope.ok && scope.date && scope.date > today) {
    problems.error(`填报日期 ${scope.date} 晚于今天（${today}），不能导入未来日期的数据，本表未导入。`)
    scope.ok = false
  }
  if (!scope.ok) {
    // Refused as a whole: its villages' rows count as not imported, so the preview shows what is left out.
    result.dataRows = result.rejected = listedVillageRows(sheet, header)
    return result
  }
  const pending = pendingColumns(header)
  if (pending) {
    problems.error(pendingMessage(pending), header.lastRow)
    result.pending = pending
    result.dataRows = result.held = listedVillageRows(sheet, header)
    return result
  }
  result.absent = STAGE_KEYS.filter((k) => !header.columns.has(k))
  if (result.absent.length > 0) {
    const names = result.absent.map((k) => `“${STAGE_WORDS[k]}”`).join('')
    problems.warn(`按已确认的列对应，本表没有${names}列：各村这一项沿用上次的数（没有上次的按 0）。`, header.lastRow)
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
    // A signature written across the table (审核人：… under a stage column) is no figure.
    const anyNumber = numericCols.some((k) => readNumber(r.text(k)).kind === 'number')

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
      if (anyNumber) {
        result.dataRows++
        result.rejected++
        problems.error('这一行有数字，但没有村名或村代码。', row, r.label('village') || r.label('villageCode'))
      }
      continue
    }
    if (!hasNumbers && isNote(nameText || codeText)) continue
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
    const townships = rowTownships(townshipText(sheet, header, r, row), r.label('township'), scope, places, problems, row)
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
    if (problems.items.slice(before).some((p) => p.severity === 'error') || !villageCode || date === null) {
      result.rejected++
      continue
    }
    const counts: Partial<StageCounts> = {}
    for (const k of STAGE_KEYS) {
      const v = values.get(k)?.value
      if (v !== undefined) counts[k] = v
    }
    const fig: FigureRow = { row, villageCode, counts }
    if (date) fig.date = date
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

/** The row's own 日期, else the sheet's day (undefined: the batch's 报送日期); null when it is no usable day. */
/**
 * The row's 乡镇: its own cell, or the text of a merged cell it lies in (a county sheet often merges
 * a township's name down over its villages). Only a place is spread so: a figure never is.
 */
function townshipText(sheet: ScopeInput['sheet'], header: SheetHeader, r: CellReader, row: number): string {
  const own = r.text('township')
  const col = header.columns.get('township')
  if (own !== '' || !col) return own
  const m = sheet.merges.find((x) => row >= x.top && row <= x.bottom && col.index + 1 >= x.left && col.index + 1 <= x.right)
  return m && m.top > header.lastRow ? (sheet.rows[m.top - 1]?.[m.left - 1] ?? '').trim() : ''
}

function rowDate(r: CellReader, scope: SheetScope, today: string, problems: ProblemList, row: number): string | undefined | null {
  const text = r.text('date')
  if (text === '') return scope.date
  const d = findDate(text, today)
  if (!d || 'invalid' in d) {
    problems.error(`日期“${text}”不是有效的日期。`, row, r.label('date'))
    return null
  }
  if (d.date > today) {
    problems.error(`日期 ${d.date} 晚于今天（${today}），不能导入未来日期的数据。`, row, r.label('date'))
    return null
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
