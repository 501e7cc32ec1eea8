// The data folder's lock: only one process may open a folder. Lock files are numbered
// (`.lock.1`, `.lock.2`, …) and the holder is the owner of the highest number. Taking over a lock
// left by a dead process means creating the NEXT number with an exclusive create, which only one
// process can win — so two processes starting at once on a stale lock can never both open.

import os from 'node:os'
import path from 'node:path'
import { AppError } from '../errors'
import { type FileOps, fsyncDir, writeAll } from './file-ops'

interface Owner {
  pid: number
  host: string
  at: string
}

/** The lock of the program before numbered locks; honoured, and removed once stale. */
const LEGACY = '.lock'
const PREFIX = '.lock.'
/** A lock file still empty this long after it was made is left over from a crash. */
const HALF_WRITTEN_MS = 10_000

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function locked(owner: Owner, file: string): AppError {
  return new AppError(
    'store_locked',
    `数据文件夹正被另一个程序使用（进程 ${owner.pid}，计算机 ${owner.host}，自 ${owner.at} 起）。同一数据文件夹不能同时打开两次，请先关闭另一个窗口或服务。`,
    { where: { file } },
  )
}

export class FolderLock {
  private held: string | null = null

  constructor(
    private readonly ops: FileOps,
    private readonly dir: string,
  ) {}

  private generations(): number[] {
    return this.ops
      .readdirSync(this.dir)
      .filter((f) => f.startsWith(PREFIX) && /^\d+$/.test(f.slice(PREFIX.length)))
      .map((f) => Number(f.slice(PREFIX.length)))
      .sort((a, b) => a - b)
  }

  private file(gen: number): string {
    return path.join(this.dir, `${PREFIX}${gen}`)
  }

  /** The owner of a lock file; 'busy' while it is being written, 'stale' when nobody holds it. */
  private judge(file: string): Owner | 'stale' | 'busy' | 'gone' {
    let text: string
    try {
      text = this.ops.readFileSync(file).toString('utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone'
      throw e
    }
    let owner: Owner | null = null
    try {
      owner = JSON.parse(text) as Owner
    } catch {
      owner = null
    }
    if (!owner || typeof owner.pid !== 'number') {
      const st = this.ops.stat(file)
      return st && Date.now() - st.mtimeMs < HALF_WRITTEN_MS ? 'busy' : 'stale'
    }
    if (owner.host !== os.hostname()) return owner // another computer's process cannot be checked
    if (owner.pid === process.pid) return owner // this process already holds it (a second open)
    return isAlive(owner.pid) ? owner : 'stale'
  }

  /** Creates lock file `gen` holding our details, complete at once; false when it exists. */
  private create(gen: number): boolean {
    const mine = Buffer.from(JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() } satisfies Owner))
    const target = this.file(gen)
    const tmp = path.join(this.dir, `.lock-tmp-${process.pid}-${Math.random().toString(36).slice(2)}`)
    const fd = this.ops.openSync(tmp, 'wx')
    try {
      writeAll(this.ops, fd, mine)
      this.ops.fsyncSync(fd)
    } finally {
      this.ops.closeSync(fd)
    }
    try {
      this.ops.linkSync(tmp, target) // atomic, and fails if the number is taken
      return true
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return false
      // No hard links here (FAT, some network shares): an exclusive create, then the content.
      let fd2: number
      try {
        fd2 = this.ops.openSync(target, 'wx')
      } catch (e2) {
        if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false
        throw e2
      }
      try {
        writeAll(this.ops, fd2, mine)
        this.ops.fsyncSync(fd2)
      } finally {
        this.ops.closeSync(fd2)
      }
      return true
    } finally {
      try {
        this.ops.unlinkSync(tmp)
      } catch {
        /* already gone */
      }
    }
  }

  /** Takes the lock or throws `store_locked` naming the holder. */
  acquire(): void {
    this.ops.mkdirSync(this.dir)
    for (let attempt = 0; attempt < 20; attempt++) {
      const legacy = this.judge(path.join(this.dir, LEGACY))
      if (legacy !== 'gone' && legacy !== 'stale') {
        if (legacy === 'busy') continue
        throw locked(legacy, LEGACY)
      }
      const gens = this.generations()
      const top = gens[gens.length - 1] ?? 0
      if (top > 0) {
        const owner = this.judge(this.file(top))
        if (owner === 'busy') {
          sleepSync(50)
          continue
        }
        if (owner !== 'stale' && owner !== 'gone') throw locked(owner, `${PREFIX}${top}`)
      }
      if (!this.create(top + 1)) continue // another process took this number first: look again
      // A slower process may have won a higher number meanwhile; the highest holds the lock.
      const after = this.generations()
      if (after[after.length - 1]! > top + 1) {
        this.ops.unlinkSync(this.file(top + 1))
        continue
      }
      this.held = this.file(top + 1)
      for (const g of after) if (g < top + 1) this.removeQuietly(this.file(g))
      if (legacy === 'stale') this.removeQuietly(path.join(this.dir, LEGACY))
      fsyncDir(this.ops, this.dir)
      return
    }
    throw new AppError('store_locked', '无法锁定数据文件夹（多个程序同时在打开它），请稍后再试。', { where: { file: LEGACY } })
  }

  release(): void {
    if (this.held) this.removeQuietly(this.held)
    this.held = null
  }

  private removeQuietly(file: string): void {
    try {
      this.ops.unlinkSync(file)
    } catch {
      /* already gone */
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}
