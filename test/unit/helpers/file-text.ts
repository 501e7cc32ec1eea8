// Every piece of text a file the core hands out carries, for tests that look for what must not be
// there: an .xlsx read cell by cell through exceljs (and every part of its zip, so nothing exceljs
// does not model — comments, properties, defined names — is missed); any other file as UTF-8 text.

import zlib from 'node:zlib'
import ExcelJS from 'exceljs'
import type { FileOutput } from '../../../src/core/contract'

export interface FileText {
  /** where in the file: sheet!cell, a header or footer, a zip part */
  where: string
  text: string
}

/** True for a value shaped like the FileOutput of an export or a template. */
export function isFileOutput(v: unknown): v is FileOutput {
  if (v === null || typeof v !== 'object') return false
  const o = v as Record<string, unknown>
  return typeof o.dataBase64 === 'string' && typeof o.mime === 'string' && typeof o.fileName === 'string'
}

/** The entries of a zip archive (an .xlsx), inflated: name → bytes. */
export function unzip(bytes: Buffer): Map<string, Buffer> {
  // The end-of-central-directory record is within the last 64 KiB + 22 bytes.
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd === -1) throw new Error('not a zip archive (no end of central directory)')
  const count = bytes.readUInt16LE(eocd + 10)
  let at = bytes.readUInt32LE(eocd + 16)
  const out = new Map<string, Buffer>()
  for (let n = 0; n < count; n++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip central directory damaged at ${at}`)
    const method = bytes.readUInt16LE(at + 10)
    const size = bytes.readUInt32LE(at + 20)
    const nameLen = bytes.readUInt16LE(at + 28)
    const extraLen = bytes.readUInt16LE(at + 30)
    const commentLen = bytes.readUInt16LE(at + 32)
    const local = bytes.readUInt32LE(at + 42)
    const name = bytes.subarray(at + 46, at + 46 + nameLen).toString('utf8')
    // The local header has its own name and extra lengths.
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
    const data = bytes.subarray(start, start + size)
    if (method === 0) out.set(name, Buffer.from(data))
    else if (method === 8) out.set(name, zlib.inflateRawSync(data))
    else throw new Error(`zip entry ${name}: compression method ${method} not supported`)
    at += 46 + nameLen + extraLen + commentLen
  }
  return out
}

function cellTexts(ws: ExcelJS.Worksheet): FileText[] {
  const out: FileText[] = [{ where: `${ws.name} (sheet name)`, text: ws.name }]
  for (const [part, text] of Object.entries(ws.headerFooter ?? {})) {
    if (typeof text === 'string') out.push({ where: `${ws.name} ${part}`, text })
  }
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      // The displayed text and the stored value (rich text runs, a formula and its result, a link).
      out.push({ where: `${ws.name}!${cell.address}`, text: `${cell.text}\n${JSON.stringify(cell.value)}` })
      if (cell.note) out.push({ where: `${ws.name}!${cell.address} (note)`, text: JSON.stringify(cell.note) })
    })
  })
  return out
}

/** Every text of a file: each cell of each sheet with headers and footers, then every zip part. */
export async function fileTexts(f: FileOutput): Promise<FileText[]> {
  const bytes = Buffer.from(f.dataBase64, 'base64')
  const out: FileText[] = [{ where: 'file name', text: f.fileName }]
  if (f.mime.includes('spreadsheetml') || f.fileName.endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    for (const ws of wb.worksheets) out.push(...cellTexts(ws))
    for (const [name, data] of unzip(bytes)) out.push({ where: `zip part ${name}`, text: data.toString('utf8') })
  } else {
    out.push({ where: 'file text', text: bytes.toString('utf8') })
  }
  return out
}
