// A payment batch (发放批次): the roster of subsidy lines paid together, or the reversal of some of them.

import type { Fen } from './money'
import type { LevelAmounts, Payee, SubsidyItem } from './policy'
import type { StageKey } from './types'

export interface BatchLine {
  householdId: string
  villageCode: string
  headName: string
  idNumber?: string
  bankCard?: string
  bankName?: string
  accountHolder?: string
  gasCardNo?: string
  payee: Payee
  amount: Fen
  byLevel: LevelAmounts
  /** the ledger entry recorded when the batch was paid */
  entryId?: string
}

export type BatchStatus = 'draft' | 'paid' | 'cancelled'

export interface PaymentBatch {
  id: string
  countyCode: string
  scopeCode: string
  scopeName: string
  season: string
  item: SubsidyItem
  minStage?: StageKey
  name: string
  /** a payment, or the reversal of (some lines of) a paid batch */
  kind: 'payment' | 'reversal'
  reverses?: string
  status: BatchStatus
  policyRevision: number
  lines: BatchLine[]
  total: Fen
  byLevel: LevelAmounts
  createdAt: string
  createdBy: string
  paidOn?: string
  paidAt?: string
  paidBy?: string
  voucherNo?: string
  cancelledAt?: string
  cancelledBy?: string
  reason?: string
}
