// Property-based tests of the ledger through the core's API: random sequences of deposits, refunds,
// conversions, offsets, reversals, subsidy batches paid and reversed, and reading changes. After
// every operation: no balance is negative; received − refunded − converted − offset = balance for
// every household, village, township, county and the city; rows add up to their totals at every
// level; subsidy amounts by item and by funding level add up; reversal rules hold; receipt numbers
// are 1..n per county and year with no gap.
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { ReconRow, Reconciliation } from '../../src/core/contract'
import { type DepositKind, DEPOSIT_KINDS } from '../../src/core/domain/ledger'
import { yuanText } from '../../src/core/domain/money'
import { FUNDING_LEVELS, SUBSIDY_ITEMS } from '../../src/core/domain/policy'
import { AppError } from '../../src/core/errors'
import { openCore } from './helpers/core'
import { addHouseholds, importQuwoYaodu, type MadeHousehold, QUWO, villagesOf, YAODU } from './helpers/money-city'

const SEASON = '2026-2027'
const TODAY = '2026-11-20'

type Op =
  | { op: 'deposit'; kind: DepositKind; h: number; fen: number; date: string; style: number }
  | { op: 'reverse'; pick: number }
  | { op: 'batch'; county: number; item: 'equipment' | 'running' }
  | { op: 'reverseBatch'; pick: number; all: boolean }
  | { op: 'reading'; h: number; post: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('deposit' as const), kind: fc.constantFrom(...DEPOSIT_KINDS), h: fc.nat(5), fen: fc.integer({ min: 1, max: 150_000 }), date: fc.constantFrom('2025-12-31', '2026-01-02', '2026-09-01', TODAY), style: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('reverse' as const), pick: fc.nat(40) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('batch' as const), county: fc.nat(1), item: fc.constantFrom('equipment' as const, 'running' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('reverseBatch' as const), pick: fc.nat(10), all: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reading' as const), h: fc.nat(5), post: fc.integer({ min: 0, max: 400_000 }) }) },
)

/** The amount as a clerk might type it: plain, grouped, or in full-width digits. */
function typed(fen: number, style: number): string {
  const grouped = yuanText(fen)
  if (style === 0) return grouped.replace(/,/g, '')
  if (style === 1) return grouped
  return grouped.replace(/[0-9.,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
}

interface ModelEntry {
  id: string
  household: string
  kind: DepositKind
  amount: number
  reversal: boolean
  reversed: boolean
}

/** What a row must satisfy on its own. */
function checkRow(r: ReconRow, where: string): void {
  const d = r.deposits
  expect(d.received - d.refunded - d.converted - d.offset, `${where}: identity`).toBe(d.balance)
  expect(d.balance, `${where}: balance never negative`).toBeGreaterThanOrEqual(0)
  let e = 0
  let p = 0
  for (const it of SUBSIDY_ITEMS) {
    const x = r.byItem[it]
    expect(x.outstanding, `${where}: ${it} outstanding`).toBe(x.entitled - x.paid)
    expect(x.paid, `${where}: ${it} paid never negative`).toBeGreaterThanOrEqual(0)
    e += x.entitled
    p += x.paid
  }
  let le = 0
  let lp = 0
  for (const l of FUNDING_LEVELS) {
    le += r.byLevel[l].entitled
    lp += r.byLevel[l].paid
    expect(r.byLevel[l].paid, `${where}: ${l} paid never negative`).toBeGreaterThanOrEqual(0)
  }
  expect([e, p], `${where}: items add up`).toEqual([r.subsidy.entitled, r.subsidy.paid])
  expect([le, lp], `${where}: levels add up`).toEqual([r.subsidy.entitled, r.subsidy.paid])
}

/** Rows add up to the total, field by field. */
function checkSum(rec: Reconciliation, where: string): void {
  for (const r of rec.rows) checkRow(r, `${where} ${r.name}`)
  checkRow(rec.total, `${where} total`)
  const sum = (f: (r: ReconRow) => number) => rec.rows.reduce((s, r) => s + f(r), 0)
  for (const k of ['received', 'refunded', 'converted', 'offset', 'balance'] as const) {
    expect(sum((r) => r.deposits[k]), `${where}: ${k} adds up`).toBe(rec.total.deposits[k])
  }
  for (const l of FUNDING_LEVELS) {
    expect(sum((r) => r.byLevel[l].entitled), `${where}: ${l} entitled adds up`).toBe(rec.total.byLevel[l].entitled)
    expect(sum((r) => r.byLevel[l].paid), `${where}: ${l} paid adds up`).toBe(rec.total.byLevel[l].paid)
  }
}

async function refused(p: Promise<unknown>): Promise<AppError | null> {
  try {
    await p
    return null
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
}

const cores: Core[] = []
afterAll(() => cores.forEach((c) => c.close()))

async function setUp(): Promise<{ core: Core; households: MadeHousehold[]; villages: string[] }> {
  const core = openCore(undefined, TODAY)
  cores.push(core)
  await importQuwoYaodu(core)
  const presets = await core.api['policies.presets']({})
  const datong = presets.find((p) => p.id === 'datong')!
  await core.api['policies.save']({ season: SEASON, name: datong.name, rules: datong.rules })
  const [q1, q2] = await villagesOf(core, `${QUWO}100`, 2)
  const [q3] = await villagesOf(core, `${QUWO}101`, 1)
  const [y1] = await villagesOf(core, `${YAODU}001`, 1)
  const villages = [q1!, q2!, q3!, y1!]
  const households = [
    ...(await addHouseholds(core, q1!, 2, 'gas', 'accepted')),
    ...(await addHouseholds(core, q2!, 1, 'gas', 'connected')),
    ...(await addHouseholds(core, q3!, 1, 'gas', 'accepted')),
    ...(await addHouseholds(core, y1!, 2, 'gas', 'accepted')),
  ]
  for (const h of households) {
    await core.api['finance.update']({ householdId: h.id, lowIncome: 'none', bankCard: '6222021234567890123' })
    await core.api['readings.record']({ householdId: h.id, season: SEASON, pre: '0', post: '1000' })
  }
  return { core, households, villages }
}

describe('the ledger under random operations', () => {
  it('keeps every balance, total and rule at every moment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 30 }), async (ops) => {
        const { core, households, villages } = await setUp()
        const api = core.api
        const entries: ModelEntry[] = []
        const paidBatches: string[] = []
        /** subsidy paid per `${household}|${item}`, from the batches as they were paid and reversed */
        const paid = new Map<string, number>()
        const addPaid = (lines: Array<{ householdId: string; amount: number }>, item: string, sign: number) => {
          for (const l of lines) paid.set(`${l.householdId}|${item}`, (paid.get(`${l.householdId}|${item}`) ?? 0) + sign * l.amount)
        }
        const balance = (h: string) =>
          entries.filter((e) => e.household === h).reduce((s, e) => s + (e.kind === 'receive' ? 1 : -1) * (e.reversal ? -1 : 1) * e.amount, 0)

        for (const o of ops) {
          if (o.op === 'deposit') {
            const h = households[o.h]!
            const input = { householdId: h.id, amount: typed(o.fen, o.style), date: o.date }
            const expectRefusal = o.kind !== 'receive' && o.fen > balance(h.id)
            const call =
              o.kind === 'receive'
                ? api['deposits.receive'](input)
                : o.kind === 'refund'
                  ? api['deposits.refund'](input)
                  : o.kind === 'convert'
                    ? api['deposits.convert'](input)
                    : api['deposits.offset']({ ...input, note: '抵扣费用' })
            let entryId = ''
            const err = await refused(call.then((e) => (entryId = e.id)))
            expect(!!err, `${o.kind} ${o.fen} against ${balance(h.id)}: ${err?.message}`).toBe(expectRefusal)
            if (!err) entries.push({ id: entryId, household: h.id, kind: o.kind, amount: o.fen, reversal: false, reversed: false })
          } else if (o.op === 'reverse') {
            if (entries.length === 0) continue
            const target = entries[o.pick % entries.length]!
            const outflow = target.kind === 'receive'
            const expectRefusal = target.reversal || target.reversed || (outflow && target.amount > balance(target.household))
            const err = await refused(api['ledger.reverse']({ entryId: target.id, date: TODAY, reason: '核对更正' }))
            expect(!!err, `reverse ${target.id}: ${err?.message}`).toBe(expectRefusal)
            if (!err) {
              target.reversed = true
              entries.push({ ...target, id: `${target.id}-R`, reversal: true, reversed: false })
            }
          } else if (o.op === 'batch') {
            const county = [QUWO, YAODU][o.county]!
            const err = await refused(
              api['batches.create']({ scopeCode: county, season: SEASON, item: o.item }).then((c) =>
                api['batches.pay']({ batchId: c.batch.id, paidOn: TODAY }).then((b) => {
                  paidBatches.push(b.id)
                  addPaid(b.lines, b.item, 1)
                }),
              ),
            )
            if (err) expect(err.message).toContain('没有可以列入批次的农户')
          } else if (o.op === 'reverseBatch') {
            if (paidBatches.length === 0) continue
            const id = paidBatches[o.pick % paidBatches.length]!
            const b = await api['batches.get']({ batchId: id })
            const open = b.lines.filter((l) => !l.reversedBy)
            const ids = o.all ? undefined : [b.lines[0]!.householdId]
            const expectRefusal = o.all ? open.length === 0 : !!b.lines[0]!.reversedBy
            let reversal: Awaited<ReturnType<(typeof api)['batches.reverse']>> | undefined
            const err = await refused(api['batches.reverse']({ batchId: id, householdIds: ids, date: TODAY, reason: '银行退票' }).then((r) => (reversal = r)))
            expect(!!err, `reverse batch ${id}: ${err?.message}`).toBe(expectRefusal)
            if (reversal) {
              expect(reversal.lines.map((l) => l.householdId)).toEqual(o.all ? open.map((l) => l.householdId) : ids)
              addPaid(reversal.lines, reversal.item, -1)
            }
          } else {
            await api['readings.record']({ householdId: households[o.h]!.id, season: SEASON, pre: '0', post: String(o.post) })
          }

          // ---- after every operation ----
          for (const h of households) {
            const d = await api['deposits.household']({ householdId: h.id })
            expect(d.totals.balance, `${h.id} balance`).toBe(balance(h.id))
          }
          const city = await api['reconcile.summary']({ season: SEASON })
          checkSum(city, '全市')
          for (const county of [QUWO, YAODU]) {
            const c = await api['reconcile.summary']({ scopeCode: county, season: SEASON })
            checkSum(c, county)
            expect(c.total.deposits, `${county} matches its city row`).toEqual(city.rows.find((r) => r.code === county)!.deposits)
            expect(c.total.subsidy, `${county} subsidy matches its city row`).toEqual(city.rows.find((r) => r.code === county)!.subsidy)
          }
          for (const v of villages) checkSum(await api['reconcile.summary']({ scopeCode: v, season: SEASON }), v)
          const t = await api['reconcile.summary']({ scopeCode: `${QUWO}100`, season: SEASON })
          checkSum(t, '乐昌镇')
          // No paid line exceeds what is due: the paid amounts never pass the entitlement at the time.
          for (const h of households) {
            const e = await api['entitlements.household']({ householdId: h.id, season: SEASON })
            for (const it of e.items) {
              expect(it.paidTotal, `${h.id} ${it.item} paid`).toBe(paid.get(`${h.id}|${it.item}`) ?? 0)
              for (const l of FUNDING_LEVELS) expect(it.paid[l]).toBeGreaterThanOrEqual(0)
            }
          }
          for (const item of SUBSIDY_ITEMS) {
            const modelPaid = [...paid].filter(([k]) => k.endsWith(`|${item}`)).reduce((s, [, v]) => s + v, 0)
            expect(city.total.byItem[item].paid, `city ${item} paid`).toBe(modelPaid)
          }
        }

        // Receipt numbers: 1..n per county and year, each once, reversed ones kept.
        const receipts = new Map<string, number[]>()
        for (const h of households) {
          for (const e of (await api['deposits.household']({ householdId: h.id })).entries) {
            if (e.account !== 'deposit' || !e.receiptNo) continue
            const [county, year, serial] = e.receiptNo.split('-')
            const key = `${county}-${year}`
            receipts.set(key, [...(receipts.get(key) ?? []), Number(serial)])
          }
        }
        for (const [key, serials] of receipts) {
          expect(serials.sort((a, b) => a - b), key).toEqual(serials.map((_, i) => i + 1))
        }
        const received = entries.filter((e) => e.kind === 'receive' && !e.reversal).length
        expect([...receipts.values()].reduce((s, x) => s + x.length, 0)).toBe(received)
      }),
      { numRuns: 20 },
    )
  }, 300_000)
})
