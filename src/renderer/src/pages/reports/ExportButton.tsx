// 导出 Excel: asks the core for the workbook, then the save dialog (Electron) or a download (browser).
import type { FileOutput } from '../../../../core/contract'
import { ErrorBanner } from '../../components/ErrorBanner'
import { saveFile } from '../../files'
import { useAction } from '../../hooks'
import { t } from '../../i18n'
import { useState } from 'react'

export function ExportButton({ make, testId, disabled }: { make: () => Promise<FileOutput>; testId: string; disabled?: boolean }) {
  const [saved, setSaved] = useState<string | null>(null)
  const run = useAction(async () => {
    setSaved(null)
    const where = await saveFile(await make())
    setSaved(where)
    return where
  })
  return (
    <div className="report-export">
      <button type="button" className="primary" disabled={disabled || run.busy} onClick={() => void run.run()} data-testid={testId}>
        {run.busy ? t('reports.exporting') : t('reports.export')}
      </button>
      {saved && (
        <span className="muted small" data-testid={`${testId}-done`}>
          {t('reports.exported', { file: saved })}
        </span>
      )}
      <ErrorBanner error={run.error} onClose={run.clearError} />
    </div>
  )
}
