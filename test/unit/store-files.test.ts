// The data folder's files: the lock, schema versions and migration, corrupt files, backups and
// restore/undo, the audit trail (history), transactions, and partition files with lazy loading.

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors'
import { encodeChecked } from '../../src/core/store/snapshot-file'
import { type LogEntry, type Migration, STORE_SCHEMA, Store, type StoreOptions } from '../../src/core/store/store'
import {
  abandon,
  lockFiles,
  type Loose,
  looseOpts,
  logBytes,
  logEntries,
  openOutcome,
  readSegments,
  runHelper,
  seqProblems,
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

const CHINESE = /[\u4e00-\u9fff]/
const opts = (extra: Partial<StoreOptions<Loose>> = {}): StoreOptions<Loose> => looseOpts(extra)
const who = (w = '测试员', method = 'test.write') => ({ who: w, method })

function caught(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected an AppError')
}

const hh = (id: string, extra: Record<string, unknown> = {}) => ({ id, villageCode: id.slice(0, 12), headName: '王建国', stage: 'confirmed', ...extra })
const H1 = '141002001001-000001'
const H2 = '141002001001-000002'
const H3 = '141023100200-000001'
const F1 = '141002001001|2024-11-20'
const F2 = '141023100200|2024-12-01'

/** A folder with a few records in several partitions, checkpointed and closed. */
function filledFolder(prefix: string): string {
  const dir = newDir(prefix)
  const s = Store.open(dir, opts())
  s.transact(who(), (tx) => {
    tx.put('households', H1, hh(H1))
    tx.put('households', H2, hh(H2))
    tx.put('households', H3, hh(H3))
    tx.put('figures', F1, { villageCode: F1.slice(0, 12), date: '2024-11-20', counts: { confirmed: 2 } })
    tx.put('figures', F2, { villageCode: F2.slice(0, 12), date: '2024-12-01', counts: { confirmed: 1 } })
    tx.put('settings', 'settings', { unitName: '尧都区清洁取暖办' })
  })
  s.close()
  return dir
}

function readJson(file: string): any {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'))
  delete j.check // the checksum trailer of snapshot files (see snapshot-file.ts)
  return j
}

/** Edits a checked file and writes it back with a valid checksum (as a newer program would). */
function editJson(file: string, edit: (j: any) => void): void {
  const j = readJson(file)
  edit(j)
  fs.writeFileSync(file, encodeChecked(j))
}

/** The error a folder is refused with at open (recovery mode), closing the store. */
function openError(dir: string, o: Partial<StoreOptions<Loose>> = {}): AppError {
  const r = openOutcome(dir, o)
  if ('store' in r) {
    r.store.close()
    throw new Error('expected the folder to be refused')
  }
  return r.error
}

/** Opens the folder and runs `read`; returns the AppError from either; always closes what opened. */
function openAndRead(dir: string, read: (s: Store<Loose>) => unknown, o = opts()): AppError {
  const s = Store.open(dir, o)
  try {
    if (s.error) return s.error
    return caught(() => read(s))
  } finally {
    s.close()
  }
}

// ---------------------------------------------------------------------------------------------

describe('lock', () => {
  it('refuses a folder held by another live process, in Chinese, until it lets go', async () => {
    const dir = filledFolder('lock-')
    const holder = runHelper('store-holder.ts', [dir])
    try {
      await holder.waitForLine((l) => l.startsWith('held '))
      const [held] = lockFiles(dir)
      const lockBefore = fs.readFileSync(path.join(dir, held!))
      const err = caught(() => Store.open(dir, opts()))
      expect(err.code).toBe('store_locked')
      expect(err.message).toMatch(CHINESE)
      expect(err.message).toContain(String(holder.proc.pid))
      expect(err.where?.file).toBe(held)
      expect(lockFiles(dir)).toEqual([held])
      expect(fs.readFileSync(path.join(dir, held!)).equals(lockBefore)).toBe(true) // not stolen
    } finally {
      holder.proc.stdin.end()
    }
    await holder.waitForLine((l) => l === 'released')
    expect((await holder.closed).code).toBe(0)
    expect(lockFiles(dir)).toEqual([])
    const s = Store.open(dir, opts())
    expect(s.get('households', H1)).toEqual(hh(H1))
    s.close()
  })

  it('refuses a second open in the same process', () => {
    const dir = newDir('lock2-')
    const s = Store.open(dir, opts())
    try {
      expect(caught(() => Store.open(dir, opts())).code).toBe('store_locked')
    } finally {
      s.close()
    }
    Store.open(dir, opts()).close()
  })

  it('takes over a stale lock left by a dead process (numbered, or from an older version), and an old half-written lock', () => {
    const dir = filledFolder('stale-')
    const dead = spawnSync(process.execPath, ['-e', '']) // has exited and been reaped
    expect(dead.status).toBe(0)
    const stale = JSON.stringify({ pid: dead.pid, host: os.hostname(), at: '2024-11-20T08:00:00.000Z' })
    fs.writeFileSync(path.join(dir, '.lock.7'), stale)
    fs.writeFileSync(path.join(dir, '.lock'), stale) // the lock of the version before numbered locks
    const s = Store.open(dir, opts())
    // The next number is taken; the stale ones are gone.
    expect(lockFiles(dir)).toEqual(['.lock.8'])
    expect(readJson(path.join(dir, '.lock.8')).pid).toBe(process.pid)
    expect(s.get('households', H1)).toEqual(hh(H1))
    s.close()
    expect(lockFiles(dir)).toEqual([])

    const half = path.join(dir, '.lock.3')
    fs.writeFileSync(half, '{"pid":12') // crashed while writing the lock (a disk without hard links)
    fs.utimesSync(half, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    const t = Store.open(dir, opts())
    expect(lockFiles(dir)).toEqual(['.lock.4'])
    t.close()
  })

  it('does not take over a lock from another computer (its process cannot be checked)', () => {
    const dir = newDir('host-')
    fs.writeFileSync(path.join(dir, '.lock.1'), JSON.stringify({ pid: 999_999_999, host: `${os.hostname()}-other`, at: 'x' }))
    const err = caught(() => Store.open(dir, opts()))
    expect(err.code).toBe('store_locked')
    expect(err.message).toContain(`${os.hostname()}-other`)
  })
})

// ---------------------------------------------------------------------------------------------

describe('schema versions', () => {
  it('refuses a store.json from a newer program and changes nothing', () => {
    const dir = filledFolder('new1-')
    editJson(path.join(dir, 'db', 'store.json'), (j) => (j.schema = 99))
    const before = tree(dir)
    const err = openError(dir)
    expect(err.code).toBe('store_too_new')
    expect(err.where?.file).toBe('db/store.json')
    expect(err.message).toMatch(/更新版本/)
    expect(err.message).toContain('99')
    expect(treeDiff(before, tree(dir))).toEqual([]) // no lock left, no log segment, nothing rewritten
  })

  it('refuses a snapshot file from a newer program at open, and never rewrites it', () => {
    const dir = filledFolder('new2-')
    const file = path.join(dir, 'db', 'households', '141002.json')
    editJson(file, (j) => (j.schema = 99))
    const before = tree(dir)
    const err = openAndRead(dir, (s) => s.get('households', H1))
    expect(err.code).toBe('store_too_new')
    expect(err.where?.file).toBe('db/households/141002.json')
    // A write that touches that partition is refused too, and writes nothing.
    const err2 = openAndRead(dir, (s) => s.transact(who(), (tx) => tx.put('households', H2, hh(H2, { stage: 'network' }))))
    expect(err2.code).toBe('store_too_new')
    expect(treeDiff(before, tree(dir))).toEqual([])
  })

  it('refuses a log entry from a newer program', () => {
    const dir = filledFolder('new3-')
    const seg = path.join(dir, 'db', 'log', readSegments(dir).at(-1)!.name)
    const entry: LogEntry = { v: 99, seq: 2, at: '2024-11-20T08:00:00.000Z', who: 'x', method: 'm', changes: [] }
    fs.appendFileSync(seg, JSON.stringify(entry) + '\n')
    const before = tree(dir)
    const err = openError(dir)
    expect(err.code).toBe('store_too_new')
    expect(err.where?.file).toBe(`db/log/${path.basename(seg)}`)
    expect(treeDiff(before, tree(dir))).toEqual([])
  })

  /** A schema-0 folder as an older program left it: households had `name` (now `headName`), one change still only in the log. */
  function schemaZeroFolder(): string {
    const dir = newDir('old-')
    const w = (rel: string, data: unknown) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
      fs.writeFileSync(path.join(dir, rel), typeof data === 'string' ? data : JSON.stringify(data))
    }
    expect(STORE_SCHEMA).toBe(2) // schema 0 → 1 by the test's migration, 1 → 2 (checksums) built in
    w('db/store.json', { schema: 0, checkpointSeq: 2, createdAt: '2023-10-01T00:00:00.000Z' })
    w('db/households/141002.json', { schema: 0, seq: 2, records: { [H1]: { id: H1, name: '王建国' }, [H2]: { id: H2, name: '李秀英' } } })
    w('db/settings.json', { schema: 0, seq: 1, records: { settings: { unitName: '老单位' } } })
    const e = (seq: number, changes: LogEntry['changes']) => JSON.stringify({ v: 0, seq, at: '2023-10-01T00:00:00.000Z', who: '老版本', method: 'm', changes })
    w(
      'db/log/000000000001.jsonl',
      [
        e(1, [{ c: 'settings', k: 'settings', b: null, a: { unitName: '老单位' } }]),
        e(2, [
          { c: 'households', k: H1, b: null, a: { id: H1, name: '王建国' } },
          { c: 'households', k: H2, b: null, a: { id: H2, name: '李秀英' } },
        ]),
        e(3, [{ c: 'households', k: H3, b: null, a: { id: H3, name: '张伟' } }]), // after the checkpoint
      ].join('\n') + '\n',
    )
    return dir
  }

  const renameField: Migration = {
    from: 0,
    migrateRecord: (c, _k, v) => {
      if (c !== 'households') return v
      const { name, ...rest } = v as { name: string }
      return { ...rest, headName: name }
    },
  }

  it('migrates an older folder after a pre-migration backup of the old files', () => {
    const dir = schemaZeroFolder()
    const oldDb = tree(path.join(dir, 'db'))
    let calls = 0
    const counting: Migration = { from: 0, migrateRecord: (c, k, v) => (calls++, renameField.migrateRecord(c, k, v)) }

    const s = Store.open(dir, opts({ migrations: [counting] }))
    try {
      expect(s.get('households', H1)).toEqual({ id: H1, headName: '王建国' })
      expect(s.get('households', H2)).toEqual({ id: H2, headName: '李秀英' })
      expect(s.get('households', H3)).toEqual({ id: H3, headName: '张伟' }) // replayed from the log, then migrated
      expect(s.get('settings', 'settings')).toEqual({ unitName: '老单位' })
      expect(calls).toBe(4)

      const pre = s.listBackups().filter((b) => b.reason === 'pre-migration')
      expect(pre).toHaveLength(1)
      // The backup holds the old files byte for byte.
      expect(treeDiff(oldDb, tree(path.join(dir, 'backups', pre[0]!.id, 'db')))).toEqual([])
    } finally {
      s.close()
    }
    // On disk everything is the new schema now.
    expect(readJson(path.join(dir, 'db', 'store.json')).schema).toBe(STORE_SCHEMA)
    expect(readJson(path.join(dir, 'db', 'households', '141002.json')).schema).toBe(STORE_SCHEMA)
    expect(readJson(path.join(dir, 'db', 'households', '141023.json')).records[H3]).toEqual({ id: H3, headName: '张伟' })

    // Reopening does not migrate again.
    calls = 0
    const again = Store.open(dir, opts({ migrations: [counting] }))
    expect(again.get('households', H1)).toEqual({ id: H1, headName: '王建国' })
    expect(again.listBackups().filter((b) => b.reason === 'pre-migration')).toHaveLength(1)
    again.close()
    expect(calls).toBe(0)
  })

  it('refuses an older folder it has no migration for, leaving the data files as they were', () => {
    const dir = schemaZeroFolder()
    const oldDb = tree(path.join(dir, 'db'))
    const err = openError(dir)
    expect(err.code).toBe('store_corrupt')
    expect(err.message).toMatch(CHINESE)
    expect(treeDiff(oldDb, tree(path.join(dir, 'db')))).toEqual([])
    expect(lockFiles(dir)).toEqual([])
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false) // refused before any backup was made
  })
})

// ---------------------------------------------------------------------------------------------

describe('corrupt files', () => {
  it('refuses a corrupt snapshot with store_corrupt naming it, and leaves it untouched', () => {
    const dir = filledFolder('corrupt1-')
    const file = path.join(dir, 'db', 'households', '141002.json')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 30)) // cut short
    const before = tree(dir)
    const err = openAndRead(dir, (s) => s.get('households', H1))
    expect(err.code).toBe('store_corrupt')
    expect(err.where?.file).toBe('db/households/141002.json')
    expect(err.message).toContain('db/households/141002.json')
    expect(err.message).toMatch(/损坏/)
    // A write to that partition is refused (not silently started from an empty file).
    const err2 = openAndRead(dir, (s) => s.transact(who(), (tx) => tx.put('households', '141002001001-000009', hh('141002001001-000009'))))
    expect(err2.code).toBe('store_corrupt')
    expect(treeDiff(before, tree(dir))).toEqual([])
  })

  it('refuses a single-file collection and a snapshot with the wrong structure', () => {
    const dir = filledFolder('corrupt2-')
    const settings = path.join(dir, 'db', 'settings.json')
    const good = fs.readFileSync(settings)
    fs.writeFileSync(settings, '{"schema":2,"seq":1,"records":{"settings":{"unitName":"尧')
    const err = openAndRead(dir, (s) => s.get('settings', 'settings'))
    expect(err.code).toBe('store_corrupt')
    expect(err.where?.file).toBe('db/settings.json')
    fs.writeFileSync(settings, good)

    fs.writeFileSync(path.join(dir, 'db', 'figures', '2024-11.json'), '[1,2,3]')
    const err2 = openAndRead(dir, (s) => s.get('figures', F1))
    expect(err2.code).toBe('store_corrupt')
    expect(err2.where?.file).toBe('db/figures/2024-11.json')
  })

  it('refuses a corrupt store.json at open, changing nothing', () => {
    const dir = filledFolder('corrupt3-')
    fs.writeFileSync(path.join(dir, 'db', 'store.json'), '{"schema":2,"checkp')
    const before = tree(dir)
    const err = openError(dir)
    expect(err.code).toBe('store_corrupt')
    expect(err.where?.file).toBe('db/store.json')
    expect(treeDiff(before, tree(dir))).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------

describe('backups', () => {
  function clocked(dir: string) {
    let t = Date.parse('2024-11-20T08:00:00.000Z')
    const clock = { tick: (ms = 1000) => (t += ms) }
    const store = Store.open(dir, opts({ now: () => new Date(t) }))
    return { store, clock }
  }

  it('creates, lists newest first, restores with a pre-restore backup, and undoes the restore', () => {
    const dir = newDir('backup-')
    const { store: s, clock } = clocked(dir)
    const resets: number[] = []
    s.onChange((e) => e === 'reset' && resets.push(1))
    try {
      s.transact(who(), (tx) => {
        tx.put('households', H1, hh(H1))
        tx.put('settings', 'settings', { unitName: '甲' })
      })
      clock.tick()
      const b1 = s.backup('manual', '第一次')
      expect(b1).toMatchObject({ reason: 'manual', note: '第一次', at: '2024-11-20T08:00:01.000Z' })
      expect(b1.bytes).toBeGreaterThan(0)
      expect(fs.existsSync(path.join(dir, 'backups', b1.id, 'db', 'store.json'))).toBe(true)

      clock.tick()
      s.transact(who(), (tx) => tx.put('households', H2, hh(H2)))
      clock.tick()
      const b2 = s.backup('manual')
      expect(s.listBackups().map((b) => b.id)).toEqual([b2.id, b1.id])

      // A half-made backup is not listed.
      fs.mkdirSync(path.join(dir, 'backups', '.20241120-half.partial', 'db'), { recursive: true })
      fs.mkdirSync(path.join(dir, 'backups', 'no-meta', 'db'), { recursive: true })
      expect(s.listBackups().map((b) => b.id)).toEqual([b2.id, b1.id])

      // Modify: the data as it will be "undone" to.
      clock.tick()
      s.transact(who(), (tx) => {
        tx.put('households', H1, hh(H1, { stage: 'accepted' }))
        tx.del('households', H2)
        tx.put('households', H3, hh(H3))
        tx.put('settings', 'settings', { unitName: '乙' })
      })
      const modified = { h1: s.get('households', H1), h3: s.get('households', H3), seq: s.lastSeq }

      clock.tick()
      const r = s.restore(b1.id, who('管理员', 'backups.restore'))
      expect(r.restored).toBe(b1.id)
      expect(resets).toHaveLength(1)
      expect(s.get('households', H1)).toEqual(hh(H1))
      expect(s.get('households', H2)).toBeUndefined()
      expect(s.get('households', H3)).toBeUndefined()
      expect(s.get('settings', 'settings')).toEqual({ unitName: '甲' })
      expect(s.lastSeq).toBe(2) // the backup's one write, then the restore's own audit entry
      expect(s.recent(1)[0]).toMatchObject({ method: 'backups.restore', who: '管理员' })
      const undo = s.listBackups().find((b) => b.id === r.undoId)
      expect(undo?.reason).toBe('pre-restore')
      expect(s.listBackups()[0]!.id).toBe(r.undoId) // newest

      // Undo: restore the pre-restore backup.
      clock.tick()
      s.restore(r.undoId, who('管理员', 'backups.undoRestore'))
      expect(s.get('households', H1)).toEqual(modified.h1)
      expect(s.get('households', H3)).toEqual(modified.h3)
      expect(s.get('households', H2)).toBeUndefined()
      expect(s.get('settings', 'settings')).toEqual({ unitName: '乙' })
      expect(s.lastSeq).toBe(modified.seq + 1)

      // Writing goes on with the restored log's numbering.
      s.transact(who(), (tx) => tx.put('plans', '141002001001', { route: 'gas' }))
      expect(s.lastSeq).toBe(modified.seq + 2)
      expect(() => s.restore('no-such-backup', who())).toThrow(expect.objectContaining({ code: 'not_found' }))
    } finally {
      s.close()
    }
    expect(seqProblems(dir)).toEqual([])
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('db.'))).toEqual([]) // no db.old / db.restoring left
    const again = Store.open(dir, opts())
    expect(again.get('settings', 'settings')).toEqual({ unitName: '乙' })
    expect(again.get('plans', '141002001001')).toEqual({ route: 'gas' })
    again.close()
  })

  it('finishes an interrupted restore at open (db renamed away, db.restoring half copied)', () => {
    const dir = filledFolder('swap-')
    fs.renameSync(path.join(dir, 'db'), path.join(dir, 'db.old'))
    fs.mkdirSync(path.join(dir, 'db.restoring', 'log'), { recursive: true })
    const s = Store.open(dir, opts())
    expect(s.get('households', H3)).toEqual(hh(H3))
    s.close()
    expect(fs.readdirSync(dir).sort()).toEqual(['db'])
  })

  it('keeps only the newest N automatic backups, and only when one is due', () => {
    const dir = newDir('prune-')
    const { store: s, clock } = clocked(dir)
    try {
      expect(s.autoBackupIfDue(60_000, 2)).toBeNull() // nothing written yet
      const manual = s.backup('manual')
      const autos: string[] = []
      for (let i = 0; i < 4; i++) {
        s.transact(who(), (tx) => tx.put('counters', 'n', i + 1))
        clock.tick(61_000)
        const b = s.autoBackupIfDue(60_000, 2)
        expect(b?.reason).toBe('auto')
        autos.push(b!.id)
        expect(s.autoBackupIfDue(60_000, 2)).toBeNull() // not due again yet
      }
      const left = s.listBackups()
      expect(left.filter((b) => b.reason === 'auto').map((b) => b.id)).toEqual([autos[3], autos[2]])
      expect(left.map((b) => b.id)).toContain(manual.id) // pruning touches automatic backups only
      expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual([autos[2], autos[3], manual.id].sort())
      // The newest automatic backup has the latest data.
      expect(readJson(path.join(dir, 'backups', autos[3]!, 'db', 'counters.json')).records).toEqual({ n: 4 })
    } finally {
      s.close()
    }
  })
})

// ---------------------------------------------------------------------------------------------

describe('history and transactions', () => {
  it('returns every change of a record with who, method, before and after, in order, across segments and reopen', () => {
    const dir = newDir('history-')
    const small = opts({ segmentBytes: 300, checkpointBytes: 300 })
    let s = Store.open(dir, small)
    const v1 = hh(H1)
    const v2 = hh(H1, { stage: 'network' })
    const v3 = hh(H1, { stage: 'meter', phone: '13900000001' })
    s.transact(who('王五', 'households.create'), (tx) => tx.put('households', H1, v1))
    s.transact(who('王五', 'households.create'), (tx) => tx.put('households', '141002001001-0000010', hh('141002001001-0000010')))
    s.transact(who('李四', 'households.update'), (tx) => tx.put('households', H1, v2))
    s.close()
    s = Store.open(dir, small)
    s.transact(who('赵六', 'households.update'), (tx) => tx.put('households', H1, v3))
    s.transact(who('赵六', 'households.delete'), (tx) => tx.del('households', H1))
    try {
      expect(readSegments(dir).length).toBeGreaterThan(1) // the log was split while writing
      const h = s.history([{ c: 'households', k: H1 }], 100)
      expect(h.map(({ entry, change }) => [entry.who, entry.method, change.b, change.a])).toEqual([
        ['赵六', 'households.delete', v3, null],
        ['赵六', 'households.update', v2, v3],
        ['李四', 'households.update', v1, v2],
        ['王五', 'households.create', null, v1],
      ])
      const seqs = h.map((x) => x.entry.seq)
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
      expect(h.every((x) => !Number.isNaN(Date.parse(x.entry.at)))).toBe(true)
      expect(s.history([{ c: 'households', k: '141002001001-0000010' }], 100)).toHaveLength(1) // a key containing H1 is not H1
      expect(s.history([{ c: 'figures', k: H1 }], 100)).toEqual([])
      expect(s.history([{ c: 'households', k: H1 }], 2).map((x) => x.entry.method)).toEqual(['households.delete', 'households.update'])
      expect(s.recent(2).map((e) => e.method)).toEqual(['households.delete', 'households.update'])
    } finally {
      s.close()
    }
    expect(seqProblems(dir)).toEqual([])
  })

  it('writes nothing when the transaction function throws', () => {
    const dir = filledFolder('throw-')
    const s = Store.open(dir, opts())
    try {
      const bytes = logBytes(dir)
      const seq = s.lastSeq
      expect(() =>
        s.transact(who(), (tx) => {
          tx.put('households', H1, hh(H1, { stage: 'accepted' }))
          tx.del('households', H2)
          tx.put('settings', 'settings', { unitName: '不应保存' })
          throw new Error('验证失败')
        }),
      ).toThrow('验证失败')
      expect(logBytes(dir)).toBe(bytes)
      expect(s.lastSeq).toBe(seq)
      expect(s.get('households', H1)).toEqual(hh(H1))
      expect(s.get('households', H2)).toEqual(hh(H2))
      expect(s.get('settings', 'settings')).toEqual({ unitName: '尧都区清洁取暖办' })
    } finally {
      s.close()
    }
    const again = Store.open(dir, opts())
    expect(again.get('households', H1)).toEqual(hh(H1))
    again.close()
  })

  it('writes no log entry for a put of an identical value (or a change undone within the transaction)', () => {
    const dir = filledFolder('same-')
    const s = Store.open(dir, opts())
    try {
      const bytes = logBytes(dir)
      const seq = s.lastSeq
      const result = s.transact(who(), (tx) => {
        tx.put('households', H1, hh(H1)) // equal value, a fresh object
        tx.put('households', H2, hh(H2, { stage: 'accepted' }))
        tx.put('households', H2, hh(H2)) // changed and changed back
        tx.del('households', '141002001001-000099') // deleting what is not there
        return 'ok'
      })
      expect(result).toBe('ok')
      expect(logBytes(dir)).toBe(bytes)
      expect(s.lastSeq).toBe(seq)

      // Sanity: a real change in the same shape does write exactly one line.
      s.transact(who(), (tx) => {
        tx.put('households', H1, hh(H1, { stage: 'network' }))
        expect(tx.get('households', H1)).toEqual(hh(H1, { stage: 'network' })) // the tx sees its own put
        tx.put('households', H2, hh(H2))
      })
      expect(s.lastSeq).toBe(seq + 1)
      const last = logEntries(dir).at(-1)!
      expect(last.changes).toEqual([{ c: 'households', k: H1, b: hh(H1), a: hh(H1, { stage: 'network' }) }])
    } finally {
      s.close()
    }
  })
})

// ---------------------------------------------------------------------------------------------

describe('partitions', () => {
  it('files households per county, figures per month, and loads them lazily after reopen', () => {
    const dir = newDir('parts-')
    const s = Store.open(dir, opts())
    s.transact(who(), (tx) => {
      tx.put('households', H1, hh(H1))
      tx.put('households', H3, hh(H3))
      tx.put('figures', F1, { n: 1 })
      tx.put('figures', F2, { n: 2 })
      tx.put('settings', 'settings', { unitName: '甲' })
    })
    // Before a checkpoint, the data is only in the log.
    expect(fs.existsSync(path.join(dir, 'db', 'households'))).toBe(false)
    s.checkpoint()
    const db = path.join(dir, 'db')
    expect(fs.readdirSync(path.join(db, 'households')).sort()).toEqual(['141002.json', '141023.json'])
    expect(fs.readdirSync(path.join(db, 'figures')).sort()).toEqual(['2024-11.json', '2024-12.json'])
    expect(readJson(path.join(db, 'households', '141002.json'))).toEqual({ schema: STORE_SCHEMA, seq: 1, records: { [H1]: hh(H1) } })
    expect(fs.readFileSync(path.join(db, 'households', '141002.json'), 'utf8')).toMatch(/,"check":\{"bytes":\d+,"sha256":"[0-9a-f]{64}"\}\}$/)
    expect(readJson(path.join(db, 'households', '141023.json')).records).toEqual({ [H3]: hh(H3) })
    expect(readJson(path.join(db, 'figures', '2024-12.json')).records).toEqual({ [F2]: { n: 2 } })
    expect(readJson(path.join(db, 'settings.json')).records).toEqual({ settings: { unitName: '甲' } })
    expect(readJson(path.join(db, 'store.json')).checkpointSeq).toBe(1)
    s.transact(who(), (tx) => tx.put('households', H2, hh(H2)))
    s.close()
    expect(Object.keys(readJson(path.join(db, 'households', '141002.json')).records).sort()).toEqual([H1, H2])

    // Lazy: a partition is parsed when first read; every file's checksum is checked at open, so a
    // broken one is reported then, naming it, and nothing is believed.
    const good = fs.readFileSync(path.join(db, 'households', '141023.json'))
    fs.writeFileSync(path.join(db, 'households', '141023.json'), '{ broken')
    expect(openError(dir).where?.file).toBe('db/households/141023.json')
    fs.writeFileSync(path.join(db, 'households', '141023.json'), good)
    const t = Store.open(dir, opts())
    try {
      expect(t.partitionNames('households')).toEqual(['141002', '141023'])
      expect(t.get('households', H1)).toEqual(hh(H1))
      expect(t.get('households', H2)).toEqual(hh(H2))
      expect([...t.partitionEntries('households', '141002').keys()].sort()).toEqual([H1, H2])
      expect(t.get('figures', F2)).toEqual({ n: 2 })
      // A file without a checksum (written by hand, or by an older program) is refused in a schema-2 folder.
      fs.writeFileSync(path.join(db, 'households', '141023.json'), JSON.stringify({ schema: 2, seq: 1, records: { [H3]: hh(H3) } }))
      expect(caught(() => t.get('households', H3)).where?.file).toBe('db/households/141023.json')
    } finally {
      t.close()
    }
    fs.writeFileSync(path.join(db, 'households', '141023.json'), good)
    const u = Store.open(dir, opts())
    expect(u.count('households')).toBe(3)
    expect([...u.values('figures')]).toEqual([{ n: 1 }, { n: 2 }])
    u.close()
  })

  it('counts unread partitions from the manifest, and stays right after a crash before a checkpoint', () => {
    const dir = newDir('counts-')
    const s = Store.open(dir, opts())
    s.transact(who(), (tx) => {
      tx.put('households', H1, hh(H1))
      tx.put('households', H3, hh(H3))
    })
    s.close()
    expect(readJson(path.join(dir, 'db', 'store.json')).counts).toEqual({ 'households/141002.json': 1, 'households/141023.json': 1 })

    // Counting reads no snapshot: even an unreadable one is counted from the manifest.
    const t = Store.open(dir, opts())
    const unread = path.join(dir, 'db', 'households', '141023.json')
    const good = fs.readFileSync(unread)
    fs.writeFileSync(unread, '{ not read')
    expect(t.count('households')).toBe(2)
    fs.writeFileSync(unread, good)
    // Changes after the checkpoint, then a crash: replay loads what they touched, so counts stay exact.
    t.transact(who(), (tx) => {
      tx.put('households', H2, hh(H2))
      tx.del('households', H3)
    })
    abandon(t, dir)
    const u = Store.open(dir, opts())
    expect(u.count('households')).toBe(2)
    expect([...u.values('households')].length).toBe(2)
    u.close()
  })
})
