// 撤销导入: a committed batch is undone by one new transaction that puts back what the batch's own
// log entry says it changed (figures, households, plans) — read from the audit trail, so nothing
// extra is kept for it. A record changed again since, or still in use, is left as it is and listed;
// serial numbers never go back.

import type { Input, UndoConflict, UndoCounts, UndoPreview, UndoResult } from '../contract'
import type { DailyFigure, Household, VillagePlan } from '../domain/types'
import { AppError } from '../errors'
import type { Change } from '../store/store'
import { inScope } from './access'
import type { Ctx } from './context'
import { moneyIndex } from './money-index'

type Undoable = 'figures' | 'households' | 'plans'
const UNDOABLE: readonly string[] = ['figures', 'households', 'plans']

/** Later changes looked up by name in the audit trail (each is an index read). */
const MAX_NAMED_CONFLICTS = 50

interface UndoPlan {
  batchId: string
  at: string
  who: string
  restore: Array<{ c: Undoable; k: string; to: unknown }>
  conflicts: UndoConflict[]
  /** content hashes the batch recorded: dropped, so its files may be imported again */
  hashes: string[]
  counts: UndoCounts
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

function label(ctx: Ctx, c: Undoable, k: string, value: unknown): string {
  if (c === 'figures') {
    const [village, date] = k.split('|') as [string, string]
    return `${ctx.division(village)?.name ?? village} ${date}`
  }
  if (c === 'plans') return `${ctx.division(k)?.name ?? k} 改造计划`
  const h = value as { headName?: string; villageCode?: string } | null
  const village = ctx.division(k.slice(0, 12))?.name ?? k.slice(0, 12)
  return `${village} ${h?.headName ?? ''}（${k}）`
}

/** Households that money records point at: deleting them would leave a deposit or a payment without its household. */
function householdsInUse(ctx: Ctx, ids: readonly string[]): Set<string> {
  const used = new Set<string>()
  const readings = new Map<string, Set<string>>()
  const money = moneyIndex(ctx)
  for (const id of ids) {
    const county = id.slice(0, 6)
    let withReadings = readings.get(county)
    if (!withReadings) {
      withReadings = new Set()
      if (ctx.store.partitionNames('meter-readings').includes(county)) {
        for (const key of ctx.store.partitionEntries('meter-readings', county).keys()) withReadings.add(key.split('|')[0]!)
      }
      readings.set(county, withReadings)
    }
    if (withReadings.has(id) || ctx.store.get('household-finance', id) || money.householdEntries(id).length > 0) used.add(id)
  }
  return used
}

function planUndo(ctx: Ctx, batchId: string): UndoPlan {
  const batch = ctx.store.get('imports', batchId)
  if (!batch) throw new AppError('not_found', `没有编号为 ${batchId} 的导入批次。`, { where: { field: 'batchId' } })
  if (batch.undone) {
    throw new AppError('conflict', `第 ${batchId} 批导入已于 ${batch.undone.at.slice(0, 16).replace('T', ' ')} 由 ${batch.undone.who} 撤销，不能再撤销一次。`, {
      where: { field: 'batchId' },
    })
  }
  // The whole entry of the commit: every record it changed, with before and after.
  const found = ctx.store.history([{ c: 'imports', k: batchId }], 100, true).find((h) => h.change.b === null && h.change.c === 'imports')
  if (!found) {
    throw new AppError('not_found', `审计记录中找不到第 ${batchId} 批导入写入的内容（可能来自恢复的备份），无法撤销。`, { where: { field: 'batchId' } })
  }
  const changes = found.entry.changes.filter((ch): ch is Change & { c: Undoable } => UNDOABLE.includes(ch.c))
  // What the batch wrote, as its own log entry says, decides: an account undoes only a batch wholly within its division.
  const stray = changes.find((ch) => !inScope(ctx, ch.k.slice(0, 12)))
  if (stray) {
    const village = ctx.division(stray.k.slice(0, 12))
    throw new AppError('forbidden', `没有权限：第 ${batchId} 批导入也改动了${village?.name ?? stray.k.slice(0, 12)}的数据，不在您的管辖范围（${ctx.division(ctx.scope)?.name ?? ctx.scope}）内，只有管辖全部范围的账号可以撤销这一批。`, {
      where: { field: 'batchId' },
    })
  }
  const plan: UndoPlan = { batchId, at: batch.at, who: batch.who, restore: [], conflicts: [], hashes: [], counts: { figures: 0, households: 0, plans: 0 } }
  const inBatch = new Set(changes.map((ch) => `${ch.c}\u0000${ch.k}`))

  const createdHouseholds = changes.filter((ch) => ch.c === 'households' && ch.b === null && same(ctx.store.get('households', ch.k), ch.a)).map((ch) => ch.k)
  const usedHouseholds = householdsInUse(ctx, createdHouseholds)

  for (const ch of changes) {
    const now = ctx.store.get(ch.c, ch.k)
    if (!same(now, ch.a)) {
      plan.conflicts.push({ collection: ch.c, key: ch.k, label: label(ctx, ch.c, ch.k, now ?? ch.a), reason: 'changed' })
      continue
    }
    if (ch.c === 'households' && usedHouseholds.has(ch.k)) {
      plan.conflicts.push({ collection: ch.c, key: ch.k, label: label(ctx, ch.c, ch.k, now), reason: 'inUse' })
      continue
    }
    // A plan the batch created is kept while the village has figures the batch did not write.
    if (ch.c === 'plans' && ch.b === null && ctx.figureDatesOf(ch.k).some((d) => !inBatch.has(`figures\u0000${ch.k}|${d}`))) {
      plan.conflicts.push({ collection: ch.c, key: ch.k, label: label(ctx, ch.c, ch.k, now), reason: 'inUse' })
      continue
    }
    plan.restore.push({ c: ch.c, k: ch.k, to: ch.b })
    plan.counts[ch.c]++
  }
  for (const ch of found.entry.changes) {
    if (ch.c !== 'importHashes' || ch.b !== null) continue
    if (ctx.store.get('importHashes', ch.k)?.batchId === batchId) plan.hashes.push(ch.k)
  }
  // Who changed them since, for the first few (the rest are listed without).
  for (const c of plan.conflicts.slice(0, MAX_NAMED_CONFLICTS)) {
    if (c.reason !== 'changed') continue
    const later = ctx.store.history([{ c: c.collection, k: c.key }], 1)[0]
    if (later && later.entry.seq > found.entry.seq) c.by = { who: later.entry.who, at: later.entry.at, method: later.entry.method }
  }
  return plan
}

export function undoPreview(ctx: Ctx, input: Input<'imports.undoPreview'>): UndoPreview {
  const batch = ctx.store.get('imports', input.batchId)
  if (batch?.undone) {
    return { batchId: batch.id, at: batch.at, who: batch.who, restore: { figures: 0, households: 0, plans: 0 }, conflicts: [], undone: batch.undone }
  }
  const plan = planUndo(ctx, input.batchId)
  return { batchId: plan.batchId, at: plan.at, who: plan.who, restore: plan.counts, conflicts: plan.conflicts }
}

export function undo(ctx: Ctx, input: Input<'imports.undo'>): UndoResult {
  const plan = planUndo(ctx, input.batchId)
  const batch = ctx.store.get('imports', input.batchId)!
  const restored = plan.restore.length
  ctx.write((tx) => {
    for (const r of plan.restore) {
      // The value is the one this very collection held before the batch (from its log entry).
      if (r.to === null || r.to === undefined) tx.del(r.c, r.k)
      else if (r.c === 'figures') tx.put('figures', r.k, r.to as DailyFigure)
      else if (r.c === 'households') tx.put('households', r.k, r.to as Household)
      else tx.put('plans', r.k, r.to as VillagePlan)
    }
    for (const h of plan.hashes) tx.del('importHashes', h)
    tx.put('imports', batch.id, { ...batch, undone: { at: ctx.now().toISOString(), who: ctx.who, restored, kept: plan.conflicts.length } })
  })
  return { batchId: plan.batchId, restored: plan.counts, kept: plan.conflicts }
}
