// Reads a coordinate list (code, lng, lat, coord_system — e.g. points exported from a GIS or a map
// provider) for counties, townships and villages; every bad row is named, all or nothing.

import { type CoordSystem, parseCoordSystem } from '../domain/coords'
import type { Division } from '../domain/types'
import { AppError, type ProblemDetail, type Where } from '../errors'
import { MAX_PROBLEM_DETAILS } from './divisions'
import { readTable } from './table'

export interface PointRow {
  code: string
  lng: number
  lat: number
  system: CoordSystem
}

type Col = 'code' | 'lng' | 'lat' | 'system'

const HEADERS: ReadonlyMap<string, Col> = new Map([
  ['code', 'code'],
  ['代码', 'code'],
  ['区划代码', 'code'],
  ['统计用区划代码', 'code'],
  ['lng', 'lng'],
  ['lon', 'lng'],
  ['long', 'lng'],
  ['longitude', 'lng'],
  ['经度', 'lng'],
  ['x', 'lng'],
  ['lat', 'lat'],
  ['latitude', 'lat'],
  ['纬度', 'lat'],
  ['y', 'lat'],
  ['coordsystem', 'system'],
  ['crs', 'system'],
  ['坐标系', 'system'],
])

const LABEL: Record<Col, string> = { code: 'code（代码）', lng: 'lng（经度）', lat: 'lat（纬度）', system: 'coord_system（坐标系）' }

const normalize = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-]+/g, '')

/** Parses the file; `fallback` is the system for rows that do not name one. */
export async function parsePointFile(
  fileName: string,
  bytes: Uint8Array,
  divisions: (code: string) => Division | undefined,
  fallback: CoordSystem | undefined,
): Promise<PointRow[]> {
  const table = await readTable(fileName, bytes)
  const problems: ProblemDetail[] = []
  const at = (row: number, column?: string): Where => ({
    file: fileName,
    ...(table.sheet !== undefined ? { sheet: table.sheet } : {}),
    row,
    ...(column !== undefined ? { column } : {}),
  })
  const headerIndex = table.rows.findIndex((r) => r.some((c) => c.trim() !== ''))
  const cols = new Map<Col, number>()
  const headerCells = headerIndex === -1 ? [] : table.rows[headerIndex]!.map((c) => c.trim())
  headerCells.forEach((c, i) => {
    const k = HEADERS.get(normalize(c))
    if (k && !cols.has(k)) cols.set(k, i)
  })
  const missing = (['code', 'lng', 'lat'] as const).filter((k) => !cols.has(k))
  if (headerIndex === -1 || missing.length > 0) {
    throw new AppError(
      'import_rejected',
      `文件 ${fileName} 缺少必需的列：${missing.map((k) => LABEL[k]).join('、')}。第一行应为表头：code, lng, lat, coord_system（也可写作 代码、经度、纬度、坐标系）。`,
      { where: { file: fileName, row: headerIndex + 1 } },
    )
  }
  const name = (k: Col) => headerCells[cols.get(k)!]!
  const out: PointRow[] = []
  const firstRow = new Map<string, number>()
  for (let i = headerIndex + 1; i < table.rows.length; i++) {
    const cells = table.rows[i]!
    if (cells.every((c) => c.trim() === '')) continue
    const row = i + 1
    const cell = (k: Col) => (cols.has(k) ? (cells[cols.get(k)!] ?? '').trim() : '')
    const before = problems.length

    const code = cell('code').replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xff10 + 0x30))
    if (!/^\d{6}$|^\d{9}$|^\d{12}$/.test(code)) {
      problems.push({ message: `代码“${cell('code')}”应为 6 位（县）、9 位（乡镇）或 12 位（村）数字。`, where: at(row, name('code')) })
    } else if (!divisions(code)) {
      problems.push({ message: `代码 ${code} 不在已导入的区划清单中。`, where: at(row, name('code')) })
    } else if (firstRow.has(code)) {
      problems.push({ message: `代码 ${code} 重复：第 ${firstRow.get(code)} 行和第 ${row} 行。`, where: at(row, name('code')) })
    } else {
      firstRow.set(code, row)
    }

    const lng = Number(cell('lng'))
    const lat = Number(cell('lat'))
    if (cell('lng') === '' || !Number.isFinite(lng) || lng < -180 || lng > 180) {
      problems.push({ message: `经度“${cell('lng')}”应为 -180 到 180 之间的数（度）。`, where: at(row, name('lng')) })
    }
    if (lat > 60 && lat <= 180 && lng > 0 && lng < 60) {
      // China lies at latitudes 18–54 and longitudes 73–135: a "latitude" of 111 is a longitude.
      problems.push({ message: `经度 ${lng}、纬度 ${lat} 看起来写反了（中国境内纬度约 18–54 度）。`, where: at(row, name('lat')) })
    } else if (cell('lat') === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
      problems.push({ message: `纬度“${cell('lat')}”应为 -90 到 90 之间的数（度）。`, where: at(row, name('lat')) })
    }

    const systemText = cell('system')
    const system = systemText === '' ? fallback : parseCoordSystem(systemText)
    if (!system) {
      problems.push({
        message:
          systemText === ''
            ? '没有注明坐标系：请在 coord_system 列填写 WGS-84 或 GCJ-02，或在导入时选择坐标系。'
            : `坐标系“${systemText}”无法识别，应为 WGS-84 或 GCJ-02。`,
        where: at(row, cols.has('system') ? name('system') : undefined),
      })
    }
    if (problems.length === before) out.push({ code, lng, lat, system: system! })
  }
  if (problems.length === 0 && out.length === 0) {
    throw new AppError('import_rejected', `文件 ${fileName} 的表头下面没有任何坐标。`, { where: { file: fileName } })
  }
  if (problems.length > 0) {
    throw new AppError('import_rejected', `文件 ${fileName} 有 ${problems.length} 处问题，未导入任何坐标。`, {
      where: { file: fileName },
      details: problems.slice(0, MAX_PROBLEM_DETAILS),
    })
  }
  return out
}
