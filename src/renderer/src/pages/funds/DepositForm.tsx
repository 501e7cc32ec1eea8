// The next deposit operation for a household: 收取 / 退还 / 转充燃气费 / 抵扣, amount in yuan as
// typed (the core parses it), date, and what each kind needs (payer, gas card, what is offset).
import { useState } from 'react'
import type { DepositEntry, DepositKind } from '../../../../core/domain/ledger'
import { DEPOSIT_KINDS } from '../../../../core/domain/ledger'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useAction } from '../../hooks'
import { t } from '../../i18n'
import { fmtYuan } from './money-text'

export function DepositForm({ householdId, balance, onDone }: { householdId: string; balance: number; onDone: (e: DepositEntry) => void }) {
  const { info } = useApp()
  const [kind, setKind] = useState<DepositKind>('receive')
  const [amount, setAmount] = useState('')
  const [date, setDate] = useState(info.today)
  const [extra, setExtra] = useState('')
  const [note, setNote] = useState('')
  const save = useAction(async () => {
    const base = { householdId, amount, date, note: note.trim() || undefined }
    if (kind === 'receive') return call('deposits.receive', { ...base, payer: extra.trim() || undefined })
    if (kind === 'refund') return call('deposits.refund', base)
    if (kind === 'convert') return call('deposits.convert', { ...base, gasCardNo: extra.trim() || undefined })
    return call('deposits.offset', { ...base, note: note.trim() })
  })
  return (
    <form
      className="deposit-form"
      data-testid="deposit-form"
      onSubmit={async (e) => {
        e.preventDefault()
        const r = await save.run()
        if (r) {
          setAmount('')
          setExtra('')
          setNote('')
          onDone(r)
        }
      }}
    >
      <fieldset className="radio-group">
        <legend>{t('money.deposits.operation')}</legend>
        {DEPOSIT_KINDS.map((k) => (
          <label key={k} className="radio">
            <input type="radio" name="deposit-kind" value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`deposit-kind-${k}`} />
            {t(`money.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="form-grid deposit-fields">
        <label>
          {t('money.deposits.amount')}
          <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" placeholder={kind === 'receive' ? t('money.deposits.amountHint') : t('money.deposits.balanceHint', { balance: fmtYuan(balance) })} data-testid="deposit-amount" />
        </label>
        <label>
          {t(`money.deposits.date.${kind}`)}
          <input type="date" value={date} max={info.today} onChange={(e) => setDate(e.target.value)} data-testid="deposit-date" />
        </label>
        {(kind === 'receive' || kind === 'convert') && (
          <label>
            {kind === 'receive' ? t('money.deposits.payerLabel') : t('money.deposits.gasCardLabel')}
            <input value={extra} onChange={(e) => setExtra(e.target.value)} maxLength={kind === 'receive' ? 50 : 40} data-testid="deposit-extra" />
          </label>
        )}
        <label>
          {kind === 'offset' ? t('money.deposits.offsetNote') : t('money.col.note')}
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} required={kind === 'offset'} data-testid="deposit-note" />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.busy} data-testid="deposit-submit">
          {save.busy ? t('common.saving') : t(`money.deposits.submit.${kind}`)}
        </button>
        <span className="muted small">{t('money.deposits.appendOnly')}</span>
      </div>
      <ErrorBanner error={save.error} onClose={save.clearError} />
    </form>
  )
}
