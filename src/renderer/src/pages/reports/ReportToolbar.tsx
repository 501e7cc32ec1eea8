// The row of pickers and the export button above a report's preview.
import type { ReactNode } from 'react'

export function ReportToolbar({ children }: { children: ReactNode }) {
  return (
    <div className="report-toolbar" data-testid="report-toolbar">
      {children}
    </div>
  )
}
