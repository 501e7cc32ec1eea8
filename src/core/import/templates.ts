// The Excel templates townships fill in: the daily figures form (a township's villages pre-filled;
// for a county, one sheet per township; on request each village's last figures), the household
// roster (花名册) and the plan list (任务清单). All are print-ready and carry a very hidden marker
// sheet so the importer knows the template and its version.

import type ExcelJS from 'exceljs'
import { addPrintSheet, FMT, newWorkbook, type SheetColumn, sheetRange, workbookFile } from '../excel/print-sheet'
import type { FileOutput } from '../methods/schemas'
import type { FigureSource, RouteDef, StageCounts, StageKey } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { MARKER_SHEET, markerRows, TEMPLATE_VERSION, type TemplateMarker } from './marker'

/** Stage headers when a sheet's villages follow different routes: each names both routes' words. */
export const GENERIC_STAGE_HEADERS: Readonly<Record<StageKey, string>> = {
  confirmed: '确户签约',
  network: '管网/线路',
  meter: '入户装表',
  equipment: '设备安装',
  connected: '点火通气/通电',
  accepted: '验收',
}

export const FIGURE_GROUP = '各阶段累计户数'
export const KM_HEADER = '管线公里数'

export interface TemplateVillage {
  code: string
  name: string
  route: string
  target: number
  /** the last stored figure, for a template filled in with it */
  last?: { counts: StageCounts; networkKm: number }
}

export interface FigureTemplateSheet {
  townshipCode: string
  townshipName: string
  countyName: string
  villages: TemplateVillage[]
  /** villages whose figures come from households: named in a note, not listed */
  householdKept: string[]
}

export interface TemplateCommon {
  /** township or county code the template is for */
  scope: string
  fileName: string
  creator: string
  now: Date
}

/** "2026-11-20" → "2026年11月20日" */
function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

function stageHeaders(routes: readonly RouteDef[], villages: readonly TemplateVillage[]): Record<StageKey, string> {
  const ids = new Set(villages.map((v) => v.route))
  const route = ids.size === 1 ? routes.find((r) => ids.has(r.id)) : undefined
  const out = { ...GENERIC_STAGE_HEADERS }
  if (route) for (const s of route.stages) out[s.key] = s.name
  return out
}

/** exceljs supports one validation rule over a whole range (`dataValidations.add`) but does not declare it. */
function rangeValidations(ws: ExcelJS.Worksheet): { add(range: string, rule: ExcelJS.DataValidation): void } {
  return (ws as ExcelJS.Worksheet & { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations
}

/** Whole numbers from 0 on typed into the count cells; Excel refuses anything else as it is typed. */
function validateCounts(ws: ExcelJS.Worksheet, fromCol: number, toCol: number, firstRow: number, lastRow: number): void {
  if (lastRow < firstRow) return
  const range = `${ws.getColumn(fromCol).letter}${firstRow}:${ws.getColumn(toCol).letter}${lastRow}`
  rangeValidations(ws).add(range, {
    type: 'whole',
    operator: 'greaterThanOrEqual',
    formulae: [0],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: '请填写户数',
    error: '这里填累计户数：0 或正整数。',
  })
}

export async function figureTemplate(
  common: TemplateCommon & { date: string; prefilled?: boolean },
  routes: readonly RouteDef[],
  sheets: readonly FigureTemplateSheet[],
): Promise<FileOutput> {
  const wb = newWorkbook(common.creator, common.now)
  const marker: TemplateMarker = { kind: 'figures', version: TEMPLATE_VERSION, scope: common.scope, date: common.date, sheets: new Map() }
  for (const s of sheets) {
    const headers = stageHeaders(routes, s.villages)
    const routeName = (id: string) => routes.find((r) => r.id === id)?.name ?? id
    const columns: SheetColumn[] = [
      { header: '序号', align: 'center' },
      { header: '村代码', numFmt: FMT.text, width: 15 },
      { header: '村名称' },
      { header: '改造路线', align: 'center' },
      { header: '任务户数', numFmt: FMT.int },
      ...STAGE_KEYS.map((k): SheetColumn => ({ header: headers[k], group: FIGURE_GROUP, numFmt: FMT.int, width: 11 })),
      { header: KM_HEADER, numFmt: FMT.dec2, width: 11 },
      { header: '备注', width: 16 },
    ]
    const notes = [
      common.prefilled
        ? '填表说明：1. 表中已填入各村最近一次报送的累计户数，有进展的村改成截至填报日期的累计数，没有进展的村保留即可。2. 整行没有填写数字的村视为当天未上报；单元格留空的，按上次的数计。3. 请勿修改村代码；改造路线和任务户数仅供参考，以改造计划为准。4. 请核对标题下的填报日期。'
        : '填表说明：1. 各阶段填截至填报日期的累计户数（不是当天新增）；没有进展的村照抄上次的数字。2. 整行没有填写数字的村视为当天未上报；单元格留空的，按上次的数计。3. 请勿修改村代码；改造路线和任务户数仅供参考，以改造计划为准。4. 请核对标题下的填报日期。',
    ]
    if (s.householdKept.length > 0) notes.push(`以下村的进度按农户信息自动统计，不在本表：${s.householdKept.join('、')}。`)
    notes.push('填表人：　　　　　　　　联系电话：　　　　　　　　审核人：')
    const layout = addPrintSheet(wb, {
      name: sheets.length > 1 ? s.townshipName : '进度日报表',
      title: `${s.countyName}${s.townshipName}清洁取暖改造进度日报表`,
      subtitle: `填报日期：${longDate(common.date)}`,
      unit: `${s.townshipName}（${s.townshipCode}）`,
      columns,
      rows: s.villages.map((v, i) => [
        i + 1,
        v.code,
        v.name,
        routeName(v.route),
        v.target,
        ...STAGE_KEYS.map((k) => v.last?.counts[k] ?? null),
        v.last?.networkKm ?? null,
        null,
      ]),
      notes,
    })
    const firstStageCol = 6
    validateCounts(layout.sheet, firstStageCol, firstStageCol + STAGE_KEYS.length - 1, layout.firstDataRow, layout.lastDataRow)
    marker.sheets.set(layout.sheet.name, s.townshipCode)
  }
  addMarker(wb, marker)
  return workbookFile(wb, common.fileName)
}

export const ROSTER_COLUMNS: readonly SheetColumn[] = [
  { header: '序号', align: 'center', width: 6 },
  { header: '县区', width: 10 },
  { header: '乡镇', width: 10 },
  { header: '村', width: 12 },
  { header: '地址', width: 22 },
  { header: '户主姓名', width: 10 },
  { header: '身份证号', numFmt: FMT.text, width: 21 },
  { header: '联系电话', numFmt: FMT.text, width: 14 },
  { header: '用户编码', numFmt: FMT.text, width: 13 },
  { header: '改造类别', align: 'center', width: 10 },
  { header: '供气企业/施工企业', width: 18 },
  { header: '燃气表具号', numFmt: FMT.text, width: 13 },
  { header: '燃气表类型', width: 11 },
  { header: '当前阶段', align: 'center', width: 11 },
]
const BLANK_ROSTER_ROWS = 30
/** The hidden sheet holding the drop-downs' choices. */
const LISTS_SHEET = '_名单'
/** Rows below the printed ones that still get the dropdowns and text format. */
const VALIDATED_ROSTER_ROWS = 5000

export async function rosterTemplate(
  common: TemplateCommon & { title: string; unit: string; countyName: string; townshipName?: string },
  routes: readonly RouteDef[],
  places: { townships: string[]; villages: string[] },
): Promise<FileOutput> {
  const wb = newWorkbook(common.creator, common.now)
  const n = ROSTER_COLUMNS.length
  const layout = addPrintSheet(wb, {
    name: '农户花名册',
    title: common.title,
    unit: common.unit,
    columns: [...ROSTER_COLUMNS],
    rows: Array.from({ length: BLANK_ROSTER_ROWS }, () => Array<null>(n).fill(null)),
    notes: [
      '填表说明：1. 一户一行。2. 身份证号、联系电话、用户编码、燃气表具号按文本填写（本表已设为文本格式，请勿改成数字，否则后几位会丢失）。' +
        `3. 改造类别填 ${routes.map((r) => r.name).join('、')}（也可填 1 表示煤改电、2 表示煤改气）。4. 当前阶段填这户已完成的最后一个阶段，尚未确户的填“未确户”或留空。` +
        `5. ${common.townshipName ? `县区、乡镇可以不填（默认为${common.townshipName}）` : '请填写乡镇'}；村名写“某某村”即可。6. 已在系统中的农户按用户编码、身份证号、户主姓名依次对应，重复导入不会重复建户。`,
    ],
  })
  const ws = layout.sheet
  const first = layout.firstDataRow
  const last = first + VALIDATED_ROSTER_ROWS - 1
  ROSTER_COLUMNS.forEach((c, i) => {
    if (c.numFmt === FMT.text) ws.getColumn(i + 1).numFmt = FMT.text
  })
  const col = (header: string) => ws.getColumn(ROSTER_COLUMNS.findIndex((c) => c.header === header) + 1).letter

  // Every drop-down reads its choices from a column of a hidden sheet, never from a list written
  // into the formula ("a,b"): a name the office typed may hold a comma (which splits it there, and
  // cannot be escaped) or a quote, and Excel refuses a written list longer than 255 characters.
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' })
  const stageNames = [...new Set(['未确户', ...routes.flatMap((r) => r.stages.map((s) => s.name))])]
  const choices: Array<[header: string, values: readonly string[], minimum: number]> = [
    ['村', places.villages, 1],
    ['乡镇', places.townships, 2],
    ['当前阶段', stageNames, 1],
    ['改造类别', routes.map((r) => r.name), 1],
  ]
  choices.forEach(([header, values, minimum], i) => {
    const c = lists.getColumn(i + 1)
    c.values = [header, ...values]
    if (values.length < minimum) return
    rangeValidations(ws).add(`${col(header)}${first}:${col(header)}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [sheetRange(LISTS_SHEET, `$${c.letter}$2:$${c.letter}$${values.length + 1}`)],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: header,
      error: `请从下拉列表中选择${header}。`,
    })
  })

  const sheets = new Map(common.scope.length === 9 ? [[ws.name, common.scope]] : [])
  addMarker(wb, { kind: 'roster', version: TEMPLATE_VERSION, scope: common.scope, sheets })
  return workbookFile(wb, common.fileName)
}

export interface PlanTemplateVillage {
  townshipName: string
  code: string
  name: string
  plan?: { route: string; target: number; contractor: string; deadline: string; figureSource: FigureSource }
}

export const PLAN_COLUMNS: readonly SheetColumn[] = [
  { header: '序号', align: 'center', width: 6 },
  { header: '乡镇', width: 12 },
  { header: '村代码', numFmt: FMT.text, width: 15 },
  { header: '村名称', width: 16 },
  { header: '改造路线', align: 'center', width: 10 },
  { header: '任务户数', numFmt: FMT.int, width: 10 },
  { header: '施工/城燃企业', width: 22 },
  { header: '完成时限', numFmt: FMT.date, align: 'center', width: 12 },
  { header: '进度来源', align: 'center', width: 14 },
  { header: '备注', width: 14 },
]
export const FIGURE_SOURCE_TEXT: Readonly<Record<FigureSource, string>> = { counts: '直接填报户数', households: '按农户统计' }
/** Rows below the listed villages that still get the drop-downs (villages added by hand). */
const SPARE_PLAN_ROWS = 50

/** A Date that Excel shows as that calendar day (exceljs writes dates by their UTC fields). */
function excelDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`)
}

export async function planTemplate(
  common: TemplateCommon & { title: string; unit: string },
  routes: readonly RouteDef[],
  villages: readonly PlanTemplateVillage[],
  contractors: readonly string[],
): Promise<FileOutput> {
  const wb = newWorkbook(common.creator, common.now)
  const routeName = (id: string) => routes.find((r) => r.id === id)?.name ?? id
  const layout = addPrintSheet(wb, {
    name: '任务清单',
    title: common.title,
    unit: common.unit,
    columns: [...PLAN_COLUMNS],
    rows: villages.map((v, i) => [
      i + 1,
      v.townshipName,
      v.code,
      v.name,
      v.plan ? routeName(v.plan.route) : null,
      v.plan?.target ?? null,
      v.plan?.contractor || null,
      v.plan ? excelDate(v.plan.deadline) : null,
      v.plan ? FIGURE_SOURCE_TEXT[v.plan.figureSource] : null,
      null,
    ]),
    notes: [
      '填表说明：1. 一村一行，村代码请勿修改；已有计划的村已填入现有计划，改哪项填哪项。' +
        `2. 改造路线从下拉列表选择（${routes.map((r) => r.name).join('、')}）。3. 任务户数填整数；完成时限填完整日期，如 2026-10-31。` +
        '4. 进度来源：“直接填报户数”的村每天由乡镇报送各阶段户数，“按农户统计”的村由农户花名册自动统计。5. 不打算改造的村整行留空，不会导入。',
      '填表人：　　　　　　　　联系电话：　　　　　　　　审核人：',
    ],
  })
  const ws = layout.sheet
  const first = layout.firstDataRow
  const last = Math.max(layout.lastDataRow, first) + SPARE_PLAN_ROWS
  const col = (header: string) => ws.getColumn(PLAN_COLUMNS.findIndex((c) => c.header === header) + 1).letter
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' })
  const choices: Array<[string, readonly string[]]> = [
    ['改造路线', routes.map((r) => r.name)],
    ['进度来源', Object.values(FIGURE_SOURCE_TEXT)],
    ['施工/城燃企业', contractors],
  ]
  choices.forEach(([header, values], i) => {
    const c = lists.getColumn(i + 1)
    c.values = [header, ...values]
    if (values.length === 0) return
    rangeValidations(ws).add(`${col(header)}${first}:${col(header)}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [sheetRange(LISTS_SHEET, `$${c.letter}$2:$${c.letter}$${values.length + 1}`)],
      showErrorMessage: true,
      // Companies new this season are typed in: the list only offers the ones already used.
      errorStyle: header === '施工/城燃企业' ? 'information' : 'warning',
      errorTitle: header,
      error: header === '施工/城燃企业' ? '不在已用过的企业名单中，确认是新的企业就保留。' : `请从下拉列表中选择${header}。`,
    })
  })
  rangeValidations(ws).add(`${col('任务户数')}${first}:${col('任务户数')}${last}`, {
    type: 'whole',
    operator: 'greaterThanOrEqual',
    formulae: [0],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: '任务户数',
    error: '任务户数填 0 或正整数。',
  })
  rangeValidations(ws).add(`${col('完成时限')}${first}:${col('完成时限')}${last}`, {
    type: 'date',
    operator: 'greaterThan',
    formulae: [excelDate('2000-01-01')],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: '完成时限',
    error: '完成时限填日期，如 2026-10-31。',
  })
  ws.getColumn(col('村代码')).numFmt = FMT.text
  addMarker(wb, { kind: 'plans', version: TEMPLATE_VERSION, scope: common.scope, sheets: new Map([[ws.name, common.scope]]) })
  return workbookFile(wb, common.fileName)
}

function addMarker(wb: ExcelJS.Workbook, marker: TemplateMarker): void {
  const ws = wb.addWorksheet(MARKER_SHEET, { state: 'veryHidden' })
  for (const row of markerRows(marker)) ws.addRow(row)
}
