// 设置: who is operating (recorded in the audit trail), the unit named on reports, the office's own
// level (本级), the routes and their stage names, the sheet layouts confirmed during imports, where
// the data folder is, backups, recent operations, and demo data for an empty folder.
import { useState } from 'react'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { DemoButton } from '../../components/DemoButton'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction } from '../../hooks'
import { LANGS, getLang, type Lang, setLang, t } from '../../i18n'
import { BackupsPanel } from './BackupsPanel'
import { DataFolderPanel } from './DataFolderPanel'
import { MappingsPanel } from './MappingsPanel'
import { OfficePanel } from './OfficePanel'
import { RecentPanel } from './RecentPanel'
import { RoutesPanel } from './RoutesPanel'

export function SettingsPage() {
  const { info, refresh } = useApp()
  const [version, setVersion] = useState(0)
  const changed = () => {
    setVersion((v) => v + 1)
    void refresh()
  }
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.settings')}</h1>
      <div className="settings-grid">
        <Panel title={t('settings.general')} testId="settings-general">
          <GeneralForm onSaved={changed} />
        </Panel>
        <Panel title={t('settings.demo')} testId="settings-demo">
          <p className="muted">{info.isEmpty ? t('settings.demoText') : t('settings.demoDisabled')}</p>
          <div className="button-row">
            <DemoButton disabled={!info.isEmpty} onDone={changed} />
          </div>
          <p className="muted small">{t('welcome.dataDir', { dir: info.dataDir })}</p>
        </Panel>
      </div>
      <OfficePanel onSaved={changed} />
      <RoutesPanel onSaved={changed} />
      <MappingsPanel version={version} />
      <DataFolderPanel onMoved={changed} />
      <BackupsPanel version={version} onRestored={changed} />
      <RecentPanel version={version} />
    </div>
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
