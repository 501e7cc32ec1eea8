// 报送导入: files from townships are added to an import batch held in memory, previewed against the
// data as it is now (what is new, changed, unchanged, held for its columns, and every problem),
// then committed in ONE transaction — every accepted row or none — or cancelled. The columns of a
// sheet the importer could not settle are confirmed once per layout (imports.mapColumns) and kept.

import { randomUUID } from 'node:crypto'
import type { ColumnMapping, FilePreview, ImportBatch, ImportBatchSheet, ImportCommitResult, ImportReview, Input } from '../contract'
import { isSingle, isStage, MAPPED_COLUMNS, type MappedColumn } from '../domain/column-mapping'
import { batchPlaces } from '../domain/import-batch'
import type { DailyFigure } from '../domain/types'
import { AppError } from '../errors'
import type { ColumnKey } from '../import/columns'
import { LIMITS, n, overLimit, uploadBytes } from '../import/limits'
import { readSubmission, type SubmissionFile, unreadable } from '../import/submission'
import { isValidDate } from '../domain/dates'
import { figureKey } from '../store/collections'
import { inScope } from './access'
import type { Ctx } from './context'
import { deriveFigure } from './households'
import {
  buildPlan,
  derivedVillages,
  figureDates,
  type HashRecord,
  type Plan,
  type PlanFile,
  reportingAfter,
  type SheetAcc,
  totalsOf,
} from './import-plan'

/** An unfinished batch is dropped after this long without use. */
const SESSION_TTL_MS = 4 * 3600_000
const MAX_SESSIONS = 20
const MAX_FILES = 2000

interface Session {
  id: string
  /** the division of the account that opened it ('' for the whole area): its plan keeps to it, and only callers over the same division may use it */
  scope: string
  touched: number
  files: PlanFile[]
  /** cells of its files' sheets, all kept in memory (LIMITS.batchCells) */
  cells: number
  /** the plan of the whole batch and the state it was made in (see `stateOf`) */
  plan?: { state: string; plan: Plan }
  /** the state the last review showed: a commit against any other must be previewed again */
  reviewed?: string
  /** 报送日期 the caller chose (else the plan's suggestion) */
  date?: string
}

/** What a plan depends on besides the files: the data (its log position), the day and the 报送日期. */
function stateOf(ctx: Ctx, s: Session): string {
  return `${ctx.store.lastSeq}|${s.files.length}|${ctx.today()}|${s.date ?? ''}`
}

/** The batch's plan, made again only when the data, the files, the day or the 报送日期 changed. */
function planOf(ctx: Ctx, s: Session): Plan {
  const state = stateOf(ctx, s)
  if (s.plan?.state !== state) s.plan = { state, plan: buildPlan(ctx, s.files, s.date ? { date: s.date } : {}) }
  return s.plan.plan
}

/** Import sessions of the open folder (files read, preview shown, not yet committed). */
function sessions(ctx: Ctx): Map<string, Session> {
  const map = ctx.local('imports.sessions', () => new Map<string, Session>())
  const now = Date.now()
  for (const [id, s] of map) if (now - s.touched > SESSION_TTL_MS) map.delete(id)
  return map
}

function session(ctx: Ctx, id: string): Session {
  const s = sessions(ctx).get(id)
  // A batch opened over another division is not this caller's: it is answered like one that ended.
  if (!s || s.scope !== ctx.scope) {
    throw new AppError('not_found', '这个导入批次已经结束（已确认、已取消或超过 4 小时未操作），请重新选择文件。', { where: { field: 'sessionId' } })
  }
  s.touched = Date.now()
  return s
}

// ---------------------------------------------------------------------------------------------
// methods

export async function addFile(ctx: Ctx, input: Input<'imports.addFile'>): Promise<{ sessionId: string; file: FilePreview }> {
  const map = sessions(ctx)
  let s: Session
  if (input.sessionId) s = session(ctx, input.sessionId)
  else {
    if (map.size >= MAX_SESSIONS) {
      const oldest = [...map.values()].sort((a, b) => a.touched - b.touched)[0]!
      map.delete(oldest.id)
    }
    s = { id: randomUUID(), scope: ctx.scope, touched: Date.now(), files: [], cells: 0 }
    map.set(s.id, s)
  }
  if (s.files.length >= MAX_FILES) {
    throw new AppError('invalid_input', `一个导入批次最多 ${MAX_FILES} 个文件，请分批导入。`, { where: { file: input.file.fileName } })
  }
  let read: SubmissionFile
  try {
    read = await readSubmission(input.file.fileName, uploadBytes(input.file, 'table'))
    // The batch keeps every file's cells until it is committed or cancelled.
    const cells = cellsOf(read)
    if (s.cells + cells > LIMITS.batchCells) {
      throw overLimit(
        { file: input.file.fileName },
        `文件 ${input.file.fileName} 有 ${n(cells)} 个单元格，本批次已有 ${n(s.cells)} 个，合计超过了每个导入批次 ${n(LIMITS.batchCells)} 个的上限，这个文件不导入。请先确认导入本批次，再把其余文件放在新批次中导入。`,
      )
    }
  } catch (e) {
    // A file too big to take in is one unreadable file of the batch, like any other.
    if (!(e instanceof AppError)) throw e
    read = unreadable(input.file.fileName, e)
  }
  const file: PlanFile = { ...read, index: s.files.length }
  s.cells += cellsOf(file)
  const earlier = new Map<string, string>()
  for (const f of s.files) if (f.hash && !earlier.has(f.hash)) earlier.set(f.hash, f.fileName)
  s.files.push(file)
  const plan = buildPlan(ctx, [file], { batchHashes: earlier })
  // A batch of one file is planned already (a big roster need not be read twice).
  if (s.files.length === 1) s.plan = { state: stateOf(ctx, s), plan }
  return { sessionId: s.id, file: plan.files[0]!.preview }
}

function cellsOf(f: SubmissionFile): number {
  return f.sheets.reduce((sum, sheet) => sum + sheet.rows.reduce((k, r) => k + r.length, 0), 0)
}

export function review(ctx: Ctx, input: Input<'imports.review'>): ImportReview {
  const s = session(ctx, input.sessionId)
  if (input.date) {
    if (!isValidDate(input.date)) throw new AppError('invalid_input', `报送日期 ${input.date} 不是有效日期。`, { where: { field: 'date' } })
    if (input.date > ctx.today()) {
      throw new AppError('invalid_input', `报送日期 ${input.date} 晚于今天（${ctx.today()}），不能导入未来日期的数据。`, { where: { field: 'date' } })
    }
    s.date = input.date
  }
  const plan = planOf(ctx, s)
  s.reviewed = stateOf(ctx, s)
  const files = plan.files.map((f) => f.preview)
  const dates = figureDates(plan)
  return {
    sessionId: s.id,
    files,
    totals: {
      files: files.length,
      rejectedFiles: files.filter((f) => f.status === 'rejected').length,
      duplicateFiles: files.filter((f) => f.status === 'duplicate').length,
      pendingSheets: files.reduce((n, f) => n + f.sheets.filter((x) => x.pending).length, 0),
      figures: totalsOf(plan, 'figures'),
      households: totalsOf(plan, 'roster'),
      plans: totalsOf(plan, 'plans'),
      errors: files.reduce((n, f) => n + f.errors, 0),
      warnings: files.reduce((n, f) => n + f.warnings, 0),
    },
    reportDate: { date: plan.date, chosen: s.date !== undefined, suggested: plan.suggestedDate, sheetsWithout: plan.sheetsWithoutDate },
    dates,
    derivedVillages: derivedVillages(ctx, plan).length,
    reporting: reportingAfter(ctx, plan, dates),
  }
}

export function commit(ctx: Ctx, input: Input<'imports.commit'>): ImportCommitResult {
  const s = session(ctx, input.sessionId)
  if (s.reviewed !== stateOf(ctx, s)) {
    throw new AppError('conflict', '预览之后数据有了变化（或又加入了文件），请重新查看预览后再确认导入。', { where: { field: 'sessionId' } })
  }
  const plan = planOf(ctx, s)
  // The plan stays as reviewed (a failed write may be tried again): the record gets copies.
  const records = new Map(plan.files.flatMap((f) => f.sheets.map((x): [SheetAcc, ImportBatchSheet] => [x, { ...x.batch }])))
  const choice = (sheet: SheetAcc) => input.overrides?.[sheet.preview.key] ?? input.onConflict
  const figureTotals = totalsOf(plan, 'figures')
  const result: ImportCommitResult = {
    figures: { added: 0, replaced: 0, unchanged: 0, skipped: 0, rejected: figureTotals.rejected, held: figureTotals.held },
    households: { added: 0, updated: 0, unchanged: 0, rejected: totalsOf(plan, 'roster').rejected },
    plans: { added: 0, updated: 0, unchanged: 0, rejected: totalsOf(plan, 'plans').rejected },
    derivedVillages: 0,
    reporting: [],
  }
  const plans = plan.plans.filter((p) => p.status !== 'unchanged')
  for (const p of plan.plans) result.plans[p.status === 'new' ? 'added' : p.status === 'updated' ? 'updated' : 'unchanged']++
  const figures: DailyFigure[] = []
  for (const p of plan.figures) {
    if (p.status === 'unchanged') result.figures.unchanged++
    else if (p.status === 'new') {
      result.figures.added++
      figures.push(p.fig)
    } else if (choice(p.sheet) === 'replace') {
      result.figures.replaced++
      figures.push(p.fig)
    } else {
      result.figures.skipped++
      records.get(p.sheet)!.skipped++
      records.get(p.sheet)!.updated--
    }
  }
  const households = plan.households.filter((p) => p.status !== 'unchanged')
  for (const p of plan.households) result.households[p.status === 'new' ? 'added' : p.status === 'updated' ? 'updated' : 'unchanged']++
  const derived = derivedVillages(ctx, plan)
  result.derivedVillages = derived.length
  const villages = new Set([...plans.map((p) => p.plan.villageCode), ...figures.map((f) => f.villageCode), ...households.map((p) => p.h.villageCode), ...derived])
  // The plan keeps to the caller's division already; this is the last word before anything is written.
  const stray = [...villages].find((v) => !inScope(ctx, v))
  if (stray !== undefined) {
    throw new AppError('forbidden', `没有权限：${ctx.division(stray)?.name ?? stray}不在您的管辖范围内，本批没有导入。`, { where: { field: 'sessionId' } })
  }

  if (figures.length > 0 || households.length > 0 || plans.length > 0) {
    ctx.write((tx) => {
      for (const p of plans) tx.put('plans', p.plan.villageCode, p.plan)
      for (const f of figures) tx.put('figures', figureKey(f.villageCode, f.date), f)
      for (const p of households) tx.put('households', p.h.id, p.h)
      for (const [key, serial] of plan.counters) tx.put('counters', key, serial)
      // Plans written above are already what ctx.plan reads inside this transaction.
      for (const v of derived) deriveFigure(ctx, tx, v, plan.newIds.get(v) ?? [])
      const serial = (tx.get('counters', 'imports') ?? 0) + 1
      tx.put('counters', 'imports', serial)
      const batchId = `I${String(serial).padStart(6, '0')}`
      const at = ctx.now().toISOString()
      const places = [...new Set([...villages].map((v) => v.slice(0, 9)))].sort()
      const batch: ImportBatch = { id: batchId, at, who: ctx.who, date: plan.date, places, files: [] }
      for (const f of plan.files) {
        if (f.preview.status !== 'ok' || !f.hash) continue
        const sheets = f.sheets.map((x) => records.get(x)!)
        batch.files.push({ fileName: f.preview.fileName, hash: f.hash, sheets })
        // Only a file stored in full is "already imported": one with rejected, skipped or held rows may come again.
        const complete = f.preview.errors === 0 && sheets.every((x) => x.skipped === 0 && !x.held)
        if (complete) tx.put('importHashes', f.hash, { fileName: f.preview.fileName, at, batchId } satisfies HashRecord)
      }
      tx.put('imports', batchId, batch)
      result.batchId = batchId
    })
  }
  ctx.commit() // 未上报 after the import is read from the stored figures
  sessions(ctx).delete(s.id)
  result.reporting = reportingAfter(ctx, null, figureDates(plan))
  return result
}

export function cancel(ctx: Ctx, input: Input<'imports.cancel'>): { cancelled: boolean } {
  const s = sessions(ctx).get(input.sessionId)
  return { cancelled: s !== undefined && s.scope === ctx.scope && sessions(ctx).delete(s.id) }
}

export function history(ctx: Ctx, input: Input<'imports.history'>): ImportBatch[] {
  const all = [...ctx.store.values('imports')].sort((a, b) => b.id.localeCompare(a.id))
  // An account's 最近的导入 are the batches that wrote only within its division; the limit counts those.
  const mine = ctx.scope
    ? all.filter((b) => {
        const places = batchPlaces(b)
        return places !== undefined && places.length > 0 && places.every((p) => inScope(ctx, p))
      })
    : all
  return mine.slice(0, input.limit ?? 50)
}

// ---------------------------------------------------------------------------------------------
// column mappings

const KEY_NAMES: Partial<Record<ColumnKey, string>> = {
  village: '村名',
  villageCode: '村代码',
  township: '乡镇',
  county: '县区',
  date: '日期',
  target: '任务户数',
  networkKm: '管线公里数',
  seq: '序号',
  confirmed: '确户签约',
  network: '管网/线路',
  meter: '入户装表',
  equipment: '设备安装',
  connected: '点火通气/通电',
  accepted: '验收',
}

/** A mapping the office can stand behind: a village column, at least one stage, nothing read twice. */
function checkColumns(columns: readonly MappedColumn[], labels: readonly string[]): void {
  const first = new Map<MappedColumn, number>()
  columns.forEach((c, i) => {
    if (!isSingle(c)) return
    const at = first.get(c)
    if (at !== undefined) {
      throw new AppError('invalid_input', `“${labels[at] || `第 ${at + 1} 列`}”和“${labels[i] || `第 ${i + 1} 列`}”都读作“${KEY_NAMES[c] ?? c}”，每一项只能对应一列。`, {
        where: { column: labels[i] || String(i + 1) },
      })
    }
    first.set(c, i)
  })
  if (!columns.includes('village') && !columns.includes('villageCode')) {
    throw new AppError('invalid_input', '没有一列读作“村名”或“村代码”，无法知道每行是哪个村。', { where: { field: 'columns' } })
  }
  if (!columns.some(isStage)) throw new AppError('invalid_input', '没有一列读作某个阶段的户数，这种表没有可以导入的进度。', { where: { field: 'columns' } })
}

export function mapColumns(ctx: Ctx, input: Input<'imports.mapColumns'>): ColumnMapping {
  const s = session(ctx, input.sessionId)
  const plan = planOf(ctx, s)
  const [fileIndex, sheetIndex] = input.sheet.split(':').map(Number)
  const file = plan.files[fileIndex!]
  const sheet = file?.sheets.find((x) => x.preview.key === input.sheet)
  if (!file || !sheet || sheetIndex === undefined) {
    throw new AppError('not_found', `本批次没有编号为 ${input.sheet} 的工作表，请重新预览。`, { where: { field: 'sheet' } })
  }
  if (sheet.preview.kind !== 'figures') {
    throw new AppError('invalid_input', '只有进度日报表需要确认各列；花名册和任务清单按列名读取。', { where: { file: file.preview.fileName, sheet: sheet.preview.sheet } })
  }
  const cells = sheet.header.cells
  const columns: MappedColumn[] = cells.map((c) => (c.key && (MAPPED_COLUMNS as readonly string[]).includes(c.key) ? (c.key as MappedColumn) : 'ignored'))
  for (const c of input.columns) {
    if (c.index >= cells.length) {
      throw new AppError('invalid_input', `表头只有 ${cells.length} 列，没有第 ${c.index + 1} 列。`, { where: { field: 'columns' } })
    }
    columns[c.index] = c.as
  }
  const labels = cells.map((c) => c.label)
  checkColumns(columns, labels)
  const now = ctx.now().toISOString()
  const existing = ctx.store.get('columnMappings', sheet.header.layout)
  const mapping: ColumnMapping = existing
    ? { ...existing, columns, confirmedAt: now, confirmedBy: ctx.who }
    : {
        id: sheet.header.layout,
        serial: 0,
        kind: 'figures',
        headers: cells.map((c) => c.text),
        labels,
        columns,
        confirmedAt: now,
        confirmedBy: ctx.who,
        fileName: file.preview.fileName,
      }
  ctx.write((tx) => {
    if (!existing) {
      mapping.serial = (tx.get('counters', 'columnMappings') ?? 0) + 1
      tx.put('counters', 'columnMappings', mapping.serial)
    }
    tx.put('columnMappings', mapping.id, mapping)
  })
  return mapping
}

export function mappings(ctx: Ctx): ColumnMapping[] {
  return [...ctx.store.values('columnMappings')].sort((a, b) => a.serial - b.serial)
}

function requireMapping(ctx: Ctx, id: string): ColumnMapping {
  const m = ctx.store.get('columnMappings', id)
  if (!m) throw new AppError('not_found', '找不到这种表头的列对应（可能已被删除）。', { where: { field: 'id' } })
  return m
}

export function updateMapping(ctx: Ctx, input: Input<'imports.updateMapping'>): ColumnMapping {
  const m = requireMapping(ctx, input.id)
  if (input.columns.length !== m.headers.length) {
    throw new AppError('invalid_input', `这种表头有 ${m.headers.length} 列，给出的是 ${input.columns.length} 列。`, { where: { field: 'columns' } })
  }
  checkColumns(input.columns, m.labels)
  const next: ColumnMapping = { ...m, columns: [...input.columns], confirmedAt: ctx.now().toISOString(), confirmedBy: ctx.who }
  ctx.write((tx) => tx.put('columnMappings', m.id, next))
  return next
}

export function deleteMapping(ctx: Ctx, input: Input<'imports.deleteMapping'>): { deleted: boolean } {
  const m = requireMapping(ctx, input.id)
  ctx.write((tx) => tx.del('columnMappings', m.id))
  return { deleted: true }
}
