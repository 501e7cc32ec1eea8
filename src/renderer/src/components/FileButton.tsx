// A button that picks one file (the file input itself stays hidden behind it). The input is
// cleared after each pick, so the same file can be chosen again once it was fixed.
import { useRef } from 'react'
import { t } from '../i18n'

export function FileButton(props: {
  label: string
  /** shown while busy; “正在处理…” by default */
  busyLabel?: string
  accept: string
  busy: boolean
  testId: string
  secondary?: boolean
  onFile: (file: File) => Promise<unknown>
}) {
  const ref = useRef<HTMLInputElement>(null)
  return (
    <label className={`file-label${props.busy ? ' disabled' : ''}`}>
      <span className={`file-button${props.secondary ? ' secondary' : ''}`}>{props.busy ? (props.busyLabel ?? t('common.working')) : props.label}</span>
      <input
        ref={ref}
        type="file"
        accept={props.accept}
        disabled={props.busy}
        data-testid={props.testId}
        onChange={async (e) => {
          const file = e.target.files?.[0]
          if (!file) return
          try {
            await props.onFile(file)
          } finally {
            if (ref.current) ref.current.value = ''
          }
        }}
      />
    </label>
  )
}
