// Display of the reports' own quantities: paces (households a day), km and 万 units, with the
// decimals the printed reports have, so a column reads alike on screen and on paper.
import { t } from '../../i18n'

const paceFmt = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const wanFmt = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** 12.345 → "12.3" (households a day); null → "—" */
export function fmtPace(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? t('common.none') : paceFmt.format(n)
}

/** Network km with one decimal, as printed: 3 → "3.0", 3.45 → "3.5" */
export function fmtReportKm(km: number): string {
  return paceFmt.format(km)
}

/** m³ or kWh → "万" with two decimals: 336000 → "33.60" */
export function fmtWan(n: number): string {
  return wanFmt.format(n / 10_000)
}
