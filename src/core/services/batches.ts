// Payment batches (发放批次): households with subsidy still due are drawn into a draft batch, which
// can be trimmed or cancelled; paying it appends one ledger entry per household, after which it is
// never edited again, only reversed (wholly or for some households) by a reversing batch.

import type { BatchCreated, BatchLine, BatchSkip, BatchSummary, BatchView, Input, PaymentBatch } from '../contract'
import { levelSum, paidKey, reversalId, type SubsidyEntry } from '../domain/ledger'
import { maskBankCard, maskIdNumber } from '../domain/mask'
import { fen, yuanText } from '../domain/money'
import { addLevels, FUNDING_LEVELS, ITEM_LABEL, type LevelAmounts, zeroLevels } from '../domain/policy'
import { stageIndex } from '../domain/routes'
import type { Household } from '../domain/types'
import { AppError, type ProblemDetail } from '../errors'
import type { Tx } from './context'
import type { Ctx } from './context'
import { appendEntry, nextEntrySerial } from './deposits'
import { entitlementsOf, paidTo } from './entitlements'
import { businessDate, finance, householdsIn, scopeOf, type StageNamer, stageNamers } from './money-lookup'
import { policyOf } from './policies'

const MAX_SKIP_DETAILS = 200

export function requireBatch(ctx: Ctx, id: string): PaymentBatch {
  const b = ctx.store.get('payment-batches', id)
  if (!b) throw new AppError('not_found', `找不到发放批次 ${id}。`, { where: { field: 'batchId' } })
  return b
}

function batchesOfCounty(ctx: Ctx, county: string): PaymentBatch[] {
  return [...ctx.store.partitionEntries('payment-batches', county).values()]
}

export function view(ctx: Ctx, b: PaymentBatch, full = false): BatchView {
  const lines = b.lines.map((l) => {
    const out: BatchView['lines'][number] = { ...l, villageName: ctx.division(l.villageCode)?.name ?? l.villageCode }
    if (!full) {
      if (l.idNumber) out.idNumber = maskIdNumber(l.idNumber)
      if (l.bankCard) out.bankCard = maskBankCard(l.bankCard)
    }
    const rev = l.entryId && b.kind === 'payment' ? ctx.store.get('ledger', reversalId(l.entryId)) : undefined
    if (rev) out.reversedBy = rev.id
    return out
  })
  const reversals = batchesOfCounty(ctx, b.countyCode)
    .filter((x) => x.reverses === b.id)
    .map((x) => x.id)
    .sort()
  return { ...b, lines, reversals }
}

function totals(lines: BatchLine[]): { total: PaymentBatch['total']; byLevel: LevelAmounts } {
  const byLevel = zeroLevels()
  for (const l of lines) addLevels(byLevel, l.byLevel)
  return { total: levelSum(byLevel), byLevel }
}

/** What is still due to a household for a season's item: by level, and the total. */
function due(ctx: Ctx, h: Household, season: string, item: PaymentBatch['item'], names: (route: string) => StageNamer) {
  const policy = policyOf(ctx, season)
  const it = entitlementsOf(ctx, policy, h, season, names, false).find((x) => x.item === item)
  if (!it) return undefined
  const paid = paidTo(ctx, h.id).get(paidKey(season, item)) ?? zeroLevels()
  const byLevel = zeroLevels()
  for (const l of FUNDING_LEVELS) byLevel[l] = fen(it.byLevel[l] - paid[l])
  return { entitlement: it, byLevel, amount: fen(it.amount - levelSum(paid)) }
}

/** The ledger entry of a batch line, without its id, serial, date and batch. */
function lineEntry(b: PaymentBatch, l: BatchLine, at: string, who: string): Omit<SubsidyEntry, 'id' | 'serial' | 'date' | 'batchId'> {
  return {
    account: 'subsidy',
    kind: 'pay',
    householdId: l.householdId,
    villageCode: l.villageCode,
    amount: l.amount,
    at,
    who,
    season: b.season,
    item: b.item,
    byLevel: l.byLevel,
    payee: l.payee,
  }
}

function nextBatchId(tx: Tx, county: string, year: string): string {
  const key = `batch:${county}:${year}`
  const n = (tx.get('counters', key) ?? 0) + 1
  tx.put('counters', key, n)
  return `${county}-P${year}-${String(n).padStart(3, '0')}`
}

export function create(ctx: Ctx, input: Input<'batches.create'>): BatchCreated {
  const scope = scopeOf(ctx, input.scopeCode)
  if (scope.level === 'all' || scope.level === 'city') {
    throw new AppError('invalid_input', '发放批次按县区建立：请选择一个县区、乡镇或村。', { where: { field: 'scopeCode' } })
  }
  const policy = policyOf(ctx, input.season)
  if (!policy) throw new AppError('conflict', `${input.season} 采暖季还没有补贴政策，请先在“补贴政策”中填写。`, { where: { field: 'season' } })
  if (!policy.rules.some((r) => r.item === input.item)) {
    throw new AppError('conflict', `${input.season} 采暖季的政策中没有${ITEM_LABEL[input.item]}。`, { where: { field: 'item' } })
  }
  const county = scope.counties[0]!
  const inDraft = new Map<string, string>()
  for (const b of batchesOfCounty(ctx, county)) {
    if (b.status !== 'draft' || b.season !== input.season || b.item !== input.item) continue
    for (const l of b.lines) inDraft.set(l.householdId, b.id)
  }
  const lines: BatchLine[] = []
  const skipped: BatchSkip[] = []
  const names = stageNamers(ctx)
  for (const [, ids] of householdsIn(ctx, scope)) {
    for (const id of ids) {
      const h = ctx.store.get('households', id)!
      if (input.minStage && stageIndex(h.stage) < stageIndex(input.minStage)) continue
      const d = due(ctx, h, input.season, input.item, names)
      if (!d || d.amount <= 0) continue
      const skip = (reason: string) => skipped.push({ householdId: id, headName: h.headName, reason })
      const draft = inDraft.get(id)
      if (draft) {
        skip(`已在草稿批次 ${draft} 中`)
        continue
      }
      if (FUNDING_LEVELS.some((l) => d.byLevel[l] < 0)) {
        skip('各级已发金额与现行分担比例不一致，请核对后单独处理')
        continue
      }
      const f = finance(ctx, id)
      const payee = d.entitlement.payee
      if (payee === 'bankCard' && !f?.bankCard) {
        skip('未登记银行卡号')
        continue
      }
      if (payee === 'gasCard' && !f?.gasCardNo) {
        skip('未登记燃气卡号')
        continue
      }
      const line: BatchLine = { householdId: id, villageCode: h.villageCode, headName: h.headName, payee, amount: d.amount, byLevel: d.byLevel }
      if (h.idNumber) line.idNumber = h.idNumber
      if (f?.bankCard) line.bankCard = f.bankCard
      if (f?.bankName) line.bankName = f.bankName
      if (f?.accountHolder) line.accountHolder = f.accountHolder
      if (f?.gasCardNo) line.gasCardNo = f.gasCardNo
      lines.push(line)
    }
  }
  if (lines.length === 0) {
    const why = skipped.length > 0 ? `有 ${skipped.length} 户因故未能列入（见明细）。` : '所选范围内没有尚未发放的补贴。'
    throw new AppError('conflict', `${scope.name}没有可以列入批次的农户：${why}`, {
      where: { field: 'scopeCode' },
      details: skipped.slice(0, MAX_SKIP_DETAILS).map((s) => ({ message: `${s.headName}（${s.householdId}）：${s.reason}`, where: { field: s.householdId } })),
    })
  }
  const batch = ctx.write((tx) => {
    const year = ctx.today().slice(0, 4)
    const id = nextBatchId(tx, county, year)
    const serial = id.slice(-3)
    const b: PaymentBatch = {
      id,
      countyCode: county,
      scopeCode: scope.code,
      scopeName: scope.name,
      season: input.season,
      item: input.item,
      name: input.name || `${scope.name} ${input.season} ${ITEM_LABEL[input.item]} 第 ${Number(serial)} 批`,
      kind: 'payment',
      status: 'draft',
      policyRevision: policy.revision,
      lines,
      ...totals(lines),
      createdAt: ctx.now().toISOString(),
      createdBy: ctx.who,
    }
    if (input.minStage) b.minStage = input.minStage
    tx.put('payment-batches', id, b)
    return b
  })
  return { batch: view(ctx, batch), skipped }
}

export function list(ctx: Ctx, input: Input<'batches.list'>): BatchSummary[] {
  const counties = input.countyCode ? [input.countyCode] : ctx.store.partitionNames('payment-batches')
  const out: BatchSummary[] = []
  for (const c of counties) {
    for (const b of batchesOfCounty(ctx, c)) {
      if (input.season && b.season !== input.season) continue
      const s: BatchSummary = {
        id: b.id,
        name: b.name,
        countyCode: b.countyCode,
        scopeName: b.scopeName,
        season: b.season,
        item: b.item,
        kind: b.kind,
        status: b.status,
        households: b.lines.length,
        total: b.total,
        createdAt: b.createdAt,
      }
      if (b.reverses) s.reverses = b.reverses
      if (b.paidOn) s.paidOn = b.paidOn
      out.push(s)
    }
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
}

export function get(ctx: Ctx, input: Input<'batches.get'>): BatchView {
  return view(ctx, requireBatch(ctx, input.batchId))
}

function requireDraft(ctx: Ctx, id: string): PaymentBatch {
  const b = requireBatch(ctx, id)
  if (b.status === 'paid') throw new AppError('conflict', `批次 ${b.id} 已于 ${b.paidOn} 发放，不能修改；如有错误，请建立冲正批次。`, { where: { field: 'batchId' } })
  if (b.status === 'cancelled') throw new AppError('conflict', `批次 ${b.id} 已作废。`, { where: { field: 'batchId' } })
  return b
}

export function removeLines(ctx: Ctx, input: Input<'batches.removeLines'>): BatchView {
  const b = requireDraft(ctx, input.batchId)
  const remove = new Set(input.householdIds)
  for (const id of remove) {
    if (!b.lines.some((l) => l.householdId === id)) throw new AppError('not_found', `批次中没有农户 ${id}。`, { where: { field: 'householdIds' } })
  }
  const lines = b.lines.filter((l) => !remove.has(l.householdId))
  if (lines.length === 0) throw new AppError('conflict', '批次中至少要保留一户；如不再发放，请作废这个批次。', { where: { field: 'householdIds' } })
  const next: PaymentBatch = { ...b, lines, ...totals(lines) }
  ctx.write((tx) => tx.put('payment-batches', b.id, next))
  return view(ctx, next)
}

export function cancel(ctx: Ctx, input: Input<'batches.cancel'>): BatchView {
  const b = requireDraft(ctx, input.batchId)
  const next: PaymentBatch = { ...b, status: 'cancelled', reason: input.reason, cancelledAt: ctx.now().toISOString(), cancelledBy: ctx.who }
  ctx.write((tx) => tx.put('payment-batches', b.id, next))
  return view(ctx, next)
}

export function pay(ctx: Ctx, input: Input<'batches.pay'>): BatchView {
  const b = requireDraft(ctx, input.batchId)
  const paidOn = businessDate(ctx, input.paidOn, '发放日期', 'paidOn')
  // Entitlements or payments may have changed since the batch was drawn: never pay more than is due.
  const problems: ProblemDetail[] = []
  const names = stageNamers(ctx)
  for (const l of b.lines) {
    const h = ctx.store.get('households', l.householdId)
    const d = h ? due(ctx, h, b.season, b.item, names) : undefined
    const short = !d || FUNDING_LEVELS.some((lv) => d.byLevel[lv] < l.byLevel[lv])
    if (short) {
      problems.push({
        message: `${l.headName}（${l.householdId}）：批次金额 ${yuanText(l.amount)} 元，现在应发 ${yuanText(Math.max(0, d?.amount ?? 0))} 元`,
        where: { field: l.householdId },
      })
    }
  }
  if (problems.length > 0) {
    throw new AppError('conflict', `有 ${problems.length} 户的应发金额在建批次后变少了，批次未发放；请把这些农户移出批次后再发放。`, {
      where: { field: 'batchId' },
      details: problems.slice(0, MAX_SKIP_DETAILS),
    })
  }
  const next = ctx.write((tx) => {
    const at = ctx.now().toISOString()
    const who = ctx.who
    const lines = b.lines.map((l) => {
      const { id, serial } = nextEntrySerial(tx, b.countyCode)
      appendEntry(tx, { ...lineEntry(b, l, at, who), id, serial, date: paidOn, batchId: b.id })
      return { ...l, entryId: id }
    })
    const paid: PaymentBatch = { ...b, lines, status: 'paid', paidOn, paidAt: at, paidBy: who }
    if (input.voucherNo) paid.voucherNo = input.voucherNo
    tx.put('payment-batches', b.id, paid)
    return paid
  })
  return view(ctx, next)
}

export function reverse(ctx: Ctx, input: Input<'batches.reverse'>): BatchView {
  const b = requireBatch(ctx, input.batchId)
  if (b.kind === 'reversal') throw new AppError('conflict', `批次 ${b.id} 本身是冲正批次，不能再冲正。`, { where: { field: 'batchId' } })
  if (b.status !== 'paid') throw new AppError('conflict', `批次 ${b.id} 还没有发放，不需要冲正；草稿批次可以直接修改或作废。`, { where: { field: 'batchId' } })
  const date = businessDate(ctx, input.date, '冲正日期', 'date')
  if (date < b.paidOn!) throw new AppError('invalid_input', `冲正日期不能早于发放日期 ${b.paidOn}。`, { where: { field: 'date' } })
  const wanted = input.householdIds ? new Set(input.householdIds) : null
  if (wanted) {
    for (const id of wanted) {
      const l = b.lines.find((x) => x.householdId === id)
      if (!l) throw new AppError('not_found', `批次 ${b.id} 中没有农户 ${id}。`, { where: { field: 'householdIds' } })
      if (ctx.store.get('ledger', reversalId(l.entryId!))) {
        throw new AppError('conflict', `${l.headName}（${id}）在批次 ${b.id} 中的发放已经冲正过，不能重复冲正。`, { where: { field: 'householdIds' } })
      }
    }
  }
  const chosen = b.lines.filter((l) => (wanted ? wanted.has(l.householdId) : !ctx.store.get('ledger', reversalId(l.entryId!))))
  if (chosen.length === 0) throw new AppError('conflict', `批次 ${b.id} 的发放已全部冲正。`, { where: { field: 'batchId' } })
  const next = ctx.write((tx) => {
    const id = nextBatchId(tx, b.countyCode, ctx.today().slice(0, 4))
    const at = ctx.now().toISOString()
    const who = ctx.who
    const lines = chosen.map((l) => {
      const { serial } = nextEntrySerial(tx, b.countyCode)
      const e: SubsidyEntry = { ...lineEntry(b, l, at, who), id: reversalId(l.entryId!), serial, date, batchId: id, reverses: l.entryId!, note: input.reason }
      appendEntry(tx, e)
      return { ...l, entryId: e.id }
    })
    const r: PaymentBatch = {
      ...b,
      id,
      name: `冲正 ${b.name}`,
      kind: 'reversal',
      reverses: b.id,
      status: 'paid',
      lines,
      ...totals(lines),
      createdAt: at,
      createdBy: who,
      paidOn: date,
      paidAt: at,
      paidBy: who,
      reason: input.reason,
    }
    delete r.voucherNo
    tx.put('payment-batches', id, r)
    return r
  })
  return view(ctx, next)
}
