// 修改密码: one's own password, with the old one; the new one typed twice. A password the
// administrator set or reset must be changed this way before anything else.
import { useState } from 'react'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { useAction } from '../../hooks'
import { t } from '../../i18n'

export function PasswordForm({ onChanged }: { onChanged?: () => void }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const [done, setDone] = useState(false)
  const mismatch = again !== '' && next !== again
  const change = useAction(() => call('auth.changePassword', { current, next }))
  return (
    <form
      className="form-grid one-col"
      data-testid="password-form"
      onSubmit={async (e) => {
        e.preventDefault()
        setDone(false)
        if (mismatch) return
        if (await change.run()) {
          setCurrent('')
          setNext('')
          setAgain('')
          setDone(true)
          onChanged?.()
        }
      }}
    >
      <label>
        {t('password.current')}
        <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required data-testid="password-current" />
      </label>
      <label>
        {t('password.next')}
        <input
          type="password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          autoComplete="new-password"
          required
          maxLength={128}
          data-testid="password-next"
        />
        <span className="hint">{t('password.rule')}</span>
      </label>
      <label>
        {t('password.again')}
        <input type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" required data-testid="password-again" />
        {mismatch && <span className="field-error">{t('password.mismatch')}</span>}
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={change.busy || mismatch} data-testid="password-save">
          {change.busy ? t('common.saving') : t('password.save')}
        </button>
        {done && <Notice testId="password-saved">{t('password.saved')}</Notice>}
      </div>
      <ErrorBanner error={change.error} onClose={change.clearError} />
    </form>
  )
}
