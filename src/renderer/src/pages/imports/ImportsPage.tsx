// 报送导入: templates for townships; files or a whole folder read one by one (with progress and a
// stop button), a preview of everything that would change and every problem (with the columns of
// a new layout confirmed there, and the 报送日期), then one commit; past batches can be undone.
import { useRef, useState } from 'react'
import { can } from '../../access'
import type { ImportCommitResult, ImportReview, MappedColumn } from '../../../../core/contract'
import { type ApiError, call, toApiError } from '../../api'
import { useApp } from '../../AppContext'
import { Allowed } from '../../components/Allowed'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useMenuImport } from '../../desktop'
import { t } from '../../i18n'
import { CommitResult } from './CommitResult'
import { FilePicker, fromDesktopPick, type Picked } from './FilePicker'
import { HistoryPanel } from './HistoryPanel'
import { PendingPanel } from './PendingPanel'
import { ReviewPanel } from './ReviewPanel'
import { TemplatePanel } from './TemplatePanel'

type Step =
  | { kind: 'idle'; note?: string }
  | { kind: 'reading'; n: number; total: number; file: string }
  | { kind: 'reviewing' }
  | { kind: 'review'; review: ImportReview }
  | { kind: 'committing'; review: ImportReview }
  | { kind: 'done'; result: ImportCommitResult }

export function ImportsPage() {
  const { info, refresh } = useApp()
  const [step, setStep] = useState<Step>({ kind: 'idle' })
  const [error, setError] = useState<ApiError>()
  const [skipped, setSkipped] = useState<string[]>([])
  const [version, setVersion] = useState(0)
  const stop = useRef(false)
  const busy = step.kind === 'reading' || step.kind === 'reviewing' || step.kind === 'committing'

  async function read(picked: Picked) {
    // New files replace a preview that was not confirmed: its batch is let go.
    if (step.kind === 'review') void call('imports.cancel', { sessionId: step.review.sessionId }).catch(() => undefined)
    setError(undefined)
    setSkipped(picked.skipped)
    if (picked.files.length === 0) {
      setStep({ kind: 'idle', note: picked.skipped.length > 0 ? undefined : t('imports.noFiles') })
      return
    }
    stop.current = false
    let sessionId: string | undefined
    try {
      for (const [i, file] of picked.files.entries()) {
        if (stop.current) {
          if (sessionId) await call('imports.cancel', { sessionId })
          setStep({ kind: 'idle', note: t('imports.stopped') })
          return
        }
        setStep({ kind: 'reading', n: i + 1, total: picked.files.length, file: file.name })
        sessionId = (await file.add(sessionId)).sessionId
      }
      setStep({ kind: 'reviewing' })
      setStep({ kind: 'review', review: await call('imports.review', { sessionId: sessionId! }) })
    } catch (e) {
      if (sessionId) void call('imports.cancel', { sessionId }).catch(() => undefined)
      setError(toApiError(e))
      setStep({ kind: 'idle' })
    }
  }

  // 文件 → 导入报送文件夹… in the desktop app: the folder picked there is read like one picked here.
  useMenuImport((pick) => {
    if (busy) setError(toApiError(new Error(t('imports.menuBusy'))))
    else void read(fromDesktopPick(pick))
  })

  async function commit(review: ImportReview, onConflict: 'replace' | 'skip') {
    setError(undefined)
    setStep({ kind: 'committing', review })
    try {
      const result = await call('imports.commit', { sessionId: review.sessionId, onConflict })
      setStep({ kind: 'done', result })
      setVersion((v) => v + 1)
      void refresh()
    } catch (e) {
      const err = toApiError(e)
      setError(err)
      // The data changed since the preview: show the preview again as it is now.
      if (err.code === 'conflict') {
        try {
          setStep({ kind: 'review', review: await call('imports.review', { sessionId: review.sessionId }) })
        } catch (again) {
          setError(toApiError(again))
          setStep({ kind: 'idle' })
        }
      } else setStep({ kind: 'review', review })
    }
  }

  /** The preview again, as the data and the choices are now (a new 报送日期, a confirmed layout). */
  async function again(review: ImportReview, change: () => Promise<unknown>, date?: string) {
    setError(undefined)
    setStep({ kind: 'committing', review })
    try {
      await change()
      setStep({ kind: 'review', review: await call('imports.review', { sessionId: review.sessionId, ...(date ? { date } : {}) }) })
    } catch (e) {
      setError(toApiError(e))
      setStep({ kind: 'review', review })
    }
  }

  const changeDate = (review: ImportReview, date: string) => again(review, async () => undefined, date)
  const mapColumns = (review: ImportReview, sheet: string, columns: Array<{ index: number; as: MappedColumn }>) =>
    again(review, async () => {
      await call('imports.mapColumns', { sessionId: review.sessionId, sheet, columns })
      setVersion((v) => v + 1)
    })

  async function cancel(review: ImportReview) {
    await call('imports.cancel', { sessionId: review.sessionId }).catch(() => undefined)
    setStep({ kind: 'idle', note: t('imports.cancelled') })
  }

  return (
    <div className="page imports-page">
      <h1 className="page-title">{t('nav.imports')}</h1>
      <div className="imports-top">
        <Allowed method="imports.addFile" hide>
          <Panel title={t('imports.pick')} testId="imports-pick">
            <p className="muted small">{t('imports.pickHint')}</p>
            <FilePicker disabled={busy} onPick={(p) => void read(p)} onError={(e) => setError(toApiError(e))} />
            {step.kind === 'reading' && (
              <div className="imports-progress" data-testid="imports-progress">
                <progress max={step.total} value={step.n - 1} />
                <span>{t('imports.reading', { n: step.n, total: step.total, file: step.file })}</span>
                <button type="button" onClick={() => (stop.current = true)} data-testid="imports-stop">
                  {t('imports.stop')}
                </button>
              </div>
            )}
            {step.kind === 'reviewing' && <div className="imports-progress">{t('imports.reviewing')}</div>}
            {skipped.length > 0 && (
              <p className="muted small" data-testid="imports-skipped">
                {t('imports.skippedFiles', { n: skipped.length, names: skipped.slice(0, 5).join(t('imports.nameSep')) })}
              </p>
            )}
            {step.kind === 'idle' && step.note && (
              <Notice kind="info" testId="imports-note">
                {step.note}
              </Notice>
            )}
          </Panel>
        </Allowed>
        <TemplatePanel />
      </div>
      {info.accountsOn && can(info, 'submissions.list') && <PendingPanel onAccepted={() => (setVersion((v) => v + 1), void refresh())} />}
      <ErrorBanner error={error} onClose={() => setError(undefined)} />
      {(step.kind === 'review' || step.kind === 'committing') && (
        <ReviewPanel
          review={step.review}
          busy={step.kind === 'committing'}
          onCommit={(choice) => void commit(step.review, choice)}
          onCancel={() => void cancel(step.review)}
          onDate={(date) => void changeDate(step.review, date)}
          onMapColumns={(sheet, columns) => void mapColumns(step.review, sheet, columns)}
        />
      )}
      {step.kind === 'done' && <CommitResult result={step.result} onAgain={() => setStep({ kind: 'idle' })} />}
      <Allowed method="imports.history" hide>
        <HistoryPanel
          version={version}
          onUndone={() => {
            setVersion((v) => v + 1)
            void refresh()
          }}
        />
      </Allowed>
    </div>
  )
}
