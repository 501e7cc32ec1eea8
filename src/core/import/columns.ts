// Finds the header of a township's sheet, whatever it looks like: title rows above it, one or two
// header rows, merged group cells (各阶段累计户数 over the stage columns), and the many names
// offices give the same column (村名/村庄/行政村, 户主/户主姓名, 点火通气/通气/通电…). A header
// read only by a guess (庭院管网完成, 户内安装（表）) says so, and a layout the office has confirmed
// (its column mapping) is read exactly as confirmed.

import { createHash } from 'node:crypto'
import type { ColumnMapping } from '../domain/column-mapping'
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
  | 'deadline'
  | 'figureSource'
  /** 备注, 说明: read past, never stored */
  | 'remarks'
  /** columns offices keep that this app has no place for (安全装置), or the office said to ignore */
  | 'ignored'

export type SheetKind = 'figures' | 'roster' | 'plans'

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
  [
    'contractor',
    ['供气企业/施工企业', '供气企业', '施工企业', '城燃企业', '施工单位', '燃气公司', '供气单位', '施工/城燃企业', '城燃/施工企业', '施工企业/城燃企业', '实施企业'],
  ],
  ['meterNo', ['燃气表具号', '表具号', '燃气表号', '表号', '电表号', '表具编号']],
  ['meterType', ['燃气表类型', '表具类型', '表类型', '燃气表种类']],
  ['stage', ['当前阶段', '阶段', '改造进度', '当前进度', '进度', '状态']],
  ['deadline', ['完成时限', '完成时间', '计划完成时间', '时限', '完工时限', '截止日期', '完成期限']],
  ['figureSource', ['进度来源', '填报方式', '进度填报方式', '进度统计方式']],
  ['remarks', ['备注', '说明']],
  ['ignored', ['安全装置']],
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

/** A header as it identifies a layout: as written, with only spaces and full-width forms folded. */
export function layoutText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
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
  // 管线(km), 线路（公里）: the unit is what says it is a length, not a household count.
  const raw = text.normalize('NFKC').toLowerCase()
  if (/(公里|km|千米)/.test(raw) && /[管线网]/.test(raw)) return 'networkKm'
  return dict.get(normalizeHeader(text))
}

/**
 * Words that say which figure a header is about when it is not one of the names above
 * (庭院管网完成, 户内安装（表）, 壁挂炉安装户数（累计）). A header with the words of exactly one
 * column is guessed to be it; one with the words of two (入户管网) is not guessed at all.
 */
const GUESS_WORDS: ReadonlyArray<readonly [ColumnKey, readonly string[]]> = [
  ['confirmed', ['确户', '签约', '协议']],
  ['network', ['管网', '管道', '线路', '电网', '外线', '庭院']],
  ['meter', ['表', '入户', '户内']],
  ['equipment', ['壁挂炉', '设备', '热泵', '散热器', '暖气片', '电暖', '锅炉', '终端', '采暖炉', '空气源', '蓄热']],
  ['connected', ['点火', '通气', '通电', '通热', '投运', '供气', '送电']],
  ['accepted', ['验收', '竣工']],
  ['target', ['任务', '计划户', '应改']],
  ['remarks', ['备注']],
]

/** Titles and notes are no headers, though they hold a stage's word (进度表, 填表人). */
const NOT_A_HEADER = /(报表|统计表|进度表|汇总表|一览表|填表|制表|日报|周报|月报|说明[:：])/
const MAX_GUESSED_HEADER = 16

export function guessKey(text: string, routes: readonly RouteDef[] = []): ColumnKey | undefined {
  const s = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
  if (s === '' || s.length > MAX_GUESSED_HEADER || NOT_A_HEADER.test(s)) return undefined
  if (/(公里|km|千米|长度)/.test(s) && /[管线网]/.test(s)) return 'networkKm'
  const hits = new Set<ColumnKey>()
  for (const [key, words] of GUESS_WORDS) if (words.some((w) => s.includes(w))) hits.add(key)
  // The office's own stage names count as that stage's words.
  for (const r of routes) for (const st of r.stages) if (normalizeHeader(st.name).length >= 2 && s.includes(normalizeHeader(st.name))) hits.add(st.key)
  return hits.size === 1 ? [...hits][0] : undefined
}

export interface HeaderColumn {
  key: ColumnKey
  /** 0-based index into the row's cells */
  index: number
  /** the header as written in the file, for messages ("点火通气" or "各阶段累计户数/点火通气") */
  label: string
  /** read by a guess from the header's words, or by the office's confirmed mapping (absent: by name) */
  how?: 'guess' | 'mapping'
}

/** One column of the header span, whether it was understood or not. */
export interface HeaderCell {
  index: number
  label: string
  /** the layout's text for this column */
  text: string
  key?: ColumnKey
  how: 'exact' | 'guess' | 'mapping' | 'unknown'
}

export interface SheetHeader {
  kind: SheetKind
  /** 1-based rows of the header (equal for a one-row header) */
  firstRow: number
  lastRow: number
  columns: Map<ColumnKey, HeaderColumn>
  /** headers with text that matched nothing, or a second column for the same thing */
  unknown: string[]
  /** every column of the header span, in order */
  cells: HeaderCell[]
  /** the layout's key (kind and header texts): what a column mapping is kept under */
  layout: string
  /** the office's confirmed mapping the header was read with */
  mapping?: ColumnMapping
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

/** The key of a layout: its kind and its columns' header texts (trailing blank columns aside). */
export function layoutKey(kind: SheetKind, texts: readonly string[]): string {
  let end = texts.length
  while (end > 0 && texts[end - 1] === '') end--
  return createHash('sha256')
    .update(JSON.stringify([kind, texts.slice(0, end)]))
    .digest('hex')
    .slice(0, 20)
}

type Reading = Omit<SheetHeader, 'kind' | 'layout'>

function readHeaderRows(sheet: SheetTable, first: number, last: number, dict: ReadonlyMap<string, ColumnKey>, routes: readonly RouteDef[]): Reading {
  const cells: HeaderCell[] = []
  const two = last > first
  for (let c = 1; c <= width(sheet, first, last); c++) {
    const top = mergedText(sheet, first, c)
    const bottom = two ? mergedText(sheet, last, c) : ''
    const text = !two || bottom === top || bottom === '' ? layoutText(top) : top === '' ? layoutText(bottom) : `${layoutText(top)}/${layoutText(bottom)}`
    // The lower row names the column; the upper one is a group (各阶段累计户数) or the same merged cell.
    const fromBottom = keyOf(bottom, dict)
    const fromTop = fromBottom ? undefined : keyOf(top, dict)
    const joined = fromBottom || fromTop ? undefined : keyOf(top + bottom, dict)
    const key = fromBottom ?? fromTop ?? joined
    const label = fromBottom ? bottom : fromTop || bottom === top || bottom === '' ? top : top === '' ? bottom : joined ? `${top}${bottom}` : `${top}/${bottom}`
    cells.push(key ? { index: c - 1, label, text, key, how: 'exact' } : { index: c - 1, label, text, how: 'unknown' })
  }
  // Guesses only for what no header names outright, each column once.
  const named = new Set(cells.flatMap((x) => (x.key ? [x.key] : [])))
  for (const cell of cells) {
    if (cell.key) continue
    const c = cell.index + 1
    const top = mergedText(sheet, first, c)
    const bottom = two ? mergedText(sheet, last, c) : ''
    const fromBottom = two && bottom !== top ? guessKey(bottom, routes) : undefined
    const guess = fromBottom ?? guessKey(two && bottom !== top ? top + bottom : top, routes)
    if (!guess || (named.has(guess) && guess !== 'remarks')) continue
    cell.key = guess
    cell.how = 'guess'
    // Messages name the column by its own words; the group above it is only for the layout.
    if (fromBottom) cell.label = bottom
    named.add(guess)
  }
  return fromCells(first, last, cells)
}

function fromCells(first: number, last: number, cells: HeaderCell[]): Reading {
  const columns = new Map<ColumnKey, HeaderColumn>()
  const unknown: string[] = []
  for (const cell of cells) {
    if (!cell.key) {
      if (cell.label !== '') unknown.push(cell.label)
      continue
    }
    if (columns.has(cell.key)) {
      if (cell.key !== 'ignored' && cell.key !== 'remarks') {
        unknown.push(cell.label)
        cell.key = undefined
        cell.how = 'unknown'
      }
      continue
    }
    const col: HeaderColumn = { key: cell.key, index: cell.index, label: cell.label }
    if (cell.how === 'guess' || cell.how === 'mapping') col.how = cell.how
    columns.set(cell.key, col)
  }
  return { firstRow: first, lastRow: last, columns, unknown, cells }
}

/** The header read as the office confirmed it: each column as its mapping says. */
function applyMapping(reading: Reading, mapping: ColumnMapping): Reading {
  const cells = reading.cells.map((cell): HeaderCell => {
    const as = mapping.columns[cell.index] ?? 'ignored'
    return as === 'ignored' ? { ...cell, key: 'ignored', how: 'mapping' } : { ...cell, key: as, how: 'mapping' }
  })
  const r = fromCells(reading.firstRow, reading.lastRow, cells)
  r.mapping = mapping
  return r
}

function kindOf(reading: Reading): SheetKind | undefined {
  const { columns } = reading
  const placed = columns.has('village') || columns.has('villageCode')
  if (columns.has('headName') && (placed || columns.has('idNumber'))) return 'roster'
  if (!placed) return undefined
  const stages = STAGE_KEYS.filter((k) => columns.has(k))
  if (stages.some((k) => !columns.get(k)!.how)) return 'figures'
  if (columns.has('deadline') || columns.has('figureSource') || columns.has('contractor')) return 'plans'
  // Stage columns known only by their words: a daily report in a layout to confirm.
  if (stages.length >= 2) return 'figures'
  if (columns.has('route') && columns.has('target') && reading.unknown.length === 0) return 'plans'
  return undefined
}

/**
 * A sheet of village figures in a layout no header of which names a stage: a village column and
 * at least two columns nobody recognised with numbers under them. Read as daily figures whose
 * columns the office has to settle (nothing of it is stored until then).
 */
function unknownFigures(sheet: SheetTable, reading: Reading): boolean {
  if (!reading.columns.has('village') && !reading.columns.has('villageCode')) return false
  const below = sheet.rows.slice(reading.lastRow, reading.lastRow + 8)
  const numeric = reading.cells.filter((c) => !c.key && c.label !== '' && below.some((r) => /^\s*[\d０-９][\d０-９,，.\s]*$/.test(r[c.index] ?? '')))
  return numeric.length >= 2
}

/**
 * A header continues on the next row when a merged cell joins the two rows or spans a group of
 * columns above it, or when the next row itself names two columns; a data row never does.
 */
function looksLikeTwoRows(sheet: SheetTable, r: number, dict: ReadonlyMap<string, ColumnKey>, routes: readonly RouteDef[]): boolean {
  if (r >= sheet.rows.length) return false
  if (sheet.merges.some((m) => (m.top === r && m.bottom > r) || (m.top === r && m.right > m.left))) return true
  const next = sheet.rows[r] ?? []
  if (next.filter((c) => keyOf(c, dict) !== undefined).length >= 2) return true
  // A row under a group title that names its columns only in words (管网完成, 户内安装（表）).
  return next.filter((c) => guessKey(c, routes) !== undefined).length >= 2 && !next.some((c) => /^\s*\d/.test(c))
}

/** Finds the confirmed mapping of a layout (absent when the office has confirmed none). */
export type MappingLookup = (layout: string) => ColumnMapping | undefined

/**
 * The header of a sheet: the first row (or pair of rows) near the top that names a village column
 * and either stage counts (daily figures), 户主姓名 (household roster) or the plan's columns (任务清单),
 * or whose layout the office has confirmed. `undefined` when none does.
 */
export function findHeader(sheet: SheetTable, routes: readonly RouteDef[], mappings?: MappingLookup): SheetHeader | undefined {
  const dict = headerDictionary(routes)
  let seen = 0
  for (let r = 1; r <= sheet.rows.length && seen < HEADER_SEARCH_ROWS; r++) {
    if (!(sheet.rows[r - 1] ?? []).some((c) => c !== '') && !sheet.merges.some((m) => m.top === r)) continue
    seen++
    const one = readHeaderRows(sheet, r, r, dict, routes)
    // Without confirmed layouts, a row that names nothing is no header's first row.
    if (!mappings && named(one) === 0) continue
    const two = looksLikeTwoRows(sheet, r, dict, routes) ? readHeaderRows(sheet, r, r + 1, dict, routes) : undefined
    // A layout the office confirmed is read as confirmed, the two-row reading first.
    for (const reading of mappings ? (two ? [two, one] : [one]) : []) {
      const layout = layoutKey('figures', reading.cells.map((c) => c.text))
      const mapping = mappings!(layout)
      if (mapping) return { kind: 'figures', layout, ...applyMapping(reading, mapping) }
    }
    // A title or date line above a one-row header names no column itself (by name, not by a
    // guess): the header starts below it.
    if (named(one) === 0) continue
    const oneKind = kindOf(one)
    const twoKind = two ? kindOf(two) : undefined
    if (two && twoKind && named(two) > named(one)) return header(twoKind, two)
    if (oneKind) return header(oneKind, one)
    if (two && unknownFigures(sheet, two)) return header('figures', two)
    if (unknownFigures(sheet, one)) return header('figures', one)
  }
  return undefined
}

/** Columns a reading knows by their names (not by a guess). */
function named(reading: Reading): number {
  let n = 0
  for (const c of reading.columns.values()) if (!c.how) n++
  return n
}

function header(kind: SheetKind, reading: Reading): SheetHeader {
  return { kind, layout: layoutKey(kind, reading.cells.map((c) => c.text)), ...reading }
}
