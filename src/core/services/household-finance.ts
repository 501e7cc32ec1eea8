// Per-household financial attributes (bank card, low-income status, equipment type and costs, gas
// card) and meter readings per season: entered by hand or imported from a table.

import type { FinanceView, Input, TableImportResult } from '../contract'
import { bankCardProblem, type HouseholdFinance, type MeterReading, normalizeBankCard, readingKey } from '../domain/household-finance'
import { maskBankCard } from '../domain/mask'
import { parseYuan } from '../domain/money'
import { isSeason } from '../domain/policy'
import { parseQuantity } from '../domain/quantity'
import type { Household } from '../domain/types'
import { AppError, type ProblemDetail } from '../errors'
import { MAX_PROBLEM_DETAILS } from '../import/divisions'
import { validateFinanceRows } from '../import/finance-table'
import { KEY_LABEL, type ResolveHousehold } from '../import/household-table'
import { validateReadingRows } from '../import/meter-readings'
import { uploadBytes } from '../import/limits'
import { readTable } from '../import/table'
import type { Ctx } from './context'
import { businessDate, finance, reading, requireHousehold } from './money-lookup'

function view(h: Household, f: HouseholdFinance | undefined, reveal: boolean): FinanceView {
  const out: FinanceView = { householdId: h.id, headName: h.headName, lowIncome: f?.lowIncome ?? 'none', revealed: reveal }
  if (!f) return out
  const { householdId: _id, lowIncome: _li, ...rest } = f
  Object.assign(out, rest)
  if (f.bankCard && !reveal) out.bankCard = maskBankCard(f.bankCard)
  return out
}

export function get(ctx: Ctx, input: Input<'finance.get'>): FinanceView {
  const h = requireHousehold(ctx, input.householdId)
  const f = finance(ctx, h.id)
  const reveal = !!input.reveal && !!f?.bankCard
  if (reveal) ctx.note('household-finance', h.id, { revealed: ['bankCard'] })
  return view(h, f, reveal)
}

export function update(ctx: Ctx, input: Input<'finance.update'>): FinanceView {
  const h = requireHousehold(ctx, input.householdId)
  const prev = finance(ctx, h.id)
  const f: HouseholdFinance = { householdId: h.id, lowIncome: input.lowIncome }
  let card = input.bankCard
  // The masked card sent back unchanged from the form keeps the stored one.
  if (card?.includes('*')) card = prev?.bankCard
  else if (card) {
    const p = bankCardProblem(card)
    if (p) throw new AppError('invalid_input', p, { where: { field: 'bankCard' } })
    card = normalizeBankCard(card)
  }
  if (card) f.bankCard = card
  for (const k of ['bankName', 'accountHolder', 'equipmentType', 'gasCardNo'] as const) if (input[k]) f[k] = input[k]
  if (input.equipmentCost?.trim()) f.equipmentCost = parseYuan(input.equipmentCost, '设备费用', 'equipmentCost')
  if (input.constructionCost?.trim()) f.constructionCost = parseYuan(input.constructionCost, '建设安装费用', 'constructionCost')
  ctx.write((tx) => tx.put('household-finance', h.id, f))
  return view(h, f, false)
}

function checkSeason(season: string): void {
  if (!isSeason(season)) throw new AppError('invalid_input', `采暖季 ${season} 不对：应为相邻两年，如 2026-2027。`, { where: { field: 'season' } })
}

export function record(ctx: Ctx, input: Input<'readings.record'>): MeterReading {
  checkSeason(input.season)
  const h = requireHousehold(ctx, input.householdId)
  const prev = reading(ctx, h.id, input.season)
  const r: MeterReading = { householdId: h.id, season: input.season, source: 'manual' }
  if (input.pre?.trim()) r.pre = parseQuantity(input.pre, '季前读数', 'pre')
  if (input.post?.trim()) r.post = parseQuantity(input.post, '季后读数', 'post')
  if (input.preDate) r.preDate = businessDate(ctx, input.preDate, '季前抄表日期', 'preDate')
  if (input.postDate) r.postDate = businessDate(ctx, input.postDate, '季后抄表日期', 'postDate')
  if (r.pre === undefined && r.post === undefined) {
    throw new AppError('invalid_input', '请填写季前读数或季后读数。', { where: { field: 'pre' } })
  }
  if (r.pre !== undefined && r.post !== undefined && r.post < r.pre) {
    throw new AppError('invalid_input', '季后读数不能小于季前读数，请核对表数。', { where: { field: 'post' } })
  }
  if (prev && JSON.stringify({ ...prev, source: 'manual' }) === JSON.stringify(r)) return prev
  ctx.write((tx) => tx.put('meter-readings', readingKey(h.id, input.season), r))
  return r
}

/**
 * Finds the household a table row means: by 农户编号 directly, or by 用户编码, 表号 or 身份证号
 * (an index over every county, built only when a file uses one of them).
 */
function householdResolver(ctx: Ctx): ResolveHousehold {
  const other = ['userCode', 'meterNo', 'idNumber'] as const
  let byCode: Map<string, Map<string, string[]>> | null = null
  const index = (kind: (typeof other)[number]): Map<string, string[]> => {
    if (!byCode) {
      byCode = new Map(other.map((k) => [k, new Map()]))
      for (const h of ctx.store.values('households')) {
        for (const k of other) {
          const v = h[k]
          if (!v) continue
          const m = byCode.get(k)!
          m.set(v, [...(m.get(v) ?? []), h.id])
        }
      }
    }
    return byCode.get(kind)!
  }
  return (kind, value) => {
    if (kind === 'householdId') return ctx.store.get('households', value) ? value : { problem: `找不到农户编号 ${value}。` }
    const ids = index(kind).get(kind === 'idNumber' ? value.toUpperCase() : value) ?? []
    if (ids.length === 1) return ids[0]!
    return { problem: ids.length === 0 ? `找不到${KEY_LABEL[kind]}为 ${value} 的农户。` : `${KEY_LABEL[kind]} ${value} 对应 ${ids.length} 户，请改用农户编号。` }
  }
}

function rejectImport(fileName: string, what: string, problems: ProblemDetail[]): never {
  throw new AppError('import_rejected', `文件 ${fileName} 有 ${problems.length} 处问题，未导入任何${what}。`, {
    where: { file: fileName },
    details: problems.slice(0, MAX_PROBLEM_DETAILS),
  })
}

export async function importReadings(ctx: Ctx, input: Input<'readings.import'>): Promise<TableImportResult> {
  checkSeason(input.season)
  const { fileName } = input.file
  const table = await readTable(fileName, uploadBytes(input.file, 'table'))
  const { readings, problems } = validateReadingRows(
    table.rows,
    { file: fileName, sheet: table.sheet },
    { resolve: householdResolver(ctx), existing: (id) => reading(ctx, id, input.season) },
  )
  if (problems.length > 0) rejectImport(fileName, '表数', problems)
  let updated = 0
  ctx.write((tx) => {
    for (const row of readings) {
      const key = readingKey(row.householdId, input.season)
      const prev = tx.get('meter-readings', key)
      const r: MeterReading = { ...(prev ?? { householdId: row.householdId, season: input.season }), source: 'import' }
      for (const k of ['pre', 'preDate', 'post', 'postDate'] as const) if (row[k] !== undefined) Object.assign(r, { [k]: row[k] })
      if (prev && JSON.stringify({ ...prev, source: 'import' }) === JSON.stringify(r)) continue
      tx.put('meter-readings', key, r)
      updated++
    }
  })
  const result: TableImportResult = { fileName, rows: readings.length, updated, unchanged: readings.length - updated }
  if (table.sheet) result.sheet = table.sheet
  return result
}

/** 资金信息导入: bank cards, low-income status, equipment and costs for many households at once. */
export async function importFinance(ctx: Ctx, input: Input<'finance.import'>): Promise<TableImportResult> {
  const { fileName } = input.file
  const table = await readTable(fileName, uploadBytes(input.file, 'table'))
  const { changes, problems } = validateFinanceRows(table.rows, { file: fileName, sheet: table.sheet }, householdResolver(ctx))
  if (problems.length > 0) rejectImport(fileName, '资金信息', problems)
  let updated = 0
  ctx.write((tx) => {
    for (const { householdId, change } of changes) {
      const prev = tx.get('household-finance', householdId)
      const next: HouseholdFinance = { ...(prev ?? { householdId, lowIncome: 'none' }), ...change }
      if (prev && JSON.stringify(prev) === JSON.stringify(next)) continue
      tx.put('household-finance', householdId, next)
      updated++
    }
  })
  const result: TableImportResult = { fileName, rows: changes.length, updated, unchanged: changes.length - updated }
  if (table.sheet) result.sheet = table.sheet
  return result
}
