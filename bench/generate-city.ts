// City-scale fixture for the bench: an invented city written straight into the store's file
// format (no transactions, so it takes seconds): 17 counties, ~160 townships, 3,000 villages,
// 300,000 households, a plan per village and 150 days of daily figures per village.
//
//   node --import tsx bench/generate-city.ts [--force]
//
// The folder is bench/city/data (gitignored); bench/city/generator.json records the generator
// version and parameters, and a folder made by another version is regenerated.

import fs from 'node:fs'
import path from 'node:path'
import { Core } from '../src/core/api'
import type { Dashboard } from '../src/core/contract'
import { addDays } from '../src/core/domain/dates'
import { idCheckChar } from '../src/core/domain/id-number'
import { seededRng, type Rng } from '../src/core/domain/random'
import { DEFAULT_ROUTES, countsFromStages } from '../src/core/domain/routes'
import type {
  DailyFigure,
  Division,
  FigureSource,
  Household,
  HouseholdStage,
  Settings,
  StageCounts,
  VillagePlan,
} from '../src/core/domain/types'
import { STAGE_KEYS } from '../src/core/domain/types'
import { figureKey } from '../src/core/store/collections'
import { encodeChecked, encodeSnapshot } from '../src/core/store/snapshot-file'
import { STORE_SCHEMA } from '../src/core/store/store'
import { BENCH_DIR, dirBytes, freshCopy, isMain, mb, removeCopy } from './lib'

/** Bump whenever the generated data changes, so stale fixtures are regenerated. */
export const GENERATOR_VERSION = 3

export const PARAMS = {
  seed: 20261120,
  cityCode: '149800',
  counties: 17,
  townships: 160,
  villages: 3000,
  households: 300_000,
  days: 150,
  /** the last day with figures; the dashboard is measured for this date */
  endDate: '2026-11-20',
} as const

export const CITY_DIR = path.join(BENCH_DIR, 'city')
export const CITY_DATA_DIR = path.join(CITY_DIR, 'data')
const MARKER = path.join(CITY_DIR, 'generator.json')

export interface CityInfo {
  version: number
  params: typeof PARAMS
  counties: number
  townships: number
  villages: number
  households: number
  figures: number
  /** villages whose figures are derived from households */
  householdVillages: number
  targetSum: number
  folderMB: number
  generatedMs: number
}

const SYL = '安平清河丰宁泰和兴隆永乐新庄东西南北上下后前堡沟坡峪营寨岭杏槐柳桥店川源坪石桃梨汾涧'.split('')
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田薛贾卫阎段'.split('')
const GIVEN = '建国军华明伟芳秀英丽强磊洋艳勇杰娟涛超兰霞平刚桂凤玉德福春生保文武红梅'.split('')
const PHONE_PREFIX = ['33', '35', '38', '39', '52', '58', '80', '87', '91']

function uniqueName(rng: Rng, used: Set<string>, suffix: string): string {
  for (;;) {
    const n = rng.pick(SYL) + rng.pick(SYL) + suffix
    if (!used.has(n)) {
      used.add(n)
      return n
    }
  }
}

/** Splits `total` into integers proportional to `weights` (largest remainder). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const raw = weights.map((w) => (w / sum) * total)
  const out = raw.map(Math.floor)
  let left = total - out.reduce((a, b) => a + b, 0)
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0])
  for (let j = 0; left > 0; j++, left--) out[order[j % order.length]![1]]!++
  return out
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

/** Share of households at or past stage k on day d (1..days): late start, S-ish ramp, later stages lag. */
function progress(k: number, d: number, days: number, start: number, speed: number): number {
  if (d <= start) return 0
  const x = ((d - start) / (days - start)) * speed - k * 0.12
  return Math.max(0, Math.min(1, x))
}

function countsAt(n: number, d: number, days: number, start: number, speed: number): StageCounts {
  const c = {} as StageCounts
  STAGE_KEYS.forEach((k, i) => (c[k] = Math.round(n * progress(i, d, days, start, speed))))
  return c
}

interface VillageGen {
  code: string
  county: string
  name: string
  households: number
  target: number
  route: 'gas' | 'electric'
  source: FigureSource
  start: number
  speed: number
  km: number
  /** 1 in `missEvery` daily reports is missing (0: never) */
  missEvery: number
}

/** A snapshot file as the store writes it (with its checksum). */
function snapshot(records: Record<string, unknown>): Buffer {
  return encodeSnapshot({ schema: STORE_SCHEMA, seq: 0, records })
}

/** Records per snapshot file, for store.json (as the store's own checkpoint writes them). */
const written: Record<string, number> = {}

function writeSnapshot(dataDir: string, rel: string, records: Record<string, unknown>): void {
  const file = path.join(dataDir, 'db', rel)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, snapshot(records))
  written[rel] = Object.keys(records).length
}

/** Writes the city into `dataDir` (which must not exist yet) and returns what it holds. */
export function generateCity(dataDir: string): Omit<CityInfo, 'folderMB' | 'generatedMs'> {
  const t0 = performance.now()
  const p = PARAMS
  const rng = seededRng(p.seed)
  fs.mkdirSync(path.join(dataDir, 'db', 'log'), { recursive: true })

  const divisions: Record<string, Division> = {}
  const plans: Record<string, VillagePlan> = {}
  const counters: Record<string, number> = {}
  divisions[p.cityCode] = { code: p.cityCode, name: '基准市', level: 'city', parentCode: '140000' }

  // ---- places ----
  const countyCodes: string[] = []
  const countyNames = new Set<string>()
  const countyName = new Map<string, string>()
  for (let c = 1; c <= p.counties; c++) {
    const code = `${p.cityCode.slice(0, 4)}${String(c).padStart(2, '0')}`
    const name = uniqueName(rng, countyNames, c <= 2 ? '区' : '县')
    countyCodes.push(code)
    countyName.set(code, name)
    divisions[code] = { code, name, level: 'county', parentCode: p.cityCode }
  }
  const townsPerCounty = apportion(
    p.townships,
    countyCodes.map(() => 0.7 + rng.next() * 0.6),
  )
  const towns: Array<{ code: string; county: string }> = []
  countyCodes.forEach((county, ci) => {
    const used = new Set<string>()
    for (let t = 1; t <= townsPerCounty[ci]!; t++) {
      const code = `${county}${String(100 + t)}`
      const r = rng.next()
      const name = uniqueName(rng, used, r < 0.6 ? '镇' : r < 0.9 ? '乡' : '街道')
      towns.push({ code, county })
      divisions[code] = { code, name, level: 'township', parentCode: county }
    }
  })
  const villagesPerTown = apportion(
    p.villages,
    towns.map(() => 0.5 + rng.next()),
  )

  // County character: how fast it works, which route dominates, its deadline.
  const countyTraits = new Map(
    countyCodes.map((c) => [
      c,
      {
        speed: 0.75 + rng.next() * 0.5,
        gasShare: 0.35 + rng.next() * 0.6,
        deadline: rng.pick(['2026-10-31', '2026-11-30', '2026-12-15']),
      },
    ]),
  )

  const villages: VillageGen[] = []
  towns.forEach((town, ti) => {
    const used = new Set<string>()
    for (let v = 1; v <= villagesPerTown[ti]!; v++) {
      const code = `${town.code}${String(200 + v)}`
      const name = uniqueName(rng, used, rng.next() < 0.92 ? '村' : '社区')
      divisions[code] = { code, name, level: 'village', parentCode: town.code, urbanRuralCode: rng.pick(['210', '220', '220', '220', '111']) }
      const traits = countyTraits.get(town.county)!
      villages.push({
        code,
        county: town.county,
        name,
        households: 0,
        target: 0,
        route: rng.next() < traits.gasShare ? 'gas' : 'electric',
        // The first village of each township keeps households (so every county has some).
        source: v === 1 || rng.next() < 0.08 ? 'households' : 'counts',
        start: rng.int(0, 40),
        speed: traits.speed * (0.8 + rng.next() * 0.5),
        km: 0,
        missEvery: rng.next() < 0.3 ? rng.int(15, 60) : 0,
      })
    }
  })
  const sizes = apportion(
    p.households,
    villages.map(() => 0.3 + rng.next() * rng.next() * 2.5),
  )
  villages.forEach((v, i) => {
    v.households = sizes[i]!
    // Some targets were revised after the households were listed: rates above 100% happen.
    v.target = rng.next() < 0.06 ? Math.max(1, Math.round(v.households * (0.9 + rng.next() * 0.18))) : v.households
    v.km = Math.round(v.households * (0.02 + rng.next() * 0.03) * 100) / 100
  })

  // ---- plans and households (one snapshot file per county) ----
  const byCounty = new Map<string, Record<string, Household>>(countyCodes.map((c) => [c, {}]))
  let targetSum = 0
  let householdVillages = 0
  for (const v of villages) {
    const cname = countyName.get(v.county)!.slice(0, 2)
    const contractor = v.route === 'gas' ? `${cname}燃气有限公司` : `${cname}供电服务中心`
    plans[v.code] = {
      villageCode: v.code,
      route: v.route,
      targetHouseholds: v.target,
      contractor,
      deadline: countyTraits.get(v.county)!.deadline,
      figureSource: v.source,
    }
    targetSum += v.target
    if (v.source === 'households') householdVillages++
    counters[`households:${v.code}`] = v.households

    // Stages that add up to the village's last-day figure exactly.
    const last = countsAt(v.households, p.days, p.days, v.start, v.speed)
    const stages: HouseholdStage[] = []
    for (let i = STAGE_KEYS.length - 1; i >= -1; i--) {
      const atOrPast = i === -1 ? v.households : last[STAGE_KEYS[i]!]
      const next = i === STAGE_KEYS.length - 1 ? 0 : last[STAGE_KEYS[i + 1]!]
      for (let j = 0; j < atOrPast - next; j++) stages.push(i === -1 ? 'none' : STAGE_KEYS[i]!)
    }
    shuffle(rng, stages)
    const records = byCounty.get(v.county)!
    for (let h = 1; h <= v.households; h++) {
      const id = `${v.code}-${String(h).padStart(6, '0')}`
      const stage = stages[h - 1]!
      const birth = `19${rng.int(40, 89)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`
      const first17 = `${v.county}${birth}${String(h % 1000).padStart(3, '0')}`
      const hh: Household = {
        id,
        villageCode: v.code,
        headName: rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.next() < 0.6 ? rng.pick(GIVEN) : ''),
        route: v.route,
        stage,
        idNumber: first17 + idCheckChar(first17),
        phone: `1${rng.pick(PHONE_PREFIX)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
        address: `${v.name}${rng.int(1, 12)}组${rng.int(1, 80)}号`,
      }
      if (v.route === 'gas' && rng.next() < 0.7) hh.userCode = `RQ${v.code.slice(4)}${String(h).padStart(4, '0')}`
      hh.contractor = contractor
      if (stage !== 'none' && STAGE_KEYS.indexOf(stage) >= 2) {
        hh.meterNo = v.route === 'gas' ? `IC${String(rng.int(0, 9_999_999_999)).padStart(10, '0')}` : `0${String(rng.int(0, 9_999_999_999)).padStart(13, '0')}`
      }
      records[id] = hh
    }
    if (v.source === 'households' && JSON.stringify(countsFromStages(stages)) !== JSON.stringify(last)) {
      throw new Error(`generator bug: stages of ${v.code} do not add up to its figure`)
    }
  }
  let households = 0
  for (const [county, records] of byCounty) {
    households += Object.keys(records).length
    writeSnapshot(dataDir, `households/${county}.json`, records)
  }
  byCounty.clear()

  // ---- daily figures (one snapshot file per month) ----
  const months = new Map<string, Record<string, DailyFigure>>()
  let figures = 0
  for (const v of villages) {
    for (let d = 1; d <= p.days; d++) {
      const date = addDays(p.endDate, d - p.days)
      // Count villages miss a report now and then; derived figures are written on every edit day.
      if (v.source === 'counts' && v.missEvery > 0 && d > 1 && (d * 7 + Number(v.code.slice(-3))) % v.missEvery === 0) continue
      const fig: DailyFigure = {
        villageCode: v.code,
        date,
        counts: countsAt(v.households, d, p.days, v.start, v.speed),
        networkKm: Math.round(v.km * progress(1, d, p.days, v.start, v.speed) * 100) / 100,
        source: v.source === 'households' ? 'derived' : 'manual',
      }
      const month = date.slice(0, 7)
      let recs = months.get(month)
      if (!recs) months.set(month, (recs = {}))
      recs[figureKey(v.code, date)] = fig
      figures++
    }
  }
  for (const [month, records] of months) writeSnapshot(dataDir, `figures/${month}.json`, records)
  months.clear()

  const settings: Settings = {
    operator: '基准测试',
    unitName: '基准市清洁取暖工作领导小组办公室',
    routes: DEFAULT_ROUTES,
    backupsKept: 10,
  }
  writeSnapshot(dataDir, 'settings.json', { settings })
  writeSnapshot(dataDir, 'divisions.json', divisions)
  writeSnapshot(dataDir, 'plans.json', plans)
  writeSnapshot(dataDir, 'counters.json', counters)
  fs.writeFileSync(
    path.join(dataDir, 'db', 'store.json'),
    encodeChecked({ schema: STORE_SCHEMA, checkpointSeq: 0, createdAt: `${p.endDate}T00:00:00.000Z`, counts: written }),
  )
  process.stderr.write(`  generated in ${Math.round(performance.now() - t0)} ms\n`)
  return {
    version: GENERATOR_VERSION,
    params: p,
    counties: countyCodes.length,
    townships: towns.length,
    villages: villages.length,
    households,
    figures,
    householdVillages,
    targetSum,
  }
}

/** Opens a copy of the city through the core and checks the dashboard sees all of it. */
export async function verifyCity(dataDir: string): Promise<void> {
  const copy = freshCopy(dataDir, 'verify')
  const core = new Core({ dataDir: copy, version: 'bench' })
  try {
    const dash = (await core.api['dashboard.summary']({ date: PARAMS.endDate })) as Dashboard
    const counties = new Set(dash.rows.map((r) => r.countyCode))
    const villages = dash.totals.reduce((n, t) => n + t.villages, 0)
    if (counties.size !== PARAMS.counties || villages !== PARAMS.villages) {
      throw new Error(`the generated city does not open as expected: ${counties.size} counties, ${villages} villages on the dashboard`)
    }
  } finally {
    core.close()
    removeCopy(copy)
  }
}

/**
 * Leaves the city as the app leaves a folder after its first day of use: the summaries of latest
 * figures (db/summaries) filled in by the dashboard and the reports of the last day and saved when
 * the core closes. A generated folder has none, and an office's folder has them from its first
 * day; without this every measurement's first call would pay the one-time filling (≈2 s).
 */
async function settleCity(dataDir: string): Promise<void> {
  const date = PARAMS.endDate
  const core = new Core({ dataDir, version: 'bench', now: () => new Date(`${date}T18:00:00`) })
  try {
    await core.api['dashboard.summary']({ date })
    await core.api['reports.weekly']({ date })
    await core.api['reports.tenDay']({ date })
  } finally {
    core.close()
  }
  if (!fs.existsSync(path.join(dataDir, 'db', 'summaries'))) throw new Error('the city was opened but no summaries were saved')
}

function readMarker(): CityInfo | null {
  try {
    return JSON.parse(fs.readFileSync(MARKER, 'utf8')) as CityInfo
  } catch {
    return null
  }
}

/** The fixture, generated (and verified) unless one from this generator version is in place. */
export async function ensureCity(opts: { force?: boolean } = {}): Promise<CityInfo> {
  const marker = readMarker()
  const same = marker && marker.version === GENERATOR_VERSION && JSON.stringify(marker.params) === JSON.stringify(PARAMS)
  if (same && !opts.force && fs.existsSync(path.join(CITY_DATA_DIR, 'db', 'store.json'))) {
    // A city generated before the summaries existed gets them once, as an upgraded office would.
    if (!fs.existsSync(path.join(CITY_DATA_DIR, 'db', 'summaries'))) await settleCity(CITY_DATA_DIR)
    return marker
  }
  process.stderr.write(
    marker && !opts.force ? `城市数据由旧版生成器生成（v${marker.version}），重新生成 regenerating…\n` : '生成城市规模数据 generating the city fixture…\n',
  )
  fs.rmSync(MARKER, { force: true }) // written last: an interrupted run regenerates
  fs.rmSync(CITY_DATA_DIR, { recursive: true, force: true })
  fs.mkdirSync(CITY_DIR, { recursive: true })
  const t0 = performance.now()
  const info = generateCity(CITY_DATA_DIR)
  await verifyCity(CITY_DATA_DIR)
  await settleCity(CITY_DATA_DIR)
  const full: CityInfo = { ...info, folderMB: mb(dirBytes(CITY_DATA_DIR)), generatedMs: Math.round(performance.now() - t0) }
  fs.writeFileSync(MARKER, JSON.stringify(full, null, 2) + '\n')
  return full
}

if (isMain(import.meta.url)) {
  const info = await ensureCity({ force: process.argv.includes('--force') })
  console.log(JSON.stringify(info, null, 2))
}
