// The row of pickers and the export button above a report's preview, with 打印: the browser's print
// of the page, which the print stylesheet turns into the report alone (A4 landscape, no navigation).
import type { ReactNode } from 'react'
import { t } from '../../i18n'

export function ReportToolbar({ children }: { children: ReactNode }) {
  return (
    <div className="report-toolbar" data-testid="report-toolbar">
      {children}
      <button type="button" onClick={() => window.print()} title={t('reports.printTitle')} data-testid="report-print">
        {t('reports.print')}
      </button>
    </div>
  )
}
