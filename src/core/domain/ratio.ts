// Exact fractions for policy percentages ("94%", "⅓ of the equipment") and funding shares in
// basis points (万分之一), so "a third" stays a third and shares add up to exactly 100%.

import { AppError } from '../errors'
import { parseHundredths } from './money'

/** num/den in lowest terms, 0 < num/den ≤ 1. */
export interface Ratio {
  num: number
  den: number
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

export function ratio(num: number, den: number): Ratio {
  const g = gcd(num, den) || 1
  return { num: num / g, den: den / g }
}

/**
 * "94%", "94", "33.33%" (percent, at most two decimals) or "1/3", "2/3" (a fraction), full-width
 * accepted; must be above 0 and at most 100%.
 */
export function parseRatio(text: string, label: string, field?: string): Ratio {
  const s = text.normalize('NFKC').trim()
  const fail = (why: string): never => {
    throw new AppError('invalid_input', `“${label}”${why}（现在是“${text.trim()}”）。`, { where: { field: field ?? label } })
  }
  let r: Ratio
  const frac = /^(\d{1,6})\s*\/\s*(\d{1,6})$/.exec(s)
  if (frac) {
    const den = Number(frac[2])
    if (den === 0) fail('的分母不能为 0')
    r = ratio(Number(frac[1]), den)
  } else {
    const p = parseHundredths(s.replace(/%$/, ''))
    if (!('value' in p)) return fail('应填写百分比（如 94%、33.33%）或分数（如 1/3）')
    r = ratio(p.value, 10_000)
  }
  if (r.num <= 0) fail('应大于 0')
  if (r.num > r.den) fail('不能超过 100%')
  return r
}

/** {47,50} → "94%", {3333,10000} → "33.33%", {1,3} → "1/3". */
export function ratioText(r: Ratio): string {
  if (10_000 % r.den === 0) {
    const bp = (r.num * 10_000) / r.den
    return `${percentText(bp)}`
  }
  return `${r.num}/${r.den}`
}

/** Basis points as a percent: 5000 → "50%", 3333 → "33.33%". */
export function percentText(bp: number): string {
  const whole = Math.floor(bp / 100)
  const frac = bp % 100
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`
}

/** A funding share typed as a percent ("50", "50%", "33.34"; empty = 0) → basis points. */
export function parseShare(text: string, label: string, field?: string): number {
  const s = text.normalize('NFKC').trim().replace(/%$/, '')
  if (s === '') return 0
  const p = parseHundredths(s)
  if (!('value' in p) || p.value > 10_000) {
    throw new AppError('invalid_input', `“${label}”应填写 0 到 100 之间的百分比，最多两位小数（现在是“${text.trim()}”）。`, {
      where: { field: field ?? label },
    })
  }
  return p.value
}
