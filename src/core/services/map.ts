// 地图: boundaries and points the office imports, the optional online tile layer, and the villages
// as the map shows them (position, standing, open problems), all in the map's coordinate system.

import type {
  BoundaryImportResult,
  Input,
  MapLayers,
  MapVillage,
  MapVillageDetail,
  MapVillages,
  PointImportResult,
} from '../contract'
import { convert, convertGeometry, type CoordSystem, geometryCentroid, type LngLat, pointInGeometry } from '../domain/coords'
import { addDays, isValidDate } from '../domain/dates'
import { type BoundaryLayer, type BoundaryLevel, DEFAULT_TILES, type PlacePoint, type Placed, placeVillages, type TileSettings } from '../domain/map-layers'

import type { Division } from '../domain/types'
import { PACE_DAYS, villageProgress, type VillageProgress } from '../domain/village-progress'

import { AppError } from '../errors'
import { parseBoundaryFile } from '../import/boundaries'
import { uploadBytes } from '../import/limits'
import { parsePointFile } from '../import/points'
import { pathOf } from './divisions'
import { inScope } from './access'
import type { Ctx } from './context'
import { containsVillage, officeArea, unitsOf } from './office'

export function tiles(ctx: Ctx): TileSettings {
  return { ...DEFAULT_TILES, ...(ctx.store.get('fieldSettings', 'tiles') ?? {}) }
}

/** The map's system: the tiles' when a tile layer is on, else the county boundaries', else GCJ-02. */
export function displaySystem(ctx: Ctx): CoordSystem {
  const t = tiles(ctx)
  if (t.enabled && t.urlTemplate) return t.system
  const b = ctx.store.get('boundaries', 'county') ?? ctx.store.get('boundaries', 'township')
  return b?.system ?? 'GCJ-02'
}

/**
 * Every known point in `system`: imported or clicked points, and for a county without one, its
 * seat (or the centre of its outline) from the county boundaries.
 */
export function pointsIn(ctx: Ctx, system: CoordSystem): Map<string, LngLat> {
  const out = new Map<string, LngLat>()
  for (const p of ctx.store.values('mapPoints')) out.set(p.code, convert([p.lng, p.lat], p.system, system))
  const counties = ctx.store.get('boundaries', 'county')
  for (const f of counties?.features ?? []) {
    if (!f.code || out.has(f.code)) continue
    const c = f.center ?? geometryCentroid(f.geometry)
    if (c) out.set(f.code, convert(c, counties!.system, system))
  }
  return out
}

function requireDate(date: string): string {
  if (!isValidDate(date)) throw new AppError('invalid_input', `日期 ${date} 不是有效日期。`, { where: { field: 'date' } })
  return date
}

/** The village's standing on `date`, or undefined without a plan. */
export function progressOf(ctx: Ctx, villageCode: string, date: string): VillageProgress | undefined {
  const plan = ctx.plan(villageCode)
  if (!plan) return undefined
  return villageProgress(plan, ctx.figureAsOf(villageCode, date), ctx.figureAsOf(villageCode, addDays(date, -PACE_DAYS)), date)
}

/** Open (not closed) problems per village, and how many of them came from complaints. */
export function openProblemCounts(ctx: Ctx): Map<string, { open: number; complaints: number }> {
  const out = new Map<string, { open: number; complaints: number }>()
  for (const p of ctx.store.values('problems')) {
    if (p.status === 'closed') continue
    let c = out.get(p.villageCode)
    if (!c) out.set(p.villageCode, (c = { open: 0, complaints: 0 }))
    c.open++
    if (p.source === 'complaint') c.complaints++
  }
  return out
}

function villageDivisions(ctx: Ctx): Division[] {
  const out: Division[] = []
  for (const d of ctx.store.values('divisions')) if (d.level === 'village') out.push(d)
  return out.sort((a, b) => (a.code < b.code ? -1 : 1))
}

/** Where every village is drawn in `system`: its own point or a stand-in near its township or county. */
export function placedVillages(ctx: Ctx, system: CoordSystem, all: readonly Division[] = villageDivisions(ctx)): Map<string, Placed> {
  return placeVillages(
    all.map((v) => ({ code: v.code, townshipCode: v.parentCode, countyCode: v.parentCode.slice(0, 6) })),
    pointsIn(ctx, system),
  )
}

/** The villages of the office's area (本级), placed and coloured; the map opens on that area. */
export function villages(ctx: Ctx, input: Input<'map.villages'>): MapVillages {
  const date = requireDate(input.date ?? ctx.today())
  const system = input.system ?? displaySystem(ctx)
  const area = officeArea(ctx)
  const all = villageDivisions(ctx).filter((v) => containsVillage(ctx, area, v.code))
  const placed = placedVillages(ctx, system, all)
  const problems = openProblemCounts(ctx)
  const names: Record<string, string> = {}
  const counties = area.level === 'all' || area.level === 'city' ? unitsOf(ctx, area).map((d) => d.code) : [area.code.slice(0, 6)]
  for (const c of counties) {
    names[c] = ctx.division(c)!.name
    for (const t of ctx.divisions().children.get(c) ?? []) names[t] = ctx.division(t)!.name
  }
  const rows = all.map((v): MapVillage => {
    const row: MapVillage = {
      code: v.code,
      name: v.name,
      townshipCode: v.parentCode,
      countyCode: v.parentCode.slice(0, 6),
      completionRate: null,
      stage: 'none',
      behind: false,
      openProblems: problems.get(v.code)?.open ?? 0,
      complaints: problems.get(v.code)?.complaints ?? 0,
    }
    const at = placed.get(v.code)
    if (at) {
      row.lng = at.at[0]
      row.lat = at.at[1]
      if (at.approx) row.approx = at.approx
    }
    const plan = ctx.plan(v.code)
    const pr = progressOf(ctx, v.code, date)
    if (plan && pr) {
      row.route = plan.route
      row.target = pr.target
      row.completionRate = pr.completionRate
      row.stage = pr.stage
      row.behind = pr.behind
    }
    return row
  })
  return { date, system, area, names, counties, villages: rows }
}

export function layers(ctx: Ctx, input: Input<'map.layers'>): MapLayers {
  const system = input.system ?? displaySystem(ctx)
  const boundaries = (['county', 'township'] as const).flatMap((level) => {
    const b = ctx.store.get('boundaries', level)
    if (!b) return []
    return [
      {
        level,
        sourceSystem: b.system,
        fileName: b.fileName,
        // Outlines of the caller's division, what lies in it and what it lies in (its county's outline around a township).
        features: b.features.filter((f) => !f.code || inScope(ctx, f.code) || (f.code.length < ctx.scope.length && ctx.scope.startsWith(f.code))).map((f) => ({ ...(f.code ? { code: f.code } : {}), name: f.name, geometry: convertGeometry(f.geometry, b.system, system) })),
      },
    ]
  })
  return { system, boundaries, tiles: tiles(ctx) }
}

export function village(ctx: Ctx, input: Input<'map.village'>): MapVillageDetail {
  const date = requireDate(input.date ?? ctx.today())
  const d = ctx.division(input.code)
  if (!d || d.level !== 'village') throw new AppError('not_found', `找不到代码为 ${input.code} 的村。`, { where: { field: 'code' } })
  const pr = progressOf(ctx, d.code, date)
  const out: MapVillageDetail = {
    division: d,
    path: pathOf(ctx, d),
    completionRate: pr?.completionRate ?? null,
    stage: pr?.stage ?? 'none',
    behind: pr?.behind ?? false,
    openProblems: [...ctx.store.values('problems')]
      .filter((p) => p.villageCode === d.code && p.status !== 'closed')
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    visits: [...ctx.store.values('visits')]
      .filter((v) => v.villages.some((x) => x.villageCode === d.code))
      .sort((a, b) => (a.date < b.date ? 1 : -1))
      .slice(0, 10)
      .map((v) => ({ id: v.id, date: v.date, team: v.team, findings: v.findings.filter((f) => f.villageCode === d.code).length })),
  }
  const plan = ctx.plan(d.code)
  if (plan) out.plan = plan
  const latest = ctx.figureAsOf(d.code, date)
  if (latest) out.latest = latest
  const point = ctx.store.get('mapPoints', d.code)
  if (point) out.point = point
  return out
}

function divisionsOfLevel(ctx: Ctx, level: BoundaryLevel): Division[] {
  return [...ctx.store.values('divisions')].filter((d) => d.level === level)
}

export function importBoundaries(ctx: Ctx, input: Input<'map.importBoundaries'>): BoundaryImportResult {
  const bytes = uploadBytes(input, 'geojson')
  const parsed = parseBoundaryFile(input.fileName, bytes, input.level, divisionsOfLevel(ctx, input.level))
  const system = input.system ?? parsed.statedSystem
  if (!system) {
    throw new AppError(
      'invalid_input',
      `文件 ${input.fileName} 没有注明坐标系，请选择 WGS-84 或 GCJ-02（高德、腾讯、DataV 来源的边界一般是 GCJ-02）。`,
      { where: { file: input.fileName, field: 'system' } },
    )
  }
  const layer: BoundaryLayer = { level: input.level, system, fileName: input.fileName, features: parsed.features }
  ctx.write((tx) => tx.put('boundaries', input.level, layer))
  return {
    level: input.level,
    system,
    features: parsed.features.length,
    matched: parsed.features.filter((f) => f.code).length,
    unmatched: parsed.unmatched,
  }
}

export function removeBoundaries(ctx: Ctx, input: Input<'map.removeBoundaries'>): { level: BoundaryLevel; removed: boolean } {
  const removed = ctx.store.get('boundaries', input.level) !== undefined
  if (removed) ctx.write((tx) => tx.del('boundaries', input.level))
  return { level: input.level, removed }
}

export async function importPoints(ctx: Ctx, input: Input<'map.importPoints'>): Promise<PointImportResult> {
  const bytes = uploadBytes(input, 'table')
  const rows = await parsePointFile(input.fileName, bytes, (c) => ctx.division(c), input.system)
  const result: PointImportResult = {
    system: rows[0]!.system,
    counts: { county: 0, township: 0, village: 0 },
    added: 0,
    updated: 0,
    outsideCounty: [],
  }
  const counties = ctx.store.get('boundaries', 'county')
  const outline = new Map((counties?.features ?? []).filter((f) => f.code).map((f) => [f.code!, f.geometry]))
  ctx.write((tx) => {
    for (const r of rows) {
      const level = ctx.division(r.code)!.level as 'county' | 'township' | 'village'
      result.counts[level]++
      if (tx.get('mapPoints', r.code)) result.updated++
      else result.added++
      const p: PlacePoint = { code: r.code, lng: r.lng, lat: r.lat, system: r.system, source: 'import', fileName: input.fileName }
      tx.put('mapPoints', r.code, p)
      const g = outline.get(r.code.slice(0, 6))
      if (g && level !== 'county' && !pointInGeometry(convert([r.lng, r.lat], r.system, counties!.system), g)) {
        result.outsideCounty.push({ code: r.code, name: ctx.division(r.code)!.name })
      }
    }
  })
  return result
}

export function setPoint(ctx: Ctx, input: Input<'map.setPoint'>): PlacePoint {
  if (!ctx.division(input.code)) throw new AppError('not_found', `找不到代码为 ${input.code} 的区划。`, { where: { field: 'code' } })
  const p: PlacePoint = { code: input.code, lng: Math.round(input.lng * 1e6) / 1e6, lat: Math.round(input.lat * 1e6) / 1e6, system: input.system, source: 'map' }
  ctx.write((tx) => tx.put('mapPoints', p.code, p))
  return p
}

export function clearPoint(ctx: Ctx, input: Input<'map.clearPoint'>): { code: string; removed: boolean } {
  const removed = ctx.store.get('mapPoints', input.code) !== undefined
  if (removed) ctx.write((tx) => tx.del('mapPoints', input.code))
  return { code: input.code, removed }
}

export function setTiles(ctx: Ctx, input: Input<'map.setTiles'>): TileSettings {
  const next: TileSettings = { ...input }
  if (next.urlTemplate || next.enabled) {
    if (!/^https?:\/\//i.test(next.urlTemplate)) {
      throw new AppError('invalid_input', '底图地址应以 http:// 或 https:// 开头。', { where: { field: 'urlTemplate' } })
    }
    const missing = ['{z}', '{x}', '{y}'].filter((k) => !next.urlTemplate.includes(k))
    if (missing.length > 0) {
      throw new AppError('invalid_input', `底图地址模板缺少 ${missing.join('、')}：瓦片地址应含 {z}、{x}、{y}。`, { where: { field: 'urlTemplate' } })
    }
    if (next.urlTemplate.includes('{s}') && !next.subdomains) {
      throw new AppError('invalid_input', '地址模板中有 {s}，请填写子域名（如 1234 或 abc）。', { where: { field: 'subdomains' } })
    }
  }
  ctx.write((tx) => tx.put('fieldSettings', 'tiles', next))
  return next
}
