// Ranks for report tables: highest first, equal values share a rank and the next rank skips
// (1, 2, 2, 4 — 并列第二), and a unit without a value (no target) is not ranked. Completion rates
// are ranked as printed (0.0%), so two counties read out at the same rate share their rank.

/** Rank of each value in `values` (same order); null where the value is null or not finite. */
export function rankDescending(values: readonly (number | null)[]): (number | null)[] {
  const ranked = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => b - a)
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null
    // Ties are exact: equal rates come from equal fractions, and IEEE division rounds those alike.
    let lo = 0
    let hi = ranked.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (ranked[mid]! > v) lo = mid + 1
      else hi = mid
    }
    return lo + 1
  })
}

/** A rate as the reports print it (0.0%), in tenths of a percent; the 12 significant digits undo
 * binary noise so that 0.6125 counts as 61.3% as it is printed, not 61.2%. */
export function shownRate(rate: number | null): number | null {
  return rate === null || !Number.isFinite(rate) ? null : Math.round(Number((rate * 1000).toPrecision(12)))
}

/** The rate rounded as printed, 0.2875 → 0.288: written so into the sheets, every spreadsheet
 * program shows the same digit (LibreOffice prints 0.2875 as 28.7%, Excel as 28.8%). */
export function printedRate(rate: number): number {
  return shownRate(rate)! / 1000
}

/** 28.8%: a rate in text (the bulletin's draft, the previews), the digit the sheets print. */
export function rateText(rate: number): string {
  return `${(shownRate(rate)! / 10).toFixed(1)}%`
}

/** Ranks of completion rates as printed: 61.24% and 61.16% both read 61.2% and share a rank. */
export function rankRates(rates: readonly (number | null)[]): (number | null)[] {
  return rankDescending(rates.map(shownRate))
}
