// A township's daily figures submitted in the browser (网上填报), as the data folder keeps it until
// the office accepts or returns it — and afterwards, as the record of who reported what.

import type { StageCounts } from './types'

/** pending: 待审核; accepted: 已接收 (stored as figures); returned: 已退回 (with a reason); replaced: a later submission of the same day took its place */
export type SubmissionStatus = 'pending' | 'accepted' | 'returned' | 'replaced'

export interface SubmissionRow {
  villageCode: string
  counts: StageCounts
  networkKm: number
  /** stages (and `networkKm`) left blank, filled from the village's last figure */
  kept?: string[]
}

export interface Submission {
  /** `${date}-${townshipCode}-${n}`: filed per month by its date */
  id: string
  townshipCode: string
  date: string
  rows: SubmissionRow[]
  status: SubmissionStatus
  /** the account that submitted (its id), and how the trail names it */
  account?: string
  by: string
  submittedAt: string
  fileName?: string
  warnings: number
  decidedBy?: string
  decidedAt?: string
  reason?: string
  result?: { added: number; replaced: number; unchanged: number; skipped: number }
}

export const submissionId = (date: string, townshipCode: string, n: number) => `${date}-${townshipCode}-${n}`
