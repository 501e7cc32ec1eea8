// A lowdb sync adapter that survives power loss: write a temp file, fsync it, rename, fsync the folder.

import fs from 'node:fs'
import path from 'node:path'
import type { SyncAdapter } from 'lowdb'

export function fsyncDir(dir: string): void {
  // Windows cannot open a directory for fsync; there, rename is already durable enough.
  let fd: number | undefined
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
    /* not supported on this platform */
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

export function writeFileDurable(file: string, text: string): void {
  const dir = path.dirname(file)
  fs.mkdirSync(dir, { recursive: true })
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`)
  const fd = fs.openSync(tmp, 'w')
  try {
    fs.writeSync(fd, text)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
  fsyncDir(dir)
}

/** Reads JSON (null when the file does not exist); the parse error propagates to the caller. */
export class DurableJSONFile<T> implements SyncAdapter<T> {
  constructor(readonly file: string) {}

  read(): T | null {
    let text: string
    try {
      text = fs.readFileSync(this.file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
    return JSON.parse(text) as T
  }

  write(data: T): void {
    writeFileDurable(this.file, JSON.stringify(data))
  }
}
