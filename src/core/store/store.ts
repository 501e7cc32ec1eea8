// The data folder: its lock, the db/ folder (snapshots + log, see db.ts), backups and restore.
// A folder that cannot be opened (damaged, or from a newer program) is still held and answers
// listBackups and restore, so the office can recover from the app itself.

import path from 'node:path'
import { AppError } from '../errors'
import { type BackupInfo, type BackupReason, BACKUPS, copyDb, createBackup, listBackups, pruneRollingBackups, removePartialBackups, ROLLING } from './backups'
import type { CollectionDefs } from './collections'
import { Db, type Migration, type OpenTx, type Tx, type TxMeta } from './db'
import { type FileOps, fsyncDir, ioError, realFileOps } from './file-ops'
import { FolderLock } from './lock'
import type { Change, LogEntry, LogSummary } from './log'
import { decodeSnapshot } from './snapshot-file'

export { STORE_SCHEMA } from './db'
export type { Migration, OpenTx, Tx, TxMeta, TxReads } from './db'
export type { Change, LogEntry, LogSummary } from './log'
export type { BackupInfo, BackupReason } from './backups'

export interface StoreOptions<R> {
  collections: CollectionDefs<R>
  migrations?: Migration[]
  /** Checkpoint when the log has grown this much since the last one (bytes). */
  checkpointBytes?: number
  /** Checkpoint this long after the last write (ms); 0 disables the timer. */
  checkpointIdleMs?: number
  /** Seal the log segment at a checkpoint once it is this large (bytes). */
  segmentBytes?: number
  /** Snapshot files up to this size are checksummed in full at open; bigger ones when first read or in the background. */
  verifyAtOpenBytes?: number
  now?: () => Date
  /** the file layer; tests inject faults here */
  fileOps?: FileOps
}

type Listener = (entry: LogEntry | 'reset') => void

const DB = 'db'
/** After a failed checkpoint, wait this long before trying again on the next write. */
const CHECKPOINT_RETRY_MS = 10_000

export class Store<R> {
  readonly dataDir: string
  private readonly ops: FileOps
  private readonly o: Required<Omit<StoreOptions<R>, 'fileOps'>>
  private db: Db<R> | null = null
  private openError: AppError | null = null
  private readonly lock: FolderLock
  private listeners = new Set<Listener>()
  private idleTimer: NodeJS.Timeout | null = null
  private lastCheckpointFailure = 0
  private checkpointProblem: AppError | null = null
  private closed = false
  private open: OpenTx<R> | null = null

  private constructor(dataDir: string, opts: StoreOptions<R>) {
    this.dataDir = path.resolve(dataDir)
    this.ops = opts.fileOps ?? realFileOps
    this.o = {
      collections: opts.collections,
      migrations: opts.migrations ?? [],
      checkpointBytes: opts.checkpointBytes ?? 4 * 1024 * 1024,
      checkpointIdleMs: opts.checkpointIdleMs ?? 3000,
      segmentBytes: opts.segmentBytes ?? 4 * 1024 * 1024,
      verifyAtOpenBytes: opts.verifyAtOpenBytes ?? 4 * 1024 * 1024,
      now: opts.now ?? (() => new Date()),
    }
    this.lock = new FolderLock(this.ops, this.dataDir)
  }

  /**
   * Opens (creating if needed) a data folder and locks it. A locked folder throws `store_locked`;
   * a folder that cannot be read is opened in recovery mode (`error` says why).
   */
  static open<R>(dataDir: string, opts: StoreOptions<R>): Store<R> {
    const store = new Store<R>(dataDir, opts)
    try {
      store.ops.mkdirSync(store.dataDir)
      store.lock.acquire()
    } catch (e) {
      throw e instanceof AppError ? e : ioError(e, '.lock', 'none')
    }
    try {
      store.load()
    } catch (e) {
      // Held in recovery mode: the office sees why, and can restore a backup from the app.
      store.openError = e instanceof AppError ? e : ioError(e, DB, 'none')
      store.db = null
    }
    return store
  }

  /** Why the folder could not be opened (recovery mode), or null. */
  get error(): AppError | null {
    return this.openError
  }

  /** A checkpoint that failed (the data is safe in the log), shown to the user until one succeeds. */
  get warning(): AppError | null {
    return this.checkpointProblem
  }

  private dbOptions(dir: string, backupBeforeMigration?: (from: number) => void) {
    return {
      ops: this.ops,
      dataDir: this.dataDir,
      dir,
      collections: this.o.collections,
      migrations: this.o.migrations,
      segmentBytes: this.o.segmentBytes,
      verifyAtOpenBytes: this.o.verifyAtOpenBytes,
      now: this.o.now,
      backupBeforeMigration,
    }
  }

  private load(): void {
    try {
      this.recoverInterruptedRestore()
    } catch (e) {
      throw ioError(e, DB, 'none')
    }
    const db = new Db<R>(
      this.dbOptions(path.join(this.dataDir, DB), (from) => {
        createBackup(this.ops, this.dataDir, 'pre-migration', `数据版本 ${from} → 升级前`, this.o.now())
      }),
      (e) => this.emit(e),
    )
    try {
      db.load()
    } catch (e) {
      db.close()
      throw e instanceof AppError ? e : ioError(e, `${DB}`, 'none')
    }
    this.db = db
    this.openError = null
    this.verifyInBackground(db)
  }

  /**
   * Checksums, one file per turn of the event loop, the big snapshot files opening only looked at
   * the ends of, so damage inside one is found within seconds even if nobody reads that county.
   * Damage puts the folder in recovery mode, as at open.
   */
  private verifyInBackground(db: Db<R>): void {
    const step = () => {
      if (this.closed || this.db !== db || this.openError) return
      try {
        if (db.verifyNextPending()) setTimeout(step, 0).unref()
      } catch (e) {
        if (this.db === db) this.openError = e instanceof AppError ? e : ioError(e, DB, 'none')
      }
    }
    setTimeout(step, 0).unref()
  }

  /** Finishes or undoes a restore that a crash interrupted (see `restore`). */
  private recoverInterruptedRestore(): void {
    const db = path.join(this.dataDir, DB)
    const old = path.join(this.dataDir, `${DB}.old`)
    const incoming = path.join(this.dataDir, `${DB}.restoring`)
    if (!this.ops.stat(db) && this.ops.stat(old)) this.ops.renameSync(old, db)
    this.ops.rmSync(incoming)
    this.ops.rmSync(old)
    removePartialBackups(this.ops, this.dataDir)
  }

  private live(): Db<R> {
    if (this.closed) throw new AppError('internal', '数据文件夹已关闭。')
    if (this.openError || !this.db) throw this.openError ?? new AppError('internal', '数据文件夹没有打开。')
    return this.db
  }

  // ---------- reading ----------

  get<C extends keyof R & string>(collection: C, key: string): R[C] | undefined {
    return this.live().get(collection, key)
  }

  partitionEntries<C extends keyof R & string>(collection: C, part = ''): ReadonlyMap<string, R[C]> {
    return this.live().partitionEntries(collection, part)
  }

  values<C extends keyof R & string>(collection: C): Iterable<R[C]> {
    return this.live().values(collection)
  }

  count<C extends keyof R & string>(collection: C): number {
    return this.live().count(collection)
  }

  partitionNames<C extends keyof R & string>(collection: C): string[] {
    return this.live().partitionNames(collection)
  }

  get lastSeq(): number {
    return this.live().lastSeq
  }

  // ---------- writing ----------

  /**
   * Opens the transaction of one call. Its `commit` appends one fsync'd log line and applies it, or
   * throws (`io_error`) having changed nothing; then a checkpoint may follow, whose failure never
   * fails the call (the data is in the log).
   */
  begin(meta: TxMeta): OpenTx<R> {
    const db = this.live()
    const open = db.begin(meta)
    this.open = open
    return {
      tx: open.tx,
      reads: open.reads,
      commit: () => {
        this.open = null
        let entry: LogEntry | null
        try {
          entry = open.commit()
        } catch (e) {
          if ((e as { broken?: boolean }).broken) {
            // The log could not be cut back after a failed write: refuse writes until reopened.
            this.openError = e as AppError
          }
          throw e
        }
        if (entry) this.afterWrite()
        return entry
      },
    }
  }

  /** Drops the open transaction without writing (its function threw). */
  rollback(): void {
    this.db?.abandon(this.open)
    this.open = null
  }

  /** Runs `fn` in one transaction; if `fn` throws, nothing is written. */
  transact<T>(meta: TxMeta, fn: (tx: Tx<R>) => T): T {
    const open = this.begin(meta)
    let result: T
    try {
      result = fn(open.tx)
    } catch (e) {
      this.rollback()
      throw e
    }
    open.commit()
    return result
  }

  /** Appends an audit-only entry with no data change (a reveal of personal data, a roster printed). */
  note(meta: TxMeta, collection: string, key: string, detail: unknown): void {
    this.live().note(meta, collection, key, detail)
    this.afterWrite()
  }

  private afterWrite(): void {
    const db = this.db
    if (!db) return
    if (db.sinceCheckpoint >= this.o.checkpointBytes && Date.now() - this.lastCheckpointFailure > CHECKPOINT_RETRY_MS) {
      this.checkpoint()
      return
    }
    if (this.o.checkpointIdleMs > 0) {
      if (this.idleTimer) clearTimeout(this.idleTimer)
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null
        this.checkpoint()
      }, this.o.checkpointIdleMs)
      this.idleTimer.unref()
    }
  }

  /**
   * Folds the log into the snapshot files. Never throws: a failure (a full disk) is kept as
   * `warning` and retried later; the data stays safe in the log. Returns whether it succeeded.
   */
  checkpoint(): boolean {
    if (this.closed || !this.db || this.openError) return false
    try {
      this.db.checkpoint()
      this.checkpointProblem = null
      return true
    } catch (e) {
      this.lastCheckpointFailure = Date.now()
      this.checkpointProblem = e instanceof AppError ? e : ioError(e, DB, 'none')
      if (this.o.checkpointIdleMs > 0 && !this.idleTimer) {
        this.idleTimer = setTimeout(() => {
          this.idleTimer = null
          this.checkpoint()
        }, CHECKPOINT_RETRY_MS)
        this.idleTimer.unref()
      }
      return false
    }
  }

  // ---------- audit trail ----------

  /**
   * Every change to the given records (and their audit notes), newest first. A big entry (a day's
   * import) is read only around the record's own change, so `entry.changes` holds just that one,
   * unless `whole` asks for every change of each entry (undoing an import needs them all).
   */
  history(records: Array<{ c: string; k: string }>, limit: number, whole = false): Array<{ entry: LogEntry; change: Change }> {
    return this.live().history(records, limit, whole)
  }

  recent(limit: number): LogSummary[] {
    return this.live().recent(limit)
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

  /** A complete, verified copy of the data as of now. */
  backup(reason: BackupReason, note?: string): BackupInfo {
    const db = this.live()
    try {
      db.checkpoint()
      this.checkpointProblem = null
    } catch (e) {
      throw e instanceof AppError ? new AppError(e.code, `备份没有完成：${e.message}`, { where: e.where }) : e
    }
    try {
      return createBackup(this.ops, this.dataDir, reason, note, this.o.now())
    } catch (e) {
      if (e instanceof AppError) throw e
      throw ioError(e, BACKUPS, 'none')
    }
  }

  listBackups(): BackupInfo[] {
    return listBackups(this.ops, this.dataDir)
  }

  /** An automatic backup when the newest one of the rotation (automatic, on quit) is older than `intervalMs`. */
  autoBackupIfDue(intervalMs: number, keep: number): BackupInfo | null {
    const last = this.listBackups().find((b) => ROLLING.has(b.reason))
    const now = this.o.now().getTime()
    if (last && now - Date.parse(last.at) < intervalMs) return null
    if (this.live().lastSeq === 0) return null // nothing to keep yet
    return this.rollingBackup('auto', keep)
  }

  /** A backup in the rotation (automatic, on quit), keeping its newest `keep`. */
  rollingBackup(reason: 'auto' | 'quit', keep: number): BackupInfo {
    const info = this.backup(reason)
    pruneRollingBackups(this.ops, this.dataDir, keep)
    return info
  }

  /**
   * Replaces the data with a backup's; the current data is backed up first, so this can be undone.
   * Serial numbers never go back: every monotonic value (receipt, household, batch numbers …)
   * continues from the higher of now and the backup. The raise is written into the incoming copy
   * before it is swapped in, so no crash can leave the restored data without it:
   *   db.restoring ← verified copy of the backup + one log entry raising the counters;
   *   db → db.old; db.restoring → db; drop db.old.   (`recoverInterruptedRestore` finishes a crash.)
   */
  restore(id: string, meta: TxMeta): { restored: string; undoId: string } {
    if (this.closed) throw new AppError('internal', '数据文件夹已关闭。')
    const target = this.listBackups().find((b) => b.id === id)
    if (!target) throw new AppError('not_found', `找不到备份 ${id}。`, { where: { field: 'id' } })
    if (target.damaged) throw new AppError('conflict', `备份 ${id} 是恢复前对已损坏数据的原样保存，不能用来恢复。`, { where: { field: 'id' } })
    const damagedNow = this.openError !== null
    const floor = damagedNow ? salvageMonotonic(this.ops, this.dataDir, this.o.collections) : this.db!.monotonicValues()
    if (this.open) throw new Error('restore during an open transaction')
    const undo = damagedNow
      ? createBackup(this.ops, this.dataDir, 'pre-restore', '恢复前的数据', this.o.now(), { keepDamaged: true })
      : this.backup('pre-restore', `恢复 ${id} 之前的数据`)
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    const incoming = path.join(this.dataDir, `${DB}.restoring`)
    try {
      this.ops.rmSync(incoming)
      copyDb(this.ops, this.dataDir, path.join(this.dataDir, BACKUPS, id, DB), incoming)
      const next = new Db<R>(this.dbOptions(incoming), () => {})
      try {
        next.load()
        const open = next.begin(meta)
        for (const [c, values] of floor) {
          for (const [k, n] of values) {
            const had = open.tx.get(c as keyof R & string, k) as unknown
            if (typeof had !== 'number' || n > had) open.tx.put(c as keyof R & string, k, n as R[keyof R & string])
          }
        }
        open.commit()
        next.note(meta, 'backups', id, { restored: id, undoId: undo.id })
        next.checkpoint()
      } finally {
        next.close()
      }
    } catch (e) {
      this.ops.rmSync(incoming)
      throw e instanceof AppError ? e : ioError(e, `${DB}.restoring`, 'none')
    }
    // The swap. Until the second rename the old data stays in place; a failure puts it back.
    this.db?.close()
    this.db = null
    const db = path.join(this.dataDir, DB)
    const old = path.join(this.dataDir, `${DB}.old`)
    const notRestored = (e: unknown): AppError => {
      this.ops.rmSync(incoming)
      this.reload()
      return ioError(e, DB, 'none')
    }
    try {
      this.ops.renameSync(db, old)
    } catch (e) {
      throw notRestored(e)
    }
    try {
      this.ops.renameSync(incoming, db)
    } catch (e) {
      try {
        this.ops.renameSync(old, db)
      } catch {
        /* left for recoverInterruptedRestore at the next open: db is missing, db.old is whole */
      }
      throw notRestored(e)
    }
    try {
      fsyncDir(this.ops, this.dataDir)
    } catch {
      /* both renames are done; a crash now finds either folder whole (see recoverInterruptedRestore) */
    }
    this.ops.rmSync(old)
    this.reload()
    if (this.openError) throw this.openError
    this.emit('reset')
    return { restored: id, undoId: undo.id }
  }

  /**
   * Opens db/ again after a restore (or a restore that was put back). A read that fails is tried
   * once more (a disk or share that hiccuped); a second failure leaves the folder in recovery mode.
   */
  private reload(): void {
    for (let attempt = 0; ; attempt++) {
      try {
        this.load()
        return
      } catch (e) {
        this.db = null
        this.openError = e instanceof AppError ? e : ioError(e, DB, 'none')
        if (attempt > 0 || this.openError.code !== 'io_error') return
      }
    }
  }

  // ---------- closing ----------

  close(): void {
    if (this.closed) return
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    this.checkpoint()
    this.closed = true
    this.db?.close()
    this.db = null
    this.lock.release()
  }
}

/**
 * The highest value each monotonic record ever had, read from a folder that cannot be opened:
 * the snapshot file if it is sound, and every log line that still reads (a damaged one is skipped).
 */
function salvageMonotonic<R>(ops: FileOps, dataDir: string, collections: CollectionDefs<R>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>()
  const names = Object.entries(collections as Record<string, { monotonic?: boolean; partitionOf?: unknown }>)
    .filter(([, d]) => d.monotonic && !d.partitionOf)
    .map(([n]) => n)
  const raise = (c: string, k: string, v: unknown) => {
    if (typeof v !== 'number') return
    let m = out.get(c)
    if (!m) out.set(c, (m = new Map()))
    if (v > (m.get(k) ?? -Infinity)) m.set(k, v)
  }
  for (const c of names) {
    try {
      const snap = decodeSnapshot(ops.readFileSync(path.join(dataDir, DB, `${c}.json`)), true)
      for (const [k, v] of Object.entries(snap.records)) raise(c, k, v)
    } catch {
      /* damaged or missing: the log still has every value it ever took */
    }
  }
  const logDir = path.join(dataDir, DB, 'log')
  const segs = ops.stat(logDir) ? ops.readdirSync(logDir).filter((f) => /^\d{12}\.jsonl$/.test(f)) : []
  const needles = names.map((c) => `"c":${JSON.stringify(c)}`)
  for (const seg of segs) {
    let text: string
    try {
      text = ops.readFileSync(path.join(logDir, seg)).toString('utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n')) {
      if (!needles.some((n) => line.includes(n))) continue
      try {
        const e = JSON.parse(line) as LogEntry
        for (const ch of e.changes) if (names.includes(ch.c)) raise(ch.c, ch.k, ch.a)
      } catch {
        /* a damaged line */
      }
    }
  }
  return out
}
