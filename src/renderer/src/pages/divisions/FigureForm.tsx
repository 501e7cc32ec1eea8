// 录入每日进度: a village's cumulative count per stage and network km for one date.
import { useState } from 'react'
import type { DailyFigure, RouteDef, StageCounts, VillagePlan } from '../../../../core/domain/types'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { useAction } from '../../hooks'
import { t } from '../../i18n'
import { parseCount, parseKm } from '../../parse'
import { href } from '../../route'

export function FigureForm(props: { villageCode: string; plan: VillagePlan; route: RouteDef; latest?: DailyFigure; onSaved: () => void }) {
  const { info } = useApp()
  const { villageCode, plan, route, latest } = props
  const [date, setDate] = useState(info.today)
  const [counts, setCounts] = useState<Record<string, string>>(() =>
    Object.fromEntries(STAGE_KEYS.map((k) => [k, latest ? String(latest.counts[k]) : ''])),
  )
  const [km, setKm] = useState(latest ? String(latest.networkKm) : '')
  const [saved, setSaved] = useState<string>()
  const stageName = (k: string) => route.stages.find((s) => s.key === k)?.name ?? k
  const save = useAction(async () => {
    const parsed = Object.fromEntries(STAGE_KEYS.map((k) => [k, parseCount(counts[k] ?? '', stageName(k))])) as StageCounts
    return call('figures.record', { villageCode, date, counts: parsed, networkKm: parseKm(km, t('figures.km')) })
  })

  if (plan.figureSource === 'households') {
    return (
      <Notice kind="info" testId="figures-from-households">
        {t('figures.fromHouseholds')} <a href={href('households', villageCode)}>{t('figures.goHouseholds')}</a>
      </Notice>
    )
  }

  return (
    <form
      className="figure-form"
      data-testid="figure-form"
      onSubmit={async (e) => {
        e.preventDefault()
        setSaved(undefined)
        const done = await save.run()
        if (done) {
          setSaved(done.date)
          props.onSaved()
        }
      }}
    >
      <p className="muted small">{t('figures.explain', { target: plan.targetHouseholds })}</p>
      <div className="figure-grid">
        <label>
          {t('figures.date')}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required data-testid="fig-date" />
        </label>
        {STAGE_KEYS.map((k) => (
          <label key={k}>
            {stageName(k)}
            <input
              type="number"
              min={0}
              step={1}
              value={counts[k] ?? ''}
              onChange={(e) => setCounts((c) => ({ ...c, [k]: e.target.value }))}
              data-testid={`fig-count-${k}`}
            />
          </label>
        ))}
        <label>
          {t('figures.km')}
          <input type="number" min={0} step="any" value={km} onChange={(e) => setKm(e.target.value)} data-testid="fig-km" />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.busy} data-testid="fig-save">
          {save.busy ? t('common.saving') : t('figures.save')}
        </button>
        {saved && <Notice testId="fig-saved">{t('figures.saved', { date: saved })}</Notice>}
      </div>
      <ErrorBanner error={save.error} onClose={save.clearError} />
    </form>
  )
}
