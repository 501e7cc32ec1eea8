// 对账: for the city, a county, a township or a village, one row per next-level division (per
// household in a village): deposits received, refunded, converted, offset and the balance;
// subsidies entitled, paid and outstanding. Click a row to go down a level; export to Excel.
import { useState } from 'react'
import type { ReconRow, Reconciliation } from '../../../../core/contract'
import { FUNDING_LEVELS, SUBSIDY_ITEMS } from '../../../../core/domain/policy'
import { call } from '../../api'
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { saveFile } from '../../files'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { fmtYuan } from './money-text'

export function ReconcileTab({ season }: { season: string }) {
  const [trail, setTrail] = useState<Array<{ code: string; name: string }>>([])
  const [asOf, setAsOf] = useState('')
  const scope = trail.at(-1)?.code
  const rec = useAsync(() => call('reconcile.summary', { scopeCode: scope, season, asOf: asOf || undefined }), [scope, season, asOf], { keep: true })
  const exp = useAction(async () => saveFile(await call('reconcile.export', { scopeCode: scope, season, asOf: asOf || undefined })))
  const d = rec.data
  return (
    <Panel
      testId="reconcile"
      title={d ? t('money.reconcile.title', { name: d.scope.name, season }) : t('money.tab.reconcile')}
      actions={
        <button type="button" className="primary" onClick={() => void exp.run()} disabled={exp.busy || !d} data-testid="reconcile-export">
          {exp.busy ? t('common.working') : t('money.reconcile.export')}
        </button>
      }
    >
      <div className="reconcile-controls">
        <nav className="breadcrumb" data-testid="reconcile-trail">
          <button type="button" className="link-button" onClick={() => setTrail([])}>
            {t('money.reconcile.all')}
          </button>
          {trail.map((s, i) => (
            <span key={s.code}>
              <span className="crumb-sep">/</span>
              <button type="button" className="link-button" onClick={() => setTrail(trail.slice(0, i + 1))}>
                {s.name}
              </button>
            </span>
          ))}
        </nav>
        <div className="reconcile-search">
          <DivisionSearchBox onPick={(h) => setTrail([{ code: h.code, name: h.name }])} placeholder={t('money.reconcile.search')} testId="reconcile-search" />
        </div>
        <label className="inline-field">
          {t('money.reconcile.asOf')}
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} data-testid="reconcile-asof" />
        </label>
      </div>
      <ErrorBanner error={rec.error ?? exp.error} onClose={exp.clearError} />
      {!d ? !rec.error && <Loading /> : <ReconTable d={d} onOpen={(r) => setTrail([...trail, { code: r.code, name: r.name }])} />}
    </Panel>
  )
}

function ReconTable({ d, onOpen }: { d: Reconciliation; onOpen: (r: ReconRow) => void }) {
  const canOpen = d.rowLevel !== 'household'
  const row = (r: ReconRow, total: boolean) => (
    <tr key={total ? 'total' : r.code} className={total ? 'total-row' : undefined} data-testid={total ? 'reconcile-total' : `reconcile-row-${r.code}`}>
      <th className="nowrap">
        {total ? (
          t('money.total')
        ) : canOpen ? (
          <button type="button" className="link-button" onClick={() => onOpen(r)} data-testid="reconcile-open">
            {r.name}
          </button>
        ) : (
          r.name
        )}
      </th>
      <td className="num group-start">{fmtYuan(r.deposits.received)}</td>
      <td className="num">{fmtYuan(r.deposits.refunded)}</td>
      <td className="num">{fmtYuan(r.deposits.converted)}</td>
      <td className="num">{fmtYuan(r.deposits.offset)}</td>
      <td className="num strong">{fmtYuan(r.deposits.balance)}</td>
      <td className="num group-start">{r.households}</td>
      <td className="num">{fmtYuan(r.subsidy.entitled)}</td>
      <td className="num">{fmtYuan(r.subsidy.paid)}</td>
      <td className={`num strong${r.subsidy.outstanding < 0 ? ' warn-text' : ''}`}>{fmtYuan(r.subsidy.outstanding)}</td>
    </tr>
  )
  const items = SUBSIDY_ITEMS.filter((it) => d.total.byItem[it].entitled !== 0 || d.total.byItem[it].paid !== 0)
  const levels = FUNDING_LEVELS.filter((l) => d.total.byLevel[l].entitled !== 0 || d.total.byLevel[l].paid !== 0)
  return (
    <>
      <p className="muted small">
        {d.policy ? t('money.entitlements.policyLine', { name: d.policy.name, revision: d.policy.revision }) : t('money.noPolicy', { season: d.season })}
        {d.asOf ? ` ${t('money.reconcile.asOfLine', { date: d.asOf })}` : ''}
      </p>
      <div className="table-wrap tall">
        <table className="table money-table recon-table" data-testid="reconcile-table">
          <thead>
            <tr>
              <th rowSpan={2}>{t(`money.reconcile.level.${d.rowLevel}`)}</th>
              <th colSpan={5} className="group-start">
                {t('money.reconcile.deposits')}
              </th>
              <th colSpan={4} className="group-start">
                {t('money.reconcile.subsidies')}
              </th>
            </tr>
            <tr className="subhead">
              <th className="num group-start">{t('money.col.received')}</th>
              <th className="num">{t('money.col.refunded')}</th>
              <th className="num">{t('money.col.converted')}</th>
              <th className="num">{t('money.col.offset')}</th>
              <th className="num">{t('money.col.balance')}</th>
              <th className="num group-start">{t('money.reconcile.households')}</th>
              <th className="num">{t('money.col.entitled')}</th>
              <th className="num">{t('money.col.paid')}</th>
              <th className="num">{t('money.col.outstanding')}</th>
            </tr>
          </thead>
          <tbody>{d.rows.map((r) => row(r, false))}</tbody>
          <tfoot>{row(d.total, true)}</tfoot>
        </table>
      </div>
      {(items.length > 0 || levels.length > 0) && (
        <div className="recon-breakdown">
          <Breakdown title={t('money.reconcile.byItem')} rows={items.map((it) => [t(`money.item.${it}`), d.total.byItem[it]])} testId="reconcile-by-item" />
          <Breakdown title={t('money.reconcile.byLevel')} rows={levels.map((l) => [t(`money.level.${l}`), d.total.byLevel[l]])} testId="reconcile-by-level" />
        </div>
      )}
      {d.total.subsidy.outstanding < 0 && <Notice kind="warn">{t('money.reconcile.overpaid')}</Notice>}
    </>
  )
}

function Breakdown({ title, rows, testId }: { title: string; rows: Array<[string, { entitled: number; paid: number; outstanding: number }]>; testId: string }) {
  return (
    <table className="table compact money-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{title}</th>
          <th className="num">{t('money.col.entitled')}</th>
          <th className="num">{t('money.col.paid')}</th>
          <th className="num">{t('money.col.outstanding')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, a]) => (
          <tr key={name}>
            <th>{name}</th>
            <td className="num">{fmtYuan(a.entitled)}</td>
            <td className="num">{fmtYuan(a.paid)}</td>
            <td className="num">{fmtYuan(a.outstanding)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
