// The limits every file read from a user is held to (sizes, compression, rows, columns, cells,
// cell text, GeoJSON points), and the refusals that name the file, the place and the limit.
// docs/IMPORTS.md states them with the reasoning; change them here and there together.

import { AppError, type Where } from '../errors'

const MB = 1024 * 1024

export const LIMITS = {
  /** Excel's own ceiling for one cell, so anything Excel can hold passes. */
  cellChars: 32_767,
  /** One sheet (or CSV file). Township files have at most a few thousand rows, a county roster ~20,000. */
  rows: 50_000,
  /** Old Excel (.xls) stopped at 256 columns; township sheets use fewer than 40. */
  columns: 256,
  /** Cells of one file (each row counted to its last cell): exceljs needs ~0.7 KB a cell while it
   * reads, so the biggest file accepted takes ~0.7 GB for a moment. */
  cells: 1_000_000,
  /** Cells an import batch holds in memory until it is committed: a day of 116 township files has
   * ~35,000, a county roster ~280,000. */
  batchCells: 2_000_000,
  xlsx: {
    fileBytes: 50 * MB,
    /** a 200-sheet workbook has ~1,000 parts */
    entries: 2_000,
    sheets: 200,
    /** uncompressed size of any one part, as declared and as inflated */
    partBytes: 100 * MB,
    /** uncompressed size of the whole package, as declared */
    totalBytes: 160 * MB,
    /** parts exceljs parses besides sheets and shared strings (styles, comments, drawings…),
     * together: it builds objects for all of them (81 MB of styles: +308 MB); Excel's own cap of
     * 64,000 cell formats keeps real styles under ~8 MB */
    otherPartsBytes: 32 * MB,
    /** uncompressed ÷ compressed for any part (and the whole package) bigger than ratioFromBytes;
     * real sheet XML reaches ~15:1, repeated bytes deflate ~1,000:1 */
    ratio: 100,
    ratioFromBytes: 1 * MB,
  },
  csvBytes: 20 * MB,
  geojson: {
    fileBytes: 20 * MB,
    /** GeoJSON needs 8 levels (collection, features, feature, geometry, polygons, rings, points) */
    depth: 20,
    /** every JSON value (number, string, array, object): bounds what JSON.parse builds */
    values: 1_500_000,
    features: 1_000,
    pointsPerFeature: 50_000,
    points: 100_000,
  },
} as const

/** 1,048,576 — how every limit and count is written in a message. */
export function n(value: number): string {
  return value.toLocaleString('en-US')
}

/** 20 MB, 1.5 MB, 980 KB */
export function size(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** The refusal of a file that passes a limit: what it has, the limit, and what to do. */
export function overLimit(where: Where, message: string): AppError {
  return new AppError('import_rejected', message, { where })
}

const TABLE_ADVICE = '请删去不需要的工作表、图片或行，或分成几个文件后再导入。'
/** What to do about a boundary file past a limit: the map needs far less detail than a survey has. */
export const SIMPLIFY_ADVICE = '请先在 GIS 软件中简化边界（如 QGIS 的“简化”、mapshaper），或只导入需要的区域。'

const UPLOAD: Record<'table' | 'geojson', { bytes: number; label: string; advice: string }> = {
  table: { bytes: Math.max(LIMITS.xlsx.fileBytes, LIMITS.csvBytes), label: '表格', advice: TABLE_ADVICE },
  geojson: { bytes: LIMITS.geojson.fileBytes, label: ' GeoJSON ', advice: SIMPLIFY_ADVICE },
}

/**
 * The bytes of an uploaded file, refused before decoding when the base64 text already says the
 * file is bigger than its kind allows (decoding a huge upload would double the memory it takes).
 */
export function uploadBytes(file: { fileName: string; dataBase64: string }, kind: keyof typeof UPLOAD): Uint8Array {
  const { bytes: max, label, advice } = UPLOAD[kind]
  // base64 holds 3 bytes in every 4 characters; padding makes the estimate at most 2 too big.
  const approx = Math.floor((file.dataBase64.length * 3) / 4)
  if (approx > max + 2) throw tooBig(file.fileName, approx, max, label, advice)
  const bytes = new Uint8Array(Buffer.from(file.dataBase64, 'base64'))
  if (bytes.length > max) throw tooBig(file.fileName, bytes.length, max, label, advice)
  return bytes
}

/** `label` names the kind of file, spaced as the sentence needs: '表格', ' CSV '. */
export function tooBig(fileName: string, bytes: number, maxBytes: number, label: string, advice = TABLE_ADVICE): AppError {
  return overLimit({ file: fileName }, `文件 ${fileName} 有 ${size(bytes)}，超过了${label}文件 ${size(maxBytes)} 的上限，未导入。${advice}`)
}

/** 名称“临汾市尧都区屯里镇东…”有 61 个字，最多 60 个字。 — a field longer than its form allows. */
export function tooLong(label: string, text: string, max: number): string {
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text
  return `${label}“${shown}”有 ${n(text.length)} 个字，超过了 ${n(max)} 个字的上限。`
}
