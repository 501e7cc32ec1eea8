// Each report computed from the known dataset (helpers/report-dataset.ts), its numbers checked
// against sums worked out by hand; the reports' settings; refusals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { ProgressRow, ScheduleRow } from '../../src/core/contract'
import { openCore, rejects } from './helpers/core'
import { loadDataset, problem, V } from './helpers/report-dataset'

let core: Core
beforeEach(async () => {
  core = openCore()
  await loadDataset(core)
})
afterEach(() => core?.close())

const pick = (r: ProgressRow) => ({ name: r.name, target: r.target, done: r.done, rate: r.rate, increase: r.increase, rank: r.rank })
const sched = (rows: ScheduleRow[], county: string, route: string) => rows.find((r) => r.countyCode === county && r.route === route)!

describe('日报 daily report', () => {
  it('per county over all routes: targets, done, rates, the day’s increase, ranks with ties, totals = sums', async () => {
    const r = await core.api['reports.daily']({ date: '2026-11-20' })
    expect(r.header).toEqual({
      title: '临汾市农村清洁取暖改造进度日报',
      subtitle: '统计日期：2026年11月20日',
      unitName: '清洁取暖工作领导小组办公室',
      madeAt: '2026-11-20 09:30',
    })
    expect(r.routes.map((x) => x.id)).toEqual(['gas', 'electric'])
    expect(r.completionName).toBe('点火通气/通电')
    // 尧都区 114/190 and 曲沃县 120/200 are both 60%, but 曲沃县 did not report on 11-20 (its one
    // village, 乐昌镇 B1, sent nothing): it is not ranked (未报), so 襄汾县 75/130 comes second.
    expect(r.counties.map(pick)).toEqual([
      { name: '尧都区', target: 190, done: 114, rate: 0.6, increase: 21, rank: 1 },
      { name: '曲沃县', target: 200, done: 120, rate: 0.6, increase: 0, rank: null },
      { name: '襄汾县', target: 130, done: 75, rate: 75 / 130, increase: 8, rank: 2 },
    ])
    expect(r.counties.map((c) => c.reporting.status)).toEqual(['reported', 'unreported', 'reported'])
    expect(pick(r.total)).toEqual({ name: '合计', target: 520, done: 309, rate: 309 / 520, increase: 29, rank: null })
    for (const k of ['target', 'done', 'increase'] as const) expect(r.total[k]).toBe(r.counties.reduce((n, c) => n + c[k], 0))
    expect(r.counties[2]!.byRoute.electric).toEqual({ target: 50, done: 55, rate: 1.1, increase: 3 })
    expect(r.total.byRoute).toEqual({
      gas: { target: 420, done: 224, rate: 224 / 420, increase: 19 + 0 + 5 },
      electric: { target: 100, done: 85, rate: 0.85, increase: 5 },
    })
  })

  it('per route: every stage, network km, rates above 100% as they are, ranks within the route', async () => {
    const r = await core.api['reports.daily']({ date: '2026-11-20' })
    const gas = r.routeTables.find((t) => t.route.id === 'gas')!
    expect(gas.rows.map((x) => [x.countyName, x.target, x.counts.connected, x.completionRate, x.increase, x.rank])).toEqual([
      ['尧都区', 140, 84, 0.6, 19, 1],
      ['曲沃县', 200, 120, 0.6, 0, null],
      ['襄汾县', 80, 20, 0.25, 5, 2],
    ])
    // confirmed = connected + 20 in every village: 尧都区 gas (60+20)+(24+20) = 124
    expect(gas.rows[0]!.counts.confirmed).toBe(124)
    expect(gas.rows[0]!.networkKm).toBeCloseTo(8.4, 9)
    expect(gas.total.counts.connected).toBe(224)
    const electric = r.routeTables.find((t) => t.route.id === 'electric')!
    expect(electric.rows.map((x) => [x.countyName, x.completionRate, x.rank])).toEqual([
      ['尧都区', 0.6, 2],
      ['襄汾县', 1.1, 1],
    ])
    expect(electric.rows[1]!.rates.connected).toBe(1.1)
  })

  it('names the townships that did not report (未上报)', async () => {
    const r = await core.api['reports.daily']({ date: '2026-11-20' })
    expect(r.reporting.expected).toBe(4)
    expect(r.reporting.reported).toBe(3)
    expect(r.reporting.unreported.map((t) => `${t.countyName}${t.townshipName}`)).toEqual(['曲沃县乐昌镇'])
    const before = await core.api['reports.daily']({ date: '2026-11-19' })
    // 11-19: 尧都区乔李镇 (A3) and 襄汾县… C1 reported nothing, but C2 did, so 新城镇 reported.
    expect(before.reporting.unreported.map((t) => t.townshipName)).toEqual(['乔李镇'])
  })

  it('by township on request: one section per county, totals equal to the county row', async () => {
    const plain = await core.api['reports.daily']({ date: '2026-11-20' })
    expect(plain.townships).toEqual([])
    const r = await core.api['reports.daily']({ date: '2026-11-20', byTownship: true })
    expect(r.townships.map((s) => s.countyName)).toEqual(['尧都区', '曲沃县', '襄汾县'])
    const yaodu = r.townships[0]!
    expect(yaodu.rows.map((t) => [t.name, t.target, t.done, t.increase, t.expectedVillages, t.reportedVillages, t.rank])).toEqual([
      ['屯里镇', 150, 90, 7, 2, 2, 1],
      ['乔李镇', 40, 24, 14, 1, 1, 1],
    ])
    expect(pick(yaodu.total)).toEqual({ ...pick(r.counties[0]!), rank: null })
    expect(r.townships[1]!.rows[0]).toMatchObject({ name: '乐昌镇', expectedVillages: 1, reportedVillages: 0 })
  })
})

describe('周通报 weekly bulletin', () => {
  it('a Friday cut-off week: increase, week-over-week change, ranks, who is behind, the drafted text', async () => {
    await core.api['reports.saveSettings']({ weekEndsOn: 5 })
    const b = await core.api['reports.weekly']({ date: '2026-11-18' })
    expect(b.week).toEqual({ from: '2026-11-14', to: '2026-11-20', days: 7 })
    expect(b.asOf).toBe('2026-11-20')
    expect(b.compareWith).toEqual({ from: '2026-11-07', to: '2026-11-13', days: 7 })
    expect(b.header.subtitle).toBe('2026年11月14日—11月20日')
    expect(b.rows.map((r) => [r.name, r.rank, r.increase, r.lastIncrease, r.change])).toEqual([
      ['尧都区', 1, 44, 35, 9],
      ['曲沃县', 1, 30, 30, 0],
      ['襄汾县', 3, 10, 15, -5],
    ])
    expect([b.total.increase, b.total.lastIncrease, b.total.change]).toEqual([84, 80, 4])
    // 襄汾县 has households past their deadline; 曲沃县 needs 8 a day and shows 30/7.
    expect(b.behind.map((r) => [r.name, r.schedule.status])).toEqual([
      ['襄汾县', 'overdue'],
      ['曲沃县', 'behind'],
      ['尧都区', 'behind'],
    ])
    expect(b.draft).toContain('截至11月20日，全市累计完成清洁取暖改造309户（以点火通气/通电计），占任务总数520户的59.4%；')
    expect(b.draft).toContain('本周（11月14日—11月20日）新增84户，较上周多4户。')
    expect(b.draft).toContain('其中，煤改气累计完成224户、完成率53.3%，本周新增69户；煤改电累计完成85户、完成率85.0%，本周新增15户。')
    expect(b.draft).toContain('完成率居首位（含并列）的是尧都区（60.0%）、曲沃县（60.0%），居末位的是襄汾县（57.7%）。')
    expect(b.draft).toContain('曲沃县、尧都区进度滞后')
    expect(b.draft).toContain('襄汾县60户已过完成时限仍未完成')
    expect(b.draft.split('\n')).toHaveLength(2)
  })

  it('a week still running is counted to today and compared with the same days before', async () => {
    const b = await core.api['reports.weekly']({ date: '2026-11-20' })
    // Monday–Sunday by default: 11-16 … 11-22, counted 11-16 … 11-20.
    expect(b.week).toEqual({ from: '2026-11-16', to: '2026-11-22', days: 7 })
    expect(b.asOf).toBe('2026-11-20')
    expect(b.compareWith).toEqual({ from: '2026-11-09', to: '2026-11-13', days: 5 })
    expect(b.header.subtitle).toBe('2026年11月16日—11月22日（截至11月20日）')
    expect(b.draft).toContain('较上周同期')
    await rejects(core.api['reports.weekly']({ date: '2026-11-23' }))
  })
})

describe('倒排工期 backward schedule', () => {
  it('per county and route: remaining, required pace, recent pace, projected finish, warnings', async () => {
    const s = await core.api['reports.schedule']({ date: '2026-11-20' })
    expect(s.paceWindow).toEqual({ from: '2026-11-14', to: '2026-11-20', days: 7 })
    expect(s.rows.map((r) => `${r.route}:${r.countyName}`)).toEqual(['gas:尧都区', 'gas:曲沃县', 'gas:襄汾县', 'electric:尧都区', 'electric:襄汾县'])
    const yaoduGas = sched(s.rows, '141002', 'gas')
    expect(yaoduGas).toMatchObject({ target: 140, done: 84, remaining: 56, overdue: 0, deadline: '2026-11-30', daysLeft: 10, projectedFinish: '2026-12-02', status: 'behind' })
    expect(yaoduGas.requiredPace).toBeCloseTo(5.6, 12)
    expect(yaoduGas.recentPace).toBeCloseTo(34 / 7, 12)
    expect(sched(s.rows, '141002', 'electric')).toMatchObject({ remaining: 20, daysLeft: 41, projectedFinish: '2026-12-04', status: 'on_track' })
    expect(sched(s.rows, '141021', 'gas')).toMatchObject({ remaining: 80, requiredPace: 8, projectedFinish: '2026-12-09', status: 'behind' })
    expect(sched(s.rows, '141023', 'gas')).toMatchObject({ remaining: 60, overdue: 60, deadline: '2026-11-15', daysLeft: -5, requiredPace: null, projectedFinish: '2027-02-12', status: 'overdue' })
    // 55 connected on a target of 50: nothing remains, and the excess does not offset 柴村.
    expect(sched(s.rows, '141023', 'electric')).toMatchObject({ done: 55, remaining: 0, status: 'done', projectedFinish: null })
    expect(s.warnings.map((r) => `${r.countyName}${r.routeName}`)).toEqual(['襄汾县煤改气', '曲沃县煤改气', '尧都区煤改气'])
  })

  it('合计 rows are the sums of the rows above them', async () => {
    const s = await core.api['reports.schedule']({ date: '2026-11-20' })
    for (const total of s.routeTotals) {
      const rows = s.rows.filter((r) => r.route === total.route)
      for (const k of ['target', 'done', 'remaining', 'overdue'] as const) expect(total[k]).toBe(rows.reduce((n, r) => n + r[k], 0))
      expect(total.recentPace).toBeCloseTo(rows.reduce((n, r) => n + r.recentPace, 0), 12)
      expect(total.requiredPace).toBeCloseTo(rows.reduce((n, r) => n + (r.requiredPace ?? 0), 0), 12)
    }
    const gas = s.routeTotals.find((r) => r.route === 'gas')!
    expect(gas).toMatchObject({ remaining: 196, overdue: 60, status: 'overdue', deadline: '2026-11-15', daysLeft: -5, projectedFinish: '2027-02-12' })
    // electric: 襄汾县 is done, so 尧都区's deadline is the one to chase
    expect(s.routeTotals.find((r) => r.route === 'electric')).toMatchObject({ remaining: 20, deadline: '2026-12-31' })
    expect(s.counties.map((c) => [c.countyName, c.remaining, c.status])).toEqual([
      ['尧都区', 76, 'behind'],
      ['曲沃县', 80, 'behind'],
      ['襄汾县', 60, 'overdue'],
    ])
  })
})

describe('旬例会 ten-day pack', () => {
  it('progress and ranking, the 旬’s increase per stage, slippage and the next 旬’s plan', async () => {
    const p = await core.api['reports.tenDay']({ date: '2026-11-15' })
    expect(p.label).toBe('2026年11月中旬')
    expect(p.period).toMatchObject({ from: '2026-11-11', to: '2026-11-20', days: 10 })
    expect(p.nextLabel).toBe('2026年11月下旬')
    expect(p.header.subtitle).toBe('2026年11月中旬（11月11日—11月20日）')
    expect(p.progress.rows.map((r) => [r.name, r.rank, r.increase, r.previousIncrease, r.dailyAverage])).toEqual([
      ['尧都区', 1, 79, 35, 7.9],
      ['曲沃县', 1, 60, 60, 6],
      ['襄汾县', 3, 25, 50, 2.5],
    ])
    expect([p.progress.total.increase, p.progress.total.previousIncrease]).toEqual([164, 145])

    const inc = p.increase.rows.find((r) => r.countyCode === '141002' && r.route === 'gas')!
    // A1 20→60 and A3 5→24 connected; km = connected ÷ 10
    expect(inc.increase.connected).toBe(59)
    expect(inc.increase.confirmed).toBe(59)
    expect(inc.networkKm).toBeCloseTo(5.9, 9)
    const gasTotal = p.increase.totals.find((r) => r.route === 'gas')!
    expect(gasTotal.increase.connected).toBe(p.increase.rows.filter((r) => r.route === 'gas').reduce((n, r) => n + r.increase.connected, 0))

    // Set on 11-10: 尧都区 gas 115 by 11-30 → 5.75/day → 58 in 10 days; electric 40 by 12-31 → 8.
    expect(p.slippage.rows.map((r) => [r.countyName, r.planned, r.actual, r.difference, r.status])).toEqual([
      ['尧都区', 66, 79, 13, 'behind'],
      ['曲沃县', 70, 60, -10, 'behind'],
      ['襄汾县', 72, 25, -47, 'overdue'],
    ])
    expect(p.slippage.rows[1]!.slipDays).toBeCloseTo(10 / 7, 12)
    expect(p.slippage.rows[0]!.slipDays).toBe(0)
    expect(p.slippage.total).toMatchObject({ planned: 208, actual: 164, difference: -44, status: 'overdue' })
    expect(p.slippage.total.requiredPace).toBeCloseTo(p.slippage.rows.reduce((n, r) => n + r.requiredPace!, 0), 12)

    expect(p.nextPlan.rows.map((r) => [r.countyName, r.remaining, r.planned])).toEqual([
      ['尧都区', 76, 56 + 5],
      ['曲沃县', 80, 80],
      ['襄汾县', 60, 60],
    ])
    expect(p.nextPlan.total).toMatchObject({ remaining: 216, planned: 201 })
  })

  it('problems opened, closed and overdue in the 旬 come from the problem ledger', async () => {
    const empty = await core.api['reports.tenDay']({ date: '2026-11-20' })
    expect(empty.problems.recorded).toBe(0)
    expect(empty.problems.rows.map((r) => r.name)).toEqual(['尧都区', '曲沃县', '襄汾县'])
    expect(empty.problems.total).toMatchObject({ opened: 0, closed: 0, overdue: 0, openAtEnd: 0 })

    core.store!.transact({ who: '测试', method: 'test' }, (tx) => {
      for (const p of [
        problem('P1', V.A1, '2026-11-12', '2026-11-18'), // opened in 中旬, overdue at its end
        problem('P2', V.A3, '2026-11-05', '2026-11-25', '2026-11-15'), // closed in 中旬
        problem('P3', V.C1, '2026-11-19', '2026-11-30'), // opened, still in time
        problem('P4', V.C2, '2026-11-02', '2026-11-08', '2026-11-09'), // all in 上旬
      ]) {
        tx.put('problems', p.id, p)
      }
    })
    const p = await core.api['reports.tenDay']({ date: '2026-11-20' })
    expect(p.problems.recorded).toBe(4)
    expect(p.problems.rows.map((r) => [r.name, r.opened, r.closed, r.overdue, r.openAtEnd])).toEqual([
      ['尧都区', 1, 1, 1, 1],
      ['曲沃县', 0, 0, 0, 0],
      ['襄汾县', 1, 0, 0, 1],
    ])
    expect(p.problems.total).toMatchObject({ opened: 2, closed: 1, overdue: 1, openAtEnd: 2 })
    const upper = await core.api['reports.tenDay']({ date: '2026-11-01' })
    expect(upper.problems.total).toMatchObject({ opened: 2, closed: 1, overdue: 0, openAtEnd: 1 })
  })
})

describe('用气/用电预测 demand forecast', () => {
  it('households by stage × use per household, season total and peak day; parameters from the settings', async () => {
    const f = await core.api['reports.forecast']({ date: '2026-11-20' })
    expect(f.season).toEqual({ from: '2026-11-15', to: '2027-03-15', days: 121 })
    expect(f.gas.rows.map((r) => [r.countyName, r.target, r.connected, r.awaiting, r.notInstalled, r.expected])).toEqual([
      ['尧都区', 140, 84, 10, 46, 140],
      ['曲沃县', 200, 120, 5, 75, 200],
      ['襄汾县', 80, 20, 5, 55, 80],
    ])
    expect(f.gas.total).toMatchObject({ connected: 224, expected: 420, seasonNow: 224 * 1500, seasonExpected: 420 * 1500 })
    expect(f.gas.total.peakNow).toBeCloseTo(((224 * 1500) / 121) * 1.5, 9)
    // 官滩: 60 equipped (55 connected) on a target of 50 → 60 expected users
    expect(f.electric.total).toMatchObject({ connected: 85, awaiting: 10, notInstalled: 15, expected: 110, seasonNow: 85 * 5400, seasonExpected: 110 * 5400 })

    const saved = await core.api['reports.saveSettings']({ gasM3PerHousehold: 2000, seasonStart: '11-01', seasonEnd: '03-31', peakFactor: 2 })
    expect(saved).toMatchObject({ gasM3PerHousehold: 2000, electricKwhPerHousehold: 5400, weekEndsOn: 0, peakFactor: 2 })
    const g = await core.api['reports.forecast']({ date: '2026-11-20' })
    expect(g.season.days).toBe(151)
    expect(g.gas.total.seasonNow).toBe(224 * 2000)
    expect(g.gas.total.peakNow).toBeCloseTo(((224 * 2000) / 151) * 2, 9)
  })
})

describe('reports: settings and refusals', () => {
  it('keeps its settings in its own record, audited, validated', async () => {
    expect(await core.api['reports.settings']({})).toMatchObject({ weekEndsOn: 0, completionStage: 'connected', gasM3PerHousehold: 1500 })
    await core.api['reports.saveSettings']({ weekEndsOn: 5, completionStage: 'accepted' })
    const hist = await core.api['audit.history']({ collection: 'reportSettings', key: 'settings' })
    expect(hist[0]).toMatchObject({ method: 'reports.saveSettings' })
    expect((await core.api['reports.settings']({})).completionStage).toBe('accepted')
    // 验收 (accepted) = floor(connected / 2) in the dataset: 尧都区 30 + 15 + 12 = 57
    const r = await core.api['reports.daily']({ date: '2026-11-20' })
    expect(r.counties[0]!.done).toBe(57)
    expect(r.completionName).toBe('验收')
    expect((await rejects(core.api['reports.saveSettings']({ seasonStart: '02-30' }))).where?.field).toBe('seasonStart')
    expect((await rejects(core.api['reports.saveSettings']({ seasonStart: '03-15', seasonEnd: '03-15' }))).where?.field).toBe('seasonEnd')
    expect((await rejects(core.api['reports.saveSettings']({ peakFactor: 0.5 }))).code).toBe('invalid_input')
    expect((await rejects(core.api['reports.saveSettings']({ weekEndsOn: 7 }))).code).toBe('invalid_input')
    expect(await core.api['reports.settings']({})).toMatchObject({ seasonStart: '11-15', peakFactor: 1.5 })
  })

  it('refuses a day not yet come, a date that is not one, and a folder without plans', async () => {
    expect((await rejects(core.api['reports.daily']({ date: '2026-11-21' }))).message).toContain('还没有到')
    expect((await rejects(core.api['reports.schedule']({ date: '2026-02-30' }))).where?.field).toBe('date')
    expect((await rejects(core.api['reports.tenDay']({ date: '2026-11-21' }))).where?.field).toBe('date')
    const empty = openCore()
    try {
      expect((await rejects(empty.api['reports.daily']({ date: '2026-11-20' }))).code).toBe('not_found')
    } finally {
      empty.close()
    }
  })

  it('draws the trend of the cumulative stages day by day', async () => {
    const t = await core.api['reports.trend']({ to: '2026-11-20', days: 15 })
    expect(t.from).toBe('2026-11-06')
    expect(t.points).toHaveLength(15)
    expect(t.points[0]!.counts.connected).toBe(20 + 10 + 5 + 60 + 10 + 40)
    expect(t.points.at(-1)!.counts.connected).toBe(309)
    expect(t.points.every((p) => p.target === 520)).toBe(true)
    // 11-14 holds 11-13's figures
    expect(t.points[8]!.date).toBe('2026-11-14')
    expect(t.points[8]!.counts.connected).toBe(40 + 20 + 10 + 90 + 15 + 50)
  })
})
