// Reading numbers typed into forms; a bad entry becomes the same kind of error the core sends.
import { ApiError } from './api'
import { t } from './i18n'

/** "120" → 120; empty counts as 0; anything else that is not a whole number ≥ 0 is refused. */
export function parseCount(text: string, label: string): number {
  const s = text.trim()
  if (s === '') return 0
  const n = Number(s)
  if (!Number.isInteger(n) || n < 0) {
    throw new ApiError({ code: 'invalid_input', message: t('form.badCount', { label, value: s }), where: { field: label }, details: [] })
  }
  return n
}

/** Kilometres: a number ≥ 0, decimals allowed; empty counts as 0. */
export function parseKm(text: string, label: string): number {
  const s = text.trim()
  if (s === '') return 0
  const n = Number(s)
  if (!Number.isFinite(n) || n < 0) {
    throw new ApiError({ code: 'invalid_input', message: t('form.badKm', { label, value: s }), where: { field: label }, details: [] })
  }
  return n
}
