// 登录: the page a folder with accounts shows to a window without a session — login and password,
// and the core's own message when the password is wrong, the log-in is slowed or locked.
import { useState } from 'react'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { useAction } from '../../hooks'
import { t } from '../../i18n'

export function LoginPage({ onSignedIn, why }: { onSignedIn: () => void; why?: string }) {
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  const submit = useAction(() => call('auth.login', { login, password }))
  const limited = submit.error?.code === 'rate_limited'
  return (
    <div className="login" data-testid="login-page">
      <form
        className="login-box"
        onSubmit={async (e) => {
          e.preventDefault()
          if (await submit.run()) onSignedIn()
          else setPassword('')
        }}
      >
        <h1 className="login-title">
          <span className="app-logo" aria-hidden="true" />
          {t('app.name')}
        </h1>
        <p className="muted">{t('login.intro')}</p>
        {why && (
          <Notice kind="warn" testId="login-why">
            {t('login.ended', { why })}
          </Notice>
        )}
        <label>
          {t('login.login')}
          <input
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            autoComplete="username"
            autoFocus
            required
            maxLength={64}
            data-testid="login-name"
          />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
            maxLength={128}
            data-testid="login-password"
          />
        </label>
        <ErrorBanner error={submit.error} />
        {limited && <p className="muted small" data-testid="login-limited">{t('login.limitedHint')}</p>}
        <button type="submit" className="primary" disabled={submit.busy} data-testid="login-submit">
          {submit.busy ? t('login.busy') : t('login.submit')}
        </button>
        <p className="muted small">{t('login.forgot')}</p>
      </form>
    </div>
  )
}
