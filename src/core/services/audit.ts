// The audit trail as the office sees it: who changed what, when, from where, from what to what.
// Personal data in the before/after values is masked: the trail is read by whoever may read the
// records' history, and a full ID number there would be a reveal nobody asked for. A plan whose
// 任务户数 changed is marked as a 任务调整 with both values.

import type { AuditEntry, AuditSummary, Input } from '../contract'
import { maskPersonal } from '../domain/mask'
import { inScope } from './access'
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
    const adjusted = targetAdjusted(change.c, change.b, change.a)
    if (adjusted) e.targetAdjusted = adjusted
    return e
  })
}

/** How far back the trail is read for an account over one division, whose writes are among everyone's. */
const SCOPED_LOOKBACK = 5000

export function recent(ctx: Ctx, input: Input<'audit.recent'>): AuditSummary[] {
  const limit = input.limit ?? 50
  if (!ctx.scope) return ctx.store.recent(limit)
  // An entry is the caller's when the record it names first is keyed by a place within its division.
  return ctx.store
    .recent(Math.max(limit, SCOPED_LOOKBACK))
    .filter((e) => e.firstKey !== undefined && /^\d{6}/.test(e.firstKey) && inScope(ctx, e.firstKey))
    .slice(0, limit)
}

/** 任务调整: a plan's 任务户数 changed (a plan set for the first time is no adjustment). */
function targetAdjusted(collection: string, before: unknown, after: unknown): { from: number; to: number } | undefined {
  if (collection !== 'plans') return undefined
  const b = (before as { targetHouseholds?: unknown } | null)?.targetHouseholds
  const a = (after as { targetHouseholds?: unknown } | null)?.targetHouseholds
  return typeof b === 'number' && typeof a === 'number' && a !== b ? { from: b, to: a } : undefined
}
