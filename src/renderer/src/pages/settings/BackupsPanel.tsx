// 备份: list, back up now, restore one (the current data is backed up first), undo a restore.
import { useState } from 'react'
import type { BackupInfo } from '../../../../core/contract'
import { call } from '../../api'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtBytes, fmtDateTime } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'

export function BackupsPanel({ version, onRestored }: { version: number; onRestored: () => void }) {
  const list = useAsync(() => call('backups.list', {}), [version], { keep: true })
  const [confirm, setConfirm] = useState<BackupInfo>()
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
        </>
      }
    >
      <p className="muted small">{t('backups.explain')}</p>
      {message && <Notice testId="backup-message">{message}</Notice>}
      <ErrorBanner error={error} onClose={clearErrors} />
      <ErrorBanner error={list.error} />
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.length === 0 ? (
        <p className="muted" data-testid="backups-empty">
          {t('backups.none')}
        </p>
      ) : (
        <div className="table-wrap tall">
          <table className="table" data-testid="backup-table">
            <thead>
              <tr>
                <th>{t('backups.col.at')}</th>
                <th>{t('backups.col.reason')}</th>
                <th>{t('backups.col.note')}</th>
                <th>{t('backups.col.size')}</th>
                <th>{t('backups.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((b) => (
                <tr key={b.id} data-testid={`backup-row-${b.id}`}>
                  <td className="nowrap">{fmtDateTime(b.at)}</td>
                  <td>{t(`backups.reason.${b.reason}`)}</td>
                  <td>
                    {b.note ?? ''}
                    {b.damaged && <div className="muted" data-testid="backup-damaged">{t('backups.damaged')}</div>}
                  </td>
                  <td className="num">{fmtBytes(b.bytes)}</td>
                  <td>
                    <button type="button" className="link-button" disabled={busy || Boolean(b.damaged)} onClick={() => setConfirm(b)} data-testid="backup-restore">
                      {t('backups.restore')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirm && (
        <ConfirmDialog
          title={t('backups.confirmTitle')}
          confirmLabel={t('backups.restore')}
          busy={restore.busy}
          onCancel={() => setConfirm(undefined)}
          onConfirm={async () => {
            setMessage(undefined)
            const done = await restore.run(confirm.id)
            setConfirm(undefined)
            if (done) {
              setMessage(t('backups.restored', { at: fmtDateTime(confirm.at) }))
              onRestored()
            }
          }}
        >
          <p>{t('backups.confirmText', { at: fmtDateTime(confirm.at), reason: t(`backups.reason.${confirm.reason}`) })}</p>
          <p>{t('backups.confirmSafety')}</p>
        </ConfirmDialog>
      )}
    </Panel>
  )
}
