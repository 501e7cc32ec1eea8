// The money ledger's records and arithmetic: deposits (押金) and subsidy payments as append-only
// entries; a correction is a reversing entry (冲正) that names the entry it reverses.

import { type Fen, fen, yuanText } from './money'
import type { FundingLevel, LevelAmounts, Payee, SubsidyItem } from './policy'
import { addLevels, zeroLevels } from './policy'

export const DEPOSIT_KINDS = ['receive', 'refund', 'convert', 'offset'] as const
export type DepositKind = (typeof DEPOSIT_KINDS)[number]
export const DEPOSIT_KIND_LABEL: Record<DepositKind, string> = {
  receive: '收取押金',
  refund: '退还押金',
  convert: '转充燃气费',
  offset: '抵扣',
}

interface EntryBase {
  /** `${county}-${serial}`; a reversal is `${reversed id}-R`, so an entry can be reversed only once */
  id: string
  /** order of recording within the county (reversals included) */
  serial: number
  householdId: string
  villageCode: string
  /** always positive; a reversal's effect is the opposite of the entry it reverses */
  amount: Fen
  /** the business date (收款/退款日期), YYYY-MM-DD */
  date: string
  /** when it was recorded, ISO timestamp */
  at: string
  who: string
  note?: string
  /** the entry this one reverses */
  reverses?: string
}

export interface DepositEntry extends EntryBase {
  account: 'deposit'
  kind: DepositKind
  /** receipts only: `${county}-${year}-${serial}`, sequential per county and year */
  receiptNo?: string
  /** who handed the money over, when not the head of household */
  payer?: string
  /** conversions: the gas card credited */
  gasCardNo?: string
}

export interface SubsidyEntry extends EntryBase {
  account: 'subsidy'
  kind: 'pay'
  season: string
  item: SubsidyItem
  byLevel: LevelAmounts
  batchId: string
  payee: Payee
}

export type LedgerEntry = DepositEntry | SubsidyEntry

export const reversalId = (id: string) => `${id}-R`

/** received − refunded − converted − offset = balance, each net of reversals. */
export interface DepositTotals {
  received: Fen
  refunded: Fen
  converted: Fen
  offset: Fen
  balance: Fen
}

const TOTAL_FIELD: Record<DepositKind, Exclude<keyof DepositTotals, 'balance'>> = {
  receive: 'received',
  refund: 'refunded',
  convert: 'converted',
  offset: 'offset',
}

export function emptyDepositTotals(): DepositTotals {
  return { received: fen(0), refunded: fen(0), converted: fen(0), offset: fen(0), balance: fen(0) }
}

/** The signed change an entry makes to a household's deposit balance. */
export function balanceEffect(e: DepositEntry): number {
  const sign = e.reverses ? -1 : 1
  return (e.kind === 'receive' ? 1 : -1) * sign * e.amount
}

export function addDeposit(t: DepositTotals, e: DepositEntry): void {
  const field = TOTAL_FIELD[e.kind]
  t[field] = fen(t[field] + (e.reverses ? -e.amount : e.amount))
  t.balance = fen(t.balance + balanceEffect(e))
}

export function addDepositTotals(into: DepositTotals, t: DepositTotals): void {
  for (const k of ['received', 'refunded', 'converted', 'offset', 'balance'] as const) into[k] = fen(into[k] + t[k])
}

/**
 * Why a deposit operation would be refused, or null: taking money out (refund, conversion,
 * offset, or reversing a receipt) may never bring the balance below zero.
 */
export function depositProblem(balance: number, kind: DepositKind, amount: number, reversing: boolean): string | null {
  if (amount <= 0) return '金额应大于 0。'
  const out = reversing ? kind === 'receive' : kind !== 'receive'
  if (out && amount > balance) {
    const what = reversing ? `冲正这笔 ${yuanText(amount)} 元的收款` : `${DEPOSIT_KIND_LABEL[kind]} ${yuanText(amount)} 元`
    return `押金余额只有 ${yuanText(balance)} 元，不能${what}。`
  }
  return null
}

/** Subsidy paid per season and item, by funding level (net of reversals). */
export type SubsidyPaid = Map<string, LevelAmounts>
export const paidKey = (season: string, item: SubsidyItem) => `${season}|${item}`

export function addSubsidy(paid: SubsidyPaid, e: SubsidyEntry): void {
  const key = paidKey(e.season, e.item)
  let t = paid.get(key)
  if (!t) paid.set(key, (t = zeroLevels()))
  addLevels(t, e.byLevel, e.reverses ? -1 : 1)
}

export function levelSum(l: LevelAmounts): Fen {
  let s = 0
  for (const k of Object.keys(l) as FundingLevel[]) s += l[k]
  return fen(s)
}

/** 141021-2026-000012: county, year of the receipt's date, serial within that county and year. */
export function receiptNumber(county: string, year: string, serial: number): string {
  return `${county}-${year}-${String(serial).padStart(6, '0')}`
}
