// The plan of an import batch: what it would store, worked out against the data as it is now —
// each sheet's new, different and unchanged rows, the households matched or created, the plans
// set, and every problem. The preview shows a plan; the commit writes the same plan in one
// transaction. Plan lists are planned first, so figures of a village planned in the same batch
// are read against its new plan.

import type {
  ColumnReading,
  FigureChange,
  FilePreview,
  HouseholdChange,
  ImportBatchSheet,
  PlanChange,
  ReportingAfter,
  RowStatus,
  RowTotals,
  SheetPreview,
} from '../contract'
import { addDays, localDate } from '../domain/dates'
import type { ImportHash, ImportKind } from '../domain/import-batch'
import { figureIssues } from '../domain/figure-checks'
import { maskCellText, maskIdNumber } from '../domain/mask'
import { emptyCounts } from '../domain/routes'
import type { DailyFigure, Household, RouteDef, StageKey, VillagePlan } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import type { ColumnKey, SheetHeader } from '../import/columns'
import type { FigureRow } from '../import/figure-sheet'
import { Places } from '../import/places'
import type { PlanRow } from '../import/plan-sheet'
import { byRow, type ImportProblem, ProblemList } from '../import/problems'
import type { RosterRow } from '../import/roster-sheet'
import { interpretSubmission, type SheetResult, type SubmissionFile } from '../import/submission'
import type { SheetTable } from '../import/table'
import { figureKey } from '../store/collections'
import { inScope } from './access'
import type { AppStore, Ctx, Derived } from './context'
import { reportingStatus } from './figures'

const MAX_LISTED_PROBLEMS = 500
const MAX_LISTED_HOUSEHOLDS = 200
const MAX_LISTED_PLANS = 1000
/** values shown under each header in the preview, to tell what a column holds */
const SAMPLES = 3

/** A file of the batch and its place in it. */
export interface PlanFile extends SubmissionFile {
  index: number
}

export type HashRecord = ImportHash

export interface SheetAcc {
  /** the file's name, for messages that point at another row */
  file: string
  preview: SheetPreview
  batch: ImportBatchSheet
  problems: ProblemList
  header: SheetHeader
}

interface FileAcc {
  preview: FilePreview
  hash?: string
  problems: ImportProblem[]
  sheets: SheetAcc[]
}

interface PlannedFigure {
  fig: DailyFigure
  status: RowStatus
  sheet: SheetAcc
  change: FigureChange
  rejected: boolean
}

interface PlannedHousehold {
  h: Household
  status: RowStatus
  sheet: SheetAcc
}

interface PlannedPlan {
  plan: VillagePlan
  status: RowStatus
  sheet: SheetAcc
  change: PlanChange
  rejected: boolean
}

export interface Plan {
  files: FileAcc[]
  /** 报送日期: what sheets without a day of their own were read for */
  date: string
  /** the default 报送日期: the day most daily-figure sheets carry, else today */
  suggestedDate: string
  /** daily-figure sheets that took the 报送日期 */
  sheetsWithoutDate: number
  plans: PlannedPlan[]
  figures: PlannedFigure[]
  households: PlannedHousehold[]
  /** new household ids per village, for the derived figure */
  newIds: Map<string, string[]>
  /** villages whose households change */
  touchedVillages: Set<string>
  counters: Map<string, number>
}

/** The division list as the file readers look places up in it. */
export function placesOf(ctx: Ctx): Places {
  const idx = ctx.divisions()
  return new Places({ division: (c) => ctx.division(c), children: (c) => idx.children.get(c) ?? [], counties: idx.counties })
}

function stageNames(routes: readonly RouteDef[], routeId: string): Record<StageKey, string> {
  const route = routes.find((r) => r.id === routeId) ?? routes[0]
  const names = {} as Record<StageKey, string>
  for (const k of STAGE_KEYS) names[k] = route?.stages.find((s) => s.key === k)?.name ?? k
  return names
}

/** An ISO instant as the office's wall clock: 2026-11-20 09:30. */
function localTime(iso: string): string {
  const d = new Date(iso)
  return `${localDate(d)} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

const sameFigure = (a: DailyFigure, b: DailyFigure) =>
  a.networkKm === b.networkKm && STAGE_KEYS.every((k) => a.counts[k] === b.counts[k])

function rowRef(file: string, sheet: string | undefined, row: number, here: { file: string; sheet?: string }): string {
  if (file === here.file && sheet === here.sheet) return `第 ${row} 行`
  return `${file}${sheet ? ` 工作表“${sheet}”` : ''} 第 ${row} 行`
}

/** Which township each earlier import covered on which day, to say "已于 … 导入过". */
const earlierImportsDef: Derived<Map<string, { fileName: string; at: string }>> = {
  name: 'imports.earlier',
  watches: ['imports'],
  build: (env) => {
    const out = new Map<string, { fileName: string; at: string }>()
    const batches = [...env.store.values('imports')].sort((a, b) => a.id.localeCompare(b.id))
    for (const b of batches) {
      if (b.undone) continue // what an undone batch imported is no longer there
      for (const f of b.files) {
        for (const s of f.sheets) if (s.townshipCode && s.date) out.set(`${s.townshipCode}|${s.date}`, { fileName: f.fileName, at: b.at })
      }
    }
    return out
  },
}

const earlierImports = (ctx: Ctx) => ctx.derived(earlierImportsDef)

/** Per county (loaded on first use), its households' ID numbers → household ids. */
class IdNumberIndex {
  private byCounty = new Map<string, Map<string, string[]>>()
  private counties: Set<string>

  constructor(private readonly store: AppStore) {
    this.counties = new Set(store.partitionNames('households'))
  }

  of(county: string, idNumber: string): string[] {
    if (!this.counties.has(county)) return []
    let index = this.byCounty.get(county)
    if (!index) {
      index = new Map()
      for (const h of this.store.partitionEntries('households', county).values()) {
        if (!h.idNumber) continue
        const list = index.get(h.idNumber)
        if (list) list.push(h.id)
        else index.set(h.idNumber, [h.id])
      }
      this.byCounty.set(county, index)
    }
    return index.get(idNumber) ?? []
  }
}

const idNumberIndex: Derived<IdNumberIndex> = {
  name: 'households.byIdNumber',
  watches: ['households'],
  build: (env) => new IdNumberIndex(env.store),
}

/**
 * Households with this ID number, among those of the county the row is for and of the county the
 * number was issued in (its first six digits): where a second household of the same person is
 * found in practice. Looking in every county would hold the whole city's households in memory.
 */
function householdsWithId(ctx: Ctx, idNumber: string, villageCode: string): string[] {
  const idx = ctx.derived(idNumberIndex)
  return [...new Set([villageCode.slice(0, 6), idNumber.slice(0, 6)])].flatMap((county) => idx.of(county, idNumber))
}

interface VillageHouseholds {
  byUserCode: Map<string, Household>
  byId: Map<string, Household>
  byName: Map<string, Household[]>
}

function villageHouseholds(ctx: Ctx, cache: Map<string, VillageHouseholds>, villageCode: string): VillageHouseholds {
  let v = cache.get(villageCode)
  if (!v) {
    v = { byUserCode: new Map(), byId: new Map(), byName: new Map() }
    for (const id of ctx.householdIdsOf(villageCode)) {
      const h = ctx.store.get('households', id)
      if (!h) continue
      if (h.userCode) v.byUserCode.set(h.userCode, h)
      if (h.idNumber) v.byId.set(h.idNumber, h)
      const list = v.byName.get(h.headName)
      if (list) list.push(h)
      else v.byName.set(h.headName, [h])
    }
    cache.set(villageCode, v)
  }
  return v
}

export interface PlanOptions {
  /** content hashes of files earlier in the batch (a file added alone is checked against them) */
  batchHashes?: ReadonlyMap<string, string>
  /** 报送日期 chosen for the batch; default: the day most sheets carry, else today */
  date?: string
}

interface OpenedSheet {
  acc: FileAcc
  sheet: SheetAcc
  s: SheetResult
}

/** The day most daily-figure sheets of the batch carry (the earliest of a tie), else today. */
function suggestedDate(opened: readonly OpenedSheet[], today: string): string {
  const n = new Map<string, number>()
  for (const { s } of opened) if (s.kind === 'figures' && s.data.scope.date && s.data.scope.ok) n.set(s.data.scope.date, (n.get(s.data.scope.date) ?? 0) + 1)
  let best: string | undefined
  for (const [d, k] of [...n].sort((a, b) => a[0].localeCompare(b[0]))) if (best === undefined || k > n.get(best)!) best = d
  return best ?? today
}

export function buildPlan(ctx: Ctx, files: readonly PlanFile[], opts: PlanOptions = {}): Plan {
  const settings = ctx.settings()
  const today = ctx.today()
  const batchPlans = new Map<string, VillagePlan>()
  const planOf = (v: string) => batchPlans.get(v) ?? ctx.plan(v)
  const lookup = {
    places: placesOf(ctx),
    routes: settings.routes,
    today,
    plan: planOf,
    mappings: ctx.store.count('columnMappings') > 0 ? (layout: string) => ctx.store.get('columnMappings', layout) : undefined,
  }
  const earlier = earlierImports(ctx)
  const seenHashes = new Map(opts.batchHashes ?? [])
  const plan: Plan = {
    files: [],
    date: today,
    suggestedDate: today,
    sheetsWithoutDate: 0,
    plans: [],
    figures: [],
    households: [],
    newIds: new Map(),
    touchedVillages: new Set(),
    counters: new Map(),
  }
  const opened: OpenedSheet[] = []

  for (const file of files) {
    const acc: FileAcc = {
      preview: { index: file.index, fileName: file.fileName, status: 'ok', sheets: [], problems: [], errors: 0, warnings: 0 },
      problems: [],
      sheets: [],
    }
    if (file.hash) acc.hash = file.hash
    plan.files.push(acc)
    if (file.marker) acc.preview.template = { kind: file.marker.kind, version: file.marker.version }
    if (file.error || !file.hash) {
      acc.preview.status = 'rejected'
      if (file.error) acc.problems.push(file.error)
      continue
    }
    const stored = ctx.store.get('importHashes', file.hash)
    const twin = seenHashes.get(file.hash)
    if (stored || twin) {
      acc.preview.status = 'duplicate'
      acc.preview.duplicateOf = stored ? { fileName: stored.fileName, at: stored.at } : { fileName: twin! }
      const message = stored
        ? `与 ${localTime(stored.at)} 导入的“${stored.fileName}”内容完全相同，已导入过，这次不会重复导入。`
        : `与本批的“${twin}”内容完全相同，只导入一次。`
      acc.problems.push({ severity: 'warning', message, where: { file: file.fileName } })
      continue
    }
    seenHashes.set(file.hash, file.fileName)

    const interp = interpretSubmission(file, lookup)
    acc.problems.push(...interp.problems)
    const outside = new Map(interp.sheets.map((s) => [s, outsideCallers(ctx, s)]))
    const readable = interp.sheets.filter((s) => s.data.scope.ok && outside.get(s) === undefined)
    const importable = readable.filter((s) => !(s.kind === 'figures' && s.data.pending))
    if (importable.length === 0) {
      acc.preview.status = readable.some((s) => s.kind === 'figures' && s.data.pending) ? 'pending' : 'rejected'
    }
    for (const s of interp.sheets) {
      const sheet = openSheet(acc, s, lookup.places, file.sheets[s.index]!)
      const refusal = outside.get(s)
      if (refusal === undefined) opened.push({ acc, sheet, s })
      else refuseSheet(sheet, refusal)
    }
  }

  plan.suggestedDate = suggestedDate(opened, today)
  plan.date = opts.date ?? plan.suggestedDate

  // Plans first: figures and households of a village planned in this batch follow its new plan.
  const planAt = new Map<string, { p: PlannedPlan; file: string; sheet?: string; row: number }>()
  for (const { sheet, s } of opened) {
    if (s.kind !== 'plans') continue
    const rows = withinCallers(ctx, sheet, s.data.rows)
    for (const row of rows) planVillage(ctx, plan, sheet, row, planAt, batchPlans)
    inferTownship(ctx, sheet, rows.map((r) => r.villageCode))
  }
  for (const p of plan.plans) if (p.rejected) batchPlans.delete(p.plan.villageCode)

  const figureAt = new Map<string, { p: PlannedFigure; file: string; sheet?: string; row: number }>()
  const roster: RosterState = { idAt: new Map(), userCodeAt: new Map(), matched: new Map(), villageCache: new Map() }
  for (const { sheet, s } of opened) {
    if (s.kind === 'figures') {
      const scope = s.data.scope
      const rows = withinCallers(ctx, sheet, s.data.rows)
      if (scope.ok && !s.data.pending) noteDate(sheet, scope.date, rows, plan)
      for (const row of rows) planFigure(ctx, plan, sheet, row, figureAt, settings.routes, planOf)
      inferTownship(ctx, sheet, rows.map((r) => r.villageCode))
      const date = scope.date ?? commonValue(plan.figures.filter((p) => p.sheet === sheet).map((p) => p.fig.date)) ?? (s.data.pending ? undefined : plan.date)
      if (date) sheet.preview.date = sheet.batch.date = date
      const town = sheet.preview.townshipCode
      const before = town && date ? earlier.get(`${town}|${date}`) : undefined
      if (before) sheet.preview.earlier = before
    } else if (s.kind === 'roster') {
      const rows = withinCallers(ctx, sheet, s.data.rows)
      for (const row of rows) planHousehold(ctx, plan, sheet, row, roster, settings.routes, planOf)
      inferTownship(ctx, sheet, rows.map((r) => r.villageCode))
    }
  }

  // The first of two disagreeing rows was counted before the second turned up.
  for (const p of plan.figures) {
    if (!p.rejected) continue
    uncount(p.sheet, p.status)
    p.sheet.preview.figures = p.sheet.preview.figures.filter((c) => c !== p.change)
  }
  plan.figures = plan.figures.filter((p) => !p.rejected)
  for (const p of plan.plans) {
    if (!p.rejected) continue
    uncount(p.sheet, p.status)
    p.sheet.preview.plans = p.sheet.preview.plans.filter((c) => c !== p.change)
  }
  plan.plans = plan.plans.filter((p) => !p.rejected)

  for (const acc of plan.files) finishFile(acc)
  return plan
}

/** The caller's division as the office says it (an account over the whole area has none). */
function callersArea(ctx: Ctx): string {
  return ctx.division(ctx.scope)?.name ?? ctx.scope
}

/**
 * Why a sheet is not for the caller at all: the county or the township(s) it names lie outside the
 * account's division (a township account's county is the one it lies in, not outside). A sheet that
 * names neither, or a county around the caller's division, is sorted row by row instead.
 */
function outsideCallers(ctx: Ctx, s: SheetResult): string | undefined {
  const scope = s.data.scope
  if (!ctx.scope || !scope.ok) return undefined
  const around = (code: string) => inScope(ctx, code) || ctx.scope.startsWith(code)
  const name = (code: string) => ctx.division(code)?.name ?? code
  const here = callersArea(ctx)
  if (scope.county && !around(scope.county)) return `本表是${name(scope.county)}的数据，不在您的管辖范围（${here}）内，本表未导入。`
  if (scope.townships.length > 0 && !scope.townships.some(around)) {
    return `本表是${scope.townships.map(name).join('或')}的数据，不在您的管辖范围（${here}）内，本表未导入。`
  }
  return undefined
}

/** A sheet outside the caller's division is shown as refused, every row of it counted as not imported. */
function refuseSheet(sheet: SheetAcc, message: string): void {
  sheet.problems.error(message)
  sheet.preview.refused = true
  sheet.preview.rejected = sheet.preview.dataRows
  sheet.preview.held = 0
  delete sheet.preview.pending
}

/** The rows whose village lies within the caller's division; each other row is refused, named by its row. */
function withinCallers<R extends { row: number; villageCode: string }>(ctx: Ctx, sheet: SheetAcc, rows: readonly R[]): readonly R[] {
  if (!ctx.scope) return rows
  const column = label(sheet, 'village', 'villageCode')
  return rows.filter((r) => {
    if (inScope(ctx, r.villageCode)) return true
    const village = ctx.division(r.villageCode)
    const township = village ? ctx.division(village.parentCode) : undefined
    const where = `${township?.name ?? ''}${village?.name ?? r.villageCode}`
    sheet.problems.error(`${where}不在您的管辖范围（${callersArea(ctx)}）内，这一行没有导入。`, r.row, column)
    sheet.preview.rejected++
    return false
  })
}

function uncount(sheet: SheetAcc, status: RowStatus): void {
  sheet.preview[status === 'new' ? 'added' : status === 'updated' ? 'updated' : 'unchanged']--
  sheet.preview.rejected++
}

/** Says which day a daily-figure sheet is read for when it is not its own, or not the batch's. */
function noteDate(sheet: SheetAcc, own: string | undefined, rows: readonly FigureRow[], plan: Plan): void {
  if (own) {
    sheet.preview.dateFrom = sheet.preview.dateFrom ?? 'sheet'
    if (own !== plan.date) sheet.problems.warn(`本表的日期是 ${own}，与报送日期 ${plan.date} 不同，按本表的日期导入。`)
    return
  }
  const without = rows.filter((r) => r.date === undefined).length
  if (without === 0) return
  plan.sheetsWithoutDate++
  if (without === rows.length) {
    sheet.preview.dateFrom = 'batch'
    sheet.problems.warn(`表内和文件名中都没有填报日期，按报送日期 ${plan.date} 导入。`)
  } else sheet.problems.warn(`${without} 行没有填日期，按报送日期 ${plan.date} 导入。`)
}

/** A sheet without a township line is for the township its villages are in, when they are all in one. */
function inferTownship(ctx: Ctx, sheet: SheetAcc, villages: string[]): void {
  if (sheet.preview.townshipCode) return
  const town = commonValue(villages.map((v) => ctx.division(v)?.parentCode ?? ''))
  if (!town) return
  sheet.preview.townshipCode = sheet.batch.townshipCode = town
  sheet.preview.townshipName = ctx.division(town)?.name ?? town
}

function commonValue(values: string[]): string | undefined {
  const set = new Set(values)
  return set.size === 1 ? values[0] : undefined
}

/**
 * Each header column, what it was read as, and (for daily figures, where the office chooses what a
 * column is) the first values under it — a value shaped like an ID number, phone or bank card masked.
 */
function columnReadings(kind: SheetResult['kind'], header: SheetHeader, table: SheetTable): ColumnReading[] {
  const below: string[][] = []
  for (let r = header.lastRow; kind === 'figures' && r < table.rows.length && below.length < SAMPLES; r++) {
    const cells = table.rows[r] ?? []
    if (cells.some((c) => c !== '')) below.push(cells)
  }
  return header.cells.map((c) => {
    const out: ColumnReading = { index: c.index, label: c.label, how: c.how, samples: below.map((cells) => maskCellText(cells[c.index] ?? '')) }
    if (c.key) out.as = c.key
    return out
  })
}

function openSheet(acc: FileAcc, s: SheetResult, places: Places, table: SheetTable): SheetAcc {
  const scope = s.data.scope
  const preview: SheetPreview = {
    key: `${acc.preview.index}:${s.index}`,
    kind: s.kind,
    dataRows: s.data.dataRows,
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: s.data.rejected,
    held: s.kind === 'figures' ? s.data.held : 0,
    columns: columnReadings(s.kind, s.header, table),
    figures: [],
    households: [],
    plans: [],
  }
  if (s.name !== undefined) preview.sheet = s.name
  if (!scope.ok) preview.refused = true
  if (s.kind === 'figures' && s.data.pending) preview.pending = s.data.pending
  const m = s.header.mapping
  if (m) preview.mapping = { id: m.id, serial: m.serial, confirmedBy: m.confirmedBy, confirmedAt: m.confirmedAt }
  if (s.kind === 'figures' && scope.dateFrom) preview.dateFrom = scope.dateFrom
  if (scope.county) preview.countyName = places.name(scope.county)
  if (scope.townships.length === 1) {
    preview.townshipCode = scope.townships[0]!
    preview.townshipName = places.name(preview.townshipCode)
  }
  const batch: ImportBatchSheet = { kind: s.kind, added: 0, updated: 0, unchanged: 0, skipped: 0, rejected: 0 }
  if (s.name !== undefined) batch.sheet = s.name
  if (preview.townshipCode) batch.townshipCode = preview.townshipCode
  if (m) batch.mapping = m.serial
  const sheet: SheetAcc = { file: acc.preview.fileName, preview, batch, problems: new ProblemList(acc.preview.fileName, s.name), header: s.header }
  acc.sheets.push(sheet)
  acc.preview.sheets.push(preview)
  return sheet
}

function label(sheet: SheetAcc, ...keys: ColumnKey[]): string | undefined {
  for (const k of keys) {
    const c = sheet.header.columns.get(k)
    if (c) return c.label
  }
  return undefined
}

const PLAN_FIELDS = ['route', 'targetHouseholds', 'contractor', 'deadline', 'figureSource'] as const

function planVillage(
  ctx: Ctx,
  plan: Plan,
  sheet: SheetAcc,
  row: PlanRow,
  seen: Map<string, { p: PlannedPlan; file: string; sheet?: string; row: number }>,
  batchPlans: Map<string, VillagePlan>,
): void {
  const village = ctx.division(row.villageCode)!
  const where = { file: sheet.file, sheet: sheet.preview.sheet }
  const placeCol = label(sheet, 'village', 'villageCode')
  const reject = (message: string, column = placeCol) => {
    sheet.problems.error(message, row.row, column)
    sheet.preview.rejected++
  }
  const stored = ctx.plan(row.villageCode)
  const f = row.fields
  const next: Partial<VillagePlan> = { villageCode: row.villageCode }
  next.route = f.route ?? stored?.route
  next.targetHouseholds = f.target ?? stored?.targetHouseholds
  next.contractor = f.contractor ?? stored?.contractor ?? ''
  next.deadline = f.deadline ?? stored?.deadline
  next.figureSource = f.figureSource ?? stored?.figureSource ?? 'counts'
  const lacking = [
    next.route === undefined ? label(sheet, 'route') ?? '改造路线' : undefined,
    next.targetHouseholds === undefined ? label(sheet, 'target') ?? '任务户数' : undefined,
    next.deadline === undefined ? label(sheet, 'deadline') ?? '完成时限' : undefined,
  ].filter((x): x is string => x !== undefined)
  if (lacking.length > 0) return reject(`${village.name}还没有改造计划，新计划要填写${lacking.join('、')}。`)
  const p = next as VillagePlan

  const first = seen.get(row.villageCode)
  if (first) {
    const ref = rowRef(first.file, first.sheet, first.row, where)
    if (samePlan(first.p.plan, p)) {
      sheet.problems.warn(`${village.name}的计划与${ref}相同，只导入一次。`, row.row, placeCol)
      return
    }
    if (!first.p.rejected) {
      const back = rowRef(where.file, where.sheet, row.row, { file: first.file, sheet: first.sheet })
      first.p.sheet.problems.error(`${village.name}的计划与${back}不同，无法确定哪个对，两行都没有导入。`, first.row, label(first.p.sheet, 'village', 'villageCode'))
      first.p.rejected = true
    }
    return reject(`${village.name}的计划与${ref}不同，无法确定哪个对，两行都没有导入。`)
  }
  const status: RowStatus = !stored ? 'new' : samePlan(stored, p) ? 'unchanged' : 'updated'
  if (stored && stored.targetHouseholds !== p.targetHouseholds) {
    sheet.problems.warn(`任务调整：${village.name}的任务户数由 ${stored.targetHouseholds} 改为 ${p.targetHouseholds}。`, row.row, label(sheet, 'target'))
  }
  const township = ctx.division(village.parentCode)
  const change: PlanChange = { row: row.row, villageCode: row.villageCode, villageName: village.name, townshipName: township?.name ?? '', status, plan: p }
  if (stored) change.stored = stored
  const planned: PlannedPlan = { plan: p, status, sheet, change, rejected: false }
  plan.plans.push(planned)
  batchPlans.set(row.villageCode, p)
  if (sheet.preview.plans.length < MAX_LISTED_PLANS) sheet.preview.plans.push(change)
  sheet.preview[status === 'new' ? 'added' : status === 'updated' ? 'updated' : 'unchanged']++
  seen.set(row.villageCode, { p: planned, file: where.file, sheet: where.sheet, row: row.row })
}

function samePlan(a: VillagePlan, b: VillagePlan): boolean {
  return PLAN_FIELDS.every((k) => a[k] === b[k])
}

function planFigure(
  ctx: Ctx,
  plan: Plan,
  sheet: SheetAcc,
  row: FigureRow,
  seen: Map<string, { p: PlannedFigure; file: string; sheet?: string; row: number }>,
  routes: readonly RouteDef[],
  planOf: (v: string) => VillagePlan | undefined,
): void {
  const village = ctx.division(row.villageCode)!
  const vplan = planOf(row.villageCode)
  const where = { file: sheet.file, sheet: sheet.preview.sheet }
  const placeCol = label(sheet, 'village', 'villageCode')
  const reject = (message: string, column = placeCol) => {
    sheet.problems.error(message, row.row, column)
    sheet.preview.rejected++
  }
  if (!vplan) return reject(`${village.name}还没有改造计划，不能导入进度。请先在“区划与村庄”中设置它的改造路线和任务户数。`)
  if (vplan.figureSource === 'households') {
    return reject(`${village.name}的进度按农户信息自动统计，表中这一行的户数没有导入。如需直接填报，请把它的“进度来源”改为“直接填报户数”。`)
  }
  const date = row.date ?? plan.date
  const key = figureKey(row.villageCode, date)
  const stored = ctx.store.get('figures', key)
  const previous = ctx.figureAsOf(row.villageCode, addDays(date, -1))
  // A blank cell (or a column the layout has not got) is no drop: it keeps the last stored value.
  const base = stored ?? previous
  const counts = emptyCounts()
  const carried: Array<StageKey | 'networkKm'> = []
  for (const k of STAGE_KEYS) {
    const v = row.counts[k]
    if (v !== undefined) counts[k] = v
    else {
      counts[k] = base?.counts[k] ?? 0
      carried.push(k)
    }
  }
  if (row.networkKm === undefined) carried.push('networkKm')
  const fig: DailyFigure = { villageCode: row.villageCode, date, counts, networkKm: row.networkKm ?? base?.networkKm ?? 0, source: 'import' }

  const first = seen.get(key)
  if (first) {
    const ref = rowRef(first.file, first.sheet, first.row, where)
    if (sameFigure(first.p.fig, fig)) {
      sheet.problems.warn(`${village.name} ${date} 的数字与${ref}相同，只导入一次。`, row.row, placeCol)
      return
    }
    // Both rows are named, each in its own file's list.
    if (!first.p.rejected) {
      const back = rowRef(where.file, where.sheet, row.row, { file: first.file, sheet: first.sheet })
      first.p.sheet.problems.error(`${village.name} ${date} 的数字与${back}不同，无法确定哪个对，两行都没有导入。`, first.row, label(first.p.sheet, 'village', 'villageCode'))
      first.p.rejected = true
    }
    return reject(`${village.name} ${date} 的数字与${ref}不同，无法确定哪个对，两行都没有导入。`)
  }

  const before = sheet.problems.items.length
  const names = stageNames(routes, vplan.route)
  // Blank cells of columns the sheet has (the sheet itself says which columns it has not got).
  const blank = carried.filter((k): k is StageKey => k !== 'networkKm' && sheet.header.columns.has(k))
  if (blank.length > 0) {
    const message = base
      ? `空白的单元格沿用上次的数（${base.date}）：${blank.map((k) => `${names[k]} ${base.counts[k]} 户`).join('、')}。`
      : `空白的单元格按 0 计（此前没有这个村的数字）：${blank.map((k) => names[k]).join('、')}。`
    sheet.problems.warn(message, row.row, label(sheet, blank[0]!))
  }
  const checks = { counts: fig.counts, networkKm: fig.networkKm, stageNames: names, target: vplan.targetHouseholds }
  for (const issue of figureIssues(previous ? { ...checks, previous } : checks)) {
    const column = issue.stages[0] ? label(sheet, issue.stages[0]) : label(sheet, 'networkKm')
    sheet.problems.warn(issue.message, row.row, column)
  }
  if (row.target !== undefined && row.target !== vplan.targetHouseholds) {
    sheet.problems.warn(`表中任务户数 ${row.target} 与改造计划的 ${vplan.targetHouseholds} 不同，以改造计划为准。`, row.row, label(sheet, 'target'))
  }
  const status: RowStatus = !stored ? 'new' : sameFigure(stored, fig) ? 'unchanged' : 'updated'
  const change: FigureChange = {
    row: row.row,
    villageCode: row.villageCode,
    villageName: village.name,
    date,
    status,
    counts: fig.counts,
    networkKm: fig.networkKm,
    warnings: sheet.problems.items.length - before,
  }
  if (carried.length > 0) change.carried = carried
  if (stored) change.stored = { counts: stored.counts, networkKm: stored.networkKm, source: stored.source }
  const p: PlannedFigure = { fig, status, sheet, change, rejected: false }
  plan.figures.push(p)
  sheet.preview.figures.push(change)
  sheet.preview[status === 'new' ? 'added' : status === 'updated' ? 'updated' : 'unchanged']++
  seen.set(key, { p, file: where.file, sheet: where.sheet, row: row.row })
}

interface RosterState {
  idAt: Map<string, { file: string; sheet?: string; row: number }>
  userCodeAt: Map<string, { file: string; sheet?: string; row: number }>
  matched: Map<string, { file: string; sheet?: string; row: number }>
  villageCache: Map<string, VillageHouseholds>
}

function planHousehold(
  ctx: Ctx,
  plan: Plan,
  sheet: SheetAcc,
  row: RosterRow,
  state: RosterState,
  routes: readonly RouteDef[],
  planOf: (v: string) => VillagePlan | undefined,
): void {
  const f = row.fields
  const village = ctx.division(row.villageCode)!
  const where = { file: sheet.file, sheet: sheet.preview.sheet }
  const here = { file: where.file, sheet: where.sheet, row: row.row }
  const reject = (message: string, column: string | undefined) => {
    sheet.problems.error(message, row.row, column)
    sheet.preview.rejected++
  }
  const idCol = label(sheet, 'idNumber')
  if (f.idNumber) {
    const first = state.idAt.get(f.idNumber)
    if (first) return reject(`身份证号与${rowRef(first.file, first.sheet, first.row, where)}重复，同一个人只能是一户的户主。`, idCol)
  }
  const codeKey = f.userCode ? `${row.villageCode}|${f.userCode}` : undefined
  if (codeKey) {
    const first = state.userCodeAt.get(codeKey)
    if (first) return reject(`用户编码 ${f.userCode} 与${rowRef(first.file, first.sheet, first.row, where)}重复。`, label(sheet, 'userCode'))
  }

  // The same household: by 用户编码, else by ID number, else by a name no one else in the village has.
  const known = villageHouseholds(ctx, state.villageCache, row.villageCode)
  let stored = (f.userCode && known.byUserCode.get(f.userCode)) || (f.idNumber && known.byId.get(f.idNumber)) || undefined
  if (!stored) {
    const named = known.byName.get(f.headName) ?? []
    const candidates = named.filter((h) => !(h.idNumber && f.idNumber) && !(h.userCode && f.userCode))
    if (candidates.length > 1) {
      return reject(`${village.name}有 ${candidates.length} 户户主叫“${f.headName}”，无法确定是哪一户。请填写身份证号或用户编码。`, label(sheet, 'headName'))
    }
    stored = candidates[0]
  }
  if (stored) {
    const first = state.matched.get(stored.id)
    if (first) return reject(`与${rowRef(first.file, first.sheet, first.row, where)}是同一户（${stored.headName}，编号 ${stored.id}）。`, label(sheet, 'headName'))
  }
  if (f.idNumber) {
    const others = householdsWithId(ctx, f.idNumber, row.villageCode).filter((id) => id !== stored?.id)
    for (const id of others) {
      const o = ctx.store.get('households', id)
      if (!o) continue
      const ov = ctx.division(o.villageCode)
      if (o.villageCode === row.villageCode) {
        return reject(`身份证号与本村农户“${o.headName}”（编号 ${o.id}）重复。`, idCol)
      }
      sheet.problems.warn(`身份证号与${ov?.name ?? o.villageCode}的农户“${o.headName}”（编号 ${o.id}）重复，请核实是否同一人。`, row.row, idCol)
    }
  }
  if (f.idNumber) state.idAt.set(f.idNumber, here)
  if (codeKey) state.userCodeAt.set(codeKey, here)

  let h: Household
  if (stored) {
    state.matched.set(stored.id, here)
    h = { ...stored, headName: f.headName, route: f.route ?? stored.route, stage: f.stage ?? stored.stage }
    for (const k of ['idNumber', 'phone', 'address', 'userCode', 'contractor', 'meterNo', 'meterType'] as const) if (f[k]) h[k] = f[k]
  } else {
    const counterKey = `households:${row.villageCode}`
    const serial = (plan.counters.get(counterKey) ?? ctx.store.get('counters', counterKey) ?? 0) + 1
    plan.counters.set(counterKey, serial)
    const id = `${row.villageCode}-${String(serial).padStart(6, '0')}`
    h = { id, villageCode: row.villageCode, headName: f.headName, route: f.route ?? planOf(row.villageCode)!.route, stage: f.stage ?? 'none' }
    for (const k of ['idNumber', 'phone', 'address', 'userCode', 'contractor', 'meterNo', 'meterType'] as const) if (f[k]) h[k] = f[k]
    const list = plan.newIds.get(row.villageCode)
    if (list) list.push(id)
    else plan.newIds.set(row.villageCode, [id])
  }
  if (!routes.some((r) => r.id === h.route)) return reject(`没有编号为“${h.route}”的改造路线。`, label(sheet, 'route'))
  const status: RowStatus = !stored ? 'new' : JSON.stringify(stored) === JSON.stringify(h) ? 'unchanged' : 'updated'
  plan.households.push({ h, status, sheet })
  if (status !== 'unchanged') plan.touchedVillages.add(row.villageCode)
  sheet.preview[status === 'new' ? 'added' : status === 'updated' ? 'updated' : 'unchanged']++
  if (sheet.preview.households.length < MAX_LISTED_HOUSEHOLDS) {
    const change: HouseholdChange = { row: row.row, villageCode: row.villageCode, villageName: village.name, headName: h.headName, stage: h.stage, status }
    if (h.idNumber) change.idNumber = maskIdNumber(h.idNumber)!
    if (stored) change.householdId = stored.id
    sheet.preview.households.push(change)
  }
}

function finishFile(acc: FileAcc): void {
  const order = new Map(acc.sheets.map((s, i) => [s.preview.sheet, i]))
  const sheetOf = (p: ImportProblem) => (p.where.sheet === undefined || !order.has(p.where.sheet) ? -1 : order.get(p.where.sheet)!)
  const all = [...acc.problems, ...acc.sheets.flatMap((s) => s.problems.items)]
  all.sort((a, b) => sheetOf(a) - sheetOf(b) || byRow(a, b))
  acc.preview.errors = all.filter((p) => p.severity === 'error').length
  acc.preview.warnings = all.length - acc.preview.errors
  acc.preview.problems = all.slice(0, MAX_LISTED_PROBLEMS)
  for (const s of acc.sheets) {
    s.batch.added = s.preview.added
    s.batch.updated = s.preview.updated
    s.batch.unchanged = s.preview.unchanged
    s.batch.rejected = s.preview.rejected
    if (s.preview.held > 0) s.batch.held = s.preview.held
  }
}

export function derivedVillages(ctx: Ctx, plan: Plan): string[] {
  const planned = new Map(plan.plans.map((p) => [p.plan.villageCode, p.plan]))
  return [...plan.touchedVillages].filter((v) => (planned.get(v) ?? ctx.plan(v))?.figureSource === 'households').sort()
}

/** The townships with nothing for each day, once this batch's figures are in. */
export function reportingAfter(ctx: Ctx, plan: Plan | null, dates: readonly string[]): ReportingAfter[] {
  return dates.map((date) => {
    const status = reportingStatus(ctx, { date })
    const sent = new Set(plan ? plan.figures.filter((p) => p.fig.date === date).map((p) => ctx.division(p.fig.villageCode)?.parentCode) : [])
    // An account's 未上报 is of the townships within its division.
    const townships = status.townships.filter((t) => inScope(ctx, t.townshipCode))
    const unreported = status.unreported.filter((t) => inScope(ctx, t.townshipCode) && !sent.has(t.townshipCode))
    return { date, expected: townships.length, unreported }
  })
}

export function figureDates(plan: Plan): string[] {
  return [...new Set(plan.figures.map((p) => p.fig.date))].sort()
}

export function totalsOf(plan: Plan, kind: ImportKind): RowTotals {
  const t = { added: 0, updated: 0, unchanged: 0, rejected: 0, held: 0 }
  for (const f of plan.files) {
    for (const s of f.preview.sheets) {
      if (s.kind !== kind) continue
      t.added += s.added
      t.updated += s.updated
      t.unchanged += s.unchanged
      t.rejected += s.rejected
      t.held += s.held
    }
  }
  return t
}
