// Ranks for report tables: highest first, equal values share a rank and the next rank skips
// (1, 2, 2, 4 — 并列第二), and a unit without a value (no target) is not ranked.

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
