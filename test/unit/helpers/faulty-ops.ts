// A file layer that fails on purpose: the store's FileOps with one armed fault — the nth call of
// the operations that change the disk throws ENOSPC or EIO, or writes half its bytes and then
// finds the disk full. Also records the calls, so a test can fail each step of an operation in turn.

import { type FileOps, realFileOps } from '../../../src/core/store/file-ops'

export type FaultKind = 'ENOSPC' | 'EIO' | 'short'

/** The operations that change the disk (or read it back in a way a disk can fail). */
export const FAULTABLE = ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'ftruncateSync', 'renameSync', 'linkSync', 'unlinkSync', 'mkdirSync'] as const
export type FaultableOp = (typeof FAULTABLE)[number]

export interface Call {
  op: FaultableOp
  /** the path, or the path the fd was opened on */
  file: string
}

function errno(code: 'ENOSPC' | 'EIO', op: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected, ${op} '${file}'`), { code, errno: code === 'ENOSPC' ? -28 : -5, syscall: op })
}

export class FaultyOps implements FileOps {
  readonly calls: Call[] = []
  private fds = new Map<number, string>()
  private armed: { at: number; kind: FaultKind } | null = null
  private diskFull = false
  /** the fault went off */
  fired: Call | null = null

  /** The path an open descriptor was opened on. */
  fileOf(fd: number): string | undefined {
    return this.fds.get(fd)
  }

  /** Arms a fault at the `at`-th faultable call from now (0 = the next one). */
  arm(at: number, kind: FaultKind): void {
    this.armed = { at: this.calls.length + at, kind }
    this.fired = null
    this.diskFull = false
  }

  disarm(): void {
    this.armed = null
    this.diskFull = false
  }

  private step(op: FaultableOp, file: string): FaultKind | null {
    this.calls.push({ op, file })
    if (this.diskFull && op === 'writeSync') throw errno('ENOSPC', op, file)
    if (!this.armed || this.calls.length - 1 !== this.armed.at) return null
    this.fired = { op, file }
    const kind = this.armed.kind
    this.armed = null
    if (kind === 'short' && op === 'writeSync') return 'short'
    throw errno(kind === 'short' ? 'ENOSPC' : kind, op, file)
  }

  openSync(file: string, flags: string): number {
    this.step('openSync', file)
    const fd = realFileOps.openSync(file, flags)
    this.fds.set(fd, file)
    return fd
  }

  closeSync(fd: number): void {
    const file = this.fds.get(fd) ?? `fd ${fd}`
    this.fds.delete(fd)
    try {
      this.step('closeSync', file)
    } finally {
      realFileOps.closeSync(fd) // the descriptor is gone either way, as after a real failed close
    }
  }

  writeSync(fd: number, buf: Buffer, off: number, len: number, pos: number | null): number {
    const fault = this.step('writeSync', this.fds.get(fd) ?? `fd ${fd}`)
    if (fault === 'short') {
      // Half the bytes reach the disk; then it is full.
      const half = Math.max(1, Math.floor(len / 2))
      const n = realFileOps.writeSync(fd, buf, off, Math.min(half, len), pos)
      this.diskFull = true
      return n
    }
    return realFileOps.writeSync(fd, buf, off, len, pos)
  }

  readSync(fd: number, buf: Buffer, off: number, len: number, pos: number): number {
    return realFileOps.readSync(fd, buf, off, len, pos)
  }

  fsyncSync(fd: number): void {
    this.step('fsyncSync', this.fds.get(fd) ?? `fd ${fd}`)
    // Counted and failed like the others; not performed: these tests check what a failing call
    // leaves behind, not power loss (the kill -9 tests fsync for real), and thousands of runs
    // would wait on the disk.
  }

  ftruncateSync(fd: number, len: number): void {
    this.step('ftruncateSync', this.fds.get(fd) ?? `fd ${fd}`)
    realFileOps.ftruncateSync(fd, len)
  }

  fstatSize(fd: number): number {
    return realFileOps.fstatSize(fd)
  }

  renameSync(from: string, to: string): void {
    this.step('renameSync', to)
    realFileOps.renameSync(from, to)
  }

  linkSync(existing: string, link: string): void {
    this.step('linkSync', link)
    realFileOps.linkSync(existing, link)
  }

  unlinkSync(file: string): void {
    this.step('unlinkSync', file)
    realFileOps.unlinkSync(file)
  }

  rmSync(p: string): void {
    realFileOps.rmSync(p)
  }

  mkdirSync(dir: string): void {
    this.step('mkdirSync', dir)
    realFileOps.mkdirSync(dir)
  }

  readdirSync(dir: string): string[] {
    return realFileOps.readdirSync(dir)
  }

  readFileSync(file: string): Buffer {
    return realFileOps.readFileSync(file)
  }

  stat(p: string) {
    return realFileOps.stat(p)
  }
}
