// Money as the 资金 page shows it: fen as yuan text (the core's exact formatter), the heating
// seasons to choose from, and the shares hint of the policy form.
import { parseHundredths, yuanText } from '../../../../core/domain/money'
import { seasonOf } from '../../../../core/domain/policy'
import { t } from '../../i18n'

/** 100000 → "1,000.00"; nothing → "—". */
export function fmtYuan(fen: number | undefined | null): string {
  return fen === undefined || fen === null ? t('common.none') : yuanText(fen)
}

/** The season of today, the one after and the one before, plus every season with a policy; newest first. */
export function seasonChoices(today: string, saved: readonly string[]): string[] {
  const current = seasonOf(today)
  const start = Number(current.slice(0, 4))
  const around = [start + 1, start, start - 1].map((y) => `${y}-${y + 1}`)
  return [...new Set([...around, ...saved])].sort().reverse()
}

/**
 * The funding shares typed so far, summed as a percent for the form's hint ("合计 90%"); null when
 * one is not a number. Only a hint: the core parses and checks what is saved.
 */
export function sharesSum(shares: Record<string, string>): number | null {
  let sum = 0
  for (const v of Object.values(shares)) {
    const s = v.normalize('NFKC').trim().replace(/%$/, '')
    if (s === '') continue
    // The core's own reading of a percent, so the hint never accepts what saving refuses.
    const p = parseHundredths(s)
    if (!('value' in p)) return null
    sum += p.value
  }
  return sum / 100
}
