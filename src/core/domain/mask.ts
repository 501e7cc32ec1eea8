// Masking of personal data (PIPL): ID numbers, phones and bank cards are shown masked by default.

function maskMiddle(s: string, keepStart: number, keepEnd: number): string {
  if (s.length <= keepStart + keepEnd) return '*'.repeat(s.length)
  return s.slice(0, keepStart) + '*'.repeat(s.length - keepStart - keepEnd) + s.slice(s.length - keepEnd)
}

/** 141002199001011234 → 1410**********1234 */
export function maskIdNumber(s: string | undefined): string | undefined {
  return s ? maskMiddle(s, 4, 4) : s
}

/** 13812345678 → 138****5678 */
export function maskPhone(s: string | undefined): string | undefined {
  return s ? maskMiddle(s, 3, 4) : s
}

/** 6222021234567890123 → 6222***********0123 */
export function maskBankCard(s: string | undefined): string | undefined {
  return s ? maskMiddle(s, 4, 4) : s
}

/** Fields that hold personal data, wherever they appear in a record, and how each is masked. */
export const PERSONAL_FIELDS: Readonly<Record<string, (s: string | undefined) => string | undefined>> = {
  idNumber: maskIdNumber,
  phone: maskPhone,
  contactPhone: maskPhone,
  bankCard: maskBankCard,
}

/**
 * Fields that never leave the core at all, not even masked: an account's password hash (its
 * parameters and salt would let a stolen trail be attacked offline).
 */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['password'])
export const HIDDEN = '（已隐藏）'

/**
 * A copy of any value (a record, a list of them, an audit trail's before/after) with every
 * personal field masked and every secret hidden, at any depth. Used where a whole record leaves
 * the core unrevealed.
 */
export function maskPersonal<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskPersonal(v)) as T
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_FIELDS.has(k)) {
      out[k] = HIDDEN
      continue
    }
    const mask = PERSONAL_FIELDS[k]
    out[k] = mask && typeof v === 'string' ? mask(v) : maskPersonal(v)
  }
  return out as T
}

/**
 * A cell of a file shown back in a preview, masked when it has the shape of an ID number, a phone
 * or a bank card, whatever its column is called (an unrecognised 联系方式 column holds phones too).
 */
export function maskCellText(s: string): string {
  const t = s.replace(/[\s-]/g, '')
  if (/^\d{17}[\dXx]$|^\d{15}$/.test(t)) return maskIdNumber(t)!
  if (/^1\d{10}$|^0\d{9,11}$/.test(t)) return maskPhone(t)!
  if (/^\d{16,19}$/.test(t)) return maskBankCard(t)!
  return s
}
