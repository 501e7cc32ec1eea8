// Per-household financial attributes kept by the money part (bank card, low-income status, costs)
// and meter readings per season; keyed by household id, apart from the Household record itself.

import type { Fen } from './money'
import type { LowIncome } from './policy'
import type { Qty } from './quantity'

export interface HouseholdFinance {
  householdId: string
  /** 银行卡号 (digits only); masked unless the user asks */
  bankCard?: string
  /** 开户行 */
  bankName?: string
  /** 持卡人, when not the head of household */
  accountHolder?: string
  lowIncome: LowIncome
  /** e.g. 空气源热泵, 蓄热式电暖器, 壁挂炉: chooses between typed policy rules */
  equipmentType?: string
  equipmentCost?: Fen
  constructionCost?: Fen
  /** 燃气卡号, for subsidies and deposits credited to the gas card */
  gasCardNo?: string
}

export interface MeterReading {
  householdId: string
  season: string
  /** 季前读数 */
  pre?: Qty
  preDate?: string
  /** 季后读数 */
  post?: Qty
  postDate?: string
  source: 'manual' | 'import'
}

export const readingKey = (householdId: string, season: string) => `${householdId}|${season}`

/** null when the bank card number looks right (12 to 19 digits), else why not. */
export function bankCardProblem(raw: string): string | null {
  const s = raw.replace(/[\s-]/g, '')
  if (!/^\d{12,19}$/.test(s)) return '银行卡号应为 12 到 19 位数字'
  return null
}

export function normalizeBankCard(raw: string): string {
  return raw.replace(/[\s-]/g, '')
}
