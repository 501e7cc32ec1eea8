// `npm run bench`: city-scale timings of the core, written to bench/results.json.
//
//   npm run bench                      every measurement
//   npm run bench -- --only edit,cold  some of them (the others' figures stay in results.json)
//   npm run bench -- --list            the measurements
//   npm run bench -- --regen           regenerate the city first
//   npm run bench -- --strict          exit 1 when a target is missed
//   npm run bench -- --keep            keep the measured copies under bench/tmp/
//
// Each measurement works on its own copy of the generated city (bench/tmp/<id>) and runs in
// child processes, so it starts from a cold JS heap and leaves the fixture untouched. To add one
// (import_day_ms, daily_export_ms, …): a script printing one JSON line, an entry in MEASUREMENTS,
// its headline keys in METRICS (with a target if it has one).

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CITY_DATA_DIR, ensureCity, PARAMS, type CityInfo } from './generate-city'
import type { ColdStartResult } from './cold-start'
import type { EditResult } from './edit'
import type { ImportDayResult } from './import-day'
import type { ImportRosterResult } from './import-roster'
import type { ImportUndoResult } from './import-undo'
import type { PlanImportResult } from './plan-import'
import type { MoneyResult } from './money'
import type { MapRenderResult } from './map-render'
import type { NaiveResult } from './naive-lowdb'
import { type NetworkLoadResult, PASSWORD as NETWORK_PASSWORD } from './network-load'
import type { ReportExportResult } from './report-exports'
import type { SeasonResult } from './season'
import type { SeasonOpenResult } from './season-open'
import { addDays } from '../src/core/domain/dates'
import { BENCH_DIR, dirBytes, freshCopy, mb, median, removeCopy, runTsChild, TMP_DIR } from './lib'

const RESULTS = path.join(BENCH_DIR, 'results.json')

interface Metric {
  label: string
  unit: 'ms' | 'MB'
  /** the value must be at or below this */
  target?: number
}

/** Headline figures, in the order printed; each is a top-level key of results.json. */
const METRICS: Record<string, Metric> = {
  edit_p50_ms: { label: '单条修改 edit, p50', unit: 'ms' },
  edit_p95_ms: { label: '单条修改 edit, p95', unit: 'ms', target: 5 },
  naive_edit_p95_ms: { label: '单文件 lowdb 修改 naive edit, p95', unit: 'ms' },
  checkpoint_ms: { label: '编入快照 checkpoint after the edits', unit: 'ms' },
  cold_start_ms: { label: '冷启动到总览 cold start → dashboard', unit: 'ms', target: 1500 },
  rss_mb: { label: '冷启动内存 RSS after dashboard', unit: 'MB', target: 600 },
  daily_export_ms: { label: '导出日报 daily report export', unit: 'ms', target: 1000 },
  weekly_export_ms: { label: '导出周通报 weekly bulletin export', unit: 'ms', target: 2000 },
  tenday_export_ms: { label: '导出旬例会材料 ten-day pack export', unit: 'ms', target: 3000 },
  import_day_ms: { label: '导入一天的乡镇报送 116 files', unit: 'ms', target: 5000 },
  import_roster_ms: { label: '导入 2 万户花名册 roster', unit: 'ms' },
  plan_import_ms: { label: '导入全市任务清单 plan list, 3,000 villages', unit: 'ms', target: 2000 },
  import_undo_ms: { label: '撤销一天的导入 undo of the 116-file day', unit: 'ms', target: 1000 },
  ledger_entry_p95_ms: { label: '押金记账 ledger entry, p95', unit: 'ms', target: 5 },
  reconcile_city_ms: { label: '全市对账 city reconciliation, recomputed', unit: 'ms', target: 1000 },
  reconcile_city_cold_ms: { label: '全市对账 first of session (reads files)', unit: 'ms' },
  map_first_render_ms: { label: '地图首次画出 3,000 村 map first render (Chromium)', unit: 'ms' },
  reopen_ms: { label: '一季之后重新打开到总览 reopen after 100,000+ logged writes', unit: 'ms', target: 1500 },
  audit_recent_ms: { label: '一季之后 最近的操作 audit.recent(50)', unit: 'ms', target: 200 },
  village_history_ms: { label: '一季之后 一个村的修改记录 village history', unit: 'ms', target: 200 },
  network_window_ms: { label: '160 个乡镇登录并网上填报 all 160 reporters log in and submit', unit: 'ms', target: 60000 },
  submit_p95_ms: { label: '网上填报 160 个乡镇同时提交 online submission under load, p95', unit: 'ms', target: 200 },
  auth_overhead_p95_ms: { label: '权限检查 permission checks per call, p95', unit: 'ms', target: 2 },
}

interface BenchEnv {
  city: CityInfo
  cityDir: string
  /** the dashboard date: the city's last day of figures */
  date: string
  keep: boolean
}

interface Outcome {
  values: Record<string, number>
  details: Record<string, unknown>
}

interface Measurement {
  id: string
  title: string
  run(env: BenchEnv): Promise<Outcome>
}

/** Runs `fn` on a fresh copy of the city, removed afterwards unless --keep. */
async function onCopy<T>(env: BenchEnv, name: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = freshCopy(env.cityDir, name)
  try {
    return await fn(dir)
  } finally {
    if (!env.keep) removeCopy(dir)
  }
}

/** Bump when season.ts writes a different season. */
const SEASON_VERSION = 1
const SEASON_DAYS = 40
const SEASON_DIR = path.join(path.dirname(CITY_DATA_DIR), 'season')

/**
 * The city after a season of history (bench/city/season), made once from a copy of the city by
 * season.ts and kept while the city, the generator and SEASON_VERSION stay the same.
 */
async function ensureSeason(env: BenchEnv): Promise<{ dir: string; info: SeasonResult }> {
  const dir = path.join(SEASON_DIR, 'data')
  const marker = path.join(SEASON_DIR, 'season.json')
  const want = { version: SEASON_VERSION, days: SEASON_DAYS, city: env.city.version, params: env.city.params }
  try {
    const m = JSON.parse(fs.readFileSync(marker, 'utf8')) as typeof want & { info: SeasonResult }
    if (JSON.stringify({ version: m.version, days: m.days, city: m.city, params: m.params }) === JSON.stringify(want) && fs.existsSync(path.join(dir, 'db'))) {
      return { dir, info: m.info }
    }
  } catch {
    /* not made yet */
  }
  process.stderr.write(`  making the season: ${SEASON_DAYS} days of writes on a copy of the city (once; a few minutes)…\n`)
  fs.rmSync(SEASON_DIR, { recursive: true, force: true })
  fs.mkdirSync(SEASON_DIR, { recursive: true })
  fs.cpSync(env.cityDir, dir, { recursive: true })
  const info = await runTsChild<SeasonResult>('season.ts', [dir, env.date, String(SEASON_DAYS)])
  fs.writeFileSync(marker, JSON.stringify({ ...want, info }, null, 2) + '\n')
  return { dir, info }
}

/** Bump when network-server.ts makes different accounts. */
const NETWORK_VERSION = 1
const NETWORK_DIR = path.join(path.dirname(CITY_DATA_DIR), 'network')

/**
 * The city with the network test's accounts (bench/city/network): 162 accounts made through the
 * API take minutes of scrypt, so they are made once and kept while the city and NETWORK_VERSION stay.
 */
async function ensureAccounts(env: BenchEnv): Promise<string> {
  const dir = path.join(NETWORK_DIR, 'data')
  const marker = path.join(NETWORK_DIR, 'network.json')
  const want = { version: NETWORK_VERSION, city: env.city.version, params: env.city.params }
  try {
    if (fs.readFileSync(marker, 'utf8') === JSON.stringify(want) && fs.existsSync(path.join(dir, 'db'))) return dir
  } catch {
    /* not made yet */
  }
  process.stderr.write('  making the accounts of the network test on a copy of the city (once; a few minutes of scrypt)…\n')
  fs.rmSync(NETWORK_DIR, { recursive: true, force: true })
  fs.mkdirSync(NETWORK_DIR, { recursive: true })
  fs.cpSync(env.cityDir, dir, { recursive: true })
  await runTsChild('network-server.ts', [dir, env.date, NETWORK_PASSWORD, '--prepare'])
  fs.writeFileSync(marker, JSON.stringify(want))
  return dir
}

const MEASUREMENTS: Measurement[] = [
  {
    id: 'cold',
    title: '冷启动 cold start (3 child processes, median; RSS max)',
    async run(env) {
      const dir = freshCopy(env.cityDir, 'cold')
      const runs: ColdStartResult[] = []
      try {
        for (let i = 0; i < 3; i++) {
          const r = await runTsChild<ColdStartResult>('cold-start.ts', [dir, env.date])
          if (r.counties !== env.city.counties || r.villages !== env.city.villages) {
            throw new Error(`dashboard saw ${r.counties} counties and ${r.villages} villages, expected ${env.city.counties} and ${env.city.villages}`)
          }
          runs.push(r)
          process.stderr.write(`  cold start ${i + 1}/3: ${r.total_ms} ms, RSS ${r.rss_mb} MB\n`)
        }
      } finally {
        if (!env.keep) removeCopy(dir)
      }
      const med = (k: keyof ColdStartResult) => median(runs.map((r) => r[k] as number))
      return {
        values: { cold_start_ms: med('total_ms'), rss_mb: Math.max(...runs.map((r) => r.rss_mb)) },
        details: {
          open_ms: med('open_ms'),
          dashboard_ms: med('dashboard_ms'),
          dashboard_rows: runs[0]!.rows,
          heap_used_mb: Math.max(...runs.map((r) => r.heap_used_mb)),
          app_info_after_ms: med('app_info_ms'),
          rss_after_app_info_mb: Math.max(...runs.map((r) => r.rss_after_app_info_mb)),
          runs,
        },
      }
    },
  },
  {
    id: 'edit',
    title: '单条修改 200 durable edits through the API',
    run: (env) =>
      onCopy(env, 'edit', async (dir) => {
        const r = await runTsChild<EditResult>('edit.ts', [dir, env.date, '200'])
        const { p50_ms, p95_ms, checkpoint_ms, ...rest } = r
        return { values: { edit_p50_ms: p50_ms, edit_p95_ms: p95_ms, checkpoint_ms }, details: rest }
      }),
  },
  {
    id: 'money',
    title: '资金 200 durable ledger entries on 25,000+ seeded entries, then the city reconciliation',
    run: (env) =>
      onCopy(env, 'money', async (dir) => {
        const r = await runTsChild<MoneyResult>('money.ts', [dir, env.date, '200'])
        const { ledger_p95_ms, reconcile_city_ms, reconcile_city_cold_ms, ...rest } = r
        return { values: { ledger_entry_p95_ms: ledger_p95_ms, reconcile_city_ms, reconcile_city_cold_ms }, details: rest }
      }),
  },
  {
    id: 'naive',
    title: '对照：单个 lowdb 文件 naive one-file lowdb (10 edits; p95 = the slowest)',
    async run(env) {
      const work = path.join(TMP_DIR, 'naive')
      try {
        // The one file is ~250 MB of JSON: give V8 room so the time, not the heap limit, is measured.
        const r = await runTsChild<NaiveResult>('naive-lowdb.ts', [env.cityDir, work, '10'], ['--max-old-space-size=8192'])
        const { p95_ms, ...rest } = r
        return { values: { naive_edit_p95_ms: p95_ms }, details: rest }
      } finally {
        removeCopy(work)
      }
    },
  },
  {
    id: 'reports',
    title: '报表导出 daily / weekly / ten-day exports (first click after the start; --keep keeps the files)',
    run: (env) =>
      onCopy(env, 'reports', async (dir) => {
        const args = [dir, env.date, ...(env.keep ? [path.join(TMP_DIR, 'reports-exports')] : [])]
        const r = await runTsChild<ReportExportResult>('report-exports.ts', args)
        const { daily_ms, weekly_ms, tenday_ms, ...rest } = r
        return { values: { daily_export_ms: daily_ms, weekly_export_ms: weekly_ms, tenday_export_ms: tenday_ms }, details: rest }
      }),
  },
  {
    id: 'network',
    title: '网络模式 160 township reporters log in and submit over HTTP (within 60 s) while the office exports the daily report',
    async run(env) {
      const prepared = await ensureAccounts(env)
      return onCopy({ ...env, cityDir: prepared }, 'network', async (dir) => {
        const r = await runTsChild<NetworkLoadResult>('network-load.ts', [dir, env.date])
        process.stderr.write(`  ${r.reporters} submissions (${r.villages} villages) in ${r.window_ms} ms; ${r.exports} daily exports meanwhile\n`)
        const { window_ms, submit_p95_ms, auth_overhead_p95_ms, ...rest } = r
        return { values: { network_window_ms: window_ms, submit_p95_ms, auth_overhead_p95_ms }, details: rest }
      })
    },
  },
  {
    id: 'import',
    title: '报送导入 a day of 116 township files, the same for every township, then a 20,000-household roster',
    run: (env) =>
      onCopy(env, 'import', async (dir) => {
        const day = await runTsChild<ImportDayResult>('import-day.ts', [dir, env.date, '116'])
        process.stderr.write(`  day: ${day.files} files, ${day.rows} rows in ${day.total_ms} ms\n`)
        // 116 files hold at most 2,482 of the city's villages; every township's file gives the issue's ~3,000 rows.
        const dayAll = await runTsChild<ImportDayResult>('import-day.ts', [freshCopy(env.cityDir, 'import'), env.date, String(env.city.townships)])
        process.stderr.write(`  day, every township: ${dayAll.files} files, ${dayAll.rows} rows in ${dayAll.total_ms} ms\n`)
        const roster = await runTsChild<ImportRosterResult>('import-roster.ts', [freshCopy(env.cityDir, 'import'), env.date, '20000'])
        process.stderr.write(`  roster: ${roster.rows} rows in ${roster.total_ms} ms\n`)
        return { values: { import_day_ms: day.total_ms, import_roster_ms: roster.total_ms }, details: { day, day_all_townships: dayAll, roster } }
      }),
  },
  {
    id: 'intake',
    title: '任务清单与撤销 the city’s plan list (3,000 villages), then the undo of the 116-file day',
    run: (env) =>
      onCopy(env, 'intake', async (dir) => {
        const plans = await runTsChild<PlanImportResult>('plan-import.ts', [dir, env.date])
        process.stderr.write(`  plan list: ${plans.villages} villages in ${plans.total_ms} ms\n`)
        const undo = await runTsChild<ImportUndoResult>('import-undo.ts', [freshCopy(env.cityDir, 'intake'), env.date, '116'])
        process.stderr.write(`  undo: ${undo.restored} figures in ${undo.undo_ms} ms\n`)
        return { values: { plan_import_ms: plans.total_ms, import_undo_ms: undo.undo_ms }, details: { plans, undo } }
      }),
  },
  {
    id: 'season',
    title: '一季的历史 reopen and the audit views after 100,000+ logged writes (3 child processes, median)',
    async run(env) {
      const season = await ensureSeason(env)
      const lastDay = addDays(env.date, SEASON_DAYS)
      const dir = freshCopy(season.dir, 'season')
      const runs: SeasonOpenResult[] = []
      let firstOpen: SeasonOpenResult | undefined
      try {
        // A season folder made by an older program has no summaries of latest figures: the first
        // open fills them in from the months (once), so it is reported apart from the reopens.
        const untouched = !fs.existsSync(path.join(dir, 'db', 'summaries'))
        if (untouched) {
          firstOpen = await runTsChild<SeasonOpenResult>('season-open.ts', [dir, lastDay, season.info.sample_village])
          process.stderr.write(`  first open by this program (fills in the summaries): ${firstOpen.reopen_ms} ms\n`)
        }
        for (let i = 0; i < 3; i++) {
          const r = await runTsChild<SeasonOpenResult>('season-open.ts', [dir, lastDay, season.info.sample_village])
          runs.push(r)
          process.stderr.write(`  reopen ${i + 1}/3: ${r.reopen_ms} ms, audit.recent ${r.audit_recent_ms} ms, village history ${r.village_history_ms} ms (${r.village_history_rows} rows)\n`)
        }
      } finally {
        if (!env.keep) removeCopy(dir)
      }
      const med = (k: keyof SeasonOpenResult) => median(runs.map((r) => r[k] as number))
      return {
        values: { reopen_ms: med('reopen_ms'), audit_recent_ms: med('audit_recent_ms'), village_history_ms: med('village_history_ms') },
        details: { season: season.info, runs, ...(firstOpen ? { first_open_filling_summaries: firstOpen } : {}) },
      }
    },
  },
  {
    id: 'map',
    title: '地图首次画出 3,000 个村 map first render in headless Chromium (1 cold + 3 warm loads; median of warm)',
    run: (env) =>
      onCopy(env, 'map', async (dir) => {
        const r = await runTsChild<MapRenderResult>('map-render.ts', [dir, '3'])
        if (r.points !== env.city.villages) throw new Error(`drew ${r.points} points, expected ${env.city.villages}`)
        const { first_render_ms, ...rest } = r
        return { values: { map_first_render_ms: first_render_ms }, details: rest }
      }),
  },
]

// ---------- arguments ----------

function parseArgs(argv: string[]) {
  const only: string[] = []
  const flags = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--only') only.push(...(argv[++i] ?? '').split(','))
    else if (a.startsWith('--only=')) only.push(...a.slice(7).split(','))
    else if (['--list', '--regen', '--strict', '--keep'].includes(a)) flags.add(a)
    else {
      console.error(`未知参数 unknown argument: ${a}\n用法 usage: npm run bench -- [--only ${MEASUREMENTS.map((m) => m.id).join(',')}] [--regen] [--strict] [--keep] [--list]`)
      process.exit(2)
    }
  }
  const ids = only.filter(Boolean)
  for (const id of ids) {
    if (!MEASUREMENTS.some((m) => m.id === id)) {
      console.error(`没有名为 ${id} 的测量 (no measurement "${id}"); 可选 choose from: ${MEASUREMENTS.map((m) => m.id).join(', ')}`)
      process.exit(2)
    }
  }
  return { only: ids, flags }
}

// ---------- results ----------

interface Results {
  generatedAt: string
  machine: { cpus: number; cpuModel: string; memMB: number; platform: string; node: string; loadavg1m: { start: number; end: number } }
  dataset: Record<string, unknown>
  [metric: string]: unknown
  targets: Record<string, number>
  pass: Record<string, boolean>
  measuredAt: Record<string, string>
  details: Record<string, unknown>
}

function readResults(): Partial<Results> {
  try {
    return JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as Partial<Results>
  } catch {
    return {}
  }
}

function fmt(v: unknown, unit: string): string {
  if (typeof v !== 'number') return '—'
  return `${v >= 100 ? Math.round(v).toLocaleString('en-US') : v} ${unit}`
}

function printTable(results: Results): void {
  const rows = Object.entries(METRICS).map(([key, m]) => {
    const v = results[key]
    const verdict = m.target === undefined ? '' : typeof v !== 'number' ? '' : results.pass[key] ? 'PASS' : 'FAIL'
    return [key, m.label, fmt(v, m.unit), m.target === undefined ? '' : `≤ ${m.target} ${m.unit}`, verdict]
  })
  const head = ['key', 'what', 'value', 'target', '']
  // CJK characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0)
  const cols = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))))
  const line = (r: string[]) => r.map((c, i) => (i === 2 ? ' '.repeat(cols[i]! - width(c)) + c : c + ' '.repeat(cols[i]! - width(c)))).join('  ')
  console.log('')
  console.log(line(head))
  console.log(cols.map((n) => '-'.repeat(n)).join('  '))
  for (const r of rows) console.log(line(r))
  const d = results.dataset
  console.log(
    `\ndataset: ${d.counties} counties, ${d.villages} villages, ${Number(d.households).toLocaleString('en-US')} households, ` +
      `${Number(d.figures).toLocaleString('en-US')} figures, ${d.folderMB} MB\n` +
      `machine: ${results.machine.cpus} × ${results.machine.cpuModel}, node ${results.machine.node}, ` +
      `load average ${results.machine.loadavg1m.start} → ${results.machine.loadavg1m.end}`,
  )
}

// ---------- main ----------

async function main(): Promise<void> {
  const { only, flags } = parseArgs(process.argv.slice(2))
  if (flags.has('--list')) {
    for (const m of MEASUREMENTS) console.log(`${m.id.padEnd(8)} ${m.title}`)
    return
  }
  // Other work on the machine moves these figures: the load is recorded with them.
  const loadStart = os.loadavg()[0]!
  const city = await ensureCity({ force: flags.has('--regen') })
  const env: BenchEnv = { city, cityDir: CITY_DATA_DIR, date: PARAMS.endDate, keep: flags.has('--keep') }
  const chosen = only.length > 0 ? MEASUREMENTS.filter((m) => only.includes(m.id)) : MEASUREMENTS

  // Results of measurements not run this time are kept, unless the city itself changed.
  const prev = readResults()
  const sameCity = JSON.stringify((prev.dataset as { params?: unknown } | undefined)?.params) === JSON.stringify(city.params)
  const base: Partial<Results> = only.length > 0 && sameCity ? prev : {}
  const values: Record<string, unknown> = {}
  for (const key of Object.keys(METRICS)) if (key in base) values[key] = base[key]
  const details: Record<string, unknown> = { ...(base.details ?? {}) }
  const measuredAt: Record<string, string> = { ...(base.measuredAt ?? {}) }

  for (const m of chosen) {
    console.error(`\n▶ ${m.id}: ${m.title}`)
    const t0 = performance.now()
    const out = await m.run(env)
    Object.assign(values, out.values)
    details[m.id] = out.details
    measuredAt[m.id] = new Date().toISOString()
    console.error(`  done in ${Math.round((performance.now() - t0) / 1000)} s: ${JSON.stringify(out.values)}`)
  }

  const targets: Record<string, number> = {}
  const pass: Record<string, boolean> = {}
  for (const [key, m] of Object.entries(METRICS)) {
    if (m.target === undefined) continue
    targets[key] = m.target
    const v = values[key]
    if (typeof v === 'number') pass[key] = v <= m.target
  }
  const cpus = os.cpus()
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memMB: Math.round(os.totalmem() / 1024 / 1024),
      platform: `${process.platform}-${process.arch}`,
      node: process.version,
      loadavg1m: { start: Math.round(loadStart * 100) / 100, end: Math.round(os.loadavg()[0]! * 100) / 100 },
    },
    dataset: {
      counties: city.counties,
      townships: city.townships,
      villages: city.villages,
      households: city.households,
      figures: city.figures,
      householdVillages: city.householdVillages,
      targetSum: city.targetSum,
      folderMB: mb(dirBytes(CITY_DATA_DIR)),
      generatorVersion: city.version,
      params: city.params,
    },
    ...values,
    targets,
    pass,
    measuredAt,
    details,
  }
  fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n')
  printTable(results)
  console.log(`\n结果已写入 results written to ${path.relative(process.cwd(), RESULTS)}`)
  const missed = Object.entries(pass).filter(([, ok]) => !ok)
  if (missed.length > 0) console.log(`未达标 targets missed: ${missed.map(([k]) => k).join(', ')}`)
  if (flags.has('--strict') && missed.length > 0) process.exitCode = 1
}

await main()
