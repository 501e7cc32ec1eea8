// 设置: who is operating (recorded in the audit trail), the unit named on reports, the office's own
// level (本级), the routes and their stage names, the sheet layouts confirmed during imports, where
// the data folder is, backups, recent operations, and demo data for an empty folder; with
// accounts, one's own password and (管理员) the accounts. Each part appears only for a role that
// may use it.
import { useEffect, useState } from 'react'
import { can } from '../../access'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { DemoButton } from '../../components/DemoButton'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction } from '../../hooks'
import { LANGS, getLang, type Lang, setLang, t } from '../../i18n'
import { PasswordForm } from '../account/PasswordForm'
import { AccountsPanel } from './AccountsPanel'
import { BackupsPanel } from './BackupsPanel'
import { DataFolderPanel } from './DataFolderPanel'
import { FirstAdminPanel } from './FirstAdminPanel'
import { MappingsPanel } from './MappingsPanel'
import { OfficePanel } from './OfficePanel'
import { RecentPanel } from './RecentPanel'
import { RoutesPanel } from './RoutesPanel'

export function SettingsPage({ section }: { section?: string }) {
  const { info, refresh } = useApp()
  const [version, setVersion] = useState(0)
  const changed = () => {
    setVersion((v) => v + 1)
    void refresh()
  }
  // 修改密码 in the header opens this page at the account's own panel.
  useEffect(() => {
    if (section) document.querySelector(`[data-section="${section}"]`)?.scrollIntoView()
  }, [section])
  const office = can(info, 'settings.update')
  // The desktop app on one PC shows nothing of accounts until they are turned on.
  const browser = !window.apiTransport
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.settings')}</h1>
      <div className="settings-grid">
        {info.account && (
          <div data-section="account">
            <Panel title={t('account.title')} testId="settings-account">
              <p data-testid="account-who">{t('account.who', { name: info.account.name, login: info.account.login, role: info.account.roleName, scope: info.account.scopeName })}</p>
              <h3>{t('password.title')}</h3>
              <PasswordForm />
            </Panel>
          </div>
        )}
        {office ? (
          <Panel title={t('settings.general')} testId="settings-general">
            <GeneralForm onSaved={changed} />
          </Panel>
        ) : (
          <Panel title={t('settings.language')} testId="settings-language-panel">
            <label className="form-grid one-col">
              <LanguageSelect />
            </label>
          </Panel>
        )}
      </div>
      {info.accountsOn
        ? can(info, 'accounts.list') && (
            <div data-section="accounts">
              <AccountsPanel />
            </div>
          )
        : browser && (
            <div data-section="accounts">
              <FirstAdminPanel />
            </div>
          )}
      {can(info, 'demo.generate') && (
        <Panel title={t('settings.demo')} testId="settings-demo">
          <p className="muted">{info.isEmpty ? t('settings.demoText') : t('settings.demoDisabled')}</p>
          <div className="button-row">
            <DemoButton disabled={!info.isEmpty} onDone={changed} />
          </div>
          <p className="muted small">{t('welcome.dataDir', { dir: info.dataDir })}</p>
        </Panel>
      )}
      {office && <OfficePanel onSaved={changed} />}
      {office && <RoutesPanel onSaved={changed} />}
      {can(info, 'imports.mappings') && <MappingsPanel version={version} />}
      {office && <DataFolderPanel onMoved={changed} />}
      {can(info, 'backups.list') && <BackupsPanel version={version} onRestored={changed} />}
      {can(info, 'audit.recent') && <RecentPanel version={version} />}
    </div>
  )
}

function LanguageSelect() {
  return (
    <>
      <select
        value={getLang()}
        onChange={(e) => {
          setLang(e.target.value as Lang)
          window.location.reload()
        }}
        data-testid="settings-language"
      >
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
      <span className="hint">{t('settings.languageHint')}</span>
    </>
  )
}

function GeneralForm({ onSaved }: { onSaved: () => void }) {
  const { settings } = useApp()
  const [operator, setOperator] = useState(settings.operator)
  const [unitName, setUnitName] = useState(settings.unitName)
  const [backupsKept, setBackupsKept] = useState(String(settings.backupsKept))
  const [saved, setSaved] = useState(false)
  const save = useAction(() => call('settings.update', { operator, unitName, backupsKept: Number(backupsKept) }))
  return (
    <form
      className="form-grid one-col"
      data-testid="settings-form"
      onSubmit={async (e) => {
        e.preventDefault()
        setSaved(false)
        if (await save.run()) {
          setSaved(true)
          onSaved()
        }
      }}
    >
      <label>
        {t('settings.operator')}
        <input value={operator} onChange={(e) => setOperator(e.target.value)} required maxLength={50} data-testid="settings-operator" />
        <span className="hint">{t('settings.operatorHint')}</span>
      </label>
      <label>
        {t('settings.unitName')}
        <input value={unitName} onChange={(e) => setUnitName(e.target.value)} maxLength={100} data-testid="settings-unit" />
        <span className="hint">{t('settings.unitHint')}</span>
      </label>
      <label>
        {t('settings.backupsKept')}
        <input
          type="number"
          min={1}
          max={100}
          step={1}
          value={backupsKept}
          onChange={(e) => setBackupsKept(e.target.value)}
          required
          data-testid="settings-backups-kept"
        />
        <span className="hint">{t('settings.backupsKeptHint')}</span>
      </label>
      <label>
        {t('settings.language')}
        <LanguageSelect />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.busy} data-testid="settings-save">
          {save.busy ? t('common.saving') : t('common.save')}
        </button>
        {saved && <Notice testId="settings-saved">{t('settings.saved')}</Notice>}
      </div>
      <ErrorBanner error={save.error} onClose={save.clearError} />
    </form>
  )
}
