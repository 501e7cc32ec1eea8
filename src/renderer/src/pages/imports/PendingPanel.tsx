// 待审核: the townships' online submissions (网上填报) of a day, beside the files. Each opens in
// the importer's preview (new / updated / unchanged against what is stored, every warning); the
// office accepts it (its figures stored in one write, source 网上填报, naming who submitted it)
// or returns it with a reason the township sees on its page.
import { useState } from 'react'
import type { SubmissionAcceptResult, SubmissionView } from '../../../../core/contract'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtDateTime, fmtInt } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { ProblemList } from '../online/ProblemList'
import { SubmissionStatusTag } from '../online/SubmissionStatusTag'
import { SheetDetail } from './SheetDetail'

export function PendingPanel({ onAccepted }: { onAccepted: () => void }) {
  const { info } = useApp()
  const [date, setDate] = useState(info.today)
  const [version, setVersion] = useState(0)
  const [open, setOpen] = useState<string>()
  const [note, setNote] = useState<string>()
  const list = useAsync(() => call('submissions.list', { date }), [date, version], { keep: true })
  const pending = list.data?.filter((s) => s.status === 'pending').length ?? 0
  const decided = (message: string, accepted: boolean) => {
    setOpen(undefined)
    setNote(message)
    setVersion((v) => v + 1)
    if (accepted) onAccepted()
  }
  return (
    <Panel
      title={t('pending.title', { n: pending })}
      testId="pending-panel"
      actions={
        <>
          <label className="inline-field">
            {t('pending.date')}
            <input type="date" value={date} max={info.today} onChange={(e) => e.target.value && (setOpen(undefined), setDate(e.target.value))} data-testid="pending-date" />
          </label>
          <button type="button" onClick={() => setVersion((v) => v + 1)}>
            {t('common.refresh')}
          </button>
        </>
      }
    >
      <p className="muted small">{t('pending.intro')}</p>
      {note && <Notice testId="pending-note">{note}</Notice>}
      <ErrorBanner error={list.error} />
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.length === 0 ? (
        <p className="muted" data-testid="pending-none">
          {t('pending.none', { date })}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table compact" data-testid="pending-table">
            <thead>
              <tr>
                <th>{t('pending.township')}</th>
                <th>{t('online.by')}</th>
                <th>{t('online.submittedAt')}</th>
                <th className="num">{t('online.villages')}</th>
                <th className="num">{t('online.warnings')}</th>
                <th>{t('online.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.id} className={s.id === open ? 'selected' : undefined} data-testid={`pending-row-${s.townshipCode}`}>
                  <td>
                    {s.countyName} {s.townshipName}
                    {s.fileName && <div className="muted small">{t('pending.file', { file: s.fileName })}</div>}
                  </td>
                  <td>{s.by}</td>
                  <td>{fmtDateTime(s.submittedAt)}</td>
                  <td className="num">{fmtInt(s.villages)}</td>
                  <td className="num">{fmtInt(s.warnings)}</td>
                  <td>
                    <SubmissionStatusTag status={s.status} />
                    {s.status === 'returned' && s.reason && <div className="muted small">{t('online.reason', { reason: s.reason })}</div>}
                  </td>
                  <td>
                    <button type="button" className="link-button" onClick={() => (setNote(undefined), setOpen(s.id === open ? undefined : s.id))} data-testid="pending-open">
                      {s.id === open ? t('common.close') : s.status === 'pending' ? t('pending.review') : t('pending.view')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <Review key={open} id={open} onDecided={decided} />}
    </Panel>
  )
}

function acceptedText(s: SubmissionView, r: SubmissionAcceptResult['figures']): string {
  return t('pending.acceptedDone', { township: s.townshipName, added: r.added, replaced: r.replaced, unchanged: r.unchanged, skipped: r.skipped })
}

/** One submission in the importer's preview, with 接收 and 退回. */
function Review({ id, onDecided }: { id: string; onDecided: (message: string, accepted: boolean) => void }) {
  const preview = useAsync(() => call('submissions.preview', { id }), [id])
  const [choice, setChoice] = useState<'replace' | 'skip'>('replace')
  const [returning, setReturning] = useState(false)
  const [reason, setReason] = useState('')
  const accept = useAction(() => call('submissions.accept', { id, onConflict: choice }))
  const ret = useAction(() => call('submissions.return', { id, reason }))
  if (!preview.data) return preview.error ? <ErrorBanner error={preview.error} /> : <Loading />
  const { submission: s, sheet, problems } = preview.data
  const refused = problems.filter((p) => p.severity === 'error' && p.where.row !== undefined)
  const open = s.status === 'pending'
  return (
    <div className="pending-review" data-testid="pending-review">
      <h3>{t('pending.reviewTitle', { township: `${s.countyName} ${s.townshipName}`, date: s.date, by: s.by })}</h3>
      <div className="imports-counts" data-testid="pending-counts">
        {t('pending.counts', { added: sheet.added, updated: sheet.updated, unchanged: sheet.unchanged, warnings: problems.length })}
      </div>
      <SheetDetail sheet={sheet} refused={refused} />
      {problems.length > 0 && <ProblemList problems={problems} testId="pending-problems" />}
      <ErrorBanner error={accept.error ?? ret.error} onClose={() => (accept.clearError(), ret.clearError())} />
      {open && !returning && (
        <div className="form-actions">
          {sheet.updated > 0 && (
            <fieldset className="conflict-choice">
              <legend>{t('pending.conflict', { n: sheet.updated })}</legend>
              <label className="inline">
                <input type="radio" name="pending-conflict" checked={choice === 'replace'} onChange={() => setChoice('replace')} />
                {t('imports.conflict.replace')}
              </label>
              <label className="inline">
                <input type="radio" name="pending-conflict" checked={choice === 'skip'} onChange={() => setChoice('skip')} />
                {t('imports.conflict.skip')}
              </label>
            </fieldset>
          )}
          <button
            type="button"
            className="primary"
            disabled={accept.busy}
            onClick={async () => {
              const r = await accept.run()
              if (r) onDecided(acceptedText(r.submission, r.figures), true)
            }}
            data-testid="pending-accept"
          >
            {accept.busy ? t('common.working') : t('pending.accept')}
          </button>
          <button type="button" onClick={() => setReturning(true)} data-testid="pending-return">
            {t('pending.return')}
          </button>
        </div>
      )}
      {open && returning && (
        <form
          className="form-grid one-col"
          onSubmit={async (e) => {
            e.preventDefault()
            const r = await ret.run()
            if (r) onDecided(t('pending.returnedDone', { township: r.townshipName }), false)
          }}
        >
          <label>
            {t('pending.reason')}
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={200} rows={2} data-testid="pending-reason" />
            <span className="hint">{t('pending.reasonHint')}</span>
          </label>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={ret.busy} data-testid="pending-return-confirm">
              {ret.busy ? t('common.working') : t('pending.returnConfirm')}
            </button>
            <button type="button" onClick={() => setReturning(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {!open && (
        <p className="muted" data-testid="pending-decided">
          {t(`pending.decided.${s.status === 'accepted' ? 'accepted' : 'other'}`, { by: s.decidedBy ?? '', at: s.decidedAt ? fmtDateTime(s.decidedAt) : '' })}
        </p>
      )}
    </div>
  )
}
