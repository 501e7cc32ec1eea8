// 录入每日进度: a village's cumulative count per stage and network km for one date, checked before it
// is saved as an import would check it (stage order, above the target, 回退); a row copied from
// Excel can be pasted into it.
import { type ClipboardEvent, useState } from 'react'
import type { FigureCheck } from '../../../../core/contract'
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
  /** warnings shown for the figure as typed; saving again saves it as it is */
  const [checked, setChecked] = useState<FigureCheck['warnings']>()
  const stageName = (k: string) => route.stages.find((s) => s.key === k)?.name ?? k
  const figure = () => ({
    villageCode,
    date,
    counts: Object.fromEntries(STAGE_KEYS.map((k) => [k, parseCount(counts[k] ?? '', stageName(k))])) as StageCounts,
    networkKm: parseKm(km, t('figures.km')),
  })
  const check = useAction(async () => (await call('figures.check', figure())).warnings)
  const save = useAction(async () => call('figures.record', figure()))
  const edited = () => {
    setChecked(undefined)
    setSaved(undefined)
  }

  /** A row copied from Excel: its numbers fill this field and the ones after it. */
  function paste(e: ClipboardEvent<HTMLInputElement>, from: number) {
    const text = e.clipboardData.getData('text/plain')
    if (!/\t/.test(text)) return
    e.preventDefault()
    const fields = [...STAGE_KEYS, 'km'] as const
    const cells = text.replace(/\r?\n[\s\S]*$/, '').split('\t').map((c) => c.trim().replace(/[,，]/g, '').replace(/(户|公里)$/, ''))
    // Notes after the numbers (备注) are left out; a whole template row gives its last figures.
    while (cells.length > 0 && !/^\d+(\.\d+)?$/.test(cells[cells.length - 1]!)) cells.pop()
    const room = fields.length - from
    const values = cells.length > room ? cells.slice(cells.length - room) : cells
    const nextCounts = { ...counts }
    let nextKm = km
    values.forEach((v, i) => {
      const f = fields[from + i]!
      if (f === 'km') nextKm = v
      else nextCounts[f] = v
    })
    setCounts(nextCounts)
    setKm(nextKm)
    edited()
  }

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
        // First the checks an import makes; with warnings on screen, a second save keeps the figure as typed.
        if (!checked) {
          const warnings = await check.run()
          if (!warnings) return
          if (warnings.length > 0) {
            setChecked(warnings)
            return
          }
        }
        const done = await save.run()
        if (done) {
          setChecked(undefined)
          setSaved(done.date)
          props.onSaved()
        }
      }}
    >
      <p className="muted small">{t('figures.explain', { target: plan.targetHouseholds })}</p>
      <div className="figure-grid">
        <label>
          {t('figures.date')}
          <input
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value)
              edited()
            }}
            required
            data-testid="fig-date"
          />
        </label>
        {STAGE_KEYS.map((k, i) => (
          <label key={k}>
            {stageName(k)}
            <input
              type="number"
              min={0}
              step={1}
              value={counts[k] ?? ''}
              onChange={(e) => {
                setCounts((c) => ({ ...c, [k]: e.target.value }))
                edited()
              }}
              onPaste={(e) => paste(e, i)}
              data-testid={`fig-count-${k}`}
            />
          </label>
        ))}
        <label>
          {t('figures.km')}
          <input
            type="number"
            min={0}
            step="any"
            value={km}
            onChange={(e) => {
              setKm(e.target.value)
              edited()
            }}
            onPaste={(e) => paste(e, STAGE_KEYS.length)}
            data-testid="fig-km"
          />
        </label>
      </div>
      {checked && (
        <Notice kind="warn" testId="fig-warnings">
          <div>{t('figures.checkTitle')}</div>
          <ul className="fig-warnings">
            {checked.map((w) => (
              <li key={w.kind} data-testid={`fig-warning-${w.kind}`}>
                {w.message}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.busy || check.busy} data-testid="fig-save">
          {save.busy || check.busy ? t('common.saving') : checked ? t('figures.saveAnyway') : t('figures.save')}
        </button>
        {checked && (
          <button type="button" onClick={() => setChecked(undefined)} data-testid="fig-back">
            {t('figures.backToEdit')}
          </button>
        )}
        {saved && <Notice testId="fig-saved">{t('figures.saved', { date: saved })}</Notice>}
      </div>
      <p className="muted small">{t('figures.pasteHint')}</p>
      <ErrorBanner error={save.error ?? check.error} onClose={() => (save.clearError(), check.clearError())} />
    </form>
  )
}
