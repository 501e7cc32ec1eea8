// The append-only log: the write-ahead journal (one fsync'd line per transaction) and the audit
// trail. Kept in segments (`db/log/<first seq>.jsonl`); a sealed segment's record keys go to a
// sharded index (`db/log/index/`), so the history of one record reads a few lines, not the season.
//
// A line: {"v":2,"seq":…,"at":…,"who":…,"from":…,"method":…,"n":…,"changes":[…],"crc":"xxxxxxxx"}
// where crc is the CRC-32 of the text before `,"crc"`. A last line without its newline is a write
// that never finished (never acknowledged) and is cut off; any other line that fails its check is
// damage, reported, never dropped.

import path from 'node:path'
import { crc32 } from 'node:zlib'
import { AppError } from '../errors'
import { closeQuietly, type FileOps, fsyncDir, ioError, writeAll, writeFileAtomic } from './file-ops'

export const LOG_VERSION = 2

export interface Change {
  /** collection (`note:<collection>` for an audit-only note) */
  c: string
  k: string
  /** before; null when the record did not exist */
  b: unknown
  /** after; null when the record was deleted */
  a: unknown
}

export interface LogEntry {
  v: number
  seq: number
  at: string
  who: string
  /** where the call came from (an address in browser mode), when known */
  from?: string
  method: string
  changes: Change[]
}

/** What the list of recent operations shows, read without parsing a whole (possibly huge) line. */
export interface LogSummary {
  seq: number
  at: string
  who: string
  from?: string
  method: string
  changes: number
  firstKey?: string
  firstCollection?: string
}

interface Ref {
  /** first seq of the segment (its file name) */
  seg: number
  offset: number
  length: number
}

/**
 * Where one record's change is: its entry's line and, for lines written with checksums, the
 * change's own bytes inside the line — so the history of a village reads a few hundred bytes of a
 * day's import, not the whole 1.5 MB line.
 */
interface ChangeRef extends Ref {
  /** byte offset of the change within the line, and its length */
  at?: number
  len?: number
}

/** Lines up to this size are read whole (and their checksum checked) by the audit views. */
const READ_WHOLE_LINE = 64 * 1024

const SHARDS = 64
const INDEX_DIR = 'index'
const INDEX_STATE = 'state.json'
const CRC_TRAILER = 18 // ,"crc":"xxxxxxxx"}

export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(12, '0')}.jsonl`
}

const recordKey = (c: string, k: string) => `${c}\u0000${k}`

function shardOf(key: string): string {
  return (crc32(key) % SHARDS).toString(16).padStart(2, '0')
}

/** The bytes of one log line (checksum and newline included) and where each change sits in it. */
export function encodeEntryWithRanges(e: LogEntry): { line: Buffer; ranges: Array<[number, number]> } {
  const head: Record<string, unknown> = { v: e.v, seq: e.seq, at: e.at, who: e.who }
  if (e.from) head['from'] = e.from
  head['method'] = e.method
  head['n'] = e.changes.length
  const prefix = `${JSON.stringify(head).slice(0, -1)},"changes":[`
  const parts = e.changes.map((ch) => JSON.stringify({ c: ch.c, k: ch.k, b: ch.b ?? null, a: ch.a ?? null }))
  const body = `${prefix}${parts.join(',')}]`
  const crc = crc32(body).toString(16).padStart(8, '0')
  const ranges: Array<[number, number]> = []
  let at = Buffer.byteLength(prefix)
  for (const part of parts) {
    const len = Buffer.byteLength(part)
    ranges.push([at, len])
    at += len + 1
  }
  return { line: Buffer.from(`${body},"crc":"${crc}"}\n`, 'utf8'), ranges }
}

export function encodeEntry(e: LogEntry): Buffer {
  return encodeEntryWithRanges(e).line
}

/** Where each change of a parsed line sits in it (lines with checksums are written canonically). */
function rangesOf(line: string, e: LogEntry): Array<[number, number]> | null {
  if (e.v < LOG_VERSION) return null
  const cut = line.indexOf(',"changes":[')
  if (cut === -1) return null
  const ranges: Array<[number, number]> = []
  let at = Buffer.byteLength(line.slice(0, cut)) + ',"changes":['.length
  for (const ch of e.changes) {
    const len = Buffer.byteLength(JSON.stringify({ c: ch.c, k: ch.k, b: ch.b ?? null, a: ch.a ?? null }))
    ranges.push([at, len])
    at += len + 1
  }
  return ranges
}

function lineProblem(line: string): string | null {
  if (line.length < CRC_TRAILER + 2) return '记录不完整'
  const trailer = line.slice(-CRC_TRAILER)
  const m = /^,"crc":"([0-9a-f]{8})"\}$/.exec(trailer)
  if (!m) {
    // Lines written before schema 2 carry no checksum; they are read as they are.
    const v = /^\{"v":(\d+),/.exec(line)
    return v && Number(v[1]) < LOG_VERSION ? null : '缺少校验信息'
  }
  return crc32(line.slice(0, -CRC_TRAILER)).toString(16).padStart(8, '0') === m[1] ? null : '校验和不符，内容已被改动或损坏'
}

/** A damaged line; `row` is its line number when known (reads through the index know only the byte offset). */
function damaged(rel: string, row: number | null, why: string, offset?: number): AppError {
  const at = row !== null ? `第 ${row} 行` : `第 ${offset ?? 0} 字节处的记录`
  return new AppError(
    'store_corrupt',
    `数据文件 ${rel} ${at}已损坏（${why}）。这是已经保存的修改，不能跳过；数据没有被改动，请从最近的备份恢复。`,
    { where: row !== null ? { file: rel, row } : { file: rel } },
  )
}

function tooNew(rel: string, v: number): AppError {
  return new AppError(
    'store_too_new',
    `数据文件 ${rel} 由更新版本的程序写入（数据版本 ${v}，本程序支持到 ${LOG_VERSION}）。为免损坏数据，已拒绝打开；请升级本程序。`,
    { where: { file: rel } },
  )
}

/** Parses and checks one complete line. */
function parseLine(line: string, rel: string, row: number | null, offset?: number): LogEntry {
  const v = /^\{"v":(\d+),/.exec(line)
  if (v && Number(v[1]) > LOG_VERSION) throw tooNew(rel, Number(v[1]))
  const problem = lineProblem(line)
  if (problem) throw damaged(rel, row, problem, offset)
  let e: LogEntry
  try {
    e = JSON.parse(line) as LogEntry
  } catch {
    throw damaged(rel, row, '不是完整的 JSON', offset)
  }
  if (typeof e?.v !== 'number' || typeof e.seq !== 'number' || !Array.isArray(e.changes)) throw damaged(rel, row, '结构不对', offset)
  if (e.v > LOG_VERSION) throw tooNew(rel, e.v)
  delete (e as Partial<LogEntry> & { crc?: string; n?: number }).crc
  delete (e as { n?: number }).n
  return e
}

/** The summary fields of a line, from the text before its changes (and the first change's key). */
function parseSummary(line: string, rel: string, row: number | null, offset?: number): LogSummary {
  const problem = lineProblem(line)
  if (problem) throw damaged(rel, row, problem, offset)
  const cut = line.indexOf(',"changes":[')
  const head = cut === -1 ? null : (JSON.parse(line.slice(0, cut) + '}') as Partial<LogEntry> & { n?: number })
  if (!head || typeof head.n !== 'number') {
    const e = parseLine(line, rel, row, offset)
    const s: LogSummary = { seq: e.seq, at: e.at, who: e.who, method: e.method, changes: e.changes.length }
    if (e.from) s.from = e.from
    if (e.changes[0]) {
      s.firstKey = e.changes[0].k
      s.firstCollection = e.changes[0].c
    }
    return s
  }
  const s: LogSummary = { seq: head.seq!, at: head.at!, who: head.who!, method: head.method!, changes: head.n }
  if (head.from) s.from = head.from
  const start = cut + ',"changes":['.length
  const b = line.indexOf(',"b":', start)
  if (b !== -1) {
    const first = JSON.parse(line.slice(start, b) + '}') as { c: string; k: string }
    s.firstKey = first.k
    s.firstCollection = first.c
  }
  return s
}

/** Reads a segment's lines once, front to back. */
function scanLines(buf: Buffer, onLine: (line: string, offset: number, length: number, row: number) => void): number | null {
  let start = 0
  let row = 0
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start)
    if (nl === -1) return start // no newline: the write never finished
    row++
    if (nl > start) onLine(buf.toString('utf8', start, nl), start, nl - start + 1, row)
    start = nl + 1
  }
  return null
}

export interface LogOptions {
  ops: FileOps
  dataDir: string
  /** db/log */
  dir: string
  segmentBytes: number
}

/**
 * The log of one db folder. `open` reads the newest segments (those holding entries after the
 * checkpoint) once; appends go to the last segment; `seal` starts a new one and indexes the old.
 */
export class Log {
  private readonly ops: FileOps
  private fd: number | null = null
  private activeFirst = 0
  private bytes = 0
  /** the active segment's entries, and each record key's changes in it */
  private activeRefs: Array<Ref & { seq: number }> = []
  private activeKeys = new Map<string, ChangeRef[]>()
  private segmentsCache: number[] | null = null

  constructor(private readonly o: LogOptions) {
    this.ops = o.ops
  }

  private rel(file: string): string {
    return path.relative(this.o.dataDir, file).split(path.sep).join('/')
  }

  private segFile(first: number): string {
    return path.join(this.o.dir, segmentName(first))
  }

  /** First seqs of the segments on disk, ascending. */
  segments(): number[] {
    if (!this.segmentsCache) {
      const names = this.ops.stat(this.o.dir) ? this.ops.readdirSync(this.o.dir) : []
      this.segmentsCache = names
        .filter((f) => /^\d{12}\.jsonl$/.test(f))
        .map((f) => Number(f.slice(0, 12)))
        .sort((a, b) => a - b)
    }
    return this.segmentsCache
  }

  get size(): number {
    return this.bytes
  }

  /**
   * Reads the log from the segment holding `afterSeq + 1` to the end, calling `apply` for each
   * entry after `afterSeq` in order, cuts an unfinished last write, and opens the last segment
   * for appending. Returns the last seq.
   */
  open(afterSeq: number, apply: (e: LogEntry) => void): number {
    this.ops.mkdirSync(this.o.dir)
    const segs = this.segments()
    let from = 0
    for (let i = 0; i < segs.length; i++) if (segs[i]! <= afterSeq + 1) from = i
    let seq = afterSeq
    for (let i = from; i < segs.length; i++) {
      const file = this.segFile(segs[i]!)
      const rel = this.rel(file)
      const last = i === segs.length - 1
      const buf = this.ops.readFileSync(file)
      const refs: Array<Ref & { seq: number }> = []
      const keys = new Map<string, ChangeRef[]>()
      const torn = scanLines(buf, (line, offset, length, row) => {
        const e = parseLine(line, rel, row)
        if (last) {
          refs.push({ seg: segs[i]!, offset, length, seq: e.seq })
          indexChanges(keys, { seg: segs[i]!, offset, length }, e, rangesOf(line, e))
        }
        if (e.seq <= seq) return
        if (e.seq !== seq + 1) throw damaged(rel, row, `记录序号不连续：应为 ${seq + 1}，读到 ${e.seq}`)
        apply(e)
        seq = e.seq
      })
      if (torn !== null) {
        if (!last) throw damaged(rel, null, '日志段末尾不完整，而其后还有日志段', torn)
        // Never acknowledged: the call that wrote it was told it failed (or never returned).
        const fd = this.ops.openSync(file, 'r+')
        try {
          this.ops.ftruncateSync(fd, torn)
          this.ops.fsyncSync(fd)
        } finally {
          this.ops.closeSync(fd)
        }
      }
      if (last) {
        this.activeRefs = refs
        this.activeKeys = keys
      }
    }
    const first = segs.length > 0 ? segs[segs.length - 1]! : seq + 1
    this.openSegment(first)
    return seq
  }

  private openSegment(first: number): void {
    const file = this.segFile(first)
    const existed = this.ops.stat(file) !== null
    const fd = this.ops.openSync(file, 'a')
    if (this.fd !== null) closeQuietly(this.ops, this.fd)
    this.fd = fd
    this.activeFirst = first
    this.bytes = this.ops.fstatSize(fd)
    if (!existed) {
      fsyncDir(this.ops, this.o.dir)
      this.segmentsCache = null
    }
  }

  /**
   * Appends one entry and fsyncs it. On failure the segment is cut back to where it was, so the
   * next write starts on a clean line, and an `io_error` says the call was not saved. When even
   * the cut fails, the log is marked unusable (`broken`) until the folder is reopened.
   */
  append(e: LogEntry): number {
    if (this.fd === null) throw new AppError('internal', '数据文件夹已关闭。')
    const { line, ranges } = encodeEntryWithRanges(e)
    const before = this.bytes
    try {
      writeAll(this.ops, this.fd, line)
      this.ops.fsyncSync(this.fd)
    } catch (err) {
      try {
        this.ops.ftruncateSync(this.fd, before)
        this.ops.fsyncSync(this.fd)
      } catch {
        throw Object.assign(ioError(err, this.rel(this.segFile(this.activeFirst)), 'unknown'), { broken: true })
      }
      throw ioError(err, this.rel(this.segFile(this.activeFirst)))
    }
    this.bytes += line.length
    const ref = { seg: this.activeFirst, offset: before, length: line.length }
    this.activeRefs.push({ ...ref, seq: e.seq })
    indexChanges(this.activeKeys, ref, e, ranges)
    return line.length
  }

  /** Whether the active segment is big enough to be sealed at the next checkpoint. */
  get full(): boolean {
    return this.bytes >= this.o.segmentBytes
  }

  /**
   * Seals the active segment (its keys go to the index) and starts a new one at `nextSeq`. Called
   * right after a checkpoint, so replay never needs more than the newest segment. A failure leaves
   * the current segment active; the index catches up from the segment itself later.
   */
  seal(nextSeq: number): void {
    if (this.activeRefs.length === 0) return
    const sealed = this.activeFirst
    this.openSegment(nextSeq)
    const keys = this.activeKeys
    this.activeRefs = []
    this.activeKeys = new Map()
    try {
      this.indexSegment(sealed, keys)
    } catch {
      /* derived data: rebuilt from the segment when next asked */
    }
  }

  // ---------- the index of sealed segments ----------

  private indexDir(): string {
    return path.join(this.o.dir, INDEX_DIR)
  }

  private indexedThrough(): number {
    try {
      const s = JSON.parse(this.ops.readFileSync(path.join(this.indexDir(), INDEX_STATE)).toString('utf8')) as { through?: number }
      return typeof s.through === 'number' ? s.through : 0
    } catch {
      return 0
    }
  }

  private indexSegment(first: number, keys: Map<string, ChangeRef[]>): void {
    const byShard = new Map<string, string[]>()
    for (const [key, refs] of keys) {
      const [c, k] = key.split('\u0000') as [string, string]
      const shard = shardOf(key)
      const lines = byShard.get(shard) ?? []
      for (const r of refs) lines.push(JSON.stringify(r.at === undefined ? [r.seg, r.offset, r.length, c, k] : [r.seg, r.offset, r.length, c, k, r.at, r.len]))
      byShard.set(shard, lines)
    }
    const dir = this.indexDir()
    this.ops.mkdirSync(dir)
    for (const [shard, lines] of byShard) {
      const fd = this.ops.openSync(path.join(dir, `${shard}.jsonl`), 'a')
      try {
        // A leading newline ends any line an earlier failed append left half-written.
        writeAll(this.ops, fd, Buffer.from('\n' + lines.join('\n') + '\n', 'utf8'))
      } finally {
        this.ops.closeSync(fd)
      }
    }
    writeFileAtomic(this.ops, path.join(dir, INDEX_STATE), JSON.stringify({ through: first }))
  }

  /** Indexes sealed segments the index has not seen (after a crash, an upgrade or a restore). */
  private catchUpIndex(): void {
    const through = this.indexedThrough()
    for (const first of this.segments()) {
      if (first <= through || first >= this.activeFirst) continue
      const file = this.segFile(first)
      const rel = this.rel(file)
      const keys = new Map<string, ChangeRef[]>()
      scanLines(this.ops.readFileSync(file), (line, offset, length, row) => {
        const e = parseLine(line, rel, row)
        indexChanges(keys, { seg: first, offset, length }, e, rangesOf(line, e))
      })
      this.indexSegment(first, keys)
    }
  }

  private readBytes(ref: Ref, from: number, length: number): Buffer {
    const file = this.segFile(ref.seg)
    const buf = Buffer.alloc(length)
    const fd = this.ops.openSync(file, 'r')
    try {
      const n = this.ops.readSync(fd, buf, 0, length, ref.offset + from)
      if (n !== length) throw damaged(this.rel(file), null, '记录位置与索引不符', ref.offset)
    } finally {
      closeQuietly(this.ops, fd)
    }
    return buf
  }

  /**
   * One change of a long line without reading the line: the entry's head (who, when, which method)
   * from its first bytes and the change from its own bytes. Null when they do not read as expected
   * (the caller then reads the whole line and checks it).
   */
  private readChange(ref: ChangeRef, c: string, k: string): { entry: LogEntry; change: Change } | null {
    if (ref.at === undefined || ref.len === undefined) return null
    const head = this.readBytes(ref, 0, Math.min(ref.at, 4096)).toString('utf8')
    const cut = head.indexOf(',"changes":[')
    if (cut === -1) return null
    try {
      const entry = JSON.parse(head.slice(0, cut) + '}') as LogEntry & { n?: number }
      const change = JSON.parse(this.readBytes(ref, ref.at, ref.len).toString('utf8')) as Change
      if (change.c !== c || change.k !== k || typeof entry.seq !== 'number') return null
      delete entry.n
      entry.changes = [change]
      return { entry, change }
    } catch {
      return null
    }
  }

  private readLine(ref: Ref): { line: string; rel: string; offset: number } {
    const file = this.segFile(ref.seg)
    const rel = this.rel(file)
    const buf = Buffer.alloc(ref.length)
    const fd = this.ops.openSync(file, 'r')
    try {
      const n = this.ops.readSync(fd, buf, 0, ref.length, ref.offset)
      if (n !== ref.length) throw damaged(rel, null, '记录位置与索引不符', ref.offset)
    } finally {
      closeQuietly(this.ops, fd)
    }
    return { line: buf.toString('utf8', 0, ref.length - 1), rel, offset: ref.offset }
  }

  /**
   * Every change to the given records, newest first, at most `limit`: the index says where each
   * change is; only those bytes are read (short lines whole, with their checksum).
   */
  history(records: Array<{ c: string; k: string }>, limit: number, whole = false): Array<{ entry: LogEntry; change: Change }> {
    this.catchUpIndex()
    const wanted = new Set(records.map((r) => recordKey(r.c, r.k)))
    /** per record: its change refs, deduplicated (a crash may have indexed a segment twice) */
    const found = new Map<string, { ref: ChangeRef; key: string }>()
    const add = (key: string, r: ChangeRef) => found.set(`${r.seg}:${r.offset}:${r.at ?? ''}:${key}`, { ref: r, key })
    for (const shard of new Set([...wanted].map(shardOf))) {
      let text: string
      try {
        text = this.ops.readFileSync(path.join(this.indexDir(), `${shard}.jsonl`)).toString('utf8')
      } catch {
        continue
      }
      for (const line of text.split('\n')) {
        if (line === '') continue
        let row: [number, number, number, string, string, number?, number?]
        try {
          row = JSON.parse(line) as typeof row
        } catch {
          continue // a torn index line: the index is derived, its segment is still whole
        }
        const key = recordKey(row[3], row[4])
        if (wanted.has(key)) add(key, { seg: row[0], offset: row[1], length: row[2], at: row[5], len: row[6] })
      }
    }
    for (const key of wanted) for (const r of this.activeKeys.get(key) ?? []) add(key, r)
    const ordered = [...found.values()]
      .sort((a, b) => b.ref.seg - a.ref.seg || b.ref.offset - a.ref.offset || (b.ref.at ?? 0) - (a.ref.at ?? 0))
      .slice(0, limit)
    const out: Array<{ entry: LogEntry; change: Change }> = []
    const wholeLines = new Map<string, LogEntry>()
    for (const { ref, key } of ordered) {
      const [c, k] = key.split('\u0000') as [string, string]
      // A big line is read only around the record's own change, unless the whole entry is asked for.
      const part = ref.length > READ_WHOLE_LINE && !whole ? this.readChange(ref, c, k) : null
      if (part) {
        out.push(part)
        continue
      }
      const id = `${ref.seg}:${ref.offset}`
      let entry = wholeLines.get(id)
      if (!entry) {
        const { line, rel, offset } = this.readLine(ref)
        entry = parseLine(line, rel, null, offset)
        wholeLines.set(id, entry)
      }
      const changes = entry.changes.filter((ch) => ch.c === c && ch.k === k)
      // Several changes of one record in one line (never written so, but read whole to be sure).
      for (const change of ref.at === undefined ? changes : changes.slice(0, 1)) out.push({ entry, change })
    }
    return out
  }

  /** The latest entries, newest first, summarised without parsing their changes. */
  recent(limit: number): LogSummary[] {
    const out: LogSummary[] = []
    for (let i = this.activeRefs.length - 1; i >= 0 && out.length < limit; i--) {
      const { line, rel, offset } = this.readLine(this.activeRefs[i]!)
      out.push(parseSummary(line, rel, null, offset))
    }
    const segs = this.segments().filter((s) => s < this.activeFirst)
    for (let i = segs.length - 1; i >= 0 && out.length < limit; i--) {
      const file = this.segFile(segs[i]!)
      const rel = this.rel(file)
      const lines: Array<{ line: string; row: number }> = []
      scanLines(this.ops.readFileSync(file), (line, _o, _l, row) => lines.push({ line, row }))
      for (let j = lines.length - 1; j >= 0 && out.length < limit; j--) out.push(parseSummary(lines[j]!.line, rel, lines[j]!.row))
    }
    return out
  }

  close(): void {
    if (this.fd !== null) closeQuietly(this.ops, this.fd) // every line in it was fsync'd
    this.fd = null
  }
}

/** Adds an entry's changes to a key → change refs map. */
function indexChanges(keys: Map<string, ChangeRef[]>, ref: Ref, e: LogEntry, ranges: Array<[number, number]> | null): void {
  e.changes.forEach((ch, i) => {
    const key = recordKey(ch.c, ch.k)
    const r: ChangeRef = ranges ? { ...ref, at: ranges[i]![0], len: ranges[i]![1] } : { ...ref }
    const list = keys.get(key)
    if (list) list.push(r)
    else keys.set(key, [r])
  })
}
