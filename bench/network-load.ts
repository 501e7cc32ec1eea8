// The network mode under a morning's load, on loopback: every township of the city (160) logs in as
// its own 乡镇填报员 and submits the day's figures (网上填报) over HTTP, arriving spread over the
// first 30 s, while an office clerk exports the daily report again and again (5 s apart); all
// should be done within 60 s (a target; after 180 s the run is abandoned). Then nothing may be lost: the office's list shows one submission per township,
// each with every village of its form, and the folder reopened after the server stops holds them.
// Prints one JSON line.
//
//   node --import tsx bench/network-load.ts <dataDir> <lastFigureDate>

import { type ChildProcess, spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import type { SubmissionForm, SubmissionView } from '../src/core/contract'
import { STAGE_KEYS } from '../src/core/domain/types'
import { seededRng } from '../src/core/domain/random'
import { SESSION_COOKIE } from '../src/server/http'
import { BENCH_DIR, ROOT, isMain, percentile, round } from './lib'
import { OFFICE_LOGIN, reporterLogin, type ServerTimings } from './network-server'

export interface NetworkLoadResult {
  reporters: number
  /** submissions the office's list shows for the day, and the folder holds after a restart */
  listed: number
  stored: number
  villages: number
  /** from the first arrival to the last submission answered (target: 60 s) */
  window_ms: number
  submit_p50_ms: number
  submit_p95_ms: number
  submit_max_ms: number
  login_p95_ms: number
  form_p95_ms: number
  /** the daily report exported during the load: how many times, and how long each took */
  exports: number
  export_ms: number[]
  /** server side, per call: the permission checks (settle, role, places, lists) */
  auth_overhead_p50_ms: number
  auth_overhead_p95_ms: number
  auth_overhead_p95_by_method_ms: Record<string, number>
  /** server side: Core.call of submissions.submit */
  submit_core_p95_ms: number
  /** starting the server process on the folder (its accounts made beforehand), not measured */
  server_start_ms: number
}

/** Every account's password (network-server.ts makes the accounts with it). */
export const PASSWORD = 'Bench-Network-2026'
/** Reporters arrive over this long; all must be done within 60 s (the `network_window_ms` target). */
const ARRIVALS_MS = 30_000
/** Past this the run is abandoned as failed: the test is bounded in time whatever the machine. */
const GIVE_UP_MS = 180_000
/** The office clerk's pause between two exports of the daily report. */
const EXPORT_PAUSE_MS = 5_000

interface Reply<T> {
  status: number
  ok: boolean
  result?: T
  error?: { code: string; message: string }
  setCookie?: string
}

async function post<T>(base: string, method: string, input: unknown, cookie?: string): Promise<Reply<T>> {
  const res = await fetch(`${base}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input),
  })
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } }
  return { status: res.status, ...body, setCookie: res.headers.get('set-cookie') ?? undefined }
}

async function logIn(base: string, login: string): Promise<{ cookie: string; ms: number }> {
  const t = performance.now()
  const r = await post(base, 'auth.login', { login, password: PASSWORD })
  const ms = performance.now() - t
  const token = new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(r.setCookie ?? '')?.[1]
  if (!r.ok || !token) throw new Error(`log-in of ${login} failed: ${r.status} ${r.error?.message ?? ''}`)
  return { cookie: `${SESSION_COOKIE}=${token}`, ms }
}

/** The day's figure a township enters: a few more households at each stage than the last, never past the stage before or the target. */
function nextFigure(v: SubmissionForm['villages'][number]) {
  const counts: Record<string, number> = {}
  let before = v.target
  for (const [i, k] of STAGE_KEYS.entries()) {
    const last = v.last?.counts[k] ?? 0
    counts[k] = Math.max(last, Math.min(last + [3, 2, 2, 1, 1, 0][i]!, before))
    before = counts[k]!
  }
  return { villageCode: v.code, counts, networkKm: round((v.last?.networkKm ?? 0) + 0.05, 2) }
}

function startServer(dataDir: string, lastDate: string): Promise<{ child: ChildProcess; port: number; day: string; townships: string[]; setupMs: number; timings: Promise<ServerTimings> }> {
  const t = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', `${BENCH_DIR}/network-server.ts`, dataDir, lastDate, PASSWORD], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  const lines: string[] = []
  let partial = ''
  let onLine: (() => void) | null = null
  child.stdout!.setEncoding('utf8')
  child.stdout!.on('data', (s: string) => {
    const parts = (partial + s).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts.filter((l) => l.trim()))
    onLine?.()
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const nextLine = (n: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (lines.length >= n) resolve(lines[n - 1]!)
      }
      onLine = check
      check()
      void exited.then((code) => reject(new Error(`network-server.ts exited with ${code}`)))
    })
  return nextLine(1).then((first) => {
    const ready = JSON.parse(first) as { port: number; day: string; townships: string[] }
    const timings = nextLine(2).then((l) => JSON.parse(l) as ServerTimings)
    return { child, ...ready, setupMs: Math.round(performance.now() - t), timings }
  })
}

async function run(dataDir: string, lastDate: string): Promise<NetworkLoadResult> {
  const server = await startServer(dataDir, lastDate)
  process.stderr.write(`  server ready on port ${server.port} in ${server.setupMs} ms; ${server.townships.length} township reporters\n`)
  const base = `http://127.0.0.1:${server.port}/`
  const day = server.day
  const office = await logIn(base, OFFICE_LOGIN)
  const townships = server.townships

  const random = seededRng(14)
  const arrivals = townships.map(() => random.int(0, ARRIVALS_MS))
  const logins: number[] = []
  const forms: number[] = []
  const submits: number[] = []
  const sent = new Map<string, number>()
  const failures: string[] = []
  const t0 = performance.now()
  let reportersDone = false

  const reporter = async (township: string, at: number) => {
    await new Promise((r) => setTimeout(r, at))
    try {
      const me = await logIn(base, reporterLogin(township))
      logins.push(me.ms)
      let t = performance.now()
      const form = await post<SubmissionForm>(base, 'submissions.form', { date: day }, me.cookie)
      forms.push(performance.now() - t)
      if (!form.ok) throw new Error(`form: ${form.error?.message}`)
      const rows = form.result!.villages.map(nextFigure)
      t = performance.now()
      const r = await post<SubmissionView>(base, 'submissions.submit', { date: day, rows }, me.cookie)
      submits.push(performance.now() - t)
      if (!r.ok) throw new Error(`submit: ${r.status} ${r.error?.message}`)
      sent.set(township, rows.length)
    } catch (e) {
      failures.push(`${township}: ${(e as Error).message}`)
    }
  }

  const exportTimes: number[] = []
  const exporter = async () => {
    while (!reportersDone) {
      const t = performance.now()
      const r = await post<{ fileName: string }>(base, 'reports.dailyExport', { date: day, byTownship: true }, office.cookie)
      if (!r.ok) throw new Error(`daily export: ${r.status} ${r.error?.message}`)
      exportTimes.push(Math.round(performance.now() - t))
      await new Promise((res) => setTimeout(res, EXPORT_PAUSE_MS))
    }
  }

  const exporting = exporter()
  let giveUp: NodeJS.Timeout | undefined
  const abandoned = new Promise<never>((_, reject) => {
    giveUp = setTimeout(() => reject(new Error(`the reporters were not done after ${GIVE_UP_MS} ms`)), GIVE_UP_MS)
  })
  try {
    await Promise.race([Promise.all(townships.map((t, i) => reporter(t, arrivals[i]!))), abandoned])
  } catch (e) {
    server.child.kill('SIGKILL')
    throw e
  } finally {
    clearTimeout(giveUp)
  }
  const windowMs = performance.now() - t0
  reportersDone = true
  await exporting

  const listed = (await post<SubmissionView[]>(base, 'submissions.list', { date: day }, office.cookie)).result!
  server.child.kill('SIGTERM')
  const timings = await server.timings
  const stored = await storedSubmissions(dataDir, day)

  const all = Object.values(timings.auth_ms).flat()
  const byMethod = Object.fromEntries(Object.entries(timings.auth_ms).map(([m, v]) => [m, round(percentile(v, 95), 3)]))
  const result: NetworkLoadResult = {
    reporters: townships.length,
    listed: listed.length,
    stored,
    villages: [...sent.values()].reduce((a, b) => a + b, 0),
    window_ms: Math.round(windowMs),
    submit_p50_ms: round(percentile(submits, 50), 1),
    submit_p95_ms: round(percentile(submits, 95), 1),
    submit_max_ms: round(Math.max(...submits), 1),
    login_p95_ms: round(percentile(logins, 95), 1),
    form_p95_ms: round(percentile(forms, 95), 1),
    exports: exportTimes.length,
    export_ms: exportTimes,
    auth_overhead_p50_ms: round(percentile(all, 50), 3),
    auth_overhead_p95_ms: round(percentile(all, 95), 3),
    auth_overhead_p95_by_method_ms: byMethod,
    submit_core_p95_ms: round(percentile(timings.call_ms['submissions.submit'] ?? [], 95), 1),
    server_start_ms: server.setupMs,
  }
  // What went wrong, with the figures of the run (a bound missed on a busy machine is still worth reading).
  const failed = (why: string) => new Error(`${why}\n${JSON.stringify(result)}`)
  if (failures.length > 0) throw failed(`${failures.length} reporters failed: ${failures.slice(0, 5).join('; ')}`)
  const lost = townships.filter((t) => listed.filter((s) => s.townshipCode === t && s.status === 'pending' && s.villages === sent.get(t)).length !== 1)
  if (lost.length > 0 || listed.length !== townships.length) throw failed(`submissions lost or wrong: ${lost.slice(0, 5).join(', ')} (listed ${listed.length} of ${townships.length})`)
  if (stored !== townships.length) throw failed(`the folder holds ${stored} submissions of ${day} after the restart, ${townships.length} were sent`)
  return result
}

/** The day's submissions in the folder, read by a new Core after the server has stopped. */
async function storedSubmissions(dataDir: string, day: string): Promise<number> {
  const { Core } = await import('../src/core/api')
  const core = new Core({ dataDir, version: 'bench' })
  try {
    return [...core.store!.partitionEntries('submissions', day.slice(0, 7)).values()].filter((s) => s.date === day).length
  } finally {
    core.close()
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, lastDate] = process.argv.slice(2)
  if (!dataDir || !lastDate) {
    console.error('usage: network-load.ts <dataDir> <lastFigureDate>')
    process.exit(2)
  }
  run(dataDir, lastDate).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
