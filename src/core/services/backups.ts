// Restoring a backup, and undoing a restore. The store carries every serial number (receipt,
// household, batch numbers: the monotonic `counters`) over the restore, so none is ever reissued.

import type { Input } from '../contract'
import { AppError } from '../errors'
import type { Ctx } from './context'

function meta(ctx: Ctx, method: string) {
  return { who: ctx.who, from: ctx.caller.from, method }
}

export function restore(ctx: Ctx, input: Input<'backups.restore'>): { restored: string; undoId: string } {
  return ctx.store.restore(input.id, meta(ctx, 'backups.restore'))
}

export function undoRestore(ctx: Ctx): { restored: string } {
  const undo = ctx.store.listBackups().find((b) => b.reason === 'pre-restore')
  if (!undo) throw new AppError('not_found', '没有可以撤销的恢复操作。')
  ctx.store.restore(undo.id, meta(ctx, 'backups.undoRestore'))
  return { restored: undo.id }
}
