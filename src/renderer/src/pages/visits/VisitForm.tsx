// 登记走访: the date, the team, the villages gone to (with households visited), and what was
// found; each problem found goes into the problem ledger when the record is saved.
import { useState } from 'react'
import type { DivisionHit } from '../../../../core/contract'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { navigate } from '../../route'
import { kindLabel } from '../problems/labels'
import { FindingEditor, type FindingInput, type VisitedPlace } from './FindingEditor'

interface Row extends VisitedPlace {
  households: string
}

/** 张三、李四 / 张三,李四 / 张三 李四 → ['张三', '李四'] */
export function splitNames(s: string): string[] {
  return s
    .split(/[、，,;；\n]+/)
    .map((x) => x.trim())
    .filter(Boolean)
}

export function placeOf(hit: DivisionHit): VisitedPlace {
  return { code: hit.code, name: hit.name, township: hit.path.split(' / ').at(-1) ?? '' }
}

export function VisitForm() {
  const { info } = useApp()
  const [date, setDate] = useState(info.today)
  const [team, setTeam] = useState('')
  const [planId, setPlanId] = useState('')
  const [rows, setRows] = useState<Row[]>([])
  const [findings, setFindings] = useState<FindingInput[]>([])
  const [note, setNote] = useState('')
  const plans = useAsync(() => call('visitPlans.list', {}), [])
  const fromPlan = useAction(async () => {
    const p = await call('visitPlans.get', { id: planId })
    return p.items.filter((i) => i.date === date).map((i): Row => ({ code: i.villageCode, name: i.villageName, township: i.townshipName, households: '' }))
  })
  const save = useAction(() =>
    call('visits.create', {
      date,
      team: splitNames(team),
      ...(planId ? { planId } : {}),
      villages: rows.map((r) => ({ villageCode: r.code, households: Number(r.households) || 0 })),
      findings,
      ...(note.trim() ? { note } : {}),
    }),
  )
  const addRows = (more: Row[]) => setRows((prev) => [...prev, ...more.filter((m) => !prev.some((p) => p.code === m.code))])

  return (
    <Panel title={t('visits.new')} testId="visit-form">
      <div className="form-grid">
        <label>
          {t('visits.date')}
          <input type="date" value={date} max={info.today} onChange={(e) => setDate(e.target.value)} required data-testid="visit-date" />
        </label>
        <label>
          {t('visits.team')}
          <input value={team} onChange={(e) => setTeam(e.target.value)} placeholder={t('visits.teamHint')} data-testid="visit-team" />
        </label>
        <label>
          {t('visits.fromPlan')}
          <span className="inline-field">
            <select value={planId} onChange={(e) => setPlanId(e.target.value)} data-testid="visit-plan">
              <option value="">{t('visits.noPlan')}</option>
              {(plans.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id} {p.title}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={!planId || fromPlan.busy}
              onClick={async () => {
                const r = await fromPlan.run()
                if (r) addRows(r)
              }}
              data-testid="visit-plan-add"
            >
              {t('visits.planVillages')}
            </button>
          </span>
        </label>
        <div className="span-all">
          <h3 className="section-title">{t('visits.villages')}</h3>
          <DivisionSearchBox level="village" placeholder={t('visits.addVillage')} onPick={(h) => addRows([{ ...placeOf(h), households: '' }])} testId="visit-village" />
          {rows.length > 0 && (
            <table className="table compact" data-testid="visit-villages">
              <thead>
                <tr>
                  <th>{t('level.village')}</th>
                  <th>{t('level.township')}</th>
                  <th>{t('visits.households')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={r.code}>
                    <td>{r.name}</td>
                    <td>{r.township}</td>
                    <td>
                      <input
                        type="number"
                        min={0}
                        className="short"
                        value={r.households}
                        onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, households: e.target.value } : x)))}
                        data-testid={`visit-households-${r.code}`}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        disabled={findings.some((f) => f.villageCode === r.code)}
                        onClick={() => setRows(rows.filter((x) => x.code !== r.code))}
                      >
                        {t('visits.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="span-all">
          <h3 className="section-title">{t('visits.findings', { n: findings.length })}</h3>
          {findings.length > 0 && (
            <ul className="finding-list" data-testid="visit-findings">
              {findings.map((f, i) => (
                <li key={i}>
                  <span className={`tag kind-${f.kind}`}>{kindLabel(f.kind)}</span> {rows.find((r) => r.code === f.villageCode)?.name} · {f.text}
                  {f.problem && <span className="muted small"> {t('visits.problemTerms', { unit: f.problem.responsibleUnit ?? '', deadline: f.problem.deadline })}</span>}
                  <button type="button" className="link-button" onClick={() => setFindings(findings.filter((_, j) => j !== i))}>
                    {t('visits.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <FindingEditor
            villages={rows}
            date={date}
            onAdd={(f) => {
              setFindings([...findings, f])
              return true
            }}
          />
        </div>
        <label className="span-all">
          {t('visits.note')}
          <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} data-testid="visit-note" />
        </label>
        <div className="form-actions span-all">
          <button
            type="button"
            className="primary"
            disabled={save.busy || rows.length === 0}
            onClick={async () => {
              const v = await save.run()
              if (v) navigate('visits', v.id)
            }}
            data-testid="visit-save"
          >
            {save.busy ? t('common.saving') : t('visits.save')}
          </button>
          <span className="hint">{t('visits.saveHint')}</span>
        </div>
      </div>
      <ErrorBanner error={save.error ?? fromPlan.error} onClose={save.error ? save.clearError : fromPlan.clearError} />
    </Panel>
  )
}
