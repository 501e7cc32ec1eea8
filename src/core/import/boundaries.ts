// Reads a boundary file (GeoJSON FeatureCollection of Polygon/MultiPolygon features, as DataV,
// a GIS or the office's surveyors produce) and matches each feature to a county or township.

import { type BoundaryGeometry, type CoordSystem, parseCoordSystem, round6 } from '../domain/coords'
import type { BoundaryFeature, BoundaryLevel } from '../domain/map-layers'
import { TEXT_MAX } from '../domain/text-limits'
import type { Division } from '../domain/types'
import { AppError, type ProblemDetail } from '../errors'
import { MAX_PROBLEM_DETAILS } from './divisions'
import { scanJson } from './json-scan'
import { LIMITS, n, overLimit, SIMPLIFY_ADVICE, tooBig } from './limits'

export interface ParsedBoundaries {
  features: BoundaryFeature[]
  /** the system the file states (a `crs` or a `metadata.coordinate_system`), if any */
  statedSystem?: CoordSystem
  unmatched: string[]
}

const CODE_LEN: Record<BoundaryLevel, number> = { county: 6, township: 9 }
const LEVEL_LABEL: Record<BoundaryLevel, string> = { county: '县级', township: '乡镇级' }

type Json = unknown

function isObj(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A 6-, 9- or 12-digit code cut to the level's length when the rest is zeros (141002 / 141002100000). */
function codeFor(v: Json, level: BoundaryLevel): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined
  const s = String(v).trim()
  if (!/^\d+$/.test(s)) return undefined
  const len = CODE_LEN[level]
  if (s.length === len) return s
  if (s.length > len && /^0+$/.test(s.slice(len))) return s.slice(0, len)
  return undefined
}

function statedSystem(root: Record<string, Json>): CoordSystem | undefined {
  const meta = isObj(root.metadata) ? root.metadata.coordinate_system : undefined
  if (typeof meta === 'string') {
    const m = /(WGS[\s-]?84|GCJ[\s-]?02)/i.exec(meta)
    if (m) return parseCoordSystem(m[1])
  }
  const crs = isObj(root.crs) && isObj(root.crs.properties) ? root.crs.properties.name : undefined
  if (typeof crs === 'string' && /CRS84|4326/i.test(crs)) return 'WGS-84'
  return undefined
}

function featureName(f: Json, i: number): string {
  const props = isObj(f) && isObj(f.properties) ? f.properties : {}
  return String(props.name ?? props.NAME ?? props['名称'] ?? '').trim() || `第 ${i + 1} 个边界`
}

/** Positions of a Polygon or MultiPolygon as given (0 for anything else: `geometry` refuses it). */
function positionCount(g: Json): number {
  if (!isObj(g) || !Array.isArray(g.coordinates)) return 0
  const rings = (p: Json) => (Array.isArray(p) ? p.reduce((s: number, r: Json) => s + (Array.isArray(r) ? r.length : 0), 0) : 0)
  if (g.type === 'Polygon') return rings(g.coordinates)
  if (g.type === 'MultiPolygon') return g.coordinates.reduce((s: number, p: Json) => s + rings(p), 0)
  return 0
}

function tooManyPoints(fileName: string, points: number): AppError {
  return overLimit(
    { file: fileName },
    `文件 ${fileName} 有 ${n(points)} 个坐标点，超过了每个文件 ${n(LIMITS.geojson.points)} 个的上限，未导入（地图每次打开都要传送全部坐标）。${SIMPLIFY_ADVICE}`,
  )
}

/** Checks one ring: at least four [lng, lat] positions in degrees. */
function ring(v: Json): number[][] | string {
  if (!Array.isArray(v) || v.length < 4) return '边界环至少要有 4 个点'
  const out: number[][] = []
  for (const pt of v) {
    if (!Array.isArray(pt) || typeof pt[0] !== 'number' || typeof pt[1] !== 'number') return '坐标应为 [经度, 纬度] 数对'
    const [x, y] = pt as [number, number]
    if (Math.abs(x) > 180 || Math.abs(y) > 90) return `坐标 [${x}, ${y}] 不是经纬度（可能是投影坐标），请先转换为经纬度`
    out.push([round6(x), round6(y)])
  }
  return out
}

function geometry(v: Json): BoundaryGeometry | string {
  if (!isObj(v)) return '没有几何图形（geometry 为空）'
  const polygon = (p: Json): number[][][] | string => {
    if (!Array.isArray(p) || p.length === 0) return '多边形没有坐标'
    const rings: number[][][] = []
    for (const r of p) {
      const checked = ring(r)
      if (typeof checked === 'string') return checked
      rings.push(checked)
    }
    return rings
  }
  if (v.type === 'Polygon') {
    const p = polygon(v.coordinates)
    return typeof p === 'string' ? p : { type: 'Polygon', coordinates: p }
  }
  if (v.type === 'MultiPolygon') {
    if (!Array.isArray(v.coordinates) || v.coordinates.length === 0) return '多边形没有坐标'
    const polys: number[][][][] = []
    for (const c of v.coordinates) {
      const p = polygon(c)
      if (typeof p === 'string') return p
      polys.push(p)
    }
    return { type: 'MultiPolygon', coordinates: polys }
  }
  return `几何类型为 ${String(v.type)}，边界应为 Polygon 或 MultiPolygon`
}

/**
 * Parses the GeoJSON and matches features to divisions of `level`: by code (adcode, code, 区划代码)
 * first, then by a name that only one division of that level has. Features that match nothing are
 * kept (they are still drawn) and listed.
 */
export function parseBoundaryFile(
  fileName: string,
  bytes: Uint8Array,
  level: BoundaryLevel,
  divisionsOfLevel: readonly Division[],
): ParsedBoundaries {
  const where = { file: fileName }
  const G = LIMITS.geojson
  if (bytes.length > G.fileBytes) throw tooBig(fileName, bytes.length, G.fileBytes, ' GeoJSON ', SIMPLIFY_ADVICE)
  // Measured before JSON.parse, which would build every object of the file first.
  const scan = scanJson(bytes, G.depth)
  if (scan.tooDeep) {
    throw overLimit(where, `文件 ${fileName} 的括号嵌套超过 ${G.depth} 层（GeoJSON 边界只需 8 层），不是边界文件，未导入。`)
  }
  if (scan.positions > G.points) throw tooManyPoints(fileName, scan.positions)
  if (scan.values > G.values) {
    throw overLimit(where, `文件 ${fileName} 有 ${n(scan.values)} 个数值、文字和对象，超过了 ${n(G.values)} 个的上限，未导入。${SIMPLIFY_ADVICE}`)
  }
  let root: Json
  try {
    root = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new AppError('unsupported_file', `文件 ${fileName} 不是有效的 GeoJSON（${(e as Error).message}）。请导入 .geojson 或 .json 格式的边界文件。`, { where })
  }
  if (!isObj(root) || (root.type !== 'FeatureCollection' && root.type !== 'Feature')) {
    throw new AppError('import_rejected', `文件 ${fileName} 不是 GeoJSON 要素集合（应为 "type": "FeatureCollection"）。`, { where })
  }
  const rawFeatures: Json[] = root.type === 'Feature' ? [root] : Array.isArray(root.features) ? root.features : []
  if (rawFeatures.length === 0) throw new AppError('import_rejected', `文件 ${fileName} 中没有任何边界。`, { where })
  if (rawFeatures.length > G.features) {
    throw overLimit(where, `文件 ${fileName} 有 ${n(rawFeatures.length)} 个边界，超过了每个文件 ${n(G.features)} 个的上限，未导入。请只导入需要的区域。`)
  }
  // Points of each feature and of the file, counted on the geometry itself (the scan above counts
  // every "coordinates" member, wherever it is).
  let points = 0
  for (const [i, f] of rawFeatures.entries()) {
    const count = positionCount(isObj(f) ? f.geometry : undefined)
    if (count > G.pointsPerFeature) {
      throw overLimit(
        { file: fileName, field: `features.${i}.geometry` },
        `文件 ${fileName} 的第 ${i + 1} 个边界（${featureName(f, i).slice(0, 30)}）有 ${n(count)} 个坐标点，超过了每个边界 ${n(G.pointsPerFeature)} 个的上限，未导入。${SIMPLIFY_ADVICE}`,
      )
    }
    points += count
  }
  if (points > G.points) throw tooManyPoints(fileName, points)

  const byCode = new Map(divisionsOfLevel.map((d) => [d.code, d]))
  const byName = new Map<string, Division | null>()
  for (const d of divisionsOfLevel) byName.set(d.name, byName.has(d.name) ? null : d)

  const problems: ProblemDetail[] = []
  const features: BoundaryFeature[] = []
  const unmatched: string[] = []
  const seen = new Set<string>()
  rawFeatures.forEach((f, i) => {
    const props = isObj(f) && isObj(f.properties) ? f.properties : {}
    const name = featureName(f, i)
    const g = geometry(isObj(f) ? f.geometry : undefined)
    if (typeof g === 'string') {
      problems.push({ message: `第 ${i + 1} 个边界（${name}）：${g}。`, where: { file: fileName, field: `features.${i}.geometry` } })
      return
    }
    const code = codeFor(props.adcode ?? props.code ?? props.ADCODE ?? props['区划代码'], level)
    const division = (code && byCode.get(code)) || byName.get(name) || undefined
    const feature: BoundaryFeature = { name: division?.name ?? name, geometry: g }
    if (division) {
      if (seen.has(division.code)) {
        problems.push({ message: `第 ${i + 1} 个边界（${name}）与前面的边界对应同一个${LEVEL_LABEL[level]}区划 ${division.code}。`, where: { file: fileName, field: `features.${i}` } })
        return
      }
      seen.add(division.code)
      feature.code = division.code
    } else if (name.length > TEXT_MAX.divisionName) {
      // Kept as the outline's name, so it is held to the same length as a division's.
      problems.push({
        message: `第 ${i + 1} 个边界的名称“${name.slice(0, 20)}…”有 ${n(name.length)} 个字，超过了名称 ${TEXT_MAX.divisionName} 个字的上限。`,
        where: { file: fileName, field: `features.${i}.properties.name` },
      })
      return
    } else unmatched.push(name)
    const c = props.center
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') feature.center = [round6(c[0]), round6(c[1])]
    features.push(feature)
  })
  if (problems.length > 0) {
    throw new AppError('import_rejected', `文件 ${fileName} 有 ${problems.length} 处问题，未导入边界。`, { where, details: problems.slice(0, MAX_PROBLEM_DETAILS) })
  }
  const stated = statedSystem(root)
  return { features, unmatched, ...(stated ? { statedSystem: stated } : {}) }
}
