// Whether a place lies within an account's division. Statistics codes nest by prefix (a village's
// first 9 digits are its township, the first 6 its county, the first 4 its city), so a division's
// area is every code that starts with its significant digits.

import type { DivisionLevel } from './types'

const SIGNIFICANT: Readonly<Record<DivisionLevel, number>> = { city: 4, county: 6, township: 9, village: 12 }

/** The leading digits every code inside `code` shares; the whole code when its level is unknown. */
export function areaPrefix(code: string, level: DivisionLevel | undefined): string {
  return level ? code.slice(0, SIGNIFICANT[level]) : code
}

/** Whether `code` (a division code or a household id) lies within the area of `prefix`. */
export function withinPrefix(code: string, prefix: string): boolean {
  return prefix === '' || code.startsWith(prefix)
}
