// Money as integer fen (分): the Fen type, THE parser from what a user typed to fen, exact
// formatting (yuan text, yuan numbers for Excel, 大写金额), and the rounding every computation uses.

import { AppError } from '../errors'

declare const fenBrand: unique symbol
/** An amount in integer fen. Only `parseYuan` turns user text into one; `fen` guards computed ones. */
export type Fen = number & { readonly [fenBrand]: true }

/** The largest amount accepted anywhere: 100 million yuan, far below where integers lose precision. */
const MAX_FEN = 10_000_000_000

/** Guards a computed amount: an integer within range, or a programming error. */
export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer amount in fen: ${n}`)
  return n as Fen
}

/**
 * A decimal typed by a user with at most two decimals, as an integer count of hundredths, or the
 * reason it is refused. Full-width digits and punctuation (１０００，．) are read as ASCII;
 * thousands separators must group by three ("1,000.5" yes, "1000,50" no: in some places a comma is
 * a decimal point, so it is refused rather than guessed).
 */
export function parseHundredths(raw: string): { value: number } | { problem: string } {
  const s = raw.normalize('NFKC').trim()
  if (s === '') return { problem: 'empty' }
  if (s.startsWith('-')) return { problem: 'negative' }
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/.exec(s)
  if (!m) return { problem: 'shape' }
  const frac = m[2] ?? ''
  if (frac.length > 2) return { problem: 'decimals' }
  const whole = Number(m[1]!.replace(/,/g, ''))
  const value = whole * 100 + Number(frac.padEnd(2, '0') || '0')
  if (!Number.isSafeInteger(value) || value > MAX_FEN) return { problem: 'large' }
  return { value }
}

/**
 * THE parser from user text (yuan) to fen: "1000", "1,000.5", "１０００" are accepted; more than two
 * decimals, a negative sign, letters or misplaced commas are refused with a message naming `label`.
 */
export function parseYuan(text: string, label: string, field?: string): Fen {
  const r = parseHundredths(text)
  if ('value' in r) return fen(r.value)
  const shown = text.trim()
  const why: Record<string, string> = {
    empty: `请填写“${label}”（元）。`,
    negative: `“${label}”不能为负数（现在是“${shown}”）。`,
    decimals: `“${label}”最多两位小数（到分），现在是“${shown}”。`,
    large: `“${label}”过大（现在是“${shown}”），单笔不能超过 1 亿元。`,
    shape: `“${label}”应填写金额（元），如 1000、1,000.50；现在是“${shown}”。`,
  }
  throw new AppError('invalid_input', why[r.problem]!, { where: { field: field ?? label } })
}

/** 100000 → "1,000.00"; -5 → "-0.05". Exact: integer arithmetic only. */
export function yuanText(f: number): string {
  const sign = f < 0 ? '-' : ''
  const a = Math.abs(f)
  const cents = String(a % 100).padStart(2, '0')
  return `${sign}${groupThousands(Math.floor(a / 100))}.${cents}`
}

/** 1234567 → "1,234,567" (hand-written: toLocaleString is slow when a city's books are summed). */
export function groupThousands(n: number): string {
  const s = String(n)
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ','
    out += s[i]
  }
  return out
}

/** Yuan as a number for an Excel cell (shown with #,##0.00): one division, so the two decimals are exact. */
export function yuanNumber(f: number): number {
  return f / 100
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖'
const SMALL = ['', '拾', '佰', '仟']
const BIG = ['', '万', '亿', '万亿']

/**
 * 大写金额 as written on receipts (会计基础工作规范): 100000 → "壹仟元整", 100550 → "壹仟零伍元伍角整",
 * 100005 → "壹仟元零伍分", 0 → "零元整".
 */
export function chineseUpper(f: number): string {
  if (!Number.isSafeInteger(f) || f < 0) throw new Error(`chineseUpper: ${f}`)
  const whole = Math.floor(f / 100)
  const jiao = Math.floor(f / 10) % 10
  const cent = f % 10
  if (f === 0) return '零元整'
  let out = ''
  if (whole > 0) {
    const digits = String(whole)
    let zero = false
    for (let i = 0; i < digits.length; i++) {
      const pos = digits.length - 1 - i
      const d = Number(digits[i])
      if (d === 0) zero = true
      else {
        if (zero && out) out += '零'
        zero = false
        out += DIGITS[d]! + SMALL[pos % 4]!
      }
      if (pos % 4 === 0 && pos > 0) {
        const group = digits.slice(Math.max(0, i - 3), i + 1)
        if (/[1-9]/.test(group)) out += BIG[pos / 4]!
      }
    }
    out += '元'
  }
  if (jiao === 0 && cent === 0) return `${out}整`
  if (jiao > 0) out += `${DIGITS[jiao]}角`
  else if (whole > 0) out += '零'
  if (cent > 0) return `${out}${DIGITS[cent]}分`
  return `${out}整`
}

/**
 * amount × num ÷ den rounded half up to the fen (non-negative integers): the one rounding rule.
 * Exact for any inputs: integer arithmetic while the product is a safe integer, BigInt beyond
 * (a large cost times a fraction like 999/1000 × a funding share can pass 2^53).
 */
export function mulDivRound(amount: number, num: number, den: number): Fen {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(num) || !Number.isSafeInteger(den) || amount < 0 || num < 0 || den <= 0) {
    throw new Error(`mulDivRound(${amount}, ${num}, ${den})`)
  }
  const a = 2 * amount * num + den
  const b = 2 * den
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && amount * num <= Number.MAX_SAFE_INTEGER / 4) {
    // The float quotient can be one off near an integer; the remainder puts it right.
    let q = Math.floor(a / b)
    const r = a - q * b
    if (r < 0) q--
    else if (r >= b) q++
    return fen(q)
  }
  return fen(Number((2n * BigInt(amount) * BigInt(num) + BigInt(den)) / (2n * BigInt(den))))
}
