// The demo city's map and problem ledger: invented county outlines and village points (so the
// 地图 page has something to show offline) and a few problems at different steps (so the ledger
// and the 旬例会 pack are not empty). Written through the map and ledger services, as an office
// would enter them.

import { addDays } from '../domain/dates'
import type { Rng } from '../domain/random'
import type { Division } from '../domain/types'
import type { Ctx } from './context'
import * as map from './map'
import * as problems from './problems'

/** Where the invented city lies (GCJ-02); each county is a cell of a 2 × 2 grid around it. */
const ORIGIN: [number, number] = [111.2, 35.9]
const CELL: [number, number] = [0.42, 0.34]

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64')
}

/** An irregular octagon filling most of a county's cell. */
function outline(rng: Rng, centre: [number, number]): number[][] {
  const ring: number[][] = []
  for (let i = 0; i < 8; i++) {
    const a = (i / 8) * 2 * Math.PI
    const r = 0.85 + rng.next() * 0.15
    ring.push([
      Math.round((centre[0] + Math.cos(a) * (CELL[0] / 2) * r) * 1e6) / 1e6,
      Math.round((centre[1] + Math.sin(a) * (CELL[1] / 2) * r) * 1e6) / 1e6,
    ])
  }
  ring.push(ring[0]!)
  return ring
}

export interface DemoFieldResult {
  points: number
  problems: number
}

export async function generateField(ctx: Ctx, rng: Rng): Promise<DemoFieldResult> {
  const idx = ctx.divisions()
  const features: unknown[] = []
  const rows = ['code,lng,lat,coord_system']
  idx.counties.forEach((county, i) => {
    const centre: [number, number] = [ORIGIN[0] + (i % 2) * CELL[0], ORIGIN[1] - Math.floor(i / 2) * CELL[1]]
    const d = ctx.division(county)!
    features.push({
      type: 'Feature',
      properties: { adcode: Number(county), name: d.name, center: centre },
      geometry: { type: 'Polygon', coordinates: [outline(rng, centre)] },
    })
    rows.push(`${county},${centre[0]},${centre[1]},GCJ-02`)
    for (const town of idx.children.get(county) ?? []) {
      // Townships spread over the county's inner part; villages around their township.
      const t: [number, number] = [centre[0] + (rng.next() - 0.5) * CELL[0] * 0.6, centre[1] + (rng.next() - 0.5) * CELL[1] * 0.6]
      rows.push(`${town},${t[0].toFixed(6)},${t[1].toFixed(6)},GCJ-02`)
      for (const village of idx.children.get(town) ?? []) {
        // One village in eight has no point of its own: the map shows it near its township.
        if (rng.next() < 0.125) continue
        const lng = t[0] + (rng.next() - 0.5) * 0.08
        const lat = t[1] + (rng.next() - 0.5) * 0.06
        rows.push(`${village},${lng.toFixed(6)},${lat.toFixed(6)},GCJ-02`)
      }
    }
  })
  map.importBoundaries(ctx, {
    fileName: '演示市县界.geojson',
    dataBase64: base64(JSON.stringify({ type: 'FeatureCollection', features })),
    level: 'county',
    system: 'GCJ-02',
  })
  const points = await map.importPoints(ctx, { fileName: '演示市坐标.csv', dataBase64: base64(rows.join('\n')) })

  const today = ctx.today()
  const villages = idx.counties.flatMap((c) => ctx.villagesUnder(c)).map((code) => ctx.division(code)!) as Division[]
  // One problem in each quarter of the list: the villages are in county order, so each county gets one.
  const at = (i: number) => villages[Math.floor(((i - 1) * villages.length) / 4) + 3]!
  const terms = (deadline: string, unit: string) => ({ deadline, responsibleUnit: unit, responsiblePerson: '', acceptanceStandard: '入户核实，群众签字确认' })
  const specs = [
    { v: at(1), description: '庭院管网未完工，壁挂炉已安装但无法点火', source: 'report' as const, opened: -12, deadline: -2, unit: '演示城燃有限公司' },
    { v: at(2), description: '群众反映设备补贴未到账', source: 'complaint' as const, opened: -9, deadline: 6, unit: '县财政局' },
    { v: at(3), description: '燃气表安装位置不符合安全规范', source: 'report' as const, opened: -15, deadline: -5, unit: '演示天然气有限公司' },
    { v: at(4), description: '低保户加补名单未公示', source: 'complaint' as const, opened: -4, deadline: 10, unit: '乡镇人民政府' },
  ]
  const opened: string[] = []
  for (const s of specs) {
    const p = problems.create(ctx, {
      villageCode: s.v.code,
      description: s.description,
      source: s.source,
      openedOn: addDays(today, s.opened),
      ...terms(addDays(today, s.deadline), s.unit),
    })
    opened.push(p.problem.id)
  }
  // The third was fixed and closed (销号); the first is being worked on, past its deadline.
  const step = (i: number, action: 'assign' | 'start' | 'verify' | 'close', days: number) =>
    problems.transition(ctx, {
      id: opened[i]!,
      action,
      date: addDays(today, days),
      ...(action === 'assign' ? { responsibleUnit: specs[i]!.unit, responsiblePerson: '王主任', deadline: addDays(today, specs[i]!.deadline) } : {}),
    })
  step(0, 'assign', -11)
  step(0, 'start', -8)
  step(2, 'assign', -14)
  step(2, 'start', -12)
  step(2, 'verify', -7)
  step(2, 'close', -6)
  return { points: points.added, problems: specs.length }
}
