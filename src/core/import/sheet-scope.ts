// Which township (or county) and which day a submitted sheet is about: read from the lines above
// its header (乡镇：…, 填报日期：…, a title naming the township), the template marker, the sheet's
// name or the file's name; and how a row's village is found from its code or name.

import type { SheetHeader } from './columns'
import { compact, findDate, findDateInName, isScientific, toAsciiDigits } from './cells'
import type { TemplateMarker } from './marker'
import type { Places } from './places'
import type { ProblemList } from './problems'
import type { SheetTable } from './table'

export interface SheetScope {
  county?: string
  /** townships the sheet may be for: one when known, several when a name repeats across counties */
  townships: string[]
  /** the sheet's own day, when it has one for all its rows (sheets without one take the batch's 报送日期) */
  date?: string
  /** where the sheet's day was read: above the table, or the file's name */
  dateFrom?: 'sheet' | 'fileName'
  /** false when the sheet named a township or county that does not exist: nothing in it is imported */
  ok: boolean
}

const TOWNSHIP_LABEL = /(?:乡镇|乡\(镇\)|乡镇\(街道\)|街道)\s*[:：]\s*([^\s:：，,；;]+)/
/** A unit may be a township, a county office or a gas company: used only when it names a place. */
const UNIT_LABEL = /(?:填报单位|报送单位|制表单位)\s*[:：]\s*([^\s:：，,；;]+)/
const COUNTY_LABEL = /(?:县区|区县|县\(市、区\)|县\(区\)|所属县区)\s*[:：]\s*([^\s:：，,；;]+)/

function titleCells(sheet: SheetTable, header: SheetHeader): string[] {
  const out: string[] = []
  for (let r = 1; r < header.firstRow; r++) for (const c of sheet.rows[r - 1] ?? []) if (c !== '') out.push(c)
  return out
}

/** "屯里镇(141002100)" → the name and, when given, the code in brackets. */
function splitNameCode(value: string, digits: number): { name: string; code?: string } {
  const v = value.normalize('NFKC')
  const code = new RegExp(`(?<!\\d)(\\d{${digits}})(?!\\d)`).exec(v)?.[1]
  const name = v.replace(/[([（【][^)\]）】]*[)\]）】]/g, '').trim()
  return code ? { name, code } : { name }
}

export interface ScopeInput {
  fileName: string
  sheet: SheetTable
  header: SheetHeader
  marker?: TemplateMarker
  places: Places
  today: string
  /** daily figures need a day; a roster does not */
  needsDate: boolean
}

export function sheetScope(input: ScopeInput, problems: ProblemList): SheetScope {
  const { sheet, header, marker, places } = input
  const cells = titleCells(sheet, header)
  const scope: SheetScope = { townships: [], ok: true }
  const before = problems.items.length

  // County: written above the table, or the template's, or named in the title or file name.
  const countyCell = cells.find((c) => COUNTY_LABEL.test(c.normalize('NFKC')))
  const countyText = countyCell && COUNTY_LABEL.exec(countyCell.normalize('NFKC'))![1]!
  if (countyCell && countyText) {
    const { name, code } = splitNameCode(countyText, 6)
    const m = code && places.division(code)?.level === 'county' ? { code } : places.county(name)
    if (m && 'code' in m) scope.county = m.code
    else {
      problems.error(`表头写的县区“${countyText}”在区划清单中找不到，本表未导入。`, rowOf(sheet, header, countyCell))
      scope.ok = false
      return scope
    }
  } else if (marker && /^\d{6}$/.test(marker.scope)) scope.county = marker.scope
  else {
    const named = places.countiesIn([...cells, input.fileName].join(' '))
    if (named.length === 1) scope.county = named[0]
  }

  // Township: an explicit label wins over the marker (a reused template), then names in titles.
  const townshipCell = cells.find((c) => TOWNSHIP_LABEL.test(c.normalize('NFKC')))
  const unit = unitPlace(cells, places, scope.county)
  if (unit?.county && !scope.county) scope.county = unit.county
  const fromMarker = marker?.sheets.get(sheet.sheet ?? '') ?? (marker && /^\d{9}$/.test(marker.scope) ? marker.scope : undefined)
  if (!townshipCell && unit?.townships) scope.townships = unit.townships
  else if (townshipCell) {
    const text = TOWNSHIP_LABEL.exec(townshipCell.normalize('NFKC'))![1]!
    const { name, code } = splitNameCode(text, 9)
    if (code && places.division(code)?.level === 'township') scope.townships = [code]
    else {
      const m = places.township(name, scope.county)
      if (m && 'code' in m) scope.townships = [m.code]
      else if (m) scope.townships = m.ambiguous
      else {
        const row = rowOf(sheet, header, townshipCell)
        problems.error(`表头写的乡镇“${name}”在${scope.county ? places.name(scope.county) : '区划清单'}中找不到，本表未导入。`, row)
        scope.ok = false
        return scope
      }
    }
  } else if (fromMarker && places.division(fromMarker)?.level === 'township') {
    scope.townships = [fromMarker]
  } else {
    const bySheet = sheet.sheet ? places.township(sheet.sheet, scope.county) : null
    if (bySheet && 'code' in bySheet) scope.townships = [bySheet.code]
    else {
      const inTitle = places.townshipsIn(cells.join(' '), scope.county)
      scope.townships = inTitle.length > 0 ? inTitle : places.townshipsIn(input.fileName, scope.county)
    }
  }
  if (!scope.county && scope.townships.length === 1) scope.county = places.division(scope.townships[0]!)?.parentCode

  // With a 日期 column, a date above the table is only the default for rows that leave it blank.
  if (input.needsDate) {
    const d = sheetDate(input, cells, problems)
    if (d) {
      scope.date = d.date
      scope.dateFrom = d.from
    }
  }
  // Each error above the table says 本表未导入 (even a bad date line over a 日期 column): then nothing in it is.
  if (problems.items.slice(before).some((p) => p.severity === 'error')) scope.ok = false
  return scope
}

/** The township or county a 填报单位/制表单位 line names, if it names one. */
function unitPlace(cells: string[], places: Places, county?: string): { townships?: string[]; county?: string } | undefined {
  for (const c of cells) {
    const text = UNIT_LABEL.exec(c.normalize('NFKC'))?.[1]
    if (!text) continue
    const { name, code } = splitNameCode(text, 9)
    if (code && places.division(code)?.level === 'township') return { townships: [code] }
    const t = places.township(name, county)
    if (t) return { townships: 'code' in t ? [t.code] : t.ambiguous }
    const k = places.county(name)
    if (k && 'code' in k) return { county: k.code }
  }
  return undefined
}

function rowOf(sheet: SheetTable, header: SheetHeader, cell: string): number | undefined {
  for (let r = 1; r < header.firstRow; r++) if ((sheet.rows[r - 1] ?? []).includes(cell)) return r
  return undefined
}

/** The day of the whole sheet: from above the table, else from the file name (with a warning). */
function sheetDate(input: ScopeInput, cells: string[], problems: ProblemList): { date: string; from: 'sheet' | 'fileName' } | undefined {
  const { sheet, header, today } = input
  const found: Array<{ date: string; yearless: boolean; labelled: boolean; row?: number }> = []
  for (const c of cells) {
    const d = findDate(c, today)
    if (!d) continue
    const row = rowOf(sheet, header, c)
    if ('invalid' in d) {
      problems.error(`日期“${d.invalid}”不是有效的日期，本表未导入。`, row)
      return undefined
    }
    found.push({ ...d, labelled: /日期|时间/.test(c), row })
  }
  const distinct = [...new Set(found.map((f) => f.date))]
  let pick = found[0]
  if (distinct.length > 1) {
    const labelled = found.filter((f) => f.labelled)
    if (new Set(labelled.map((f) => f.date)).size !== 1) {
      problems.error(`表头上方写了几个不同的日期（${distinct.join('、')}），无法确定是哪一天的数据，本表未导入。`, found[1]!.row)
      return undefined
    }
    pick = labelled[0]
  }
  if (pick) {
    if (pick.yearless) problems.warn(`日期没有写年份，按 ${pick.date} 导入。`, pick.row)
    return { date: pick.date, from: 'sheet' }
  }
  // Rows with their own 日期 need no day of the sheet (one left blank takes the batch's 报送日期).
  if (header.columns.has('date')) return undefined
  const fromName = findDateInName(input.fileName, today)
  if (fromName && !('invalid' in fromName)) {
    problems.warn(`表内没有填报日期，按文件名中的日期 ${fromName.date} 导入。`)
    return { date: fromName.date, from: 'fileName' }
  }
  return undefined
}

/** The village code and name cells of every row under the header. */
export function villageCells(sheet: SheetTable, header: SheetHeader): Array<{ code: string; name: string }> {
  const code = header.columns.get('villageCode')?.index
  const name = header.columns.get('village')?.index
  return sheet.rows.slice(header.lastRow).map((r) => ({
    code: code === undefined ? '' : (r[code] ?? '').trim(),
    name: name === undefined ? '' : (r[name] ?? '').trim(),
  }))
}

/** Rows under the header that name a village, 合计/小计 rows aside: what a sheet refused as a whole leaves out. */
export function listedVillageRows(sheet: SheetTable, header: SheetHeader): number {
  return villageCells(sheet, header).filter((v) => (v.code !== '' || v.name !== '') && !/合计|小计|总计/.test(compact(v.code + v.name))).length
}

/**
 * A township name that exists in several counties (屯里镇 in 尧都区 and in 古县): the sheet is for
 * the one where most of its rows' villages are found, when one leads.
 */
export function narrowTownships(places: Places, scope: SheetScope, rows: ReadonlyArray<{ code: string; name: string }>): void {
  if (scope.townships.length < 2) return
  const found = new Map(scope.townships.map((t) => [t, 0]))
  for (const r of rows) {
    if (r.code === '' && r.name === '') continue
    for (const t of scope.townships) if ('code' in findVillage(places, r.code, r.name, [t])) found.set(t, found.get(t)! + 1)
  }
  const best = Math.max(...found.values())
  const leaders = [...found].filter(([, n]) => n === best)
  if (best === 0 || leaders.length !== 1) return
  scope.townships = [leaders[0]![0]]
  scope.county ??= places.division(scope.townships[0]!)?.parentCode
}

/** The row's townships: its own 乡镇 cell when it has one, else the sheet's. */
export function rowTownships(text: string, label: string, scope: SheetScope, places: Places, problems: ProblemList, row: number): string[] | undefined {
  if (text === '') return scope.townships
  const m = places.township(text, scope.county)
  if (!m) {
    problems.error(`乡镇“${text}”在${scope.county ? places.name(scope.county) : '区划清单'}中找不到。`, row, label)
    return undefined
  }
  const codes = 'code' in m ? [m.code] : m.ambiguous
  if (scope.townships.length > 0 && !codes.some((c) => scope.townships.includes(c))) {
    problems.error(`本行的乡镇“${text}”不是本表的${scope.townships.map((t) => places.name(t)).join('或')}。`, row, label)
    return undefined
  }
  return codes
}

// ---------------------------------------------------------------------------------------------
// villages

export type VillageFound = { code: string } | { problem: string; column: 'code' | 'name' | 'township' }

/**
 * A row's village: by code first (checked against the name when both are given), else by name
 * inside the row's township (or the sheet's). Says why when it cannot be found.
 */
export function findVillage(places: Places, codeText: string, nameText: string, townships: readonly string[]): VillageFound {
  if (codeText !== '') {
    if (isScientific(codeText)) {
      return { problem: `村代码“${codeText}”是科学计数法，后几位数字已经丢失。请把该列设为“文本”格式、重新填入完整代码。`, column: 'code' }
    }
    const code = toAsciiDigits(compact(codeText))
    if (!/^\d+$/.test(code)) return { problem: `村代码“${codeText}”只能包含数字。`, column: 'code' }
    if (code.length !== 12) return { problem: `村代码 ${code} 是 ${code.length} 位，村代码应为 12 位。`, column: 'code' }
    const d = places.division(code)
    if (!d) return { problem: `村代码 ${code} 在区划清单中找不到。`, column: 'code' }
    if (d.level !== 'village') return { problem: `代码 ${code} 是“${d.name}”，不是村。`, column: 'code' }
    if (townships.length > 0 && !townships.includes(d.parentCode)) {
      return { problem: `${d.name}（${code}）属于${places.name(d.parentCode)}，不在本表的${townships.map((t) => places.name(t)).join('或')}。`, column: 'code' }
    }
    if (nameText !== '') {
      const m = places.village(nameText, d.parentCode)
      if (!m || !('code' in m) || m.code !== code) {
        return { problem: `村代码 ${code} 是“${d.name}”，与本行村名“${nameText}”不符，无法确定是哪个村。`, column: 'code' }
      }
    }
    return { code }
  }
  if (townships.length === 0) {
    return { problem: `无法确定“${nameText}”属于哪个乡镇：表中没有写明乡镇。请在表头写明“乡镇：…”，或填写村代码。`, column: 'name' }
  }
  const hits: string[] = []
  for (const t of townships) {
    const m = places.village(nameText, t)
    if (m && 'ambiguous' in m) {
      const names = m.ambiguous.map((c) => `${places.name(c)}（${c}）`).join('、')
      return { problem: `${places.name(t)}有 ${m.ambiguous.length} 个村与“${nameText}”相符：${names}。请填写村代码。`, column: 'name' }
    }
    if (m) hits.push(m.code)
  }
  if (hits.length === 1) return { code: hits[0]! }
  // Township names repeat across counties: then say which county each is in.
  const here = townships.map((t) => (townships.length > 1 ? places.name(places.division(t)!.parentCode) : '') + places.name(t)).join('或')
  if (hits.length > 1) return { problem: `“${nameText}”在${here}都有，无法确定是哪一个，请在表头写明县区或填写村代码。`, column: 'name' }
  const elsewhere = townships.flatMap((t) => places.villageElsewhere(nameText, t))
  if (elsewhere.length > 0) {
    const where = [...new Set(elsewhere.map((c) => places.name(places.division(c)!.parentCode)))].join('、')
    return { problem: `${here}没有“${nameText}”（${where}有同名的村，不在本表的乡镇）。请核对乡镇，或填写村代码。`, column: 'name' }
  }
  return { problem: `${here}没有名为“${nameText}”的村。`, column: 'name' }
}
