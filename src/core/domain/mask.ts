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
