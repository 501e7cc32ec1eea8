// The role table, generated from the contract and exercised over HTTP through the real server
// pipeline (cookie session, settle before the body, Core.call): for every method and every role a
// call inside the account's division and a call outside it are allowed or refused (403, in
// Chinese) as each method's declaration (`access`, `scope`) and domain/roles.ts say; a call with
// no session is refused (401) for every method but the log-in. SAMPLES must hold an entry for
// every method of the contract (typed, and checked at run time), with an input outside the
// division exactly when the method's declaration names places or an area — so a method added
// without its declaration, or declared in a way this table does not expect, fails here.
//
// Two real Linfen townships carry the same records: 屯里镇 (尧都区, inside every scoped account) and
// 乐昌镇 (曲沃县, outside all of them). Scoped answers must not mention 曲沃县's codes or names.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import { type Input, type MethodName, methods, type Outputs } from '../../src/core/contract'
import { holds, PERMISSIONS, type Role, ROLES } from '../../src/core/domain/roles'
import type { MethodDef } from '../../src/core/methods/schemas'
import { SESSION_COOKIE } from '../../src/server/http'
import { ADMIN, account, clockCore, firstAdmin, clock } from './helpers/accounts'
import { callApi, startTestServer, type TestServer } from './helpers/browser-server'
import { fileInput, SHARED, textInput } from './helpers/core'
import { fileTexts, isFileOutput } from './helpers/file-text'
import { validId } from './helpers/submissions'

const CHINESE = /[\u4e00-\u9fff]/
const TODAY = '2026-11-20'
const SEASON = '2026-2027'

/** One township's records: the same kinds in both. */
interface Place {
  county: string
  township: string
  townshipName: string
  /** two villages that report counts */
  v1: string
  v2: string
  household: string
  receipt: string
  refund: string
  batch: string
  problem: string
  visit: string
  visitPlan: string
  submission: string
  /** an import batch of its township's figures of the day before */
  importBatch: string
}

interface Seed {
  A: Place
  B: Place
}

const A_CODES = { county: '141002', township: '141002100', townshipName: '屯里镇', v1: '141002100200', v2: '141002100203' } // 尧都区 屯里镇 韩村 沟上
const B_CODES = { county: '141021', township: '141021100', townshipName: '乐昌镇', v1: '141021100001', v2: '141021100002' } // 曲沃县 乐昌镇
/** What a scoped answer must not mention: 曲沃县's code prefix and the names of the places seeded there. */
const OUTSIDE = [B_CODES.county, '曲沃县', '乐昌镇']

async function seedPlace(core: Core, c: typeof A_CODES, serial: number): Promise<Place> {
  const api = core.api
  for (const v of [c.v1, c.v2]) {
    await api['villages.setPlan']({ villageCode: v, route: 'gas', targetHouseholds: 100, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
  }
  await api['figures.record']({ villageCode: c.v1, date: '2026-11-19', counts: { confirmed: 50, network: 40, meter: 30, equipment: 20, connected: 10, accepted: 5 }, networkKm: 1 })
  const h = await api['households.create']({
    villageCode: c.v1,
    headName: `户主${serial}`,
    idNumber: validId(c.county, '19600101', serial),
    phone: `1383571${String(serial).padStart(4, '0')}`,
    route: 'gas',
    stage: 'accepted',
    address: '1组',
  })
  const receipt = (await api['deposits.receive']({ householdId: h.id, amount: '1000', date: '2026-09-01' })).id
  const refund = (await api['deposits.refund']({ householdId: h.id, amount: '100', date: '2026-11-01' })).id
  await api['finance.update']({ householdId: h.id, lowIncome: 'none', bankCard: `62170000100000000${String(serial).padStart(2, '0')}`, bankName: '农商银行' })
  await api['readings.record']({ householdId: h.id, season: SEASON, pre: '100', post: '1600' })
  const batch = (await api['batches.create']({ scopeCode: c.v1, season: SEASON, item: 'running' })).batch.id
  const problem = (await api['problems.create']({ villageCode: c.v1, description: '室温不达标', source: 'complaint', deadline: '2026-12-05', acceptanceStandard: '入户测温' })).problem.id
  const visit = (await api['visits.create']({ date: '2026-11-18', team: ['张三'], villages: [{ villageCode: c.v1, households: 2 }], findings: [{ kind: 'highlight', villageCode: c.v1, text: '室温 20 度' }] })).id
  const visitPlan = (await api['visitPlans.create'](drawInput(c, serial))).id!
  const submission = (await api['submissions.submit']({ townshipCode: c.township, date: TODAY, rows: [row(c.v2)] })).id
  const { sessionId } = await api['imports.addFile']({ file: figuresFile(c, '2026-11-19') })
  await api['imports.review']({ sessionId })
  const importBatch = (await api['imports.commit']({ sessionId, onConflict: 'skip' })).batchId!
  return { ...c, household: h.id, receipt, refund, batch, problem, visit, visitPlan, submission, importBatch }
}

/** A township's daily figures as it sends them (its name in the file's name and above the table). */
const figuresFile = (c: typeof A_CODES, date: string) =>
  textInput(
    `${c.townshipName}进度${date}.csv`,
    [`乡镇：${c.townshipName}`, `填报日期：${date}`, '村代码,确户签约,庭院管网,入户装表,壁挂炉安装,点火通气,验收,管线公里数', `${c.v2},40,30,20,10,5,0,1`].join('\n'),
  )

const drawInput = (c: typeof A_CODES, seed: number): Input<'visitPlans.draw'> => ({
  seed,
  countyCodes: [c.county],
  townshipCodes: [c.township],
  min: 1,
  max: 1,
  weightBehind: 1,
  weightComplaint: 1,
  excludeDays: 0,
  startDate: '2026-11-23',
  perDay: 4,
  teams: ['第一组'],
  purpose: '入户核实',
})

const row = (villageCode: string) => ({ villageCode, counts: { confirmed: 60, network: 50, meter: 40, equipment: 30, connected: 20, accepted: 10 }, networkKm: 1.5 })
const counts = { confirmed: 60, network: 50, meter: 40, equipment: 30, connected: 20, accepted: 10 }
const figureInput = (v: string) => ({ villageCode: v, date: TODAY, counts, networkKm: 1.5 })
const planInput = (v: string) => ({ villageCode: v, route: 'gas', targetHouseholds: 100, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'counts' as const })
const householdInput = (v: string) => ({ villageCode: v, headName: '新户', route: 'gas', stage: 'confirmed' as const, address: '2组' })
const depositOp = (householdId: string) => ({ householdId, amount: '1', date: TODAY })
const NONE = 'no-such-record'
const csv = (name: string) => textInput(name, 'x\n')

/**
 * Per method: `in`, an input inside every scoped account's division (屯里镇) that gets past the
 * schema; `out`, the same kind of input naming 曲沃县's places, present exactly when the method's
 * declaration names places or an area. Writes whose effect would get in the way of later calls
 * (ending sessions, restoring) name a record that does not exist: the refusal, if any, comes first.
 */
type Sample<M extends MethodName> = {
  in: (s: Seed) => Input<M>
  out?: (s: Seed) => Input<M>
  /** more inputs inside (an absent place: what does the method default to?) */
  also?: Input<M>[]
  /**
   * A file naming places outside, for a method that reads files over the caller's area ('area'):
   * allowed, but what lies outside must come back refused (`refused` says whether it did) —
   * for an account over the whole area it is read like any other.
   */
  outsideFile?: { input: (s: Seed) => Input<M>; refused: (result: unknown) => boolean }
}
const SAMPLES: { [M in MethodName]: Sample<M> } = {
  'app.info': { in: () => ({}) },
  'settings.get': { in: () => ({}) },
  'settings.update': { in: () => ({ unitName: '临汾市清洁取暖办' }) },
  'divisions.import': { in: () => csv('区划.csv') },
  'divisions.children': { in: (s) => ({ parentCode: s.A.township }), out: (s) => ({ parentCode: s.B.township }), also: [{}] },
  'divisions.search': { in: () => ({ q: '镇' }), also: [{ q: '1410' }] },
  'divisions.get': { in: (s) => ({ code: s.A.v1 }), out: (s) => ({ code: s.B.v1 }) },
  'villages.update': { in: (s) => ({ code: s.A.v2, name: '沟上村委会', urbanRuralCode: '220' }), out: (s) => ({ code: s.B.v2, name: '西南街社区居民委员会', urbanRuralCode: '122' }) },
  'villages.setPlan': { in: (s) => planInput(s.A.v2), out: (s) => planInput(s.B.v2) },
  'villages.setPlans': { in: (s) => ({ plans: [planInput(s.A.v2)] }), out: (s) => ({ plans: [planInput(s.A.v2), planInput(s.B.v2)] }) },
  'villages.contractors': { in: () => ({}) },
  'villages.list': { in: (s) => ({ parentCode: s.A.township }), out: (s) => ({ parentCode: s.B.township }) },
  'households.list': { in: (s) => ({ villageCode: s.A.v1 }), out: (s) => ({ villageCode: s.B.v1 }) },
  'households.search': { in: () => ({ q: '户主' }), also: [{ q: '1383571' }] },
  'households.get': { in: (s) => ({ id: s.A.household }), out: (s) => ({ id: s.B.household }) },
  'households.create': { in: (s) => householdInput(s.A.v1), out: (s) => householdInput(s.B.v1) },
  'households.update': { in: (s) => ({ id: s.A.household, ...householdInput(s.A.v1) }), out: (s) => ({ id: s.B.household, ...householdInput(s.B.v1) }) },
  'figures.record': { in: (s) => figureInput(s.A.v1), out: (s) => figureInput(s.B.v1) },
  'figures.check': { in: (s) => figureInput(s.A.v1), out: (s) => figureInput(s.B.v1) },
  'figures.history': { in: (s) => ({ villageCode: s.A.v1 }), out: (s) => ({ villageCode: s.B.v1 }) },
  'figures.reportingStatus': { in: () => ({ date: TODAY }) },
  'dashboard.summary': { in: () => ({ date: TODAY }) },
  'audit.history': { in: (s) => ({ collection: 'households', key: s.A.household }), out: (s) => ({ collection: 'households', key: s.B.household }) },
  'audit.recent': { in: () => ({ limit: 500 }) },
  'backups.list': { in: () => ({}) },
  'backups.create': { in: () => ({ note: '权限测试' }) },
  'backups.restore': { in: () => ({ id: NONE }) },
  'backups.undoRestore': { in: () => ({}) },
  'demo.generate': { in: () => ({ seed: 1 }) },

  'imports.template': { in: (s) => ({ kind: 'figures', code: s.A.township }), out: (s) => ({ kind: 'figures', code: s.B.township }) },
  'imports.addFile': {
    in: (s) => ({ file: figuresFile(s.A, TODAY) }),
    outsideFile: {
      input: (s) => ({ file: figuresFile(s.B, TODAY) }),
      refused: (r) => {
        const file = (r as Outputs['imports.addFile']).file
        const read = file.sheets.reduce((n, x) => n + x.added + x.updated + x.unchanged, 0)
        return read === 0 && file.sheets.every((x) => x.refused) && file.problems.some((p) => p.severity === 'error' && p.message.includes('不在您的管辖范围'))
      },
    },
  },
  'imports.review': { in: () => ({ sessionId: NONE }) },
  'imports.mapColumns': { in: () => ({ sessionId: NONE, sheet: 'x', columns: [{ index: 0, as: 'villageCode' }] }) },
  'imports.commit': { in: () => ({ sessionId: NONE, onConflict: 'skip' }) },
  'imports.cancel': { in: () => ({ sessionId: NONE }) },
  'imports.history': { in: () => ({}) },
  'imports.undoPreview': { in: (s) => ({ batchId: s.A.importBatch }), out: (s) => ({ batchId: s.B.importBatch }) },
  'imports.undo': { in: (s) => ({ batchId: s.A.importBatch }), out: (s) => ({ batchId: s.B.importBatch }) },
  'imports.mappings': { in: () => ({}) },
  'imports.updateMapping': { in: () => ({ id: NONE, columns: ['villageCode'] }) },
  'imports.deleteMapping': { in: () => ({ id: NONE }) },

  'reports.settings': { in: () => ({}) },
  'reports.saveSettings': { in: () => ({ weekEndsOn: 5 }) },
  'reports.daily': { in: () => ({ date: TODAY, byTownship: true }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.dailyExport': { in: () => ({ date: TODAY, byTownship: true }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.weekly': { in: () => ({ date: TODAY }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.weeklyExport': { in: () => ({ date: TODAY }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.saveBulletinText': { in: () => ({ date: TODAY, text: '' }), out: (s) => ({ date: TODAY, scope: s.B.county, text: '' }) },
  'reports.tenDay': { in: () => ({ date: TODAY }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.tenDayExport': { in: () => ({ date: TODAY }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.schedule': { in: () => ({ date: TODAY }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.scheduleExport': { in: () => ({ date: TODAY }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.forecast': { in: () => ({ date: TODAY }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.forecastExport': { in: () => ({ date: TODAY }), out: (s) => ({ date: TODAY, scope: s.B.county }) },
  'reports.trend': { in: () => ({ to: TODAY, days: 7 }), out: (s) => ({ to: TODAY, days: 7, scope: s.B.county }) },

  'map.villages': { in: () => ({ date: TODAY }) },
  'map.layers': { in: () => ({}) },
  'map.village': { in: (s) => ({ code: s.A.v1 }), out: (s) => ({ code: s.B.v1 }) },
  'map.importBoundaries': { in: () => ({ ...textInput('边界.geojson', '{}'), level: 'county' }) },
  'map.removeBoundaries': { in: () => ({ level: 'township' }) },
  'map.importPoints': { in: () => csv('坐标.csv') },
  'map.setPoint': { in: (s) => ({ code: s.A.v1, lng: 111.5, lat: 36.1, system: 'WGS-84' }), out: (s) => ({ code: s.B.v1, lng: 111.5, lat: 36.1, system: 'WGS-84' }) },
  'map.clearPoint': { in: (s) => ({ code: s.A.v2 }), out: (s) => ({ code: s.B.v2 }) },
  'map.tiles': { in: () => ({}) },
  'map.setTiles': { in: () => ({ enabled: false, urlTemplate: '', attribution: '', system: 'GCJ-02', subdomains: '', maxZoom: 18 }) },

  'visitPlans.draw': { in: (s) => drawInput(s.A, 3), out: (s) => drawInput(s.B, 3) },
  'visitPlans.create': { in: (s) => drawInput(s.A, 4), out: (s) => drawInput(s.B, 4) },
  'visitPlans.list': { in: () => ({}) },
  'visitPlans.get': { in: (s) => ({ id: s.A.visitPlan }), out: (s) => ({ id: s.B.visitPlan }) },
  'visitPlans.updateItem': { in: () => ({ id: NONE, villageCode: A_CODES.v1 }), out: (s) => ({ id: s.B.visitPlan, villageCode: s.B.v1 }) },
  'visitPlans.delete': { in: () => ({ id: NONE }), out: (s) => ({ id: s.B.visitPlan }) },
  'visitPlans.export': { in: (s) => ({ id: s.A.visitPlan }), out: (s) => ({ id: s.B.visitPlan }) },
  'visits.create': {
    in: (s) => ({ date: TODAY, team: ['李四'], villages: [{ villageCode: s.A.v2, households: 1 }], findings: [] }),
    out: (s) => ({ date: TODAY, team: ['李四'], villages: [{ villageCode: s.B.v2, households: 1 }], findings: [] }),
  },
  'visits.update': {
    in: (s) => ({ id: s.A.visit, date: '2026-11-18', team: ['张三'], villages: [{ villageCode: s.A.v1, households: 3 }] }),
    out: (s) => ({ id: s.B.visit, date: '2026-11-18', team: ['张三'], villages: [{ villageCode: s.B.v1, households: 3 }] }),
  },
  'visits.addFinding': {
    in: (s) => ({ visitId: s.A.visit, finding: { kind: 'suggestion', villageCode: s.A.v1, text: '加强宣传' } }),
    out: (s) => ({ visitId: s.B.visit, finding: { kind: 'suggestion', villageCode: s.B.v1, text: '加强宣传' } }),
  },
  'visits.removeFinding': { in: () => ({ visitId: NONE, findingId: NONE }), out: (s) => ({ visitId: s.B.visit, findingId: NONE }) },
  'visits.delete': { in: () => ({ id: NONE }), out: (s) => ({ id: s.B.visit }) },
  'visits.list': { in: () => ({}), out: (s) => ({ countyCode: s.B.county }) },
  'visits.get': { in: (s) => ({ id: s.A.visit }), out: (s) => ({ id: s.B.visit }) },
  'visits.summary': { in: () => ({}) },
  'problems.create': {
    in: (s) => ({ villageCode: s.A.v2, description: '管网漏气', source: 'report', deadline: '2026-12-10', acceptanceStandard: '复查' }),
    out: (s) => ({ villageCode: s.B.v2, description: '管网漏气', source: 'report', deadline: '2026-12-10', acceptanceStandard: '复查' }),
  },
  'problems.update': {
    in: (s) => ({ id: s.A.problem, description: '室温不达标', placeDetail: '', acceptanceStandard: '入户测温', responsibleUnit: '', responsiblePerson: '', deadline: '2026-12-05' }),
    out: (s) => ({ id: s.B.problem, description: '室温不达标', placeDetail: '', acceptanceStandard: '入户测温', responsibleUnit: '', responsiblePerson: '', deadline: '2026-12-05' }),
  },
  'problems.transition': { in: () => ({ id: 'P-2026-0000', action: 'start', date: TODAY }), out: (s) => ({ id: s.B.problem, action: 'start', date: TODAY }) },
  'problems.list': { in: () => ({}) },
  'problems.get': { in: (s) => ({ id: s.A.problem }), out: (s) => ({ id: s.B.problem }) },
  'problems.export': { in: () => ({}) },

  'deposits.receive': { in: (s) => depositOp(s.A.household), out: (s) => depositOp(s.B.household) },
  'deposits.refund': { in: (s) => depositOp(s.A.household), out: (s) => depositOp(s.B.household) },
  'deposits.convert': { in: (s) => depositOp(s.A.household), out: (s) => depositOp(s.B.household) },
  'deposits.offset': { in: (s) => ({ ...depositOp(s.A.household), note: '燃气费' }), out: (s) => ({ ...depositOp(s.B.household), note: '燃气费' }) },
  'ledger.reverse': { in: () => ({ entryId: NONE, date: TODAY, reason: '录错' }), out: (s) => ({ entryId: s.B.receipt, date: TODAY, reason: '录错' }) },
  'deposits.household': { in: (s) => ({ householdId: s.A.household }), out: (s) => ({ householdId: s.B.household }) },
  'deposits.village': { in: (s) => ({ villageCode: s.A.v1 }), out: (s) => ({ villageCode: s.B.v1 }) },
  'deposits.receipt': { in: (s) => ({ entryId: s.A.receipt }), out: (s) => ({ entryId: s.B.receipt }) },
  'deposits.voucher': { in: (s) => ({ entryId: s.A.refund }), out: (s) => ({ entryId: s.B.refund }) },
  'deposits.slip': { in: (s) => ({ entryId: s.A.receipt }), out: (s) => ({ entryId: s.B.receipt }) },
  'deposits.register': { in: () => ({}), out: (s) => ({ scopeCode: s.B.county }) },
  'policies.list': { in: () => ({}) },
  'policies.get': { in: () => ({ season: SEASON }) },
  'policies.save': { in: () => ({ season: '2030-2031', name: '测试', rules: [] }) },
  'policies.presets': { in: () => ({}) },
  'finance.get': { in: (s) => ({ householdId: s.A.household }), out: (s) => ({ householdId: s.B.household }) },
  'finance.update': { in: (s) => ({ householdId: s.A.household, lowIncome: 'none' }), out: (s) => ({ householdId: s.B.household, lowIncome: 'none' }) },
  'finance.import': { in: () => ({ file: csv('资金.csv') }) },
  'readings.record': {
    in: (s) => ({ householdId: s.A.household, season: SEASON, pre: '100', post: '1700' }),
    out: (s) => ({ householdId: s.B.household, season: SEASON, pre: '100', post: '1700' }),
  },
  'readings.import': { in: () => ({ season: SEASON, file: csv('读数.csv') }) },
  'entitlements.household': { in: (s) => ({ householdId: s.A.household, season: SEASON }), out: (s) => ({ householdId: s.B.household, season: SEASON }) },
  'entitlements.village': { in: (s) => ({ villageCode: s.A.v1, season: SEASON }), out: (s) => ({ villageCode: s.B.v1, season: SEASON }) },
  'batches.create': { in: (s) => ({ scopeCode: s.A.v2, season: SEASON, item: 'running' }), out: (s) => ({ scopeCode: s.B.v2, season: SEASON, item: 'running' }) },
  'batches.list': { in: () => ({}), out: (s) => ({ countyCode: s.B.county }) },
  'batches.get': { in: (s) => ({ batchId: s.A.batch }), out: (s) => ({ batchId: s.B.batch }) },
  'batches.removeLines': { in: (s) => ({ batchId: NONE, householdIds: [s.A.household] }), out: (s) => ({ batchId: s.B.batch, householdIds: [s.B.household] }) },
  'batches.cancel': { in: () => ({ batchId: NONE, reason: '重做' }), out: (s) => ({ batchId: s.B.batch, reason: '重做' }) },
  'batches.pay': { in: () => ({ batchId: NONE, paidOn: TODAY }), out: (s) => ({ batchId: s.B.batch, paidOn: TODAY }) },
  'batches.reverse': { in: () => ({ batchId: NONE, date: TODAY, reason: '退票' }), out: (s) => ({ batchId: s.B.batch, date: TODAY, reason: '退票' }) },
  'batches.roster': { in: (s) => ({ batchId: s.A.batch }), out: (s) => ({ batchId: s.B.batch }) },
  'reconcile.summary': { in: () => ({ season: SEASON }), out: (s) => ({ season: SEASON, scopeCode: s.B.county }) },
  'reconcile.export': { in: () => ({ season: SEASON }), out: (s) => ({ season: SEASON, scopeCode: s.B.county }) },

  'auth.login': { in: () => ({ login: PROBE.login, password: PROBE.password }) },
  'auth.logout': { in: () => ({}) },
  'auth.changePassword': { in: () => ({ current: 'not-the-password', next: 'Another-Pass-9' }) },
  'accounts.list': { in: () => ({}) },
  'accounts.create': { in: () => ({ login: 'extra', name: '新账号', role: 'leader', scope: '', password: 'Extra-Pass-2026' }) },
  'accounts.update': { in: () => ({ id: 'A999', name: '无', role: 'leader', scope: '' }) },
  'accounts.resetPassword': { in: () => ({ id: 'A999', password: 'Reset-Pass-2026' }) },
  'accounts.setDisabled': { in: () => ({ id: 'A999', disabled: true }) },
  'accounts.endSessions': { in: () => ({ id: 'A999' }) },

  'submissions.form': { in: () => ({}), out: (s) => ({ townshipCode: s.B.township }) },
  'submissions.readFile': { in: (s) => ({ townshipCode: s.A.township, file: csv('填报.csv') }), out: (s) => ({ townshipCode: s.B.township, file: csv('填报.csv') }) },
  'submissions.check': { in: (s) => ({ townshipCode: s.A.township, date: TODAY, rows: [row(s.A.v2)] }), out: (s) => ({ townshipCode: s.B.township, date: TODAY, rows: [row(s.B.v2)] }) },
  'submissions.submit': { in: (s) => ({ townshipCode: s.A.township, date: TODAY, rows: [row(s.A.v2)] }), out: (s) => ({ townshipCode: s.B.township, date: TODAY, rows: [row(s.B.v2)] }) },
  'submissions.list': { in: () => ({ date: TODAY }), also: [{}] },
  'submissions.preview': { in: (s) => ({ id: s.A.submission }), out: (s) => ({ id: s.B.submission }) },
  'submissions.accept': { in: () => ({ id: NONE, onConflict: 'skip' }), out: (s) => ({ id: s.B.submission, onConflict: 'skip' }) },
  'submissions.return': { in: () => ({ id: NONE, reason: '数字有误' }), out: (s) => ({ id: s.B.submission, reason: '数字有误' }) },
}

/** The accounts: an administrator over everything; every other role over 尧都区, the reporter over 屯里镇. */
const ACCOUNTS: Record<Exclude<Role, 'admin'>, { login: string; name: string; scope: string; password: string }> = {
  office: { login: 'office', name: '办公室科员', scope: A_CODES.county, password: 'Office-Pass-2026' },
  finance: { login: 'finance', name: '财务科员', scope: A_CODES.county, password: 'Finance-Pass-2026' },
  reporter: { login: 'tunli', name: '屯里镇填报员', scope: A_CODES.township, password: 'Tunli-Pass-2026' },
  leader: { login: 'leader', name: '分管领导', scope: A_CODES.county, password: 'Leader-Pass-2026' },
}
/** Logged in by the log-in sample. */
const PROBE = { login: 'probe', name: '试登录', password: 'Probe-Pass-2026' }

const METHODS = Object.keys(methods) as MethodName[]
/** Log-out last: it ends the session the other calls use. */
const ORDER = [...METHODS.filter((m) => m !== 'auth.logout'), 'auth.logout' as const]

/** A declaration names places or an area, so an input can lie outside the caller's division. */
function namesPlaces(def: MethodDef): boolean {
  return typeof def.scope === 'object' && (def.scope.place !== undefined || def.scope.area !== undefined)
}

type Expected = 'allowed' | 'forbidden'

/** What the role table says of a call by `role` (scoped unless admin), inside or outside its division. */
function expected(method: MethodName, role: Role, where: 'in' | 'out'): Expected {
  const def: MethodDef = methods[method]
  if (!holds(role, def.access)) return 'forbidden'
  if (role === 'admin') return 'allowed'
  if (def.scope === 'folder') return 'forbidden'
  if (where === 'out' && namesPlaces(def)) return 'forbidden'
  return 'allowed'
}

let core: Core
let server: TestServer
let seed: Seed
const cookies = new Map<Role, string>()

beforeAll(async () => {
  core = clockCore(clock(`${TODAY}T09:30:00`))
  await core.api['divisions.import'](fileInput(`${SHARED}/linfen-divisions.csv`))
  const presets = await core.api['policies.presets']({})
  const datong = presets.find((p) => p.id === 'datong')!
  await core.api['policies.save']({ season: SEASON, name: datong.name, rules: datong.rules })
  // The real county outlines: 曲沃县's must not reach an account over 尧都区's map.
  await core.api['map.importBoundaries']({ ...fileInput(`${SHARED}/linfen-counties.geojson`), level: 'county' })
  seed = { A: await seedPlace(core, A_CODES, 1), B: await seedPlace(core, B_CODES, 2) }
  const admin = await firstAdmin(core)
  for (const [role, a] of Object.entries(ACCOUNTS) as Array<[Exclude<Role, 'admin'>, (typeof ACCOUNTS)[keyof typeof ACCOUNTS]]>) await account(core, admin, { ...a, role })
  await account(core, admin, { ...PROBE, role: 'leader', scope: '' })
  server = await startTestServer({ core })
  await logInAll()
}, 120_000)

/** Each role logs in over HTTP, as the page does; its cookie is kept for the calls. */
async function logInAll(): Promise<void> {
  for (const role of ROLES) {
    const a = role === 'admin' ? ADMIN : ACCOUNTS[role]
    const r = await callApi(server, 'auth.login', { login: a.login, password: a.password })
    expect([role, r.status]).toEqual([role, 200])
    const token = new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(r.headers.get('set-cookie') ?? '')![1]!
    cookies.set(role, `${SESSION_COOKIE}=${token}`)
  }
}

afterAll(async () => {
  await server?.close()
  core?.close()
})

/** Every text of an answer: its JSON, and each cell and part of a file it hands out. */
async function answerText(result: unknown): Promise<string> {
  const parts = [JSON.stringify(result)]
  const files = isFileOutput(result) ? [result] : []
  for (const f of files) for (const t of await fileTexts(f)) parts.push(t.text)
  return parts.join('\n')
}

describe('the declarations', () => {
  it('every method names a permission of the role table, a scope rule, and a sample for this test', () => {
    const problems: string[] = []
    for (const m of METHODS) {
      const def = methods[m] as MethodDef
      if (!Object.hasOwn(PERMISSIONS, def.access ?? '')) problems.push(`${m}: no permission`)
      const rule = def.scope
      if (!(rule === 'none' || rule === 'folder' || rule === 'area' || (typeof rule === 'object' && rule !== null && Object.keys(rule).length > 0))) problems.push(`${m}: no scope rule`)
      const sample = (SAMPLES as Record<string, Sample<MethodName> | undefined>)[m]
      if (!sample) problems.push(`${m}: no sample`)
      else if (namesPlaces(def) !== (sample.out !== undefined)) problems.push(`${m}: ${namesPlaces(def) ? 'names places but has no input outside' : 'has an input outside but names no place'}`)
      else if (sample.outsideFile && def.scope !== 'area') problems.push(`${m}: a file outside is for a method that reads over the caller's area`)
      if (def.reveal && !Object.hasOwn((def.input as unknown as { shape: object }).shape, def.reveal)) problems.push(`${m}: reveal option ${def.reveal} not in its input`)
    }
    expect(problems).toEqual([])
  })

  it('only the log-in is open without an account; 领导 holds no write and no reveal', () => {
    expect(METHODS.filter((m) => methods[m].access === 'public')).toEqual(['auth.login'])
    const leaderWrites = METHODS.filter((m) => methods[m].mutates && holds('leader', methods[m].access) && methods[m].access !== 'signedIn' && methods[m].access !== 'public')
    expect(leaderWrites).toEqual([])
    expect(holds('leader', 'reveal')).toBe(false)
  })
})

describe('every method, every role, over HTTP', () => {
  it('refuses every method but the log-in without a session, with 401 in Chinese', async () => {
    const wrong: string[] = []
    for (const m of METHODS) {
      const r = await callApi(server, m, SAMPLES[m].in(seed))
      const ok = m === 'auth.login' ? r.status === 200 : r.status === 401 && r.reply.error?.code === 'unauthenticated' && CHINESE.test(r.reply.error.message)
      if (!ok) wrong.push(`${m}: ${r.status} ${r.reply.error?.message ?? ''}`)
    }
    expect(wrong).toEqual([])
  })

  // The administrator last: its calls outside 尧都区 are carried out, and may change 曲沃县's records.
  for (const role of [...ROLES.filter((r) => r !== 'admin'), 'admin' as const]) {
    it(`${role}: each call inside and outside its division is allowed or refused as the role table says`, async () => {
      const wrong: string[] = []
      const cookie = { cookie: cookies.get(role)! }
      for (const m of ORDER) {
        const sample = SAMPLES[m] as Sample<MethodName>
        const calls: Array<['in' | 'out', unknown]> = [['in', sample.in(seed)], ...(sample.also ?? []).map((i): ['in', unknown] => ['in', i])]
        if (sample.out) calls.push(['out', sample.out(seed)])
        for (const [where, input] of calls) {
          const want = expected(m, role, where)
          const r = await callApi(server, m, input, cookie)
          const code = r.reply.error?.code
          if (want === 'forbidden') {
            if (r.status !== 403 || code !== 'forbidden' || !CHINESE.test(r.reply.error?.message ?? '')) wrong.push(`${m} ${where}: want 403, got ${r.status} ${code ?? ''} ${r.reply.error?.message ?? ''}`)
            continue
          }
          if (r.status === 401 || r.status === 403 || code === 'forbidden' || code === 'unauthenticated') {
            wrong.push(`${m} ${where}: want allowed, got ${r.status} ${r.reply.error?.message ?? ''}`)
            continue
          }
          // An answer to an account over 尧都区 or 屯里镇 says nothing of 曲沃县 (unless it was asked about a file of 曲沃县).
          if (role !== 'admin' && r.status === 200) {
            const text = await answerText(r.reply.result)
            const seen = OUTSIDE.filter((t) => text.includes(t))
            if (seen.length > 0) wrong.push(`${m} ${where}: the answer mentions ${seen.join(', ')}`)
          }
        }
        // A file of 曲沃县 given to a method that reads over the caller's area: read, and refused inside the answer.
        if (sample.outsideFile) {
          const r = await callApi(server, m, sample.outsideFile.input(seed), cookie)
          if (!holds(role, methods[m].access)) {
            if (r.status !== 403) wrong.push(`${m} outside file: want 403, got ${r.status}`)
          } else if (r.status !== 200) wrong.push(`${m} outside file: want 200, got ${r.status} ${r.reply.error?.message ?? ''}`)
          else if (sample.outsideFile.refused(r.reply.result) !== (role !== 'admin')) {
            wrong.push(`${m} outside file: ${role === 'admin' ? 'refused for an account over the whole area' : 'not refused'}`)
          }
        }
      }
      expect(wrong).toEqual([])
    }, 180_000)
  }
})

describe('an account over one county of a city office', () => {
  // The calls above ended with each role's log-out.
  beforeAll(logInAll, 60_000)

  it('gets that county’s reports, 总览 and map, made as if it were 本级; the administrator gets the city’s', async () => {
    const as = (role: Role) => ({ cookie: cookies.get(role)! })
    const result = async <T>(role: Role, method: MethodName, input: unknown) => {
      const r = await callApi(server, method, input, as(role))
      expect([method, r.status]).toEqual([method, 200])
      return r.reply.result as T
    }
    type WithArea = { area: { code: string; level: string; totalName: string } }
    const layers = await result<{ boundaries: Array<{ features: Array<{ name: string }> }> }>('leader', 'map.layers', {})
    expect(layers.boundaries[0]!.features.map((f) => f.name)).toEqual(['尧都区'])
    const office = await result<{ office: WithArea['area'] }>('office', 'app.info', {})
    expect(office.office).toMatchObject({ code: A_CODES.county, level: 'county', totalName: '全区合计' })
    const daily = await result<WithArea & { counties: Array<{ code: string }> }>('leader', 'reports.daily', { date: TODAY })
    expect(daily.area).toMatchObject({ code: A_CODES.county, level: 'county' })
    expect(daily.counties.map((r) => r.code)).toContain(A_CODES.township)
    expect((await result<WithArea>('office', 'dashboard.summary', { date: TODAY })).area).toMatchObject({ code: A_CODES.county })
    // A township of its county is a narrower report it may ask for; the reporter's 总览 is its township's.
    expect((await result<WithArea>('office', 'reports.weekly', { date: TODAY, scope: A_CODES.township })).area).toMatchObject({ code: A_CODES.township, level: 'township' })
    expect((await result<WithArea>('reporter', 'dashboard.summary', {})).area).toMatchObject({ code: A_CODES.township })
    expect((await result<WithArea>('admin', 'reports.daily', { date: TODAY })).area).toMatchObject({ code: '141000', level: 'city' })
  })

  it('cannot be given a division outside 本级', async () => {
    await callApi(server, 'settings.update', { officeCode: A_CODES.county }, { cookie: cookies.get('admin')! })
    const r = await callApi(server, 'accounts.create', { login: 'quwo', name: '曲沃县', role: 'office', scope: B_CODES.county, password: 'Quwo-Pass-2026' }, { cookie: cookies.get('admin')! })
    expect([r.status, r.reply.error?.message]).toEqual([400, '曲沃县不在本级（尧都区）范围内，不能作为管辖范围。'])
    await callApi(server, 'settings.update', { officeCode: '' }, { cookie: cookies.get('admin')! })
  })
})

describe('what app.info tells the pages', () => {
  beforeAll(logInAll, 60_000)

  // The pages offer a method only when app.info lists it: the list must be the role table's, the
  // whole folder's methods left out for an account over a part of it, or a page offers what the
  // core refuses (or hides what it would allow).
  for (const role of ROLES) {
    it(`${role}: lists exactly the methods the role table lets it use inside its division`, async () => {
      const r = await callApi(server, 'app.info', {}, { cookie: cookies.get(role)! })
      const allowed = (r.reply.result as { allowed: string[] }).allowed
      expect([...allowed].sort()).toEqual(METHODS.filter((m) => expected(m, role, 'in') === 'allowed').sort())
    })
  }
})
