// Snapshot files: one JSON object per partition whose last member is a checksum of everything
// before it, so a damaged or truncated file is recognised before a single record is believed.
//
//   {"schema":2,"seq":41,"records":{…},"check":{"bytes":123456,"sha256":"…"}}
//
// The file stays plain JSON (readable, diffable, loadable by lowdb and by hand); `bytes` and
// `sha256` cover the text up to the comma before "check".

import { createHash } from 'node:crypto'
import type { SyncAdapter } from 'lowdb'
import { closeQuietly, type FileOps, writeFileAtomic } from './file-ops'

export interface SnapshotData {
  schema: number
  seq: number
  records: Record<string, unknown>
}

const CHECK = ',"check":{"bytes":'
const TRAILER_MAX = 128
const DAMAGED = '校验和不符，内容已被改动或损坏'

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex')
}

/** The bytes of a JSON object followed by the checksum of its text (any checked file: snapshots, store.json). */
export function encodeChecked(obj: object): Buffer {
  const body = Buffer.from(JSON.stringify(obj).slice(0, -1), 'utf8')
  const trailer = Buffer.from(`${CHECK}${body.length},"sha256":"${sha256(body)}"}}`, 'utf8')
  return Buffer.concat([body, trailer])
}

/** The bytes of a snapshot file with its checksum. */
export function encodeSnapshot(data: SnapshotData): Buffer {
  return encodeChecked({ schema: data.schema, seq: data.seq, records: data.records })
}

/** Parses a checked file; `legacy` files (no checksum) only when `allowLegacy`. Throws with the reason. */
export function decodeChecked(buf: Buffer, allowLegacy: boolean, skipHash = false): Record<string, unknown> {
  const problem = checkSnapshotBytes(buf, skipHash)
  let parsed: unknown
  try {
    parsed = JSON.parse(buf.toString('utf8'))
  } catch (e) {
    throw new Error(problem && problem !== 'legacy' ? problem : `不是完整的 JSON（${(e as Error).message}）`)
  }
  if (problem && problem !== 'legacy') throw new Error(problem)
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('文件结构不对')
  const obj = parsed as Record<string, unknown>
  if (problem === 'legacy' && !allowLegacy && !('check' in obj)) throw new Error('缺少校验信息')
  delete obj['check']
  return obj
}

/** The checksum trailer found in a file's last bytes (`tailStart` is where they begin). */
function readTrailer(tail: Buffer, tailStart: number): { bodyLen: number; sha256: string } | 'legacy' | string {
  const text = tail.toString('latin1')
  const at = text.lastIndexOf(CHECK)
  if (at === -1) return 'legacy'
  const m = /^,"check":\{"bytes":(\d+),"sha256":"([0-9a-f]{64})"\}\}\s*$/.exec(text.slice(at))
  if (!m) return '校验信息不完整'
  const bodyLen = tailStart + at
  if (Number(m[1]) !== bodyLen) return `长度不符（应为 ${m[1]} 字节，实为 ${bodyLen} 字节）`
  return { bodyLen, sha256: m[2]! }
}

/**
 * Checks a file's checksum: null when it holds, else why not. Files without one are `legacy`.
 * `trailerOnly` checks just the trailer and the length (for a file whose hash was checked at open).
 */
export function checkSnapshotBytes(buf: Buffer, trailerOnly = false): null | 'legacy' | string {
  const tailStart = Math.max(0, buf.length - TRAILER_MAX)
  const t = readTrailer(buf.subarray(tailStart), tailStart)
  if (typeof t === 'string') return t
  if (trailerOnly) return null
  return sha256(buf.subarray(0, t.bodyLen)) === t.sha256 ? null : DAMAGED
}

/** Parses a snapshot file's bytes; throws with the reason when damaged. */
export function decodeSnapshot(buf: Buffer, allowLegacy: boolean, skipHash = false): SnapshotData {
  const snap = decodeChecked(buf, allowLegacy, skipHash) as Partial<SnapshotData>
  if (typeof snap.records !== 'object' || snap.records === null || Array.isArray(snap.records) || typeof snap.schema !== 'number') {
    throw new Error('文件结构不对')
  }
  return { schema: snap.schema, seq: typeof snap.seq === 'number' ? snap.seq : 0, records: snap.records }
}

/**
 * A lowdb adapter for one snapshot file through the store's file layer: reads verify the checksum,
 * writes replace the file atomically and durably.
 */
export class SnapshotAdapter implements SyncAdapter<SnapshotData> {
  constructor(
    private readonly ops: FileOps,
    readonly file: string,
    private readonly allowLegacy: boolean,
    /** the file was verified when the folder was opened */
    private readonly verified: boolean,
  ) {}

  read(): SnapshotData | null {
    let buf: Buffer
    try {
      buf = this.ops.readFileSync(this.file)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
    return decodeSnapshot(buf, this.allowLegacy, this.verified)
  }

  write(data: SnapshotData): void {
    writeFileAtomic(this.ops, this.file, encodeSnapshot(data))
  }
}

/**
 * Streams a file through the checksum without keeping it: null when sound, else why not.
 * `trailerOnly` reads just the last bytes: the trailer is there and the length agrees.
 */
export function verifySnapshotFile(ops: FileOps, file: string, trailerOnly = false): null | 'legacy' | string {
  const size = ops.stat(file)?.size
  if (size === undefined) return '文件不存在'
  if (size < TRAILER_MAX) return checkSnapshotBytes(ops.readFileSync(file), trailerOnly)
  const fd = ops.openSync(file, 'r')
  try {
    const tail = Buffer.alloc(TRAILER_MAX)
    ops.readSync(fd, tail, 0, TRAILER_MAX, size - TRAILER_MAX)
    const t = readTrailer(tail, size - TRAILER_MAX)
    if (typeof t === 'string') return t
    if (trailerOnly) return null
    const hash = createHash('sha256')
    const chunk = Buffer.allocUnsafe(4 * 1024 * 1024)
    for (let pos = 0; pos < t.bodyLen; ) {
      const n = ops.readSync(fd, chunk, 0, Math.min(chunk.length, t.bodyLen - pos), pos)
      if (n <= 0) return '读取时文件变短'
      hash.update(chunk.subarray(0, n))
      pos += n
    }
    return hash.digest('hex') === t.sha256 ? null : DAMAGED
  } finally {
    closeQuietly(ops, fd)
  }
}
