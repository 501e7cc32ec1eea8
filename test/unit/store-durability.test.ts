// The crash test: a child process writes to the store and is SIGKILLed at random moments, many
// times over the same folder; after every kill the folder must open (taking over the dead child's
// lock), hold every acknowledged write exactly, and have a gap-free log. Plus hand-made torn and
// corrupt log lines.

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors'
import { encodeEntry } from '../../src/core/store/log'
import { type LogEntry, Store } from '../../src/core/store/store'
import {
  abandon,
  COUNTER_KEY,
  crashPuts,
  figureKeyOf,
  householdKey,
  lastSegment,
  lockFiles,
  looseOpts,
  openOutcome,
  logEntries,
  type Put,
  readSegments,
  runHelper,
  seqProblems,
  sleep,
  tempDir,
  tree,
  treeDiff,
} from './helpers/store-fixture'

const dirs: string[] = []
const newDir = (p: string) => {
  const d = tempDir(p)
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const rand = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1))

function openError(dir: string): AppError {
  const r = openOutcome(dir)
  if ('store' in r) {
    r.store.close()
    throw new Error('expected the folder to be refused')
  }
  return r.error
}


function tmpFiles(dir: string): number {
  return [...tree(path.join(dir, 'db')).keys()].filter((f) => f.endsWith('.tmp')).length
}

describe('crash safety (SIGKILL at random moments)', () => {
  it('keeps every acknowledged write and a gap-free log over many kills of a writer', { timeout: 240_000 }, async () => {
    const dir = newDir('crash-')
    const ROUNDS = 30
    // How much gets written before each kill depends on the machine's load; on a busy machine the
    // run goes on (up to twice as long) until it has rotated segments and acknowledged enough.
    const MAX_ROUNDS = 60
    const exercised = () => acked.size > 200 && readSegments(dir).length > 3
    /** n → the puts the child acknowledged, over all rounds. */
    const acked = new Map<number, Put[]>()
    const stats = { rounds: 0, killedBeforeReady: 0, ackedThisRun: 0, lockTakenOver: 0, leftoverTmpRounds: 0, replayedUnacked: 0 }
    const t0 = Date.now()

    for (let round = 0; round < ROUNDS || (round < MAX_ROUNDS && !exercised()); round++) {
      const tmpBefore = tmpFiles(dir)
      const child = runHelper('store-writer.ts', [dir])
      // Most kills land while writing (20–300 ms after the store opened); every fifth lands around
      // the open itself (replay, tail repair, first checkpoints).
      const early = round % 5 === 4
      if (early) {
        await child.waitForLine((l) => l === 'start')
        await sleep(rand(0, 40))
      } else {
        await child.waitForLine((l) => l.startsWith('ready '))
        await sleep(rand(20, 300))
      }
      child.proc.kill('SIGKILL')
      const { code, signal } = await child.closed // exited and reaped: its pid is now dead
      expect(signal, `writer died by itself (code ${code}):\n${child.stderr()}`).toBe('SIGKILL')

      const lines = child.lines()
      const ready = lines.includes('start') && lines.some((l) => l.startsWith('ready '))
      if (!ready) stats.killedBeforeReady++
      let lastAck = 0
      for (const line of lines) {
        if (line === 'start' || line.startsWith('ready ')) continue
        const { n, puts } = JSON.parse(line) as { n: number; puts: Put[] }
        acked.set(n, puts)
        lastAck = Math.max(lastAck, n)
        stats.ackedThisRun++
      }

      // The dead child's lock is still there and names it (when it got as far as opening).
      const deadLocks = lockFiles(dir)
      if (ready) {
        expect(deadLocks).toHaveLength(1)
        expect(JSON.parse(fs.readFileSync(path.join(dir, deadLocks[0]!), 'utf8')).pid).toBe(child.proc.pid)
        stats.lockTakenOver++
      }
      if (tmpFiles(dir) > tmpBefore) stats.leftoverTmpRounds++

      // Reopen here: the stale lock must be taken over, and everything acknowledged must be there.
      const store = Store.open(dir, looseOpts())
      try {
        expect(store.error).toBeNull()
        const ours = lockFiles(dir)
        expect(ours).toHaveLength(1)
        expect(JSON.parse(fs.readFileSync(path.join(dir, ours[0]!), 'utf8')).pid).toBe(process.pid)
        const N = (store.get('counters', COUNTER_KEY) as number | undefined) ?? 0
        // Transaction n is log entry n (the test itself writes nothing), so these must agree.
        expect(store.lastSeq).toBe(N)
        expect(N).toBeGreaterThanOrEqual(lastAck)
        if (N > lastAck && lastAck > 0) stats.replayedUnacked++

        // Every acknowledged write, with its exact value.
        const lost: string[] = []
        for (const [n, puts] of acked) {
          for (const p of puts) {
            if (p.c === 'counters') continue // overwritten by later transactions; checked via N
            const got = store.get(p.c, p.k)
            if (JSON.stringify(got) !== JSON.stringify(p.v)) lost.push(`#${n} ${p.c}/${p.k}: ${JSON.stringify(got)}`)
          }
        }
        expect(lost.slice(0, 5), `${lost.length} acknowledged writes lost or wrong`).toEqual([])

        // Atomic and nothing invented: transactions 1..N are whole, N+1 left no trace.
        const wrong: string[] = []
        for (let n = 1; n <= N; n++) {
          for (const p of crashPuts(n)) {
            if (p.c === 'counters') continue
            if (JSON.stringify(store.get(p.c, p.k)) !== JSON.stringify(p.v)) wrong.push(`#${n} ${p.c}/${p.k}`)
          }
        }
        expect(wrong.slice(0, 5), `${wrong.length} records of durable transactions missing`).toEqual([])
        expect(store.get('households', householdKey(N + 1))).toBeUndefined()
        expect(store.get('figures', figureKeyOf(N + 1))).toBeUndefined()
        expect(store.count('households')).toBe(N)
        expect(store.count('figures')).toBe(N)

        // The log: seq 1..N without gaps across segments, entry n being transaction n.
        expect(seqProblems(dir)).toEqual([])
        const entries = logEntries(dir)
        expect(entries.length).toBe(N)
        const mismatched = entries.filter(
          (e: LogEntry) => !e.changes.some((c) => c.c === 'households' && c.k === householdKey(e.seq)),
        )
        expect(mismatched.map((e) => e.seq).slice(0, 5)).toEqual([])
      } finally {
        store.close()
      }
      expect(lockFiles(dir)).toEqual([])
      stats.rounds++
    }

    const segs = readSegments(dir)
    const files = [...tree(path.join(dir, 'db')).keys()]
    console.log(
      `crash test: ${stats.rounds} kills in ${Date.now() - t0} ms, ${acked.size} acknowledged transactions, ` +
        `${segs.length} log segments, ${stats.killedBeforeReady} kills before the store was open, ` +
        `${stats.lockTakenOver} stale locks taken over, ${stats.leftoverTmpRounds} kills left a half-written snapshot .tmp, ` +
        `${stats.replayedUnacked} rounds kept an fsync'd but unacknowledged write`,
    )
    // The run really did exercise what it claims to.
    expect(acked.size).toBeGreaterThan(200)
    expect(stats.lockTakenOver).toBeGreaterThanOrEqual(ROUNDS / 2)
    expect(segs.length).toBeGreaterThan(3) // segments rotated during the run
    expect(files.filter((f) => /^households\/\d{6}\.json$/.test(f)).length).toBe(5)
    expect(files.filter((f) => /^figures\/\d{4}-\d{2}\.json$/.test(f)).length).toBeGreaterThan(0)
  })
})

describe('torn and corrupt log lines', () => {
  const opts = looseOpts()

  /** A folder whose log holds 5 transactions after the last checkpoint (a crashed writer). */
  function crashedFolder(): string {
    const dir = newDir('torn-')
    const s = Store.open(dir, opts)
    for (let n = 1; n <= 5; n++) {
      s.transact({ who: '测试', method: 't' }, (tx) => {
        for (const p of crashPuts(n)) tx.put(p.c, p.k, p.v)
      })
    }
    abandon(s, dir)
    expect(fs.existsSync(path.join(dir, 'db', 'households'))).toBe(false) // never checkpointed
    return dir
  }

  it('drops a torn last line (a write never acknowledged) and opens', () => {
    const dir = crashedFolder()
    const seg = lastSegment(dir)
    const goodSize = fs.statSync(seg).size
    fs.appendFileSync(seg, '{"v":2,"seq":6,"at":"2024-11-0')

    const s = Store.open(dir, opts)
    try {
      expect(fs.statSync(seg).size).toBe(goodSize) // the half line was cut off
      expect(s.lastSeq).toBe(5)
      for (let n = 1; n <= 5; n++) expect(s.get('households', householdKey(n))).toEqual(crashPuts(n)[0]!.v)
      // The next write continues the numbering on a clean line.
      s.transact({ who: '测试', method: 't' }, (tx) => {
        for (const p of crashPuts(6)) tx.put(p.c, p.k, p.v)
      })
    } finally {
      s.close()
    }
    expect(seqProblems(dir)).toEqual([])
    expect(logEntries(dir).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6])
    const again = Store.open(dir, opts)
    expect(again.get('households', householdKey(6))).toEqual(crashPuts(6)[0]!.v)
    again.close()
  })

  it('drops a complete last record that lacks its newline (its write never finished)', () => {
    const dir = crashedFolder()
    const seg = lastSegment(dir)
    const goodSize = fs.statSync(seg).size
    const entry: LogEntry = { v: 2, seq: 6, at: new Date().toISOString(), who: 'x', method: 't', changes: [{ c: 'plans', k: 'p', b: null, a: 1 }] }
    fs.appendFileSync(seg, encodeEntry(entry).subarray(0, -1)) // all but its newline
    const s = Store.open(dir, opts)
    expect(s.lastSeq).toBe(5)
    expect(s.get('plans', 'p')).toBeUndefined()
    expect(fs.statSync(seg).size).toBe(goodSize)
    s.close()
  })

  it('drops zeros a crash left where the last write was going (the file grew, the data never came)', () => {
    const dir = crashedFolder()
    const seg = lastSegment(dir)
    const goodSize = fs.statSync(seg).size
    fs.appendFileSync(seg, Buffer.alloc(700))
    const s = Store.open(dir, opts)
    expect(s.lastSeq).toBe(5)
    expect(fs.statSync(seg).size).toBe(goodSize)
    s.close()
  })

  it('reports a complete last line that is damaged (an acknowledged write), never drops it', () => {
    const dir = crashedFolder()
    const seg = lastSegment(dir)
    const rel = path.relative(dir, seg).split(path.sep).join('/')
    const text = fs.readFileSync(seg, 'utf8')
    // One character of the last record changes on disk; its newline is there, so it was acknowledged.
    const at = text.lastIndexOf('户主5')
    fs.writeFileSync(seg, text.slice(0, at) + '户王5' + text.slice(at + 3))
    const before = tree(dir)
    const s = Store.open(dir, opts)
    try {
      expect(s.error?.code).toBe('store_corrupt')
      expect(s.error?.where).toEqual({ file: rel, row: 5 })
      expect(s.error?.message).toContain('第 5 行已损坏')
      expect(s.error?.message).toContain('校验和不符')
      expect(() => s.get('households', householdKey(1))).toThrow(expect.objectContaining({ code: 'store_corrupt' }))
    } finally {
      s.close()
    }
    expect(treeDiff(before, tree(dir))).toEqual([]) // not cut, not repaired
  })

  it('refuses a corrupt line in the middle of the log with store_corrupt naming the file, changing nothing', () => {
    const dir = crashedFolder()
    const seg = lastSegment(dir)
    const rel = path.relative(dir, seg).split(path.sep).join('/')
    const lines = fs.readFileSync(seg, 'utf8').split('\n')
    expect(lines.length).toBe(6) // 5 lines + the empty tail
    lines[2] = lines[2]!.slice(0, 40) // line 3 torn, lines 4 and 5 intact after it
    fs.writeFileSync(seg, lines.join('\n'))
    const before = tree(dir)

    const err = openError(dir)
    expect(err.code).toBe('store_corrupt')
    expect(err.where?.file).toBe(rel)
    expect(err.message).toContain(rel)
    expect(err.message).toMatch(/损坏/)
    expect(treeDiff(before, tree(dir))).toEqual([]) // not repaired, not truncated, lock released

    // Still refused the second time (not store_locked: closing the refused folder released its lock).
    expect(openError(dir).code).toBe('store_corrupt')
  })

  it('refuses a gap in the log numbering', () => {
    const dir = crashedFolder()
    const seg = lastSegment(dir)
    const lines = fs.readFileSync(seg, 'utf8').split('\n')
    lines.splice(2, 1) // seq 3 vanishes
    fs.writeFileSync(seg, lines.join('\n'))
    const before = tree(dir)
    const err = openError(dir)
    expect(err.code).toBe('store_corrupt')
    expect(err.where?.file).toBe(path.relative(dir, seg).split(path.sep).join('/'))
    expect(treeDiff(before, tree(dir))).toEqual([])
  })

  it('replays an audit-only note after a crash (used to fail with "unknown collection note:…")', () => {
    const dir = crashedFolder()
    const s = Store.open(dir, opts)
    s.note({ who: '测试', method: 'households.get' }, 'households', householdKey(1), { revealed: ['idNumber', 'phone'] })
    s.transact({ who: '测试', method: 't' }, (tx) => {
      for (const p of crashPuts(6)) tx.put(p.c, p.k, p.v)
    })
    abandon(s, dir)
    const again = Store.open(dir, opts)
    try {
      expect(again.lastSeq).toBe(7)
      expect(again.get('households', householdKey(6))).toEqual(crashPuts(6)[0]!.v)
      const notes = again.history([{ c: 'note:households', k: householdKey(1) }], 10)
      expect(notes.map((h) => h.change.a)).toEqual([{ revealed: ['idNumber', 'phone'] }])
    } finally {
      again.close()
    }
  })
})
