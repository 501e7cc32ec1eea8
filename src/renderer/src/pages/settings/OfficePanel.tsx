// 本级: the division this office serves — the city, one of its counties, or a township — which
// the dashboard, reports, map, visit draws and money summaries work at.
import { useState } from 'react'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'

export function OfficePanel({ onSaved }: { onSaved: () => void }) {
  const { info, settings } = useApp()
  const counties = useAsync(() => call('divisions.children', {}), [])
  // The city above the counties (divisions.children lists counties only).
  const city = useAsync(async () => {
    const first = counties.data?.[0]
    if (!first) return null
    const county = await call('divisions.get', { code: first.code })
    const parent = await call('divisions.get', { code: county.division.parentCode }).catch(() => null)
    return parent?.division.level === 'city' ? parent.division : null
  }, [counties.data])
  const [code, setCode] = useState(settings.officeCode ?? '')
  const [town, setTown] = useState<{ code: string; name: string }>(() =>
    info.office.level === 'township' ? { code: info.office.code, name: info.office.name } : { code: '', name: '' },
  )
  const [saved, setSaved] = useState<string>()
  const save = useAction(() => call('settings.update', { officeCode: code }))
  const pick = (next: string) => {
    setSaved(undefined)
    save.clearError()
    setCode(next)
  }
  if (info.counts.counties === 0) return <Panel title={t('settings.office')} testId="settings-office"><p className="muted">{t('settings.office.none')}</p></Panel>
  return (
    <Panel title={t('settings.office')} testId="settings-office">
      <p className="muted small">{t('settings.officeHint')}</p>
      <form
        className="form-grid one-col"
        onSubmit={async (e) => {
          e.preventDefault()
          if (await save.run()) {
            setSaved(code)
            onSaved()
          }
        }}
      >
        <label>
          {t('settings.office')}
          <select value={code} onChange={(e) => pick(e.target.value)} data-testid="settings-office-select">
            <option value="">{t('settings.office.auto')}</option>
            {city.data && <option value={city.data.code}>{city.data.name}</option>}
            {(counties.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {city.data ? `${city.data.name} / ${c.name}` : c.name}
              </option>
            ))}
            {town.code && <option value={town.code}>{town.name}</option>}
          </select>
          <span className="hint">{t('settings.office.autoHint')}</span>
        </label>
        <div>
          <DivisionSearchBox
            level="township"
            placeholder={t('settings.office.township')}
            selectedCode={code}
            onPick={(hit) => {
              setTown({ code: hit.code, name: `${hit.path ? `${hit.path} / ` : ''}${hit.name}` })
              pick(hit.code)
            }}
            testId="settings-office-search"
          />
        </div>
        <p data-testid="settings-office-current">{t('settings.office.current', { name: info.office.name || t('reports.scope.all'), level: t(`level.${info.office.level === 'all' ? 'city' : info.office.level}`) })}</p>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.busy || code === (settings.officeCode ?? '')} data-testid="settings-office-save">
            {save.busy ? t('common.saving') : t('settings.office.save')}
          </button>
          {saved !== undefined && <Notice testId="settings-office-saved">{t('settings.office.saved', { name: info.office.name })}</Notice>}
        </div>
        <ErrorBanner error={save.error} onClose={save.clearError} />
      </form>
    </Panel>
  )
}
