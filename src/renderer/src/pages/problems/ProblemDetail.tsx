// One problem: where, what, who must fix it by when, how it is accepted; every step so far
// (date, who, note); the next steps allowed (交办, 开始整改, 验收, 退回, 销号); and edits.
import { useState } from 'react'
import type { ProblemView } from '../../../../core/contract'
import type { FlowAction } from '../../../../core/domain/problem-flow'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { methodLabel } from '../../components/AuditTable'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { fmtDateTime } from '../../format'
import { t } from '../../i18n'
import { href } from '../../route'
import { actionLabel, sourceLabel, statusLabel } from './labels'
import { Allowed } from '../../components/Allowed'

export function ProblemDetail({ id }: { id: string }) {
  const [version, setVersion] = useState(0)
  const [done, setDone] = useState<string>()
  const view = useAsync(() => call('problems.get', { id }), [id, version], { keep: true })
  const v = view.data
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">
          {t('problems.title', { id })}
          {v && (
            <span className={`status status-${v.problem.status} title-status`} data-testid="problem-status">
              {statusLabel(v.problem.status)}
            </span>
          )}
          {v?.problem.overdue && <span className="tag tag-red">{t('problems.daysOverdue', { n: v.problem.daysOverdue })}</span>}
        </h1>
        <a href={href('problems')} data-testid="problem-back">
          {t('problems.back')}
        </a>
      </div>
      <ErrorBanner error={view.error} />
      {done && <Notice testId="problem-step-done">{done}</Notice>}
      {!v ? (
        !view.error && <Loading />
      ) : (
        <>
          <Panel title={t('problems.info')}>
            <Info v={v} onSaved={() => setVersion((n) => n + 1)} />
          </Panel>
          <Panel title={t('problems.steps')}>
            <Steps v={v} />
            {v.allowed.length > 0 ? (
              <Allowed method="problems.transition" hide>
                <StepForm
                  v={v}
                  onDone={(a) => {
                    setDone(t('problems.stepDone', { action: actionLabel(a) }))
                    setVersion((n) => n + 1)
                  }}
                />
              </Allowed>
            ) : (
              <p className="muted" data-testid="problem-closed-note">
                {t('problems.closedNote', { date: v.problem.closedOn ?? '' })}
              </p>
            )}
          </Panel>
          <Panel title={t('problems.audit')}>
            <Edits id={id} version={version} />
          </Panel>
        </>
      )}
    </div>
  )
}

function Info({ v, onSaved }: { v: ProblemView; onSaved: () => void }) {
  const p = v.problem
  const [editing, setEditing] = useState(false)
  const [form, setForm] = useState({
    description: p.description,
    placeDetail: p.placeDetail ?? '',
    acceptanceStandard: p.acceptanceStandard,
    responsibleUnit: p.responsibleUnit,
    responsiblePerson: p.responsiblePerson,
    deadline: p.deadline,
  })
  const save = useAction(() => call('problems.update', { id: p.id, ...form }))
  if (!editing) {
    return (
      <div className="info-grid">
        <dl>
          <dt>{t('problems.col.place')}</dt>
          <dd data-testid="problem-place">
            {p.countyName} {p.townshipName} <a href={href('divisions', p.villageCode)}>{p.villageName}</a>
            {p.placeDetail && ` ${p.placeDetail}`}
            {v.householdName && ` · ${t('problems.household', { name: v.householdName })}`}
          </dd>
          <dt>{t('problems.col.description')}</dt>
          <dd data-testid="problem-description">{p.description}</dd>
          <dt>{t('problems.col.source')}</dt>
          <dd>
            {sourceLabel(p.source)}
            {v.visit && (
              <>
                {' '}
                <a href={href('visits', v.visit.id)}>{t('problems.fromVisit', { id: v.visit.id, date: v.visit.date })}</a>
              </>
            )}
          </dd>
          <dt>{t('problems.form.openedOn')}</dt>
          <dd>{p.openedOn}</dd>
          <dt>{t('problems.col.unit')}</dt>
          <dd data-testid="problem-unit">
            {p.responsibleUnit || <span className="muted">{t('problems.unassigned')}</span>}
            {p.responsiblePerson && `（${p.responsiblePerson}）`}
          </dd>
          <dt>{t('problems.col.deadline')}</dt>
          <dd data-testid="problem-deadline">{p.deadline}</dd>
          <dt>{t('problems.col.standard')}</dt>
          <dd>{p.acceptanceStandard}</dd>
        </dl>
        {p.status !== 'closed' && (
          <Allowed method="problems.update" hide>
            <button type="button" onClick={() => setEditing(true)} data-testid="problem-edit">
              {t('common.edit')}
            </button>
          </Allowed>
        )}
      </div>
    )
  }
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) })
  return (
    <form
      className="form-grid"
      onSubmit={async (e) => {
        e.preventDefault()
        if (await save.run()) {
          setEditing(false)
          onSaved()
        }
      }}
    >
      <label className="span-all">
        {t('problems.col.description')}
        <textarea {...field('description')} required maxLength={1000} rows={3} />
      </label>
      <label>
        {t('problems.form.placeDetail')}
        <input {...field('placeDetail')} maxLength={100} />
      </label>
      <label>
        {t('problems.col.deadline')}
        <input type="date" {...field('deadline')} required />
      </label>
      <label>
        {t('problems.col.unit')}
        <input {...field('responsibleUnit')} maxLength={100} />
      </label>
      <label>
        {t('problems.col.person')}
        <input {...field('responsiblePerson')} maxLength={50} />
      </label>
      <label className="span-all">
        {t('problems.col.standard')}
        <input {...field('acceptanceStandard')} required maxLength={500} />
      </label>
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={save.busy}>
          {save.busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" onClick={() => setEditing(false)}>
          {t('common.cancel')}
        </button>
      </div>
      <div className="span-all">
        <ErrorBanner error={save.error} onClose={save.clearError} />
      </div>
    </form>
  )
}

function Steps({ v }: { v: ProblemView }) {
  return (
    <ol className="steps" data-testid="problem-steps">
      {v.problem.steps.map((s, i) => (
        <li key={i} className={`step step-${s.action ?? s.status}`} data-testid="problem-step">
          <span className="step-date">{s.date}</span>
          <span className="step-action">{s.action ? actionLabel(s.action) : statusLabel(s.status)}</span>
          <span className="step-who">{s.who}</span>
          {s.responsibleUnit && (
            <span className="step-extra">
              {t('problems.assignedTo', { unit: s.responsibleUnit, person: s.responsiblePerson ? `（${s.responsiblePerson}）` : '', deadline: s.deadline ?? '' })}
            </span>
          )}
          {s.note && <span className="step-note">{s.note}</span>}
        </li>
      ))}
    </ol>
  )
}

function StepForm({ v, onDone }: { v: ProblemView; onDone: (a: FlowAction) => void }) {
  const { info } = useApp()
  const p = v.problem
  const [action, setAction] = useState<FlowAction>()
  const [date, setDate] = useState(info.today)
  const [who, setWho] = useState(info.operator)
  const [note, setNote] = useState('')
  const [unit, setUnit] = useState(p.responsibleUnit)
  const [person, setPerson] = useState(p.responsiblePerson)
  const [deadline, setDeadline] = useState(p.deadline)
  const run = useAction((a: FlowAction) =>
    call('problems.transition', {
      id: p.id,
      action: a,
      date,
      who,
      ...(note.trim() ? { note } : {}),
      ...(a === 'assign' ? { responsibleUnit: unit, responsiblePerson: person, deadline } : {}),
    }),
  )
  return (
    <div className="step-form" data-testid="problem-step-form">
      <div className="button-row">
        <span className="muted">{t('problems.next')}</span>
        {v.allowed.map((a) => (
          <button key={a} type="button" className={action === a ? 'primary' : undefined} onClick={() => setAction(a)} data-testid={`problem-action-${a}`}>
            {actionLabel(a)}
          </button>
        ))}
      </div>
      {action && (
        <form
          className="form-grid"
          onSubmit={async (e) => {
            e.preventDefault()
            if (await run.run(action)) {
              setNote('')
              setAction(undefined)
              onDone(action)
            }
          }}
        >
          <label>
            {t('problems.step.date')}
            <input type="date" value={date} max={info.today} onChange={(e) => setDate(e.target.value)} required data-testid="step-date" />
          </label>
          <label>
            {t('problems.step.who')}
            <input value={who} onChange={(e) => setWho(e.target.value)} required maxLength={50} data-testid="step-who" />
          </label>
          {action === 'assign' && (
            <>
              <label>
                {t('problems.col.unit')}
                <input value={unit} onChange={(e) => setUnit(e.target.value)} required maxLength={100} data-testid="step-unit" />
              </label>
              <label>
                {t('problems.col.person')}
                <input value={person} onChange={(e) => setPerson(e.target.value)} maxLength={50} data-testid="step-person" />
              </label>
              <label>
                {t('problems.col.deadline')}
                <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} required data-testid="step-deadline" />
              </label>
            </>
          )}
          <label className="span-all">
            {action === 'reject' ? t('problems.step.reason') : t('problems.step.note')}
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} required={action === 'reject'} data-testid="step-note" />
          </label>
          <div className="form-actions span-all">
            <button type="submit" className="primary" disabled={run.busy} data-testid="step-save">
              {run.busy ? t('common.saving') : t('problems.step.save', { action: actionLabel(action) })}
            </button>
            <button type="button" onClick={() => setAction(undefined)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorBanner error={run.error} onClose={run.clearError} />
    </div>
  )
}

/** Fields whose changes the steps do not already tell: edits such as a new deadline (延期), or the day found moved with its visit's date. */
const EDITED = {
  openedOn: 'problems.form.openedOn',
  description: 'problems.col.description',
  placeDetail: 'problems.form.placeDetail',
  responsibleUnit: 'problems.col.unit',
  responsiblePerson: 'problems.col.person',
  deadline: 'problems.col.deadline',
  acceptanceStandard: 'problems.col.standard',
} as const

function Edits({ id, version }: { id: string; version: number }) {
  const history = useAsync(() => call('audit.history', { collection: 'problems', key: id, limit: 200 }), [id, version])
  if (history.error) return <ErrorBanner error={history.error} />
  if (!history.data) return <Loading />
  const rows = history.data.flatMap((e) => {
    const b = (e.before ?? {}) as Record<string, unknown>
    const a = (e.after ?? {}) as Record<string, unknown>
    const changed = e.before == null ? [] : (Object.keys(EDITED) as (keyof typeof EDITED)[]).filter((k) => (b[k] ?? '') !== (a[k] ?? ''))
    if (e.before != null && changed.length === 0) return []
    return [{ e, changed, b, a }]
  })
  return (
    <table className="table compact" data-testid="problem-edits">
      <thead>
        <tr>
          <th>{t('problems.edit.at')}</th>
          <th>{t('problems.step.who')}</th>
          <th>{t('problems.edit.what')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ e, changed, b, a }) => (
          <tr key={e.seq}>
            <td className="nowrap">{fmtDateTime(e.at)}</td>
            <td>{e.who}</td>
            <td>
              {methodLabel(e.method)}
              {changed.map((k) => (
                <div key={k} className="small">
                  {t(EDITED[k])}：{String(b[k] ?? '') || t('common.none')} → {String(a[k] ?? '') || t('common.none')}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
