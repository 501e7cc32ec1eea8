// Faults injected at every step: each operation that changes the disk (a transaction, a checkpoint
// that seals a log segment, a backup, a restore, opening a folder with a torn log) is run once per
// disk call, with that one call failing (ENOSPC, EIO, or half a write and then a full disk). After
// each: the call either said it failed or it succeeded; the process carries on and can write
// again; the folder reopens with every acknowledged write, nothing unacknowledged, and every
// serial number at least where it was.

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors'
import { Store } from '../../src/core/store/store'
import { FAULTABLE, type FaultKind, FaultyOps } from './helpers/faulty-ops'
import { type Loose, looseOpts, lockFiles, ramDir, seqProblems } from './helpers/store-fixture'

const roots: string[] = []
afterAll(() => {
  for (const d of roots) fs.rmSync(d, { recursive: true, force: true })
})

const COUNTER = 'receipt:141002:2026'
const who = { who: '测试', method: 'test.write' }

/** What must be in the folder: every record acknowledged, and the receipt counter. */
interface Model {
  records: Map<string, unknown>
  counter: number
}

const hKey = (n: number) => `1410020010${String(10 + (n % 5)).padStart(2, '0')}-${String(n).padStart(6, '0')}`
const fKey = (n: number) => `141002001011|2024-${String(10 + (n % 3)).padStart(2, '0')}-${String((n % 27) + 1).padStart(2, '0')}`

/** Transaction n: a household, a figure of another month file, the receipt counter one up. */
function write(s: Store<Loose>, m: Model, n: number, padding = 0): void {
  const h = { id: hKey(n), headName: `户主${n}`, note: 'x'.repeat(padding) }
  const f = { n, counts: { confirmed: n } }
  s.transact(who, (tx) => {
    tx.put('households', hKey(n), h)
    tx.put('figures', fKey(n), f)
    tx.put('counters', COUNTER, m.counter + 1)
  })
  // Acknowledged: only now does the model change.
  m.records.set(`households/${hKey(n)}`, h)
  m.records.set(`figures/${fKey(n)}`, f)
  m.counter++
}

function check(s: Store<Loose>, m: Model, label: string): void {
  expect(s.error, label).toBeNull()
  for (const [k, v] of m.records) {
    const [c, key] = k.split('/') as ['households' | 'figures', string]
    expect(s.get(c, key), `${label}: ${k}`).toEqual(v)
  }
  expect(s.count('households'), label).toBe([...m.records.keys()].filter((k) => k.startsWith('households/')).length)
  expect(s.get('counters', COUNTER), label).toBe(m.counter)
}

interface Base {
  dir: string
  model: Model
  backupId: string
  /** the model as the backup holds it */
  backupModel: Model
}

/** A folder with history: writes, a checkpoint, a backup (counter 3), more writes (counter 6). */
function makeBase(): Base {
  // Thousands of small runs: in memory where the machine has a RAM disk.
  const root = ramDir('faults-')
  roots.push(root)
  const dir = path.join(root, 'base')
  const s = Store.open(dir, looseOpts({ segmentBytes: 2_000 }))
  const model: Model = { records: new Map(), counter: 0 }
  for (let n = 1; n <= 3; n++) write(s, model, n)
  s.checkpoint()
  const backupId = s.backup('manual', '基准').id
  const backupModel: Model = { records: new Map(model.records), counter: model.counter }
  for (let n = 4; n <= 6; n++) write(s, model, n)
  s.close()
  return { dir, model, backupId, backupModel }
}

function copyOf(base: Base, name: string): { dir: string; model: Model } {
  const dir = path.join(path.dirname(base.dir), name)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.cpSync(base.dir, dir, { recursive: true })
  return { dir, model: { records: new Map(base.model.records), counter: base.model.counter } }
}

/** One operation under test: it changes `m` only for what it acknowledged. */
type Operation = (s: Store<Loose>, m: Model, base: Base) => void

const OPERATIONS: Record<string, Operation> = {
  transaction: (s, m) => write(s, m, 7),
  // Big enough to fill the 2 KB segment: the checkpoint after it seals the segment and indexes it.
  'checkpoint (partitions, manifest, sealing a segment, its index)': (s, m) => {
    write(s, m, 7, 1500)
    expect(s.checkpoint()).toBeTypeOf('boolean') // never throws
  },
  backup: (s) => {
    s.backup('manual')
  },
  restore: (s, m, base) => {
    s.restore(base.backupId, { who: '测试', method: 'backups.restore' })
    // Restored: the backup's data, with the counter carried forward (never back).
    const counter = m.counter
    m.records = new Map(base.backupModel.records)
    m.counter = counter
  },
}

function kindsFor(op: string): FaultKind[] {
  if (op === 'writeSync') return ['short', 'EIO']
  if (op === 'openSync' || op === 'mkdirSync' || op === 'renameSync' || op === 'linkSync') return ['ENOSPC']
  return ['EIO']
}

/** Runs `operation` on a copy with the `at`-th disk call failing; checks everything after. */
function runWithFault(base: Base, name: string, operation: Operation, at: number, kind: FaultKind): string | null {
  const { dir, model } = copyOf(base, `run-${name.slice(0, 10)}`)
  const ops = new FaultyOps()
  const s = Store.open(dir, looseOpts({ segmentBytes: 2_000, fileOps: ops }))
  expect(s.error).toBeNull()
  ops.arm(at, kind)
  let failed: unknown = null
  try {
    operation(s, model, base)
  } catch (e) {
    failed = e
  }
  const fired = ops.fired
  ops.disarm()
  const label = `${name}: ${kind} at call ${at} (${fired ? `${fired.op} ${path.relative(dir, fired.file)}` : 'not reached'})`
  if (failed) {
    // A clear refusal in Chinese, never a crash or a raw system error.
    expect(failed, label).toBeInstanceOf(AppError)
    expect((failed as AppError).code, `${label}: ${(failed as Error).message}`).toBe('io_error')
    expect((failed as AppError).message, label).toMatch(/本次修改没有保存|备份没有完成|数据文件/)
  }
  // The process carries on: the same store takes the next write, and closes.
  expect(s.error, `${label}: ${s.error?.message}`).toBeNull()
  write(s, model, 8)
  check(s, model, `${label}, same process`)
  s.close()
  expect(lockFiles(dir), label).toEqual([])
  // And the folder opens again, as acknowledged.
  const again = Store.open(dir, looseOpts())
  try {
    check(again, model, `${label}, reopened`)
    expect(again.history([{ c: 'households', k: hKey(8) }], 5), label).toHaveLength(1)
  } finally {
    again.close()
  }
  expect(seqProblems(dir), label).toEqual([])
  fs.rmSync(dir, { recursive: true, force: true })
  return fired ? `${fired.op}` : null
}

describe('faults at every step', () => {
  const base = makeBase()

  for (const [name, operation] of Object.entries(OPERATIONS)) {
    it(`${name}: every disk call failing in turn loses nothing acknowledged and leaves the folder working`, { timeout: 240_000 }, () => {
      // A dry run counts the calls the operation makes.
      const { dir, model } = copyOf(base, 'dry')
      const ops = new FaultyOps()
      const s = Store.open(dir, looseOpts({ segmentBytes: 2_000, fileOps: ops }))
      const from = ops.calls.length
      operation(s, model, base)
      const calls = ops.calls.slice(from)
      s.close()
      expect(calls.length).toBeGreaterThanOrEqual(2)
      const fired = new Map<string, number>()
      for (let at = 0; at < calls.length; at++) {
        for (const kind of kindsFor(calls[at]!.op)) {
          const op = runWithFault(base, name, operation, at, kind)
          if (op) fired.set(op, (fired.get(op) ?? 0) + 1)
        }
      }
      // Every kind of disk call the operation makes was failed at least once.
      for (const op of new Set(calls.map((c) => c.op))) expect(fired.get(op), `${name}: ${op}`).toBeGreaterThan(0)
      expect(FAULTABLE).toContain(calls[0]!.op)
    })
  }

  it('opening a folder whose last write was torn: every disk call of the open failing in turn', () => {
    const torn = copyOf(base, 'torn')
    const segs = fs.readdirSync(path.join(torn.dir, 'db', 'log')).filter((f) => f.endsWith('.jsonl')).sort()
    fs.appendFileSync(path.join(torn.dir, 'db', 'log', segs.at(-1)!), '{"v":2,"seq":99,"at":"20')
    const tornBase: Base = { ...base, dir: torn.dir }
    // Dry run of the open itself.
    const dry = copyOf(tornBase, 'torn-dry')
    const ops = new FaultyOps()
    Store.open(dry.dir, looseOpts({ fileOps: ops })).close()
    const openCalls = ops.calls.length
    expect(openCalls).toBeGreaterThan(3)
    for (let at = 0; at < openCalls; at++) {
      const run = copyOf(tornBase, 'torn-run')
      const faulty = new FaultyOps()
      faulty.arm(at, 'EIO')
      let s: Store<Loose> | null = null
      try {
        s = Store.open(run.dir, looseOpts({ fileOps: faulty }))
      } catch (e) {
        // Only the lock can refuse outright (the folder is then untouched).
        expect(e, `open: EIO at call ${at}`).toBeInstanceOf(AppError)
      }
      if (s) {
        // Opened, or opened in recovery mode saying why (a read or write of it failed): never wrong data.
        if (!s.error) check(s, run.model, `open: EIO at call ${at}`)
        else expect(s.error.code, s.error.message).toMatch(/io_error|store_corrupt/)
        s.close()
      }
      for (const f of lockFiles(run.dir)) fs.rmSync(path.join(run.dir, f)) // a lock left by a refused open of this live process
      const again = Store.open(run.dir, looseOpts())
      try {
        check(again, run.model, `open after EIO at call ${at}, reopened`)
      } finally {
        again.close()
      }
    }
  })

  it('a checkpoint on a full disk never fails the write that triggered it, and says so until one succeeds', () => {
    const { dir, model } = copyOf(base, 'full')
    const ops = new FaultyOps()
    const s = Store.open(dir, looseOpts({ fileOps: ops, checkpointBytes: 1 }))
    // Every write now triggers a checkpoint; the disk refuses the snapshot files.
    const realWrite = ops.writeSync.bind(ops)
    let full = true
    ops.writeSync = (fd, buf, off, len, pos) => {
      if (full && ops.fileOf(fd)?.endsWith('.tmp')) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })
      return realWrite(fd, buf, off, len, pos)
    }
    write(s, model, 7) // the log line is small: it goes in; the checkpoint after it fails quietly
    expect(s.warning?.code).toBe('io_error')
    expect(s.warning?.message).toContain('磁盘空间不足')
    expect(s.checkpoint()).toBe(false)
    full = false
    expect(s.checkpoint()).toBe(true)
    expect(s.warning).toBeNull()
    s.close()
    const again = Store.open(dir, looseOpts())
    check(again, model, 'after the disk was freed')
    again.close()
  })

  it('an idle checkpoint that hits a full disk does not end the process', async () => {
    const { dir, model } = copyOf(base, 'idle')
    const ops = new FaultyOps()
    const s = Store.open(dir, looseOpts({ fileOps: ops, checkpointIdleMs: 5 }))
    write(s, model, 7)
    ops.arm(0, 'ENOSPC') // the timer's checkpoint meets the full disk
    await new Promise((r) => setTimeout(r, 50))
    ops.disarm()
    expect(s.warning?.code).toBe('io_error')
    write(s, model, 8)
    s.close()
    const again = Store.open(dir, looseOpts())
    check(again, model, 'after an idle checkpoint failed')
    again.close()
  })
})

describe('through the core, as a clerk sees it', () => {
  it('a deposit taken while the disk cannot take a checkpoint is saved once and said so; app.info warns', async () => {
    const { Core } = await import('../../src/core/api')
    const { prepareCrashFolder, CRASH_FIXTURE } = await import('./helpers/core-crash-fixture')
    const dir = path.join(ramDir('core-full-'), 'data')
    roots.push(path.dirname(dir))
    await prepareCrashFolder(dir)
    const ops = new FaultyOps()
    const realWrite = ops.writeSync.bind(ops)
    let full = true
    // The disk has room for a log line, not for a snapshot file.
    ops.writeSync = (fd, buf, off, len, pos) => {
      if (full && ops.fileOf(fd)?.endsWith('.tmp')) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })
      return realWrite(fd, buf, off, len, pos)
    }
    const core = new Core({ dataDir: dir, version: 'test', now: () => new Date('2026-11-20T10:00:00'), store: { fileOps: ops, checkpointBytes: 1, checkpointIdleMs: 0 } })
    const api = core.as({ who: '李会计' })
    const receipt = await api['deposits.receive']({ householdId: CRASH_FIXTURE.households[0]!, amount: '1000', date: '2026-11-20' })
    expect(receipt.receiptNo).toBe('141021-2026-000001')
    const info = await api['app.info']({})
    expect(info.warning).toContain('磁盘空间不足')
    // A backup cannot be made now: it says so, and changes nothing.
    const refused = await api['backups.create']({}).catch((e: unknown) => e as AppError)
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).code).toBe('io_error')
    full = false
    const next = await api['deposits.receive']({ householdId: CRASH_FIXTURE.households[0]!, amount: '1000', date: '2026-11-20' })
    expect(next.receiptNo).toBe('141021-2026-000002')
    // The store tries again (its retry timer, here by hand); once a checkpoint succeeds the warning goes.
    expect(core.store!.checkpoint()).toBe(true)
    expect((await api['app.info']({})).warning).toBeUndefined()
    core.close()
    const again = new Core({ dataDir: dir, version: 'test', store: { checkpointIdleMs: 0 } })
    const ledger = [...again.store!.values('ledger')]
    expect(ledger.map((e) => (e.account === 'deposit' ? e.receiptNo : '')).sort()).toEqual(['141021-2026-000001', '141021-2026-000002'])
    again.close()
  })
})
