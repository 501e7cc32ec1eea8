// One payment batch: who is on it and for how much (ID numbers and bank cards masked), its
// roster (full numbers only on request, which is audited), and what can be done in its state:
// a draft can be trimmed, paid or cancelled; a paid batch only reversed, wholly or in part.
import { useState } from 'react'
import type { BatchView } from '../../../../core/contract'
import { FUNDING_LEVELS } from '../../../../core/domain/policy'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { saveFile } from '../../files'
import { fmtDateTime } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { fmtYuan } from './money-text'
import { can, canReveal } from '../../access'

type Dialog = 'pay' | 'cancel' | 'reverse' | 'full'

export function BatchDetail({ batchId, onChanged, onOpen }: { batchId: string; onChanged: () => void; onOpen: (id: string) => void }) {
  const { info } = useApp()
  const b = useAsync(() => call('batches.get', { batchId }), [batchId])
  const [dialog, setDialog] = useState<Dialog>()
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const roster = useAction(async (full: boolean) => saveFile(await call('batches.roster', { batchId, full })))
  const remove = useAction((id: string) => call('batches.removeLines', { batchId, householdIds: [id] }))
  if (b.error) return <ErrorBanner error={b.error} />
  if (!b.data) return <Loading />
  const x = b.data
  const levels = FUNDING_LEVELS.filter((l) => x.byLevel[l] !== 0)
  const reversible = x.kind === 'payment' && x.status === 'paid'
  const open = x.lines.filter((l) => !l.reversedBy)
  return (
    <Panel
      testId="batch-detail"
      title={
        <span>
          {x.name}
          <span className="muted small title-path code">{x.id}</span>
        </span>
      }
      actions={
        <>
          <button type="button" onClick={() => void roster.run(false)} disabled={roster.busy} data-testid="batch-roster">
            {t('money.batches.roster')}
          </button>
          {canReveal(info) && (
            <button type="button" onClick={() => setDialog('full')} disabled={roster.busy} data-testid="batch-roster-full">
              {t('money.batches.rosterFull')}
            </button>
          )}
          {x.status === 'draft' && can(info, 'batches.pay') && (
            <>
              <button type="button" className="primary" onClick={() => setDialog('pay')} data-testid="batch-pay">
                {t('money.batches.pay')}
              </button>
              <button type="button" onClick={() => setDialog('cancel')} data-testid="batch-cancel">
                {t('money.batches.cancel')}
              </button>
            </>
          )}
          {reversible && open.length > 0 && can(info, 'batches.reverse') && (
            <button type="button" onClick={() => setDialog('reverse')} data-testid="batch-reverse">
              {picked.size > 0 ? t('money.batches.reversePicked', { n: picked.size }) : t('money.batches.reverseAll')}
            </button>
          )}
        </>
      }
    >
      <BatchFacts x={x} onOpen={onOpen} />
      <ErrorBanner error={roster.error ?? remove.error} onClose={() => (roster.clearError(), remove.clearError())} />
      {reversible && open.length > 0 && <p className="muted small">{t('money.batches.reverseHelp')}</p>}
      <div className="table-wrap tall">
        <table className="table money-table" data-testid="batch-lines">
          <thead>
            <tr>
              {reversible && <th />}
              <th>{t('money.col.no')}</th>
              <th>{t('money.col.village')}</th>
              <th>{t('field.headName')}</th>
              <th>{t('field.idNumber')}</th>
              <th>{t('money.finance.bankName')}</th>
              <th>{t('money.finance.bankCard')}</th>
              <th>{t('money.policy.payee')}</th>
              {levels.map((l) => (
                <th key={l} className="num">
                  {t(`money.level.${l}`)}
                </th>
              ))}
              <th className="num">{t('money.col.amount')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {x.lines.map((l, i) => (
              <tr key={l.householdId} className={l.reversedBy ? 'reversed' : undefined} data-testid={`batch-line-${l.householdId}`}>
                {reversible && (
                  <td>
                    {!l.reversedBy && (
                      <input
                        type="checkbox"
                        checked={picked.has(l.householdId)}
                        aria-label={t('money.batches.pickLine', { name: l.headName })}
                        onChange={(e) => {
                          const next = new Set(picked)
                          if (e.target.checked) next.add(l.householdId)
                          else next.delete(l.householdId)
                          setPicked(next)
                        }}
                        data-testid="batch-line-pick"
                      />
                    )}
                  </td>
                )}
                <td className="num">{i + 1}</td>
                <td>{l.villageName}</td>
                <td>{l.headName}</td>
                <td className="code">{l.idNumber ?? ''}</td>
                <td>{l.bankName ?? ''}</td>
                <td className="code">{l.bankCard ?? ''}</td>
                <td className="nowrap" data-testid="batch-line-payee">
                  {t(`money.payee.${l.payee}`)}
                </td>
                {levels.map((lv) => (
                  <td key={lv} className="num">
                    {fmtYuan(l.byLevel[lv])}
                  </td>
                ))}
                <td className="num">{fmtYuan(l.amount)}</td>
                <td className="nowrap">
                  {l.reversedBy && <span className="tag tag-muted">{t('money.deposits.reversedTag')}</span>}
                  {x.status === 'draft' && x.lines.length > 1 && can(info, 'batches.removeLines') && (
                    <button
                      type="button"
                      className="link-button"
                      disabled={remove.busy}
                      onClick={async () => {
                        if (await remove.run(l.householdId)) onChanged()
                      }}
                      data-testid="batch-line-remove"
                    >
                      {t('money.batches.removeLine')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="total-row">
              {reversible && <td />}
              <th colSpan={7}>{t('money.batches.totalLine', { n: x.lines.length })}</th>
              {levels.map((l) => (
                <td key={l} className="num">
                  {fmtYuan(x.byLevel[l])}
                </td>
              ))}
              <td className="num" data-testid="batch-total">
                {fmtYuan(x.total)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {dialog && (
        <BatchDialog
          kind={dialog}
          x={x}
          picked={[...picked]}
          onClose={(changed) => {
            setDialog(undefined)
            if (changed) {
              setPicked(new Set())
              onChanged()
            }
          }}
        />
      )}
    </Panel>
  )
}

function BatchFacts({ x, onOpen }: { x: BatchView; onOpen: (id: string) => void }) {
  return (
    <dl className="batch-facts" data-testid="batch-facts">
      <dt>{t('money.batches.status')}</dt>
      <dd data-testid="batch-status">{t(x.kind === 'reversal' ? 'money.batches.kind.reversal' : `money.batches.status.${x.status}`)}</dd>
      <dt>{t('money.col.item')}</dt>
      <dd>{t(`money.item.${x.item}`)}</dd>
      <dt>{t('money.batches.scope')}</dt>
      <dd>{x.scopeName}</dd>
      <dt>{t('money.batches.created')}</dt>
      <dd>
        {x.createdBy} {fmtDateTime(x.createdAt)}
      </dd>
      {x.paidOn && (
        <>
          <dt>{x.kind === 'reversal' ? t('money.reverseDate') : t('money.batches.paidOn')}</dt>
          <dd>
            {x.paidOn}
            {x.voucherNo ? ` ${t('money.batches.voucher', { no: x.voucherNo })}` : ''}
          </dd>
        </>
      )}
      {x.reason && (
        <>
          <dt>{t('money.reverseReason')}</dt>
          <dd>{x.reason}</dd>
        </>
      )}
      {x.reverses && (
        <>
          <dt>{t('money.batches.reverses')}</dt>
          <dd>
            <button type="button" className="link-button code" onClick={() => onOpen(x.reverses!)}>
              {x.reverses}
            </button>
          </dd>
        </>
      )}
      {x.reversals.length > 0 && (
        <>
          <dt>{t('money.batches.reversals')}</dt>
          <dd>
            {x.reversals.map((id) => (
              <button key={id} type="button" className="link-button code" onClick={() => onOpen(id)}>
                {id}
              </button>
            ))}
          </dd>
        </>
      )}
    </dl>
  )
}

function BatchDialog(props: { kind: Dialog; x: BatchView; picked: string[]; onClose: (changed: boolean) => void }) {
  const { info } = useApp()
  const { kind, x } = props
  const [date, setDate] = useState(info.today)
  const [text, setText] = useState('')
  const run = useAction(async () => {
    if (kind === 'full') return saveFile(await call('batches.roster', { batchId: x.id, full: true }))
    if (kind === 'pay') return call('batches.pay', { batchId: x.id, paidOn: date, voucherNo: text.trim() || undefined })
    if (kind === 'cancel') return call('batches.cancel', { batchId: x.id, reason: text })
    return call('batches.reverse', { batchId: x.id, householdIds: props.picked.length ? props.picked : undefined, date, reason: text })
  })
  const reverseCount = props.picked.length || x.lines.filter((l) => !l.reversedBy).length
  return (
    <ConfirmDialog
      title={t(`money.batches.dialog.${kind}`)}
      confirmLabel={t(`money.batches.confirm.${kind}`)}
      busy={run.busy}
      onCancel={() => props.onClose(false)}
      onConfirm={async () => {
        if ((await run.run()) !== undefined) props.onClose(kind !== 'full')
      }}
    >
      <p>{t(`money.batches.dialogText.${kind}`, { n: kind === 'reverse' ? reverseCount : x.lines.length, amount: fmtYuan(x.total), id: x.id })}</p>
      {kind !== 'full' && (
        <div className="form-grid one-col">
          {kind !== 'cancel' && (
            <label>
              {kind === 'pay' ? t('money.batches.paidOn') : t('money.reverseDate')}
              <input type="date" value={date} max={info.today} onChange={(e) => setDate(e.target.value)} data-testid="batch-dialog-date" />
            </label>
          )}
          <label>
            {kind === 'pay' ? t('money.batches.voucherNo') : t('money.reverseReason')}
            <input value={text} onChange={(e) => setText(e.target.value)} maxLength={kind === 'pay' ? 50 : 200} data-testid="batch-dialog-text" />
          </label>
        </div>
      )}
      <ErrorBanner error={run.error} onClose={run.clearError} />
    </ConfirmDialog>
  )
}
