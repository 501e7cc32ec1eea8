// Number, rate, date and size formatting for display (zh-CN conventions).
import { rateText } from '../../core/domain/rank'
import { t } from './i18n'

const intFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })
const kmFmt = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })

/** 12345 → "12,345" */
export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? t('common.none') : intFmt.format(n)
}

/** 0.45 → "45.0%"; above 100% shown as it is; null (no target) → "—". Rounded as the exported
 * sheets print it (0.2875 → "28.8%", where toFixed gives 28.7). */
export function fmtRate(r: number | null | undefined): string {
  return r === null || r === undefined || !Number.isFinite(r) ? t('common.none') : rateText(r)
}

export function fmtKm(km: number | null | undefined): string {
  return km === null || km === undefined || !Number.isFinite(km) ? t('common.none') : kmFmt.format(km)
}

/** A signed increase: "+12", "0", "-3". */
export function fmtIncrease(n: number): string {
  return n > 0 ? `+${intFmt.format(n)}` : intFmt.format(n)
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** ISO timestamp → local "2024-10-08 14:05". */
export function fmtDateTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** "2024-10-08" → "2024年10月8日 星期二" */
export function fmtLongDate(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd)
  if (!m) return ymd
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay()
  return t('date.long', { y, m: mo, d, w: t(`date.weekday.${weekday}` as WeekdayKey) })
}
type WeekdayKey = `date.weekday.${0 | 1 | 2 | 3 | 4 | 5 | 6}`

export function fmtBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
