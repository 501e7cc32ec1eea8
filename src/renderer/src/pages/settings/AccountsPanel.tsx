// 设置 → 账号 (管理员): who may log in, with which role over which division; new accounts, a
// changed role or scope, a reset password, an account disabled, or all its sessions ended.
import { useState } from 'react'
import type { AccountView } from '../../../../core/contract'
import { ROLES, type Role } from '../../../../core/domain/roles'
import { type ApiError, call } from '../../api'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'

type Editing = { kind: 'new' } | { kind: 'edit'; account: AccountView } | { kind: 'reset'; account: AccountView }
type Confirming = { kind: 'disable' | 'enable' | 'end'; account: AccountView }

export function AccountsPanel() {
  const list = useAsync(() => call('accounts.list', {}), [])
  const [editing, setEditing] = useState<Editing>()
  const [confirming, setConfirming] = useState<Confirming>()
  const [note, setNote] = useState<string>()
  const act = useAction(async (c: Confirming) => {
    if (c.kind === 'end') return t('accounts.ended', { name: c.account.name, n: (await call('accounts.endSessions', { id: c.account.id })).ended })
    await call('accounts.setDisabled', { id: c.account.id, disabled: c.kind === 'disable' })
    return t(c.kind === 'disable' ? 'accounts.disabledDone' : 'accounts.enabledDone', { name: c.account.name })
  })
  const done = (message: string) => {
    setEditing(undefined)
    setNote(message)
    list.reload()
  }
  return (
    <Panel
      title={t('accounts.title')}
      testId="accounts-panel"
      actions={
        <button type="button" className="primary" onClick={() => (setNote(undefined), setEditing({ kind: 'new' }))} data-testid="accounts-new">
          {t('accounts.new')}
        </button>
      }
    >
      <p className="muted small">{t('accounts.intro')}</p>
      <ErrorBanner error={list.error} />
      {note && (
        <Notice testId="accounts-note">
          {note}
        </Notice>
      )}
      {editing?.kind === 'new' && <AccountForm onDone={done} onCancel={() => setEditing(undefined)} />}
      {!list.data ? (
        !list.error && <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="accounts-table">
            <thead>
              <tr>
                <th>{t('accounts.name')}</th>
                <th>{t('accounts.login')}</th>
                <th>{t('accounts.role')}</th>
                <th>{t('accounts.scope')}</th>
                <th>{t('accounts.state')}</th>
                <th className="num">{t('accounts.sessions')}</th>
                <th>{t('accounts.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id} data-testid={`account-row-${a.login}`} className={a.disabled ? 'account-disabled' : undefined}>
                  <td>{a.name}</td>
                  <td>{a.login}</td>
                  <td>{t(`role.${a.role}`)}</td>
                  <td>{a.scope === '' ? t('accounts.wholeArea') : a.scopeName}</td>
                  <td>{a.disabled ? t('accounts.stateDisabled') : a.mustChangePassword ? t('accounts.stateMustChange') : t('accounts.stateActive')}</td>
                  <td className="num">{a.sessions}</td>
                  <td className="accounts-actions">
                    <button type="button" className="link-button" onClick={() => (setNote(undefined), setEditing({ kind: 'edit', account: a }))} data-testid="account-edit">
                      {t('common.edit')}
                    </button>
                    <button type="button" className="link-button" onClick={() => (setNote(undefined), setEditing({ kind: 'reset', account: a }))} data-testid="account-reset">
                      {t('accounts.reset')}
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setConfirming({ kind: a.disabled ? 'enable' : 'disable', account: a })}
                      data-testid="account-disable"
                    >
                      {a.disabled ? t('accounts.enable') : t('accounts.disable')}
                    </button>
                    <button type="button" className="link-button" disabled={a.sessions === 0} onClick={() => setConfirming({ kind: 'end', account: a })} data-testid="account-end">
                      {t('accounts.endSessions')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing?.kind === 'edit' && <AccountForm key={editing.account.id} account={editing.account} onDone={done} onCancel={() => setEditing(undefined)} />}
      {editing?.kind === 'reset' && <ResetForm key={editing.account.id} account={editing.account} onDone={done} onCancel={() => setEditing(undefined)} />}
      {confirming && (
        <ConfirmDialog
          title={t(`accounts.confirm.${confirming.kind}`, { name: confirming.account.name })}
          confirmLabel={t(`accounts.confirmOk.${confirming.kind}`)}
          busy={act.busy}
          onCancel={() => (setConfirming(undefined), act.clearError())}
          onConfirm={async () => {
            const message = await act.run(confirming)
            if (message) {
              setConfirming(undefined)
              done(message)
            }
          }}
        >
          <p>{t(`accounts.confirmText.${confirming.kind}`)}</p>
          <ErrorBanner error={act.error} />
        </ConfirmDialog>
      )}
    </Panel>
  )
}

/** A division an account sees: '' is the office's whole area. */
function ScopeField({ role, scope, scopeName, onChange }: { role: Role; scope: string; scopeName: string; onChange: (code: string, name: string) => void }) {
  const whole = scope === ''
  return (
    <fieldset className="span-all scope-field" data-testid="account-scope">
      <legend>{t('accounts.scope')}</legend>
      <label className="inline">
        <input type="radio" checked={whole} disabled={role === 'reporter'} onChange={() => onChange('', '')} data-testid="account-scope-whole" />
        {t('accounts.wholeArea')}
      </label>
      <div className="scope-pick">
        <span>
          {t('accounts.scopeOne')}
          {!whole && <strong data-testid="account-scope-picked"> {scopeName}</strong>}
        </span>
        <DivisionSearchBox
          level={role === 'reporter' ? 'township' : undefined}
          placeholder={role === 'reporter' ? t('accounts.scopeTownship') : t('accounts.scopeSearch')}
          selectedCode={scope}
          onPick={(hit) => onChange(hit.code, hit.path ? `${hit.path} / ${hit.name}` : hit.name)}
          testId="account-scope-search"
        />
      </div>
      <span className="hint">{role === 'reporter' ? t('accounts.scopeReporterHint') : t('accounts.scopeHint')}</span>
    </fieldset>
  )
}

function AccountForm({ account, onDone, onCancel }: { account?: AccountView; onDone: (message: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(account?.name ?? '')
  const [login, setLogin] = useState(account?.login ?? '')
  const [role, setRole] = useState<Role>(account?.role ?? 'office')
  const [scope, setScope] = useState({ code: account?.scope ?? '', name: account?.scopeName ?? '' })
  const [password, setPassword] = useState('')
  const save = useAction(() =>
    account
      ? call('accounts.update', { id: account.id, name, role, scope: scope.code })
      : call('accounts.create', { login, name, role, scope: scope.code, password }),
  )
  return (
    <form
      className="form-grid account-form"
      data-testid="account-form"
      onSubmit={async (e) => {
        e.preventDefault()
        const saved = await save.run()
        if (saved) onDone(t(account ? 'accounts.updated' : 'accounts.created', { name: saved.name, login: saved.login }))
      }}
    >
      <h3 className="span-all">{account ? t('accounts.editTitle', { name: account.name }) : t('accounts.new')}</h3>
      <label>
        {t('accounts.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={30} data-testid="account-name" />
      </label>
      <label>
        {t('accounts.login')}
        <input value={login} onChange={(e) => setLogin(e.target.value)} required maxLength={32} disabled={Boolean(account)} autoComplete="off" data-testid="account-login" />
        <span className="hint">{t('accounts.loginHint')}</span>
      </label>
      <label>
        {t('accounts.role')}
        <select
          value={role}
          onChange={(e) => {
            const next = e.target.value as Role
            setRole(next)
            if (next === 'reporter' && scope.code === '') setScope({ code: '', name: '' })
          }}
          data-testid="account-role"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <span className="hint" data-testid="account-role-hint">
          {t(`role.${role}.text`)}
        </span>
      </label>
      {!account && (
        <label>
          {t('accounts.initialPassword')}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" data-testid="account-password" />
          <span className="hint">{t('accounts.initialPasswordHint')}</span>
        </label>
      )}
      <ScopeField role={role} scope={scope.code} scopeName={scope.name} onChange={(code, n) => setScope({ code, name: n })} />
      <FormFooter action={save} label={t('common.save')} testId="account-save" onCancel={onCancel} />
    </form>
  )
}

function ResetForm({ account, onDone, onCancel }: { account: AccountView; onDone: (message: string) => void; onCancel: () => void }) {
  const [password, setPassword] = useState('')
  const reset = useAction(() => call('accounts.resetPassword', { id: account.id, password }))
  return (
    <form
      className="form-grid account-form"
      data-testid="account-reset-form"
      onSubmit={async (e) => {
        e.preventDefault()
        if (await reset.run()) onDone(t('accounts.resetDone', { name: account.name }))
      }}
    >
      <h3 className="span-all">{t('accounts.resetTitle', { name: account.name, login: account.login })}</h3>
      <label>
        {t('accounts.newPassword')}
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" data-testid="account-reset-password" />
        <span className="hint">{t('accounts.resetHint')}</span>
      </label>
      <FormFooter action={reset} label={t('accounts.reset')} testId="account-reset-save" onCancel={onCancel} />
    </form>
  )
}

/** The save and cancel buttons under an account form, and the error of its save. */
function FormFooter({ action, label, testId, onCancel }: { action: { busy: boolean; error?: ApiError; clearError: () => void }; label: string; testId: string; onCancel: () => void }) {
  return (
    <>
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={action.busy} data-testid={testId}>
          {action.busy ? t('common.saving') : label}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <div className="span-all">
        <ErrorBanner error={action.error} onClose={action.clearError} />
      </div>
    </>
  )
}
