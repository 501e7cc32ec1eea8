// What the map is drawn from: imported points (村/乡镇/县), boundary layers, the optional online
// tile layer, and where a village without its own point is shown (near its township or county,
// marked approximate).

import type { BoundaryGeometry, CoordSystem, LngLat } from './coords'
import { round6 } from './coords'

export interface PlacePoint {
  /** a county (6), township (9) or village (12) code */
  code: string
  lng: number
  lat: number
  /** the system the numbers are in, as given */
  system: CoordSystem
  /** imported from a file, or set by a click on the map */
  source: 'import' | 'map'
  fileName?: string
}

export type BoundaryLevel = 'county' | 'township'

export interface BoundaryFeature {
  /** the division it was matched to, when it could be */
  code?: string
  name: string
  geometry: BoundaryGeometry
  /** the seat (DataV's `center`), when the file gives one */
  center?: [number, number]
}

export interface BoundaryLayer {
  level: BoundaryLevel
  system: CoordSystem
  fileName: string
  features: BoundaryFeature[]
}

/** The optional online base map; nothing is built in, the office enters its own provider. */
export interface TileSettings {
  enabled: boolean
  /** e.g. https://tiles.example.cn/{z}/{x}/{y}.png; {s} takes one of `subdomains` */
  urlTemplate: string
  attribution: string
  system: CoordSystem
  subdomains: string
  maxZoom: number
}

export const DEFAULT_TILES: TileSettings = { enabled: false, urlTemplate: '', attribution: '', system: 'GCJ-02', subdomains: '', maxZoom: 18 }

export type Approximation = 'township' | 'county'

export interface Placed {
  at: [number, number]
  /** absent for the village's own point */
  approx?: Approximation
}

/** Metres between neighbouring stand-in points around an anchor. */
const SPREAD_M = 220
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5))
const M_PER_DEG = 111_320

/**
 * Stand-in points for villages without their own: around the township's point, else the
 * county's, on a sunflower spiral (the k-th at √k steps out, turned by the golden angle) so they
 * can be told apart and clicked. Villages are taken in code order, so the layout is stable.
 */
export function placeVillages(
  villages: readonly { code: string; townshipCode: string; countyCode: string }[],
  points: ReadonlyMap<string, LngLat>,
): Map<string, Placed> {
  const out = new Map<string, Placed>()
  const used = new Map<string, number>()
  for (const v of [...villages].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const own = points.get(v.code)
    if (own) {
      out.set(v.code, { at: [own[0], own[1]] })
      continue
    }
    const anchorCode = points.has(v.townshipCode) ? v.townshipCode : points.has(v.countyCode) ? v.countyCode : undefined
    if (!anchorCode) continue
    const anchor = points.get(anchorCode)!
    const k = (used.get(anchorCode) ?? 0) + 1
    used.set(anchorCode, k)
    const r = SPREAD_M * Math.sqrt(k)
    const a = k * GOLDEN_ANGLE
    const dLat = (r * Math.sin(a)) / M_PER_DEG
    const dLng = (r * Math.cos(a)) / (M_PER_DEG * Math.cos((anchor[1] * Math.PI) / 180))
    out.set(v.code, { at: [round6(anchor[0] + dLng), round6(anchor[1] + dLat)], approx: anchorCode === v.townshipCode ? 'township' : 'county' })
  }
  return out
}
