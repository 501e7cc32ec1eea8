// A deposit receipt or voucher printed from the app: one A4 page (portrait) of three parts — 存根,
// the payer's copy, 财务记账 — with cut lines, shown over the page until printed or closed. The
// print stylesheet prints this sheet alone.
import { Fragment } from 'react'
import { createPortal } from 'react-dom'
import type { DepositSlip, SlipField } from '../../../../core/contract'
import { slipRows } from '../../../../core/domain/slip-rows'
import { t } from '../../i18n'
import { fmtYuan } from './money-text'

function value(f: SlipField): string {
  return f.money && typeof f.value === 'number' ? `¥${fmtYuan(Math.round(f.value * 100))}` : String(f.value)
}

export function SlipPrint({ slip, onClose }: { slip: DepositSlip; onClose: () => void }) {
  const rows = slipRows(slip.fields)
  // On the page's body, outside the app, so that printing can leave the app out.
  return createPortal(
    <div className="slip-overlay" role="dialog" aria-label={slip.title} data-testid="slip-print">
      <div className="slip-actions no-print">
        <span className="muted">{t('money.slip.hint')}</span>
        <button type="button" className="primary" onClick={() => window.print()} data-testid="slip-print-go">
          {t('money.slip.print')}
        </button>
        <button type="button" onClick={onClose} data-testid="slip-print-close">
          {t('money.slip.close')}
        </button>
      </div>
      <div className="slip-sheet">
        {slip.copies.map((copy, i) => (
          <Fragment key={copy}>
            <section className="slip-part" data-testid={`slip-part-${i + 1}`}>
              <h2>{slip.title}</h2>
              <div className="slip-no">
                {t('money.slip.no', { no: slip.number })}
                <span>{copy}</span>
              </div>
              <table className="slip-table">
                <tbody>
                  {rows.map((pair) => (
                    <tr key={pair.map((f) => f.label).join()}>
                      {pair.length === 1 && pair[0]!.wide ? (
                        <>
                          <th>{pair[0]!.label}</th>
                          <td colSpan={3}>{value(pair[0]!)}</td>
                        </>
                      ) : (
                        <>
                          <th>{pair[0]!.label}</th>
                          <td className={pair[0]!.money ? 'slip-money' : undefined}>{value(pair[0]!)}</td>
                          <th>{pair[1]?.label ?? ''}</th>
                          <td className={pair[1]?.money ? 'slip-money' : undefined}>{pair[1] ? value(pair[1]) : ''}</td>
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
              {slip.notes.map((n) => (
                <p key={n} className="slip-note">
                  {n}
                </p>
              ))}
              <p className="slip-sign">{slip.signatures}</p>
            </section>
            {i < slip.copies.length - 1 && <div className="slip-cut">{t('money.slip.cut')}</div>}
          </Fragment>
        ))}
      </div>
    </div>,
    document.body,
  )
}
