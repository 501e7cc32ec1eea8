// One db/ folder: checksummed lowdb snapshot files per partition, a manifest (store.json), and the
// log. Opening verifies every snapshot, then replays the log after the last checkpoint, once and
// linearly. A write is one transaction: one fsync'd log line, then applied in memory.

import path from 'node:path'
import { LowSync } from 'lowdb'
import { AppError } from '../errors'
import type { CollectionDefs } from './collections'
import { closeQuietly, type FileOps, ioError, relPath, writeFileAtomic } from './file-ops'
import { type Change, Log, type LogEntry, type LogSummary } from './log'
import { decodeChecked, encodeChecked, SnapshotAdapter, type SnapshotData, verifySnapshotFile } from './snapshot-file'

/** Version of the files' format and of the records in them. 2: checksummed snapshots and log lines. */
export const STORE_SCHEMA = 2

export interface Migration {
  /** Migrates records written with schema `from` to `from + 1`. */
  from: number
  migrateRecord(collection: string, key: string, value: unknown): unknown
}

/** Schema 1 → 2 changed the files (checksums), not the records. */
const BUILT_IN_MIGRATIONS: Migration[] = [{ from: 1, migrateRecord: (_c, _k, v) => v }]

export interface TxMeta {
  who: string
  /** where the call came from (an address), when known */
  from?: string
  method: string
}

/** Reads and writes of one transaction; reads see its own earlier writes. */
export interface Tx<R> {
  get<C extends keyof R & string>(collection: C, key: string): R[C] | undefined
  put<C extends keyof R & string>(collection: C, key: string, value: R[C]): void
  del<C extends keyof R & string>(collection: C, key: string): void
}

/** Reads as they will be once the transaction commits (its own writes included). */
export interface TxReads<R> {
  get<C extends keyof R & string>(collection: C, key: string): R[C] | undefined
  partitionEntries<C extends keyof R & string>(collection: C, part?: string): ReadonlyMap<string, R[C]>
  values<C extends keyof R & string>(collection: C): Iterable<R[C]>
  count<C extends keyof R & string>(collection: C): number
  partitionNames<C extends keyof R & string>(collection: C): string[]
}

export interface OpenTx<R> {
  tx: Tx<R>
  reads: TxReads<R>
  /** Writes the transaction's changes (one log line) and applies them; null when nothing changed. */
  commit(): LogEntry | null
}

export interface DbOptions<R> {
  /** Files up to this size are checksummed in full at open; bigger ones when first read or in the background. */
  verifyAtOpenBytes: number
  ops: FileOps
  dataDir: string
  /** the db folder (normally `<dataDir>/db`) */
  dir: string
  collections: CollectionDefs<R>
  migrations: Migration[]
  segmentBytes: number
  now: () => Date
  /** before a migration rewrites the files */
  backupBeforeMigration?: (fromSchema: number) => void
}

interface Manifest {
  schema: number
  checkpointSeq: number
  createdAt: string
  /** records per snapshot file at the checkpoint (rel → n): counting needs no parsing, and a listed file that is missing is damage */
  counts?: Record<string, number>
}

interface Partition {
  low: LowSync<SnapshotData>
  /** file name in the db folder (the manifest's key) */
  key: string
  /** the same, relative to the data folder (in messages) */
  rel: string
  records: Map<string, unknown>
  seq: number
  dirty: boolean
}

const MANIFEST = 'store.json'

export function corrupt(rel: string, why: string): AppError {
  return new AppError(
    'store_corrupt',
    `数据文件 ${rel} 已损坏，无法读取（${why}）。数据没有被改动；请从最近的备份恢复。`,
    { where: { file: rel } },
  )
}

export function tooNew(rel: string, schema: number): AppError {
  return new AppError(
    'store_too_new',
    `数据文件 ${rel} 由更新版本的程序写入（数据版本 ${schema}，本程序支持到 ${STORE_SCHEMA}）。为免损坏数据，已拒绝打开；请升级本程序。`,
    { where: { file: rel } },
  )
}

export type ChangeListener = (entry: LogEntry | 'reset') => void

export class Db<R> {
  private readonly ops: FileOps
  private readonly partitions = new Map<string, Partition>()
  private manifest!: Manifest
  private seq = 0
  readonly log: Log
  private openTx = false
  /** files whose checksum was computed (at open, or when written); not computed again when parsed */
  private verified = new Set<string>()
  /** big files checked only for their trailer and length at open; the rest of their check is pending */
  private pending = new Set<string>()
  private bytesSinceCheckpoint = 0

  constructor(
    private readonly o: DbOptions<R>,
    private readonly emit: ChangeListener,
  ) {
    this.ops = o.ops
    this.log = new Log({ ops: o.ops, dataDir: o.dataDir, dir: path.join(o.dir, 'log'), segmentBytes: o.segmentBytes })
  }

  private rel(file: string): string {
    return relPath(this.o.dataDir, file)
  }

  // ---------- opening ----------

  /** Reads the manifest, verifies every snapshot file, replays the log's tail, migrates. */
  load(): void {
    const manifestFile = path.join(this.o.dir, MANIFEST)
    const manifestRel = this.rel(manifestFile)
    let manifest: Manifest | null = null
    let raw: Buffer | null = null
    try {
      raw = this.ops.readFileSync(manifestFile)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(e, manifestRel, 'none')
    }
    if (raw) {
      // A newer program may write its files differently: its version is read before any check.
      const version = /"schema"\s*:\s*(\d+)/.exec(raw.subarray(0, 64).toString('latin1'))
      if (version && Number(version[1]) > STORE_SCHEMA) throw tooNew(manifestRel, Number(version[1]))
      try {
        manifest = decodeChecked(raw, true) as unknown as Manifest
      } catch (e) {
        throw corrupt(manifestRel, (e as Error).message)
      }
      if (typeof manifest.schema !== 'number' || typeof manifest.checkpointSeq !== 'number') throw corrupt(manifestRel, '文件结构不对')
      if (manifest.schema > STORE_SCHEMA) throw tooNew(manifestRel, manifest.schema)
      if (manifest.counts) {
        // Schema 1 keyed the counts by path from the data folder (db/…).
        manifest.counts = Object.fromEntries(Object.entries(manifest.counts).map(([k, n]) => [k.replace(/^db\//, ''), n]))
      }
    }
    if (!manifest) {
      if (this.ops.stat(path.join(this.o.dir, 'log')) && this.log.segments().length > 0) {
        throw corrupt(manifestRel, '文件不存在，而日志还在')
      }
      manifest = { schema: STORE_SCHEMA, checkpointSeq: 0, createdAt: this.o.now().toISOString(), counts: {} }
      this.manifest = manifest
      this.writeManifest()
    }
    this.manifest = manifest
    this.verifySnapshots()
    this.seq = this.log.open(manifest.checkpointSeq, (e) => this.apply(e))
    if (manifest.schema < STORE_SCHEMA) this.migrate()
  }

  /** Snapshot files on disk, by their key in the db folder. */
  private snapshotFiles(): string[] {
    const out: string[] = []
    for (const name of Object.keys(this.o.collections)) {
      const c = name as keyof R & string
      for (const part of this.partitionNamesOnDisk(c)) out.push(this.fileKey(c, part))
    }
    return out
  }

  /**
   * Every snapshot file is checked at open: small ones in full, big ones (a county's households, a
   * month of figures) for their trailer and length — a cut, a file of zeros, a missing file show
   * at once — and in full when first read or by `verifyNextPending`, whichever comes first.
   */
  private verifySnapshots(): void {
    const legacyOk = this.manifest.schema < STORE_SCHEMA
    const listed = new Set(Object.keys(this.manifest.counts ?? {}))
    for (const key of this.snapshotFiles()) {
      listed.delete(key)
      const file = path.join(this.o.dir, key)
      const rel = this.rel(file)
      let why: string | null
      let full = true
      try {
        full = (this.ops.stat(file)?.size ?? 0) <= this.o.verifyAtOpenBytes
        why = verifySnapshotFile(this.ops, file, !full)
      } catch (e) {
        throw ioError(e, rel, 'none')
      }
      if (why === 'legacy' && !legacyOk) why = '缺少校验信息，文件不完整或不是本程序写的'
      if (why && why !== 'legacy') {
        const schema = this.schemaOf(file)
        throw schema > STORE_SCHEMA ? tooNew(rel, schema) : corrupt(rel, why)
      }
      if (why === null) (full ? this.verified : this.pending).add(key)
    }
    for (const key of listed) if (this.manifest.counts![key]! > 0) throw corrupt(this.rel(path.join(this.o.dir, key)), '文件不存在')
  }

  /** The schema a file says it was written with (from its first bytes), or 0. */
  private schemaOf(file: string): number {
    try {
      const fd = this.ops.openSync(file, 'r')
      const head = Buffer.alloc(64)
      try {
        this.ops.readSync(fd, head, 0, 64, 0)
      } finally {
        closeQuietly(this.ops, fd)
      }
      return Number(/"schema"\s*:\s*(\d+)/.exec(head.toString('latin1'))?.[1] ?? 0)
    } catch {
      return 0
    }
  }

  /** Checksums one big file not read yet; false when none is left. Throws `store_corrupt` on damage. */
  verifyNextPending(): boolean {
    const key = this.pending.values().next().value as string | undefined
    if (key === undefined) return false
    this.pending.delete(key)
    const file = path.join(this.o.dir, key)
    let why: string | null
    try {
      why = verifySnapshotFile(this.ops, file)
    } catch (e) {
      throw ioError(e, this.rel(file), 'none')
    }
    if (why) throw corrupt(this.rel(file), why)
    this.verified.add(key)
    return true
  }

  private migrate(): void {
    const from = this.manifest.schema
    const steps: Migration[] = []
    for (let v = from; v < STORE_SCHEMA; v++) {
      const m = this.o.migrations.find((x) => x.from === v) ?? BUILT_IN_MIGRATIONS.find((x) => x.from === v)
      if (!m) throw new AppError('store_corrupt', `数据版本 ${v} 没有可用的升级步骤，无法打开。`, { where: { file: this.rel(path.join(this.o.dir, MANIFEST)) } })
      steps.push(m)
    }
    this.o.backupBeforeMigration?.(from)
    for (const name of Object.keys(this.o.collections)) {
      const c = name as keyof R & string
      for (const part of this.partitionNames(c)) this.partition(c, part)
    }
    for (const m of steps) {
      for (const [id, p] of this.partitions) {
        const coll = id.split('\u0000')[0]!
        for (const [k, val] of p.records) p.records.set(k, m.migrateRecord(coll, k, val))
      }
    }
    for (const p of this.partitions.values()) p.dirty = true
    this.manifest.schema = STORE_SCHEMA
    this.checkpoint()
  }

  // ---------- partitions ----------

  private def(collection: string) {
    const d = (this.o.collections as Record<string, { partitionOf?: (k: string) => string; monotonic?: boolean }>)[collection]
    if (!d) throw new Error(`unknown collection ${collection}`)
    return d
  }

  private partOf(collection: string, key: string): string {
    const d = this.def(collection)
    return d.partitionOf ? d.partitionOf(key) : ''
  }

  /** A snapshot file's name inside the db folder: the manifest's key for it. */
  private fileKey(collection: string, part: string): string {
    return part === '' ? `${collection}.json` : `${collection}/${part}.json`
  }

  /** A snapshot file as the user reads it (relative to the data folder). */
  private relFile(collection: string, part: string): string {
    return `${this.rel(this.o.dir)}/${this.fileKey(collection, part)}`
  }

  private partition(collection: string, part: string): Partition {
    const id = `${collection}\u0000${part}`
    let p = this.partitions.get(id)
    if (p) return p
    const key = this.fileKey(collection, part)
    const rel = this.relFile(collection, part)
    const adapter = new SnapshotAdapter(this.ops, path.join(this.o.dir, key), this.manifest.schema < STORE_SCHEMA, this.verified.has(key))
    this.pending.delete(key) // parsing it computes its checksum
    const low = new LowSync<SnapshotData>(adapter, { schema: STORE_SCHEMA, seq: 0, records: {} })
    try {
      low.read()
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code) throw ioError(e, rel, 'none')
      throw corrupt(rel, (e as Error).message)
    }
    const snap = low.data
    if (snap.schema > STORE_SCHEMA) throw tooNew(rel, snap.schema)
    p = { low, key, rel, records: new Map(Object.entries(snap.records)), seq: snap.seq, dirty: false }
    low.data = { schema: snap.schema, seq: p.seq, records: {} } // the Map is the live copy
    this.partitions.set(id, p)
    return p
  }

  private partitionNamesOnDisk(collection: string): string[] {
    const d = this.def(collection)
    if (!d.partitionOf) return this.ops.stat(path.join(this.o.dir, `${collection}.json`)) ? [''] : []
    const dir = path.join(this.o.dir, collection)
    if (!this.ops.stat(dir)) return []
    return this.ops
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => f.slice(0, -5))
  }

  /** Partition names of a collection: on disk plus any created since the last checkpoint. */
  partitionNames<C extends keyof R & string>(collection: C): string[] {
    const d = this.def(collection)
    if (!d.partitionOf) return ['']
    const names = new Set(this.partitionNamesOnDisk(collection))
    for (const id of this.partitions.keys()) {
      const [c, part] = id.split('\u0000') as [string, string]
      if (c === collection) names.add(part)
    }
    return [...names].sort()
  }

  // ---------- reading ----------

  get<C extends keyof R & string>(collection: C, key: string): R[C] | undefined {
    return this.partition(collection, this.partOf(collection, key)).records.get(key) as R[C] | undefined
  }

  partitionEntries<C extends keyof R & string>(collection: C, part = ''): ReadonlyMap<string, R[C]> {
    return this.partition(collection, part).records as ReadonlyMap<string, R[C]>
  }

  *values<C extends keyof R & string>(collection: C): Iterable<R[C]> {
    for (const part of this.partitionNames(collection)) yield* this.partition(collection, part).records.values() as Iterable<R[C]>
  }

  /** Records in a collection; a partition not loaded yet is counted from the manifest. */
  count<C extends keyof R & string>(collection: C): number {
    let n = 0
    for (const part of this.partitionNames(collection)) {
      const loaded = this.partitions.get(`${collection}\u0000${part}`)
      const known = loaded ? undefined : this.manifest.counts?.[this.fileKey(collection, part)]
      n += known ?? this.partition(collection, part).records.size
    }
    return n
  }

  get lastSeq(): number {
    return this.seq
  }

  isMonotonic(collection: string): boolean {
    return Boolean(this.def(collection).monotonic)
  }

  // ---------- writing ----------

  /** Starts the one transaction that may be open at a time. */
  begin(meta: TxMeta): OpenTx<R> {
    if (this.openTx) throw new Error('a transaction is already open')
    this.openTx = true
    const pending = new Map<string, Change>()
    /** `${collection}\u0000${partition}` → keys written there */
    const byPart = new Map<string, Set<string>>()
    let done = false
    const before = (c: string, k: string) => {
      const prev = pending.get(`${c}\u0000${k}`)
      return prev ? prev.b : (this.get(c as keyof R & string, k) ?? null)
    }
    const record = (c: string, k: string, a: unknown) => {
      if (done) throw new Error('transaction already finished')
      this.def(c)
      pending.set(`${c}\u0000${k}`, { c, k, b: before(c, k), a })
      const part = `${c}\u0000${this.partOf(c, k)}`
      let keys = byPart.get(part)
      if (!keys) byPart.set(part, (keys = new Set()))
      keys.add(k)
    }
    const tx: Tx<R> = {
      get: (c, k) => {
        const ch = pending.get(`${c}\u0000${k}`)
        return (ch ? (ch.a ?? undefined) : this.get(c, k)) as R[typeof c] | undefined
      },
      put: (c, k, value) => record(c, k, value),
      del: (c, k) => record(c, k, null),
    }
    const partitionEntries = <C extends keyof R & string>(c: C, part = ''): ReadonlyMap<string, R[C]> => {
      const base = this.partitionNames(c).includes(part) ? this.partitionEntries(c, part) : new Map<string, R[C]>()
      const keys = byPart.get(`${c}\u0000${part}`)
      if (!keys) return base
      const merged = new Map(base)
      for (const k of keys) {
        const a = pending.get(`${c}\u0000${k}`)!.a
        if (a === null || a === undefined) merged.delete(k)
        else merged.set(k, a as R[C])
      }
      return merged
    }
    const partitionNames = <C extends keyof R & string>(c: C): string[] => {
      const names = new Set(this.partitionNames(c))
      for (const id of byPart.keys()) {
        const [pc, part] = id.split('\u0000') as [string, string]
        if (pc === c) names.add(part)
      }
      return [...names].sort()
    }
    const reads: TxReads<R> = {
      get: tx.get,
      partitionEntries,
      partitionNames,
      values: function* <C extends keyof R & string>(c: C) {
        for (const part of partitionNames(c)) yield* partitionEntries(c, part).values()
      },
      count: (c) => {
        let n = this.count(c)
        for (const ch of pending.values()) {
          if (ch.c !== c) continue
          const had = ch.b !== null && ch.b !== undefined
          const has = ch.a !== null && ch.a !== undefined
          n += Number(has) - Number(had)
        }
        return n
      },
    }
    return {
      tx,
      reads,
      commit: () => {
        if (done) throw new Error('transaction already finished')
        done = true
        this.openTx = false
        return this.commitChanges(meta, [...pending.values()])
      },
    }
  }

  /** Drops an open transaction that will not be committed (its function threw). */
  abandon(open: OpenTx<R> | null): void {
    if (open) this.openTx = false
  }

  private commitChanges(meta: TxMeta, all: Change[]): LogEntry | null {
    const changes = all.filter((ch) => JSON.stringify(ch.a) !== JSON.stringify(ch.b))
    if (changes.length === 0) return null
    for (const ch of changes) {
      if (!this.isMonotonic(ch.c)) continue
      const b = typeof ch.b === 'number' ? ch.b : 0
      if (typeof ch.a !== 'number' || !Number.isInteger(ch.a) || ch.a < b) {
        throw new Error(`counter ${ch.c}/${ch.k} may only go up (${String(ch.b)} → ${String(ch.a)})`)
      }
    }
    const entry: LogEntry = { v: 2, seq: this.seq + 1, at: this.o.now().toISOString(), who: meta.who, method: meta.method, changes }
    if (meta.from) entry.from = meta.from
    this.bytesSinceCheckpoint += this.log.append(entry) // throws io_error; nothing was applied
    this.seq = entry.seq
    this.apply(entry)
    this.emit(entry)
    return entry
  }

  /** Appends an audit-only entry (e.g. "full ID numbers shown") that changes no data. */
  note(meta: TxMeta, collection: string, key: string, detail: unknown): void {
    const entry: LogEntry = {
      v: 2,
      seq: this.seq + 1,
      at: this.o.now().toISOString(),
      who: meta.who,
      method: meta.method,
      changes: [{ c: `note:${collection}`, k: key, b: null, a: detail }],
    }
    if (meta.from) entry.from = meta.from
    this.bytesSinceCheckpoint += this.log.append(entry)
    this.seq = entry.seq
    this.emit(entry)
  }

  private apply(entry: LogEntry): void {
    for (const ch of entry.changes) {
      if (ch.c.startsWith('note:')) continue // audit-only
      const p = this.partition(ch.c, this.partOf(ch.c, ch.k))
      if (entry.seq <= p.seq) continue // already in this snapshot
      if (ch.a === null || ch.a === undefined) p.records.delete(ch.k)
      else p.records.set(ch.k, ch.a)
      p.dirty = true
    }
  }

  /** Log bytes written since the last checkpoint. */
  get sinceCheckpoint(): number {
    return this.bytesSinceCheckpoint
  }

  /**
   * Folds the log into the snapshot files: each dirty partition replaced atomically, then the
   * manifest. Interrupted or failed at any point, the folder still opens to the same data (the log
   * holds everything after the manifest's checkpoint). Throws `io_error` on failure.
   */
  checkpoint(): void {
    for (const p of this.partitions.values()) {
      if (!p.dirty) continue
      p.low.data = { schema: STORE_SCHEMA, seq: this.seq, records: Object.fromEntries(p.records) }
      try {
        p.low.write()
      } catch (e) {
        throw ioError(e, p.rel, 'none')
      } finally {
        p.low.data = { schema: STORE_SCHEMA, seq: p.seq, records: {} }
      }
      p.seq = this.seq
      p.dirty = false
      this.verified.add(p.key)
    }
    const counts = { ...this.manifest.counts }
    for (const p of this.partitions.values()) counts[p.key] = p.records.size
    const next: Manifest = { ...this.manifest, checkpointSeq: this.seq, counts }
    const prev = this.manifest
    this.manifest = next
    try {
      this.writeManifest()
    } catch (e) {
      this.manifest = prev
      throw ioError(e, this.rel(path.join(this.o.dir, MANIFEST)), 'none')
    }
    this.bytesSinceCheckpoint = 0
    if (this.log.full) {
      try {
        this.log.seal(this.seq + 1)
      } catch {
        /* a new segment could not be made (disk full): keep appending to this one */
      }
    }
  }

  private writeManifest(): void {
    writeFileAtomic(this.ops, path.join(this.o.dir, MANIFEST), encodeChecked(this.manifest))
  }

  // ---------- audit trail ----------

  history(records: Array<{ c: string; k: string }>, limit: number, whole = false): Array<{ entry: LogEntry; change: Change }> {
    return this.log.history(records, limit, whole)
  }

  recent(limit: number): LogSummary[] {
    return this.log.recent(limit)
  }

  /** Current values of every monotonic collection (for carrying counters over a restore). */
  monotonicValues(): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>()
    for (const name of Object.keys(this.o.collections)) {
      if (!this.isMonotonic(name)) continue
      const m = new Map<string, number>()
      for (const part of this.partitionNames(name as keyof R & string)) {
        for (const [k, v] of this.partition(name, part).records) if (typeof v === 'number') m.set(k, v)
      }
      out.set(name, m)
    }
    return out
  }

  close(): void {
    this.log.close()
  }
}
