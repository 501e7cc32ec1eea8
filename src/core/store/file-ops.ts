// The store's only door to the disk: a small set of synchronous file operations, replaceable so
// tests can inject a short write, ENOSPC or EIO at any step, plus the durable-write helpers.

import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../errors'

/** The file operations the store uses; `realFileOps` is node:fs. */
export interface FileOps {
  openSync(file: string, flags: string): number
  closeSync(fd: number): void
  writeSync(fd: number, buf: Buffer, offset: number, length: number, position: number | null): number
  readSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number
  fsyncSync(fd: number): void
  ftruncateSync(fd: number, len: number): void
  fstatSize(fd: number): number
  renameSync(from: string, to: string): void
  linkSync(existing: string, link: string): void
  unlinkSync(file: string): void
  rmSync(p: string): void
  mkdirSync(dir: string): void
  readdirSync(dir: string): string[]
  readFileSync(file: string): Buffer
  /** size and kind, or null when the path does not exist */
  stat(p: string): { size: number; isDirectory: boolean; mtimeMs: number } | null
}

export const realFileOps: FileOps = {
  openSync: (f, flags) => fs.openSync(f, flags),
  closeSync: (fd) => fs.closeSync(fd),
  writeSync: (fd, buf, off, len, pos) => fs.writeSync(fd, buf, off, len, pos),
  readSync: (fd, buf, off, len, pos) => fs.readSync(fd, buf, off, len, pos),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, len) => fs.ftruncateSync(fd, len),
  fstatSize: (fd) => fs.fstatSync(fd).size,
  renameSync: (a, b) => fs.renameSync(a, b),
  linkSync: (a, b) => fs.linkSync(a, b),
  unlinkSync: (f) => fs.unlinkSync(f),
  rmSync: (p) => fs.rmSync(p, { recursive: true, force: true }),
  mkdirSync: (d) => void fs.mkdirSync(d, { recursive: true }),
  readdirSync: (d) => fs.readdirSync(d),
  readFileSync: (f) => fs.readFileSync(f),
  stat: (p) => {
    try {
      const s = fs.statSync(p)
      return { size: s.size, isDirectory: s.isDirectory(), mtimeMs: s.mtimeMs }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
  },
}

/** Where a store path is, as the user reads it: relative to the data folder, with forward slashes. */
export function relPath(dataDir: string, file: string): string {
  return path.relative(dataDir, file).split(path.sep).join('/')
}

/**
 * A failed read or write of the data folder, as the user sees it. ENOSPC and friends say the disk
 * is full; anything else names the operating system's error. `saved` says what became of the call.
 */
export function ioError(e: unknown, rel: string, saved: 'not-saved' | 'saved' | 'unknown' | 'none' = 'not-saved'): AppError {
  if (e instanceof AppError) return e
  const code = (e as NodeJS.ErrnoException).code ?? ''
  const full = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG'
  const what = full ? '磁盘空间不足' : `读写出错（${code || (e as Error).message}）`
  const outcome =
    saved === 'not-saved'
      ? '本次修改没有保存，数据文件夹保持原样。'
      : saved === 'saved'
        ? '本次修改已经保存。'
        : saved === 'unknown'
          ? '无法确定本次修改是否已保存：请关闭程序，重新打开后核对最近的操作。'
          : ''
  const fix = full ? '请清理磁盘空间后重试。' : '请检查磁盘后重试。'
  return new AppError('io_error', `数据文件 ${rel} ${what}。${outcome}${fix}`, { where: { file: rel } })
}

/** Writes all of `buf` at the fd's position; a write that makes no progress is a full disk. */
export function writeAll(ops: FileOps, fd: number, buf: Buffer): void {
  let off = 0
  while (off < buf.length) {
    const n = ops.writeSync(fd, buf, off, buf.length - off, null)
    if (!(n > 0)) throw Object.assign(new Error('short write'), { code: 'ENOSPC' })
    off += n
  }
}

export function fsyncDir(ops: FileOps, dir: string): void {
  // Windows cannot open a directory for fsync; there, rename is already durable enough.
  let fd: number | undefined
  try {
    fd = ops.openSync(dir, 'r')
  } catch {
    return
  }
  try {
    ops.fsyncSync(fd)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw e
  } finally {
    closeQuietly(ops, fd)
  }
}

/** Closes a descriptor whose data is already fsync'd (or abandoned): a failing close changes nothing. */
export function closeQuietly(ops: FileOps, fd: number): void {
  try {
    ops.closeSync(fd)
  } catch {
    /* the descriptor is released either way */
  }
}

let tmpCounter = 0

/**
 * Replaces `file` with `data` so that after a crash it holds either the old or the new bytes in
 * full: a temp file beside it is written completely (a short write is an error, never renamed
 * into place), fsync'd, renamed over the file, and the folder fsync'd. On any failure the temp file
 * is removed and the error thrown; the old file is untouched.
 */
export function writeFileAtomic(ops: FileOps, file: string, data: Buffer | string): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const dir = path.dirname(file)
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}-${++tmpCounter}.tmp`)
  let fd: number | null = null
  try {
    ops.mkdirSync(dir)
    fd = ops.openSync(tmp, 'wx')
    writeAll(ops, fd, buf)
    ops.fsyncSync(fd)
    ops.closeSync(fd)
    fd = null
    ops.renameSync(tmp, file)
  } catch (e) {
    if (fd !== null) {
      try {
        ops.closeSync(fd)
      } catch {
        /* already failing */
      }
    }
    try {
      ops.unlinkSync(tmp)
    } catch {
      /* never created, or the disk refuses even that */
    }
    throw e
  }
  fsyncDir(ops, dir)
}

/** Copies a file and fsyncs the copy (not the folder: the caller renames the folder into place). */
export function copyFileDurable(ops: FileOps, from: string, to: string, data?: Buffer): void {
  const buf = data ?? ops.readFileSync(from)
  const fd = ops.openSync(to, 'w')
  try {
    writeAll(ops, fd, buf)
    ops.fsyncSync(fd)
  } finally {
    ops.closeSync(fd)
  }
}
