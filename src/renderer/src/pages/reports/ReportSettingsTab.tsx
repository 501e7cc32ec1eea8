// 报表设置: the week's last day, what counts as 完成, the demand forecast's parameters, and each
// report's title (a template naming the area and the date).
import { useState } from 'react'
import type { ReportSettings } from '../../../../core/contract'
import { fillTitle, REPORT_KINDS, type ReportKind } from '../../../../core/domain/report-settings'
import { longDate } from '../../../../core/domain/periods'
import { useApp } from '../../AppContext'
import { STAGE_KEYS, type StageKey } from '../../../../core/domain/types'
import type { Weekday } from '../../../../core/domain/periods'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'

const WEEKDAYS: Weekday[] = [0, 1, 2, 3, 4, 5, 6]

export function ReportSettingsTab() {
  const current = useAsync(() => call('reports.settings', {}), [])
  return (
    <Panel title={t('reports.settings.title')} testId="report-settings">
      <ErrorBanner error={current.error} />
      {current.loading && !current.data && <Loading />}
      {current.data && <SettingsForm initial={current.data} />}
    </Panel>
  )
}

function SettingsForm({ initial }: { initial: ReportSettings }) {
  const { info } = useApp()
  const [s, setS] = useState(initial)
  // Numbers are kept as typed, so a half-typed value is not replaced under the cursor.
  const [numbers, setNumbers] = useState({
    gasM3PerHousehold: String(initial.gasM3PerHousehold),
    electricKwhPerHousehold: String(initial.electricKwhPerHousehold),
    peakFactor: String(initial.peakFactor),
  })
  const [saved, setSaved] = useState(false)
  const save = useAction(() =>
    call('reports.saveSettings', {
      weekEndsOn: s.weekEndsOn,
      completionStage: s.completionStage,
      seasonStart: s.seasonStart,
      seasonEnd: s.seasonEnd,
      gasM3PerHousehold: Number(numbers.gasM3PerHousehold),
      electricKwhPerHousehold: Number(numbers.electricKwhPerHousehold),
      peakFactor: Number(numbers.peakFactor),
      titles: s.titles,
    }),
  )
  const num = (k: keyof typeof numbers) => ({
    value: numbers[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setSaved(false)
      save.clearError()
      setNumbers({ ...numbers, [k]: e.target.value })
    },
  })
  const set = <K extends keyof ReportSettings>(k: K, v: ReportSettings[K]) => {
    setSaved(false)
    save.clearError()
    setS({ ...s, [k]: v })
  }
  return (
    <form
      className="form-grid report-settings-form"
      data-testid="report-settings-form"
      onSubmit={async (e) => {
        e.preventDefault()
        const next = await save.run()
        if (next) {
          setS(next)
          setSaved(true)
        }
      }}
    >
      <h3 className="span-all section-title">{t('reports.settings.periods')}</h3>
      <label>
        {t('reports.settings.weekEndsOn')}
        <select value={s.weekEndsOn} onChange={(e) => set('weekEndsOn', Number(e.target.value) as Weekday)} data-testid="rs-week-ends-on">
          {WEEKDAYS.map((d) => (
            <option key={d} value={d}>
              {t(`reports.settings.weekEnds.${d}`)}
            </option>
          ))}
        </select>
        <span className="hint">{t('reports.settings.weekHint')}</span>
      </label>
      <label>
        {t('reports.settings.completionStage')}
        <select value={s.completionStage} onChange={(e) => set('completionStage', e.target.value as StageKey)} data-testid="rs-completion-stage">
          {STAGE_KEYS.map((k) => (
            <option key={k} value={k}>
              {t(`stage.${k}`)}
            </option>
          ))}
        </select>
        <span className="hint">{t('reports.settings.completionHint')}</span>
      </label>
      <h3 className="span-all section-title">{t('reports.settings.forecast')}</h3>
      <label>
        {t('reports.settings.gas')}
        <input type="number" min={1} step="any" required {...num('gasM3PerHousehold')} data-testid="rs-gas" />
      </label>
      <label>
        {t('reports.settings.electric')}
        <input type="number" min={1} step="any" required {...num('electricKwhPerHousehold')} data-testid="rs-electric" />
      </label>
      <label>
        {t('reports.settings.seasonStart')}
        <input value={s.seasonStart} onChange={(e) => set('seasonStart', e.target.value)} placeholder="11-15" maxLength={5} required data-testid="rs-season-start" />
        <span className="hint">{t('reports.settings.seasonHint')}</span>
      </label>
      <label>
        {t('reports.settings.seasonEnd')}
        <input value={s.seasonEnd} onChange={(e) => set('seasonEnd', e.target.value)} placeholder="03-15" maxLength={5} required data-testid="rs-season-end" />
      </label>
      <label>
        {t('reports.settings.peakFactor')}
        <input type="number" min={1} max={5} step="0.05" required {...num('peakFactor')} data-testid="rs-peak" />
        <span className="hint">{t('reports.settings.peakHint')}</span>
      </label>
      <h3 className="span-all section-title">{t('reports.settings.titles')}</h3>
      <p className="hint span-all">{t('reports.settings.titlesHint')}</p>
      {REPORT_KINDS.map((k: ReportKind) => (
        <label key={k}>
          {t(`reports.settings.title.${k}`)}
          <input
            value={s.titles[k]}
            onChange={(e) => set('titles', { ...s.titles, [k]: e.target.value })}
            maxLength={60}
            required
            data-testid={`rs-title-${k}`}
          />
          <span className="hint">{t('reports.settings.titleExample', { title: fillTitle(s.titles[k], info.office.name, longDate(info.today)) })}</span>
        </label>
      ))}
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={save.busy} data-testid="rs-save">
          {save.busy ? t('common.saving') : t('common.save')}
        </button>
        {saved && <Notice testId="rs-saved">{t('reports.settings.saved')}</Notice>}
      </div>
      <div className="span-all">
        <ErrorBanner error={save.error} onClose={save.clearError} />
      </div>
    </form>
  )
}
