// A modal yes/no question for actions that replace data (restore a backup, …).
import { useEffect, useRef, type ReactNode } from 'react'
import { t } from '../i18n'

export function ConfirmDialog(props: {
  title: string
  children: ReactNode
  confirmLabel: string
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
}) {
  const cancelRef = useRef<HTMLButtonElement>(null)
  const onCancel = useRef(props.onCancel)
  onCancel.current = props.onCancel
  useEffect(() => {
    cancelRef.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancel.current()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm-dialog">
        <h3 id="confirm-title">{props.title}</h3>
        <div className="modal-body">{props.children}</div>
        <div className="modal-actions">
          <button type="button" ref={cancelRef} onClick={props.onCancel} disabled={props.busy}>
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={props.onConfirm} disabled={props.busy} data-testid="confirm-ok">
            {props.busy ? t('common.working') : props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
