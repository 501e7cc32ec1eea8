// Chinese resident ID numbers (GB 11643-1999) and phone numbers: shape and checksum.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** The 18th character implied by the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK[sum % 11]!
}

/** null when valid, otherwise the reason in Chinese. */
export function idNumberProblem(raw: string): string | null {
  const s = raw.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号应为 18 位（最后一位可以是 X）'
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return '身份证号中的出生日期无效'
  if (idCheckChar(s.slice(0, 17)) !== s[17]) return '身份证号校验位不对（可能录错了一位）'
  return null
}

/** Mobile 1[3-9]xxxxxxxxx, or a landline with area code (0xx-xxxxxxxx). */
export function phoneProblem(raw: string): string | null {
  const s = raw.replace(/[\s-]/g, '')
  if (/^1[3-9]\d{9}$/.test(s) || /^0\d{9,11}$/.test(s)) return null
  return '电话号码格式不对（手机 11 位，座机需带区号）'
}
