// 押金: a village's households with their deposit totals; one household's entries, the forms to
// receive, refund, convert or offset, reversal (冲正) and receipts; the deposit register export.
import { useState } from 'react'
import type { VillageDeposits } from '../../../../core/contract'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { saveFile } from '../../files'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { HouseholdDeposits } from './HouseholdDeposits'
import { fmtYuan } from './money-text'
import { VillageFrame } from './VillageFrame'

export function DepositsTab(props: { villageCode?: string; onVillage: (code: string) => void }) {
  const [version, setVersion] = useState(0)
  return (
    <VillageFrame
      villageCode={props.villageCode}
      onVillage={props.onVillage}
      pickHint={t('money.deposits.pickHint')}
      list={(code, selected, onSelect) => <VillageDepositList key={code} villageCode={code} version={version} selected={selected} onSelect={onSelect} />}
      detail={(id) => <HouseholdDeposits key={id} householdId={id} onChanged={() => setVersion((v) => v + 1)} />}
    />
  )
}

function VillageDepositList(props: { villageCode: string; version: number; selected?: string; onSelect: (id: string) => void }) {
  const list = useAsync(() => call('deposits.village', { villageCode: props.villageCode }), [props.villageCode, props.version], { keep: true })
  const exportRegister = useAction(async (scopeCode: string) => saveFile(await call('deposits.register', { scopeCode })))
  const d = list.data
  return (
    <Panel
      testId="deposit-village"
      title={d ? t('money.deposits.villageTitle', { place: d.place }) : t('money.tab.deposits')}
      actions={
        <>
          <button type="button" disabled={exportRegister.busy} onClick={() => void exportRegister.run(props.villageCode)} data-testid="deposit-register-village">
            {t('money.deposits.registerVillage')}
          </button>
          <button type="button" disabled={exportRegister.busy} onClick={() => void exportRegister.run(props.villageCode.slice(0, 6))} data-testid="deposit-register-county">
            {t('money.deposits.registerCounty')}
          </button>
        </>
      }
    >
      <ErrorBanner error={list.error ?? exportRegister.error} onClose={exportRegister.clearError} />
      {!d ? !list.error && <Loading /> : <DepositTable d={d} selected={props.selected} onSelect={props.onSelect} />}
    </Panel>
  )
}

function DepositTable({ d, selected, onSelect }: { d: VillageDeposits; selected?: string; onSelect: (id: string) => void }) {
  if (d.rows.length === 0) return <p className="muted">{t('money.noHouseholds')}</p>
  return (
    <div className="table-wrap tall">
      <table className="table money-table" data-testid="deposit-table">
        <thead>
          <tr>
            <th>{t('field.headName')}</th>
            <th>{t('money.col.householdId')}</th>
            <th className="num">{t('money.col.received')}</th>
            <th className="num">{t('money.col.refunded')}</th>
            <th className="num">{t('money.col.converted')}</th>
            <th className="num">{t('money.col.offset')}</th>
            <th className="num">{t('money.col.balance')}</th>
            <th className="num">{t('money.col.receipts')}</th>
          </tr>
        </thead>
        <tbody>
          {d.rows.map((r) => (
            <tr key={r.householdId} className={r.householdId === selected ? 'selected' : undefined} data-testid={`deposit-row-${r.householdId}`}>
              <td>
                <button type="button" className="link-button" onClick={() => onSelect(r.householdId)} data-testid="deposit-open">
                  {r.headName}
                </button>
              </td>
              <td className="code">{r.householdId}</td>
              <td className="num">{fmtYuan(r.totals.received)}</td>
              <td className="num">{fmtYuan(r.totals.refunded)}</td>
              <td className="num">{fmtYuan(r.totals.converted)}</td>
              <td className="num">{fmtYuan(r.totals.offset)}</td>
              <td className="num strong">{fmtYuan(r.totals.balance)}</td>
              <td className="num">{r.receipts}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="total-row">
            <th colSpan={2}>{t('money.total')}</th>
            <td className="num">{fmtYuan(d.totals.received)}</td>
            <td className="num">{fmtYuan(d.totals.refunded)}</td>
            <td className="num">{fmtYuan(d.totals.converted)}</td>
            <td className="num">{fmtYuan(d.totals.offset)}</td>
            <td className="num" data-testid="deposit-village-balance">
              {fmtYuan(d.totals.balance)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
