// 改造计划: route, target households, contractor, deadline and where the figures come from.
import { useState } from 'react'
import type { FigureSource, VillagePlan } from '../../../../core/domain/types'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { useAction } from '../../hooks'
import { t } from '../../i18n'
import { parseCount } from '../../parse'

/** The next 31 October (before the heating season), the usual deadline for the works. */
function defaultDeadline(today: string): string {
  const year = Number(today.slice(0, 4))
  const thisYear = `${year}-10-31`
  return today <= thisYear ? thisYear : `${year + 1}-10-31`
}

export function PlanForm({ villageCode, plan, onSaved }: { villageCode: string; plan?: VillagePlan; onSaved: () => void }) {
  const { settings, info } = useApp()
  const [route, setRoute] = useState(plan?.route ?? settings.routes[0]?.id ?? '')
  const [target, setTarget] = useState(plan ? String(plan.targetHouseholds) : '')
  const [contractor, setContractor] = useState(plan?.contractor ?? '')
  const [deadline, setDeadline] = useState(plan?.deadline ?? defaultDeadline(info.today))
  const [source, setSource] = useState<FigureSource>(plan?.figureSource ?? 'counts')
  const [saved, setSaved] = useState(false)
  const save = useAction(async () => {
    const targetHouseholds = parseCount(target, t('divisions.plan.target'))
    return call('villages.setPlan', { villageCode, route, targetHouseholds, contractor, deadline, figureSource: source })
  })
  const routeKnown = settings.routes.some((r) => r.id === route)

  return (
    <form
      className="form-grid"
      data-testid="plan-form"
      onSubmit={async (e) => {
        e.preventDefault()
        setSaved(false)
        if (await save.run()) {
          setSaved(true)
          onSaved()
        }
      }}
    >
      {!plan && <p className="muted span-all">{t('plan.none')}</p>}
      <label>
        {t('divisions.plan.route')}
        <select value={route} onChange={(e) => setRoute(e.target.value)} data-testid="plan-route">
          {!routeKnown && <option value={route}>{route}</option>}
          {settings.routes.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('divisions.plan.target')}
        <input type="number" min={0} step={1} value={target} onChange={(e) => setTarget(e.target.value)} required data-testid="plan-target" />
      </label>
      <label>
        {t('divisions.plan.contractor')}
        <input value={contractor} onChange={(e) => setContractor(e.target.value)} maxLength={100} data-testid="plan-contractor" />
      </label>
      <label>
        {t('divisions.plan.deadline')}
        <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} required data-testid="plan-deadline" />
      </label>
      <fieldset className="span-all radio-group">
        <legend>{t('divisions.plan.source')}</legend>
        {(['households', 'counts'] as const).map((s) => (
          <label key={s} className="radio">
            <input type="radio" name="figureSource" value={s} checked={source === s} onChange={() => setSource(s)} data-testid={`plan-source-${s}`} />
            {t(`value.figureSource.${s}`)}
            <span className="hint">{t(`plan.sourceHint.${s}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={save.busy} data-testid="plan-save">
          {save.busy ? t('common.saving') : t('plan.save')}
        </button>
        {saved && <Notice testId="plan-saved">{t('plan.saved')}</Notice>}
      </div>
      <div className="span-all">
        <ErrorBanner error={save.error} onClose={save.clearError} />
      </div>
    </form>
  )
}
