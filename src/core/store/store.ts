// The data folder: lowdb snapshot files per partition plus an fsync'd append-only log that is both
// the write-ahead journal and the audit trail. Loading = snapshots + replay of the log's tail.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { LowSync } from 'lowdb'
import { AppError } from '../errors'
import { DurableJSONFile, fsyncDir, writeFileDurable } from './durable-file'
import { type BackupInfo, createBackup, listBackups, pruneAutoBackups, swapInBackup } from './backups'

export const STORE_SCHEMA = 1

export interface CollectionDef {
  name: string
  /** Partition of a record from its key; absent for a collection kept in one file. */
  partitionOf?: (key: string) => string
}

export interface Migration {
  /** Migrates files written with schema `from` to `from + 1`. */
  from: number
  migrateRecord(collection: string, key: string, value: unknown): unknown
}

export interface ChangeMeta {
  who: string
  method: string
}

export interface Change {
  c: string
  k: string
  b: unknown
  a: unknown
}

export interface LogEntry {
  v: number
  seq: number
  at: string
  who: string
  method: string
  changes: Change[]
}

interface Manifest {
  schema: number
  checkpointSeq: number
  createdAt: string
  /** records per snapshot file at the checkpoint, so counting needs no parsing of big files */
  counts?: Record<string, number>
}

interface SnapshotFile {
  schema: number
  seq: number
  records: Record<string, unknown>
}

interface Partition {
  low: LowSync<SnapshotFile>
  rel: string
  records: Map<string, unknown>
  seq: number
  dirty: boolean
}

export interface StoreOptions {
  collections: CollectionDef[]
  migrations?: Migration[]
  /** Checkpoint when the log has grown this much since the last one (bytes). */
  checkpointBytes?: number
  /** Checkpoint this long after the last write (ms); 0 disables the timer. */
  checkpointIdleMs?: number
  /** Start a new log segment once the current one is this large (bytes). */
  segmentBytes?: number
  now?: () => Date
}

export interface Tx {
  get<T>(collection: string, key: string): T | undefined
  put(collection: string, key: string, value: unknown): void
  del(collection: string, key: string): void
}

type Listener = (entry: LogEntry | 'reset') => void

const DB = 'db'
const LOG = 'log'
const MANIFEST = 'store.json'
const LOCK = '.lock'

function relName(file: string): string {
  return file.split(path.sep).join('/')
}

function readJsonFile<T>(dataDir: string, rel: string): T | null {
  const low = new LowSync<T | null>(new DurableJSONFile<T | null>(path.join(dataDir, rel)), null)
  try {
    low.read()
  } catch (e) {
    throw corrupt(rel, (e as Error).message)
  }
  return low.data
}

function corrupt(rel: string, why: string): AppError {
  return new AppError(
    'store_corrupt',
    `数据文件 ${rel} 已损坏，无法读取（${why}）。数据没有被改动；请在“设置 → 备份”中从最近的备份恢复。`,
    { where: { file: rel } },
  )
}

function tooNew(rel: string, schema: number): AppError {
  return new AppError(
    'store_too_new',
    `数据文件 ${rel} 由更新版本的程序写入（数据版本 ${schema}，本程序支持到 ${STORE_SCHEMA}）。为免损坏数据，已拒绝打开；请升级本程序。`,
    { where: { file: rel } },
  )
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

interface LockInfo {
  pid: number
  host: string
  at: string
}

function acquireLock(dataDir: string): string {
  const file = path.join(dataDir, LOCK)
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), at: new Date().toISOString() }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx')
      fs.writeSync(fd, JSON.stringify(mine))
      fs.fsyncSync(fd)
      fs.closeSync(fd)
      return file
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    let held: LockInfo | null = null
    try {
      held = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo
    } catch {
      held = null // a half-written lock from a crash: treat as stale
    }
    const stale = !held || (held.host === os.hostname() && held.pid !== process.pid && !isAlive(held.pid))
    if (!stale) {
      throw new AppError(
        'store_locked',
        `数据文件夹正被另一个程序使用（进程 ${held!.pid}，计算机 ${held!.host}，自 ${held!.at} 起）。同一数据文件夹不能同时打开两次，请先关闭另一个窗口或服务。`,
        { where: { file: LOCK } },
      )
    }
    fs.rmSync(file, { force: true })
  }
  throw new AppError('store_locked', '无法锁定数据文件夹，请稍后再试。', { where: { file: LOCK } })
}

export class Store {
  readonly dataDir: string
  private readonly opts: Required<Omit<StoreOptions, 'migrations'>> & { migrations: Migration[] }
  private readonly collections = new Map<string, CollectionDef>()
  private partitions = new Map<string, Partition>()
  private manifest!: Manifest
  private seq = 0
  private logFd: number | null = null
  private logFile = ''
  private logBytes = 0
  private bytesSinceCheckpoint = 0
  private idleTimer: NodeJS.Timeout | null = null
  private listeners = new Set<Listener>()
  private lockFile: string | null = null
  private closed = false

  private constructor(dataDir: string, opts: StoreOptions) {
    this.dataDir = path.resolve(dataDir)
    this.opts = {
      collections: opts.collections,
      migrations: opts.migrations ?? [],
      checkpointBytes: opts.checkpointBytes ?? 4 * 1024 * 1024,
      checkpointIdleMs: opts.checkpointIdleMs ?? 3000,
      segmentBytes: opts.segmentBytes ?? 16 * 1024 * 1024,
      now: opts.now ?? (() => new Date()),
    }
    for (const c of opts.collections) this.collections.set(c.name, c)
  }

  /** Opens (creating if needed) a data folder; refuses a locked, corrupt or too-new folder. */
  static open(dataDir: string, opts: StoreOptions): Store {
    const store = new Store(dataDir, opts)
    fs.mkdirSync(store.dataDir, { recursive: true })
    store.lockFile = acquireLock(store.dataDir)
    try {
      store.load()
    } catch (e) {
      store.releaseLock()
      throw e
    }
    return store
  }

  // ---------- loading ----------

  private load(): void {
    this.recoverInterruptedRestore()
    this.partitions = new Map()
    const manifest = readJsonFile<Manifest>(this.dataDir, `${DB}/${MANIFEST}`)
    if (manifest && manifest.schema > STORE_SCHEMA) throw tooNew(`${DB}/${MANIFEST}`, manifest.schema)
    this.manifest = manifest ?? { schema: STORE_SCHEMA, checkpointSeq: 0, createdAt: this.opts.now().toISOString() }
    if (!manifest) {
      fs.mkdirSync(path.join(this.dataDir, DB, LOG), { recursive: true })
      this.writeManifest()
    }
    this.seq = this.manifest.checkpointSeq
    this.replayLog()
    if (this.manifest.schema < STORE_SCHEMA) this.migrate()
  }

  private recoverInterruptedRestore(): void {
    const db = path.join(this.dataDir, DB)
    const old = path.join(this.dataDir, `${DB}.old`)
    const incoming = path.join(this.dataDir, `${DB}.restoring`)
    if (!fs.existsSync(db) && fs.existsSync(old)) fs.renameSync(old, db)
    fs.rmSync(incoming, { recursive: true, force: true })
    fs.rmSync(old, { recursive: true, force: true })
  }

  private segments(): string[] {
    const dir = path.join(this.dataDir, DB, LOG)
    if (!fs.existsSync(dir)) return []
    return fs
      .readdirSync(dir)
      .filter((f) => /^\d{12}\.jsonl$/.test(f))
      .sort()
  }

  /** Reads one log segment; a torn last line (a write that was never acknowledged) is cut off. */
  private readSegment(name: string, repairTail: boolean): LogEntry[] {
    const rel = `${DB}/${LOG}/${name}`
    const file = path.join(this.dataDir, rel)
    const buf = fs.readFileSync(file)
    const entries: LogEntry[] = []
    let start = 0
    let lineNo = 0
    while (start < buf.length) {
      const nl = buf.indexOf(0x0a, start)
      const end = nl === -1 ? buf.length : nl
      lineNo++
      const line = buf.subarray(start, end).toString('utf8')
      let entry: LogEntry | null = null
      if (line.trim() !== '') {
        try {
          entry = JSON.parse(line) as LogEntry
        } catch {
          entry = null
        }
        const isTail = nl === -1 || buf.subarray(nl + 1).toString('utf8').trim() === ''
        if (!entry || nl === -1) {
          if (isTail) {
            if (repairTail) {
              fs.truncateSync(file, start)
              fsyncDir(path.dirname(file))
            }
            break
          }
          throw corrupt(rel, `第 ${lineNo} 行不是完整的记录`)
        }
        if (entry.v > STORE_SCHEMA) throw tooNew(rel, entry.v)
        entries.push(entry)
      }
      start = end + 1
    }
    return entries
  }

  private replayLog(): void {
    const segs = this.segments()
    // Only the segments that can hold entries after the checkpoint need reading.
    let from = 0
    for (let i = 0; i < segs.length; i++) {
      if (Number(segs[i]!.slice(0, 12)) <= this.manifest.checkpointSeq + 1) from = i
    }
    for (let i = from; i < segs.length; i++) {
      const last = i === segs.length - 1
      for (const entry of this.readSegment(segs[i]!, last)) {
        if (entry.seq <= this.seq) continue
        if (entry.seq !== this.seq + 1) {
          throw corrupt(`${DB}/${LOG}/${segs[i]}`, `记录序号不连续：期望 ${this.seq + 1}，读到 ${entry.seq}`)
        }
        this.applyChanges(entry)
        this.seq = entry.seq
      }
    }
    const lastSeg = segs[segs.length - 1]
    this.openLogSegment(lastSeg ?? `${String(this.seq + 1).padStart(12, '0')}.jsonl`)
  }

  private openLogSegment(name: string): void {
    if (this.logFd !== null) fs.closeSync(this.logFd)
    const dir = path.join(this.dataDir, DB, LOG)
    fs.mkdirSync(dir, { recursive: true })
    this.logFile = path.join(dir, name)
    const existed = fs.existsSync(this.logFile)
    this.logFd = fs.openSync(this.logFile, 'a')
    this.logBytes = fs.fstatSync(this.logFd).size
    if (!existed) fsyncDir(dir)
  }

  private migrate(): void {
    createBackup(this.dataDir, 'pre-migration', `数据版本 ${this.manifest.schema} → ${STORE_SCHEMA}`)
    for (const coll of this.collections.values()) {
      for (const part of this.partitionNames(coll.name)) this.partition(coll.name, part)
    }
    for (let from = this.manifest.schema; from < STORE_SCHEMA; from++) {
      const m = this.opts.migrations.find((x) => x.from === from)
      if (!m) {
        throw new AppError('store_corrupt', `数据版本 ${from} 没有可用的升级步骤，无法打开。`, {
          where: { file: `${DB}/${MANIFEST}` },
        })
      }
      for (const [id, p] of this.partitions) {
        const coll = id.split('\u0000')[0]!
        for (const [k, v] of p.records) p.records.set(k, m.migrateRecord(coll, k, v))
        p.dirty = true
      }
    }
    this.manifest.schema = STORE_SCHEMA
    this.checkpoint()
  }

  // ---------- partitions ----------

  private def(collection: string): CollectionDef {
    const d = this.collections.get(collection)
    if (!d) throw new Error(`unknown collection ${collection}`)
    return d
  }

  private partOf(collection: string, key: string): string {
    const d = this.def(collection)
    return d.partitionOf ? d.partitionOf(key) : ''
  }

  private relFile(collection: string, part: string): string {
    return part === '' ? `${DB}/${collection}.json` : `${DB}/${collection}/${part}.json`
  }

  private partition(collection: string, part: string): Partition {
    const id = `${collection}\u0000${part}`
    let p = this.partitions.get(id)
    if (p) return p
    const rel = this.relFile(collection, part)
    const low = new LowSync<SnapshotFile>(new DurableJSONFile<SnapshotFile>(path.join(this.dataDir, rel)), {
      schema: STORE_SCHEMA,
      seq: 0,
      records: {},
    })
    try {
      low.read()
    } catch (e) {
      throw corrupt(rel, (e as Error).message)
    }
    const snap = low.data
    if (!snap || typeof snap !== 'object' || typeof snap.records !== 'object' || snap.records === null) {
      throw corrupt(rel, '文件结构不对')
    }
    if (snap.schema > STORE_SCHEMA) throw tooNew(rel, snap.schema)
    p = { low, rel, records: new Map(Object.entries(snap.records)), seq: snap.seq ?? 0, dirty: false }
    low.data = { schema: snap.schema, seq: p.seq, records: {} } // the Map is the live copy
    this.partitions.set(id, p)
    return p
  }

  /** Partition names of a collection: on disk plus any created since the last checkpoint. */
  partitionNames(collection: string): string[] {
    const d = this.def(collection)
    if (!d.partitionOf) return ['']
    const names = new Set<string>()
    const dir = path.join(this.dataDir, DB, collection)
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir)) if (f.endsWith('.json') && !f.startsWith('.')) names.add(f.slice(0, -5))
    }
    for (const id of this.partitions.keys()) {
      const [c, part] = id.split('\u0000') as [string, string]
      if (c === collection) names.add(part)
    }
    return [...names].sort()
  }

  // ---------- reading ----------

  get<T>(collection: string, key: string): T | undefined {
    return this.partition(collection, this.partOf(collection, key)).records.get(key) as T | undefined
  }

  /** Records of one partition (or of a whole single-file collection). */
  partitionEntries<T>(collection: string, part = ''): ReadonlyMap<string, T> {
    return this.partition(collection, part).records as ReadonlyMap<string, T>
  }

  /** Every record of a collection (loads every partition). */
  *values<T>(collection: string): Iterable<T> {
    for (const part of this.partitionNames(collection)) {
      yield* this.partition(collection, part).records.values() as Iterable<T>
    }
  }

  /**
   * Records in a collection. A partition not loaded yet is counted from the manifest: any change
   * since the checkpoint that wrote the count was replayed into the partition, which loaded it.
   */
  count(collection: string): number {
    let n = 0
    for (const part of this.partitionNames(collection)) {
      const loaded = this.partitions.get(`${collection}\u0000${part}`)
      const known = loaded ? undefined : this.manifest.counts?.[this.relFile(collection, part)]
      n += known ?? this.partition(collection, part).records.size
    }
    return n
  }

  get lastSeq(): number {
    return this.seq
  }

  // ---------- writing ----------

  /**
   * Runs `fn` against a transaction; when it returns, its changes are appended to the log and
   * fsync'd as one line, then applied. If `fn` throws, nothing is written.
   */
  transact<R>(meta: ChangeMeta, fn: (tx: Tx) => R): R {
    if (this.closed) throw new AppError('internal', '数据文件夹已关闭。')
    const pending = new Map<string, Change>()
    const tx: Tx = {
      get: <T>(c: string, k: string) => {
        const ch = pending.get(`${c}\u0000${k}`)
        return (ch ? (ch.a ?? undefined) : this.get<T>(c, k)) as T | undefined
      },
      put: (c, k, value) => {
        const id = `${c}\u0000${k}`
        const prev = pending.get(id)
        const before = prev ? prev.b : (this.get(c, k) ?? null)
        pending.set(id, { c, k, b: before, a: value })
      },
      del: (c, k) => {
        const id = `${c}\u0000${k}`
        const prev = pending.get(id)
        const before = prev ? prev.b : (this.get(c, k) ?? null)
        pending.set(id, { c, k, b: before, a: null })
      },
    }
    const result = fn(tx)
    const changes = [...pending.values()].filter((ch) => JSON.stringify(ch.a) !== JSON.stringify(ch.b))
    if (changes.length === 0) return result
    const entry: LogEntry = {
      v: STORE_SCHEMA,
      seq: this.seq + 1,
      at: this.opts.now().toISOString(),
      who: meta.who,
      method: meta.method,
      changes,
    }
    this.append(entry)
    this.seq = entry.seq
    this.applyChanges(entry)
    this.emit(entry)
    this.afterWrite()
    return result
  }

  private append(entry: LogEntry): void {
    const line = Buffer.from(JSON.stringify(entry) + '\n', 'utf8')
    const fd = this.logFd!
    const sizeBefore = this.logBytes
    try {
      let off = 0
      while (off < line.length) off += fs.writeSync(fd, line, off, line.length - off)
      fs.fsyncSync(fd)
    } catch (e) {
      // Leave no half line behind: the next write must start on a clean line.
      try {
        fs.ftruncateSync(fd, sizeBefore)
      } catch {
        /* the folder is failing; the error below says so */
      }
      throw new AppError('internal', `写入数据文件失败：${(e as Error).message}。本次修改未保存。`, {
        where: { file: relName(path.relative(this.dataDir, this.logFile)) },
      })
    }
    this.logBytes += line.length
    this.bytesSinceCheckpoint += line.length
  }

  private applyChanges(entry: LogEntry): void {
    for (const ch of entry.changes) {
      // Audit-only notes (`note:<collection>`, written by `note`) change no data; replaying one
      // used to throw "unknown collection note:…" and made the folder unopenable after a crash.
      if (ch.c.startsWith('note:')) continue
      const p = this.partition(ch.c, this.partOf(ch.c, ch.k))
      if (entry.seq <= p.seq) continue // already in this snapshot
      if (ch.a === null || ch.a === undefined) p.records.delete(ch.k)
      else p.records.set(ch.k, ch.a)
      p.dirty = true
    }
  }

  private afterWrite(): void {
    if (this.bytesSinceCheckpoint >= this.opts.checkpointBytes) {
      this.checkpoint()
      return
    }
    if (this.opts.checkpointIdleMs > 0) {
      if (this.idleTimer) clearTimeout(this.idleTimer)
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null
        if (!this.closed) this.checkpoint()
      }, this.opts.checkpointIdleMs)
      this.idleTimer.unref()
    }
  }

  /** Folds the log into the snapshot files. Safe to interrupt at any point. */
  checkpoint(): void {
    if (this.closed) return
    for (const p of this.partitions.values()) {
      if (!p.dirty) continue
      p.low.data = { schema: STORE_SCHEMA, seq: this.seq, records: Object.fromEntries(p.records) }
      p.low.write()
      p.low.data = { schema: STORE_SCHEMA, seq: this.seq, records: {} }
      p.seq = this.seq
      p.dirty = false
    }
    this.manifest.checkpointSeq = this.seq
    const counts = { ...this.manifest.counts }
    for (const p of this.partitions.values()) counts[p.rel] = p.records.size
    this.manifest.counts = counts
    this.writeManifest()
    this.bytesSinceCheckpoint = 0
    if (this.logBytes >= this.opts.segmentBytes) {
      this.openLogSegment(`${String(this.seq + 1).padStart(12, '0')}.jsonl`)
    }
  }

  private writeManifest(): void {
    writeFileDurable(path.join(this.dataDir, DB, MANIFEST), JSON.stringify(this.manifest, null, 2))
  }

  // ---------- audit trail (the log itself) ----------

  /** Every change to one record, oldest first, read from the whole log. */
  history(collection: string, key: string): Array<{ entry: LogEntry; change: Change }> {
    const needle = JSON.stringify(key)
    const out: Array<{ entry: LogEntry; change: Change }> = []
    for (const seg of this.segments()) {
      const text = fs.readFileSync(path.join(this.dataDir, DB, LOG, seg), 'utf8')
      for (const line of text.split('\n')) {
        if (!line.includes(needle)) continue
        let entry: LogEntry
        try {
          entry = JSON.parse(line) as LogEntry
        } catch {
          continue
        }
        for (const change of entry.changes) if (change.c === collection && change.k === key) out.push({ entry, change })
      }
    }
    return out
  }

  /** The latest log entries, newest first. */
  recent(limit: number): LogEntry[] {
    const out: LogEntry[] = []
    const segs = this.segments()
    for (let i = segs.length - 1; i >= 0 && out.length < limit; i--) {
      const entries = this.readSegment(segs[i]!, false)
      for (let j = entries.length - 1; j >= 0 && out.length < limit; j--) out.push(entries[j]!)
    }
    return out
  }

  /** Appends an audit-only entry (e.g. "full ID numbers shown") with no data change. */
  note(meta: ChangeMeta, collection: string, key: string, detail: unknown): void {
    const entry: LogEntry = {
      v: STORE_SCHEMA,
      seq: this.seq + 1,
      at: this.opts.now().toISOString(),
      who: meta.who,
      method: meta.method,
      changes: [{ c: `note:${collection}`, k: key, b: null, a: detail }],
    }
    this.append(entry)
    this.seq = entry.seq
    this.emit(entry)
    this.afterWrite()
  }

  // ---------- events ----------

  onChange(fn: Listener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  private emit(e: LogEntry | 'reset'): void {
    for (const fn of this.listeners) fn(e)
  }

  // ---------- backups ----------

  backup(reason: BackupInfo['reason'], note?: string): BackupInfo {
    this.checkpoint()
    return createBackup(this.dataDir, reason, note, this.opts.now())
  }

  listBackups(): BackupInfo[] {
    return listBackups(this.dataDir)
  }

  /** Automatic rolling backup when the newest automatic one is older than `intervalMs`. */
  autoBackupIfDue(intervalMs: number, keep: number): BackupInfo | null {
    const lastAuto = this.listBackups().find((b) => b.reason === 'auto')
    const now = this.opts.now().getTime()
    if (lastAuto && now - Date.parse(lastAuto.at) < intervalMs) return null
    if (this.seq === 0) return null // nothing to keep yet
    const info = this.backup('auto')
    pruneAutoBackups(this.dataDir, keep)
    return info
  }

  /** Replaces the data with a backup's; the current data is backed up first so this can be undone. */
  restore(id: string): { restored: string; undoId: string } {
    const target = this.listBackups().find((b) => b.id === id)
    if (!target) throw new AppError('not_found', `找不到备份 ${id}。`, { where: { field: 'id' } })
    const undo = this.backup('pre-restore', `恢复 ${id} 之前的数据`)
    if (this.idleTimer) clearTimeout(this.idleTimer)
    if (this.logFd !== null) fs.closeSync(this.logFd)
    this.logFd = null
    swapInBackup(this.dataDir, id)
    this.load()
    this.emit('reset')
    return { restored: id, undoId: undo.id }
  }

  // ---------- closing ----------

  close(): void {
    if (this.closed) return
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.checkpoint()
    this.closed = true
    if (this.logFd !== null) fs.closeSync(this.logFd)
    this.logFd = null
    this.releaseLock()
  }

  private releaseLock(): void {
    if (this.lockFile) fs.rmSync(this.lockFile, { force: true })
    this.lockFile = null
  }
}
