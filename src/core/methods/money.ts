// Money (issue 6): deposits, subsidy policy, entitlements, payment batches, reconciliation.
// Amounts come in as the text the user typed (yuan) and are parsed to fen in the core, so every
// shell gets the same refusal of "12.345" or "1000,50"; amounts go out as integer fen.

import { z } from 'zod'
import type { DepositEntry, DepositTotals, LedgerEntry } from '../domain/ledger'
import type { Fen } from '../domain/money'
import type { HouseholdFinance, MeterReading } from '../domain/household-finance'
import type { FundingLevel, ItemEntitlement, LevelAmounts, LowIncome, Policy, SubsidyItem } from '../domain/policy'
import { LOW_INCOME, PAYEES, SHARE_MODES, SUBSIDY_ITEMS } from '../domain/policy'
import type { RuleText } from '../domain/policy-text'
import { UNITS } from '../domain/quantity'
import { TEXT_MAX } from '../domain/text-limits'
import type { DivisionLevel, HouseholdStage } from '../domain/types'
import { countyCode, date, divisionCode, type FileOutput, type MethodDefs, optText, routeId, stageKey, uploadedFile, villageCode } from './schemas'

const householdId = z.string().trim().min(1, '请选择农户')
const yuanText = z.string().max(40)
const season = z.string().trim().regex(/^\d{4}-\d{4}$/, '采暖季格式应为 2026-2027')
const entryId = z.string().trim().min(1, '请选择一条记录')
const batchId = z.string().trim().min(1, '请选择发放批次')
const item = z.enum(SUBSIDY_ITEMS)
const reason = z.string().trim().min(1, '请填写原因').max(200)

const ruleInput = z.object({
  route: routeId,
  item,
  variant: optText(30),
  method: z.enum(['fixed', 'percent', 'perUnit']),
  amount: yuanText.optional(),
  ratio: z.string().max(20).optional(),
  unit: z.enum(UNITS).optional(),
  freeBand: z.string().max(20).optional(),
  tiers: z.array(z.object({ width: z.string().max(20), rate: yuanText })).max(10).optional(),
  cap: yuanText.optional(),
  advanceKind: z.enum(['none', 'fixed', 'ofCap']).optional(),
  advance: z.string().max(40).optional(),
  topUpDibao: yuanText.optional(),
  topUpWubao: yuanText.optional(),
  minStage: stageKey,
  shares: z.object({ central: z.string().max(10), province: z.string().max(10), city: z.string().max(10), county: z.string().max(10) }),
  shareMode: z.enum(SHARE_MODES).optional(),
  payee: z.enum(PAYEES),
  note: optText(200),
})

const depositOp = { householdId, amount: yuanText, date, note: optText(200) }

export const moneyMethods = {
  'deposits.receive': {
    mutates: true,
    access: 'money.write', scope: { place: ['householdId:household'] },
    summary: '收取押金：登记金额（元）与日期，按县区和年度连续编收据号',
    input: z.object({ ...depositOp, payer: optText(50) }),
  },
  'deposits.refund': { mutates: true, access: 'money.write', scope: { place: ['householdId:household'] }, summary: '退还押金（部分或全部，不超过余额）', input: z.object(depositOp) },
  'deposits.convert': {
    mutates: true,
    access: 'money.write', scope: { place: ['householdId:household'] },
    summary: '押金转充燃气费（充值到燃气卡，不超过余额）',
    input: z.object({ ...depositOp, gasCardNo: optText(TEXT_MAX.gasCardNo) }),
  },
  'deposits.offset': {
    mutates: true,
    access: 'money.write', scope: { place: ['householdId:household'] },
    summary: '押金抵扣费用（须写明抵扣什么，不超过余额）',
    input: z.object({ ...depositOp, note: z.string().trim().min(1, '请写明抵扣的费用').max(200) }),
  },
  'ledger.reverse': {
    mutates: true,
    access: 'money.write', scope: { place: ['entryId:ledgerEntry'] },
    summary: '冲正一条押金记录：另记一条反向记录，原记录不改不删；每条只能冲正一次，冲正记录不能再冲正',
    input: z.object({ entryId, date, reason }),
  },
  'deposits.household': { mutates: false, access: 'money.read', scope: { place: ['householdId:household'] }, summary: '一户的押金余额与全部记录（含冲正）', input: z.object({ householdId }) },
  'deposits.village': { mutates: false, access: 'money.read', scope: { place: ['villageCode'] }, summary: '一个村各户的押金收取、退还、转充、抵扣与余额', input: z.object({ villageCode }) },
  'deposits.receipt': {
    mutates: false,
    access: 'money.read', scope: { place: ['entryId:ledgerEntry'] },
    summary: '押金收据（Excel）：一张 A4 纸三联（存根、交款人收执、财务记账），联间有裁剪线；已冲正的标明作废',
    input: z.object({ entryId }),
  },
  'deposits.voucher': {
    mutates: false,
    access: 'money.read', scope: { place: ['entryId:ledgerEntry'] },
    summary: '押金退还、转充、抵扣凭证（Excel）：一张 A4 纸三联，列出原收据编号；已冲正的标明作废',
    input: z.object({ entryId }),
  },
  'deposits.slip': {
    mutates: false,
    access: 'money.read', scope: { place: ['entryId:ledgerEntry'] },
    summary: '一条押金记录打印的内容（收据或凭证：标题、编号、三联、各栏、签字栏），供在程序中打印',
    input: z.object({ entryId }),
  },
  'deposits.register': {
    mutates: false,
    access: 'money.read', scope: { area: 'scopeCode' },
    summary: '押金台账导出（Excel）：某区划内全部押金记录，可按日期范围',
    input: z.object({ scopeCode: divisionCode.optional(), from: date.optional(), to: date.optional() }),
  },

  'policies.list': { mutates: false, access: 'money.read', scope: 'none', summary: '各采暖季的补贴政策（名称、版本、条数）', input: z.object({}) },
  'policies.get': { mutates: false, access: 'money.read', scope: 'none', summary: '一个采暖季的补贴政策', input: z.object({ season }) },
  'policies.save': {
    mutates: true,
    access: 'money.write', scope: 'folder',
    summary: '保存一个采暖季的补贴政策（按路线和项目：定额、费用比例、按用量分档、封顶、季前预拨、低保五保加补、各级分担比例）；版本号加一',
    input: z.object({
      season,
      name: z.string().trim().min(1, '请填写政策名称').max(100),
      note: optText(500),
      rules: z.array(ruleInput).max(50, '一个采暖季最多 50 条'),
      baseRevision: z.number().int().min(0).optional(),
    }),
  },
  'policies.presets': { mutates: false, access: 'money.read', scope: 'none', summary: '可载入的真实政策示例（太原、大同、山西 2017 煤改电）', input: z.object({}) },

  'finance.get': {
    mutates: false,
    access: 'money.read', scope: { place: ['householdId:household'] }, reveal: 'reveal',
    summary: '一户的资金信息（银行卡、低保五保、设备类型与费用）；reveal=true 时显示完整卡号（记入审计）',
    input: z.object({ householdId, reveal: z.boolean().optional() }),
  },
  'finance.update': {
    mutates: true,
    access: 'money.write', scope: { place: ['householdId:household'] },
    summary: '修改一户的资金信息；金额按元填写',
    input: z.object({
      householdId,
      bankCard: optText(TEXT_MAX.bankCard),
      bankName: optText(TEXT_MAX.bankName),
      accountHolder: optText(TEXT_MAX.accountHolder),
      lowIncome: z.enum(LOW_INCOME),
      equipmentType: optText(TEXT_MAX.equipmentType),
      equipmentCost: yuanText.optional(),
      constructionCost: yuanText.optional(),
      gasCardNo: optText(TEXT_MAX.gasCardNo),
    }),
  },
  'finance.import': {
    mutates: true,
    access: 'money.write', scope: 'folder',
    summary: '导入资金信息（CSV 或 .xlsx：农户编号 / 用户编码 / 表号 / 身份证号，银行卡号、开户行、持卡人、低保/五保、设备类型、设备费用、建设安装费用、燃气卡号）；空格不改原值；全部通过才写入',
    input: z.object({ file: uploadedFile }),
  },
  'readings.record': {
    mutates: true,
    access: 'money.write', scope: { place: ['householdId:household'] },
    summary: '录入一户某采暖季的季前、季后表数',
    input: z.object({
      householdId,
      season,
      pre: z.string().max(20).optional(),
      preDate: date.optional(),
      post: z.string().max(20).optional(),
      postDate: date.optional(),
    }),
  },
  'readings.import': {
    mutates: true,
    access: 'money.write', scope: 'folder',
    summary: '导入表数（CSV 或 .xlsx：农户编号 / 用户编码 / 表号，季前读数，季后读数）；全部通过才写入',
    input: z.object({ season, file: uploadedFile }),
  },

  'entitlements.household': {
    mutates: false,
    access: 'money.read', scope: { place: ['householdId:household'] },
    summary: '一户某采暖季应享的各项补贴、各级资金、已发与未发，附计算过程',
    input: z.object({ householdId, season }),
  },
  'entitlements.village': {
    mutates: false,
    access: 'money.read', scope: { place: ['villageCode'] },
    summary: '一个村各户某采暖季的应享、已发、未发补贴',
    input: z.object({ villageCode, season }),
  },

  'batches.create': {
    mutates: true,
    access: 'money.write', scope: { place: ['scopeCode'] },
    summary: '建立发放批次（草稿）：按区划、项目、阶段选出有未发补贴的农户；缺银行卡号等的列出原因',
    input: z.object({ scopeCode: divisionCode, season, item, minStage: stageKey.optional(), name: optText(100) }),
  },
  'batches.list': {
    mutates: false,
    access: 'money.read', scope: { place: ['countyCode'], rows: ['/scopeCode'] },
    summary: '发放批次列表（新的在前）',
    input: z.object({ countyCode: countyCode.optional(), season: season.optional() }),
  },
  'batches.get': { mutates: false, access: 'money.read', scope: { place: ['batchId:batch'] }, summary: '一个发放批次及其名单（身份证号、银行卡号脱敏）', input: z.object({ batchId }) },
  'batches.removeLines': {
    mutates: true,
    access: 'money.write', scope: { place: ['batchId:batch', 'householdIds[]:household'] },
    summary: '从草稿批次中移出农户（已发放的批次不能修改）',
    input: z.object({ batchId, householdIds: z.array(householdId).min(1, '请选择要移出的农户') }),
  },
  'batches.cancel': { mutates: true, access: 'money.write', scope: { place: ['batchId:batch'] }, summary: '作废草稿批次（记录保留）', input: z.object({ batchId, reason }) },
  'batches.pay': {
    mutates: true,
    access: 'money.write', scope: { place: ['batchId:batch'] },
    summary: '批次已发放：为每户记一笔补贴发放记录；此后批次不能修改，只能用冲正批次冲回',
    input: z.object({ batchId, paidOn: date, voucherNo: optText(50) }),
  },
  'batches.reverse': {
    mutates: true,
    access: 'money.write', scope: { place: ['batchId:batch', 'householdIds[]:household'] },
    summary: '冲正已发放的批次（全部或部分农户，如银行退票）：建立冲正批次并记反向记录',
    input: z.object({ batchId, householdIds: z.array(householdId).optional(), date, reason }),
  },
  'batches.roster': {
    mutates: false,
    access: 'money.read', scope: { place: ['batchId:batch'] }, reveal: 'full',
    summary: '发放花名册（Excel）；full=true 时含完整身份证号和银行卡号（记入审计）',
    input: z.object({ batchId, full: z.boolean().optional() }),
  },

  'reconcile.summary': {
    mutates: false,
    access: 'money.read', scope: { area: 'scopeCode' },
    summary: '对账：押金收取、退还、转充、抵扣、余额；补贴应发、已发、未发（按项目和资金层级），按下一级区划分行',
    input: z.object({ scopeCode: divisionCode.optional(), season, asOf: date.optional() }),
  },
  'reconcile.export': {
    mutates: false,
    access: 'money.read', scope: { area: 'scopeCode' },
    summary: '对账表导出（Excel，可打印）',
    input: z.object({ scopeCode: divisionCode.optional(), season, asOf: date.optional() }),
  },
} as const satisfies MethodDefs

// ---- outputs ----

/** A ledger entry as shown: with the reversal that cancelled it, if any. */
export type LedgerEntryView = LedgerEntry & { reversedBy?: string }

export interface HouseholdRef {
  householdId: string
  headName: string
  villageCode: string
  /** 县区 / 乡镇 / 村 */
  place: string
}

export interface HouseholdDeposits extends HouseholdRef {
  totals: DepositTotals
  entries: LedgerEntryView[]
}

/** One line of a receipt or voucher. */
export interface SlipField {
  label: string
  /** text, or yuan (a number) for the amount */
  value: string | number
  /** takes a whole line */
  wide?: boolean
  /** the amount in figures (yuan) */
  money?: boolean
}

/** A deposit operation as it prints: 押金收据, or 押金退还/转充/抵扣凭证 naming the original receipts. */
export interface DepositSlip {
  kind: 'receipt' | 'voucher'
  entryId: string
  /** 押金收据, 押金退还凭证 …; （已作废） when reversed */
  title: string
  /** the receipt number, or the entry's id for a voucher */
  number: string
  /** the three parts of the page: 第一联 存根, 第二联 交款人收执 (领款人/户主收执), 第三联 财务记账 */
  copies: string[]
  fields: SlipField[]
  notes: string[]
  /** the signature line at the foot of each part */
  signatures: string
  /** why it is void, when the operation was reversed */
  void: string | null
  unitName: string
}

export interface VillageDepositRow {
  householdId: string
  headName: string
  totals: DepositTotals
  receipts: number
}

export interface VillageDeposits {
  villageCode: string
  place: string
  rows: VillageDepositRow[]
  totals: DepositTotals
}

export interface PolicySummary {
  season: string
  name: string
  revision: number
  rules: number
  savedAt: string
  savedBy: string
}

/** A policy with each rule as the form shows it and as one line of text. */
export interface PolicyView extends Policy {
  texts: RuleText[]
  summaries: string[]
}

export interface PresetView {
  id: string
  name: string
  source: string
  rules: RuleText[]
  summaries: string[]
}

/** A household's financial data as shown: the bank card masked unless revealed. */
export interface FinanceView extends HouseholdFinance {
  headName: string
  /** true when the bank card is shown in full */
  revealed: boolean
}

/** What an import of readings or financial data did. */
export interface TableImportResult {
  fileName: string
  sheet?: string
  rows: number
  updated: number
  unchanged: number
}

export interface ItemEntitlementView extends ItemEntitlement {
  paid: LevelAmounts
  paidTotal: Fen
  /** entitled − paid; negative when more was paid than is now due (多拨) */
  outstanding: Fen
}

export interface HouseholdEntitlements extends HouseholdRef {
  season: string
  route: string
  routeName: string
  stage: HouseholdStage
  stageName: string
  lowIncome: LowIncome
  reading?: MeterReading
  policy: { name: string; revision: number } | null
  items: ItemEntitlementView[]
  total: { entitled: Fen; paid: Fen; outstanding: Fen }
}

export interface VillageEntitlementRow {
  householdId: string
  headName: string
  route: string
  stage: HouseholdStage
  lowIncome: LowIncome
  items: Partial<Record<SubsidyItem, { status: ItemEntitlement['status']; entitled: Fen; paid: Fen }>>
}

export interface VillageEntitlements {
  villageCode: string
  place: string
  season: string
  policy: { name: string; revision: number } | null
  rows: VillageEntitlementRow[]
}

export type { BatchLine, BatchStatus, PaymentBatch } from '../domain/payment-batch'
import type { BatchLine, BatchStatus, PaymentBatch } from '../domain/payment-batch'

export interface BatchLineView extends BatchLine {
  villageName: string
  /** the reversal entry, when this line was reversed by a reversing batch */
  reversedBy?: string
}

export interface BatchView extends Omit<PaymentBatch, 'lines'> {
  lines: BatchLineView[]
  /** reversing batches made from this one */
  reversals: string[]
}

export interface BatchSkip {
  householdId: string
  headName: string
  reason: string
}

export interface BatchCreated {
  batch: BatchView
  skipped: BatchSkip[]
}

export interface BatchSummary {
  id: string
  name: string
  countyCode: string
  scopeName: string
  season: string
  item: SubsidyItem
  kind: PaymentBatch['kind']
  reverses?: string
  status: BatchStatus
  households: number
  total: Fen
  createdAt: string
  paidOn?: string
}

export interface ReconAmounts {
  entitled: Fen
  paid: Fen
  outstanding: Fen
}

export interface ReconRow {
  code: string
  name: string
  level: DivisionLevel | 'household'
  deposits: DepositTotals
  /** households with something entitled */
  households: number
  byItem: Record<SubsidyItem, ReconAmounts>
  byLevel: Record<FundingLevel, ReconAmounts>
  subsidy: ReconAmounts
}

export interface Reconciliation {
  scope: { code: string; name: string; level: DivisionLevel | 'all' }
  season: string
  asOf?: string
  policy: { name: string; revision: number } | null
  /** what each row is */
  rowLevel: ReconRow['level']
  rows: ReconRow[]
  total: ReconRow
}

export interface MoneyOutputs {
  'deposits.receive': DepositEntry
  'deposits.refund': DepositEntry
  'deposits.convert': DepositEntry
  'deposits.offset': DepositEntry
  'ledger.reverse': DepositEntry
  'deposits.household': HouseholdDeposits
  'deposits.village': VillageDeposits
  'deposits.receipt': FileOutput
  'deposits.voucher': FileOutput
  'deposits.slip': DepositSlip
  'deposits.register': FileOutput
  'policies.list': PolicySummary[]
  'policies.get': PolicyView
  'policies.save': PolicyView
  'policies.presets': PresetView[]
  'finance.get': FinanceView
  'finance.update': FinanceView
  'readings.record': MeterReading
  'finance.import': TableImportResult
  'readings.import': TableImportResult
  'entitlements.household': HouseholdEntitlements
  'entitlements.village': VillageEntitlements
  'batches.create': BatchCreated
  'batches.list': BatchSummary[]
  'batches.get': BatchView
  'batches.removeLines': BatchView
  'batches.cancel': BatchView
  'batches.pay': BatchView
  'batches.reverse': BatchView
  'batches.roster': FileOutput
  'reconcile.summary': Reconciliation
  'reconcile.export': FileOutput
}
