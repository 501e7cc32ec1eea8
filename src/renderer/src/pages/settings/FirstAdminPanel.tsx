// 网络模式：建立管理员. A browser-mode folder without accounts serves this computer alone; the
// administrator made here turns accounts on (from then on everyone logs in, and a server started
// with --host begins to serve the office network). The new administrator is logged in at once.
import { useState } from 'react'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Panel } from '../../components/Panel'
import { useAction } from '../../hooks'
import { t } from '../../i18n'

export function FirstAdminPanel() {
  const { refresh } = useApp()
  const [name, setName] = useState('')
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  const [again, setAgain] = useState('')
  const mismatch = again !== '' && password !== again
  const create = useAction(async () => {
    await call('accounts.create', { login, name, role: 'admin', scope: '', password })
    return call('auth.login', { login, password })
  })
  return (
    <Panel title={t('firstAdmin.title')} testId="first-admin">
      <p>{t('firstAdmin.intro')}</p>
      <p className="muted small">{t('firstAdmin.network')}</p>
      <form
        className="form-grid"
        onSubmit={async (e) => {
          e.preventDefault()
          if (mismatch) return
          if (await create.run()) await refresh()
        }}
      >
        <label>
          {t('accounts.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={30} data-testid="first-admin-name" />
        </label>
        <label>
          {t('accounts.login')}
          <input value={login} onChange={(e) => setLogin(e.target.value)} required maxLength={32} autoComplete="username" data-testid="first-admin-login" />
          <span className="hint">{t('accounts.loginHint')}</span>
        </label>
        <label>
          {t('login.password')}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" data-testid="first-admin-password" />
          <span className="hint">{t('password.rule')}</span>
        </label>
        <label>
          {t('password.again')}
          <input type="password" value={again} onChange={(e) => setAgain(e.target.value)} required autoComplete="new-password" data-testid="first-admin-again" />
          {mismatch && <span className="field-error">{t('password.mismatch')}</span>}
        </label>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={create.busy || mismatch} data-testid="first-admin-save">
            {create.busy ? t('common.saving') : t('firstAdmin.save')}
          </button>
        </div>
        <div className="span-all">
          <ErrorBanner error={create.error} onClose={create.clearError} />
        </div>
      </form>
    </Panel>
  )
}
