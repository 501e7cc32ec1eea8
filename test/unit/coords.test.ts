// WGS-84 ↔ GCJ-02 against the published point pairs in ../shared/data (GCJ-02 from AMap with WGS-84
// derived independently), round trips, points outside China, and the polygon helpers.
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type BoundaryGeometry,
  convert,
  distanceM,
  gcj02ToWgs84,
  geometryCentroid,
  outOfChina,
  parseCoordSystem,
  pointInGeometry,
  wgs84ToGcj02,
} from '../../src/core/domain/coords'
import { SHARED } from './helpers/core'

interface Pair {
  code: string
  gcj: [number, number]
  wgs: [number, number]
}

function pairs(file: string): Pair[] {
  const [head, ...lines] = fs.readFileSync(path.join(SHARED, file), 'utf8').trim().split('\n')
  const cols = head!.split(',')
  const at = (cells: string[], name: string) => Number(cells[cols.indexOf(name)])
  return lines.map((l) => {
    const c = l.split(',')
    return { code: c[0]!, gcj: [at(c, 'lng'), at(c, 'lat')], wgs: [at(c, 'lng_wgs84_derived'), at(c, 'lat_wgs84_derived')] }
  })
}

const ALL = [...pairs('linfen-county-points-gcj02.csv'), ...pairs('linfen-township-points-gcj02.csv'), ...pairs('linfen-village-points-gcj02.csv')]

describe('WGS-84 ↔ GCJ-02', () => {
  it('has the shared files\' 267 point pairs to check against', () => {
    expect(ALL).toHaveLength(34 + 133 + 100)
    // In Linfen the offset is about 550 m: the pairs are not trivially equal.
    for (const p of ALL) expect(distanceM(p.gcj, p.wgs)).toBeGreaterThan(400)
  })

  it('turns each GCJ-02 point into its published WGS-84 point (within the 6-decimal rounding)', () => {
    for (const p of ALL) expect(distanceM(gcj02ToWgs84(p.gcj), p.wgs), p.code).toBeLessThan(0.3)
  })

  it('turns each published WGS-84 point back into its GCJ-02 point', () => {
    for (const p of ALL) expect(distanceM(wgs84ToGcj02(p.wgs), p.gcj), p.code).toBeLessThan(0.3)
  })

  it('round-trips any point in China within 1 m (in fact far closer)', () => {
    fc.assert(
      fc.property(fc.double({ min: 73.6, max: 134.7, noNaN: true }), fc.double({ min: 18.2, max: 53.5, noNaN: true }), (lng, lat) => {
        const back = gcj02ToWgs84(wgs84ToGcj02([lng, lat]))
        expect(distanceM(back, [lng, lat])).toBeLessThan(0.001)
        const fwd = wgs84ToGcj02(gcj02ToWgs84([lng, lat]))
        expect(distanceM(fwd, [lng, lat])).toBeLessThan(0.001)
      }),
      { numRuns: 2000 },
    )
  })

  it('leaves points outside China unchanged', () => {
    const outside: [number, number][] = [
      [-0.1276, 51.5072], // London
      [-74.006, 40.7128], // New York
      [151.2093, -33.8688], // Sydney
      [139.6917, 35.6895], // Tokyo
      [37.6173, 55.9], // north of Moscow, above 55.83°
      [10, -20],
    ]
    for (const p of outside) {
      expect(outOfChina(p[0], p[1])).toBe(true)
      expect(wgs84ToGcj02(p)).toEqual(p)
      expect(gcj02ToWgs84(p)).toEqual(p)
      expect(convert(p, 'WGS-84', 'GCJ-02')).toEqual(p)
    }
    expect(outOfChina(111.5, 36.1)).toBe(false)
  })

  it('converts between a system and itself as a copy', () => {
    expect(convert([111.5, 36.1], 'GCJ-02', 'GCJ-02')).toEqual([111.5, 36.1])
    expect(convert([111.5, 36.1], 'WGS-84', 'GCJ-02')).not.toEqual([111.5, 36.1])
  })

  it('reads the ways people write the two systems', () => {
    for (const s of ['WGS-84', 'wgs84', 'WGS 84', 'EPSG:4326'.replace(':', ''), 'GPS']) expect(parseCoordSystem(s), s).toBe('WGS-84')
    for (const s of ['GCJ-02', 'gcj02', 'GCJ_02', '高德', '火星坐标']) expect(parseCoordSystem(s), s).toBe('GCJ-02')
    for (const s of ['', 'BD-09', 'CGCS2000x']) expect(parseCoordSystem(s), s).toBeUndefined()
  })
})

describe('boundary geometry', () => {
  const geo = JSON.parse(fs.readFileSync(path.join(SHARED, 'linfen-counties.geojson'), 'utf8')) as {
    features: { properties: { adcode: number; centroid: [number, number] }; geometry: BoundaryGeometry }[]
  }
  const byCode = new Map(geo.features.map((f) => [String(f.properties.adcode), f]))

  it('puts every shared township and village point inside its own county and no other', () => {
    for (const p of [...pairs('linfen-township-points-gcj02.csv'), ...pairs('linfen-village-points-gcj02.csv')]) {
      const county = p.code.slice(0, 6)
      expect(pointInGeometry(p.gcj, byCode.get(county)!.geometry), p.code).toBe(true)
      const others = [...byCode.entries()].filter(([c, f]) => c !== county && pointInGeometry(p.gcj, f.geometry))
      expect(others.map(([c]) => c), p.code).toEqual([])
    }
  })

  it('finds each county\'s centroid close to the one DataV publishes', () => {
    for (const f of geo.features) {
      const c = geometryCentroid(f.geometry)!
      expect(distanceM(c, f.properties.centroid), String(f.properties.adcode)).toBeLessThan(500)
    }
  })
})
