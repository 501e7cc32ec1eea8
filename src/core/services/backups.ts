// Restoring a backup (and undoing a restore) without letting serial numbers go backwards.

import type { Input } from '../contract'
import { AppError } from '../errors'
import type { Ctx } from './context'

/**
 * Receipt numbers, household numbers and batch numbers come from `counters`. A backup holds the
 * counters of its day; numbers given out since then are on paper (printed receipts, rosters), so
 * after a restore every counter continues from the higher of the two — never reissuing a number.
 */
function restoreKeepingCounters(ctx: Ctx, id: string): { restored: string; undoId: string } {
  const before = new Map<string, number>()
  for (const [k, v] of ctx.store.partitionEntries<unknown>('counters')) if (typeof v === 'number') before.set(k, v)
  const result = ctx.store.restore(id)
  ctx.write('backups.restore', (tx) => {
    for (const [k, n] of before) if (n > (tx.get<number>('counters', k) ?? 0)) tx.put('counters', k, n)
  })
  return result
}

export function restore(ctx: Ctx, input: Input<'backups.restore'>): { restored: string; undoId: string } {
  return restoreKeepingCounters(ctx, input.id)
}

export function undoRestore(ctx: Ctx): { restored: string } {
  const undo = ctx.store.listBackups().find((b) => b.reason === 'pre-restore')
  if (!undo) throw new AppError('not_found', '没有可以撤销的恢复操作。')
  restoreKeepingCounters(ctx, undo.id)
  return { restored: undo.id }
}
