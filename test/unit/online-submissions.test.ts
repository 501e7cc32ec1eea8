// 网上填报 in the core: a township reporter of 屯里镇 (a real Linfen township) sees its villages with
// their last figures, submits the day's, and sees the office's answer; the office (尧都区) previews
// a submission with the importer's checks, accepts one (one transaction, source 网上填报 naming the
// reporter) and returns another with a reason; 未上报 counts a township that reported either way.

import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { Input } from '../../src/core/contract'
import { account, firstAdmin, type Session } from './helpers/accounts'
import { rejects } from './helpers/core'
import { BASE, colOf, figureSheet, HAN_1119, TODAY, township, TOWNSHIP, upload, V, xlsx } from './helpers/submissions'

const opened: Core[] = []
afterEach(() => {
  for (const c of opened.splice(0)) c.close()
})

/** Another township of 尧都区, with one planned village: reports by hand in these tests. */
const QIAOLI = { township: '141002101', village: '141002101200' }

interface Office {
  core: Core
  admin: Session
  office: Session
  reporter: Session
}

async function office(): Promise<Office> {
  const core = await township(false)
  opened.push(core)
  await core.api['villages.setPlan']({ villageCode: QIAOLI.village, route: 'gas', targetHouseholds: 50, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
  const admin = await firstAdmin(core)
  const officeAccount = await account(core, admin, { login: 'yaodu', name: '尧都区清洁取暖办', role: 'office', scope: '141002', password: 'Yaodu-Office-1' })
  const reporter = await account(core, admin, { login: 'tunli', name: '屯里镇填报员', role: 'reporter', scope: TOWNSHIP, password: 'Tunli-Report-1' }, '192.0.2.31')
  return { core, admin, office: officeAccount, reporter }
}

const counts = (n: number[]) => ({ confirmed: n[0]!, network: n[1]!, meter: n[2]!, equipment: n[3]!, connected: n[4]!, accepted: n[5]! })
type Row = Input<'submissions.submit'>['rows'][number]
const row = (code: string, n: number[]): Row => ({ villageCode: code, counts: counts(n), networkKm: n[6]! })

describe('the township’s form', () => {
  it('opens on the reporter’s own township: its villages that report counts, each with its last figure', async () => {
    const { reporter } = await office()
    const form = await reporter.api['submissions.form']({})
    expect(form).toMatchObject({ townshipCode: TOWNSHIP, townshipName: '屯里镇', countyName: '尧都区', date: TODAY })
    expect(form.villages.map((v) => v.code)).toEqual(Object.values(V).map((v) => v.code))
    expect(form.villages.find((v) => v.code === V.han.code)!.last).toEqual({ date: '2026-11-19', counts: counts(HAN_1119), networkKm: HAN_1119[6] })
    expect(form.householdVillages.map((v) => v.name)).toEqual(['东高河村委会'])
    // Another township's form, even of the same county, is not the reporter's.
    const other = await rejects(reporter.api['submissions.form']({ townshipCode: QIAOLI.township }))
    expect([other.code, other.message]).toEqual(['forbidden', expect.stringContaining('不在您的管辖范围')])
  })

  it('reads the township’s usual sheet into the form; blank cells stay blank', async () => {
    const { reporter } = await office()
    const sheet = figureSheet((rows) => {
      rows[3]![colOf('验收')] = null
    })
    const read = await reporter.api['submissions.readFile']({ file: upload('屯里镇日报.xlsx', await xlsx([sheet])) })
    expect(read.date).toBe(TODAY)
    expect(read.rows).toHaveLength(Object.keys(V).length)
    const han = read.rows.find((r) => r.villageCode === V.han.code)!
    expect(han.counts).toEqual({ ...counts(BASE.han), accepted: null })
    expect(read.problems.filter((p) => p.severity === 'error')).toEqual([])
  })
})

describe('submitting', () => {
  it('applies the importer’s checks: an error refuses the whole submission, naming the row', async () => {
    const { reporter, core } = await office()
    const before = core.store!.count('submissions')
    const e = await rejects(reporter.api['submissions.submit']({ date: TODAY, rows: [row(V.han.code, BASE.han), row('141002100210', BASE.gou)] }))
    expect(e.code).toBe('invalid_input')
    expect(e.details?.[0]).toMatchObject({ message: expect.stringContaining('还没有改造计划'), where: { row: 2, column: '村' } })
    const future = await rejects(reporter.api['submissions.submit']({ date: '2026-11-21', rows: [row(V.han.code, BASE.han)] }))
    expect(future.where).toEqual({ field: 'date' })
    expect(core.store!.count('submissions')).toBe(before)
  })

  it('keeps a blank cell at the last figure, and says so; 回退 is a warning the office sees', async () => {
    const { reporter, office: o } = await office()
    // 韩村 had 75 确户签约 on 11-19: 70 is a 回退.
    const blank: Row = { villageCode: V.han.code, counts: { ...counts(BASE.han), confirmed: 70, accepted: null }, networkKm: null }
    const down = row(V.gou.code, BASE.gou)
    const sent = await reporter.api['submissions.submit']({ date: TODAY, rows: [blank, down] })
    expect(sent).toMatchObject({ status: 'pending', by: '屯里镇填报员（tunli）', villages: 2 })
    const preview = await o.api['submissions.preview']({ id: sent.id })
    const han = preview.sheet.figures.find((f) => f.villageCode === V.han.code)!
    expect(han.counts.accepted).toBe(HAN_1119[5])
    expect(han.networkKm).toBe(HAN_1119[6])
    expect(preview.problems.map((p) => p.message)).toContainEqual(expect.stringContaining(`沿用 2026-11-19 的数字`))
    expect(preview.problems).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^韩村村委会：回退：/) }))
    expect(sent.warnings).toBe(2)
    expect(preview.sheet).toMatchObject({ townshipCode: TOWNSHIP, added: 2, updated: 0, rejected: 0 })
  })
})

describe('the office’s review', () => {
  it('accepts a submission in one audited transaction, stored as 网上填报 naming the reporter; it cannot be decided twice', async () => {
    const { reporter, office: o, core } = await office()
    const sent = await reporter.api['submissions.submit']({ date: TODAY, rows: [row(V.han.code, BASE.han), row(V.gou.code, BASE.gou)] })
    expect((await o.api['submissions.list']({ status: 'pending' })).map((s) => s.id)).toEqual([sent.id])
    const done = await o.api['submissions.accept']({ id: sent.id, onConflict: 'skip' })
    expect(done.figures).toEqual({ added: 2, replaced: 0, unchanged: 0, skipped: 0 })
    expect(done.submission).toMatchObject({ status: 'accepted', decidedBy: '尧都区清洁取暖办（yaodu）' })
    const stored = core.store!.get('figures', `${V.han.code}|${TODAY}`)!
    expect(stored).toMatchObject({ source: 'online', submittedBy: '屯里镇填报员（tunli）', submission: sent.id, counts: counts(BASE.han) })
    const trail = await o.api['audit.history']({ records: [{ collection: 'figures', key: `${V.han.code}|${TODAY}` }, { collection: 'figures', key: `${V.gou.code}|${TODAY}` }] })
    expect(new Set(trail.map((e) => e.seq)).size).toBe(1)
    expect(trail[0]).toMatchObject({ who: '尧都区清洁取暖办（yaodu）', method: 'submissions.accept' })
    const again = await rejects(o.api['submissions.accept']({ id: sent.id, onConflict: 'replace' }))
    expect([again.code, again.message]).toEqual(['conflict', '这份网上填报已经接收过了，不能再审核。'])
    // The township sees it accepted.
    expect((await reporter.api['submissions.form']({})).current).toMatchObject({ id: sent.id, status: 'accepted' })
  })

  it('keeps a figure already stored for the day unless told to replace it', async () => {
    const { reporter, office: o, core } = await office()
    await o.api['figures.record']({ villageCode: V.han.code, date: TODAY, counts: counts(BASE.han), networkKm: BASE.han[6]! })
    const changed = [...BASE.han]
    changed[0] = changed[0]! + 1
    const first = await reporter.api['submissions.submit']({ date: TODAY, rows: [row(V.han.code, changed)] })
    expect((await o.api['submissions.accept']({ id: first.id, onConflict: 'skip' })).figures).toEqual({ added: 0, replaced: 0, unchanged: 0, skipped: 1 })
    expect(core.store!.get('figures', `${V.han.code}|${TODAY}`)!.source).toBe('manual')
    const second = await reporter.api['submissions.submit']({ date: TODAY, rows: [row(V.han.code, changed)] })
    expect((await o.api['submissions.accept']({ id: second.id, onConflict: 'replace' })).figures).toEqual({ added: 0, replaced: 1, unchanged: 0, skipped: 0 })
    expect(core.store!.get('figures', `${V.han.code}|${TODAY}`)!.counts.confirmed).toBe(changed[0])
  })

  it('returns a submission with a reason the township sees; the corrected one replaces it', async () => {
    const { reporter, office: o, core } = await office()
    const sent = await reporter.api['submissions.submit']({ date: TODAY, rows: [row(V.han.code, BASE.han)] })
    const back = await o.api['submissions.return']({ id: sent.id, reason: '韩村的验收户数与县里核实的不一致，请核对后重报' })
    expect(back).toMatchObject({ status: 'returned', reason: '韩村的验收户数与县里核实的不一致，请核对后重报' })
    const form = await reporter.api['submissions.form']({})
    expect(form.current).toMatchObject({ id: sent.id, status: 'returned', reason: back.reason })
    expect(form.villages.find((v) => v.code === V.han.code)!.submitted).toEqual({ counts: counts(BASE.han), networkKm: BASE.han[6] })
    expect(core.store!.get('figures', `${V.han.code}|${TODAY}`)).toBeUndefined()
    const again = await reporter.api['submissions.submit']({ date: TODAY, rows: [row(V.han.code, BASE.han)] })
    expect(core.store!.get('submissions', sent.id)!.status).toBe('replaced')
    expect((await reporter.api['submissions.form']({})).current).toMatchObject({ id: again.id, status: 'pending' })
  })

  it('is the office’s: a reporter reviews nothing, an office of another county cannot see the submission', async () => {
    const { reporter, admin, core } = await office()
    const sent = await reporter.api['submissions.submit']({ date: TODAY, rows: [row(V.han.code, BASE.han)] })
    expect((await rejects(reporter.api['submissions.accept']({ id: sent.id, onConflict: 'skip' }))).code).toBe('forbidden')
    const quwo = await account(core, admin, { login: 'quwo', name: '曲沃县清洁取暖办', role: 'office', scope: '141021', password: 'Quwo-Office-1' })
    expect(await quwo.api['submissions.list']({})).toEqual([])
    expect((await rejects(quwo.api['submissions.preview']({ id: sent.id }))).code).toBe('forbidden')
    expect((await rejects(quwo.api['submissions.return']({ id: sent.id, reason: '不是我县的' }))).code).toBe('forbidden')
  })
})

describe('未上报 counts both ways of reporting', () => {
  it('a township reported by hand or file, and one that submitted online, are not 未上报; a returned submission is', async () => {
    const { reporter, office: o } = await office()
    const unreported = async () => (await o.api['figures.reportingStatus']({ date: TODAY })).unreported.map((t) => t.townshipCode)
    expect(await unreported()).toEqual([TOWNSHIP, QIAOLI.township])
    await o.api['figures.record']({ villageCode: QIAOLI.village, date: TODAY, counts: counts([10, 9, 8, 7, 6, 5]), networkKm: 0.5 })
    expect(await unreported()).toEqual([TOWNSHIP])
    const sent = await reporter.api['submissions.submit']({ date: TODAY, rows: [row(V.han.code, BASE.han)] })
    // Submitted and waiting for review: the township has reported (待审核 is the office's to do).
    expect(await unreported()).toEqual([])
    const status = await o.api['figures.reportingStatus']({ date: TODAY })
    expect(status.townships.find((t) => t.townshipCode === TOWNSHIP)).toMatchObject({ online: 'pending', reportedVillages: 0 })
    await o.api['submissions.return']({ id: sent.id, reason: '请重报' })
    expect(await unreported()).toEqual([TOWNSHIP])
    const again = await reporter.api['submissions.submit']({ date: TODAY, rows: [row(V.han.code, BASE.han)] })
    await o.api['submissions.accept']({ id: again.id, onConflict: 'skip' })
    expect(await unreported()).toEqual([])
    const daily = await o.api['reports.daily']({ date: TODAY })
    expect(daily.reporting.unreported.map((t) => t.townshipCode)).toEqual([])
  })
})
