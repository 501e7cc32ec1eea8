// 最近的导入: committed batches, newest first, one line per file and sheet; each batch can be undone
// (after a look at what it puts back and which later changes it leaves as they are).
import { Fragment, useState } from 'react'
import type { UndoConflict, UndoPreview, UndoResult } from '../../../../core/contract'
import { call } from '../../api'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { methodLabel } from '../../components/AuditTable'
import { fmtDateTime, fmtInt } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'

function ConflictList({ conflicts, testId }: { conflicts: UndoConflict[]; testId: string }) {
  return (
    <ul className="undo-conflicts" data-testid={testId}>
      {conflicts.slice(0, 50).map((c) => (
        <li key={`${c.collection}-${c.key}`}>
          {c.label}：{t(`imports.undoReason.${c.reason}`)}
          {c.by && <span className="muted">{t('imports.undoBy', { who: c.by.who, at: fmtDateTime(c.by.at), method: methodLabel(c.by.method) })}</span>}
        </li>
      ))}
      {conflicts.length > 50 && <li className="muted">{t('imports.moreProblems', { n: fmtInt(conflicts.length - 50) })}</li>}
    </ul>
  )
}

export function HistoryPanel({ version, onUndone }: { version: number; onUndone: () => void }) {
  const history = useAsync(() => call('imports.history', { limit: 20 }), [version], { keep: true })
  const [asking, setAsking] = useState<UndoPreview>()
  const [done, setDone] = useState<UndoResult>()
  const look = useAction((batchId: string) => call('imports.undoPreview', { batchId }))
  const undo = useAction((batchId: string) => call('imports.undo', { batchId }))
  return (
    <Panel title={t('imports.history')} testId="imports-history">
      <ErrorBanner error={history.error ?? look.error ?? undo.error} onClose={() => (look.clearError(), undo.clearError())} />
      {done && (
        <Notice testId="imports-undone">
          {t('imports.undoDone', { id: done.batchId, ...done.restored, kept: done.kept.length })}
          {done.kept.length > 0 && <ConflictList conflicts={done.kept} testId="imports-undone-kept" />}
        </Notice>
      )}
      {!history.data ? (
        <Loading />
      ) : history.data.length === 0 ? (
        <p className="muted">{t('imports.historyNone')}</p>
      ) : (
        <div className="table-wrap imports-history">
          <table className="table compact" data-testid="imports-history-table">
            <thead>
              <tr>
                <th>{t('imports.col.batch')}</th>
                <th>{t('imports.col.at')}</th>
                <th>{t('imports.col.who')}</th>
                <th>{t('imports.col.file')}</th>
                <th>{t('imports.col.sheet')}</th>
                <th>{t('imports.col.date')}</th>
                <th className="num">{t('imports.col.added')}</th>
                <th className="num">{t('imports.col.updated')}</th>
                <th className="num">{t('imports.col.unchanged')}</th>
                <th className="num">{t('imports.col.skipped')}</th>
                <th className="num">{t('imports.col.rejected')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.data.map((b) => {
                const lines = b.files.flatMap((f) => f.sheets.map((s, i) => ({ f, s, first: i === 0 })))
                return (
                  <Fragment key={b.id}>
                    {lines.map(({ f, s }, i) => (
                      <tr key={`${f.hash}-${i}`} data-testid={i === 0 ? 'imports-history-batch' : undefined} className={b.undone ? 'imports-undone-row' : undefined}>
                        {i === 0 && (
                          <>
                            <td rowSpan={lines.length}>{b.id}</td>
                            <td rowSpan={lines.length} className="nowrap">
                              {fmtDateTime(b.at)}
                            </td>
                            <td rowSpan={lines.length}>{b.who}</td>
                          </>
                        )}
                        <td>{f.fileName}</td>
                        <td>{`${s.sheet ?? ''}${s.sheet ? ' · ' : ''}${t(`imports.kindLabel.${s.kind}`)}`}</td>
                        <td className="nowrap">{s.date ?? ''}</td>
                        <td className="num">{fmtInt(s.added)}</td>
                        <td className="num">{fmtInt(s.updated)}</td>
                        <td className="num">{fmtInt(s.unchanged)}</td>
                        <td className="num">{fmtInt(s.skipped)}</td>
                        <td className="num">{fmtInt(s.rejected + (s.held ?? 0))}</td>
                        {i === 0 && (
                          <td rowSpan={lines.length} className="nowrap">
                            {b.undone ? (
                              <span className="muted small" data-testid="imports-history-undone">
                                {t('imports.undone')}
                                <br />
                                {t('imports.undoneBy', { who: b.undone.who, at: fmtDateTime(b.undone.at) })}
                              </span>
                            ) : (
                              <button
                                type="button"
                                className="link-button"
                                disabled={look.busy || undo.busy}
                                onClick={async () => {
                                  setDone(undefined)
                                  const p = await look.run(b.id)
                                  if (p) setAsking(p)
                                }}
                                data-testid="imports-undo"
                              >
                                {t('imports.undo')}
                              </button>
                            )}
                          </td>
                        )}
                      </tr>
                    ))}
                  </Fragment>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {asking && (
        <ConfirmDialog
          title={t('imports.undoTitle', { id: asking.batchId })}
          confirmLabel={t('imports.undoConfirm')}
          busy={undo.busy}
          onCancel={() => setAsking(undefined)}
          onConfirm={async () => {
            const r = await undo.run(asking.batchId)
            setAsking(undefined)
            if (r) {
              setDone(r)
              onUndone()
            }
          }}
        >
          <p data-testid="imports-undo-what">{t('imports.undoWhat', { ...asking.restore })}</p>
          {asking.restore.figures + asking.restore.households + asking.restore.plans === 0 && <p>{t('imports.undoNothing')}</p>}
          {asking.conflicts.length > 0 && (
            <>
              <p>{t('imports.undoConflicts', { n: asking.conflicts.length })}</p>
              <ConflictList conflicts={asking.conflicts} testId="imports-undo-conflicts" />
            </>
          )}
        </ConfirmDialog>
      )}
    </Panel>
  )
}
