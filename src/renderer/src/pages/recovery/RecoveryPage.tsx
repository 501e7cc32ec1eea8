// 数据文件夹无法打开: what is wrong (the file, the line), and what the office can do about it —
// restore a backup (the damaged files are kept as they are), upgrade the program, or try again.
import type { ApiError } from '../../api'
import { call } from '../../api'
import { BackupTable } from '../../components/BackupTable'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'

/** Errors of the data folder itself, as opposed to a failed call. */
export const FOLDER_ERRORS = new Set(['store_corrupt', 'store_too_new', 'io_error'])

export function RecoveryPage({ error, retry }: { error: ApiError; retry: () => void }) {
  const tooNew = error.code === 'store_too_new'
  const list = useAsync(() => (tooNew ? Promise.resolve([]) : call('backups.list', {})), [tooNew])
  const restore = useAction((id: string) => call('backups.restore', { id }))
  return (
    <div className="recovery" data-testid="recovery">
      <h1>{t('app.name')}</h1>
      <Panel title={t('recovery.title')} testId="recovery-problem">
        <ErrorBanner error={error} />
        <ul className="recovery-choices">
          {tooNew ? (
            <li>{t('recovery.tooNew')}</li>
          ) : (
            <>
              <li>{t('recovery.restore')}</li>
              <li>{t('recovery.copy')}</li>
            </>
          )}
          <li>{t('recovery.retry')}</li>
        </ul>
        <button type="button" onClick={retry} data-testid="recovery-retry">
          {t('common.retry')}
        </button>
      </Panel>
      {!tooNew && (
        <Panel title={t('backups.title')} testId="recovery-backups">
          <ErrorBanner error={list.error ?? restore.error} onClose={restore.clearError} />
          {!list.data ? (
            !list.error && <Loading />
          ) : (
            <BackupTable
              backups={list.data}
              busy={restore.busy}
              onRestore={async (b) => {
                const done = await restore.run(b.id)
                if (done) retry()
                return Boolean(done)
              }}
            />
          )}
        </Panel>
      )}
    </div>
  )
}
