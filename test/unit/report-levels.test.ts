// Reports made at the office's own level (本级), on cases worked out by hand
// (helpers/level-dataset.ts), each at the city level (临汾市: rows are counties) and at the
// county level (曲沃县: rows are townships): a unit without a report that day, a negative
// increase, a week whose week before has no figures, a figure above its target. Then 本级 itself,
// the scope a city office picks, title templates, and the bulletin text kept per week.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { ProgressRow, WeeklyRow } from '../../src/core/contract'
import { overTargetNote, regressionNote } from '../../src/core/reports/report-cells'
import { openCore, rejects } from './helpers/core'
import { loadLevels, Q } from './helpers/level-dataset'

let core: Core
beforeEach(async () => {
  core = openCore()
  await loadLevels(core)
})
afterEach(() => core?.close())

const QUWO = '141021'
const asCounty = () => core.api['settings.update']({ officeCode: QUWO })
const day = (r: ProgressRow) => [r.name, r.target, r.done, r.rate, r.increase, r.rank, r.reporting.status]
const week = (r: WeeklyRow) => [r.name, r.increase, r.lastIncrease, r.change, r.rank]

describe('本级 (the office’s own level)', () => {
  it('defaults to the one city of the division list; a county or township can be named; a village cannot', async () => {
    expect((await core.api['app.info']({})).office).toMatchObject({ code: '141000', name: '临汾市', level: 'city', unitLevel: 'county', totalName: '全市合计' })
    await asCounty()
    expect((await core.api['app.info']({})).office).toEqual({
      code: QUWO,
      name: '曲沃县',
      level: 'county',
      unitLevel: 'township',
      areaWord: '全县',
      totalName: '全县合计',
      unitLabel: '乡镇（街道）',
      unitWord: '乡镇',
    })
    // 尧都区 says 全区, 侯马市 全市, 乐昌镇 全镇, 北董乡 全乡
    await core.api['settings.update']({ officeCode: '141002' })
    expect((await core.api['app.info']({})).office.totalName).toBe('全区合计')
    await core.api['settings.update']({ officeCode: '141081' })
    expect((await core.api['app.info']({})).office.totalName).toBe('全市合计')
    await core.api['settings.update']({ officeCode: '141021200' })
    expect((await core.api['app.info']({})).office).toMatchObject({ level: 'township', unitLevel: 'village', totalName: '全乡合计', unitLabel: '村（社区）' })
    const village = await rejects(core.api['settings.update']({ officeCode: Q.V1 }))
    expect(village.message).toContain('本级应为市、县（市、区）或乡镇（街道）')
    expect(village.where?.field).toBe('officeCode')
    expect((await rejects(core.api['settings.update']({ officeCode: '149999' }))).message).toContain('没有代码为 149999 的区划')
    await core.api['settings.update']({ officeCode: '' })
    expect((await core.api['app.info']({})).office.code).toBe('141000')
    const hist = await core.api['audit.history']({ collection: 'settings', key: 'settings' })
    expect(hist.length).toBeGreaterThanOrEqual(5)
  })

  it('the dashboard, the map and the money summary work at that level', async () => {
    const city = await core.api['dashboard.summary']({ date: '2026-11-20' })
    expect(city.rows.map((r) => r.countyName)).toEqual(['曲沃县', '翼城县', '襄汾县', '侯马市'])
    await asCounty()
    const county = await core.api['dashboard.summary']({ date: '2026-11-20' })
    expect(county.area?.name).toBe('曲沃县')
    expect(county.rows.map((r) => [r.countyName, r.target, r.counts.connected, r.todayIncrease.connected])).toEqual([
      ['乐昌镇', 150, 82, 7],
      ['史村镇', 80, 50, 2],
      ['曲村镇', 60, 10, -30],
      ['高显镇', 40, 44, 2],
      ['北董乡', 70, 35, 0],
      ['杨谈乡', 50, 24, 4],
    ])
    expect(county.totals[0]).toMatchObject({ target: 450, villages: 7 })
    const map = await core.api['map.villages']({ date: '2026-11-20' })
    // 曲沃县's 123 villages, not the city's 2,329
    expect(map.villages).toHaveLength(123)
    expect(map.counties).toEqual([QUWO])
    expect(map.area.code).toBe(QUWO)
    const money = await core.api['reconcile.summary']({ season: '2026-2027' })
    expect([money.scope.name, money.rowLevel]).toEqual(['曲沃县', 'township'])
  })
})

describe('日报: a unit that did not report that day, and a negative increase (回退)', () => {
  it('county level: 北董乡 is marked 未报 and not ranked; 曲村镇 fell by 30 and is listed', async () => {
    await asCounty()
    const r = await core.api['reports.daily']({ date: '2026-11-20' })
    expect(r.header.title).toBe('曲沃县农村清洁取暖改造进度日报')
    expect(r.area.totalName).toBe('全县合计')
    // 乐昌镇 V1 50→55, V2 25→27; 曲村镇 V4 40→10; 高显镇 V5 42→44 of 40; 北董乡 V6 sent nothing
    // (35 from 11-19 stands, +0); 杨谈乡 V7 20→24. Ranked by rate as printed without 北董乡, whose
    // 50.0% would otherwise have put it fourth, ahead of 杨谈乡 (48.0%).
    expect(r.counties.map(day)).toEqual([
      ['乐昌镇', 150, 82, 82 / 150, 7, 3, 'reported'],
      ['史村镇', 80, 50, 0.625, 2, 2, 'reported'],
      ['曲村镇', 60, 10, 10 / 60, -30, 5, 'reported'],
      ['高显镇', 40, 44, 1.1, 2, 1, 'reported'],
      ['北董乡', 70, 35, 0.5, 0, null, 'unreported'],
      ['杨谈乡', 50, 24, 0.48, 4, 4, 'reported'],
    ])
    expect(r.counties[4]!.reporting).toEqual({ expected: 1, reported: 0, lastDate: '2026-11-19', status: 'unreported' })
    // 5 + 2 + 2 − 30 + 2 + 0 + 4 = −15: the county's day is a fall
    expect([r.total.target, r.total.done, r.total.increase]).toEqual([450, 245, -15])
    expect(r.total.reporting).toMatchObject({ expected: 7, reported: 6, status: 'partial' })
    expect(r.reporting.unreported.map((t) => t.townshipName)).toEqual(['北董乡'])
    expect(r.reporting.expected).toBe(6)
    expect(r.regressions).toEqual([
      { villageCode: Q.V4, villageName: '曲村村委会', place: '曲村镇', unitCode: '141021102', route: 'gas', routeName: '煤改气', before: 40, after: 10, change: -30 },
    ])
    expect(regressionNote(r.regressions, '2026-11-19', '2026-11-20')).toBe(
      '回退：11月19日至11月20日累计完成数减少的村：曲村镇曲村村委会（煤改气）40→10户（减少30户）。请核实是否为更正或返工。',
    )
    // the route's own table ranks alike
    expect(r.routeTables[0]!.rows.map((x) => x.rank)).toEqual([3, 2, 5, 1, null, 4])
  })

  it('city level: 侯马市 is marked 未报 and not ranked; 曲沃县’s day is −15 with 曲沃县曲村镇 behind it', async () => {
    const r = await core.api['reports.daily']({ date: '2026-11-20' })
    expect(r.header.title).toBe('临汾市农村清洁取暖改造进度日报')
    // 侯马市 at 30.0% would have tied 翼城县 for third
    expect(r.counties.map(day)).toEqual([
      ['曲沃县', 450, 245, 245 / 450, -15, 2, 'partial'],
      ['翼城县', 60, 18, 0.3, 6, 3, 'reported'],
      ['襄汾县', 20, 25, 1.25, 1, 1, 'reported'],
      ['侯马市', 100, 30, 0.3, 0, null, 'unreported'],
    ])
    expect([r.total.done, r.total.increase]).toEqual([318, -8])
    expect(r.regressions.map((g) => [g.place, g.villageName, g.unitCode, g.change])).toEqual([['曲沃县曲村镇', '曲村村委会', QUWO, -30]])
    expect(r.reporting.unreported.map((t) => `${t.countyName}${t.townshipName}`)).toEqual(['曲沃县北董乡', '侯马市路东街道'])
    expect(r.reporting).toMatchObject({ expected: 9, reported: 7 })
  })

  it('a city office asks for 曲沃县’s report (scope): the same numbers, titled for 曲沃县', async () => {
    const r = await core.api['reports.daily']({ date: '2026-11-20', scope: QUWO })
    expect(r.header.title).toBe('曲沃县农村清洁取暖改造进度日报')
    expect(r.counties.map((c) => [c.name, c.rank])).toEqual([
      ['乐昌镇', 3],
      ['史村镇', 2],
      ['曲村镇', 5],
      ['高显镇', 1],
      ['北董乡', null],
      ['杨谈乡', 4],
    ])
    // with the township sections by village on request
    const detail = await core.api['reports.daily']({ date: '2026-11-20', scope: QUWO, byTownship: true })
    expect(detail.townships.map((s) => [s.countyName, s.rows.map((v) => v.name)])).toEqual([
      ['乐昌镇', ['东北街社区居民委员会', '西南街社区居民委员会']],
      ['史村镇', ['辛村村委会']],
      ['曲村镇', ['曲村村委会']],
      ['高显镇', ['高显村委会']],
      ['北董乡', ['北董村委会']],
      ['杨谈乡', ['杨谈村委会']],
    ])
    expect(detail.townships[4]!.rows[0]).toMatchObject({ rank: null, expectedVillages: 1, reportedVillages: 0 })
    // a county office cannot make another county's report; a village is no area
    await asCounty()
    const other = await rejects(core.api['reports.daily']({ date: '2026-11-20', scope: '141022' }))
    expect(other.message).toBe('翼城县不在本级（曲沃县）范围内。')
    expect(other.where?.field).toBe('scope')
    expect((await rejects(core.api['reports.daily']({ date: '2026-11-20', scope: Q.V1 }))).message).toContain('是村')
    // a township of its own is fine: rows are villages
    const town = await core.api['reports.daily']({ date: '2026-11-20', scope: '141021100' })
    expect([town.header.title, town.area.totalName, town.counties.map((c) => c.name)]).toEqual([
      '乐昌镇农村清洁取暖改造进度日报',
      '全镇合计',
      ['东北街社区居民委员会', '西南街社区居民委员会'],
    ])
  })
})

describe('周通报: a week whose week before has no figures (上期无数据)', () => {
  // Weeks end on Friday: 11-14…11-20 against 11-07…11-13.
  it('county level: 杨谈乡 started on 11-16, so it has no increase to compare with; 曲村镇 fell by 20', async () => {
    await asCounty()
    const b = await core.api['reports.weekly']({ date: '2026-11-20' })
    expect(b.week).toEqual({ from: '2026-11-14', to: '2026-11-20', days: 7 })
    expect(b.header.title).toBe('曲沃县农村清洁取暖改造工作周通报')
    // increases 11-13 → 11-20: 乐昌镇 15 + 7, 史村镇 10, 曲村镇 30 → 10, 高显镇 6, 北董乡 5 (its
    // 11-19 figure: it reported this week, so it is ranked), 杨谈乡 0 → 24; the week before
    // 11-06 → 11-13: 20 + 10, 10, 20, 8, 10, and nothing for 杨谈乡.
    expect(b.rows.map(week)).toEqual([
      ['高显镇', 6, 8, -2, 1],
      ['史村镇', 10, 10, 0, 2],
      ['乐昌镇', 22, 30, -8, 3],
      ['北董乡', 5, 10, -5, 4],
      ['杨谈乡', 24, null, null, 5],
      ['曲村镇', -20, 20, -40, 6],
    ])
    expect([b.total.increase, b.total.lastIncrease, b.total.change]).toEqual([47, 78, -31])
    expect(b.draft).toContain('截至11月20日，全县累计完成清洁取暖改造245户（以点火通气计），占任务总数450户的54.4%；本周（11月14日—11月20日）新增47户，较上周少31户。')
    expect(b.draft).toContain('杨谈乡上周无数据，未与上周比较。')
    expect(b.draft).toContain('曲村镇有1个村累计数回退（共20户），请核实原因。')
    expect(b.draft).toContain('请相关乡镇倒排工期')
    expect(b.regressions.map((g) => [g.villageName, g.before, g.after])).toEqual([['曲村村委会', 30, 10]])
    // the villages furthest behind, named
    expect(b.laggards.map((l) => `${l.parentName}${l.name}`)[0]).toBe('曲村镇曲村村委会')
  })

  it('city level: 翼城县 started on 11-16; the county ranking names the townships furthest behind', async () => {
    const b = await core.api['reports.weekly']({ date: '2026-11-20' })
    // 曲沃县 47 against 78; 翼城县 0 → 18 against nothing; 襄汾县 18 → 25 against 10 → 18;
    // 侯马市 20 → 30 (11-19) against 10 → 20. 翼城县 and 侯马市 both read 30.0%: 并列 third.
    expect(b.rows.map(week)).toEqual([
      ['襄汾县', 7, 8, -1, 1],
      ['曲沃县', 47, 78, -31, 2],
      ['翼城县', 18, null, null, 3],
      ['侯马市', 10, 10, 0, 3],
    ])
    expect([b.total.increase, b.total.lastIncrease, b.total.change]).toEqual([82, 96, -14])
    expect(b.draft).toContain('翼城县上周无数据，未与上周比较。')
    // townships by rate as printed, lowest first; at 30.0% the one with more left first
    expect(b.laggards.map((l) => [l.parentName, l.name, l.remaining])).toEqual([
      ['曲沃县', '曲村镇', 50],
      ['侯马市', '路东街道', 70],
      ['翼城县', '唐兴镇', 42],
      ['曲沃县', '杨谈乡', 26],
      ['曲沃县', '北董乡', 35],
    ])
    expect(b.draft).toContain('完成率最低的乡镇是曲沃县曲村镇（16.7%）、侯马市路东街道（30.0%）、翼城县唐兴镇（30.0%）、曲沃县杨谈乡（48.0%）、曲沃县北董乡（50.0%）。')
  })

  it('says 上周无数据 for the whole area when nothing was reported the week before', async () => {
    // 11-07…11-13 of a week ending 11-13 has no figures before it either: the week of 11-06 is compared with 10-30…11-05
    const b = await core.api['reports.weekly']({ date: '2026-11-06' })
    expect(b.total.lastIncrease).toBeNull()
    expect(b.total.change).toBeNull()
    // and nothing before it at all: the week's increase holds what was done before the first report
    expect(b.firstReport).toBe(true)
    expect(b.draft).toContain('上周无数据，无法比较（本周为首次上报，新增含此前已完成的户数）。')
    expect((await core.api['reports.weekly']({ date: '2026-11-13' })).firstReport).toBe(false)
  })
})

describe('a figure above its target', () => {
  it('is shown as it is, ranked by it, and flagged — county and city', async () => {
    await asCounty()
    const county = await core.api['reports.daily']({ date: '2026-11-20' })
    const gaoxian = county.counties.find((c) => c.name === '高显镇')!
    expect([gaoxian.done, gaoxian.target, gaoxian.rate, gaoxian.rank]).toEqual([44, 40, 1.1, 1])
    expect(overTargetNote(county.counties)).toBe('超过任务户数的：高显镇（完成44户，任务40户），请核实任务户数是否已调整。')
    await core.api['settings.update']({ officeCode: '' })
    const city = await core.api['reports.daily']({ date: '2026-11-20' })
    expect(city.counties.find((c) => c.name === '襄汾县')).toMatchObject({ done: 25, target: 20, rate: 1.25, rank: 1 })
    expect(overTargetNote(city.counties)).toBe('超过任务户数的：襄汾县（完成25户，任务20户），请核实任务户数是否已调整。')
    // the schedule counts nothing left for it (a village above target does not offset another)
    const s = await core.api['reports.schedule']({ date: '2026-11-20' })
    expect(s.counties.find((c) => c.countyName === '襄汾县')).toMatchObject({ remaining: 0, status: 'done' })
  })
})

describe('旬例会 at the county level', () => {
  it('townships ranked, 上期无数据 for 杨谈乡, and the narrative in the county’s words', async () => {
    await asCounty()
    const p = await core.api['reports.tenDay']({ date: '2026-11-20' })
    // 11-10 → 11-20: 乐昌镇 (20→55) + (10→27) = 52, 史村镇 20, 曲村镇 0, 高显镇 14, 北董乡 15,
    // 杨谈乡 24; 10-31 → 11-10: 30, 30, 10, 30, 20, and nothing for 杨谈乡.
    expect(p.progress.rows.map((r) => [r.name, r.increase, r.previousIncrease, r.rank])).toEqual([
      ['高显镇', 14, 30, 1],
      ['史村镇', 20, 30, 2],
      ['乐昌镇', 52, 30, 3],
      ['北董乡', 15, 20, 4],
      ['杨谈乡', 24, null, 5],
      ['曲村镇', 0, 10, 6],
    ])
    expect([p.progress.total.increase, p.progress.total.previousIncrease]).toEqual([125, 120])
    expect(p.narrative[0]).toMatch(/^（一）进度与工期。截至11月20日，全县累计完成清洁取暖改造245户（以点火通气计），占任务总数450户的54\.4%；11月中旬新增125户，日均12\.5户，较11月上旬多5户。/)
    expect(p.narrative[1]).toContain('完成率居首位的是高显镇（110.0%），居末位的是曲村镇（16.7%）。')
    expect(p.narrative.at(-1)).toMatch(/^（五）11月下旬安排。2026年11月下旬（11月21日—11月30日，10天）按倒排工期全县应完成\d+户，需日均[\d.]+户。各乡镇所需日均：/)
  })
})

describe('title templates (报表设置)', () => {
  it('fill {地区} and {日期}, are kept, and refuse an unknown placeholder', async () => {
    await asCounty()
    const s = await core.api['reports.saveSettings']({ titles: { daily: '{地区}清洁取暖进度日报（{日期}）' } })
    expect(s.titles.daily).toBe('{地区}清洁取暖进度日报（{日期}）')
    expect(s.titles.weekly).toBe('{地区}农村清洁取暖改造工作周通报')
    expect((await core.api['reports.daily']({ date: '2026-11-20' })).header.title).toBe('曲沃县清洁取暖进度日报（2026年11月20日）')
    expect((await core.api['reports.settings']({})).titles.daily).toBe('{地区}清洁取暖进度日报（{日期}）')
    const bad = await rejects(core.api['reports.saveSettings']({ titles: { weekly: '{县}周通报' } }))
    expect(bad.message).toContain('{地区} 和 {日期}')
    expect((await core.api['reports.settings']({})).titles.weekly).toBe('{地区}农村清洁取暖改造工作周通报')
  })
})

describe('the bulletin text kept per week', () => {
  it('is saved (audited), shown again, used by the export, and deleted by 恢复草稿', async () => {
    await asCounty()
    const b = await core.api['reports.weekly']({ date: '2026-11-18' })
    expect(b.saved).toBeNull()
    const text = `${b.draft}\n请各乡镇对照通报抓紧整改。`
    const saved = await core.as({ who: '王秘书' })['reports.saveBulletinText']({ date: '2026-11-16', text })
    expect(saved).toMatchObject({ text, savedBy: '王秘书', draftAtSave: b.draft })
    // any day of the week reopens it; another week has none
    expect((await core.api['reports.weekly']({ date: '2026-11-20' })).saved?.text).toBe(text)
    expect((await core.api['reports.weekly']({ date: '2026-11-13' })).saved).toBeNull()
    // a city office's bulletin of the same week is another text
    await core.api['settings.update']({ officeCode: '' })
    expect((await core.api['reports.weekly']({ date: '2026-11-20' })).saved).toBeNull()
    expect((await core.api['reports.weekly']({ date: '2026-11-20', scope: QUWO })).saved?.text).toBe(text)
    await asCounty()
    const file = await core.api['reports.weeklyExport']({ date: '2026-11-20' })
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer)
    expect(wb.getWorksheet('周通报')!.getCell('A6').value).toBe('\u3000\u3000请各乡镇对照通报抓紧整改。')
    const hist = await core.api['audit.history']({ collection: 'bulletinTexts', key: `${QUWO}|2026-11-14|2026-11-20` })
    expect(hist.map((h) => [h.who, h.method])).toEqual([['王秘书', 'reports.saveBulletinText']])
    expect(await core.api['reports.saveBulletinText']({ date: '2026-11-20', text: '' })).toBeNull()
    expect((await core.api['reports.weekly']({ date: '2026-11-20' })).saved).toBeNull()
    expect(await core.api['audit.history']({ collection: 'bulletinTexts', key: `${QUWO}|2026-11-14|2026-11-20` })).toHaveLength(2)
  })
})
