import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import { readContractSources, renderApiDoc } from '../../src/core/api-doc'
import { methods } from '../../src/core/contract'
import { rejects, SHARED, fileInput, openCore, tempDir, textInput } from './helpers/core'

const counts = (c: number, n: number, m: number, e: number, k: number, a: number) => ({
  confirmed: c,
  network: n,
  meter: m,
  equipment: e,
  connected: k,
  accepted: a,
})

let core: Core
afterEach(() => core?.close())

describe('docs/API.md', () => {
  it('is the rendering of the contract, listing every method', () => {
    const root = path.resolve(import.meta.dirname, '../..')
    const doc = fs.readFileSync(path.join(root, 'docs/API.md'), 'utf8')
    expect(doc, 'run `npm run docs:api`').toBe(renderApiDoc(readContractSources(root)))
    for (const name of Object.keys(methods)) expect(doc).toContain(`### \`${name}\``)
  })
})

describe('core with the Linfen division list', () => {
  it('imports 17 counties, 158 townships, 2,329 villages and browses the tree', async () => {
    core = openCore()
    const api = core.api
    const r = await api['divisions.import'](fileInput(path.join(SHARED, 'linfen-divisions.csv')))
    expect(r.counts).toEqual({ city: 1, county: 17, township: 158, village: 2329 })
    expect(r.added).toBe(2505)
    const counties = await api['divisions.children']({})
    expect(counties).toHaveLength(17)
    expect(counties.reduce((s, c) => s + c.villageCount, 0)).toBe(2329)
    const yaodu = counties.find((c) => c.name === '尧都区')!
    expect(yaodu).toMatchObject({ code: '141002', childCount: 25, villageCount: 342 })
    const towns = await api['divisions.children']({ parentCode: '141002' })
    expect(towns).toHaveLength(25)
    const info = await api['app.info']({})
    expect(info.counts).toMatchObject({ counties: 17, townships: 158, villages: 2329 })
    expect(info.isEmpty).toBe(false)

    const byName = await api['divisions.search']({ q: '屯里' })
    expect(byName[0]).toMatchObject({ code: '141002100', level: 'township', path: '尧都区' })
    const byCode = await api['divisions.search']({ q: '141002001001' })
    expect(byCode).toEqual([{ code: '141002001001', name: '商会社区居委会', level: 'village', path: '尧都区 / 解放路街道' }])

    // Importing the same file again changes nothing.
    const again = await api['divisions.import'](fileInput(path.join(SHARED, 'linfen-divisions.csv')))
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2505 })
  })

  it('refuses a bad file with the row and keeps what was stored', async () => {
    core = openCore()
    const api = core.api
    await api['divisions.import'](textInput('ok.csv', 'level,code,name,parent_code\ncounty,141002,尧都区,141000\n'))
    const bad = 'level,code,name,parent_code\ncounty,141021,曲沃县,141000\ncounty,141021,曲沃县二,141000\n'
    const err = await rejects(api['divisions.import'](textInput('bad.csv', bad)))
    expect(err.code).toBe('import_rejected')
    expect(err.details.some((d) => d.where?.row === 3)).toBe(true)
    const counties = await api['divisions.children']({})
    expect(counties.map((c) => c.code)).toEqual(['141002'])
  })
})

async function smallCity(c: Core) {
  const csv = [
    'level,code,name,parent_code,urban_rural_code',
    'city,141000,临汾市,140000,',
    'county,141002,尧都区,141000,',
    'township,141002100,屯里镇,141002,',
    'village,141002100201,甲村村委会,141002100,220',
    'village,141002100202,乙村村委会,141002100,220',
    'village,141002100203,丙村村委会,141002100,220',
    'county,141021,曲沃县,141000,',
    'township,141021100,乐昌镇,141021,',
    'village,141021100201,丁村村委会,141021100,220',
  ].join('\n')
  await c.api['divisions.import'](textInput('d.csv', csv))
}

describe('plans, figures and the dashboard', () => {
  it('adds up counts, rates (over 100% kept), and today’s increase', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await smallCity(core)
    const plan = { route: 'gas', contractor: '城燃公司', deadline: '2026-12-31', figureSource: 'counts' as const }
    await api['villages.setPlan']({ villageCode: '141002100201', targetHouseholds: 100, ...plan })
    await api['villages.setPlan']({ villageCode: '141002100202', targetHouseholds: 50, ...plan })
    await api['villages.setPlan']({ villageCode: '141021100201', targetHouseholds: 40, ...plan })
    await api['villages.setPlan']({ villageCode: '141002100203', targetHouseholds: 10, ...plan, route: 'electric' })
    const rec = (villageCode: string, date: string, c: ReturnType<typeof counts>, km = 0) =>
      api['figures.record']({ villageCode, date, counts: c, networkKm: km })
    await rec('141002100201', '2026-11-19', counts(80, 60, 40, 30, 20, 0), 1.5)
    await rec('141002100201', '2026-11-20', counts(90, 70, 50, 40, 30, 5), 2)
    await rec('141002100202', '2026-11-18', counts(50, 50, 45, 40, 25, 0), 0.5)
    await rec('141021100201', '2026-11-20', counts(44, 44, 44, 44, 42, 0))
    await rec('141002100203', '2026-11-20', counts(10, 10, 9, 8, 7, 1))

    const d = await api['dashboard.summary']({ date: '2026-11-20' })
    const yaoduGas = d.rows.find((r) => r.countyCode === '141002' && r.route === 'gas')!
    expect(yaoduGas).toMatchObject({ countyName: '尧都区', villages: 2, target: 150, reportedVillages: 1, networkKm: 2.5 })
    expect(yaoduGas.counts).toEqual(counts(140, 120, 95, 80, 55, 5))
    expect(yaoduGas.todayIncrease).toEqual(counts(10, 10, 10, 10, 10, 5))
    expect(yaoduGas.rates.connected).toBeCloseTo(55 / 150)
    const quwo = d.rows.find((r) => r.countyCode === '141021')!
    expect(quwo.rates.confirmed).toBeCloseTo(1.1) // 44 of 40: shown, not clipped
    expect(quwo.todayIncrease.connected).toBe(42) // first figure: all of it is today's
    const gasTotal = d.totals.find((t) => t.route === 'gas')!
    expect(gasTotal.target).toBe(190)
    expect(gasTotal.counts.connected).toBe(55 + 42)
    expect(d.totals.find((t) => t.route === 'electric')!.target).toBe(10)
    expect(d.behind[0]).toMatchObject({ countyCode: '141002', route: 'gas', remaining: 95 })

    // Yesterday's view: only yesterday's figures count.
    const y = await api['dashboard.summary']({ date: '2026-11-19' })
    expect(y.rows.find((r) => r.countyCode === '141002' && r.route === 'gas')!.counts.connected).toBe(20 + 25)

    // 未上报: on 11-18 only 141002100202's township reported; on 11-20 every township did.
    const r18 = await api['figures.reportingStatus']({ date: '2026-11-18' })
    expect(r18.townships.map((t) => [t.townshipCode, t.expectedVillages, t.reportedVillages])).toEqual([
      ['141002100', 3, 1],
      ['141021100', 1, 0],
    ])
    expect(r18.unreported.map((t) => `${t.countyName}${t.townshipName}`)).toEqual([expect.stringMatching(/^曲沃县/)])
    expect((await api['figures.reportingStatus']({ date: '2026-11-20' })).unreported).toEqual([])
    expect((await api['figures.reportingStatus']({ date: '2026-11-21' })).unreported).toHaveLength(2)
  })

  it('finds the latest figure across months after a reopen, and lists history newest first', async () => {
    const dir = tempDir()
    core = openCore(dir, '2026-11-20')
    await smallCity(core)
    const api = core.api
    await api['villages.setPlan']({ villageCode: '141002100201', route: 'gas', targetHouseholds: 100, contractor: '', deadline: '2026-12-31', figureSource: 'counts' })
    await api['villages.setPlan']({ villageCode: '141002100202', route: 'gas', targetHouseholds: 100, contractor: '', deadline: '2026-12-31', figureSource: 'counts' })
    const rec = (v: string, date: string, k: number) => api['figures.record']({ villageCode: v, date, counts: counts(k, k, k, k, k, 0), networkKm: 0 })
    await rec('141002100201', '2026-09-30', 10)
    await rec('141002100201', '2026-10-31', 20)
    await rec('141002100201', '2026-11-02', 30)
    await rec('141002100202', '2026-09-15', 5)
    core.close()

    core = openCore(dir, '2026-11-20')
    const connected = async (date: string) => (await core.api['dashboard.summary']({ date })).totals[0]!.counts.connected
    expect(await connected('2026-11-20')).toBe(30 + 5) // the second village last reported in September
    expect(await connected('2026-11-01')).toBe(20 + 5)
    expect(await connected('2026-10-15')).toBe(10 + 5)
    expect(await connected('2026-09-01')).toBe(0)
    const d = await core.api['dashboard.summary']({ date: '2026-11-01' })
    expect(d.totals[0]!.todayIncrease.connected).toBe(0) // 11-01 vs 10-31: no change
    expect((await core.api['figures.history']({ villageCode: '141002100201' })).map((f) => f.date)).toEqual(['2026-11-02', '2026-10-31', '2026-09-30'])
    expect((await core.api['figures.history']({ villageCode: '141002100201', limit: 2 })).map((f) => f.date)).toEqual(['2026-11-02', '2026-10-31'])
    // A figure for a new month after the reopen is found too.
    core.close()
    core = openCore(dir, '2026-12-03')
    await core.api['figures.record']({ villageCode: '141002100202', date: '2026-12-01', counts: counts(9, 9, 9, 9, 9, 0), networkKm: 0 })
    expect((await core.api['dashboard.summary']({ date: '2026-12-03' })).totals[0]!.counts.connected).toBe(30 + 9)
  })

  it('refuses bad figures with the field named', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await smallCity(core)
    const noPlan = await rejects(
      api['figures.record']({ villageCode: '141002100201', date: '2026-11-20', counts: counts(1, 0, 0, 0, 0, 0), networkKm: 0 }),
    )
    expect(noPlan.message).toContain('还没有改造计划')
    await api['villages.setPlan']({
      villageCode: '141002100201',
      route: 'gas',
      targetHouseholds: 10,
      contractor: '',
      deadline: '2026-12-31',
      figureSource: 'counts',
    })
    const neg = await rejects(
      api['figures.record']({ villageCode: '141002100201', date: '2026-11-20', counts: counts(-1, 0, 0, 0, 0, 0), networkKm: 0 }),
    )
    expect(neg.code).toBe('invalid_input')
    expect(neg.where?.field).toBe('counts.confirmed')
    expect(neg.message).toContain('不能为负数')
    const frac = await rejects(
      api['figures.record']({ villageCode: '141002100201', date: '2026-11-20', counts: counts(1.5, 0, 0, 0, 0, 0), networkKm: 0 }),
    )
    expect(frac.message).toContain('整数')
    const future = await rejects(
      api['figures.record']({ villageCode: '141002100201', date: '2026-11-21', counts: counts(1, 0, 0, 0, 0, 0), networkKm: 0 }),
    )
    expect(future.message).toContain('未来日期')
    const badDate = await rejects(
      api['figures.record']({ villageCode: '141002100201', date: '2026-02-30', counts: counts(1, 0, 0, 0, 0, 0), networkKm: 0 }),
    )
    expect(badDate.where?.field).toBe('date')
    const badCode = await rejects(api['villages.setPlan']({ villageCode: '1410', route: 'gas', targetHouseholds: 1, contractor: '', deadline: '2026-12-31', figureSource: 'counts' }))
    expect(badCode.message).toContain('12 位')
  })
})

describe('households', () => {
  it('derive the village figure, mask personal data, and record who revealed it', async () => {
    core = openCore(undefined, '2026-11-20')
    // The audit trail names the caller (the computer's user, or the account in network mode).
    const api = core.as({ who: '张科员' })
    await smallCity(core)
    await api['villages.setPlan']({
      villageCode: '141002100201',
      route: 'gas',
      targetHouseholds: 3,
      contractor: '城燃公司',
      deadline: '2026-12-31',
      figureSource: 'households',
    })
    const base = { villageCode: '141002100201', route: 'gas' }
    const a = await api['households.create']({ ...base, headName: '王建国', stage: 'connected', idNumber: '11010519491231002X', phone: '13812345678' })
    await api['households.create']({ ...base, headName: '李秀英', stage: 'meter' })
    const c = await api['households.create']({ ...base, headName: '赵强', stage: 'none' })
    expect(a.id).toBe('141002100201-000001')
    expect(a.idNumber).toBe('1101**********002X')
    expect(a.phone).toBe('138****5678')
    const fig = (await api['figures.history']({ villageCode: '141002100201' }))[0]!
    expect(fig).toMatchObject({ date: '2026-11-20', source: 'derived' })
    expect(fig.counts).toEqual(counts(2, 2, 2, 1, 1, 0))

    await api['households.update']({ ...base, id: c.id, headName: '赵强', stage: 'accepted' })
    const fig2 = (await api['figures.history']({ villageCode: '141002100201' }))[0]!
    expect(fig2.counts).toEqual(counts(3, 3, 3, 2, 2, 1))

    // Sending the masked value back from the form keeps the stored number.
    await api['households.update']({ ...base, id: a.id, headName: '王建国', stage: 'accepted', idNumber: a.idNumber, phone: a.phone })
    const full = await api['households.get']({ id: a.id, reveal: true })
    expect(full.idNumber).toBe('11010519491231002X')
    const hist = await api['audit.history']({ collection: 'households', key: a.id })
    expect(hist[0]).toMatchObject({ who: '张科员', method: 'households.get', collection: 'note:households' })
    expect(hist.some((h) => h.method === 'households.update' && (h.before as { stage: string }).stage === 'connected')).toBe(true)

    const manual = await rejects(
      api['figures.record']({ villageCode: '141002100201', date: '2026-11-20', counts: counts(1, 0, 0, 0, 0, 0), networkKm: 0 }),
    )
    expect(manual.message).toContain('由农户信息自动统计')
    const badId = await rejects(api['households.create']({ ...base, headName: '错号', stage: 'none', idNumber: '110105194912310021' }))
    expect(badId).toMatchObject({ code: 'invalid_input', where: { field: 'idNumber' } })
    expect(badId.message).toContain('校验位')
    const dupId = await rejects(api['households.create']({ ...base, headName: '重号', stage: 'none', idNumber: '11010519491231002X' }))
    expect(dupId.message).toContain('王建国')
    const badPhone = await rejects(api['households.create']({ ...base, headName: '错电话', stage: 'none', phone: '12345' }))
    expect(badPhone.where?.field).toBe('phone')
  })
})

describe('audit trail and settings', () => {
  it('records the caller, address, method and before/after of an edit', async () => {
    core = openCore()
    const api = core.as({ who: '李主任', from: '192.168.1.20' })
    await smallCity(core)
    // The name typed in 设置 is what reports print (经办人); it does not change who the trail names.
    await api['settings.update']({ operator: '冒名者' })
    await api['villages.update']({ code: '141002100201', name: '甲村' })
    const h = await api['audit.history']({ collection: 'divisions', key: '141002100201' })
    expect(h[0]).toMatchObject({ who: '李主任', from: '192.168.1.20', method: 'villages.update' })
    expect((h[0]!.before as { name: string }).name).toBe('甲村村委会')
    expect((h[0]!.after as { name: string }).name).toBe('甲村')
    expect(h[1]).toMatchObject({ method: 'divisions.import', before: null })
    const recent = await api['audit.recent']({ limit: 2 })
    expect(recent[0]).toMatchObject({ method: 'villages.update', who: '李主任', changes: 1 })
  })

  it('lets the office rename stages and add or remove routes, but not remove one in use', async () => {
    core = openCore()
    const api = core.api
    await smallCity(core)
    const { routes } = await api['settings.get']({})
    const gas = routes.find((r) => r.id === 'gas')!
    const renamed = { ...gas, stages: gas.stages.map((s) => (s.key === 'connected' ? { ...s, name: '通气点火' } : s)) }
    const biomass = { id: 'route5', name: '生物质', stages: gas.stages.map((s) => ({ ...s })) }
    const next = routes.map((r) => (r.id === 'gas' ? renamed : r))
    await api['settings.update']({ routes: [...next, biomass] })
    const after = await api['settings.get']({})
    expect(after.routes.map((r) => r.name)).toEqual(['煤改气', '煤改电', '集中供热', '其他', '生物质'])
    expect(after.routes[0]!.stages.find((s) => s.key === 'connected')!.name).toBe('通气点火')

    const dup = await rejects(api['settings.update']({ routes: [...next, { ...biomass, name: '煤改电' }] }))
    expect(dup).toMatchObject({ code: 'invalid_input', where: { field: 'routes.4.name' } })

    // A household on the new route keeps it from being removed; the plan-free 'other' route can go.
    await api['households.create']({ villageCode: '141002100201', headName: '王建国', route: 'route5', stage: 'none' })
    const inUse = await rejects(api['settings.update']({ routes: next }))
    expect(inUse.message).toContain('生物质')
    expect(inUse.message).toContain('农户')
    await api['settings.update']({ routes: [...next.filter((r) => r.id !== 'other'), biomass] })
    expect((await api['settings.get']({})).routes.map((r) => r.id)).toEqual(['gas', 'electric', 'district', 'route5'])
  })

  it('refuses unknown methods and malformed input with a field name', async () => {
    core = openCore()
    const unknown = await rejects(core.call('nope.nothing', {}))
    expect(unknown.code).toBe('not_found')
    const bad = await rejects(core.call('settings.update', { operator: '' }))
    expect(bad).toMatchObject({ code: 'invalid_input', where: { field: 'operator' } })
  })
})

describe('demo data', () => {
  it('generates an invented city on an empty folder only', async () => {
    core = openCore()
    const api = core.api
    const r = await api['demo.generate']({ seed: 7 })
    expect(r.counties).toBe(4)
    expect(r.villages).toBeGreaterThan(40)
    expect(r.households).toBeGreaterThan(0)
    const d = await api['dashboard.summary']({})
    expect(d.rows.length).toBeGreaterThan(3)
    expect(d.rows.every((row) => row.target > 0)).toBe(true)
    // The map has outlines and points (some villages left to their township's point), the ledger
    // has problems at different steps, one of them closed and one overdue.
    const layers = await api['map.layers']({})
    expect(layers.boundaries.find((b) => b.level === 'county')!.features).toHaveLength(4)
    expect(r.points).toBeGreaterThan(r.villages * 0.7)
    expect(r.points).toBeLessThan(r.counties + r.townships + r.villages)
    const ledger = await api['problems.list']({})
    expect(ledger.items).toHaveLength(r.problems)
    expect(ledger.counts).toMatchObject({ closed: 1, rectifying: 1 })
    expect(ledger.counts.overdue).toBeGreaterThan(0)
    const again = await rejects(api['demo.generate']({}))
    expect(again.code).toBe('conflict')
  })
})
