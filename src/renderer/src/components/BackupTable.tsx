// The list of backups with a restore button each (a damaged copy cannot be restored), and the
// confirmation before a restore: used by 设置 → 备份 and by the recovery page. Without `onRestore`
// (a role that may not restore) the list has no buttons.
import { useState } from 'react'
import type { BackupInfo } from '../../../core/contract'
import { fmtBytes, fmtDateTime } from '../format'
import { t } from '../i18n'
import { ConfirmDialog } from './ConfirmDialog'

export function BackupTable({
  backups,
  busy,
  onRestore,
}: {
  backups: BackupInfo[]
  busy: boolean
  /** restores one; resolves true when it was restored (absent: the caller may not restore) */
  onRestore?: (b: BackupInfo) => Promise<boolean>
}) {
  const [confirm, setConfirm] = useState<BackupInfo>()
  if (backups.length === 0) {
    return (
      <p className="muted" data-testid="backups-empty">
        {t('backups.none')}
      </p>
    )
  }
  return (
    <>
      <div className="table-wrap tall">
        <table className="table" data-testid="backup-table">
          <thead>
            <tr>
              <th>{t('backups.col.at')}</th>
              <th>{t('backups.col.reason')}</th>
              <th>{t('backups.col.note')}</th>
              <th>{t('backups.col.size')}</th>
              {onRestore && <th>{t('backups.col.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.id} data-testid={`backup-row-${b.id}`}>
                <td className="nowrap">{fmtDateTime(b.at)}</td>
                <td>{t(`backups.reason.${b.reason}`)}</td>
                <td>
                  {b.note ?? ''}
                  {b.damaged && (
                    <div className="muted" data-testid="backup-damaged">
                      {t('backups.damaged')}
                    </div>
                  )}
                </td>
                <td className="num">{fmtBytes(b.bytes)}</td>
                {onRestore && (
                  <td>
                    <button type="button" className="link-button" disabled={busy || Boolean(b.damaged)} onClick={() => setConfirm(b)} data-testid="backup-restore">
                      {t('backups.restore')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {confirm && onRestore && (
        <ConfirmDialog
          title={t('backups.confirmTitle')}
          confirmLabel={t('backups.restore')}
          busy={busy}
          onCancel={() => setConfirm(undefined)}
          onConfirm={async () => {
            const b = confirm
            await onRestore(b)
            setConfirm(undefined)
          }}
        >
          <p>{t('backups.confirmText', { at: fmtDateTime(confirm.at), reason: t(`backups.reason.${confirm.reason}`) })}</p>
          <p>{t('backups.confirmSafety')}</p>
        </ConfirmDialog>
      )}
    </>
  )
}
