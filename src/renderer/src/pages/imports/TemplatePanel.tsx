// 下载报送模板: a daily figures form (on request filled with the last figures), a household roster or a
// plan list, for one township or a whole county.
import { useState } from 'react'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { saveFile } from '../../files'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'

export function TemplatePanel() {
  const { info } = useApp()
  const [kind, setKind] = useState<'figures' | 'roster' | 'plans'>('figures')
  const [prefill, setPrefill] = useState(false)
  const [county, setCounty] = useState('')
  const [township, setTownship] = useState('')
  const [date, setDate] = useState(info.today)
  const [saved, setSaved] = useState<string>()
  const counties = useAsync(() => call('divisions.children', {}), [info])
  const townships = useAsync(() => (county ? call('divisions.children', { parentCode: county }) : Promise.resolve([])), [county])
  const make = useAction(async () => {
    const file = await call('imports.template', { kind, code: township || county, ...(kind === 'figures' ? { date, prefill } : {}) })
    return (await saveFile(file)) ? file.fileName : undefined
  })

  return (
    <Panel title={t('imports.templates')} testId="imports-templates">
      <p className="muted small">{t('imports.templateHint')}</p>
      {counties.data?.length === 0 ? (
        <p className="muted">{t('imports.noDivisions')}</p>
      ) : (
        <form
          className="imports-template-form"
          onSubmit={async (e) => {
            e.preventDefault()
            setSaved(undefined)
            const name = await make.run()
            if (name) setSaved(name)
          }}
        >
          <label>
            {t('imports.kind')}
            <select value={kind} onChange={(e) => setKind(e.target.value as 'figures' | 'roster' | 'plans')} data-testid="template-kind">
              <option value="figures">{t('imports.kind.figures')}</option>
              <option value="roster">{t('imports.kind.roster')}</option>
              <option value="plans">{t('imports.kind.plans')}</option>
            </select>
          </label>
          <label>
            {t('imports.county')}
            <select
              value={county}
              onChange={(e) => {
                setCounty(e.target.value)
                setTownship('')
              }}
              data-testid="template-county"
            >
              <option value="">{t('imports.pickCounty')}</option>
              {counties.data?.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('imports.township')}
            <select value={township} onChange={(e) => setTownship(e.target.value)} disabled={!county} data-testid="template-township">
              <option value="">{kind === 'figures' ? t('imports.wholeCounty') : kind === 'plans' ? t('imports.wholeCountyPlans') : t('imports.wholeCountyRoster')}</option>
              {townships.data?.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          {kind === 'figures' && (
            <label>
              {t('imports.date')}
              <input type="date" value={date} max="2100-12-31" onChange={(e) => e.target.value && setDate(e.target.value)} data-testid="template-date" />
            </label>
          )}
          {kind === 'figures' && (
            <label className="check span-all">
              <input type="checkbox" checked={prefill} onChange={(e) => setPrefill(e.target.checked)} data-testid="template-prefill" />
              {t('imports.prefill')}
            </label>
          )}
          <div className="form-actions span-all">
            <button type="submit" className="primary" disabled={!county || make.busy} data-testid="template-make">
              {make.busy ? t('common.working') : t('imports.makeTemplate')}
            </button>
            {saved && <Notice testId="template-saved">{t('imports.templateSaved', { file: saved })}</Notice>}
          </div>
        </form>
      )}
      <ErrorBanner error={make.error ?? counties.error} onClose={make.clearError} />
    </Panel>
  )
}
