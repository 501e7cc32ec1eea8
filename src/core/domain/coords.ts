// Coordinates: WGS-84 ↔ GCJ-02 (the offset system Chinese map providers use), distances, and the
// geometry helpers the map needs, written from the published GCJ-02 formulas (Krasovsky ellipsoid).

export const COORD_SYSTEMS = ['WGS-84', 'GCJ-02'] as const
export type CoordSystem = (typeof COORD_SYSTEMS)[number]

/** [lng, lat] in degrees */
export type LngLat = readonly [number, number]

const A = 6378245.0
const EE = 0.00669342162296594323
const PI = Math.PI

/**
 * The published rectangle inside which the GCJ-02 offset is applied. It is coarse (it takes in
 * parts of neighbouring countries); points outside it pass through unchanged.
 */
export function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3
  r += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y * PI) / 30)) * 2) / 3
  return r
}

function offsetLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3
  r += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3
  return r
}

/** The GCJ-02 offset (degrees) at a WGS-84 point. */
function offset(lng: number, lat: number): [number, number] {
  const radLat = (lat / 180) * PI
  let magic = Math.sin(radLat)
  magic = 1 - EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  const dLat = (offsetLat(lng - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI)
  const dLng = (offsetLng(lng - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * PI)
  return [dLng, dLat]
}

export function wgs84ToGcj02(p: LngLat): [number, number] {
  const [lng, lat] = p
  if (outOfChina(lng, lat)) return [lng, lat]
  const [dLng, dLat] = offset(lng, lat)
  return [lng + dLng, lat + dLat]
}

/**
 * GCJ-02 → WGS-84 has no closed form: iterate w ← w − (gcj(w) − g) from w = g. The offset varies
 * slowly, so a few rounds bring the error far below a millimetre.
 */
export function gcj02ToWgs84(p: LngLat): [number, number] {
  const [lng, lat] = p
  if (outOfChina(lng, lat)) return [lng, lat]
  let w: [number, number] = [lng, lat]
  for (let i = 0; i < 30; i++) {
    const g = wgs84ToGcj02(w)
    const dx = g[0] - lng
    const dy = g[1] - lat
    w = [w[0] - dx, w[1] - dy]
    if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) break
  }
  return w
}

/** A point from one system to another (unchanged when they are the same). */
export function convert(p: LngLat, from: CoordSystem, to: CoordSystem): [number, number] {
  if (from === to) return [p[0], p[1]]
  return from === 'WGS-84' ? wgs84ToGcj02(p) : gcj02ToWgs84(p)
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceM(a: LngLat, b: LngLat): number {
  const R = 6371008.8
  const toRad = (d: number) => (d * PI) / 180
  const dLat = toRad(b[1] - a[1])
  const dLng = toRad(b[0] - a[0])
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a[1])) * Math.cos(toRad(b[1])) * Math.sin(dLng / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Reads "WGS-84", "wgs84", "GCJ02", "gcj-02", "高德", "火星" … as a system, or undefined. */
export function parseCoordSystem(text: string | undefined): CoordSystem | undefined {
  const s = (text ?? '').trim().toLowerCase().replace(/[\s_-]/g, '')
  if (s === '') return undefined
  if (s.startsWith('wgs84') || s === 'wgs' || s === 'epsg4326' || s === 'crs84' || s === 'gps') return 'WGS-84'
  if (s.startsWith('gcj02') || s === 'gcj' || s === '高德' || s === '火星' || s === '火星坐标') return 'GCJ-02'
  return undefined
}

/** Rounds to 6 decimals (about 0.1 m), the precision points are kept at. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

// ---- GeoJSON geometry (Polygon / MultiPolygon only: what boundary files hold) ----

export type Ring = number[][]
export type PolygonCoords = Ring[]
export interface BoundaryGeometry {
  type: 'Polygon' | 'MultiPolygon'
  coordinates: PolygonCoords | PolygonCoords[]
}

function polygonsOf(g: BoundaryGeometry): PolygonCoords[] {
  return g.type === 'Polygon' ? [g.coordinates as PolygonCoords] : (g.coordinates as PolygonCoords[])
}

/** Every vertex converted, rounded to 6 decimals. */
export function convertGeometry(g: BoundaryGeometry, from: CoordSystem, to: CoordSystem): BoundaryGeometry {
  if (from === to) return g
  const ring = (r: Ring): Ring =>
    r.map((pt) => {
      const [x, y] = convert([pt[0]!, pt[1]!], from, to)
      return [round6(x), round6(y)]
    })
  const polys = polygonsOf(g).map((poly) => poly.map(ring))
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys }
}

/** [west, south, east, north] */
export type BBox = [number, number, number, number]

export function geometryBBox(g: BoundaryGeometry): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity]
  for (const poly of polygonsOf(g)) {
    for (const pt of poly[0] ?? []) {
      box[0] = Math.min(box[0], pt[0]!)
      box[1] = Math.min(box[1], pt[1]!)
      box[2] = Math.max(box[2], pt[0]!)
      box[3] = Math.max(box[3], pt[1]!)
    }
  }
  return box
}

/** Area-weighted centroid of the outer rings: where a county without an imported point is placed. */
export function geometryCentroid(g: BoundaryGeometry): [number, number] | undefined {
  let sa = 0
  let sx = 0
  let sy = 0
  for (const poly of polygonsOf(g)) {
    const r = poly[0] ?? []
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [x0, y0] = [r[j]![0]!, r[j]![1]!]
      const [x1, y1] = [r[i]![0]!, r[i]![1]!]
      const cross = x0 * y1 - x1 * y0
      sa += cross
      sx += (x0 + x1) * cross
      sy += (y0 + y1) * cross
    }
  }
  if (sa === 0) return undefined
  return [round6(sx / (3 * sa)), round6(sy / (3 * sa))]
}

/** Point in polygon (even–odd over all rings, so holes count). */
export function pointInGeometry(p: LngLat, g: BoundaryGeometry): boolean {
  let inside = false
  for (const poly of polygonsOf(g)) {
    for (const r of poly) {
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const [xi, yi] = [r[i]![0]!, r[i]![1]!]
        const [xj, yj] = [r[j]![0]!, r[j]![1]!]
        if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
      }
    }
  }
  return inside
}
