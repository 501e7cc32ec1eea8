// One household's money for a season: each item's entitlement with the calculation in words,
// what was paid and what is still due; its financial data (bank card masked unless asked, which
// is audited) and its meter readings.
import { useState } from 'react'
import type { FinanceView, HouseholdEntitlements } from '../../../../core/contract'
import { LOW_INCOME, type LowIncome } from '../../../../core/domain/policy'
import { quantityText } from '../../../../core/domain/quantity'
import { call } from '../../api'
import { canReveal } from '../../access'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { fmtYuan } from './money-text'
import { Allowed } from '../../components/Allowed'

export function HouseholdMoney(props: { householdId: string; season: string; version: number; onChanged: () => void }) {
  const ent = useAsync(() => call('entitlements.household', { householdId: props.householdId, season: props.season }), [props.householdId, props.season, props.version], { keep: true })
  const fin = useAsync(() => call('finance.get', { householdId: props.householdId }), [props.householdId, props.version], { keep: true })
  if (ent.error) return <ErrorBanner error={ent.error} />
  if (!ent.data) return <Loading />
  const e = ent.data
  return (
    <Panel testId="household-money" title={<span>{t('money.entitlements.householdTitle', { name: e.headName, season: props.season })}<span className="muted small title-path">{e.place}</span></span>}>
      <p className="muted small">{t('money.entitlements.householdLine', { route: e.routeName, stage: e.stageName, lowIncome: t(`money.lowIncome.${e.lowIncome}`) })}</p>
      <EntitlementDetail e={e} />
      <div className="money-forms">
        {/* Keyed by what they show, so a form starts again from data that changed (an import),
            not from the previous answer kept on screen while the new one loads. */}
        {fin.data ? (
          <Allowed method="finance.update">
            <FinanceForm key={JSON.stringify(fin.data)} f={fin.data} onSaved={props.onChanged} />
          </Allowed>
        ) : (
          <ErrorBanner error={fin.error} />
        )}
        <Allowed method="readings.record">
          <ReadingsForm key={`${props.season}-${JSON.stringify(e.reading ?? null)}`} e={e} onSaved={props.onChanged} />
        </Allowed>
      </div>
    </Panel>
  )
}

function EntitlementDetail({ e }: { e: HouseholdEntitlements }) {
  if (!e.policy) return <Notice kind="warn">{t('money.noPolicy', { season: e.season })}</Notice>
  if (e.items.length === 0) return <p className="muted">{t('money.entitlements.noneForRoute')}</p>
  return (
    <div className="table-wrap">
      <table className="table money-table" data-testid="entitlement-detail">
        <thead>
          <tr>
            <th>{t('money.col.item')}</th>
            <th className="num">{t('money.col.entitled')}</th>
            <th className="num">{t('money.col.paid')}</th>
            <th className="num">{t('money.col.outstanding')}</th>
            <th>{t('money.col.payee')}</th>
            <th>{t('money.col.calculation')}</th>
          </tr>
        </thead>
        <tbody>
          {e.items.map((it) => (
            <tr key={it.item} data-testid={`entitlement-item-${it.item}`}>
              <td className="nowrap">
                {t(`money.item.${it.item}`)}
                {it.status !== 'entitled' && <span className="tag tag-muted">{t(`money.status.${it.status}`)}</span>}
              </td>
              <td className="num">{fmtYuan(it.amount)}</td>
              <td className="num">{fmtYuan(it.paidTotal)}</td>
              <td className={`num${it.outstanding < 0 ? ' warn-text' : ''}`}>{it.outstanding < 0 ? t('money.overpaid', { amount: fmtYuan(-it.outstanding) }) : fmtYuan(it.outstanding)}</td>
              <td>{t(`money.payee.${it.payee}`)}</td>
              <td className="words" data-testid="entitlement-words">
                {it.words}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="total-row">
            <th>{t('money.total')}</th>
            <td className="num">{fmtYuan(e.total.entitled)}</td>
            <td className="num">{fmtYuan(e.total.paid)}</td>
            <td className="num">{fmtYuan(e.total.outstanding)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

function FinanceForm({ f, onSaved }: { f: FinanceView; onSaved: () => void }) {
  const { info } = useApp()
  const [shown, setShown] = useState(f)
  const [v, setV] = useState({
    bankCard: f.bankCard ?? '',
    bankName: f.bankName ?? '',
    accountHolder: f.accountHolder ?? '',
    lowIncome: f.lowIncome,
    equipmentType: f.equipmentType ?? '',
    equipmentCost: f.equipmentCost === undefined ? '' : fmtYuan(f.equipmentCost),
    constructionCost: f.constructionCost === undefined ? '' : fmtYuan(f.constructionCost),
    gasCardNo: f.gasCardNo ?? '',
  })
  const [ok, setOk] = useState(false)
  const save = useAction(() => call('finance.update', { householdId: f.householdId, ...v }))
  const reveal = useAction(() => call('finance.get', { householdId: f.householdId, reveal: true }))
  const field = (k: Exclude<keyof typeof v, 'lowIncome'>, label: string, hint?: string) => (
    <label>
      {label}
      <input value={v[k]} onChange={(e) => setV((x) => ({ ...x, [k]: e.target.value }))} placeholder={hint} data-testid={`fin-${k}`} />
    </label>
  )
  return (
    <form
      className="form-grid"
      data-testid="finance-form"
      onSubmit={async (e) => {
        e.preventDefault()
        setOk(false)
        if (await save.run()) {
          setOk(true)
          onSaved()
        }
      }}
    >
      <h3 className="span-all section-title">{t('money.finance.title')}</h3>
      {field('bankCard', t('money.finance.bankCard'))}
      <div className="reveal-cell">
        {canReveal(info) && shown.bankCard && !shown.revealed && (
          <button
            type="button"
            className="link-button"
            title={t('households.revealNote')}
            onClick={async () => {
              const r = await reveal.run()
              if (r) {
                setShown(r)
                setV((x) => ({ ...x, bankCard: r.bankCard ?? '' }))
              }
            }}
            data-testid="fin-reveal"
          >
            {t('money.finance.reveal')}
          </button>
        )}
      </div>
      {field('bankName', t('money.finance.bankName'))}
      {field('accountHolder', t('money.finance.accountHolder'), t('money.finance.accountHolderHint'))}
      <label>
        {t('money.lowIncome')}
        <select value={v.lowIncome} onChange={(e) => setV((x) => ({ ...x, lowIncome: e.target.value as LowIncome }))} data-testid="fin-lowIncome">
          {LOW_INCOME.map((k) => (
            <option key={k} value={k}>
              {t(`money.lowIncome.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {field('equipmentType', t('money.finance.equipmentType'), t('money.policy.variantHint'))}
      {field('equipmentCost', t('money.finance.equipmentCost'), t('money.yuanHint'))}
      {field('constructionCost', t('money.finance.constructionCost'), t('money.yuanHint'))}
      {field('gasCardNo', t('money.finance.gasCardNo'))}
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={save.busy} data-testid="fin-save">
          {save.busy ? t('common.saving') : t('common.save')}
        </button>
        {ok && <Notice testId="fin-saved">{t('money.saved')}</Notice>}
      </div>
      <div className="span-all">
        <ErrorBanner error={save.error ?? reveal.error} onClose={() => (save.clearError(), reveal.clearError())} />
      </div>
    </form>
  )
}

function ReadingsForm({ e, onSaved }: { e: HouseholdEntitlements; onSaved: () => void }) {
  const { info } = useApp()
  const r = e.reading
  const [v, setV] = useState({
    pre: r?.pre === undefined ? '' : quantityText(r.pre),
    preDate: r?.preDate ?? '',
    post: r?.post === undefined ? '' : quantityText(r.post),
    postDate: r?.postDate ?? '',
  })
  const [ok, setOk] = useState(false)
  const save = useAction(() =>
    call('readings.record', { householdId: e.householdId, season: e.season, pre: v.pre, post: v.post, preDate: v.preDate || undefined, postDate: v.postDate || undefined }),
  )
  return (
    <form
      className="form-grid"
      data-testid="readings-form"
      onSubmit={async (ev) => {
        ev.preventDefault()
        setOk(false)
        if (await save.run()) {
          setOk(true)
          onSaved()
        }
      }}
    >
      <h3 className="span-all section-title">{t('money.readings.title', { season: e.season })}</h3>
      <label>
        {t('money.readings.pre')}
        <input value={v.pre} onChange={(x) => setV((s) => ({ ...s, pre: x.target.value }))} inputMode="decimal" data-testid="reading-pre" />
      </label>
      <label>
        {t('money.readings.preDate')}
        <input type="date" value={v.preDate} max={info.today} onChange={(x) => setV((s) => ({ ...s, preDate: x.target.value }))} />
      </label>
      <label>
        {t('money.readings.post')}
        <input value={v.post} onChange={(x) => setV((s) => ({ ...s, post: x.target.value }))} inputMode="decimal" data-testid="reading-post" />
      </label>
      <label>
        {t('money.readings.postDate')}
        <input type="date" value={v.postDate} max={info.today} onChange={(x) => setV((s) => ({ ...s, postDate: x.target.value }))} />
      </label>
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={save.busy} data-testid="reading-save">
          {save.busy ? t('common.saving') : t('common.save')}
        </button>
        {ok && <Notice testId="reading-saved">{t('money.saved')}</Notice>}
      </div>
      <div className="span-all">
        <ErrorBanner error={save.error} onClose={save.clearError} />
      </div>
    </form>
  )
}
