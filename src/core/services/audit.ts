// The audit trail as the office sees it: who changed what, when, from where, from what to what.
// Personal data in the before/after values is masked: the trail is read by whoever may read the
// records' history, and a full ID number there would be a reveal nobody asked for.

import type { AuditEntry, AuditSummary, Input } from '../contract'
import { maskPersonal } from '../domain/mask'
import type { Ctx } from './context'

export function history(ctx: Ctx, input: Input<'audit.history'>): AuditEntry[] {
  const asked = input.records ?? [{ collection: input.collection!, key: input.key! }]
  const records = asked.flatMap((r) => [
    { c: r.collection, k: r.key },
    { c: `note:${r.collection}`, k: r.key },
  ])
  return ctx.store.history(records, input.limit ?? 200).map(({ entry, change }) => {
    const e: AuditEntry = {
      seq: entry.seq,
      at: entry.at,
      who: entry.who,
      method: entry.method,
      collection: change.c,
      key: change.k,
      before: maskPersonal(change.b),
      after: maskPersonal(change.a),
    }
    if (entry.from) e.from = entry.from
    return e
  })
}

export function recent(ctx: Ctx, input: Input<'audit.recent'>): AuditSummary[] {
  return ctx.store.recent(input.limit ?? 50)
}
