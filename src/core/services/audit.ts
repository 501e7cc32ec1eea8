// The audit trail as the office sees it: who changed what, when, from what to what.

import type { AuditEntry, AuditSummary, Input } from '../contract'
import type { Ctx } from './context'

export function history(ctx: Ctx, input: Input<'audit.history'>): AuditEntry[] {
  const rows = ctx.store.history(input.collection, input.key)
  const notes = ctx.store.history(`note:${input.collection}`, input.key)
  const all = [...rows, ...notes].sort((a, b) => b.entry.seq - a.entry.seq)
  return all.slice(0, input.limit ?? 200).map(({ entry, change }) => ({
    seq: entry.seq,
    at: entry.at,
    who: entry.who,
    method: entry.method,
    collection: change.c,
    key: change.k,
    before: change.b,
    after: change.a,
  }))
}

export function recent(ctx: Ctx, input: Input<'audit.recent'>): AuditSummary[] {
  return ctx.store.recent(input.limit ?? 50).map((e) => {
    const s: AuditSummary = { seq: e.seq, at: e.at, who: e.who, method: e.method, changes: e.changes.length }
    const first = e.changes[0]
    if (first) s.firstKey = first.k
    return s
  })
}
