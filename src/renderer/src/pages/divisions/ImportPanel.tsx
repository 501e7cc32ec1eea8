// 导入区划清单: upload a CSV or Excel list; all rows must pass before anything is written.
import { useState } from 'react'
import type { ImportResult } from '../../../../core/contract'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FileButton } from '../../components/FileButton'
import { Notice } from '../../components/Notice'
import { fmtInt } from '../../format'
import { useAction } from '../../hooks'
import { readFileBase64 } from '../../files'
import { t } from '../../i18n'

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [result, setResult] = useState<{ fileName: string; res: ImportResult }>()
  const importer = useAction(async (file: File) => {
    const dataBase64 = await readFileBase64(file)
    return { fileName: file.name, res: await call('divisions.import', { fileName: file.name, dataBase64 }) }
  })

  return (
    <div className="import-panel" data-testid="import-panel">
      <FileButton
        label={t('import.choose')}
        busyLabel={t('import.working')}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        busy={importer.busy}
        testId="import-file"
        onFile={async (file) => {
          setResult(undefined)
          const done = await importer.run(file)
          if (done) {
            setResult(done)
            onImported()
          }
        }}
      />
      <p className="muted small">{t('import.hint')}</p>
      {importer.error && (
        <>
          <Notice kind="warn" testId="import-rejected">
            {t('import.nothingImported')}
          </Notice>
          <ErrorBanner error={importer.error} onClose={importer.clearError} />
        </>
      )}
      {result && (
        <Notice testId="import-result">
          <div>{t('import.done', { file: result.fileName })}</div>
          <div>
            {t('import.countsPrefix')}
            <span data-testid="import-count-county">{t('import.counties', { n: fmtInt(result.res.counts.county) })}</span>
            {t('common.listSep')}
            <span data-testid="import-count-township">{t('import.townships', { n: fmtInt(result.res.counts.township) })}</span>
            {t('common.listSep')}
            <span data-testid="import-count-village">{t('import.villages', { n: fmtInt(result.res.counts.village) })}</span>
          </div>
          <div data-testid="import-changes">
            {t('import.changes', { added: fmtInt(result.res.added), updated: fmtInt(result.res.updated), unchanged: fmtInt(result.res.unchanged) })}
          </div>
        </Notice>
      )}
    </div>
  )
}
