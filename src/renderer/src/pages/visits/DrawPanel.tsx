// 随机抽取: which counties (and optionally townships), how many villages per township, the
// weights and exclusions, the seed, and how the days and teams run; a preview, then saving.
import { useState } from 'react'
import type { Input, VisitPlanView } from '../../../../core/contract'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { navigate } from '../../route'
import { plusDays } from '../problems/labels'
import { PlanView } from './PlanView'

/** A fresh seed the user can read out, write down and type in again. */
function newSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % 100_000_000
}

const num = (s: string, fallback: number) => (s.trim() === '' || !Number.isFinite(Number(s)) ? fallback : Number(s))

export function DrawPanel() {
  const { info } = useApp()
  // The office's own area (本级): a county office draws in its county, a township office in its township.
  const office = info.office
  const own = office.level === 'county' || office.level === 'township' ? office.code.slice(0, 6) : undefined
  const all = useAsync(() => call('divisions.children', {}), [])
  const counties = { ...all, data: all.data?.filter((c) => !own || c.code === own) }
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(own ? [own] : []))
  const [towns, setTowns] = useState<ReadonlySet<string>>(() => new Set(office.level === 'township' ? [office.code] : []))
  const [min, setMin] = useState('1')
  const [max, setMax] = useState('2')
  const [behind, setBehind] = useState(true)
  const [behindW, setBehindW] = useState('3')
  const [complaint, setComplaint] = useState(true)
  const [complaintW, setComplaintW] = useState('3')
  const [exclude, setExclude] = useState(true)
  const [excludeDays, setExcludeDays] = useState('30')
  const [seed, setSeed] = useState(() => String(newSeed()))
  const [startDate, setStartDate] = useState(plusDays(info.today, 1))
  const [perDay, setPerDay] = useState('6')
  const [teams, setTeams] = useState(t('visits.draw.defaultTeam'))
  const [purpose, setPurpose] = useState(t('visits.draw.defaultPurpose'))
  const [title, setTitle] = useState(t('visits.draw.defaultTitle'))
  const [preview, setPreview] = useState<VisitPlanView>()

  const townships = useAsync(
    async () => (await Promise.all([...chosen].sort().map((c) => call('divisions.children', { parentCode: c })))).flat(),
    [[...chosen].sort().join()],
  )

  const input = (): Input<'visitPlans.draw'> => ({
    title,
    seed: num(seed, -1),
    countyCodes: [...chosen],
    ...(towns.size ? { townshipCodes: [...towns].filter((c) => chosen.has(c.slice(0, 6))) } : {}),
    min: num(min, 1),
    max: num(max, 2),
    weightBehind: behind ? num(behindW, 1) : 1,
    weightComplaint: complaint ? num(complaintW, 1) : 1,
    excludeDays: exclude ? num(excludeDays, 0) : 0,
    startDate,
    perDay: num(perDay, 6),
    teams: teams.split('\n').map((s) => s.trim()).filter(Boolean),
    purpose,
  })
  const draw = useAction(() => call('visitPlans.draw', input()))
  const save = useAction(() => call('visitPlans.create', input()))
  const toggle = (set: ReadonlySet<string>, code: string) => {
    const next = new Set(set)
    if (next.has(code)) next.delete(code)
    else next.add(code)
    return next
  }

  return (
    <>
      <Panel title={t('visits.draw.title')}>
        <p className="muted small">{t('visits.draw.intro')}</p>
        <form
          className="draw-form"
          data-testid="draw-form"
          onSubmit={async (e) => {
            e.preventDefault()
            setPreview(undefined)
            const p = await draw.run()
            if (p) setPreview(p)
          }}
        >
          <fieldset className="radio-group span-all">
            <legend>
              {t('visits.draw.counties')}{' '}
              <button type="button" className="link-button" onClick={() => setChosen(new Set((counties.data ?? []).map((c) => c.code)))} data-testid="draw-all-counties">
                {t('visits.draw.all')}
              </button>
              <button type="button" className="link-button" onClick={() => setChosen(new Set())}>
                {t('visits.draw.none')}
              </button>
            </legend>
            {!counties.data && <Loading />}
            {(counties.data ?? []).map((c) => (
              <label key={c.code} className="radio">
                <input type="checkbox" checked={chosen.has(c.code)} onChange={() => setChosen(toggle(chosen, c.code))} data-testid={`draw-county-${c.code}`} />
                {c.name}
                <span className="hint">{t('visits.draw.planned', { n: c.plannedCount })}</span>
              </label>
            ))}
          </fieldset>
          {chosen.size > 0 && (
            <details className="span-all">
              <summary>{t('visits.draw.townships', { n: towns.size })}</summary>
              <div className="township-picks">
                {(townships.data ?? []).filter((tw) => office.level !== 'township' || tw.code === office.code).map((tw) => (
                  <label key={tw.code} className="radio">
                    <input type="checkbox" checked={towns.has(tw.code)} onChange={() => setTowns(toggle(towns, tw.code))} data-testid={`draw-township-${tw.code}`} />
                    {tw.name}
                    <span className="hint">{t('visits.draw.planned', { n: tw.plannedCount })}</span>
                  </label>
                ))}
              </div>
            </details>
          )}
          <div className="draw-grid">
            <label>
              {t('visits.draw.perTownship')}
              <span className="inline-field">
                <input type="number" min={1} max={10} value={min} onChange={(e) => setMin(e.target.value)} data-testid="draw-min" />–
                <input type="number" min={1} max={10} value={max} onChange={(e) => setMax(e.target.value)} data-testid="draw-max" />
              </span>
            </label>
            <label>
              {t('visits.draw.seed')}
              <span className="inline-field">
                <input type="number" min={0} value={seed} onChange={(e) => setSeed(e.target.value)} required data-testid="draw-seed" />
                <button type="button" onClick={() => setSeed(String(newSeed()))} data-testid="draw-new-seed">
                  {t('visits.draw.newSeed')}
                </button>
              </span>
            </label>
            <label className="check">
              <input type="checkbox" checked={behind} onChange={(e) => setBehind(e.target.checked)} data-testid="draw-behind" />
              {t('visits.draw.behind')}
              <input type="number" min={1} max={20} step={0.5} value={behindW} disabled={!behind} onChange={(e) => setBehindW(e.target.value)} className="short" />
              {t('visits.draw.times')}
            </label>
            <label className="check">
              <input type="checkbox" checked={complaint} onChange={(e) => setComplaint(e.target.checked)} data-testid="draw-complaint" />
              {t('visits.draw.complaint')}
              <input type="number" min={1} max={20} step={0.5} value={complaintW} disabled={!complaint} onChange={(e) => setComplaintW(e.target.value)} className="short" />
              {t('visits.draw.times')}
            </label>
            <label className="check">
              <input type="checkbox" checked={exclude} onChange={(e) => setExclude(e.target.checked)} data-testid="draw-exclude" />
              {t('visits.draw.exclude')}
              <input type="number" min={1} max={365} value={excludeDays} disabled={!exclude} onChange={(e) => setExcludeDays(e.target.value)} className="short" data-testid="draw-exclude-days" />
              {t('visits.draw.days')}
            </label>
            <label>
              {t('visits.draw.startDate')}
              <input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} required data-testid="draw-start" />
            </label>
            <label>
              {t('visits.draw.perDay')}
              <input type="number" min={1} max={30} value={perDay} onChange={(e) => setPerDay(e.target.value)} data-testid="draw-per-day" />
            </label>
            <label>
              {t('visits.draw.teams')}
              <textarea rows={2} value={teams} onChange={(e) => setTeams(e.target.value)} data-testid="draw-teams" />
            </label>
            <label>
              {t('visits.draw.purpose')}
              <input value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={200} data-testid="draw-purpose" />
            </label>
            <label>
              {t('visits.draw.planTitle')}
              <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} data-testid="draw-title" />
            </label>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={draw.busy || chosen.size === 0} data-testid="draw-run">
              {draw.busy ? t('common.working') : t('visits.draw.run')}
            </button>
            {chosen.size === 0 && <span className="hint">{t('visits.draw.pickCounties')}</span>}
          </div>
        </form>
        <ErrorBanner error={draw.error} onClose={draw.clearError} />
      </Panel>
      {preview && (
        <Panel
          title={t('visits.draw.preview')}
          testId="draw-preview"
          actions={
            <button
              type="button"
              className="primary"
              disabled={save.busy}
              onClick={async () => {
                const p = await save.run()
                if (p?.id) navigate('visits', p.id)
              }}
              data-testid="draw-save"
            >
              {save.busy ? t('common.saving') : t('visits.draw.save')}
            </button>
          }
        >
          <ErrorBanner error={save.error} onClose={save.clearError} />
          <PlanView plan={preview} />
        </Panel>
      )}
    </>
  )
}
