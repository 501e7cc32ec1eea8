// Copies of the data folder's db/ under backups/<id>/, and swapping one back in.

import fs from 'node:fs'
import path from 'node:path'
import { fsyncDir, writeFileDurable } from './durable-file'

export interface BackupInfo {
  id: string
  at: string
  reason: 'auto' | 'manual' | 'pre-restore' | 'pre-migration'
  note?: string
  bytes: number
}

const BACKUPS = 'backups'
const META = 'backup.json'

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${p(d.getMilliseconds(), 3)}`
}

function dirBytes(dir: string): number {
  let n = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    n += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size
  }
  return n
}

function copyDirDurable(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true })
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.name.startsWith('.') && e.name.endsWith('.tmp')) continue
    const src = path.join(from, e.name)
    const dst = path.join(to, e.name)
    if (e.isDirectory()) copyDirDurable(src, dst)
    else {
      fs.copyFileSync(src, dst)
      const fd = fs.openSync(dst, 'r')
      fs.fsyncSync(fd)
      fs.closeSync(fd)
    }
  }
  fsyncDir(to)
}

export function createBackup(dataDir: string, reason: BackupInfo['reason'], note?: string, now = new Date()): BackupInfo {
  const root = path.join(dataDir, BACKUPS)
  let id = `${stamp(now)}-${reason}`
  for (let i = 2; fs.existsSync(path.join(root, id)); i++) id = `${stamp(now)}-${reason}-${i}`
  const tmp = path.join(root, `.${id}.partial`)
  fs.rmSync(tmp, { recursive: true, force: true })
  copyDirDurable(path.join(dataDir, 'db'), path.join(tmp, 'db'))
  const info: BackupInfo = { id, at: now.toISOString(), reason, bytes: dirBytes(path.join(tmp, 'db')) }
  if (note) info.note = note
  writeFileDurable(path.join(tmp, META), JSON.stringify(info, null, 2))
  // A backup becomes visible only once complete.
  fs.renameSync(tmp, path.join(root, id))
  fsyncDir(root)
  return info
}

export function listBackups(dataDir: string): BackupInfo[] {
  const root = path.join(dataDir, BACKUPS)
  if (!fs.existsSync(root)) return []
  const out: BackupInfo[] = []
  for (const name of fs.readdirSync(root)) {
    if (name.startsWith('.')) continue
    try {
      out.push(JSON.parse(fs.readFileSync(path.join(root, name, META), 'utf8')) as BackupInfo)
    } catch {
      /* not a complete backup */
    }
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1))
}

export function pruneAutoBackups(dataDir: string, keep: number): void {
  const autos = listBackups(dataDir).filter((b) => b.reason === 'auto')
  for (const b of autos.slice(keep)) fs.rmSync(path.join(dataDir, BACKUPS, b.id), { recursive: true, force: true })
}

/** db.restoring ← copy of the backup; db → db.old; db.restoring → db; drop db.old. */
export function swapInBackup(dataDir: string, id: string): void {
  const db = path.join(dataDir, 'db')
  const incoming = path.join(dataDir, 'db.restoring')
  const old = path.join(dataDir, 'db.old')
  fs.rmSync(incoming, { recursive: true, force: true })
  copyDirDurable(path.join(dataDir, BACKUPS, id, 'db'), incoming)
  fs.rmSync(old, { recursive: true, force: true })
  fs.renameSync(db, old)
  fs.renameSync(incoming, db)
  fsyncDir(dataDir)
  fs.rmSync(old, { recursive: true, force: true })
}
