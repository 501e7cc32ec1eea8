// 打印 and 导出 PDF for what the page shows (a report preview): the print stylesheet leaves out
// the navigation and the buttons. In the desktop app the system print dialog and a PDF saved
// where the user chooses; in a browser its own print dialog, which also saves PDFs.
import { useState } from 'react'
import { desktop, unwrapReply } from '../desktop'
import { useAction } from '../hooks'
import { fitChartsForPrint } from '../print-fit'
import { t } from '../i18n'
import { ErrorBanner } from './ErrorBanner'

export function PrintButtons({ fileName, disabled, testId }: { fileName: string; disabled?: boolean; testId: string }) {
  const bridge = desktop()
  const [saved, setSaved] = useState<string | null>(null)
  const print = useAction(async () => {
    setSaved(null)
    if (!bridge) {
      window.print()
      return true
    }
    const restore = fitChartsForPrint()
    try {
      return await unwrapReply(bridge.print({ landscape: true }))
    } finally {
      restore()
    }
  })
  const pdf = useAction(async () => {
    setSaved(null)
    if (!bridge) return null
    const restore = fitChartsForPrint()
    try {
      const where = await unwrapReply(bridge.printToPdf(fileName, { landscape: true }))
      setSaved(where)
      return where
    } finally {
      restore()
    }
  })
  const busy = print.busy || pdf.busy
  return (
    <div className="report-print no-print">
      <button type="button" disabled={disabled || busy} onClick={() => void print.run()} data-testid={`${testId}-print`}>
        {print.busy ? t('print.printing') : t('print.print')}
      </button>
      {bridge && (
        <button type="button" disabled={disabled || busy} onClick={() => void pdf.run()} data-testid={`${testId}-pdf`}>
          {pdf.busy ? t('print.pdfSaving') : t('print.pdf')}
        </button>
      )}
      {saved && (
        <span className="muted small" data-testid={`${testId}-pdf-done`}>
          {t('print.pdfSaved', { file: saved })}
        </span>
      )}
      <ErrorBanner error={print.error ?? pdf.error} onClose={() => (print.clearError(), pdf.clearError())} />
    </div>
  )
}
