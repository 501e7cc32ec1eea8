// The pure parts of the submission reader: cell values as townships type them, place names with
// and without their suffixes, header detection (titles, merged two-row headers, synonyms), and the
// plausibility checks of a figure (order, target, 回退).

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { figureIssues } from '../../src/core/domain/figure-checks'
import { DEFAULT_ROUTES } from '../../src/core/domain/routes'
import type { Division, StageCounts } from '../../src/core/domain/types'
import { compact, findDate, readNumber } from '../../src/core/import/cells'
import { findHeader, normalizeHeader } from '../../src/core/import/columns'
import { readCount, readKm } from '../../src/core/import/figure-sheet'
import { nameKeys, Places } from '../../src/core/import/places'
import { routeDictionary, stageDictionary } from '../../src/core/import/roster-sheet'
import type { SheetTable } from '../../src/core/import/table'

describe('cell values', () => {
  it.each([
    ['1234', 1234],
    ['1,234', 1234],
    ['１２３４', 1234],
    ['１，２３４', 1234],
    [' 12 ', 12],
    ['12户', 12],
    ['3.5公里', 3.5],
    ['2.5km', 2.5],
    ['1,234,567.5', 1234567.5],
    ['-20', -20],
    ['+7', 7],
    ['1.2E+3', 1200],
    ['.5', 0.5],
    ['0', 0],
  ])('reads %j as %d', (text, value) => {
    expect(readNumber(text)).toEqual({ kind: 'number', value })
  })

  it.each(['一百', '12-3', '1,23', '约2', 'N/A', '1.2.3'])('refuses %j as text', (text) => {
    expect(readNumber(text)).toEqual({ kind: 'text' })
  })

  it('treats spaces and full-width spaces alone as blank', () => {
    expect(readNumber('')).toEqual({ kind: 'blank' })
    expect(readNumber(' \u3000 ')).toEqual({ kind: 'blank' })
  })

  it('reads counts and lengths with the reason when it cannot', () => {
    expect(readCount('80', '确户签约')).toEqual({ value: 80 })
    expect(readCount('', '确户签约')).toEqual({})
    expect(readCount('50000', '确户签约')).toEqual({ value: 50_000 })
    expect(readCount('50001', '确户签约').problem).toBe('确户签约“50001”过大：一个村的户数不会超过 50,000，请检查是否多打了数字。')
    expect(readCount('-0.5', '验收').problem).toBe('验收“-0.5”是负数，户数不能为负。')
    expect(readKm('1,000', '管线')).toEqual({ value: 1000 })
    expect(readKm('2.12345', '管线')).toEqual({ value: 2.123 })
    expect(readKm('1000.5', '管线').problem).toBe('管线“1000.5”过大：一个村的管线不会超过 1,000 公里。')
  })

  it('reads any non-negative integer written with thousands separators or full-width digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000 }), fc.boolean(), fc.boolean(), (n, sep, wide) => {
        let s = sep ? n.toLocaleString('en-US') : String(n)
        if (wide) s = s.replace(/[0-9,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
        expect(readCount(s, 'x')).toEqual({ value: n })
      }),
    )
  })

  it.each([
    ['填报日期：2026-11-20', '2026-11-20'],
    ['填报日期：2026/11/5', '2026-11-05'],
    ['2026.11.20', '2026-11-20'],
    ['统计日期：2026年11月20日', '2026-11-20'],
    ['（截至２０２６年１１月２０日）', '2026-11-20'],
    ['屯里镇20261120.xlsx', '2026-11-20'],
    ['2026-11-20 17:30', '2026-11-20'],
  ])('finds the date in %j', (text, date) => {
    expect(findDate(text, '2026-11-24')).toEqual({ date, yearless: false })
  })

  it('takes a yearless date as the nearest such day not after today', () => {
    expect(findDate('11月20日', '2026-11-24')).toEqual({ date: '2026-11-20', yearless: true })
    expect(findDate('12月30日', '2027-01-02')).toEqual({ date: '2026-12-30', yearless: true })
  })

  it('says when a date-shaped text is no real day, and when there is none', () => {
    expect(findDate('2026年2月30日', '2026-11-24')).toEqual({ invalid: '2026年2月30日' })
    expect(findDate('屯里镇进度表', '2026-11-24')).toBeNull()
    expect(findDate('第 3 周', '2026-11-24')).toBeNull()
  })

  it('compacts full-width forms and every kind of space', () => {
    expect(compact(' 东张堡\u3000村 ')).toBe('东张堡村')
    expect(compact('（１２）')).toBe('(12)')
  })
})

describe('place names', () => {
  it('knows a name with and without its committee or government suffix and its 村/镇 ending', () => {
    expect(nameKeys('东高河村委会', 'village')).toEqual(['东高河村委会', '东高河', '东高河'])
    expect(nameKeys('枆淇村村委会', 'village')).toEqual(['枆淇村村委会', '枆淇村', '枆淇'])
    expect(nameKeys('苏村社区居民委员会', 'village')).toEqual(['苏村社区居民委员会', '苏村社区', '苏村'])
    expect(nameKeys('屯里镇人民政府', 'township')).toEqual(['屯里镇人民政府', '屯里镇', '屯里'])
    expect(nameKeys('尧都区', 'county')).toEqual(['尧都区', '尧都区', '尧都'])
  })

  const d = (code: string, name: string, level: Division['level'], parentCode: string): Division => ({ code, name, level, parentCode })
  const list = [
    d('141002', '尧都区', 'county', '141000'),
    d('141021', '曲沃县', 'county', '141000'),
    d('141002100', '屯里镇', 'township', '141002'),
    d('141002106', '吴村镇', 'township', '141002'),
    d('141021100', '屯里镇', 'township', '141021'),
    d('141002100205', '屯里村委会', 'village', '141002100'),
    d('141002100204', '贾村村委会', 'village', '141002100'),
    d('141002100301', '苏村社区居民委员会', 'village', '141002100'),
    d('141002100302', '苏村村委会', 'village', '141002100'),
    d('141002100303', '李家庄村', 'village', '141002100'),
    d('141002100304', '李家庄社区', 'village', '141002100'),
    d('141002106201', '屯里村委会', 'village', '141002106'),
  ]
  const byCode = new Map(list.map((x) => [x.code, x]))
  const children = (code: string) => list.filter((x) => x.parentCode === code).map((x) => x.code)
  const places = new Places({ division: (c) => byCode.get(c), children, counties: ['141002', '141021'] })

  it('finds villages by the name a township writes', () => {
    expect(places.village('屯里村', '141002100')).toEqual({ code: '141002100205' })
    expect(places.village('屯里', '141002100')).toEqual({ code: '141002100205' })
    expect(places.village('屯里村委会', '141002100')).toEqual({ code: '141002100205' })
    expect(places.village(' 贾村 ', '141002100')).toEqual({ code: '141002100204' })
    expect(places.village('韩村', '141002100')).toBeNull()
  })

  it('prefers the closest form, and says when two villages fit equally', () => {
    expect(places.village('苏村社区', '141002100')).toEqual({ code: '141002100301' })
    expect(places.village('苏村', '141002100')).toEqual({ code: '141002100302' })
    expect(places.village('李家庄', '141002100')).toEqual({ ambiguous: ['141002100303', '141002100304'] })
    expect(places.village('李家庄村', '141002100')).toEqual({ code: '141002100303' })
    expect(places.village('李家庄社区居委会', '141002100')).toEqual({ code: '141002100304' })
  })

  it('finds a township inside its county, and names the candidates when the county is unknown', () => {
    expect(places.township('屯里镇', '141021')).toEqual({ code: '141021100' })
    expect(places.township('屯里', '141002')).toEqual({ code: '141002100' })
    expect(places.township('屯里镇')).toEqual({ ambiguous: ['141002100', '141021100'] })
    expect(places.township('吴村镇人民政府')).toEqual({ code: '141002106' })
  })

  it('finds the same village name in the county’s other townships', () => {
    expect(places.villageElsewhere('屯里村', '141002100')).toEqual(['141002106201'])
  })

  it('finds townships and counties named inside a title or file name', () => {
    expect(places.townshipsIn('尧都区吴村镇进度日报（11月20日）.xlsx')).toEqual(['141002106'])
    expect(places.townshipsIn('屯里镇日报', '141021')).toEqual(['141021100'])
    expect(places.townshipsIn('屯里镇日报')).toEqual(['141002100', '141021100'])
    expect(places.countiesIn('曲沃县屯里镇日报')).toEqual(['141021'])
  })
})

describe('headers', () => {
  const sheet = (rows: string[][], merges: SheetTable['merges'] = []): SheetTable => ({ sheet: 'S', state: 'visible', rows, merges })

  it.each([
    ['村名', '村名'],
    ['行政村', '行政村'],
    ['村（社区）', '村'],
    ['累计确户签约户数', '确户签约'],
    ['已验收', '验收'],
    ['管线长度（公里）', '管线长度'],
    [' 点火\n通气 ', '点火通气'],
  ])('normalises %j to %j', (text, norm) => {
    expect(normalizeHeader(text)).toBe(norm)
  })

  it('finds a one-row header under title and date lines, with synonyms', () => {
    const h = findHeader(
      sheet([['屯里镇进度'], ['填报日期：2026-11-20'], ['序号', '行政村', '签约', '管网', '装表', '壁挂炉', '通气', '验收', '管网长度(km)', '备注']]),
      DEFAULT_ROUTES,
    )!
    expect(h.kind).toBe('figures')
    expect([h.firstRow, h.lastRow]).toEqual([3, 3])
    expect([...h.columns.keys()]).toEqual(['seq', 'village', 'confirmed', 'network', 'meter', 'equipment', 'connected', 'accepted', 'networkKm', 'remarks'])
    expect(h.unknown).toEqual([])
  })

  it('reads a merged two-row header: vertical merges on the left, a group over the stages', () => {
    const rows = [
      ['进度表'],
      ['序号', '村名称', '各阶段累计户数', '', '', '', '', '', '管线公里数'],
      ['', '', '确户签约', '庭院管网', '入户装表', '壁挂炉安装', '点火通气', '验收', ''],
      ['1', '屯里村', '1', '1', '1', '1', '1', '1', '1'],
    ]
    const merges = [
      { top: 2, left: 1, bottom: 3, right: 1 },
      { top: 2, left: 2, bottom: 3, right: 2 },
      { top: 2, left: 3, bottom: 2, right: 8 },
      { top: 2, left: 9, bottom: 3, right: 9 },
    ]
    const h = findHeader(sheet(rows, merges), DEFAULT_ROUTES)!
    expect([h.firstRow, h.lastRow]).toEqual([2, 3])
    expect(h.columns.get('village')).toEqual({ key: 'village', index: 1, label: '村名称' })
    expect(h.columns.get('connected')).toEqual({ key: 'connected', index: 6, label: '点火通气' })
    expect(h.columns.get('networkKm')?.index).toBe(8)
  })

  it('reads a two-row header without merges (a CSV), the group label above the stages, and names what it does not know', () => {
    const rows = [
      ['序号', '村', '累计户数', '', '', '', '', '', '开工数'],
      ['', '', '确户', '线路', '户表', '设备', '通电', '验收', ''],
    ]
    const h = findHeader(sheet(rows), DEFAULT_ROUTES)!
    expect([h.firstRow, h.lastRow]).toEqual([1, 2])
    expect(h.columns.get('network')?.label).toBe('线路')
    expect(h.unknown).toEqual(['开工数'])
  })

  it('tells a roster from a figures sheet', () => {
    const h = findHeader(sheet([['序号', '县区', '乡镇', '村', '户主', '身份证号码', '手机号', '户号', '改造方式', '当前阶段']]), DEFAULT_ROUTES)!
    expect(h.kind).toBe('roster')
    expect([...h.columns.keys()]).toEqual(['seq', 'county', 'township', 'village', 'headName', 'idNumber', 'phone', 'userCode', 'route', 'stage'])
  })

  it('takes the stage names the office gave its routes', () => {
    const routes = [{ ...DEFAULT_ROUTES[0]!, stages: DEFAULT_ROUTES[0]!.stages.map((s) => (s.key === 'connected' ? { ...s, name: '供气' } : s)) }]
    const h = findHeader(sheet([['村名', '供气']]), routes)!
    expect(h.columns.get('connected')?.label).toBe('供气')
  })

  it('finds nothing in a sheet of notes', () => {
    expect(findHeader(sheet([['填报说明'], ['每天报送'], ['村名'], ['户数']]), DEFAULT_ROUTES)).toBeUndefined()
  })

  it('reads 改造类别 and 当前阶段 as offices write them', () => {
    const routes = routeDictionary(DEFAULT_ROUTES)
    expect(['煤改气', '气代煤', '2', 'gas'].map((t) => routes.get(t))).toEqual(['gas', 'gas', 'gas', 'gas'])
    expect(['煤改电', '电代煤', '1', '集中供热'].map((t) => routes.get(t))).toEqual(['electric', 'electric', 'electric', 'district'])
    const stages = stageDictionary(DEFAULT_ROUTES)
    expect(['确户签约', '通电', '点火', '壁挂炉安装', '已验收', '未确户', 'connected'].map((t) => stages.get(normalizeHeader(t)))).toEqual([
      'confirmed',
      'connected',
      'connected',
      'equipment',
      'accepted',
      'none',
      'connected',
    ])
  })
})

describe('figure checks', () => {
  const names = { confirmed: '确户', network: '管网', meter: '装表', equipment: '设备', connected: '通气', accepted: '验收' }
  const c = (...n: number[]): StageCounts => ({ confirmed: n[0]!, network: n[1]!, meter: n[2]!, equipment: n[3]!, connected: n[4]!, accepted: n[5]! })

  it('passes a plausible figure', () => {
    expect(figureIssues({ counts: c(10, 9, 8, 7, 6, 5), networkKm: 2, stageNames: names, target: 10, previous: { date: '2026-11-19', counts: c(9, 9, 8, 7, 6, 5), networkKm: 2 } })).toEqual([])
  })

  it('names every stage above the one before it, above target, and every 回退, with both values', () => {
    const issues = figureIssues({
      counts: c(10, 12, 8, 9, 6, 5),
      networkKm: 1.5,
      stageNames: names,
      target: 11,
      previous: { date: '2026-11-19', counts: c(10, 12, 9, 7, 7, 5), networkKm: 2 },
    })
    expect(issues).toEqual([
      { kind: 'order', stages: ['network', 'equipment'], message: '阶段顺序不对：管网 12 户多于上一阶段确户 10 户；设备 9 户多于上一阶段装表 8 户。' },
      { kind: 'target', stages: ['network'], message: '超过任务户数 11：管网 12 户（按所填导入，不截断）。' },
      { kind: 'regression', stages: ['meter', 'connected'], message: '回退：装表 由 9 户降为 8 户，通气 由 7 户降为 6 户，管线 由 2 公里降为 1.5 公里（上次 2026-11-19 的累计数）。' },
    ])
  })

  it('never reports a figure that only grows from an ordered one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 6, maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 6, maxLength: 6 }), (base, add) => {
        const sorted = [...base].sort((a, b) => b - a)
        // Adding more to earlier stages keeps the order.
        const grown = sorted.map((v, i) => v + add.slice(i).reduce((s, x) => s + x, 0))
        const issues = figureIssues({ counts: c(...grown), networkKm: 1, stageNames: names, previous: { date: 'd', counts: c(...sorted), networkKm: 1 } })
        expect(issues).toEqual([])
      }),
    )
  })
})
