// One visit record: date, team, villages and households (editable), and its findings with the
// ledger status of each problem; findings can be added or removed (a problem only while untouched).
import { useState } from 'react'
import type { VisitView } from '../../../../core/contract'
import { call } from '../../api'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href, navigate } from '../../route'
import { kindLabel, statusLabel } from '../problems/labels'
import { FindingEditor, type FindingInput } from './FindingEditor'
import { splitNames } from './VisitForm'
import { Allowed } from '../../components/Allowed'

export function VisitDetail({ id }: { id: string }) {
  const [version, setVersion] = useState(0)
  const visit = useAsync(() => call('visits.get', { id }), [id, version], { keep: true })
  const add = useAction((f: FindingInput) => call('visits.addFinding', { visitId: id, finding: f }))
  const removeFinding = useAction((findingId: string) => call('visits.removeFinding', { visitId: id, findingId }))
  const remove = useAction(() => call('visits.delete', { id }))
  const [confirm, setConfirm] = useState(false)
  const [added, setAdded] = useState(false)
  const [editing, setEditing] = useState(false)
  if (visit.error) return <ErrorBanner error={visit.error} />
  if (!visit.data) return <Loading />
  const v = visit.data
  const places = v.villages.map((x) => ({ code: x.villageCode, name: v.villageNames[x.villageCode] ?? x.villageCode, township: v.villageTownships[x.villageCode] ?? '' }))
  return (
    <>
      <Panel
        title={t('visits.recordTitle', { id: v.id, date: v.date })}
        testId="visit-detail"
        actions={
          <>
            <Allowed method="visits.update" hide>
              <button type="button" onClick={() => setEditing(!editing)} data-testid="visit-edit">
                {t('common.edit')}
              </button>
            </Allowed>
            <Allowed method="visits.delete" hide>
              <button type="button" onClick={() => setConfirm(true)} data-testid="visit-delete">
                {t('visits.delete')}
              </button>
            </Allowed>
          </>
        }
      >
        {editing && (
          <VisitEdit
            v={v}
            onDone={(saved) => {
              setEditing(false)
              if (saved) setVersion((n) => n + 1)
            }}
          />
        )}
        <dl className="card-grid">
          <dt>{t('visits.team')}</dt>
          <dd data-testid="visit-detail-team">{v.team.join('、')}</dd>
          {v.planId && (
            <>
              <dt>{t('visits.fromPlan')}</dt>
              <dd>
                <a href={href('visits', v.planId)}>{v.planId}</a>
              </dd>
            </>
          )}
          <dt>{t('visits.villages')}</dt>
          <dd>
            {v.villages.map((x) => t('visits.villageHouseholds', { name: v.villageNames[x.villageCode] ?? '', n: x.households })).join('；')}
          </dd>
          <dt>{t('visits.countsLabel')}</dt>
          <dd data-testid="visit-detail-counts">{t('visits.counts', v.counts)}</dd>
          {v.note && (
            <>
              <dt>{t('visits.note')}</dt>
              <dd>{v.note}</dd>
            </>
          )}
        </dl>
        <ErrorBanner error={remove.error} onClose={remove.clearError} />
      </Panel>
      <Panel title={t('visits.findings', { n: v.findings.length })}>
        <table className="table" data-testid="visit-detail-findings">
          <thead>
            <tr>
              <th>{t('visits.finding.kind')}</th>
              <th>{t('level.village')}</th>
              <th>{t('visits.finding.text')}</th>
              <th>{t('visits.finding.ledger')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {v.findings.map((f) => (
              <tr key={f.id} data-testid={`finding-${f.id}`}>
                <td>
                  <span className={`tag kind-${f.kind}`}>{kindLabel(f.kind)}</span>
                </td>
                <td>
                  {f.villageName}
                  {f.householdName && <span className="muted"> · {f.householdName}</span>}
                  {f.placeDetail && <span className="muted"> {f.placeDetail}</span>}
                </td>
                <td>{f.text}</td>
                <td>
                  {f.problemId && (
                    <>
                      <a href={href('problems', f.problemId)} data-testid={`finding-problem-${f.id}`}>
                        {f.problemId}
                      </a>{' '}
                      {f.problemStatus && <span className={`status status-${f.problemStatus}`}>{statusLabel(f.problemStatus)}</span>}
                    </>
                  )}
                </td>
                <td>
                  <Allowed method="visits.removeFinding" hide>
                    <button
                      type="button"
                      className="link-button"
                      disabled={removeFinding.busy}
                      onClick={async () => {
                        if (await removeFinding.run(f.id)) setVersion((n) => n + 1)
                      }}
                    >
                      {t('visits.remove')}
                    </button>
                  </Allowed>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ErrorBanner error={removeFinding.error} onClose={removeFinding.clearError} />
        <Allowed method="visits.addFinding" hide>
          <h3 className="section-title">{t('visits.finding.addTitle')}</h3>
          {added && <Notice testId="finding-added">{t('visits.finding.added')}</Notice>}
          <FindingEditor
            villages={places}
            date={v.date}
            busy={add.busy}
            onAdd={async (f) => {
              setAdded(false)
              const r = await add.run(f)
              if (r) {
                setAdded(true)
                setVersion((n) => n + 1)
              }
              return r !== undefined
            }}
          />
        </Allowed>
        <ErrorBanner error={add.error} onClose={add.clearError} />
      </Panel>
      {confirm && (
        <ConfirmDialog
          title={t('visits.deleteTitle')}
          confirmLabel={t('visits.delete')}
          busy={remove.busy}
          onCancel={() => setConfirm(false)}
          onConfirm={async () => {
            setConfirm(false)
            if (await remove.run()) navigate('visits', 'records')
          }}
        >
          {t('visits.deleteText', { id })}
        </ConfirmDialog>
      )}
    </>
  )
}

/** The record's date, team, households per village and note; villages come and go with findings. */
function VisitEdit({ v, onDone }: { v: VisitView; onDone: (saved: boolean) => void }) {
  const [date, setDate] = useState(v.date)
  const [team, setTeam] = useState(v.team.join('、'))
  const [households, setHouseholds] = useState(v.villages.map((x) => String(x.households)))
  const [note, setNote] = useState(v.note ?? '')
  const save = useAction(() =>
    call('visits.update', {
      id: v.id,
      date,
      team: splitNames(team),
      villages: v.villages.map((x, i) => ({ ...x, households: Number(households[i]) || 0 })),
      ...(note.trim() ? { note } : {}),
    }),
  )
  return (
    <form
      className="form-grid visit-edit"
      data-testid="visit-edit-form"
      onSubmit={async (e) => {
        e.preventDefault()
        if (await save.run()) onDone(true)
      }}
    >
      <label>
        {t('visits.date')}
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required data-testid="visit-edit-date" />
      </label>
      <label>
        {t('visits.team')}
        <input value={team} onChange={(e) => setTeam(e.target.value)} required data-testid="visit-edit-team" />
      </label>
      {v.villages.map((x, i) => (
        <label key={x.villageCode}>
          {t('visits.villageHouseholdsLabel', { name: v.villageNames[x.villageCode] ?? x.villageCode })}
          <input type="number" min={0} value={households[i]} onChange={(e) => setHouseholds(households.map((h, j) => (j === i ? e.target.value : h)))} />
        </label>
      ))}
      <label className="span-all">
        {t('visits.note')}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} />
      </label>
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={save.busy} data-testid="visit-edit-save">
          {save.busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
      <div className="span-all">
        <ErrorBanner error={save.error} onClose={save.clearError} />
      </div>
    </form>
  )
}
