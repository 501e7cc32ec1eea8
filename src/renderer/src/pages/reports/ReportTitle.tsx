// A report's printed title block (title, period, 制表单位, 制表时间), as the export will have it.
import { t } from '../../i18n'

export function ReportTitle({ title, subtitle, unit, madeAt }: { title: string; subtitle: string; unit: string; madeAt: string }) {
  return (
    <header className="report-title-block">
      <h2 data-testid="report-title">{title}</h2>
      <div className="report-subtitle" data-testid="report-subtitle">
        {subtitle}
      </div>
      <div className="report-meta muted small">
        <span>{t('reports.unit', { unit })}</span>
        <span>{t('reports.madeAt', { at: madeAt })}</span>
      </div>
    </header>
  )
}
