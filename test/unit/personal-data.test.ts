// Personal data (ID numbers, phones, bank cards) leaves the core masked from every read of the
// contract unless a reveal is asked for, and every reveal is an audit note naming who asked.
//
// The reads are enumerated from the contract (`methods` with `mutates: false`): a read without an
// entry in PROBES fails here, so a new method cannot skip the check. A data folder is seeded
// through the API with real-looking full values everywhere they can be stored; each read is called
// with inputs that bring them within reach, and its answer (JSON, and every cell, header, footer
// and zip part of a file it returns) must not hold one of them in full.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import { type Api, type Input, type MethodName, methods } from '../../src/core/contract'
import { maskBankCard, maskIdNumber, maskPersonal, maskPhone, PERSONAL_FIELDS } from '../../src/core/domain/mask'
import { COLLECTIONS, type Records } from '../../src/core/store/collections'
import { type FileText, fileTexts, isFileOutput } from './helpers/file-text'
import { DONGGAOHE, importFiles, TODAY, TOWNSHIP, township, upload, V, validId, xlsx } from './helpers/submissions'

const SEASON = '2026-2027'
const COUNTY = TOWNSHIP.slice(0, 6)
const HAN = V.han.code

/** Who reads masked, and who reveals: the audit trail must name the latter. */
const CLERK = { who: '张科员' }
const REVEALER = { who: '王科长', from: '192.0.2.15' }

interface Person {
  name: string
  idNumber: string
  phone: string
  card: string
}
const person = (name: string, birth: string, serial: number, phone: string, card: string): Person => ({
  name,
  idNumber: validId(COUNTY, birth, serial),
  phone,
  card,
})

/** 韩村's households, entered by hand (the third with a landline). */
const HAN_PEOPLE = [
  person('王建国', '19580312', 11, '13835710011', '6217000010000000011'),
  person('李秀英', '19610705', 12, '13835710012', '6217000010000000012'),
  person('张伟', '19790923', 13, '03572010013', '6217000010000000013'),
]
/** What the first of them is corrected to (the old values stay only in the audit trail). */
const EDITED = person('王建国', '19580312', 14, '13835710014', '6217000010000000014')
/** 东高河's households, from an imported roster; their cards come from a financial-data import keyed by ID number. */
const ROSTER_PEOPLE = [person('赵芳', '19720305', 21, '15935720021', '6217000010000000021'), person('刘强', '19660817', 22, '15935720022', '6217000010000000022')]
/** In an import that is reviewed but never committed: in a preview only. */
const PENDING = person('孙兰', '19800101', 31, '15935720031', '')
const PENDING_PHONE = '15935720032'
/** A visit plan's contact phone, replaced; the one that replaced it; one in a plan since deleted. */
const CONTACTS = ['13935730041', '13935730042', '13935730043']

const ROSTER_HEADER = ['序号', '县区', '乡镇', '村', '地址', '户主姓名', '身份证号', '联系电话', '用户编码', '改造类别', '供气企业/施工企业', '燃气表具号', '燃气表类型', '当前阶段']
const rosterRow = (n: number, village: string, p: Pick<Person, 'name' | 'idNumber' | 'phone'>) => [n, '', '', village, `${n}组`, p.name, p.idNumber, p.phone, '', '煤改气', '', '', '', '点火通气']

const drawInput = (seed: number, title: string): Input<'visitPlans.draw'> => ({
  title,
  seed,
  countyCodes: [COUNTY],
  townshipCodes: [TOWNSHIP],
  min: 2,
  max: 2,
  weightBehind: 1,
  weightComplaint: 1,
  excludeDays: 0,
  startDate: '2026-11-23',
  perDay: 4,
  teams: ['第一组'],
  purpose: '入户核实改造进度',
})

/** What the seeded folder holds, for the probes' inputs. */
interface Seed {
  core: Core
  /** 韩村's households, 东高河's (from the roster) */
  han: string[]
  dgh: string[]
  receipts: string[]
  /** a refund of 韩村's first household: its voucher */
  refund: string
  batch: string
  reversal: string
  plan: string
  /** village of the plan whose contact was set */
  planVillage: string
  deletedPlan: string
  problem: string
  visit: string
  /** an import batch reviewed but not committed (roster with ID numbers and phones) */
  reviewSession: string
  cancelSession: string
  rosterFile: { fileName: string; dataBase64: string }
  /** a 网上填报 of 屯里镇 waiting for review */
  submission: string
  /** every full value typed in, with what it is; the store's own are added to it */
  planted: Map<string, string>
  /** answers of the seeding calls (the writes that stored the values, mostly) */
  answers: Array<{ method: string; answer: unknown }>
}

/** An API whose answers are kept, to check the writes' answers too. */
function recording(api: Api, answers: Seed['answers']): Api {
  return new Proxy(api, {
    get: (target, method: string) => async (input: unknown) => {
      const answer: unknown = await (target[method as MethodName] as (i: unknown) => Promise<unknown>)(input)
      answers.push({ method, answer })
      return answer
    },
  })
}

async function seedFolder(): Promise<Seed> {
  const core = await township(true)
  const answers: Seed['answers'] = []
  const api = recording(core.as({ who: '李会计' }), answers)
  const planted = new Map<string, string>()
  const plant = (p: Person, who: string) => {
    planted.set(p.idNumber, `身份证号 of ${who}`)
    planted.set(p.phone, `phone of ${who}`)
    if (p.card) planted.set(p.card, `bank card of ${who}`)
  }
  HAN_PEOPLE.forEach((p, i) => plant(p, `${p.name} (韩村 ${i + 1}${i === 0 ? ', before the correction' : ''})`))
  plant(EDITED, `${EDITED.name} (韩村 1, corrected)`)
  ROSTER_PEOPLE.forEach((p) => plant(p, `${p.name} (东高河, roster)`))
  plant(PENDING, `${PENDING.name} (roster not committed)`)
  planted.set(PENDING_PHONE, `new phone of ${ROSTER_PEOPLE[0]!.name} (roster not committed)`)
  CONTACTS.forEach((c, i) => planted.set(c, `contact phone ${['replaced', 'current', 'of a deleted plan'][i]}`))

  const han: string[] = []
  for (const p of HAN_PEOPLE) {
    const h = await api['households.create']({ villageCode: HAN, headName: p.name, idNumber: p.idNumber, phone: p.phone, route: 'gas', stage: 'accepted', address: '韩村1组' })
    han.push(h.id)
  }
  const roster = await xlsx([{ name: '花名册', rows: [['屯里镇花名册'], ROSTER_HEADER, ...ROSTER_PEOPLE.map((p, i) => rosterRow(i + 1, DONGGAOHE.name, p))] }])
  const committed = await importFiles(core, [upload('东高河花名册.xlsx', roster)])
  await api['imports.commit']({ sessionId: committed.sessionId, onConflict: 'skip' })
  const dgh = [...core.store!.values('households')].filter((h) => h.villageCode === DONGGAOHE.code).map((h) => h.id).sort()
  expect(dgh).toHaveLength(ROSTER_PEOPLE.length)

  // Corrections: the old ID number, phone and card are now only in the audit trail.
  await api['households.update']({ id: han[0]!, headName: EDITED.name, idNumber: EDITED.idNumber, phone: EDITED.phone, route: 'gas', stage: 'accepted', address: '韩村1组' })
  await api['finance.update']({ householdId: han[0]!, lowIncome: 'none', bankCard: HAN_PEOPLE[0]!.card, bankName: '尧都农商银行' })
  await api['finance.update']({ householdId: han[0]!, lowIncome: 'dibao', bankCard: EDITED.card, bankName: '尧都农商银行' })
  await api['finance.update']({ householdId: han[1]!, lowIncome: 'none', bankCard: HAN_PEOPLE[1]!.card, bankName: '尧都农商银行', accountHolder: '李秀英' })
  const financeCsv = ['身份证号,银行卡号,开户行,低保/五保', ...[HAN_PEOPLE[2]!, ...ROSTER_PEOPLE].map((p) => `${p.idNumber},${p.card},尧都农商银行,否`)].join('\n')
  await api['finance.import']({ file: upload('资金信息.csv', financeCsv) })

  // A paid batch of 韩村 and a reversal of one line: both keep the lines' ID and card numbers.
  const presets = await api['policies.presets']({})
  const datong = presets.find((x) => x.id === 'datong')!
  await api['policies.save']({ season: SEASON, name: datong.name, rules: datong.rules })
  for (const [i, id] of han.entries()) await api['readings.record']({ householdId: id, season: SEASON, pre: '100', post: String(1100 + i * 500) })
  const created = await api['batches.create']({ scopeCode: HAN, season: SEASON, item: 'running' })
  expect(created.batch.lines).toHaveLength(han.length)
  const batch = created.batch.id
  await api['batches.pay']({ batchId: batch, paidOn: '2026-11-18', voucherNo: '记-118' })
  const reversal = (await api['batches.reverse']({ batchId: batch, householdIds: [han[2]!], date: '2026-11-20', reason: '银行退票' })).id

  const receipts = [
    (await api['deposits.receive']({ householdId: han[0]!, amount: '1000', date: '2026-09-01' })).id,
    (await api['deposits.receive']({ householdId: han[1]!, amount: '1000', date: '2026-09-02', payer: '李秀英之子' })).id,
    (await api['deposits.receive']({ householdId: dgh[0]!, amount: '800', date: '2026-09-03' })).id,
  ]
  const refund = (await api['deposits.refund']({ householdId: han[0]!, amount: '200', date: '2026-11-01' })).id
  await api['ledger.reverse']({ entryId: receipts[1]!, date: '2026-11-02', reason: '金额录错' })

  const plan = await api['visitPlans.create'](drawInput(7, '屯里镇入户调研'))
  const planVillage = plan.items[0]!.villageCode
  await api['visitPlans.updateItem']({ id: plan.id!, villageCode: planVillage, contactName: '韩支书', contactPhone: CONTACTS[0]! })
  await api['visitPlans.updateItem']({ id: plan.id!, villageCode: planVillage, contactPhone: CONTACTS[1]! })
  const gone = await api['visitPlans.create'](drawInput(8, '作废的计划'))
  await api['visitPlans.updateItem']({ id: gone.id!, villageCode: gone.items[0]!.villageCode, contactName: '东支书', contactPhone: CONTACTS[2]! })
  await api['visitPlans.delete']({ id: gone.id! })

  const problem = await api['problems.create']({
    villageCode: HAN,
    householdId: han[0]!,
    description: '改造后室温不达标',
    source: 'complaint',
    deadline: '2026-12-05',
    acceptanceStandard: '入户测温',
  })
  const visit = await api['visits.create']({
    date: '2026-11-18',
    team: ['张三'],
    villages: [{ villageCode: HAN, households: 3, householdIds: [han[0]!, han[1]!] }],
    findings: [
      { kind: 'problem', villageCode: HAN, householdId: han[1]!, text: '壁挂炉漏水', problem: { deadline: '2026-12-01', acceptanceStandard: '复查无渗漏' } },
      { kind: 'highlight', villageCode: HAN, householdId: han[0]!, text: '室温 20 度' },
    ],
  })

  // A roster of 东高河 again: a stored household with a new phone, a new one, and an ID number
  // already held by a household of 韩村 (a warning that must not quote it).
  const rosterFile = upload(
    '东高河花名册（补报）.xlsx',
    await xlsx([
      {
        name: '花名册',
        rows: [
          ['屯里镇花名册'],
          ROSTER_HEADER,
          rosterRow(1, DONGGAOHE.name, { ...ROSTER_PEOPLE[0]!, phone: PENDING_PHONE }),
          rosterRow(2, DONGGAOHE.name, PENDING),
          rosterRow(3, DONGGAOHE.name, { name: '李秀兰', idNumber: HAN_PEOPLE[1]!.idNumber, phone: '' }),
        ],
      },
    ]),
  )
  const reviewSession = (await api['imports.addFile']({ file: rosterFile })).sessionId
  const cancelSession = (await api['imports.addFile']({ file: rosterFile })).sessionId
  await api['backups.create']({ note: '隐私测试' })
  // A 网上填报 of 屯里镇 waiting for review: its preview is a sheet of counts like an import's.
  const submission = (
    await api['submissions.submit']({
      townshipCode: TOWNSHIP,
      date: TODAY,
      rows: [{ villageCode: V.gou.code, counts: { confirmed: 62, network: 52, meter: 42, equipment: 32, connected: 22, accepted: 12 }, networkKm: 1.3 }],
    })
  ).id

  return {
    core,
    han,
    dgh,
    receipts,
    refund,
    batch,
    reversal,
    plan: plan.id!,
    planVillage,
    deletedPlan: gone.id!,
    problem: problem.problem.id,
    visit: visit.id,
    reviewSession,
    cancelSession,
    rosterFile,
    submission,
    planted,
    answers,
  }
}

// ---------------------------------------------------------------------------------------------
// The table: one entry per read of the contract.

type ReadName = { [M in MethodName]: (typeof methods)[M]['mutates'] extends false ? M : never }[MethodName]

interface Reveal<M extends ReadName> {
  /** the call that asks for the full values */
  call: (s: Seed) => Input<M>
  /** full values its answer must show */
  full: (s: Seed) => string[]
  /** the record whose audit trail must show the reveal, and the fields the note must name */
  audited: (s: Seed) => { collection: string; key: string; fields: string[] }
}

type Probe<M extends ReadName> = {
  /** inputs that bring the seeded personal data within the method's reach */
  calls: (s: Seed) => Input<M>[]
  /** an explicit option that shows personal data in full */
  reveal?: Reveal<M>
} & (
  | {
      /** masked forms the answers must show: proof the calls did reach personal data */
      masked: (s: Seed) => string[]
      none?: never
    }
  | {
      /** why the answer holds no personal field at all */
      none: string
      masked?: never
    }
)

const NO_PEOPLE = 'divisions, plans and counts only: no household record'
const REPORT = 'a report of counts per county, township and route: no household record'
const NAMES_ONLY = 'names households by head of household and household number only: no ID, phone or card field'

const maskedIds = (ids: string[]) => ids.map((v) => maskIdNumber(v)!)

/** Every read of the contract: add an entry here when you add a read (the first test says which). */
const PROBES: { [M in ReadName]: Probe<M> } = {
  // ---- foundation ----
  'app.info': { calls: () => [{}], none: 'counts of the folder and who is calling' },
  'settings.get': { calls: () => [{}], none: 'the office settings (经办人, unit, routes)' },
  'divisions.children': { calls: () => [{ parentCode: TOWNSHIP }, {}], none: NO_PEOPLE },
  'divisions.search': { calls: () => [{ q: '韩村' }, { q: HAN }], none: NO_PEOPLE },
  'divisions.get': { calls: () => [{ code: HAN }, { code: DONGGAOHE.code }], none: `${NO_PEOPLE} (a household count)` },
  'villages.list': { calls: () => [{ parentCode: TOWNSHIP }], none: NO_PEOPLE },
  'villages.contractors': { calls: () => [{}], none: 'names of the companies in the plans' },
  'households.search': {
    calls: () => [{ q: EDITED.name }, { q: EDITED.idNumber }, { q: EDITED.idNumber.slice(-6) }, { q: EDITED.phone }, { q: ROSTER_PEOPLE[0]!.name }],
    masked: () => [...maskedIds([EDITED.idNumber, ROSTER_PEOPLE[0]!.idNumber]), maskPhone(EDITED.phone)!],
  },
  'households.list': {
    calls: (s) => [{ villageCode: HAN }, { villageCode: DONGGAOHE.code }, { villageCode: HAN, q: EDITED.name }, { villageCode: HAN, q: s.han[1]! }],
    masked: () => [...maskedIds([EDITED.idNumber, HAN_PEOPLE[1]!.idNumber, ROSTER_PEOPLE[0]!.idNumber]), maskPhone(EDITED.phone)!, maskPhone(HAN_PEOPLE[2]!.phone)!],
  },
  'households.get': {
    calls: (s) => [...s.han, ...s.dgh].map((id) => ({ id })),
    masked: () => [...maskedIds([EDITED.idNumber, ROSTER_PEOPLE[1]!.idNumber]), maskPhone(ROSTER_PEOPLE[1]!.phone)!],
    reveal: {
      call: (s) => ({ id: s.han[0]!, reveal: true }),
      full: () => [EDITED.idNumber, EDITED.phone],
      audited: (s) => ({ collection: 'households', key: s.han[0]!, fields: ['idNumber', 'phone'] }),
    },
  },
  'figures.history': { calls: () => [{ villageCode: HAN }, { villageCode: DONGGAOHE.code }], none: REPORT },
  'figures.check': {
    calls: () => [{ villageCode: HAN, date: TODAY, counts: { confirmed: 90, network: 80, meter: 70, equipment: 60, connected: 50, accepted: 40 }, networkKm: 3 }],
    none: REPORT,
  },
  'figures.reportingStatus': { calls: () => [{ date: TODAY }], none: REPORT },
  'dashboard.summary': { calls: () => [{}, { date: TODAY }], none: REPORT },
  'audit.history': {
    calls: (s) => [
      { collection: 'households', key: s.han[0]! },
      { collection: 'household-finance', key: s.han[0]! },
      { collection: 'visitPlans', key: s.plan },
      { collection: 'visitPlans', key: s.deletedPlan },
      { collection: 'payment-batches', key: s.batch },
      { collection: 'households', key: s.dgh[0]! },
      {
        records: [
          ...[...s.han, ...s.dgh].flatMap((key) => [
            { collection: 'households', key },
            { collection: 'household-finance', key },
          ]),
          { collection: 'payment-batches', key: s.reversal },
        ],
        limit: 1000,
      },
    ],
    // Old and new values of each correction, and a deleted plan's contact: all there, masked.
    masked: () => [
      ...maskedIds([HAN_PEOPLE[0]!.idNumber, EDITED.idNumber, ROSTER_PEOPLE[0]!.idNumber, HAN_PEOPLE[2]!.idNumber]),
      ...[HAN_PEOPLE[0]!.phone, EDITED.phone, ...CONTACTS].map((p) => maskPhone(p)!),
      ...[HAN_PEOPLE[0]!.card, EDITED.card, HAN_PEOPLE[2]!.card].map((c) => maskBankCard(c)!),
    ],
  },
  'audit.recent': { calls: () => [{ limit: 500 }, {}], none: 'who, when, which method and the first record key of each write: no values' },
  'backups.list': { calls: () => [{}], none: 'backup names, times, reasons and notes' },
  'backups.create': { calls: () => [{ note: '读取检查' }], none: 'the new backup’s name, time and note' },

  // ---- imports ----
  'imports.template': {
    calls: () => [
      { kind: 'roster', code: TOWNSHIP },
      { kind: 'roster', code: COUNTY },
      { kind: 'figures', code: TOWNSHIP, date: TODAY },
      { kind: 'figures', code: TOWNSHIP, date: TODAY, prefill: true },
      { kind: 'plans', code: TOWNSHIP },
      { kind: 'plans', code: COUNTY },
    ],
    none: 'a form with the villages (and their last counts, or their plans) filled in: no stored household is copied into it',
  },
  'imports.addFile': {
    calls: (s) => [{ file: s.rosterFile }],
    masked: () => maskedIds([ROSTER_PEOPLE[0]!.idNumber, PENDING.idNumber, HAN_PEOPLE[1]!.idNumber]),
  },
  'imports.review': {
    calls: (s) => [{ sessionId: s.reviewSession }],
    masked: () => maskedIds([ROSTER_PEOPLE[0]!.idNumber, PENDING.idNumber, HAN_PEOPLE[1]!.idNumber]),
  },
  'imports.cancel': { calls: (s) => [{ sessionId: s.cancelSession }], none: 'only whether the batch was cancelled' },
  'imports.history': { calls: () => [{}, { limit: 500 }], none: 'file names, sheets, dates and row counts of committed imports' },
  'imports.undoPreview': {
    calls: () => [{ batchId: 'I000001' }, { batchId: 'I000002' }],
    none: `what an undo would put back, counted, and the records changed since; ${NAMES_ONLY}`,
  },
  'imports.mappings': { calls: () => [{}], none: 'header texts of the layouts confirmed, and what each column is read as' },

  // ---- reports ----
  'reports.settings': { calls: () => [{}], none: 'the reports’ settings' },
  'reports.daily': { calls: () => [{ date: TODAY, byTownship: true }], none: REPORT },
  'reports.dailyExport': { calls: () => [{ date: TODAY, byTownship: true }], none: REPORT },
  'reports.weekly': { calls: () => [{ date: TODAY }], none: REPORT },
  'reports.weeklyExport': { calls: () => [{ date: TODAY }], none: REPORT },
  'reports.tenDay': { calls: () => [{ date: TODAY }], none: `${REPORT} (problems are counted, not listed)` },
  'reports.tenDayExport': { calls: () => [{ date: TODAY }], none: `${REPORT} (problems are counted, not listed)` },
  'reports.schedule': { calls: () => [{ date: TODAY }], none: REPORT },
  'reports.scheduleExport': { calls: () => [{ date: TODAY }], none: REPORT },
  'reports.forecast': { calls: () => [{ date: TODAY }], none: REPORT },
  'reports.forecastExport': { calls: () => [{ date: TODAY }], none: REPORT },
  'reports.trend': { calls: () => [{ to: TODAY, days: 30 }], none: REPORT },

  // ---- field ----
  'map.villages': { calls: () => [{}, { date: TODAY }], none: 'villages with progress and problem counts' },
  'map.layers': { calls: () => [{}], none: 'boundaries and tile settings' },
  'map.village': { calls: (s) => [{ code: HAN }, { code: s.planVillage }], none: `a village’s plan, progress, open problems and visits; problems ${NAMES_ONLY}` },
  'map.tiles': { calls: () => [{}], none: 'tile settings' },
  'visitPlans.draw': { calls: () => [drawInput(7, '屯里镇入户调研')], none: 'a draw not saved has no contacts yet' },
  'visitPlans.list': { calls: () => [{}], none: 'titles, dates and counts of plans' },
  'visitPlans.get': {
    calls: (s) => [{ id: s.plan }],
    masked: () => [maskPhone(CONTACTS[1])!],
    reveal: {
      call: (s) => ({ id: s.plan, reveal: true }),
      full: () => [CONTACTS[1]!],
      audited: (s) => ({ collection: 'visitPlans', key: s.plan, fields: ['contactPhone'] }),
    },
  },
  'visitPlans.export': {
    calls: (s) => [{ id: s.plan }],
    masked: () => [maskPhone(CONTACTS[1])!],
    reveal: {
      call: (s) => ({ id: s.plan, fullPhones: true }),
      full: () => [CONTACTS[1]!],
      audited: (s) => ({ collection: 'visitPlans', key: s.plan, fields: ['contactPhone'] }),
    },
  },
  'visits.list': { calls: () => [{}, { countyCode: COUNTY }], none: `visits and their findings; ${NAMES_ONLY}` },
  'visits.get': { calls: (s) => [{ id: s.visit }], none: `a visit and its findings; ${NAMES_ONLY}` },
  'visits.summary': { calls: () => [{}], none: 'counts per county' },
  'problems.list': { calls: () => [{}, { countyCode: COUNTY, q: '室温' }], none: `the problem ledger; ${NAMES_ONLY}` },
  'problems.get': { calls: (s) => [{ id: s.problem }], none: `a problem and its steps; ${NAMES_ONLY}` },
  'problems.export': { calls: () => [{}, { countyCode: COUNTY }], none: `the printed problem ledger; ${NAMES_ONLY}` },

  // ---- money ----
  'deposits.household': { calls: (s) => [...s.han, s.dgh[0]!].map((householdId) => ({ householdId })), none: `deposits of a household; ${NAMES_ONLY}` },
  'deposits.village': { calls: () => [{ villageCode: HAN }, { villageCode: DONGGAOHE.code }], none: `deposits per household; ${NAMES_ONLY}` },
  'deposits.receipt': {
    calls: (s) => s.receipts.map((entryId) => ({ entryId })),
    masked: () => maskedIds([EDITED.idNumber, HAN_PEOPLE[1]!.idNumber, ROSTER_PEOPLE[0]!.idNumber]),
  },
  'deposits.voucher': {
    calls: (s) => [{ entryId: s.refund }],
    masked: () => maskedIds([EDITED.idNumber]),
  },
  'deposits.slip': {
    calls: (s) => [...s.receipts, s.refund].map((entryId) => ({ entryId })),
    masked: () => maskedIds([EDITED.idNumber, HAN_PEOPLE[1]!.idNumber, ROSTER_PEOPLE[0]!.idNumber]),
  },
  'deposits.register': { calls: () => [{ scopeCode: TOWNSHIP }, {}], none: `the deposit register; ${NAMES_ONLY}` },
  'policies.list': { calls: () => [{}], none: 'subsidy policies' },
  'policies.get': { calls: () => [{ season: SEASON }], none: 'a subsidy policy' },
  'policies.presets': { calls: () => [{}], none: 'published policy examples' },
  'finance.get': {
    calls: (s) => [...s.han, ...s.dgh].map((householdId) => ({ householdId })),
    masked: () => [EDITED.card, HAN_PEOPLE[1]!.card, HAN_PEOPLE[2]!.card, ROSTER_PEOPLE[1]!.card].map((c) => maskBankCard(c)!),
    reveal: {
      call: (s) => ({ householdId: s.han[0]!, reveal: true }),
      full: () => [EDITED.card],
      audited: (s) => ({ collection: 'household-finance', key: s.han[0]!, fields: ['bankCard'] }),
    },
  },
  'entitlements.household': { calls: (s) => s.han.map((householdId) => ({ householdId, season: SEASON })), none: `subsidies due and paid; ${NAMES_ONLY}` },
  'entitlements.village': { calls: () => [{ villageCode: HAN, season: SEASON }], none: `subsidies per household; ${NAMES_ONLY}` },
  'batches.list': { calls: () => [{ countyCode: COUNTY }, {}], none: 'batches with counts and totals' },
  'batches.get': {
    calls: (s) => [{ batchId: s.batch }, { batchId: s.reversal }],
    masked: () => [...maskedIds([EDITED.idNumber, HAN_PEOPLE[2]!.idNumber]), maskBankCard(EDITED.card)!, maskBankCard(HAN_PEOPLE[2]!.card)!],
  },
  'batches.roster': {
    calls: (s) => [{ batchId: s.batch }, { batchId: s.reversal }],
    masked: () => [...maskedIds([EDITED.idNumber, HAN_PEOPLE[1]!.idNumber]), maskBankCard(EDITED.card)!, maskBankCard(HAN_PEOPLE[1]!.card)!],
    reveal: {
      call: (s) => ({ batchId: s.batch, full: true }),
      full: () => [EDITED.idNumber, EDITED.card, HAN_PEOPLE[1]!.idNumber, HAN_PEOPLE[1]!.card],
      audited: (s) => ({ collection: 'payment-batches', key: s.batch, fields: ['idNumber', 'bankCard'] }),
    },
  },
  'reconcile.summary': { calls: () => [{ scopeCode: HAN, season: SEASON }, { season: SEASON }], none: `per division, or per household in a village; ${NAMES_ONLY}` },
  'reconcile.export': { calls: () => [{ scopeCode: HAN, season: SEASON }, { scopeCode: TOWNSHIP, season: SEASON }], none: `per division, or per household in a village; ${NAMES_ONLY}` },

  // ---- accounts and 网上填报 ----
  'accounts.list': { calls: () => [{}], none: 'logins, names, roles, scopes and sessions of the accounts: no household record' },
  'submissions.form': { calls: () => [{ townshipCode: TOWNSHIP }, { townshipCode: TOWNSHIP, date: TODAY }], none: `the township's villages with their counts; ${NO_PEOPLE}` },
  'submissions.readFile': {
    calls: (s) => [{ townshipCode: TOWNSHIP, file: s.rosterFile }],
    none: 'counts read from a figures sheet; a roster sheet is skipped unread, named only by its sheet name',
  },
  'submissions.list': { calls: () => [{}, { date: TODAY }], none: 'the townships’ submissions: who submitted, when, how many villages' },
  'submissions.preview': { calls: (s) => [{ id: s.submission }], none: `a submission's counts against the stored ones; ${NO_PEOPLE}` },
  'submissions.check': {
    calls: () => [{ townshipCode: TOWNSHIP, date: TODAY, rows: [{ villageCode: HAN, counts: { confirmed: 3, network: 3, meter: 3, equipment: 3, connected: 3, accepted: 3 }, networkKm: null }] }],
    none: 'village figures and the importer’s warnings: no household in it',
  },
}

// ---------------------------------------------------------------------------------------------

const READS = (Object.keys(methods) as MethodName[]).filter((m) => !methods[m].mutates)

/** Options of a read that ask for personal data in full (reveal, full, fullPhones …). */
function revealOptions(m: MethodName): string[] {
  const shape = (methods[m].input as { shape?: Record<string, unknown> }).shape ?? {}
  return Object.keys(shape).filter((k) => /reveal|full/i.test(k))
}

/** Every full value the folder holds in a personal field (any collection, any depth): value → what it is. */
function storedValues(core: Core): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (v: unknown, where: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, where))
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k in PERSONAL_FIELDS && typeof x === 'string' && x !== '') out.set(x, `${k} in ${where}`)
        else walk(x, where)
      }
    }
  }
  for (const c of Object.keys(COLLECTIONS) as (keyof Records)[]) {
    for (const part of core.store!.partitionNames(c)) {
      for (const [key, record] of core.store!.partitionEntries(c, part)) walk(record, `${c}/${key}`)
    }
  }
  return out
}

/** The answer as JSON (files left out) and every text of every file in it. */
async function textsOf(answer: unknown): Promise<FileText[]> {
  const files: unknown[] = []
  const json = JSON.stringify(answer, (_k, v: unknown) => {
    if (isFileOutput(v)) files.push(v)
    return isFileOutput(v) ? { ...v, dataBase64: `(${v.dataBase64.length} characters)` } : v
  })
  const out: FileText[] = [{ where: 'answer', text: json ?? '' }]
  for (const f of files) if (isFileOutput(f)) out.push(...(await fileTexts(f)))
  return out
}

/** "what value in where" for each full value found. */
function found(texts: FileText[], values: Map<string, string>): string[] {
  const out: string[] = []
  for (const t of texts) {
    for (const [v, what] of values) {
      if (t.text.includes(v) || t.text.includes(v.toLowerCase())) out.push(`${what} ${v} in ${t.where}`)
    }
  }
  return out
}

const call = <M extends ReadName>(api: Api, m: M, input: Input<M>): Promise<unknown> => (api[m] as (i: Input<M>) => Promise<unknown>)(input)

let seed: Seed
let stored: Map<string, string>
/** what must not show: every value stored in a personal field, and every one typed in (old ones too) */
let full: Map<string, string>

beforeAll(async () => {
  seed = await seedFolder()
  stored = storedValues(seed.core)
  full = new Map([...stored, ...seed.planted])
}, 120_000)
afterAll(() => seed?.core.close())

describe('personal data from every read of the contract', () => {
  it('has an entry in PROBES for every read (and none for what is not a read)', () => {
    const missing = READS.filter((m) => !Object.hasOwn(PROBES, m))
    const stale = Object.keys(PROBES).filter((m) => !(READS as string[]).includes(m))
    expect(
      missing,
      `These reads (mutates: false) have no entry in PROBES in test/unit/personal-data.test.ts: ${missing.join(', ')}. ` +
        'Add one per method: `calls` with inputs that reach the ID numbers, phones and bank cards seedFolder() stores ' +
        '(extend seedFolder when the method reads something new); then `masked` (masked forms the answer must show) or ' +
        '`none` (why the answer can hold no personal field); and `reveal` if the method has an option that shows them in full.',
    ).toEqual([])
    expect(stale, `PROBES has entries for methods that are not reads of the contract (renamed, removed, or now mutating): ${stale.join(', ')}`).toEqual([])
  })

  it('has a reveal entry for every read with an option that shows personal data in full', () => {
    const unchecked = READS.flatMap((m) => revealOptions(m).filter(() => !PROBES[m as ReadName].reveal).map((o) => `${m} {${o}}`))
    expect(
      unchecked,
      `These options show personal data in full but PROBES has no \`reveal\` for them: ${unchecked.join(', ')}. ` +
        'Add `reveal: { call, full, audited }`: the reveal must show the full values and write an audit note ' +
        '(ctx.note(collection, key, { revealed: [fields] })) that audit.history of the record shows.',
    ).toEqual([])
  })

  it('seeded full values of every kind, in the store and the audit trail', () => {
    for (const field of Object.keys(PERSONAL_FIELDS)) {
      expect([...stored.values()].some((what) => what.startsWith(`${field} in `)), `no ${field} stored`).toBe(true)
    }
    // The store's walk finds what was typed in and is still current.
    for (const v of [EDITED.idNumber, EDITED.phone, EDITED.card, ROSTER_PEOPLE[0]!.card, HAN_PEOPLE[2]!.phone, CONTACTS[1]!]) expect(stored.has(v)).toBe(true)
  })

  for (const m of READS) {
    const probe = PROBES[m as ReadName] as Probe<ReadName> | undefined
    it.skipIf(!probe)(`${m} masks them`, async () => {
      const api = seed.core.as(CLERK)
      const texts: FileText[] = []
      for (const input of probe!.calls(seed)) {
        const answer = await call(api, m as ReadName, input)
        const t = await textsOf(answer)
        expect(found(t, full), `${m}(${JSON.stringify(input, (k, v: unknown) => (k === 'dataBase64' ? '…' : v))}) shows personal data in full`).toEqual([])
        texts.push(...t)
      }
      if (probe!.masked) {
        const all = texts.map((t) => t.text).join('\n')
        const absent = probe!.masked(seed).filter((x) => !all.includes(x))
        expect(absent, `${m}: the calls did not reach these (masked) values — fix the entry's calls or the seed`).toEqual([])
      } else {
        expect(probe!.none).toBeTruthy()
      }
    })
  }
})

describe('reveals: in full only when asked, and audited', () => {
  const revealing = READS.filter((m) => PROBES[m as ReadName]?.reveal)

  it('covers every reveal the contract offers today', () => {
    expect([...revealing].sort()).toEqual(['batches.roster', 'finance.get', 'households.get', 'visitPlans.export', 'visitPlans.get'])
  })

  for (const m of revealing) {
    it(`${m} shows them in full and writes an audit note naming who`, async () => {
      const probe = PROBES[m as ReadName] as Probe<ReadName>
      const reveal = probe.reveal!
      const { collection, key, fields } = reveal.audited(seed)
      const notes = async () => (await seed.core.api['audit.history']({ collection, key, limit: 1000 })).filter((e) => e.collection === `note:${collection}`)
      const before = await notes()
      // A masked read is not a reveal: no note.
      for (const input of probe.calls(seed)) await call(seed.core.as(CLERK), m as ReadName, input)
      expect(await notes()).toHaveLength(before.length)

      const answer = await call(seed.core.as(REVEALER), m as ReadName, reveal.call(seed))
      const all = (await textsOf(answer)).map((t) => t.text).join('\n')
      for (const v of reveal.full(seed)) expect(all, `${m} revealed does not show ${full.get(v) ?? v}`).toContain(v)

      const after = await notes()
      expect(after).toHaveLength(before.length + 1)
      const note = after[0]!
      expect(note).toMatchObject({ method: m, who: REVEALER.who, from: REVEALER.from, collection: `note:${collection}`, key })
      for (const f of fields) expect(JSON.stringify(note.after), `the note of ${m} does not name ${f}`).toContain(f)
      // The note names what was shown, never the values; 最近的操作 lists it too.
      expect(found([{ where: 'note', text: JSON.stringify(note) }], full)).toEqual([])
      const recent = await seed.core.api['audit.recent']({ limit: 5 })
      expect(recent.find((e) => e.seq === note.seq)).toMatchObject({ method: m, who: REVEALER.who, firstCollection: `note:${collection}`, firstKey: key })
    })
  }
})

describe('the audit trail of records whose personal fields changed', () => {
  it('shows each correction, before and after, masked', async () => {
    const api = seed.core.as(CLERK)
    const h = await api['audit.history']({ collection: 'households', key: seed.han[0]! })
    const update = h.find((e) => e.method === 'households.update')!
    expect(update.before).toMatchObject({ idNumber: maskIdNumber(HAN_PEOPLE[0]!.idNumber), phone: maskPhone(HAN_PEOPLE[0]!.phone) })
    expect(update.after).toMatchObject({ idNumber: maskIdNumber(EDITED.idNumber), phone: maskPhone(EDITED.phone) })
    const f = await api['audit.history']({ collection: 'household-finance', key: seed.han[0]! })
    const card = f.find((e) => e.method === 'finance.update' && (e.before as { bankCard?: string } | null)?.bankCard)!
    expect(card.before).toMatchObject({ bankCard: maskBankCard(HAN_PEOPLE[0]!.card) })
    expect(card.after).toMatchObject({ bankCard: maskBankCard(EDITED.card) })
    const plan = await api['audit.history']({ collection: 'visitPlans', key: seed.deletedPlan })
    expect(plan[0]).toMatchObject({ method: 'visitPlans.delete', after: null })
    expect(JSON.stringify(plan[0]!.before)).toContain(maskPhone(CONTACTS[2])!)
    // The whole records, as the history shows them, are the masked records.
    const batch = await api['audit.history']({ collection: 'payment-batches', key: seed.batch })
    const paid = seed.core.store!.get('payment-batches', seed.batch)
    expect(batch.find((e) => e.collection === 'payment-batches')!.after).toEqual(maskPersonal(paid))
    for (const e of [...h, ...f, ...plan, ...batch]) expect(found([{ where: `${e.method} #${e.seq}`, text: JSON.stringify(e) }], full)).toEqual([])
  })

  it('audit.recent lists those writes without their values', async () => {
    const recent = await seed.core.as(CLERK)['audit.recent']({ limit: 500 })
    expect(recent.some((e) => e.method === 'households.update' && e.firstKey === seed.han[0])).toBe(true)
    expect(recent.some((e) => e.method === 'finance.update')).toBe(true)
    expect(found([{ where: 'audit.recent', text: JSON.stringify(recent) }], full)).toEqual([])
  })

  it('the writes that stored them answered masked as well', async () => {
    expect(seed.answers.length).toBeGreaterThan(20)
    for (const w of seed.answers) expect(found(await textsOf(w.answer), full), `${w.method} answered with personal data in full`).toEqual([])
  })
})
