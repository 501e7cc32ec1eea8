// Copies of the data folder's db/ under backups/<id>/, made so that a backup never silently holds a
// damaged file: every checked file is verified as it is copied. Sealed log segments never change,
// so they are hard-linked where the disk allows (a season's audit trail is not copied every time).

import path from 'node:path'
import { AppError } from '../errors'
import { copyFileDurable, type FileOps, fsyncDir, relPath, writeFileAtomic } from './file-ops'
import { checkSnapshotBytes } from './snapshot-file'

export type BackupReason = 'auto' | 'manual' | 'pre-restore' | 'pre-migration' | 'quit'

export interface BackupInfo {
  id: string
  at: string
  reason: BackupReason
  note?: string
  bytes: number
  /** files copied as they were although damaged (only the copy taken before restoring a damaged folder) */
  damaged?: string[]
}

export const BACKUPS = 'backups'
const META = 'backup.json'

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${p(d.getMilliseconds(), 3)}`
}

const isSegment = (name: string) => /^\d{12}\.jsonl$/.test(name)

/** Whether a file of db/ carries a checksum to verify (snapshots and store.json). */
function isChecked(relInDb: string): boolean {
  return relInDb.endsWith('.json') && !relInDb.startsWith('log/')
}

export interface CopyReport {
  bytes: number
  /** damaged files, `rel: why` */
  damaged: string[]
}

/**
 * Copies a db folder. Checked files are verified from the bytes being copied; a damaged one stops
 * the copy with `store_corrupt`, unless `keepDamaged` (then it is copied and listed). Sealed log
 * segments (all but the newest) are hard-linked when possible.
 */
export function copyDb(ops: FileOps, dataDir: string, from: string, to: string, opts: { keepDamaged?: boolean } = {}): CopyReport {
  const report: CopyReport = { bytes: 0, damaged: [] }
  // Files without a checksum are sound only in a folder written before checksums (schema 1).
  let legacyOk = false
  try {
    const manifest = JSON.parse(ops.readFileSync(path.join(from, 'store.json')).toString('utf8')) as { schema?: number }
    legacyOk = typeof manifest.schema === 'number' && manifest.schema < 2
  } catch {
    legacyOk = false
  }
  const segments = (dir: string) => ops.readdirSync(dir).filter(isSegment).sort()
  const walk = (src: string, dst: string, relInDb: string) => {
    ops.mkdirSync(dst)
    const names = ops.readdirSync(src)
    const segs = relInDb === 'log' ? segments(src) : []
    const newest = segs[segs.length - 1]
    for (const name of names) {
      if (name.endsWith('.tmp')) continue
      const s = path.join(src, name)
      const d = path.join(dst, name)
      const r = relInDb ? `${relInDb}/${name}` : name
      const st = ops.stat(s)
      if (!st) continue
      if (st.isDirectory) {
        walk(s, d, r)
        continue
      }
      report.bytes += st.size
      if (isSegment(name) && name !== newest) {
        try {
          ops.linkSync(s, d)
          continue
        } catch {
          /* no hard links on this disk: copy */
        }
      }
      const data = ops.readFileSync(s)
      if (isChecked(r)) {
        const check = checkSnapshotBytes(data)
        const why = check === 'legacy' ? (legacyOk ? null : '缺少校验信息') : check
        if (why) {
          const rel = relPath(dataDir, s)
          if (!opts.keepDamaged) {
            throw new AppError('store_corrupt', `备份没有完成：数据文件 ${rel} 已损坏（${why}）。已有的数据没有被改动；请从较早的备份恢复。`, {
              where: { file: rel },
            })
          }
          report.damaged.push(`${rel}：${why}`)
        }
      }
      copyFileDurable(ops, s, d, data)
    }
    fsyncDir(ops, dst)
  }
  walk(from, to, '')
  return report
}

export function createBackup(
  ops: FileOps,
  dataDir: string,
  reason: BackupReason,
  note?: string,
  now = new Date(),
  opts: { keepDamaged?: boolean } = {},
): BackupInfo {
  const root = path.join(dataDir, BACKUPS)
  ops.mkdirSync(root)
  let id = `${stamp(now)}-${reason}`
  for (let i = 2; ops.stat(path.join(root, id)); i++) id = `${stamp(now)}-${reason}-${i}`
  const tmp = path.join(root, `.${id}.partial`)
  ops.rmSync(tmp)
  try {
    const report = copyDb(ops, dataDir, path.join(dataDir, 'db'), path.join(tmp, 'db'), opts)
    const info: BackupInfo = { id, at: now.toISOString(), reason, bytes: report.bytes }
    if (note) info.note = note
    if (report.damaged.length > 0) info.damaged = report.damaged
    writeFileAtomic(ops, path.join(tmp, META), JSON.stringify(info, null, 2))
    // A backup becomes visible only once complete.
    ops.renameSync(tmp, path.join(root, id))
    fsyncDir(ops, root)
    return info
  } catch (e) {
    try {
      ops.rmSync(tmp)
    } catch {
      /* the disk is failing; the partial copy is ignored by listBackups and removed at next open */
    }
    throw e
  }
}

export function listBackups(ops: FileOps, dataDir: string): BackupInfo[] {
  const root = path.join(dataDir, BACKUPS)
  if (!ops.stat(root)) return []
  const out: BackupInfo[] = []
  for (const name of ops.readdirSync(root)) {
    if (name.startsWith('.')) continue
    try {
      out.push(JSON.parse(ops.readFileSync(path.join(root, name, META)).toString('utf8')) as BackupInfo)
    } catch {
      /* not a complete backup */
    }
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1))
}

/** Partial backups left by a crash. */
export function removePartialBackups(ops: FileOps, dataDir: string): void {
  const root = path.join(dataDir, BACKUPS)
  if (!ops.stat(root)) return
  for (const name of ops.readdirSync(root)) if (name.startsWith('.') && name.endsWith('.partial')) ops.rmSync(path.join(root, name))
}

/** Backups taken without being asked (automatic, on quit): one rotation, the newest `keep` kept. */
export const ROLLING: ReadonlySet<BackupReason> = new Set(['auto', 'quit'])

export function pruneRollingBackups(ops: FileOps, dataDir: string, keep: number): void {
  const rolling = listBackups(ops, dataDir).filter((b) => ROLLING.has(b.reason))
  for (const b of rolling.slice(keep)) ops.rmSync(path.join(dataDir, BACKUPS, b.id))
}
