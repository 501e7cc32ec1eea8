// Words for the ledger's statuses, actions and sources, and the finding kinds, shared by the
// problem ledger, the visits and the map pages.
import type { FlowAction } from '../../../../core/domain/problem-flow'
import type { ProblemSource, ProblemStatus } from '../../../../core/domain/problems'
import type { FindingKind } from '../../../../core/domain/visits'
import { t } from '../../i18n'

export const statusLabel = (s: ProblemStatus): string => t(`problems.status.${s}`)
export const actionLabel = (a: FlowAction | 'open'): string => t(`problems.action.${a}`)
export const sourceLabel = (s: ProblemSource): string => t(`value.source.${s}`)
export const kindLabel = (k: FindingKind): string => t(`visits.kind.${k}`)

/** YYYY-MM-DD plus n days, for default deadlines. */
export function plusDays(ymd: string, n: number): string {
  const d = new Date(`${ymd}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
