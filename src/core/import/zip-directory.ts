// A zip file's central directory read without inflating anything, each entry inflated with a hard
// cap on its output, and a stored (uncompressed) zip written back: so .xlsx limits are checked on
// what the file declares, then on what it really holds, before exceljs sees a byte of it.

import zlib from 'node:zlib'

export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflate */
  method: number
  crc32: number
  compressedSize: number
  uncompressedSize: number
  /** where the entry's data starts in the file */
  dataStart: number
}

/** The file is not a zip this reader can trust; `reason` is for the message (Chinese). */
export class ZipFormatError extends Error {}

const EOCD = 0x06054b50
const EOCD64_LOCATOR = 0x07064b50
const EOCD64 = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const MAX16 = 0xffff
const MAX32 = 0xffffffff

/**
 * The entries listed in the central directory, checked for what a well-formed zip has: one
 * volume, entries inside the file that do not overlap, no encryption, stored or deflated data.
 * Throws ZipFormatError otherwise; reads at most `maxEntries` entries.
 */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): { entries: ZipEntry[]; declared: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const eocd = findEocd(buf)
  let count = buf.readUInt16LE(eocd + 10)
  let cdSize = buf.readUInt32LE(eocd + 12)
  let cdOffset = buf.readUInt32LE(eocd + 16)
  if (buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 6) !== 0) throw new ZipFormatError('分卷压缩包')
  if (count === MAX16 || cdSize === MAX32 || cdOffset === MAX32) {
    const loc = eocd - 20
    if (loc < 0 || buf.readUInt32LE(loc) !== EOCD64_LOCATOR) throw new ZipFormatError('找不到 ZIP64 目录')
    const at = safeNumber(buf.readBigUInt64LE(loc + 8))
    if (at + 56 > loc || buf.readUInt32LE(at) !== EOCD64) throw new ZipFormatError('ZIP64 目录已损坏')
    count = safeNumber(buf.readBigUInt64LE(at + 32))
    cdSize = safeNumber(buf.readBigUInt64LE(at + 40))
    cdOffset = safeNumber(buf.readBigUInt64LE(at + 48))
  }
  if (count > maxEntries) return { entries: [], declared: count }
  if (cdOffset + cdSize > eocd) throw new ZipFormatError('目录位置超出文件')

  const entries: ZipEntry[] = []
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdOffset + cdSize || buf.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('目录已损坏')
    const flags = buf.readUInt16LE(p + 8)
    const method = buf.readUInt16LE(p + 10)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const end = p + 46 + nameLen + extraLen + commentLen
    if (end > cdOffset + cdSize) throw new ZipFormatError('目录已损坏')
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen)
    let compressedSize = buf.readUInt32LE(p + 20)
    let uncompressedSize = buf.readUInt32LE(p + 24)
    let localOffset = buf.readUInt32LE(p + 42)
    if (compressedSize === MAX32 || uncompressedSize === MAX32 || localOffset === MAX32) {
      // The ZIP64 extra field holds, in this order, only the values that did not fit.
      const z = zip64Extra(buf, p + 46 + nameLen, extraLen)
      let q = 0
      const next = () => {
        if (!z || q + 8 > z.length) throw new ZipFormatError('ZIP64 信息已损坏')
        const v = safeNumber(z.readBigUInt64LE(q))
        q += 8
        return v
      }
      if (uncompressedSize === MAX32) uncompressedSize = next()
      if (compressedSize === MAX32) compressedSize = next()
      if (localOffset === MAX32) localOffset = next()
    }
    if (flags & 1) throw new ZipFormatError('加密的压缩包')
    if (method !== 0 && method !== 8) throw new ZipFormatError(`不支持的压缩方式 ${method}`)
    if (method === 0 && compressedSize !== uncompressedSize) throw new ZipFormatError(`${name} 的大小前后不一致`)
    if (localOffset + 30 > cdOffset || buf.readUInt32LE(localOffset) !== LOCAL) throw new ZipFormatError(`${name} 的位置已损坏`)
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28)
    if (dataStart + compressedSize > cdOffset) throw new ZipFormatError(`${name} 超出文件末尾`)
    entries.push({ name, method, crc32: buf.readUInt32LE(p + 16), compressedSize, uncompressedSize, dataStart })
    p = end
  }
  // Entries sharing their data is how the "overlapping" zip bombs multiply a few KB into gigabytes.
  const byStart = [...entries].sort((a, b) => a.dataStart - b.dataStart)
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1]!
    if (byStart[i]!.dataStart < prev.dataStart + Math.max(prev.compressedSize, 1)) throw new ZipFormatError('条目的数据互相重叠')
  }
  return { entries, declared: count }
}

function findEocd(buf: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65,535; take the last one, as zip readers do.
  const stop = Math.max(0, buf.length - 22 - MAX16)
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD && i + 22 + buf.readUInt16LE(i + 20) <= buf.length) return i
  }
  throw new ZipFormatError('找不到压缩包目录，文件不完整')
}

function zip64Extra(buf: Buffer, start: number, length: number): Buffer | undefined {
  for (let p = start; p + 4 <= start + length; ) {
    const id = buf.readUInt16LE(p)
    const size = buf.readUInt16LE(p + 2)
    if (id === 0x0001) return buf.subarray(p + 4, Math.min(p + 4 + size, start + length))
    p += 4 + size
  }
  return undefined
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('大小或位置超出范围')
  return Number(v)
}

export type InflateResult = { data: Buffer } | { problem: 'larger' | 'smaller' | 'damaged' }

/**
 * The entry's data, inflated with its output capped at the size the directory declares: a header
 * that understates the size stops the inflation there instead of filling memory.
 */
export function inflateEntry(bytes: Uint8Array, e: ZipEntry): InflateResult {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset + e.dataStart, e.compressedSize)
  let data: Buffer
  if (e.method === 0) data = raw
  else {
    try {
      data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, e.uncompressedSize) })
    } catch (err) {
      return { problem: (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'larger' : 'damaged' }
    }
  }
  if (data.length > e.uncompressedSize) return { problem: 'larger' }
  if (data.length < e.uncompressedSize) return { problem: 'smaller' }
  if (zlib.crc32(data) !== e.crc32) return { problem: 'damaged' }
  return { data }
}

/** A zip of these parts, stored without compression: every reader then sees exactly these bytes. */
export function writeStoredZip(parts: ReadonlyArray<{ name: string; data: Buffer }>): Buffer {
  const chunks: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const { name, data } of parts) {
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = zlib.crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(LOCAL, 0)
    local.writeUInt16LE(20, 4) // version needed: 2.0
    local.writeUInt16LE(0x0800, 6) // names are UTF-8
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const header = Buffer.alloc(46)
    header.writeUInt32LE(CENTRAL, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(20, 6)
    header.writeUInt16LE(0x0800, 8)
    header.writeUInt32LE(crc, 16)
    header.writeUInt32LE(data.length, 20)
    header.writeUInt32LE(data.length, 24)
    header.writeUInt16LE(nameBytes.length, 28)
    header.writeUInt32LE(offset, 42)
    chunks.push(local, nameBytes, data)
    central.push(header, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(EOCD, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(cdSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...chunks, ...central, end])
}
