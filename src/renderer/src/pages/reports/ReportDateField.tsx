// The day a report is made for: no later than today (there are no figures for it yet).
import { t } from '../../i18n'

export function ReportDateField({ date, onDate, today, label }: { date: string; onDate: (d: string) => void; today: string; label?: string }) {
  return (
    <label className="inline-field">
      {label ?? t('reports.date')}
      <input type="date" value={date} max={today} onChange={(e) => e.target.value && onDate(e.target.value)} data-testid="report-date" />
    </label>
  )
}
