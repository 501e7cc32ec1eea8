// A button that asks the core for a file (an Excel export) and hands it to the user, then says
// where it went; errors show under it.
import { useState } from 'react'
import type { FileOutput } from '../../../core/contract'
import { saveFile } from '../files'
import { useAction } from '../hooks'
import { t } from '../i18n'
import { ErrorBanner } from './ErrorBanner'
import { Notice } from './Notice'

export function ExportButton(props: { label: string; make: () => Promise<FileOutput>; disabled?: boolean; primary?: boolean; testId: string }) {
  const [saved, setSaved] = useState<string>()
  const exporter = useAction(async () => saveFile(await props.make()))
  return (
    <>
      <button
        type="button"
        className={props.primary ? 'primary' : undefined}
        disabled={props.disabled || exporter.busy}
        onClick={async () => {
          setSaved(undefined)
          const where = await exporter.run()
          if (where) setSaved(where)
        }}
        data-testid={props.testId}
      >
        {exporter.busy ? t('common.working') : props.label}
      </button>
      {saved && <Notice testId={`${props.testId}-done`}>{t('export.saved', { file: saved })}</Notice>}
      <ErrorBanner error={exporter.error} onClose={exporter.clearError} />
    </>
  )
}
