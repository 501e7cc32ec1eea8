// Money at city scale, in its own process. First the city copy gets a season's books, written
// straight into the store's files (not timed): a subsidy policy, financial data and meter readings
// for part of the households, ~17,000 deposit entries (receipts, refunds, conversions, offsets,
// reversals) and one paid equipment batch per county (~8,500 subsidy entries). Then the core is
// opened and brought to its first screen, and `count` durable ledger entries are made through the
// API (deposits.receive, deposits.refund, deposits.convert, ledger.reverse, round the counties),
// each call timed; then the city's reconciliation (reconcile.summary): the session's first (which
// reads the county files), again (cached), and after the policy is saved (every entitlement of
// the city recomputed on data in memory: the headline).
// Prints one JSON line.
//
//   node --import tsx bench/money.ts <dataDir> <dashboardDate> [count] [seed]

import fs from 'node:fs'
import path from 'node:path'
import type { HouseholdFinance, MeterReading } from '../src/core/domain/household-finance'
import { readingKey } from '../src/core/domain/household-finance'
import { type DepositEntry, type LedgerEntry, receiptNumber, reversalId, type SubsidyEntry } from '../src/core/domain/ledger'
import { fen } from '../src/core/domain/money'
import { type Policy, type PolicyRule, seasonOf, splitByShares } from '../src/core/domain/policy'
import { units } from '../src/core/domain/quantity'
import { ratio } from '../src/core/domain/ratio'
import { seededRng } from '../src/core/domain/random'
import type { Household } from '../src/core/domain/types'
import type { PaymentBatch } from '../src/core/contract'
import { encodeSnapshot } from '../src/core/store/snapshot-file'
import { STORE_SCHEMA } from '../src/core/store/store'
import { fsyncFloor } from './edit'
import { isMain, mb, median, percentile, round } from './lib'

export interface MoneyResult {
  count: number
  entries_seeded: number
  deposit_entries_seeded: number
  subsidy_entries_seeded: number
  ledger_p50_ms: number
  ledger_p95_ms: number
  ledger_p99_ms: number
  ledger_max_ms: number
  /** p95 per method */
  by_method_p95_ms: Record<string, number>
  /** the first entry of each county: it builds that county's ledger index */
  first_in_county_ms: number[]
  slowest: Array<{ i: number; method: string; ms: number }>
  /**
   * reconcile.summary for the whole city with every entitlement recomputed (the season's policy
   * was just saved, which invalidates them) and the data already in memory
   */
  reconcile_city_ms: number
  /** the first reconcile.summary of the session: also reads the households, financial data,
   * readings and ledger files of all 17 counties (~125 MB of JSON) for the first time */
  reconcile_city_cold_ms: number
  /** the same call again, with the totals cached */
  reconcile_city_again_ms: number
  /** the first reconcile.summary of one county after a new entry there */
  reconcile_county_after_entry_ms: number
  reconcile_households_entitled: number
  seed_ms: number
  /** the disk's floor: a bare 1 KB append + fsync in the same folder, just before the entries */
  fsync_p50_ms: number
  fsync_p95_ms: number
  rss_mb: number
}

const GAS_RUNNING: PolicyRule = {
  route: 'gas',
  item: 'running',
  method: { kind: 'perUnit', unit: 'm3', freeBand: units(0), tiers: [{ width: units(1_500), rate: fen(1_36) }, { width: units(750), rate: fen(1_10) }] },
  cap: fen(2_865_00),
  topUp: { dibao: fen(200_00), wubao: fen(300_00) },
  minStage: 'connected',
  shares: { central: 0, province: 0, city: 5_000, county: 5_000 },
  payee: 'bankCard',
}

function benchPolicy(season: string): Policy {
  const gasEquipment: PolicyRule = {
    route: 'gas',
    item: 'equipment',
    method: { kind: 'fixed', amount: fen(10_000_00) },
    topUp: { dibao: fen(0), wubao: fen(0) },
    minStage: 'accepted',
    shares: { central: 0, province: 0, city: 5_000, county: 5_000 },
    payee: 'bankCard',
  }
  const electricEquipment: PolicyRule = {
    route: 'electric',
    item: 'equipment',
    method: { kind: 'percent', ratio: ratio(2, 3) },
    cap: fen(20_000_00),
    topUp: { dibao: fen(0), wubao: fen(0) },
    minStage: 'accepted',
    shares: { central: 0, province: 5_000, city: 5_000, county: 0 },
    payee: 'bankCard',
  }
  const { cap: _gasCap, ...uncapped } = GAS_RUNNING
  const electricRunning: PolicyRule = {
    ...uncapped,
    route: 'electric',
    method: { kind: 'perUnit', unit: 'kWh', freeBand: units(0), tiers: [{ width: units(12_000), rate: fen(20) }] },
    shares: { central: 0, province: 5_000, city: 5_000, county: 0 },
  }
  return { season, name: '基准测试政策', revision: 1, rules: [gasEquipment, GAS_RUNNING, electricEquipment, electricRunning], savedAt: '2026-06-01T00:00:00.000Z', savedBy: 'bench' }
}

function readSnapshot<T>(dataDir: string, rel: string): Record<string, T> {
  const file = path.join(dataDir, 'db', rel)
  if (!fs.existsSync(file)) return {}
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { records: Record<string, T> }).records
}

function writeSnapshot(dataDir: string, rel: string, records: Record<string, unknown>): void {
  const file = path.join(dataDir, 'db', rel)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, encodeSnapshot({ schema: STORE_SCHEMA, seq: 0, records }))
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Writes a season's books into the city copy; returns the entries written and a pool for the timed calls. */
function seed(dataDir: string, season: string, seedNo: number) {
  const rng = seededRng(seedNo)
  const counters = readSnapshot<number>(dataDir, 'counters.json')
  const policy = benchPolicy(season)
  writeSnapshot(dataDir, 'subsidy-policies.json', { [season]: policy })
  const counties = fs
    .readdirSync(path.join(dataDir, 'db', 'households'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort()
  let deposits = 0
  let subsidies = 0
  /** households whose deposits are untouched, for the timed receipts */
  const fresh: Household[] = []
  for (const [ci, county] of counties.entries()) {
    const households = Object.values(readSnapshot<Household>(dataDir, `households/${county}.json`))
    const finance: Record<string, HouseholdFinance> = {}
    const readings: Record<string, MeterReading> = {}
    const ledger: Record<string, LedgerEntry> = {}
    let serial = 0
    const receipts = new Map<string, number>()
    const put = (e: LedgerEntry) => (ledger[e.id] = e)
    const base = (h: Household, date: string) => {
      serial++
      return { id: `${county}-${String(serial).padStart(8, '0')}`, serial, householdId: h.id, villageCode: h.villageCode, date, at: `${date}T09:00:00.000Z`, who: '基准测试' }
    }
    const paidLines: PaymentBatch['lines'] = []
    let freshHere = 0
    for (const h of households) {
      const r = rng.next()
      if (r < 0.4) {
        const f: HouseholdFinance = { householdId: h.id, lowIncome: r < 0.02 ? 'dibao' : 'none', bankCard: `6222${String(rng.int(0, 999_999_999)).padStart(15, '0')}`, bankName: '农商银行' }
        if (h.route === 'electric') f.equipmentCost = fen(rng.int(15_000, 32_000) * 100)
        finance[h.id] = f
      }
      if ((h.stage === 'connected' || h.stage === 'accepted') && rng.next() < 0.6) {
        const pre = rng.int(0, 500)
        readings[readingKey(h.id, season)] = { householdId: h.id, season, pre: units(pre), post: units(pre + rng.int(800, 2_600)), source: 'import' }
      }
      // Deposits in six counties, the way Quwo took them from gas households.
      if (ci < 6 && h.route === 'gas' && rng.next() < 0.2) {
        const date = `2026-${pad(rng.int(6, 10))}-${pad(rng.int(1, 28))}`
        const year = date.slice(0, 4)
        const n = (receipts.get(year) ?? 0) + 1
        receipts.set(year, n)
        const amount = fen(1_000_00)
        put({ ...base(h, date), account: 'deposit', kind: 'receive', amount, receiptNo: receiptNumber(county, year, n) } satisfies DepositEntry)
        let balance: number = amount
        const later = '2026-11-01'
        const x = rng.next()
        if (x < 0.4) {
          const refund = fen(x < 0.2 ? 500_00 : 1_000_00)
          const e: DepositEntry = { ...base(h, later), account: 'deposit', kind: 'refund', amount: refund }
          put(e)
          balance -= refund
          if (rng.next() < 0.05) put({ ...base(h, later), id: reversalId(e.id), account: 'deposit', kind: 'refund', amount: refund, reverses: e.id, note: '退款未到账' })
        } else if (x < 0.65) {
          put({ ...base(h, later), account: 'deposit', kind: 'convert', amount: fen(balance) } satisfies DepositEntry)
          balance = 0
        } else if (x < 0.68) {
          put({ ...base(h, later), account: 'deposit', kind: 'offset', amount: fen(50_00), note: '抵扣安装费' } satisfies DepositEntry)
        } else if (freshHere++ < 300) fresh.push(h)
      }
      if (h.route === 'gas' && h.stage === 'accepted' && finance[h.id] && paidLines.length < 500) {
        const amount = policy.rules[0]!.method.kind === 'fixed' ? policy.rules[0]!.method.amount : fen(0)
        paidLines.push({ householdId: h.id, villageCode: h.villageCode, headName: h.headName, payee: 'bankCard', amount, byLevel: splitByShares(amount, policy.rules[0]!.shares), bankCard: finance[h.id]!.bankCard })
      }
    }
    // One paid equipment batch per county.
    const batchId = `${county}-P2026-001`
    for (const l of paidLines) {
      const e: SubsidyEntry = { ...base({ id: l.householdId, villageCode: l.villageCode } as Household, '2026-11-10'), account: 'subsidy', kind: 'pay', amount: l.amount, season, item: 'equipment', byLevel: l.byLevel, batchId, payee: 'bankCard' }
      put(e)
      l.entryId = e.id
    }
    const total = fen(paidLines.reduce((s, l) => s + l.amount, 0))
    const batch: PaymentBatch = {
      id: batchId,
      countyCode: county,
      scopeCode: county,
      scopeName: county,
      season,
      item: 'equipment',
      name: `${county} 设备购置补贴 第 1 批`,
      kind: 'payment',
      status: 'paid',
      policyRevision: 1,
      lines: paidLines,
      total,
      byLevel: splitByShares(total, policy.rules[0]!.shares),
      createdAt: '2026-11-05T09:00:00.000Z',
      createdBy: '基准测试',
      paidOn: '2026-11-10',
    }
    for (const e of Object.values(ledger)) if (e.account === 'deposit') deposits++
    subsidies += paidLines.length
    counters[`ledger:${county}`] = serial
    counters[`batch:${county}:2026`] = 1
    for (const [year, n] of receipts) counters[`receipt:${county}:${year}`] = n
    writeSnapshot(dataDir, `household-finance/${county}.json`, finance)
    writeSnapshot(dataDir, `meter-readings/${county}.json`, readings)
    writeSnapshot(dataDir, `ledger/${county}.json`, ledger)
    writeSnapshot(dataDir, `payment-batches/${county}.json`, { [batchId]: batch })
  }
  writeSnapshot(dataDir, 'counters.json', counters)
  return { deposits, subsidies, fresh, counties }
}

type Call = { method: string; county: string; input: Record<string, unknown> }

async function main(dataDir: string, date: string, count: number, seedNo: number): Promise<MoneyResult> {
  const season = seasonOf(date)
  const ts = performance.now()
  const seeded = seed(dataDir, season, seedNo)
  const seedMs = performance.now() - ts
  const { Core } = await import('../src/core/api')
  const core = new Core({ dataDir, version: 'bench' })
  await core.api['app.info']({})
  await core.api['settings.get']({})
  await core.api['dashboard.summary']({ date })
  const today = ((await core.api['app.info']({})) as { today: string }).today

  // ---- the timed ledger entries ----
  const byCounty = new Map<string, Household[]>()
  for (const h of seeded.fresh) {
    const c = h.id.slice(0, 6)
    byCounty.set(c, [...(byCounty.get(c) ?? []), h])
  }
  const counties = [...byCounty.keys()].sort()
  const fsyncTimes = fsyncFloor(dataDir, count)
  const times: number[] = []
  const calls: Call[] = []
  const firstIdx = new Set<number>()
  const seen = new Set<string>()
  const refunds: string[] = []
  for (let i = 0; i < count; i++) {
    const county = counties[Math.floor(i / 4) % counties.length]!
    const pool = byCounty.get(county)!
    const h = pool[Math.floor(i / (4 * counties.length)) % pool.length]!
    const step = i % 4
    const call: Call =
      step === 0
        ? { method: 'deposits.receive', county, input: { householdId: h.id, amount: '1000', date: today } }
        : step === 1
          ? { method: 'deposits.refund', county, input: { householdId: h.id, amount: '300', date: today } }
          : step === 2
            ? { method: 'deposits.convert', county, input: { householdId: h.id, amount: '200.50', date: today, gasCardNo: 'IC-1' } }
            : { method: 'ledger.reverse', county, input: { entryId: refunds.at(-1)!, date: today, reason: '基准测试冲正' } }
    if (!seen.has(county)) {
      seen.add(county)
      firstIdx.add(i)
    }
    const t = performance.now()
    const out = (await core.call(call.method, call.input)) as { id: string }
    times.push(performance.now() - t)
    if (call.method === 'deposits.refund') refunds.push(out.id)
    calls.push(call)
  }
  // ---- reconciliation of the whole city ----
  const t1 = performance.now()
  await core.api['reconcile.summary']({ season })
  const coldMs = performance.now() - t1
  const t2 = performance.now()
  await core.api['reconcile.summary']({ season })
  const againMs = performance.now() - t2
  const policy = await core.api['policies.get']({ season })
  await core.api['policies.save']({ season, name: policy.name, rules: policy.texts, baseRevision: policy.revision })
  const t4 = performance.now()
  const rec = await core.api['reconcile.summary']({ season })
  const reconcileMs = performance.now() - t4
  await core.call('deposits.receive', { householdId: seeded.fresh[0]!.id, amount: '1000', date: today })
  const t3 = performance.now()
  await core.api['reconcile.summary']({ season, scopeCode: seeded.fresh[0]!.id.slice(0, 6) })
  const countyMs = performance.now() - t3
  if (rec.total.deposits.balance < 0) throw new Error('negative city balance')
  const rss = process.memoryUsage().rss
  core.close()

  const methods = [...new Set(calls.map((c) => c.method))]
  return {
    count,
    entries_seeded: seeded.deposits + seeded.subsidies,
    deposit_entries_seeded: seeded.deposits,
    subsidy_entries_seeded: seeded.subsidies,
    ledger_p50_ms: round(median(times)),
    ledger_p95_ms: round(percentile(times, 95)),
    ledger_p99_ms: round(percentile(times, 99)),
    ledger_max_ms: round(Math.max(...times)),
    by_method_p95_ms: Object.fromEntries(methods.map((m) => [m, round(percentile(times.filter((_, i) => calls[i]!.method === m), 95))])),
    first_in_county_ms: [...firstIdx].map((i) => round(times[i]!)),
    slowest: times
      .map((ms, i) => ({ i, method: calls[i]!.method, ms: round(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5),
    reconcile_city_ms: round(reconcileMs, 0),
    reconcile_city_cold_ms: round(coldMs, 0),
    reconcile_city_again_ms: round(againMs, 1),
    reconcile_county_after_entry_ms: round(countyMs, 1),
    reconcile_households_entitled: rec.total.households,
    seed_ms: round(seedMs, 0),
    fsync_p50_ms: round(median(fsyncTimes)),
    fsync_p95_ms: round(percentile(fsyncTimes, 95)),
    rss_mb: mb(rss),
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, date, count = '200', seedNo = '11'] = process.argv.slice(2)
  if (!dataDir || !date) {
    console.error('usage: node --import tsx bench/money.ts <dataDir> <YYYY-MM-DD> [count] [seed]')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date, Number(count), Number(seedNo))))
}
