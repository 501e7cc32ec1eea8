// The summary of latest figures: the same answer as reading every figure, through writes, deletes,
// checkpoints, crashes, reopen, restore and its undo; built again when its file is missing,
// damaged, not confirmed by the manifest or could not be written; and a dashboard after a reopen
// reads no month of figures, however long ago a village stopped reporting.

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { DailyFigure } from '../../src/core/domain/types'
import { COLLECTIONS, type Records, SUMMARIES } from '../../src/core/store/collections'
import { type FileOps, realFileOps } from '../../src/core/store/file-ops'
import { figureMonthEnds, figureTails, findFigure } from '../../src/core/store/figure-latest'
import { encodeChecked } from '../../src/core/store/snapshot-file'
import { Store, type StoreOptions } from '../../src/core/store/store'
import { openCore, textInput } from './helpers/core'
import { abandon, ramDir } from './helpers/store-fixture'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})
const newDir = (p: string) => {
  const d = ramDir(p)
  dirs.push(d)
  return d
}

const opts = (extra: Partial<StoreOptions<Records>> = {}): StoreOptions<Records> => ({ collections: COLLECTIONS, summaries: SUMMARIES, checkpointIdleMs: 0, ...extra })
const meta = { who: '测试', method: 'test' }
const VILLAGES = ['141002100201', '141002100202', '141021100201']
const MONTHS = ['2026-07', '2026-08', '2026-09']
const summaryFile = (dir: string, name = 'figures-tails') => path.join(dir, 'db', 'summaries', `${name}.json`)
const SUMMARY_NAMES = ['figures-tails', 'figures-month-ends']

const fig = (villageCode: string, date: string, n: number): DailyFigure => ({
  villageCode,
  date,
  counts: { confirmed: n, network: n, meter: n, equipment: n, connected: n, accepted: 0 },
  networkKm: n / 10,
  source: 'manual',
})

/** A small deterministic random sequence (the same every run). */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** Every day of the test's months (the 31st of a 30-day month is simply never written). */
const DAYS = MONTHS.flatMap((m) => Array.from({ length: 31 }, (_, i) => `${m}-${String(i + 1).padStart(2, '0')}`))

/** The latest figure on or before `date`, read the slow way: every figure of the village. */
function bruteAsOf(store: Store<Records>, village: string, date: string): DailyFigure | undefined {
  let best: DailyFigure | undefined
  for (const f of store.values('figures')) if (f.villageCode === village && f.date <= date && (!best || f.date > best.date)) best = f
  return best
}

/** What the core does with the summary's answer (src/core/services/context.ts figureAsOf). */
function summaryAsOf(store: Store<Records>, village: string, date: string): DailyFigure | undefined {
  const found = findFigure(store.summary(figureTails), () => store.summary(figureMonthEnds), store, village, date)
  if (!found.searchMonth) return found.figure
  let best: DailyFigure | undefined
  for (const f of store.partitionEntries('figures', found.searchMonth).values()) {
    if (f.villageCode === village && f.date <= date && (!best || f.date > best.date)) best = f
  }
  return best ?? found.figure
}

/** The summary agrees with every figure, for every village and every day (and the days around). */
function expectAgrees(store: Store<Records>, label: string): void {
  const wrong: string[] = []
  for (const v of VILLAGES) {
    for (const d of ['2026-06-30', ...DAYS, '2026-12-31']) {
      const want = bruteAsOf(store, v, d)
      const got = summaryAsOf(store, v, d)
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${v} ${d}: ${got?.date ?? '—'} ≠ ${want?.date ?? '—'}`)
    }
  }
  expect(wrong.slice(0, 5), `${label}: ${wrong.length} answers differ`).toEqual([])
}

/** One random transaction of figure writes and deletes (deletes include the latest and the month's last). */
function randomTx(store: Store<Records>, next: () => number, n: number): void {
  store.transact(meta, (tx) => {
    const k = 1 + Math.floor(next() * 4)
    for (let i = 0; i < k; i++) {
      const v = VILLAGES[Math.floor(next() * VILLAGES.length)]!
      const existing = [...store.values('figures')].filter((f) => f.villageCode === v)
      if (existing.length > 0 && next() < 0.3) {
        // Mostly the newest ones: the cases where the summary must look again.
        existing.sort((a, b) => (a.date < b.date ? 1 : -1))
        const f = existing[Math.floor(next() * Math.min(3, existing.length))]!
        tx.del('figures', `${v}|${f.date}`)
      } else {
        const d = DAYS[Math.floor(next() * DAYS.length)]!
        if (d.endsWith('-31') && d.startsWith('2026-09')) continue
        tx.put('figures', `${v}|${d}`, fig(v, d, n * 10 + i))
      }
    }
  })
}

/** A store with some history: `n` random transactions, checkpointed now and then. */
function withHistory(dir: string, seed: number, n: number, from = 1): void {
  const next = rng(seed)
  const store = Store.open(dir, opts())
  // In use, as the dashboard uses them: every village known, kept and saved from now on.
  expectAgrees(store, 'at the start')
  try {
    for (let i = from; i < from + n; i++) {
      randomTx(store, next, i)
      if (i % 15 === 0) store.checkpoint()
    }
    expectAgrees(store, 'at the end')
  } finally {
    store.close()
  }
}

/** Opens, checks the summary came from where it should and agrees with every figure, closes. */
function reopenAndCheck(dir: string, source: 'file' | 'built', label: string, monthEnds: 'file' | 'built' = source): void {
  const store = Store.open(dir, opts())
  try {
    expect(store.error).toBeNull()
    for (const name of SUMMARY_NAMES) expect(store.summarySource(name), `${label}: read only when asked for`).toBeNull()
    expectAgrees(store, label)
    expect(store.summarySource('figures-tails'), label).toBe(source)
    expect(store.summarySource('figures-month-ends'), label).toBe(monthEnds)
  } finally {
    store.close()
  }
}

describe('the summary of latest figures', () => {
  it('answers as every figure would through writes, deletes (of the newest too), checkpoints and reopens', () => {
    const dir = newDir('sum-')
    const next = rng(20261206)
    let store = Store.open(dir, opts())
    try {
      for (let n = 1; n <= 120; n++) {
        randomTx(store, next, n)
        if (n % 10 === 0) expectAgrees(store, `after transaction ${n}`)
        if (n % 25 === 0) store.checkpoint()
        if (n % 40 === 0) {
          store.close()
          store = Store.open(dir, opts())
          expectAgrees(store, `reopened after ${n}`)
          expect(SUMMARY_NAMES.map((name) => store.summarySource(name))).toEqual(['file', 'file'])
        }
      }
      const deletes = readLogChanges(dir).filter((ch) => ch.a === null).length
      expect(deletes, 'the run deleted figures').toBeGreaterThan(20)
    } finally {
      store.close()
    }
  })

  it('is brought up to date from the log after a crash (its file is as of the last checkpoint)', () => {
    const dir = newDir('sum-crash-')
    withHistory(dir, 1, 30)
    const next = rng(2)
    const store = Store.open(dir, opts())
    // The newest two are in use; the month ends are not asked for: the changes wait for their file to be read.
    for (const v of VILLAGES) summaryAsOf(store, v, '2026-12-31')
    expect(store.summarySource('figures-month-ends')).toBeNull()
    for (let n = 100; n < 120; n++) randomTx(store, next, n) // logged, never checkpointed
    expectAgrees(store, 'before the crash')
    abandon(store, dir)
    reopenAndCheck(dir, 'file', 'after the crash')
  })

  it('is built again when its file is missing, damaged, of another version or not the one the manifest confirms', () => {
    const dir = newDir('sum-damage-')
    withHistory(dir, 3, 30)
    const older = fs.readFileSync(summaryFile(dir))
    withHistory(dir, 4, 30, 200)
    reopenAndCheck(dir, 'file', 'as saved')

    // Missing: opens, builds when asked, saves it again at the next checkpoint.
    fs.rmSync(summaryFile(dir))
    reopenAndCheck(dir, 'built', 'file deleted', 'file')
    fs.rmSync(summaryFile(dir, 'figures-month-ends'))
    reopenAndCheck(dir, 'file', 'month ends deleted', 'built')
    reopenAndCheck(dir, 'file', 'saved again after the build')

    // Damaged: a changed digit fails its checksum; derived data, so the folder still opens.
    const bytes = fs.readFileSync(summaryFile(dir))
    const at = bytes.indexOf('"connected":') + '"connected":'.length
    bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31
    fs.writeFileSync(summaryFile(dir), bytes)
    reopenAndCheck(dir, 'built', 'file damaged', 'file')

    // An older file, sound in itself, is not the one the manifest confirms: never believed.
    fs.writeFileSync(summaryFile(dir), older)
    reopenAndCheck(dir, 'built', 'an older file put back', 'file')

    // Written by another version of the summary (sound and confirmed otherwise).
    reopenAndCheck(dir, 'file', 'saved again')
    const saved = JSON.parse(fs.readFileSync(summaryFile(dir), 'utf8')) as { version: number; seq: number; data: unknown }
    expect(saved.version).toBe(figureTails.version)
    fs.writeFileSync(summaryFile(dir), encodeChecked({ version: saved.version + 1, seq: saved.seq, data: saved.data }))
    reopenAndCheck(dir, 'built', 'another version', 'file')
    reopenAndCheck(dir, 'file', 'current')
  })

  it('is not believed when its file could not be written at a checkpoint (the checkpoint itself succeeds)', () => {
    const dir = newDir('sum-nospace-')
    withHistory(dir, 5, 20)
    let failing = true
    const ops: FileOps = {
      ...realFileOps,
      renameSync: (from, to) => {
        if (failing && path.basename(path.dirname(to)) === 'summaries') throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' })
        realFileOps.renameSync(from, to)
      },
    }
    const store = Store.open(dir, opts({ fileOps: ops }))
    expectAgrees(store, 'opened')
    const next = rng(6)
    for (let n = 300; n < 310; n++) randomTx(store, next, n)
    expect(store.checkpoint()).toBe(true)
    expect(store.warning).toBeNull()
    store.close()
    const manifest = fs.readFileSync(path.join(dir, 'db', 'store.json'), 'utf8')
    expect(manifest).not.toContain('figures-tails')
    expect(manifest).not.toContain('figures-month-ends') // not asked for, but changed: brought up to date, then not written
    reopenAndCheck(dir, 'built', 'after the failed write')
    failing = false
    reopenAndCheck(dir, 'file', 'written at the next checkpoint')
  })

  it('follows a restore and its undo, and a backup leaves a damaged one out instead of failing', () => {
    const dir = newDir('sum-restore-')
    withHistory(dir, 7, 25)
    let store = Store.open(dir, opts())
    const backup = store.backup('manual', '测试')
    const atBackup = VILLAGES.map((v) => DAYS.map((d) => bruteAsOf(store, v, d)?.date ?? '—'))
    const next = rng(8)
    for (let n = 400; n < 430; n++) randomTx(store, next, n)
    const afterWrites = VILLAGES.map((v) => DAYS.map((d) => bruteAsOf(store, v, d)?.date ?? '—'))
    expect(afterWrites).not.toEqual(atBackup)
    expectAgrees(store, 'before the restore') // the summary is in use when the data is swapped

    store.restore(backup.id, meta)
    expect(VILLAGES.map((v) => DAYS.map((d) => summaryAsOf(store, v, d)?.date ?? '—'))).toEqual(atBackup)
    expect(store.summarySource('figures-tails')).toBe('file') // the backup's own, sound and confirmed
    expectAgrees(store, 'restored')
    const undo = store.listBackups().find((b) => b.reason === 'pre-restore')!
    store.restore(undo.id, meta)
    expect(VILLAGES.map((v) => DAYS.map((d) => summaryAsOf(store, v, d)?.date ?? '—'))).toEqual(afterWrites)
    expectAgrees(store, 'restore undone')
    store.close()

    // A damaged summary does not stop a backup (it is not copied) nor a restore from that backup.
    const bytes = fs.readFileSync(summaryFile(dir))
    const mid = Math.floor(bytes.length / 2)
    bytes[mid] = bytes[mid]! ^ 0x01
    fs.writeFileSync(summaryFile(dir), bytes)
    store = Store.open(dir, opts())
    try {
      const b = store.backup('manual', '摘要文件损坏时')
      expect(b.damaged).toBeUndefined()
      expect(fs.existsSync(path.join(dir, 'backups', b.id, 'db', 'summaries', 'figures-tails.json'))).toBe(false)
      expect(fs.existsSync(path.join(dir, 'backups', b.id, 'db', 'summaries', 'figures-month-ends.json'))).toBe(true)
      store.restore(b.id, meta)
      expect(store.error).toBeNull()
      expectAgrees(store, 'restored from a backup whose summary was damaged')
      expect(store.summarySource('figures-tails')).toBe('built')
      expect(store.summarySource('figures-month-ends')).toBe('file')
    } finally {
      store.close()
    }
  })
})

/** The figures changes of the log, in order. */
function readLogChanges(dir: string): Array<{ k: string; a: unknown }> {
  const out: Array<{ k: string; a: unknown }> = []
  const logDir = path.join(dir, 'db', 'log')
  for (const f of fs.readdirSync(logDir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of fs.readFileSync(path.join(logDir, f), 'utf8').split('\n')) {
      if (!line) continue
      for (const ch of (JSON.parse(line) as { changes: Array<{ c: string; k: string; a: unknown }> }).changes) if (ch.c === 'figures') out.push(ch)
    }
  }
  return out
}

/**
 * The real file layer, noting every file read whole: how a partition is loaded to be parsed (its
 * checksum is checked at open by streaming it through the hash, which parses nothing).
 */
function readingOps(root: string): { ops: FileOps; read: Set<string> } {
  const read = new Set<string>()
  const ops: FileOps = {
    ...realFileOps,
    readFileSync: (f) => {
      read.add(path.relative(root, f).split(path.sep).join('/'))
      return realFileOps.readFileSync(f)
    },
  }
  return { ops, read }
}

describe('the dashboard after a reopen', () => {
  let core: Core | undefined
  afterEach(() => core?.close())

  const counts = (k: number) => ({ confirmed: k, network: k, meter: k, equipment: k, connected: k, accepted: 0 })
  const csv = [
    'level,code,name,parent_code,urban_rural_code',
    'city,141000,临汾市,140000,',
    'county,141002,尧都区,141000,',
    'township,141002100,屯里镇,141002,',
    'village,141002100201,甲村村委会,141002100,220',
    'village,141002100202,乙村村委会,141002100,220',
    'village,141002100203,丙村村委会,141002100,220',
  ].join('\n')

  async function season(dir: string): Promise<void> {
    core = openCore(dir, '2026-12-02')
    const api = core.api
    await api['divisions.import'](textInput('d.csv', csv))
    for (const v of ['141002100201', '141002100202', '141002100203']) {
      await api['villages.setPlan']({ villageCode: v, route: 'gas', targetHouseholds: 100, contractor: '', deadline: '2026-12-31', figureSource: 'counts' })
    }
    const rec = (v: string, date: string, k: number) => api['figures.record']({ villageCode: v, date, counts: counts(k), networkKm: 0 })
    // 甲村 finished in July and stopped reporting; 乙村 in September; 丙村 reports every day.
    await rec('141002100201', '2026-07-05', 20)
    await rec('141002100201', '2026-07-10', 40)
    await rec('141002100201', '2026-07-20', 100)
    await rec('141002100202', '2026-08-31', 60)
    await rec('141002100202', '2026-09-15', 100)
    for (const d of ['2026-10-01', '2026-11-30', '2026-12-01', '2026-12-02']) await rec('141002100203', d, Number(d.slice(8)) + Number(d.slice(5, 7)))
    // The first screen, and a look back to the start: every village's newest two and month ends are known.
    await api['dashboard.summary']({ date: '2026-12-02' })
    await api['dashboard.summary']({ date: '2026-07-01' })
    core.close()
    core = undefined
  }

  const dashboards = async (c: Core) => Promise.all(['2026-12-02', '2026-12-01', '2026-09-20', '2026-08-31', '2026-07-15', '2026-07-07', '2026-07-04'].map((date) => c.api['dashboard.summary']({ date })))

  it('reads no month of figures, however long ago villages stopped reporting, and answers as summaries filled in from the months', async () => {
    const dir = newDir('sum-core-')
    await season(dir)

    const { ops, read } = readingOps(dir)
    core = new (await import('../../src/core/api')).Core({ dataDir: dir, version: 'test', now: () => new Date('2026-12-02T09:30:00'), store: { checkpointIdleMs: 0, fileOps: ops } })
    const today = await core.api['dashboard.summary']({ date: '2026-12-02' })
    expect([...read].filter((f) => f.startsWith('db/figures/'))).toEqual([])
    expect(today.totals[0]!.counts.connected).toBe(100 + 100 + 14)
    expect(today.totals[0]!.todayIncrease.connected).toBe(14 - 13)
    expect(core.store!.summarySource('figures-month-ends')).toBeNull() // the newest two days need only the tails
    // A past date reads at most the month of that date, and only when a village has figures after it there.
    read.clear()
    await core.api['dashboard.summary']({ date: '2026-09-20' })
    expect([...read].filter((f) => f.startsWith('db/figures/'))).toEqual([])
    read.clear()
    expect((await core.api['dashboard.summary']({ date: '2026-07-15' })).totals[0]!.counts.connected).toBe(40) // 甲村's newest but one
    expect([...read].filter((f) => f.startsWith('db/figures/'))).toEqual([])
    const july = await core.api['dashboard.summary']({ date: '2026-07-07' })
    expect([...read].filter((f) => f.startsWith('db/figures/'))).toEqual(['db/figures/2026-07.json'])
    expect(july.totals[0]!.counts.connected).toBe(20)
    const fromFile = await dashboards(core)
    core.close()

    // The same answers from a summary built from every month (its file deleted).
    fs.rmSync(path.join(dir, 'db', 'summaries'), { recursive: true })
    core = openCore(dir, '2026-12-02')
    expect(await dashboards(core)).toEqual(fromFile)
    expect(core.store!.summarySource('figures-tails')).toBe('built')
  })
})
