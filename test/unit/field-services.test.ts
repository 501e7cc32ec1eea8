// The map, visit and ledger services through the API, on the Linfen division list with the shared
// county boundaries (GCJ-02) and township/village points.
import path from 'node:path'
import type ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { Api } from '../../src/core/contract'
import { distanceM } from '../../src/core/domain/coords'
import {  problemCountsInPeriod } from '../../src/core/domain/problems'
import { drawVillages } from '../../src/core/domain/visit-draw'

import { rejects, SHARED, fileInput, openCore, textInput } from './helpers/core'
import { firstSheet, sheetTexts } from './helpers/sheet'

const TODAY = '2026-11-20'
const XINTIAN = '141081200' // 侯马市 新田乡: 24 villages, 12 with points
const GAOCUN = '141081201' // 侯马市 高村乡: a township point, no village points
const QINCUN = '141081200201' // 秦村村委会 111.38153,35.612198 (GCJ-02)

let core: Core
let api: Api
afterEach(() => core?.close())

const counts = (k: number) => ({ confirmed: k, network: k, meter: k, equipment: k, connected: k, accepted: 0 })

async function linfen(): Promise<void> {
  core = openCore(undefined, TODAY)
  api = core.api
  await api['divisions.import'](fileInput(path.join(SHARED, 'linfen-divisions.csv')))
}

async function withMap(): Promise<void> {
  await linfen()
  await api['map.importBoundaries']({ ...fileInput(path.join(SHARED, 'linfen-counties.geojson')), level: 'county' })
  await api['map.importPoints'](fileInput(path.join(SHARED, 'linfen-township-points-gcj02.csv')))
  await api['map.importPoints'](fileInput(path.join(SHARED, 'linfen-village-points-gcj02.csv')))
}

/** Plans every village of the township: target 100; village i has connected 10·i on TODAY and a week before 10·i − 7·(i mod 3). */
async function planTownship(code: string): Promise<string[]> {
  const villages = (await api['villages.list']({ parentCode: code })).map((r) => r.division.code)
  for (const [i, v] of villages.entries()) {
    await api['villages.setPlan']({ villageCode: v, route: 'gas', targetHouseholds: 100, contractor: '燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
    await api['figures.record']({ villageCode: v, date: '2026-11-13', counts: counts(Math.max(0, 10 * (i % 10) - 7 * (i % 3))), networkKm: 1 })
    await api['figures.record']({ villageCode: v, date: TODAY, counts: counts(10 * (i % 10)), networkKm: 1 })
  }
  return villages
}

const drawInput = (over: Partial<Parameters<Api['visitPlans.draw']>[0]> = {}) => ({
  seed: 20201120,
  countyCodes: ['141081'],
  min: 1,
  max: 2,
  weightBehind: 1,
  weightComplaint: 1,
  excludeDays: 0,
  startDate: '2026-11-23',
  perDay: 4,
  teams: ['第一组（市清洁办主任）'],
  purpose: '入户调研改造进度和群众意见',
  ...over,
})

describe('map layers and points', () => {
  beforeEach(withMap)

  it('imports the county GeoJSON, matching all 17 counties by adcode, and reads its stated system', async () => {
    const r = await api['map.importBoundaries']({ ...fileInput(path.join(SHARED, 'linfen-counties.geojson')), level: 'county' })
    expect(r).toEqual({ level: 'county', system: 'GCJ-02', features: 17, matched: 17, unmatched: [] })
    const layers = await api['map.layers']({})
    expect(layers.system).toBe('GCJ-02')
    expect(layers.boundaries[0]!.features.map((f) => f.code).sort()).toHaveLength(17)
  })

  it('places every village: its own point, else around its township, else around its county seat', async () => {
    const m = await api['map.villages']({})
    expect(m.system).toBe('GCJ-02')
    expect(m.villages).toHaveLength(2329)
    const own = m.villages.filter((v) => v.lng !== undefined && !v.approx)
    expect(own).toHaveLength(100)
    expect(m.villages.every((v) => v.lng !== undefined)).toBe(true)
    const qin = m.villages.find((v) => v.code === QINCUN)!
    expect([qin.lng, qin.lat]).toEqual([111.38153, 35.612198])
    expect(m.villages.find((v) => v.code === '141081200202')!.approx).toBeUndefined()
    // 新田乡 has a point: its villages without one stand around it, each in its own place
    const around = m.villages.filter((v) => v.townshipCode === XINTIAN && v.approx)
    expect(around.length).toBe(12)
    expect(around.every((v) => v.approx === 'township')).toBe(true)
    expect(new Set(around.map((v) => `${v.lng},${v.lat}`)).size).toBe(12)
    for (const v of around) expect(distanceM([v.lng!, v.lat!], [111.37236, 35.621567])).toBeLessThan(1000)
    // 凤城乡 141081202 has no point: its villages without one stand around 侯马市's seat from the GeoJSON
    const fc = m.villages.filter((v) => v.townshipCode === '141081202' && !['141081202205', '141081202213'].includes(v.code))
    expect(fc.length).toBeGreaterThan(0)
    expect(fc.every((v) => v.approx === 'county')).toBe(true)
    for (const v of fc) expect(distanceM([v.lng!, v.lat!], [111.371272, 35.620302])).toBeLessThan(2000)
    expect(m.names['141081']).toBe('侯马市')
    expect(m.names[XINTIAN]).toBe('新田乡')
    expect(m.counties).toHaveLength(17)
  })

  it('converts points and boundaries to WGS-84 when the tile layer is WGS-84', async () => {
    const before = await api['map.layers']({})
    await api['map.setTiles']({ enabled: true, urlTemplate: 'https://tiles.example.cn/{z}/{x}/{y}.png', attribution: '示例', system: 'WGS-84', subdomains: '', maxZoom: 18 })
    const m = await api['map.villages']({})
    expect(m.system).toBe('WGS-84')
    const qin = m.villages.find((v) => v.code === QINCUN)!
    // the shared file's derived WGS-84 for 秦村: 111.375161, 35.612256
    expect(distanceM([qin.lng!, qin.lat!], [111.375161, 35.612256])).toBeLessThan(0.3)
    const after = await api['map.layers']({})
    expect(after.system).toBe('WGS-84')
    const a = before.boundaries[0]!.features[0]!.geometry.coordinates.flat(3) as number[]
    const b = after.boundaries[0]!.features[0]!.geometry.coordinates.flat(3) as number[]
    expect(b.length).toBe(a.length)
    expect(distanceM([a[0]!, a[1]!], [b[0]!, b[1]!])).toBeGreaterThan(400)
    // asked for explicitly, the stored system comes back unchanged
    expect((await api['map.villages']({ system: 'GCJ-02' })).villages.find((v) => v.code === QINCUN)!.lng).toBe(111.38153)
  })

  it('refuses tile settings that cannot work, and needs no tile URL to run', async () => {
    expect((await api['map.tiles']({})).enabled).toBe(false)
    expect((await api['map.tiles']({})).urlTemplate).toBe('')
    const bad = { enabled: true, attribution: '', system: 'GCJ-02' as const, subdomains: '', maxZoom: 18 }
    expect((await rejects(api['map.setTiles']({ ...bad, urlTemplate: 'tiles/{z}/{x}/{y}.png' }))).message).toContain('http')
    expect((await rejects(api['map.setTiles']({ ...bad, urlTemplate: 'https://t.example.cn/{z}/{x}.png' }))).message).toContain('{y}')
    expect((await rejects(api['map.setTiles']({ ...bad, urlTemplate: 'https://t{s}.example.cn/{z}/{x}/{y}.png' }))).where?.field).toBe('subdomains')
  })

  it('sets a village point by a click and clears it again', async () => {
    const code = '141081201200'
    const p = await api['map.setPoint']({ code, lng: 111.3, lat: 35.6, system: 'GCJ-02' })
    expect(p).toMatchObject({ source: 'map', system: 'GCJ-02' })
    let v = (await api['map.villages']({})).villages.find((x) => x.code === code)!
    expect([v.lng, v.lat, v.approx]).toEqual([111.3, 35.6, undefined])
    expect((await api['map.village']({ code })).point).toMatchObject({ lng: 111.3, lat: 35.6 })
    expect(await api['map.clearPoint']({ code })).toEqual({ code, removed: true })
    v = (await api['map.villages']({})).villages.find((x) => x.code === code)!
    expect(v.approx).toBe('township')
    const audit = await api['audit.history']({ collection: 'mapPoints', key: code })
    expect(audit.map((e) => e.method)).toEqual(['map.clearPoint', 'map.setPoint'])
  })

  it('names every bad row of a point file and imports nothing', async () => {
    const csv = [
      'code,lng,lat,coord_system',
      `${QINCUN},111.1,35.6,GCJ-02`,
      '141081299999,111.1,35.6,GCJ-02',
      '141081200202,abc,35.6,GCJ-02',
      '141081200203,35.6,111.39,WGS-84',
      '141081200204,111.4,35.6,',
      '141081200209,111.4,35.6,BD-09',
      `${QINCUN},111.2,35.6,GCJ-02`,
    ].join('\n')
    const e = await rejects(api['map.importPoints'](textInput('点位.csv', csv)))
    expect(e.code).toBe('import_rejected')
    expect(e.details.map((d) => [d.where?.row, d.where?.column])).toEqual([
      [3, 'code'],
      [4, 'lng'],
      [5, 'lat'],
      [6, 'coord_system'],
      [7, 'coord_system'],
      [8, 'code'],
    ])
    expect(e.details[0]!.message).toContain('不在已导入的区划清单中')
    expect(e.details[2]!.message).toContain('写反了')
    expect(e.details[3]!.message).toContain('没有注明坐标系')
    // nothing changed
    expect((await api['map.village']({ code: QINCUN })).point).toMatchObject({ lng: 111.38153 })
    // a system chosen on import fills the blank column, and a point outside its county is flagged
    const ok = await api['map.importPoints']({ ...textInput('p.csv', `代码,经度,纬度\n${QINCUN},111.38,35.61\n141081200204,112.5,36.5`), system: 'GCJ-02' })
    expect(ok).toMatchObject({ system: 'GCJ-02', counts: { village: 2 }, added: 0, updated: 2 })
    expect(ok.outsideCounty).toEqual([{ code: '141081200204', name: '乔村村委会' }])
  })

  it('checks a boundary file and asks for the system when the file does not state it', async () => {
    const feature = (name: string, adcode: number, coords: number[][]) => ({
      type: 'Feature',
      properties: { name, adcode },
      geometry: { type: 'Polygon', coordinates: [coords] },
    })
    const square = [
      [111.3, 35.6],
      [111.4, 35.6],
      [111.4, 35.7],
      [111.3, 35.6],
    ]
    const fcoll = { type: 'FeatureCollection', features: [feature('新田乡', 141081200000, square), feature('某某乡', 0, square)] }
    const file = textInput('乡镇.geojson', JSON.stringify(fcoll))
    expect((await rejects(api['map.importBoundaries']({ ...file, level: 'township' }))).where?.field).toBe('system')
    const r = await api['map.importBoundaries']({ ...file, level: 'township', system: 'WGS-84' })
    expect(r).toEqual({ level: 'township', system: 'WGS-84', features: 2, matched: 1, unmatched: ['某某乡'] })
    const broken = { type: 'FeatureCollection', features: [feature('新田乡', 141081200, [[111.3, 35.6]]), feature('高村乡', 141081201, [[500000, 3900000], ...square])] }
    const e = await rejects(api['map.importBoundaries']({ ...textInput('坏.geojson', JSON.stringify(broken)), level: 'township', system: 'WGS-84' }))
    expect(e.details.map((d) => d.message)).toEqual([
      '第 1 个边界（新田乡）：边界环至少要有 4 个点。',
      '第 2 个边界（高村乡）：坐标 [500000, 3900000] 不是经纬度（可能是投影坐标），请先转换为经纬度。',
    ])
    expect((await rejects(api['map.importBoundaries']({ ...textInput('x.geojson', '{"type":'), level: 'county' }))).code).toBe('unsupported_file')
    expect(await api['map.removeBoundaries']({ level: 'township' })).toEqual({ level: 'township', removed: true })
    expect((await api['map.layers']({})).boundaries.map((b) => b.level)).toEqual(['county'])
  })
})

describe('visit plans', () => {
  beforeEach(async () => {
    await withMap()
    await planTownship(XINTIAN)
    await planTownship(GAOCUN)
  })

  it('draws 1–2 planned villages per township, the same again for the same seed, and saves that draw', async () => {
    const a = await api['visitPlans.draw'](drawInput())
    const b = await api['visitPlans.draw'](drawInput())
    expect(b).toEqual(a)
    expect(a.id).toBeUndefined()
    // only the two planned townships have candidates; the others are listed with none
    const drawn = a.townships.filter((t) => t.drawn > 0).map((t) => t.townshipCode)
    expect(drawn).toEqual([XINTIAN, GAOCUN])
    expect(a.townships.find((t) => t.townshipCode === '141081202')).toMatchObject({ available: 0, drawn: 0 })
    for (const t of a.townships.filter((x) => x.available > 0)) expect([1, 2]).toContain(t.drawn)
    expect(a.items.every((i) => i.teamName === '第一组（市清洁办主任）' && i.date === '2026-11-23')).toBe(true)
    expect(a.items.map((i) => i.order)).toEqual(a.items.map((_, i) => i + 1))
    const saved = await api['visitPlans.create'](drawInput({ title: '侯马市入户调研' }))
    expect(saved.id).toBe('JH2026-0001')
    expect(saved.items.map((i) => i.villageCode)).toEqual(a.items.map((i) => i.villageCode))
    expect((await api['visitPlans.get']({ id: saved.id! })).items).toEqual(saved.items)
    const other = await api['visitPlans.draw'](drawInput({ seed: 1 }))
    expect(other.items.map((i) => i.villageCode)).not.toEqual(a.items.map((i) => i.villageCode))
    const list = await api['visitPlans.list']({})
    expect(list).toEqual([expect.objectContaining({ id: 'JH2026-0001', title: '侯马市入户调研', seed: 20201120, villages: a.items.length, counties: 1, townships: 2 })])
  })

  it('marks the villages behind schedule or with complaints and raises their chance', async () => {
    // A village with an open complaint; weight it ×20 and draw many times: it comes up far more often.
    const complained = '141081201200'
    await api['problems.create']({ villageCode: complained, description: '改造后室温不达标', source: 'complaint', deadline: '2026-12-05', acceptanceStandard: '入户测温' })
    let hits = 0
    for (let seed = 0; seed < 200; seed++) {
      const p = await api['visitPlans.draw'](drawInput({ seed, weightComplaint: 20, min: 1, max: 1, townshipCodes: [GAOCUN] }))
      const it = p.items[0]!
      if (it.villageCode === complained) {
        hits++
        expect(it.reasons).toContain('complaint')
      }
    }
    const n = (await api['villages.list']({ parentCode: GAOCUN })).length
    // weight 20 among n − 1 ordinary villages: expected share 20 / (n + 19)
    expect(hits / 200).toBeGreaterThan((20 / (n + 19)) * 0.6)
    // villages not reaching the deadline at their pace are flagged 'behind'
    const behind = await api['visitPlans.draw'](drawInput({ weightBehind: 3, min: 3, max: 3 }))
    expect(behind.items.some((i) => i.reasons.includes('behind'))).toBe(true)
    expect(behind.items.filter((i) => i.reasons.includes('behind')).every((i) => i.weight >= 3)).toBe(true)
  })

  it('keeps each township\'s candidates and weights with the plan, so the draw can be repeated from its seed later', async () => {
    const complained = '141081201200'
    await api['problems.create']({ villageCode: complained, description: '室温不达标', source: 'complaint', deadline: '2026-12-05', acceptanceStandard: '入户测温' })
    const saved = await api['visitPlans.create'](drawInput({ weightBehind: 3, weightComplaint: 3 }))
    const stored = core.store!.get('visitPlans', saved.id!)!
    const gaocun = stored.townships.find((t) => t.townshipCode === GAOCUN)!
    expect(gaocun.candidates!.map((c) => c.villageCode)).toEqual([...gaocun.candidates!.map((c) => c.villageCode)].sort())
    expect(gaocun.candidates!.length).toBe(gaocun.available)
    expect(gaocun.candidates!.find((c) => c.villageCode === complained)!.weight).toBeGreaterThanOrEqual(3)
    // whatever the standing later, the stored candidates and the seed give the plan's villages again
    for (const t of stored.townships) {
      const [again] = drawVillages([{ townshipCode: t.townshipCode, candidates: t.candidates! }], { seed: stored.seed, min: stored.params.min, max: stored.params.max })
      expect([...again!.drawn].sort()).toEqual(stored.items.filter((i) => i.townshipCode === t.townshipCode).map((i) => i.villageCode).sort())
    }
    // the page gets the counts, not the lists
    expect(Object.keys(saved.townships[0]!)).not.toContain('candidates')
  })

  it('leaves out villages visited in the last N days', async () => {
    const first = await api['visitPlans.draw'](drawInput({ townshipCodes: [XINTIAN], min: 2, max: 2 }))
    const visited = first.items.map((i) => i.villageCode)
    await api['visits.create']({ date: '2026-11-10', team: ['张三'], villages: visited.map((v) => ({ villageCode: v, households: 5 })), findings: [] })
    const again = await api['visitPlans.draw'](drawInput({ townshipCodes: [XINTIAN], min: 2, max: 2, excludeDays: 30 }))
    expect(again.items.some((i) => visited.includes(i.villageCode))).toBe(false)
    expect(again.townships[0]).toMatchObject({ excluded: 2, available: 22, drawn: 2 })
    // 5 days only: the visit of the 10th is older, so it does not count
    const short = await api['visitPlans.draw'](drawInput({ townshipCodes: [XINTIAN], min: 2, max: 2, excludeDays: 5 }))
    expect(short.townships[0]).toMatchObject({ excluded: 0, available: 24 })
  })

  it('splits the villages over teams and days, nearest first', async () => {
    const p = await api['visitPlans.draw'](drawInput({ min: 4, max: 4, perDay: 3, teams: ['第一组', '第二组'] }))
    expect(p.items).toHaveLength(8)
    // one county, two teams: a township each, three villages a day
    expect(p.items.map((i) => `${i.team}/${i.townshipCode}/${i.date}/${i.order}`)).toEqual([
      `0/${XINTIAN}/2026-11-23/1`, `0/${XINTIAN}/2026-11-23/2`, `0/${XINTIAN}/2026-11-23/3`, `0/${XINTIAN}/2026-11-24/1`,
      `1/${GAOCUN}/2026-11-23/1`, `1/${GAOCUN}/2026-11-23/2`, `1/${GAOCUN}/2026-11-23/3`, `1/${GAOCUN}/2026-11-24/1`,
    ])
    expect(p.items.map((i) => i.teamName)).toEqual([...new Array(4).fill('第一组'), ...new Array(4).fill('第二组')])
    expect(p.items.every((i) => i.lng !== undefined)).toBe(true)
  })

  it('refuses a draw with nothing to draw from, or a bad selection', async () => {
    expect((await rejects(api['visitPlans.draw'](drawInput({ countyCodes: ['141002'] })))).message).toContain('没有可抽取的村')
    expect((await rejects(api['visitPlans.draw'](drawInput({ countyCodes: ['141099'] })))).where?.field).toBe('countyCodes.0')
    expect((await rejects(api['visitPlans.draw'](drawInput({ townshipCodes: ['141002100'] })))).message).toContain('不在所选县区内')
    expect((await rejects(api['visitPlans.draw'](drawInput({ min: 2, max: 1 })))).where?.field).toBe('max')
    expect((await rejects(api['visitPlans.draw'](drawInput({ seed: -1 })))).code).toBe('invalid_input')
  })

  it('keeps contacts, masks their phones unless asked, and exports the plan for printing', async () => {
    const saved = await api['visitPlans.create'](drawInput())
    const v = saved.items[0]!.villageCode
    await api['visitPlans.updateItem']({ id: saved.id!, villageCode: v, contactName: '王支书', contactPhone: '13912345678', purpose: '核实壁挂炉安装' })
    const masked = await api['visitPlans.get']({ id: saved.id! })
    expect(masked.items[0]).toMatchObject({ contactName: '王支书', contactPhone: '139****5678', purpose: '核实壁挂炉安装' })
    // sending the masked number back keeps the stored one
    await api['visitPlans.updateItem']({ id: saved.id!, villageCode: v, contactPhone: '139****5678' })
    expect((await api['visitPlans.get']({ id: saved.id!, reveal: true })).items[0]!.contactPhone).toBe('13912345678')
    const file = await api['visitPlans.export']({ id: saved.id! })
    expect(file.fileName).toBe('走访计划_JH2026-0001_2026-11-23.xlsx')
    const ws = await sheetOf(file.dataBase64)
    const rows = texts(ws)
    expect(rows[0]![0]).toBe('清洁取暖入户调研走访计划')
    const header = rows.findIndex((r) => r[0] === '序号')
    expect(rows[header]).toEqual(['序号', '日期', '走访组', '顺序', '县区', '乡镇', '村', '联系人', '联系电话', '走访目的', '抽取说明'])
    const first = rows[header + 1]!
    expect(first.slice(0, 5)).toEqual(['1', '2026-11-23', '第一组（市清洁办主任）', '1', '侯马市'])
    expect(first.slice(7, 10)).toEqual(['王支书', '139****5678', '核实壁挂炉安装'])
    expect(ws.getCell(header + 2, 1).value).toBe(1)
    expect(rows.some((r) => r[0]?.includes('随机种子 20201120'))).toBe(true)
    const full = await api['visitPlans.export']({ id: saved.id!, fullPhones: true })
    expect(texts(await sheetOf(full.dataBase64))[header + 1]![8]).toBe('13912345678')
    const recent = await api['audit.recent']({ limit: 5 })
    expect(recent.map((e) => e.method)).toContain('visitPlans.export')
    expect(await api['visitPlans.delete']({ id: saved.id! })).toEqual({ id: saved.id })
    expect(await api['visitPlans.list']({})).toEqual([])
  })
})

const sheetOf = (base64: string) => firstSheet(Buffer.from(base64, 'base64'))
const texts = sheetTexts

describe('visit records and the problem ledger', () => {
  beforeEach(async () => {
    await linfen()
  })

  const problemTerms = { responsibleUnit: '新田乡人民政府', responsiblePerson: '李乡长', deadline: '2026-11-25', acceptanceStandard: '现场核实点火通气' }

  async function visitWithFindings() {
    return api['visits.create']({
      date: '2026-11-18',
      team: ['市清洁办 王主任', '李科长'],
      villages: [
        { villageCode: QINCUN, households: 8 },
        { villageCode: '141081201200', households: 5 },
      ],
      findings: [
        { kind: 'problem', villageCode: QINCUN, placeDetail: '三组 12 号', text: '庭院管网未完工，壁挂炉无法点火', problem: problemTerms },
        { kind: 'problem', villageCode: '141081201200', text: '燃气表未安装', problem: { ...problemTerms, responsibleUnit: '' } },
        { kind: 'suggestion', villageCode: QINCUN, text: '组织村民安全用气培训' },
        { kind: 'highlight', villageCode: '141081201200', text: '网格员逐户包保，进度公示上墙' },
      ],
    })
  }

  it('records a visit and opens a ledger entry for each problem found, in one write', async () => {
    const v = await visitWithFindings()
    expect(v.id).toBe('ZF2026-0001')
    expect(v.counts).toEqual({ problems: 2, suggestions: 1, highlights: 1 })
    expect(v.findings.map((f) => f.problemId)).toEqual(['WT2026-0001', 'WT2026-0002', undefined, undefined])
    expect(v.countyNames).toEqual(['侯马市'])
    const p = (await api['problems.get']({ id: 'WT2026-0001' })).problem
    expect(p).toMatchObject({ source: 'visit', visitId: v.id, status: 'open', openedOn: '2026-11-18', placeDetail: '三组 12 号', villageName: '秦村村委会', townshipName: '新田乡', countyName: '侯马市' })
    const audit = await api['audit.recent']({ limit: 1 })
    expect(audit[0]).toMatchObject({ method: 'visits.create', changes: 5 }) // the visit, two problems, two counters
  })

  it('refuses a finding in a village not visited, or a problem without its terms, writing nothing', async () => {
    const base = { date: '2026-11-18', team: ['王主任'], villages: [{ villageCode: QINCUN, households: 3 }] }
    const e1 = await rejects(api['visits.create']({ ...base, findings: [{ kind: 'suggestion', villageCode: '141081201200', text: 'x' }] }))
    expect(e1.where?.field).toBe('findings.0.villageCode')
    const e2 = await rejects(api['visits.create']({ ...base, findings: [{ kind: 'problem', villageCode: QINCUN, text: 'x' }] }))
    expect(e2.where?.field).toBe('findings.0.problem')
    const e3 = await rejects(api['visits.create']({ ...base, date: '2026-11-21', findings: [] }))
    expect(e3.message).toContain('晚于今天')
    expect((await api['visits.list']({})).length).toBe(0)
    expect((await api['problems.list']({})).counts.total).toBe(0)
  })

  it('sums problems, suggestions and highlights per county', async () => {
    await visitWithFindings()
    await api['visits.create']({
      date: '2026-11-19',
      team: ['王主任'],
      villages: [{ villageCode: '141002100200', households: 4 }, { villageCode: QINCUN, households: 2 }],
      findings: [{ kind: 'highlight', villageCode: '141002100200', text: '党员带头先改' }],
    })
    const s = await api['visits.summary']({})
    expect(s.rows).toEqual([
      { countyCode: '141002', countyName: '尧都区', visits: 1, villages: 1, households: 4, problems: 0, suggestions: 0, highlights: 1 },
      { countyCode: '141081', countyName: '侯马市', visits: 2, villages: 2, households: 15, problems: 2, suggestions: 1, highlights: 1 },
    ])
    expect(s.total).toEqual({ countyCode: '', visits: 2, villages: 3, households: 19, problems: 2, suggestions: 1, highlights: 2 })
    expect((await api['visits.summary']({ from: '2026-11-19' })).total).toMatchObject({ visits: 1, problems: 0, highlights: 1 })
    expect((await api['visits.list']({ countyCode: '141002' })).map((v) => v.id)).toEqual(['ZF2026-0002'])
  })

  it('moves a problem through to 销号 and refuses illegal moves with a clear message', async () => {
    await visitWithFindings()
    const id = 'WT2026-0001'
    const illegal = await rejects(api['problems.transition']({ id, action: 'close', date: TODAY }))
    expect(illegal.code).toBe('conflict')
    expect(illegal.message).toBe('问题 WT2026-0001 当前为“待交办”，不能办理“销号”：只有验收通过的问题才能销号。')
    await api['problems.transition']({ id, action: 'assign', date: '2026-11-18', responsibleUnit: '新田乡人民政府', responsiblePerson: '李乡长', deadline: '2026-11-25' })
    await api['problems.transition']({ id, action: 'start', date: '2026-11-19', note: '施工队进场' })
    await api['problems.transition']({ id, action: 'verify', date: '2026-11-20', who: '市清洁办 王主任' })
    const back = await api['problems.transition']({ id, action: 'reject', date: '2026-11-20', note: '复查仍未通气' })
    expect(back.problem.status).toBe('rectifying')
    expect(back.allowed).toEqual(['verify', 'reject'])
    await api['problems.transition']({ id, action: 'verify', date: '2026-11-20' })
    const closed = await api['problems.transition']({ id, action: 'close', date: '2026-11-20', note: '整改到位，销号' })
    expect(closed.problem).toMatchObject({ status: 'closed', closedOn: '2026-11-20' })
    expect(closed.allowed).toEqual([])
    expect(closed.visit).toMatchObject({ id: 'ZF2026-0001', date: '2026-11-18' })
    expect(closed.problem.steps.map((s) => [s.action, s.who])).toEqual([
      ['open', '操作员'],
      ['assign', '操作员'],
      ['start', '操作员'],
      ['verify', '市清洁办 王主任'],
      ['reject', '操作员'],
      ['verify', '操作员'],
      ['close', '操作员'],
    ].map(([a, w]) => [a, w === '操作员' ? expect.any(String) : w]))
    expect((await api['audit.history']({ collection: 'problems', key: id })).map((e) => e.method)).toEqual([
      'problems.transition', 'problems.transition', 'problems.transition', 'problems.transition', 'problems.transition', 'problems.transition', 'visits.create',
    ])
    // a problem under way cannot be deleted with its finding; an untouched one can
    const findingOf = (await api['visits.get']({ id: 'ZF2026-0001' })).findings
    expect((await rejects(api['visits.removeFinding']({ visitId: 'ZF2026-0001', findingId: findingOf[0]!.id }))).message).toContain('已进入整改流程')
    const v = await api['visits.removeFinding']({ visitId: 'ZF2026-0001', findingId: findingOf[1]!.id })
    expect(v.counts.problems).toBe(1)
    expect((await rejects(api['problems.get']({ id: 'WT2026-0002' }))).code).toBe('not_found')
    expect((await rejects(api['problems.update']({ id, description: 'x', placeDetail: '', acceptanceStandard: 'y', responsibleUnit: 'u', responsiblePerson: '', deadline: '2026-12-01' }))).message).toContain('已于 2026-11-20 销号')
  })

  it('lists the ledger with filters, counts per status and overdue ones marked, and exports it', async () => {
    await visitWithFindings()
    await api['problems.create']({ villageCode: '141002100200', description: '群众反映补贴未到账', source: 'complaint', openedOn: '2026-11-01', responsibleUnit: '尧都区财政局', deadline: '2026-11-10', acceptanceStandard: '补贴到账凭证' })
    await api['problems.transition']({ id: 'WT2026-0001', action: 'assign', date: '2026-11-18', responsibleUnit: '新田乡人民政府', deadline: '2026-11-25' })
    const all = await api['problems.list']({})
    expect(all.items.map((p) => p.id)).toEqual(['WT2026-0001', 'WT2026-0002', 'WT2026-0003'])
    expect(all.counts).toMatchObject({ open: 2, assigned: 1, rectifying: 0, verified: 0, closed: 0, overdue: 1, total: 3 })
    const overdue = all.items.find((p) => p.id === 'WT2026-0003')!
    expect(overdue).toMatchObject({ overdue: true, daysOverdue: 10, countyName: '尧都区' })
    // in pinyin order: xin… before yao…
    expect(all.units).toEqual(['新田乡人民政府', '尧都区财政局'])
    expect((await api['problems.list']({ countyCode: '141081' })).items.map((p) => p.id)).toEqual(['WT2026-0001', 'WT2026-0002'])
    expect((await api['problems.list']({ countyCode: '141081' })).counts.total).toBe(2)
    expect((await api['problems.list']({ status: 'assigned' })).items.map((p) => p.id)).toEqual(['WT2026-0001'])
    expect((await api['problems.list']({ responsibleUnit: '尧都区财政局' })).items.map((p) => p.id)).toEqual(['WT2026-0003'])
    expect((await api['problems.list']({ overdueOnly: true })).items.map((p) => p.id)).toEqual(['WT2026-0003'])
    expect((await api['problems.list']({ q: '燃气表' })).items.map((p) => p.id)).toEqual(['WT2026-0002'])
    // on the 5th, the complaint was not overdue yet
    expect((await api['problems.list']({ date: '2026-11-05' })).items.map((p) => [p.id, p.overdue])).toEqual([['WT2026-0003', false]])

    const file = await api['problems.export']({})
    expect(file.fileName).toBe('问题整改台账_2026-11-20.xlsx')
    const ws = await sheetOf(file.dataBase64)
    const rows = texts(ws)
    expect(rows[0]![0]).toBe('清洁取暖问题整改台账')
    const header = rows.findIndex((r) => r[0] === '问题编号')
    expect(rows[header]).toEqual(['问题编号', '县区', '地点', '问题描述', '来源', '发现日期', '责任单位（责任人）', '整改时限', '验收标准', '状态', '逾期天数', '整改过程'])
    expect(rows[header + 1]!.slice(0, 5)).toEqual(['WT2026-0001', '侯马市', '新田乡 秦村村委会 三组 12 号', '庭院管网未完工，壁挂炉无法点火', '走访发现'])
    expect(rows[header + 1]![9]).toBe('已交办')
    expect(rows[header + 1]![11]).toBe('11-18 交办')
    const late = ws.getRow(header + 4)
    expect(late.getCell(1).value).toBe('WT2026-0003')
    expect(late.getCell(11).value).toBe(10)
    expect((late.getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFDE4E1')
    expect((ws.getRow(header + 2).getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe('FFFDE4E1')
    expect(rows.some((r) => r[0]?.startsWith('全部 3 条：待交办 2，已交办 1，整改中 0，已验收 0，已销号 0；逾期 1 条。'))).toBe(true)
    const filtered = await api['problems.export']({ countyCode: '141081', status: 'unclosed' })
    expect(texts(await sheetOf(filtered.dataBase64))[0]![0]).toBe('侯马市清洁取暖问题整改台账')
  })

  it('edits a visit, refusing to drop a village that still has findings, and deletes it with its untouched problems', async () => {
    const v = await visitWithFindings()
    const villages = [{ villageCode: QINCUN, households: 10 }]
    const e = await rejects(api['visits.update']({ id: v.id, date: '2026-11-17', team: ['王主任'], villages }))
    expect(e.message).toContain('还有发现记录')
    const edited = await api['visits.update']({ id: v.id, date: '2026-11-17', team: ['王主任'], villages: [...villages, { villageCode: '141081201200', households: 6 }], note: '补记' })
    expect(edited).toMatchObject({ date: '2026-11-17', team: ['王主任'], note: '补记' })
    expect(edited.villages.map((x) => x.households)).toEqual([10, 6])
    // one of its problems is under way: the visit cannot go
    await api['problems.transition']({ id: 'WT2026-0001', action: 'assign', date: '2026-11-18', responsibleUnit: '新田乡人民政府', deadline: '2026-11-30' })
    expect((await rejects(api['visits.delete']({ id: v.id }))).message).toContain('WT2026-0001 已进入整改流程')
    const other = await api['visits.create']({ date: '2026-11-19', team: ['李科长'], villages: [{ villageCode: QINCUN, households: 2 }], findings: [{ kind: 'problem', villageCode: QINCUN, text: '表具漏气', problem: problemTerms }] })
    expect(await api['visits.delete']({ id: other.id })).toEqual({ id: other.id, removedProblems: ['WT2026-0003'] })
    expect((await api['problems.list']({})).items.map((p) => p.id)).toEqual(['WT2026-0001', 'WT2026-0002'])
  })

  it('edits a problem\'s terms (a new deadline is an edit in the audit trail) but not once closed', async () => {
    await visitWithFindings()
    const r = await api['problems.update']({ id: 'WT2026-0002', description: '燃气表未安装（3 户）', placeDetail: '二组', acceptanceStandard: '入户核实表具', responsibleUnit: '', responsiblePerson: '', deadline: '2026-12-05' })
    expect(r.problem).toMatchObject({ description: '燃气表未安装（3 户）', placeDetail: '二组', deadline: '2026-12-05', status: 'open' })
    expect((await rejects(api['problems.update']({ id: 'WT2026-0002', description: 'x', placeDetail: '', acceptanceStandard: 'y', responsibleUnit: '', responsiblePerson: '', deadline: '2026-11-01' }))).message).toContain('早于发现日期')
    await api['problems.transition']({ id: 'WT2026-0002', action: 'assign', date: '2026-11-19', responsibleUnit: '新田乡人民政府', deadline: '2026-11-30' })
    expect((await rejects(api['problems.update']({ id: 'WT2026-0002', description: 'x', placeDetail: '', acceptanceStandard: 'y', responsibleUnit: '', responsiblePerson: '', deadline: '2026-11-30' }))).where?.field).toBe('responsibleUnit')
    const history = await api['audit.history']({ collection: 'problems', key: 'WT2026-0002' })
    expect(history.map((e) => e.method)).toEqual(['problems.transition', 'problems.update', 'visits.create'])
    expect((history[1]!.before as { deadline: string }).deadline).toBe('2026-11-25')
  })

  it('keeps records the ten-day meeting pack counts from (problemCountsInPeriod over the collection)', async () => {
    await visitWithFindings()
    await api['problems.create']({ villageCode: QINCUN, description: '投诉', source: 'complaint', openedOn: '2026-11-05', deadline: '2026-11-08', acceptanceStandard: '核实' })
    const id = 'WT2026-0003'
    await api['problems.transition']({ id, action: 'assign', date: '2026-11-06', responsibleUnit: '新田乡人民政府', deadline: '2026-11-08' })
    await api['problems.transition']({ id, action: 'start', date: '2026-11-07' })
    await api['problems.transition']({ id, action: 'verify', date: '2026-11-12' })
    await api['problems.transition']({ id, action: 'close', date: '2026-11-12' })
    const ledger = [...core.store!.values('problems')]
    // 上旬: one opened, overdue at its end; 中旬: two opened, one closed, none overdue at the 20th
    expect(problemCountsInPeriod(ledger, '2026-11-01', '2026-11-10')).toEqual({ opened: 1, closed: 0, overdue: 1, openAtEnd: 1 })
    expect(problemCountsInPeriod(ledger, '2026-11-11', '2026-11-20')).toEqual({ opened: 2, closed: 1, overdue: 0, openAtEnd: 2 })
  })

  it('moves the 发现日期 of a visit\'s problems with the visit\'s date, unless a later step or the deadline forbids it', async () => {
    const v = await visitWithFindings() // 11-18, problems WT2026-0001/0002 with deadline 11-25
    await api['problems.transition']({ id: 'WT2026-0001', action: 'assign', date: '2026-11-19', responsibleUnit: '新田乡人民政府', deadline: '2026-11-25' })
    const e1 = await rejects(api['visits.update']({ id: v.id, date: '2026-11-20', team: v.team, villages: v.villages }))
    expect(e1.message).toBe('问题 WT2026-0001 已于 2026-11-19 登记“交办”，早于新的走访日期 2026-11-20，不能把走访日期改到这一天之后。')
    expect(e1.where?.field).toBe('date')
    await api['visits.update']({ id: v.id, date: '2026-11-16', team: v.team, villages: v.villages })
    for (const id of ['WT2026-0001', 'WT2026-0002']) {
      const p = (await api['problems.get']({ id })).problem
      expect([p.openedOn, p.steps[0]!.date, p.deadlines![0]!.since]).toEqual(['2026-11-16', '2026-11-16', '2026-11-16'])
    }
    expect((await api['visits.get']({ id: v.id })).date).toBe('2026-11-16')
    const late = await api['visits.create']({ date: '2026-11-10', team: ['王主任'], villages: [{ villageCode: QINCUN, households: 1 }], findings: [{ kind: 'problem', villageCode: QINCUN, text: '表具漏气', problem: { ...problemTerms, deadline: '2026-11-12' } }] })
    const e2 = await rejects(api['visits.update']({ id: late.id, date: '2026-11-13', team: late.team, villages: late.villages }))
    expect(e2.message).toContain('整改时限 2026-11-12 早于新的走访日期 2026-11-13')
    expect((await api['visits.get']({ id: late.id })).date).toBe('2026-11-10')
  })

  it('feeds the 旬例会 pack: reopened, extended and re-dated problems counted as they stood on each 旬\'s last day', async () => {
    const YAODU = '141002100200'
    const move = async (id: string, steps: [Parameters<Api['problems.transition']>[0]['action'], string, object?][]) => {
      for (const [action, date, extra] of steps) await api['problems.transition']({ id, action, date, note: '复查仍未通气', ...extra })
    }
    const terms = (deadline: string) => ({ responsibleUnit: '新田乡人民政府', responsiblePerson: '李乡长', deadline, acceptanceStandard: '现场核实' })
    for (const villageCode of [YAODU, QINCUN]) {
      await api['villages.setPlan']({ villageCode, route: 'gas', targetHouseholds: 50, contractor: '燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
    }
    // P4 (尧都区): overdue through 上旬, verified and closed on 11-11
    await api['problems.create']({ villageCode: YAODU, description: '补贴未到账', source: 'complaint', openedOn: '2026-10-28', deadline: '2026-11-02', acceptanceStandard: '到账凭证' })
    await move('WT2026-0001', [['assign', '2026-10-29', { responsibleUnit: '尧都区财政局', deadline: '2026-11-02' }], ['start', '2026-10-30'], ['verify', '2026-11-11'], ['close', '2026-11-11']])
    // P1 (侯马市, found on a visit): verified 11-07 before its deadline 11-08, the verification overturned on 11-12, closed 11-18
    await api['visits.create']({ date: '2026-11-03', team: ['王主任'], villages: [{ villageCode: QINCUN, households: 3 }], findings: [{ kind: 'problem', villageCode: QINCUN, text: '壁挂炉无法点火', problem: terms('2026-11-08') }] })
    await move('WT2026-0002', [['assign', '2026-11-04', { responsibleUnit: '新田乡人民政府', deadline: '2026-11-08' }], ['start', '2026-11-05'], ['verify', '2026-11-07'], ['reject', '2026-11-12'], ['verify', '2026-11-15'], ['close', '2026-11-18']])
    // P2 (尧都区): deadline 11-09, extended today (11-20) to 11-30
    const p2 = (await api['problems.create']({ villageCode: YAODU, description: '管网漏气', source: 'report', openedOn: '2026-11-05', deadline: '2026-11-09', acceptanceStandard: '检测合格' })).problem
    await api['problems.update']({ id: p2.id, description: p2.description, placeDetail: '', acceptanceStandard: p2.acceptanceStandard, responsibleUnit: '', responsiblePerson: '', deadline: '2026-11-30' })
    // P3 (侯马市): deadline 11-14, extended to 11-25 when assigned on 11-16
    await api['problems.create']({ villageCode: QINCUN, description: '表具未安装', source: 'complaint', openedOn: '2026-11-12', deadline: '2026-11-14', acceptanceStandard: '入户核实' })
    await move('WT2026-0004', [['assign', '2026-11-16', { responsibleUnit: '新田乡人民政府', deadline: '2026-11-25' }]])
    // P5 (侯马市): a visit entered as 11-09, corrected to 11-12: the problem was found on 11-12
    const v = await api['visits.create']({ date: '2026-11-09', team: ['李科长'], villages: [{ villageCode: '141081201200', households: 2 }], findings: [{ kind: 'problem', villageCode: '141081201200', text: '燃气表未安装', problem: terms('2026-11-15') }] })
    await api['visits.update']({ id: v.id, date: '2026-11-12', team: v.team, villages: v.villages })
    expect((await api['problems.get']({ id: 'WT2026-0005' })).problem).toMatchObject({ openedOn: '2026-11-12', steps: [{ action: 'open', date: '2026-11-12' }] })

    const counts = (pack: Awaited<ReturnType<Api['reports.tenDay']>>) => pack.problems.rows.map((r) => [r.name, r.opened, r.closed, r.overdue, r.openAtEnd])
    // 上旬 (to 11-10): opened P1, P2; overdue P4 and P2 (its deadline was 11-09 then), not P1 (verified then)
    const upper = await api['reports.tenDay']({ date: '2026-11-05' })
    expect(upper.problems.recorded).toBe(3) // registered by 11-10: P4, P1, P2

    expect(counts(upper)).toEqual([
      ['尧都区', 1, 0, 2, 2],
      ['侯马市', 1, 0, 0, 1],
    ])
    expect(upper.problems.total).toMatchObject({ opened: 2, closed: 0, overdue: 2, openAtEnd: 3 })
    // 中旬 (to today, 11-20): opened P3, P5; closed P4, P1; overdue P5 only (P2 and P3 were given more time)
    const middle = await api['reports.tenDay']({ date: TODAY })
    expect(counts(middle)).toEqual([
      ['尧都区', 0, 1, 0, 1],
      ['侯马市', 2, 1, 1, 2],
    ])
    expect(middle.problems.total).toMatchObject({ opened: 2, closed: 2, overdue: 1, openAtEnd: 3 })

    // The ledger on a past day shows each problem as it stood then.
    const on = async (date: string) => (await api['problems.list']({ date })).items.map((p) => [p.id, p.status, p.deadline, p.daysOverdue])
    expect(await on('2026-11-10')).toEqual([
      ['WT2026-0001', 'rectifying', '2026-11-02', 8],
      ['WT2026-0002', 'verified', '2026-11-08', 0],
      ['WT2026-0003', 'open', '2026-11-09', 1],
    ])
    expect(await on('2026-11-15')).toEqual([
      ['WT2026-0001', 'closed', '2026-11-02', 0],
      ['WT2026-0002', 'verified', '2026-11-08', 0],
      ['WT2026-0003', 'open', '2026-11-09', 6],
      ['WT2026-0004', 'open', '2026-11-14', 1],
      ['WT2026-0005', 'open', '2026-11-15', 0],
    ])
    expect((await api['problems.list']({ date: '2026-11-13' })).counts).toMatchObject({ open: 3, rectifying: 1, closed: 1, overdue: 2, total: 5 })
  })

  it('shows a village\'s open problems and visits on the map card', async () => {
    await visitWithFindings()
    const d = await api['map.village']({ code: QINCUN })
    expect(d.openProblems.map((p) => p.id)).toEqual(['WT2026-0001'])
    expect(d.visits).toEqual([{ id: 'ZF2026-0001', date: '2026-11-18', team: ['市清洁办 王主任', '李科长'], findings: 2 }])
    expect(d.path.map((p) => p.name)).toEqual(['侯马市', '新田乡'])
    const m = await api['map.villages']({})
    expect(m.villages.find((v) => v.code === QINCUN)).toMatchObject({ openProblems: 1, complaints: 0 })
    expect(m.villages.find((v) => v.code === QINCUN)!.lng).toBeUndefined()
  })
})
