// Finds the header of a township's sheet, whatever it looks like: title rows above it, one or two
// header rows, merged group cells (各阶段累计户数 over the stage columns), and the many names
// offices give the same column (村名/村庄/行政村, 户主/户主姓名, 点火通气/通气/通电…).

import type { RouteDef, StageKey } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import type { SheetTable } from './table'

export type ColumnKey =
  | StageKey
  | 'seq'
  | 'county'
  | 'township'
  | 'village'
  | 'villageCode'
  | 'date'
  | 'target'
  | 'networkKm'
  | 'route'
  | 'address'
  | 'headName'
  | 'idNumber'
  | 'phone'
  | 'userCode'
  | 'contractor'
  | 'meterNo'
  | 'meterType'
  | 'stage'
  /** columns offices keep that this app has no place for (备注, 安全装置): read past quietly */
  | 'ignored'

export type SheetKind = 'figures' | 'roster'

const SYNONYMS: ReadonlyArray<readonly [ColumnKey, readonly string[]]> = [
  ['seq', ['序号', '序', 'no', 'no.']],
  ['county', ['县区', '区县', '所属区县', '所属县区', '县', '区', '县市区', '县区名称']],
  ['township', ['乡镇', '所属乡镇', '乡镇名称', '乡', '镇', '街道', '乡镇街道', '乡镇/街道', '所属乡镇街道']],
  ['village', ['村', '村名', '村庄', '行政村', '村名称', '村庄名称', '行政村名称', '所属村', '村委会', '社区', '村居', '村别', '村/社区', '村社区', '所属村社区']],
  ['villageCode', ['村代码', '村庄代码', '行政村代码', '村编码', '村级代码', '区划代码', '代码', '统计用区划代码', '村统计代码']],
  ['date', ['日期', '填报日期', '统计日期', '上报日期', '报送日期']],
  ['target', ['任务', '任务户', '计划', '计划户', '改造任务', '年度任务', '任务数', '计划改造']],
  ['confirmed', ['确户', '签约', '确户签约', '签订协议', '签协议', '签约户', '确户签约户']],
  ['network', ['管网', '庭院管网', '线路', '线路改造', '管网敷设', '配套工程', '管网/线路', '管网线路', '管网铺设', '庭院管网铺设', '电网改造', '庭院管网/线路改造']],
  ['meter', ['入户', '装表', '入户装表', '户表安装', '表具安装', '户表', '入户安装', '安装表具']],
  ['equipment', ['设备安装', '壁挂炉安装', '壁挂炉', '散热器安装', '设备', '终端安装', '热泵安装', '采暖设备安装', '终端设备安装']],
  ['connected', ['点火通气', '通气', '点火', '通电', '通热', '投运', '通气/通电', '点火通气/通电', '通气通电']],
  ['accepted', ['验收', '竣工验收']],
  ['networkKm', ['管线公里数', '管网公里数', '管线长度', '管网长度', '管线里程', '敷设管线', '管线公里', '管网公里', '管线']],
  ['route', ['改造类别', '改造方式', '改造类型', '改造路线', '路线', '类别', '取暖方式', '改造类别/路线']],
  ['address', ['地址', '住址', '家庭住址', '详细地址', '家庭地址', '门牌号']],
  ['headName', ['户主姓名', '户主', '姓名', '户主名', '户主名称']],
  ['idNumber', ['身份证号', '身份证号码', '户主身份证号', '户主身份证号码', '公民身份号码', '身份证', '证件号码']],
  ['phone', ['联系电话', '电话', '手机号', '手机', '联系方式', '手机号码', '电话号码']],
  ['userCode', ['用户编码', '用户编号', '用户号', '燃气用户号', '户号', '客户编号', '用户代码']],
  ['contractor', ['供气企业/施工企业', '供气企业', '施工企业', '城燃企业', '施工单位', '燃气公司', '供气单位', '施工/城燃企业', '城燃/施工企业']],
  ['meterNo', ['燃气表具号', '表具号', '燃气表号', '表号', '电表号', '表具编号']],
  ['meterType', ['燃气表类型', '表具类型', '表类型', '燃气表种类']],
  ['stage', ['当前阶段', '阶段', '改造进度', '当前进度', '进度', '状态']],
  ['ignored', ['备注', '说明', '安全装置']],
]

/**
 * The form a header is matched in: no spaces or line breaks, full-width folded, lower case, a
 * unit in brackets dropped (管线长度（公里）), 累计/已 in front and 户数 behind dropped.
 */
export function normalizeHeader(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
  const bare = s.replace(/[([【][^)\]】]*[)\]】]/g, '')
  if (bare !== '') s = bare
  s = s.replace(/^累计/, '').replace(/累计$/, '')
  if (s.length > 2) s = s.replace(/^已/, '')
  if (s.length > 2) s = s.replace(/(户数|数量)$/, '')
  return s
}

/** Header text → column, including the stage names the office set for its routes. */
export function headerDictionary(routes: readonly RouteDef[]): Map<string, ColumnKey> {
  const dict = new Map<string, ColumnKey>()
  for (const [key, names] of SYNONYMS) for (const n of names) dict.set(normalizeHeader(n), key)
  for (const r of routes) for (const s of r.stages) if (!dict.has(normalizeHeader(s.name))) dict.set(normalizeHeader(s.name), s.key)
  return dict
}

function keyOf(text: string, dict: ReadonlyMap<string, ColumnKey>): ColumnKey | undefined {
  if (text === '') return undefined
  const direct = dict.get(normalizeHeader(text))
  if (direct) return direct
  // 管线(km), 管网长度（公里）: the unit is what says it is a length, not a household count.
  const raw = text.normalize('NFKC').toLowerCase()
  if (/(公里|km|千米)/.test(raw) && /[管线网]/.test(raw)) return 'networkKm'
  return undefined
}

export interface HeaderColumn {
  key: ColumnKey
  /** 0-based index into the row's cells */
  index: number
  /** the header as written in the file, for messages ("点火通气" or "各阶段累计户数/点火通气") */
  label: string
}

export interface SheetHeader {
  kind: SheetKind
  /** 1-based rows of the header (equal for a one-row header) */
  firstRow: number
  lastRow: number
  columns: Map<ColumnKey, HeaderColumn>
  /** headers with text that matched nothing, or a second column for the same thing */
  unknown: string[]
}

/** How far down a header may start (titles, units and dates come first). */
const HEADER_SEARCH_ROWS = 15

/** Cell text, with the text of a merged range's top-left cell spread over the range. */
function mergedText(sheet: SheetTable, row: number, col: number): string {
  const own = sheet.rows[row - 1]?.[col - 1] ?? ''
  if (own !== '') return own
  const m = sheet.merges.find((r) => row >= r.top && row <= r.bottom && col >= r.left && col <= r.right)
  return m ? (sheet.rows[m.top - 1]?.[m.left - 1] ?? '') : ''
}

function width(sheet: SheetTable, from: number, to: number): number {
  let w = 0
  for (let r = from; r <= to; r++) w = Math.max(w, sheet.rows[r - 1]?.length ?? 0)
  for (const m of sheet.merges) if (m.top <= to && m.bottom >= from) w = Math.max(w, m.right)
  return w
}

function readHeaderRows(sheet: SheetTable, first: number, last: number, dict: ReadonlyMap<string, ColumnKey>): Omit<SheetHeader, 'kind'> {
  const columns = new Map<ColumnKey, HeaderColumn>()
  const unknown: string[] = []
  for (let c = 1; c <= width(sheet, first, last); c++) {
    const top = mergedText(sheet, first, c)
    const bottom = last > first ? mergedText(sheet, last, c) : ''
    // The lower row names the column; the upper one is a group (各阶段累计户数) or the same merged cell.
    const fromBottom = keyOf(bottom, dict)
    const fromTop = fromBottom ? undefined : keyOf(top, dict)
    const key = fromBottom ?? fromTop ?? keyOf(top + bottom, dict)
    const label = fromBottom ? bottom : fromTop || bottom === top ? top : `${top}${bottom}`
    if (!key) {
      if (label !== '') unknown.push(label)
      continue
    }
    if (columns.has(key)) {
      if (key !== 'ignored') unknown.push(label)
      continue
    }
    columns.set(key, { key, index: c - 1, label })
  }
  return { firstRow: first, lastRow: last, columns, unknown }
}

function kindOf(columns: ReadonlyMap<ColumnKey, HeaderColumn>): SheetKind | undefined {
  const placed = columns.has('village') || columns.has('villageCode')
  if (columns.has('headName') && (placed || columns.has('idNumber'))) return 'roster'
  if (placed && STAGE_KEYS.some((k) => columns.has(k))) return 'figures'
  return undefined
}

/**
 * A header continues on the next row when a merged cell joins the two rows or spans a group of
 * columns above it, or when the next row itself names two columns; a data row never does.
 */
function looksLikeTwoRows(sheet: SheetTable, r: number, dict: ReadonlyMap<string, ColumnKey>): boolean {
  if (r >= sheet.rows.length) return false
  if (sheet.merges.some((m) => (m.top === r && m.bottom > r) || (m.top === r && m.right > m.left))) return true
  return (sheet.rows[r] ?? []).filter((c) => keyOf(c, dict) !== undefined).length >= 2
}

/**
 * The header of a sheet: the first row (or pair of rows) near the top that names a village column
 * and either stage counts (daily figures) or 户主姓名 (household roster). `undefined` when none does.
 */
export function findHeader(sheet: SheetTable, routes: readonly RouteDef[]): SheetHeader | undefined {
  const dict = headerDictionary(routes)
  let seen = 0
  for (let r = 1; r <= sheet.rows.length && seen < HEADER_SEARCH_ROWS; r++) {
    if (!(sheet.rows[r - 1] ?? []).some((c) => c !== '') && !sheet.merges.some((m) => m.top === r)) continue
    seen++
    const one = readHeaderRows(sheet, r, r, dict)
    // A title or date line above a one-row header names no column itself: the header starts below it.
    const two = one.columns.size > 0 && looksLikeTwoRows(sheet, r, dict) ? readHeaderRows(sheet, r, r + 1, dict) : undefined
    const oneKind = kindOf(one.columns)
    const twoKind = two ? kindOf(two.columns) : undefined
    if (two && twoKind && two.columns.size > one.columns.size) return { kind: twoKind, ...two }
    if (oneKind) return { kind: oneKind, ...one }
  }
  return undefined
}
