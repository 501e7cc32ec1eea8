// 备份: list, back up now, restore one (the current data is backed up first), undo a restore; the
// restore buttons only for a role that may restore (管理员, or anyone while the folder has no accounts).
import { useState } from 'react'
import { call } from '../../api'
import { BackupTable } from '../../components/BackupTable'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { can } from '../../access'
import { useApp } from '../../AppContext'
import { fmtDateTime } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'

export function BackupsPanel({ version, onRestored }: { version: number; onRestored: () => void }) {
  const { info } = useApp()
  const mayRestore = can(info, 'backups.restore')
  const list = useAsync(() => call('backups.list', {}), [version], { keep: true })
  const [message, setMessage] = useState<string>()
  const create = useAction(() => call('backups.create', {}))
  const restore = useAction((id: string) => call('backups.restore', { id }))
  const undo = useAction(() => call('backups.undoRestore', {}))
  const error = create.error ?? restore.error ?? undo.error
  const clearErrors = () => {
    create.clearError()
    restore.clearError()
    undo.clearError()
  }
  const busy = create.busy || restore.busy || undo.busy

  return (
    <Panel
      title={t('backups.title')}
      testId="backups"
      actions={
        <>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={async () => {
              setMessage(undefined)
              const b = await create.run()
              if (b) {
                setMessage(t('backups.created', { at: fmtDateTime(b.at) }))
                list.reload()
              }
            }}
            data-testid="backup-create"
          >
            {create.busy ? t('common.working') : t('backups.create')}
          </button>
          {mayRestore && (
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              setMessage(undefined)
              if (await undo.run()) {
                setMessage(t('backups.undone'))
                onRestored()
              }
            }}
            data-testid="backup-undo"
          >
            {t('backups.undo')}
          </button>
          )}
        </>
      }
    >
      <p className="muted small">{t('backups.explain')}</p>
      {message && <Notice testId="backup-message">{message}</Notice>}
      <ErrorBanner error={error} onClose={clearErrors} />
      <ErrorBanner error={list.error} />
      {!list.data ? (
        !list.error && <Loading />
      ) : (
        <BackupTable
          backups={list.data}
          busy={busy}
          onRestore={mayRestore ? async (b) => {
            setMessage(undefined)
            const done = await restore.run(b.id)
            if (!done) return false
            setMessage(t('backups.restored', { at: fmtDateTime(b.at) }))
            onRestored()
            return true
          } : undefined}
        />
      )}
    </Panel>
  )
}
