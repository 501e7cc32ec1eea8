// Shared by the store tests and their child processes: temp folders, the records the crash writer
// puts, reading the log as raw lines, byte snapshots of a folder, and running helper scripts.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type CollectionDefs, type CollectionName, COLLECTIONS } from '../../../src/core/store/collections'
import { type LogEntry, Store, type StoreOptions } from '../../../src/core/store/store'

export const HELPERS = path.dirname(fileURLToPath(import.meta.url))
export const REPO = path.resolve(HELPERS, '../../..')

export function tempDir(prefix = 'store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `chd-test-${prefix}`))
}

/** A temp folder in memory where the machine has a RAM disk (tests of logic, not of the disk). */
export function ramDir(prefix = 'store-'): string {
  return fs.existsSync('/dev/shm') ? fs.mkdtempSync(path.join('/dev/shm', `chd-test-${prefix}`)) : tempDir(prefix)
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

// ---------- a store typed loosely, for tests that write records of any shape ----------

/** The app's collections with any value (store tests write partial records). */
export type Loose = { [C in CollectionName]: unknown }
export const LOOSE = COLLECTIONS as unknown as CollectionDefs<Loose>

export function looseOpts(extra: Partial<StoreOptions<Loose>> = {}): StoreOptions<Loose> {
  return { collections: LOOSE, checkpointIdleMs: 0, ...extra }
}

/** Opens a folder; a folder that cannot be read opens in recovery mode (`error`), which this returns closed. */
export function openOutcome(dir: string, extra: Partial<StoreOptions<Loose>> = {}): { store: Store<Loose> } | { error: import('../../../src/core/errors').AppError } {
  const store = Store.open(dir, looseOpts(extra))
  if (!store.error) return { store }
  const error = store.error
  store.close()
  return { error }
}

/** The lock files in a data folder (numbered; `.lock` from older versions). */
export function lockFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f === '.lock' || /^\.lock\.\d+$/.test(f))
    .sort()
}

// ---------- what the crash writer writes ----------

export const CRASH_COUNTIES = ['141002', '141021', '141022', '141023', '141024']
export const COUNTER_KEY = 'crash:n'

export interface Put {
  c: CollectionName
  k: string
  v: unknown
}

export function householdKey(n: number): string {
  const county = CRASH_COUNTIES[n % CRASH_COUNTIES.length]!
  return `${county}001001-${String(n).padStart(6, '0')}`
}

export function figureKeyOf(n: number): string {
  const county = CRASH_COUNTIES[n % CRASH_COUNTIES.length]!
  const village = `${county}001${String((n % 20) + 1).padStart(3, '0')}`
  // (n % 20, floor(n / 20)) identifies n, so every n has its own key; months change every ~600 n.
  const date = new Date(Date.UTC(2024, 10, 1) + Math.floor(n / 20) * 86_400_000).toISOString().slice(0, 10)
  return `${village}|${date}`
}

/** The puts of transaction n: a household (county partition), a figure (month partition), the counter (single file). */
export function crashPuts(n: number): Put[] {
  const hk = householdKey(n)
  const fk = figureKeyOf(n)
  return [
    {
      c: 'households',
      k: hk,
      v: {
        id: hk,
        villageCode: hk.slice(0, 12),
        headName: `户主${n}`,
        stage: ['confirmed', 'network', 'meter', 'device', 'connected', 'accepted'][n % 6],
        phone: `139${String(n).padStart(8, '0')}`,
        address: `演示村${n % 97}号，清洁取暖改造（煤改气）`,
        n,
      },
    },
    {
      c: 'figures',
      k: fk,
      v: {
        villageCode: fk.slice(0, 12),
        date: fk.slice(13),
        counts: { confirmed: n % 13, network: n % 11, meter: n % 7 },
        networkKm: (n % 100) / 10,
        source: 'manual',
      },
    },
    { c: 'counters', k: COUNTER_KEY, v: n },
  ]
}

// ---------- the log as it is on disk ----------

export interface Segment {
  name: string
  /** Complete lines, parsed; the test fails on unparsable lines itself. */
  lines: string[]
  bytes: number
}

export function logDir(dir: string): string {
  return path.join(dir, 'db', 'log')
}

export function readSegments(dir: string): Segment[] {
  const d = logDir(dir)
  if (!fs.existsSync(d)) return []
  return fs
    .readdirSync(d)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(d, name), 'utf8')
      return { name, lines: text.split('\n').filter((l) => l !== ''), bytes: Buffer.byteLength(text) }
    })
}

export function logEntries(dir: string): LogEntry[] {
  return readSegments(dir).flatMap((s) => s.lines.map((l) => JSON.parse(l) as LogEntry))
}

export function lastSegment(dir: string): string {
  const segs = readSegments(dir)
  if (segs.length === 0) throw new Error('no log segment')
  return path.join(logDir(dir), segs[segs.length - 1]!.name)
}

export function logBytes(dir: string): number {
  return readSegments(dir).reduce((n, s) => n + s.bytes, 0)
}

/** Problems with the log's numbering: seqs must run 1, 2, 3… across segments, each segment named by its first seq. */
export function seqProblems(dir: string): string[] {
  const problems: string[] = []
  let expected = 1
  for (const seg of readSegments(dir)) {
    seg.lines.forEach((line, i) => {
      let e: LogEntry
      try {
        e = JSON.parse(line) as LogEntry
      } catch {
        problems.push(`${seg.name} line ${i + 1} is not JSON`)
        return
      }
      if (i === 0 && Number(seg.name.slice(0, 12)) !== e.seq) problems.push(`${seg.name} starts with seq ${e.seq}`)
      if (e.seq !== expected) problems.push(`${seg.name} line ${i + 1}: seq ${e.seq}, expected ${expected}`)
      expected = e.seq + 1
    })
  }
  return problems
}

// ---------- byte snapshots ----------

/** Every file under `dir` (relative path → bytes). */
export function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(path.relative(dir, p).split(path.sep).join('/'), fs.readFileSync(p))
    }
  }
  if (fs.existsSync(dir)) walk(dir)
  return out
}

/** Files added, removed or changed between two snapshots. */
export function treeDiff(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const diff: string[] = []
  for (const [k, v] of before) {
    const w = after.get(k)
    if (!w) diff.push(`removed ${k}`)
    else if (!v.equals(w)) diff.push(`changed ${k}`)
  }
  for (const k of after.keys()) if (!before.has(k)) diff.push(`added ${k}`)
  return diff
}

// ---------- simulated crash of an in-process store ----------

/**
 * Leaves a store as a crash would: no checkpoint, no close, the lock file left behind (by this very
 * process, so it is removed by hand — a lock of the live test process is never stale). The store
 * object must not be used afterwards.
 */
export function abandon(store: Store<unknown>, dir: string): void {
  const s = store as unknown as { db: { log: { fd: number | null } } | null; idleTimer: NodeJS.Timeout | null; closed: boolean }
  if (s.idleTimer) clearTimeout(s.idleTimer)
  const log = s.db?.log
  if (log && typeof log.fd === 'number') fs.closeSync(log.fd)
  if (log) log.fd = null
  s.closed = true
  for (const f of fs.readdirSync(dir)) if (f === '.lock' || /^\.lock\.\d+$/.test(f)) fs.rmSync(path.join(dir, f), { force: true })
}

// ---------- child processes ----------

export interface Child {
  proc: ChildProcessWithoutNullStreams
  /** Complete stdout lines so far. */
  lines(): string[]
  stderr(): string
  /** Resolves once the process has exited (and been reaped) and its output is closed. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Resolves when a stdout line satisfies `pred`; rejects if the child exits first or after `ms`. */
  waitForLine(pred: (line: string, index: number) => boolean, ms?: number): Promise<string>
}

/** Runs `test/unit/helpers/<script>` with node + tsx (the node process itself is the child, so a kill hits it). */
export function runHelper(script: string, args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(HELPERS, script), ...args], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const waiters: Array<() => void> = []
  proc.stdout.setEncoding('utf8')
  proc.stderr.setEncoding('utf8')
  proc.stdout.on('data', (d: string) => {
    out += d
    for (const w of waiters.slice()) w()
  })
  proc.stderr.on('data', (d: string) => (err += d))
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('close', (code, signal) => resolve({ code, signal })),
  )
  const lines = () => {
    const all = out.split('\n')
    all.pop() // a line without its newline yet (or the empty tail)
    return all
  }
  return {
    proc,
    lines,
    stderr: () => err,
    closed,
    waitForLine(pred, ms = 20_000) {
      return new Promise<string>((resolve, reject) => {
        let done = false
        const finish = (fn: () => void) => {
          if (done) return
          done = true
          clearTimeout(timer)
          const i = waiters.indexOf(check)
          if (i !== -1) waiters.splice(i, 1)
          fn()
        }
        const check = () => {
          const hit = lines().find(pred)
          if (hit !== undefined) finish(() => resolve(hit))
        }
        const timer = setTimeout(
          () => finish(() => reject(new Error(`child gave no expected line in ${ms} ms; stderr:\n${err}`))),
          ms,
        )
        waiters.push(check)
        void closed.then(({ code, signal }) => {
          check()
          finish(() => reject(new Error(`child exited (code ${code}, signal ${signal}) first; stderr:\n${err}`)))
        })
        check()
      })
    },
  }
}
