// One household's deposit: the balance as an equation a clerk can check, the form for the next
// operation, and every entry (reversed ones marked), with 冲正, 打印 (the receipt or voucher on one A4
// page of three parts) and its .xlsx.
import { useState } from 'react'
import type { DepositSlip, LedgerEntryView } from '../../../../core/contract'
import type { DepositEntry, DepositKind } from '../../../../core/domain/ledger'
import { call } from '../../api'
import { can } from '../../access'
import { useApp } from '../../AppContext'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { saveFile } from '../../files'
import { fmtDateTime } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { DepositForm } from './DepositForm'
import { fmtYuan } from './money-text'
import { SlipPrint } from './SlipPrint'
import { Allowed } from '../../components/Allowed'

export function HouseholdDeposits({ householdId, onChanged }: { householdId: string; onChanged: () => void }) {
  const { info } = useApp()
  const [version, setVersion] = useState(0)
  const [done, setDone] = useState<DepositEntry>()
  const [reversing, setReversing] = useState<LedgerEntryView>()
  const d = useAsync(() => call('deposits.household', { householdId }), [householdId, version], { keep: true })
  const receipt = useAction(async (entryId: string) => saveFile(await call('deposits.receipt', { entryId })))
  const voucher = useAction(async (entryId: string) => saveFile(await call('deposits.voucher', { entryId })))
  const [slip, setSlip] = useState<DepositSlip>()
  const print = useAction(async (entryId: string) => setSlip(await call('deposits.slip', { entryId })))
  const changed = (e: DepositEntry) => {
    setDone(e)
    setVersion((v) => v + 1)
    onChanged()
  }
  if (!d.data) return d.error ? <ErrorBanner error={d.error} /> : <Loading />
  const h = d.data
  const tt = h.totals
  return (
    <Panel testId="deposit-household" title={<span>{t('money.deposits.householdTitle', { name: h.headName })}<span className="muted small title-path">{h.place}</span></span>}>
      <p className="money-equation" data-testid="deposit-equation">
        {t('money.deposits.equation', {
          received: fmtYuan(tt.received),
          refunded: fmtYuan(tt.refunded),
          converted: fmtYuan(tt.converted),
          offset: fmtYuan(tt.offset),
          balance: fmtYuan(tt.balance),
        })}
      </p>
      <Allowed method="deposits.receive" hide>
        <DepositForm householdId={householdId} balance={tt.balance} onDone={changed} />
      </Allowed>
      {done && (
        <Notice testId="deposit-done">
          {done.reverses ? t('money.deposits.reversedDone', { what: describe(h.entries.find((x) => x.id === done.reverses)) }) : t(`money.deposits.done.${done.kind}`, { amount: fmtYuan(done.amount), receipt: done.receiptNo ?? '' })}
          {!done.reverses && (
            <button
              type="button"
              className="link-button"
              title={t(done.receiptNo ? 'money.deposits.printTitle.receipt' : 'money.deposits.printTitle.voucher')}
              onClick={() => void print.run(done.id)}
              data-testid="deposit-done-print"
            >
              {t('money.deposits.print')}
            </button>
          )}
          {done.receiptNo && (
            <button type="button" className="link-button" onClick={() => void receipt.run(done.id)} data-testid="deposit-done-receipt">
              {t('money.deposits.printReceipt')}
            </button>
          )}
        </Notice>
      )}
      <ErrorBanner error={receipt.error ?? voucher.error ?? print.error} onClose={() => (receipt.clearError(), voucher.clearError(), print.clearError())} />
      {slip && <SlipPrint slip={slip} onClose={() => setSlip(undefined)} />}
      <h3 className="section-title">{t('money.deposits.entries')}</h3>
      {h.entries.length === 0 ? (
        <p className="muted">{t('money.deposits.noEntries')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table money-table" data-testid="deposit-entries">
            <thead>
              <tr>
                <th>{t('money.col.date')}</th>
                <th>{t('money.col.kind')}</th>
                <th className="num">{t('money.col.amount')}</th>
                <th>{t('money.col.receiptNo')}</th>
                <th>{t('money.col.who')}</th>
                <th>{t('money.col.recordedAt')}</th>
                <th>{t('money.col.note')}</th>
                <th>{t('money.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {h.entries.map((e) => (
                <EntryRow
                  key={e.id}
                  e={e}
                  reversed={h.entries.find((x) => x.id === e.reverses)}
                  onReverse={() => setReversing(e)}
                  canReverse={can(info, 'ledger.reverse')}
                  onPrint={() => void print.run(e.id)}
                  onExcel={() => void (e.account === 'deposit' && e.kind === 'receive' ? receipt.run(e.id) : voucher.run(e.id))}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {reversing && (
        <ReverseDialog
          entry={reversing}
          onClose={(r) => {
            setReversing(undefined)
            if (r) changed(r)
          }}
        />
      )}
    </Panel>
  )
}

/** "2026-11-24 收取押金 1,000.00 元（收据 141021-2026-000002）": an entry as a clerk names it. */
function describe(e: LedgerEntryView | undefined): string {
  if (!e || e.account !== 'deposit') return ''
  const receipt = e.receiptNo ? t('money.deposits.receiptRef', { no: e.receiptNo }) : ''
  return `${e.date} ${t(`money.kind.${e.kind}`)} ${fmtYuan(e.amount)} ${t('money.yuan')}${receipt}`
}

function EntryRow(props: { e: LedgerEntryView; reversed?: LedgerEntryView; onReverse: () => void; canReverse: boolean; onPrint: () => void; onExcel: () => void }) {
  const { e, reversed, onReverse } = props
  if (e.account !== 'deposit') return null
  const cancelled = !!e.reversedBy
  return (
    <tr className={cancelled ? 'reversed' : e.reverses ? 'reversal' : undefined} data-testid={`entry-${e.id}`}>
      <td className="nowrap">{e.date}</td>
      <td className="nowrap" data-testid="entry-kind">
        {e.reverses ? t('money.kind.reversal', { kind: t(`money.kind.${e.kind}`) }) : t(`money.kind.${e.kind}`)}
        {cancelled && <span className="tag tag-muted">{t('money.deposits.reversedTag')}</span>}
      </td>
      <td className="num">{e.reverses ? `-${fmtYuan(e.amount)}` : fmtYuan(e.amount)}</td>
      <td className="code nowrap">{e.receiptNo ?? ''}</td>
      <td>{e.who}</td>
      <td className="nowrap">{fmtDateTime(e.at)}</td>
      <td>
        {e.reverses ? t('money.deposits.reversesNote', { what: describe(reversed), note: e.note ?? '' }) : [e.payer ? t('money.deposits.payer', { name: e.payer }) : '', e.gasCardNo ? t('money.deposits.gasCard', { no: e.gasCardNo }) : '', e.note ?? ''].filter(Boolean).join('；')}
      </td>
      <td className="nowrap">
        {!e.reverses && (
          <button
            type="button"
            className="link-button"
            title={t(e.receiptNo ? 'money.deposits.printTitle.receipt' : 'money.deposits.printTitle.voucher')}
            onClick={props.onPrint}
            data-testid="entry-print"
          >
            {t('money.deposits.print')}
          </button>
        )}
        {!e.reverses && (
          <button type="button" className="link-button" onClick={props.onExcel} data-testid={e.receiptNo ? 'entry-receipt' : 'entry-voucher'}>
            {e.receiptNo ? t('money.deposits.printReceipt') : t('money.deposits.voucherExcel')}
          </button>
        )}
        {!e.reverses && !cancelled && props.canReverse && (
          <button type="button" className="link-button" onClick={onReverse} data-testid="entry-reverse">
            {t('money.reverse')}
          </button>
        )}
      </td>
    </tr>
  )
}

function ReverseDialog({ entry, onClose }: { entry: LedgerEntryView; onClose: (r?: DepositEntry) => void }) {
  const { info } = useApp()
  const [reason, setReason] = useState('')
  const [date, setDate] = useState(info.today)
  const reverse = useAction(() => call('ledger.reverse', { entryId: entry.id, date, reason }))
  const kind = entry.account === 'deposit' ? (entry.kind as DepositKind) : 'receive'
  return (
    <ConfirmDialog
      title={t('money.reverseTitle')}
      confirmLabel={t('money.reverse')}
      busy={reverse.busy}
      onCancel={() => onClose()}
      onConfirm={async () => {
        const r = await reverse.run()
        if (r) onClose(r)
      }}
    >
      <p>{t('money.reverseText', { kind: t(`money.kind.${kind}`), amount: fmtYuan(entry.amount), date: entry.date })}</p>
      <div className="form-grid one-col">
        <label>
          {t('money.reverseReason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} data-testid="reverse-reason" />
        </label>
        <label>
          {t('money.reverseDate')}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="reverse-date" />
        </label>
      </div>
      <p className="muted small">{t('money.reverseNote')}</p>
      <ErrorBanner error={reverse.error} onClose={reverse.clearError} />
    </ConfirmDialog>
  )
}
