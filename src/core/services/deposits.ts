// Deposits (押金): receive with a receipt number, refund, convert to gas credit, offset, reverse;
// balances per household and village. Every operation appends one entry in one transaction.

import type { HouseholdDeposits, Input, LedgerEntryView, VillageDeposits } from '../contract'
import {
  addDeposit,
  addDepositTotals,
  type DepositEntry,
  type DepositKind,
  type DepositTotals,
  depositProblem,
  emptyDepositTotals,
  type LedgerEntry,
  receiptNumber,
  reversalId,
} from '../domain/ledger'
import { type Fen, parseYuan } from '../domain/money'

import { AppError } from '../errors'
import type { Tx } from './context'
import type { Ctx } from './context'
import { moneyIndex } from './money-index'
import { businessDate, placeOf, requireHousehold } from './money-lookup'

const DATE_LABEL: Record<DepositKind, string> = { receive: '收款日期', refund: '退款日期', convert: '转充日期', offset: '抵扣日期' }
const AMOUNT_LABEL: Record<DepositKind, string> = { receive: '押金金额', refund: '退还金额', convert: '转充金额', offset: '抵扣金额' }

/** The next entry id of a county (inside the write, so ids and serials never repeat). */
export function nextEntrySerial(tx: Tx, county: string): { id: string; serial: number } {
  const key = `ledger:${county}`
  const serial = (tx.get('counters', key) ?? 0) + 1
  tx.put('counters', key, serial)
  return { id: `${county}-${String(serial).padStart(8, '0')}`, serial }
}

/** Puts a new entry; an id already taken is a programming error, never an overwrite. */
export function appendEntry(tx: Tx, e: LedgerEntry): void {
  if (tx.get('ledger', e.id)) throw new AppError('conflict', `记录 ${e.id} 已存在，账目只增不改。`)
  tx.put('ledger', e.id, e)
}

export function depositTotalsOf(ctx: Ctx, householdId: string): DepositTotals {
  const t = emptyDepositTotals()
  for (const e of moneyIndex(ctx).householdEntries(householdId)) if (e.account === 'deposit') addDeposit(t, e)
  return t
}

function positiveAmount(text: string, kind: DepositKind): Fen {
  const amount = parseYuan(text, AMOUNT_LABEL[kind], 'amount')
  if (amount <= 0) throw new AppError('invalid_input', `“${AMOUNT_LABEL[kind]}”应大于 0。`, { where: { field: 'amount' } })
  return amount
}

type DepositOpInput = { householdId: string; amount: string; date: string; note?: string; payer?: string; gasCardNo?: string }

function operate(ctx: Ctx, kind: DepositKind, input: DepositOpInput): DepositEntry {
  const h = requireHousehold(ctx, input.householdId)
  const amount = positiveAmount(input.amount, kind)
  const date = businessDate(ctx, input.date, DATE_LABEL[kind], 'date')
  if (kind !== 'receive') {
    const problem = depositProblem(depositTotalsOf(ctx, h.id).balance, kind, amount, false)
    if (problem) throw new AppError('conflict', `${h.headName}：${problem}`, { where: { field: 'amount' } })
  }
  const county = h.id.slice(0, 6)
  return ctx.write((tx) => {
    const { id, serial } = nextEntrySerial(tx, county)
    const entry: DepositEntry = {
      id,
      serial,
      account: 'deposit',
      kind,
      householdId: h.id,
      villageCode: h.villageCode,
      amount,
      date,
      at: ctx.now().toISOString(),
      who: ctx.who,
    }
    if (input.note) entry.note = input.note
    if (kind === 'receive') {
      // Numbered inside the same write as the deposit: a number is never skipped or given twice.
      const year = date.slice(0, 4)
      const key = `receipt:${county}:${year}`
      const n = (tx.get('counters', key) ?? 0) + 1
      tx.put('counters', key, n)
      entry.receiptNo = receiptNumber(county, year, n)
      if (input.payer) entry.payer = input.payer
    }
    if (kind === 'convert' && input.gasCardNo) entry.gasCardNo = input.gasCardNo
    appendEntry(tx, entry)
    return entry
  })
}

export const receive = (ctx: Ctx, input: Input<'deposits.receive'>) => operate(ctx, 'receive', input)
export const refund = (ctx: Ctx, input: Input<'deposits.refund'>) => operate(ctx, 'refund', input)
export const convert = (ctx: Ctx, input: Input<'deposits.convert'>) => operate(ctx, 'convert', input)
export const offset = (ctx: Ctx, input: Input<'deposits.offset'>) => operate(ctx, 'offset', input)

/** 冲正: a new entry with the opposite effect that names the one it reverses. */
export function reverse(ctx: Ctx, input: Input<'ledger.reverse'>): DepositEntry {
  const e = ctx.store.get('ledger', input.entryId)
  if (!e) throw new AppError('not_found', `找不到记录 ${input.entryId}。`, { where: { field: 'entryId' } })
  if (e.account === 'subsidy') {
    throw new AppError('conflict', `补贴发放记录只能通过冲正批次冲回（发放批次 ${e.batchId}）。`, { where: { field: 'entryId' } })
  }
  if (e.reverses) {
    throw new AppError('conflict', `记录 ${e.id} 本身是冲正记录，不能再冲正；如冲正有误，请重新登记原业务。`, { where: { field: 'entryId' } })
  }
  const done = ctx.store.get('ledger', reversalId(e.id))
  if (done) {
    throw new AppError('conflict', `记录 ${e.id} 已于 ${done.date} 冲正（${done.who}），不能重复冲正。`, { where: { field: 'entryId' } })
  }
  const date = businessDate(ctx, input.date, '冲正日期', 'date')
  if (date < e.date) throw new AppError('invalid_input', `冲正日期不能早于原记录日期 ${e.date}。`, { where: { field: 'date' } })
  const h = requireHousehold(ctx, e.householdId)
  const problem = depositProblem(depositTotalsOf(ctx, h.id).balance, e.kind, e.amount, true)
  if (problem) throw new AppError('conflict', `${h.headName}：${problem}请先冲正其后的退还、转充或抵扣。`, { where: { field: 'entryId' } })
  return ctx.write((tx) => {
    const { serial } = nextEntrySerial(tx, e.householdId.slice(0, 6))
    const r: DepositEntry = {
      id: reversalId(e.id),
      serial,
      account: 'deposit',
      kind: e.kind,
      householdId: e.householdId,
      villageCode: e.villageCode,
      amount: e.amount,
      date,
      at: ctx.now().toISOString(),
      who: ctx.who,
      note: input.reason,
      reverses: e.id,
    }
    appendEntry(tx, r)
    return r
  })
}

/** Entries with the reversal that cancelled each, if any. */
export function withReversals(entries: readonly LedgerEntry[]): LedgerEntryView[] {
  const reversedBy = new Map<string, string>()
  for (const e of entries) if (e.reverses) reversedBy.set(e.reverses, e.id)
  return entries.map((e) => {
    const by = reversedBy.get(e.id)
    return by ? { ...e, reversedBy: by } : { ...e }
  })
}

export function placeText(ctx: Ctx, villageCode: string): string {
  const p = placeOf(ctx, villageCode)
  return [p.county, p.township, p.village].filter(Boolean).join(' / ')
}

export function household(ctx: Ctx, input: Input<'deposits.household'>): HouseholdDeposits {
  const h = requireHousehold(ctx, input.householdId)
  const entries = moneyIndex(ctx).householdEntries(h.id).filter((e) => e.account === 'deposit')
  return {
    householdId: h.id,
    headName: h.headName,
    villageCode: h.villageCode,
    place: placeText(ctx, h.villageCode),
    totals: depositTotalsOf(ctx, h.id),
    entries: withReversals(entries),
  }
}

export function village(ctx: Ctx, input: Input<'deposits.village'>): VillageDeposits {
  const v = ctx.division(input.villageCode)
  if (!v || v.level !== 'village') throw new AppError('not_found', `找不到代码为 ${input.villageCode} 的村。`, { where: { field: 'villageCode' } })
  const idx = moneyIndex(ctx)
  const totals = emptyDepositTotals()
  const rows = [...ctx.householdIdsOf(input.villageCode)].sort().map((id) => {
    const h = ctx.store.get('households', id)!
    const entries = idx.householdEntries(id)
    const t = emptyDepositTotals()
    const reversed = new Set(entries.filter((e) => e.reverses).map((e) => e.reverses))
    let receipts = 0
    for (const e of entries) {
      if (e.account !== 'deposit') continue
      addDeposit(t, e)
      if (e.kind === 'receive' && !e.reverses && !reversed.has(e.id)) receipts++
    }
    addDepositTotals(totals, t)
    return { householdId: id, headName: h.headName, totals: t, receipts }
  })
  return { villageCode: input.villageCode, place: placeText(ctx, input.villageCode), rows, totals }
}
