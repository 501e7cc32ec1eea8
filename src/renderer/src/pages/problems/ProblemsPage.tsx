// 问题台账: every problem with its place, source, responsible unit, deadline and status; filters
// by county, status and unit; overdue ones in red; a new complaint or report; the Excel export.
// A problem's own page (#/problems/WT2026-0001) shows its steps and moves it on.
import { useState } from 'react'
import type { ProblemRow } from '../../../../core/contract'
import { PROBLEM_STATUSES, type ProblemStatus } from '../../../../core/domain/problems'
import { call } from '../../api'
import { CountySelect } from '../../components/CountySelect'
import { ErrorBanner } from '../../components/ErrorBanner'
import { ExportButton } from '../../components/ExportButton'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href, navigate } from '../../route'
import { sourceLabel, statusLabel } from './labels'
import { ProblemDetail } from './ProblemDetail'
import { ProblemForm } from './ProblemForm'
import { Allowed } from '../../components/Allowed'

type StatusFilter = ProblemStatus | 'unclosed' | ''

export function ProblemsPage({ id }: { id?: string }) {
  if (id === 'new') return <NewProblem />
  if (id) return <ProblemDetail id={id} />
  return <Ledger />
}

function NewProblem() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('problems.new')}</h1>
        <a href={href('problems')}>{t('problems.back')}</a>
      </div>
      <Panel>
        <Allowed method="problems.create">
          <ProblemForm onCreated={(p) => navigate('problems', p.id)} />
        </Allowed>
      </Panel>
    </div>
  )
}

function Ledger() {
  const [county, setCounty] = useState('')
  const [status, setStatus] = useState<StatusFilter>('')
  const [unit, setUnit] = useState('')
  const [overdueOnly, setOverdueOnly] = useState(false)
  const [q, setQ] = useState('')
  const filter = {
    ...(county ? { countyCode: county } : {}),
    ...(status ? { status } : {}),
    ...(unit ? { responsibleUnit: unit } : {}),
    ...(overdueOnly ? { overdueOnly } : {}),
    ...(q.trim() ? { q: q.trim() } : {}),
  }
  const key = JSON.stringify(filter)
  const ledger = useAsync(() => call('problems.list', filter), [key], { keep: true })

  const l = ledger.data
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.problems')}</h1>
        {l && (
          <span className="muted" data-testid="problems-date">
            {t('problems.asOf', { date: l.date })}
          </span>
        )}
        <Allowed method="problems.create" hide>
          <a className="button-link primary" href={href('problems', 'new')} data-testid="problems-new">
            {t('problems.new')}
          </a>
        </Allowed>
        <ExportButton label={t('problems.export')} make={() => call('problems.export', filter)} disabled={!l} testId="problems-export" />
      </div>
      {l && (
        <div className="status-chips" data-testid="problems-counts">
          <button type="button" className={status === '' ? 'chip active' : 'chip'} onClick={() => setStatus('')} data-testid="chip-all">
            {t('problems.chip.all', { n: fmtInt(l.counts.total) })}
          </button>
          {PROBLEM_STATUSES.map((s) => (
            <button key={s} type="button" className={`chip chip-${s}${status === s ? ' active' : ''}`} onClick={() => setStatus(s)} data-testid={`chip-${s}`}>
              {statusLabel(s)} <strong>{fmtInt(l.counts[s])}</strong>
            </button>
          ))}
          <button type="button" className={`chip chip-overdue${overdueOnly ? ' active' : ''}`} onClick={() => setOverdueOnly(!overdueOnly)} data-testid="chip-overdue">
            {t('problems.overdue')} <strong>{fmtInt(l.counts.overdue)}</strong>
          </button>
        </div>
      )}
      <Panel>
        <div className="filter-row">
          <label>
            {t('level.county')}
            <CountySelect value={county} onChange={setCounty} testId="problems-county" />
          </label>
          <label>
            {t('problems.col.status')}
            <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)} data-testid="problems-status">
              <option value="">{t('map.all')}</option>
              <option value="unclosed">{t('problems.unclosed')}</option>
              {PROBLEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('problems.col.unit')}
            <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="problems-unit">
              <option value="">{t('map.all')}</option>
              {(l?.units ?? []).map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} data-testid="problems-overdue" />
            {t('problems.overdueOnly')}
          </label>
          <label>
            {t('problems.search')}
            <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('problems.searchHint')} data-testid="problems-q" />
          </label>
        </div>
        <ErrorBanner error={ledger.error} />
        {!l ? <Loading /> : <LedgerTable rows={l.items} />}
      </Panel>
    </div>
  )
}

function LedgerTable({ rows }: { rows: ProblemRow[] }) {
  if (rows.length === 0) return <p className="muted" data-testid="problems-empty">{t('problems.none')}</p>
  return (
    <div className="table-wrap tall">
      <table className="table ledger-table" data-testid="problems-table">
        <thead>
          <tr>
            <th>{t('problems.col.id')}</th>
            <th>{t('problems.col.place')}</th>
            <th>{t('problems.col.description')}</th>
            <th>{t('problems.col.source')}</th>
            <th>{t('problems.col.unit')}</th>
            <th>{t('problems.col.deadline')}</th>
            <th>{t('problems.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} className={p.overdue ? 'overdue' : undefined} data-testid={`problem-row-${p.id}`}>
              <td className="nowrap">
                <a href={href('problems', p.id)}>{p.id}</a>
              </td>
              <td>
                {p.countyName} {p.townshipName} {p.villageName}
                {p.placeDetail && <span className="muted"> {p.placeDetail}</span>}
              </td>
              <td className="desc">{p.description}</td>
              <td className="nowrap">{sourceLabel(p.source)}</td>
              <td>
                {p.responsibleUnit || <span className="muted">{t('problems.unassigned')}</span>}
                {p.responsiblePerson && <span className="muted">（{p.responsiblePerson}）</span>}
              </td>
              <td className="nowrap">
                {p.deadline}
                {p.overdue && <span className="tag tag-red" data-testid="overdue-tag">{t('problems.daysOverdue', { n: p.daysOverdue })}</span>}
              </td>
              <td className="nowrap">
                <span className={`status status-${p.status}`}>{statusLabel(p.status)}</span>
                {p.closedOn && <span className="muted small"> {p.closedOn}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
