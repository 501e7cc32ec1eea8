// 报送导入: files from townships are added to an import batch held in memory, previewed against the
// data as it is now (what is new, changed, unchanged, and every problem), then committed in ONE
// transaction — every accepted row or none — or cancelled.

import { randomUUID } from 'node:crypto'
import type { FilePreview, ImportBatch, ImportBatchSheet, ImportCommitResult, ImportReview, Input } from '../contract'
import type { DailyFigure } from '../domain/types'
import { AppError } from '../errors'
import { LIMITS, n, overLimit, uploadBytes } from '../import/limits'
import { readSubmission, type SubmissionFile, unreadable } from '../import/submission'
import { figureKey } from '../store/collections'
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
  touched: number
  files: PlanFile[]
  /** cells of its files' sheets, all kept in memory (LIMITS.batchCells) */
  cells: number
  /** the plan of the whole batch and the state it was made in (see `stateOf`) */
  plan?: { state: string; plan: Plan }
  /** the state the last review showed: a commit against any other must be previewed again */
  reviewed?: string
}

/** What a plan depends on besides the files: the data (its log position) and the day. */
function stateOf(ctx: Ctx, s: Session): string {
  return `${ctx.store.lastSeq}|${s.files.length}|${ctx.today()}`
}

/** The batch's plan, made again only when the data, the files or the day changed. */
function planOf(ctx: Ctx, s: Session): Plan {
  const state = stateOf(ctx, s)
  if (s.plan?.state !== state) s.plan = { state, plan: buildPlan(ctx, s.files) }
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
  if (!s) {
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
    s = { id: randomUUID(), touched: Date.now(), files: [], cells: 0 }
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
  const plan = buildPlan(ctx, [file], earlier)
  // A batch of one file is planned already (a big roster need not be read twice).
  if (s.files.length === 1) s.plan = { state: stateOf(ctx, s), plan }
  return { sessionId: s.id, file: plan.files[0]!.preview }
}

function cellsOf(f: SubmissionFile): number {
  return f.sheets.reduce((sum, sheet) => sum + sheet.rows.reduce((k, r) => k + r.length, 0), 0)
}

export function review(ctx: Ctx, input: Input<'imports.review'>): ImportReview {
  const s = session(ctx, input.sessionId)
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
      figures: totalsOf(plan, 'figures'),
      households: totalsOf(plan, 'roster'),
      errors: files.reduce((n, f) => n + f.errors, 0),
      warnings: files.reduce((n, f) => n + f.warnings, 0),
    },
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
  const result: ImportCommitResult = {
    figures: { added: 0, replaced: 0, unchanged: 0, skipped: 0, rejected: totalsOf(plan, 'figures').rejected },
    households: { added: 0, updated: 0, unchanged: 0, rejected: totalsOf(plan, 'roster').rejected },
    derivedVillages: 0,
    reporting: [],
  }
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

  if (figures.length > 0 || households.length > 0) {
    ctx.write((tx) => {
      for (const f of figures) tx.put('figures', figureKey(f.villageCode, f.date), f)
      for (const p of households) tx.put('households', p.h.id, p.h)
      for (const [key, serial] of plan.counters) tx.put('counters', key, serial)
      for (const v of derived) deriveFigure(ctx, tx, v, plan.newIds.get(v) ?? [])
      const serial = (tx.get('counters', 'imports') ?? 0) + 1
      tx.put('counters', 'imports', serial)
      const batchId = `I${String(serial).padStart(6, '0')}`
      const at = ctx.now().toISOString()
      const batch: ImportBatch = { id: batchId, at, who: ctx.who, files: [] }
      for (const f of plan.files) {
        if (f.preview.status !== 'ok' || !f.hash) continue
        const sheets = f.sheets.map((x) => records.get(x)!)
        batch.files.push({ fileName: f.preview.fileName, hash: f.hash, sheets })
        // Only a file stored in full is "already imported": one with rejected or skipped rows may come again.
        const complete = f.preview.errors === 0 && sheets.every((x) => x.skipped === 0)
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
  return { cancelled: sessions(ctx).delete(input.sessionId) }
}

export function history(ctx: Ctx, input: Input<'imports.history'>): ImportBatch[] {
  const all = [...ctx.store.values('imports')].sort((a, b) => b.id.localeCompare(a.id))
  return all.slice(0, input.limit ?? 50)
}
