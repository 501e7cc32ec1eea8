// Hostile files built in memory for the import-limit tests: .xlsx packages written part by part
// with their own zip writer (so a directory can lie about sizes), deflate streams of a gigabyte
// made from one repeated block (so the bomb costs nothing to make), and the peak memory a call adds.

import fs from 'node:fs'
import zlib from 'node:zlib'

/** A part's bytes as the zip will hold them, and what its directory entry declares. */
export interface Part {
  name: string
  /** deflated bytes */
  raw: Buffer
  size: number
  crc: number
}

export function part(name: string, text: string | Buffer): Part {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  return { name, raw: zlib.deflateRawSync(data), size: data.length, crc: zlib.crc32(data) }
}

/**
 * A part whose content is `head`, then `block` repeated `times`, then `tail`, deflated without ever
 * holding it whole: each block is compressed once, flushed to a byte boundary, and its bytes
 * repeated (a deflate stream may be cut into self-contained blocks like that).
 */
export function repeatedPart(name: string, head: string, block: Buffer, times: number, tail: string): Part {
  const h = Buffer.from(head, 'utf8')
  const t = Buffer.from(tail, 'utf8')
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH }
  const blockRaw = zlib.deflateRawSync(block, flush)
  const raw = Buffer.concat([zlib.deflateRawSync(h, flush), ...Array<Buffer>(times).fill(blockRaw), zlib.deflateRawSync(t)])
  let crc = zlib.crc32(h)
  for (let i = 0; i < times; i++) crc = zlib.crc32(block, crc)
  crc = zlib.crc32(t, crc)
  return { name, raw, size: h.length + block.length * times + t.length, crc }
}

export interface ZipOptions {
  /** what the central directory says of a part's uncompressed size, instead of the truth */
  declare?: Record<string, number>
  /** sizes in ZIP64 extra fields (as some Java and .NET writers do), the 32-bit fields all ones */
  zip64?: boolean
  /** general-purpose flags of every entry (bit 0: encrypted) */
  flags?: number
  /** the central directory entry of part i points at part j's data */
  pointAt?: Record<number, number>
}

/** A zip of deflated parts, honest unless `opts` says otherwise. */
export function zip(parts: readonly Part[], opts: ZipOptions = {}): Buffer {
  const out: Buffer[] = []
  const central: Buffer[] = []
  const offsets: number[] = []
  const sizeOf = (p: Part) => opts.declare?.[p.name] ?? p.size
  /** the ZIP64 extra field: uncompressed, then compressed size */
  const extraOf = (p: Part) => {
    const extra = Buffer.alloc(opts.zip64 ? 20 : 0)
    if (opts.zip64) {
      extra.writeUInt16LE(0x0001, 0)
      extra.writeUInt16LE(16, 2)
      extra.writeBigUInt64LE(BigInt(sizeOf(p)), 4)
      extra.writeBigUInt64LE(BigInt(p.raw.length), 12)
    }
    return extra
  }
  let offset = 0
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8')
    const size = sizeOf(p)
    const extra = extraOf(p)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(opts.zip64 ? 45 : 20, 4)
    local.writeUInt16LE(0x0800 | (opts.flags ?? 0), 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(p.crc, 14)
    local.writeUInt32LE(opts.zip64 ? 0xffffffff : p.raw.length, 18)
    local.writeUInt32LE(opts.zip64 ? 0xffffffff : size, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(extra.length, 28)
    offsets.push(offset)
    out.push(local, name, extra, p.raw)
    offset += 30 + name.length + extra.length + p.raw.length
  }
  parts.forEach((p, i) => {
    const name = Buffer.from(p.name, 'utf8')
    const size = sizeOf(p)
    const extra = extraOf(p)
    const entry = Buffer.alloc(46)
    entry.writeUInt32LE(0x02014b50, 0)
    entry.writeUInt16LE(opts.zip64 ? 45 : 20, 4)
    entry.writeUInt16LE(opts.zip64 ? 45 : 20, 6)
    entry.writeUInt16LE(0x0800 | (opts.flags ?? 0), 8)
    entry.writeUInt16LE(8, 10)
    entry.writeUInt32LE(p.crc, 16)
    entry.writeUInt32LE(opts.zip64 ? 0xffffffff : p.raw.length, 20)
    entry.writeUInt32LE(opts.zip64 ? 0xffffffff : size, 24)
    entry.writeUInt16LE(name.length, 28)
    entry.writeUInt16LE(extra.length, 30)
    entry.writeUInt32LE(offsets[opts.pointAt?.[i] ?? i]!, 42)
    central.push(entry, name, extra)
  })
  const cdSize = central.reduce((s, b) => s + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(cdSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...out, ...central, end])
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>`
export const SHEET_TAIL = '</sheetData></worksheet>'

/** The parts every workbook needs around its sheets (sheet i is xl/worksheets/sheet{i+1}.xml). */
export function workbookParts(sheetNames: readonly string[], sharedStrings?: readonly string[]): Part[] {
  const sheets = sheetNames.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
  const rels = sheetNames
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('')
  const parts = [
    part(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    part(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    part('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets>${sheets}</sheets></workbook>`),
    part('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`),
  ]
  if (sharedStrings) {
    const si = sharedStrings.map((s) => `<si><t>${s}</t></si>`).join('')
    parts.push(part('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">${si}</sst>`))
  }
  return parts
}

/** One row of inline-string cells: `<row r="3"><c r="A3" t="inlineStr"><is><t>…</t></is></c>…</row>` */
export function rowXml(row: number, cells: readonly string[], firstColumn = 1): string {
  const c = cells.map((text, i) => `<c r="${letters(firstColumn + i)}${row}" t="inlineStr"><is><t>${text}</t></is></c>`).join('')
  return `<row r="${row}">${c}</row>`
}

export function letters(col: number): string {
  let s = ''
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s
  return s
}

/**
 * Runs `f` and says how far the process's peak RSS rose above its RSS when `f` began (MB). On Linux
 * the peak is first reset to the current RSS (/proc/self/clear_refs), so earlier tests' peaks do
 * not count; elsewhere it is still an upper bound, only a looser one.
 */
export async function peakGrowthMb<T>(f: () => Promise<T>): Promise<{ value: T; mb: number }> {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5')
  } catch {
    // not Linux, or not allowed: the peak so far stays in the figure
  }
  const before = process.memoryUsage().rss
  const value = await f()
  const peak = process.resourceUsage().maxRSS * 1024
  return { value, mb: Math.max(0, (peak - before) / 1024 / 1024) }
}
