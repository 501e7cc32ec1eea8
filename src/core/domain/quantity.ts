// Metered quantities (m³ of gas, kWh of electricity) as integer hundredths of a unit, so meter
// readings with two decimals add and subtract exactly.

import { AppError } from '../errors'
import { groupThousands, parseHundredths } from './money'

declare const qtyBrand: unique symbol
/** A quantity in hundredths of its unit (1,500 m³ = 150000). */
export type Qty = number & { readonly [qtyBrand]: true }

export const UNITS = ['m3', 'kWh'] as const
export type Unit = (typeof UNITS)[number]

export const UNIT_LABEL: Record<Unit, string> = { m3: 'm³', kWh: 'kWh' }

export function qty(n: number): Qty {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer quantity in hundredths: ${n}`)
  return n as Qty
}

/** Whole units as a Qty, for quantities written in code (presets, tests). */
export function units(n: number): Qty {
  if (!Number.isSafeInteger(n)) throw new Error(`units() takes whole units: ${n}`)
  return qty(n * 100)
}

/** A quantity typed by a user: at most two decimals, not negative; the message names `label`. */
export function parseQuantity(text: string, label: string, field?: string): Qty {
  const r = parseHundredths(text)
  if ('value' in r) return qty(r.value)
  const shown = text.trim()
  const why: Record<string, string> = {
    empty: `请填写“${label}”。`,
    negative: `“${label}”不能为负数（现在是“${shown}”）。`,
    decimals: `“${label}”最多两位小数，现在是“${shown}”。`,
    large: `“${label}”过大（现在是“${shown}”）。`,
    shape: `“${label}”应填写数字，如 1500 或 1,234.5；现在是“${shown}”。`,
  }
  throw new AppError('invalid_input', why[r.problem]!, { where: { field: field ?? label } })
}

/** 150000 → "1,500"; 123450 → "1,234.5". */
export function quantityText(q: number): string {
  const sign = q < 0 ? '-' : ''
  const a = Math.abs(q)
  const whole = groupThousands(Math.floor(a / 100))
  const frac = a % 100
  if (frac === 0) return `${sign}${whole}`
  return `${sign}${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`
}
