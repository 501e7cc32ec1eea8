// Checks an uploaded table of households' financial data (银行卡号, 开户行, 持卡人, 低保/五保,
// 设备类型, 设备费用, 建设安装费用, 燃气卡号) row by row: amounts through the one yuan parser, bank
// cards as digits; every problem names file, sheet, row and column; a cell left empty keeps what
// is stored.

import { bankCardProblem, type HouseholdFinance, normalizeBankCard } from '../domain/household-finance'
import { parseYuan } from '../domain/money'
import type { LowIncome } from '../domain/policy'
import { TEXT_MAX } from '../domain/text-limits'
import { AppError, type ProblemDetail } from '../errors'
import { householdTable, inRowOrder, type ResolveHousehold } from './household-table'
import { tooLong } from './limits'

type Column = 'bankCard' | 'bankName' | 'accountHolder' | 'lowIncome' | 'equipmentType' | 'equipmentCost' | 'constructionCost' | 'gasCardNo'

/** Header texts as normalised by householdTable (no spaces or brackets: 设备费用（元） → 设备费用元). */
const HEADERS: ReadonlyMap<string, Column> = new Map([
  ['银行卡号', 'bankCard'],
  ['卡号', 'bankCard'],
  ['银行账号', 'bankCard'],
  ['开户行', 'bankName'],
  ['开户银行', 'bankName'],
  ['持卡人', 'accountHolder'],
  ['户名', 'accountHolder'],
  ['低保/五保', 'lowIncome'],
  ['低保五保', 'lowIncome'],
  ['低保户/五保户', 'lowIncome'],
  ['设备类型', 'equipmentType'],
  ['设备费用', 'equipmentCost'],
  ['设备费用元', 'equipmentCost'],
  ['建设安装费用', 'constructionCost'],
  ['建设安装费用元', 'constructionCost'],
  ['燃气卡号', 'gasCardNo'],
])

/** Kept as written, each held to its form's length (TEXT_MAX). */
const TEXT_COLUMNS = ['bankName', 'accountHolder', 'equipmentType', 'gasCardNo'] as const

const LOW_INCOME_WORDS: ReadonlyMap<string, LowIncome> = new Map([
  ['低保户', 'dibao'],
  ['低保', 'dibao'],
  ['五保户', 'wubao'],
  ['五保', 'wubao'],
  ['特困', 'wubao'],
  ['特困供养', 'wubao'],
  ['否', 'none'],
  ['无', 'none'],
  ['一般户', 'none'],
])

/** What one row changes: only the fields whose cells were filled in. */
export type FinanceChange = Partial<Omit<HouseholdFinance, 'householdId'>>

export interface FinanceRow {
  row: number
  householdId: string
  change: FinanceChange
}

export function validateFinanceRows(
  rows: readonly (readonly string[])[],
  source: { file: string; sheet?: string },
  resolve: ResolveHousehold,
): { changes: FinanceRow[]; problems: ProblemDetail[] } {
  const columns = [...new Set(HEADERS.values())]
  const table = householdTable(rows, source, HEADERS, { any: columns, wanted: '银行卡号、开户行、持卡人、低保/五保、设备类型、设备费用、建设安装费用、燃气卡号中至少一列' }, resolve)
  const problems = table.problems
  const changes: FinanceRow[] = []
  for (const t of table.rows) {
    const change: FinanceChange = {}
    const before = problems.length
    const card = t.text('bankCard')
    if (card) {
      const why = card.includes('*') ? '银行卡号是脱敏的（含 *），请导入完整卡号' : bankCardProblem(card)
      if (why) problems.push({ message: `${why}（现在是“${card}”）。`, where: t.at('bankCard') })
      else change.bankCard = normalizeBankCard(card)
    }
    for (const c of TEXT_COLUMNS) {
      const text = t.text(c)
      if (!text) continue
      if (text.length > TEXT_MAX[c]) problems.push({ message: tooLong(t.at(c).column!, text, TEXT_MAX[c]), where: t.at(c) })
      else change[c] = text
    }
    const low = t.text('lowIncome')
    if (low) {
      const v = LOW_INCOME_WORDS.get(low.replace(/\s/g, ''))
      if (v) change.lowIncome = v
      else problems.push({ message: `“${t.at('lowIncome').column}”应填 低保户、五保户 或 否（现在是“${low}”）。`, where: t.at('lowIncome') })
    }
    for (const c of ['equipmentCost', 'constructionCost'] as const) {
      const text = t.text(c)
      if (!text) continue
      try {
        change[c] = parseYuan(text, t.at(c).column!)
      } catch (e) {
        if (!(e instanceof AppError)) throw e
        problems.push({ message: e.message, where: t.at(c) })
      }
    }
    if (problems.length > before) continue
    if (Object.keys(change).length === 0) {
      problems.push({ message: '这一行除了农户以外都是空的。', where: t.at() })
      continue
    }
    changes.push({ row: t.row, householdId: t.householdId, change })
  }
  return { changes, problems: inRowOrder(problems) }
}
