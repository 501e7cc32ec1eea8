// 导入预览: what the batch would store (per file and sheet: new, different, same, refused), every
// problem with its place, the choice for days already stored, 未上报 after the import; then
// commit or cancel.
import { Fragment, useState } from 'react'
import type { FilePreview, ImportProblem, ImportReview, ReportingAfter, SheetPreview } from '../../../../core/contract'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtDateTime, fmtInt } from '../../format'
import { t } from '../../i18n'
import { SheetDetail } from './SheetDetail'
import { ProblemTable } from './ProblemTable'

export function ReviewPanel(props: {
  review: ImportReview
  busy: boolean
  onCommit: (onConflict: 'replace' | 'skip') => void
  onCancel: () => void
}) {
  const { review } = props
  const [choice, setChoice] = useState<'replace' | 'skip'>('replace')
  const { figures, households } = review.totals
  const ok = review.files.filter((f) => f.status === 'ok').length
  const writes = figures.added + households.added + households.updated + (choice === 'replace' ? figures.updated : 0)
  const hasFigures = review.files.some((f) => f.sheets.some((s) => s.kind === 'figures'))
  const hasRoster = review.files.some((f) => f.sheets.some((s) => s.kind === 'roster'))

  return (
    <Panel title={t('imports.review')} testId="imports-review">
      <div className="imports-summary" data-testid="imports-summary">
        <p>
          {t('imports.summary.files', {
            files: review.totals.files,
            ok,
            rejected: review.totals.rejectedFiles,
            duplicate: review.totals.duplicateFiles,
          })}
        </p>
        {hasFigures && <p data-testid="imports-summary-figures">{t('imports.summary.figures', mapInts(figures))}</p>}
        {hasRoster && <p data-testid="imports-summary-households">{t('imports.summary.households', mapInts(households))}</p>}
        <p className={review.totals.errors > 0 ? 'imports-has-errors' : undefined} data-testid="imports-summary-problems">
          {t('imports.summary.problems', { errors: fmtInt(review.totals.errors), warnings: fmtInt(review.totals.warnings) })}
        </p>
        {review.derivedVillages > 0 && <p>{t('imports.derived', { n: review.derivedVillages })}</p>}
      </div>

      {figures.updated > 0 && (
        <fieldset className="radio-group imports-conflict" data-testid="imports-conflict">
          <legend>{t('imports.conflict.title', { n: figures.updated })}</legend>
          <label className="radio">
            <input type="radio" name="conflict" checked={choice === 'replace'} onChange={() => setChoice('replace')} data-testid="conflict-replace" />
            {t('imports.conflict.replace')}
          </label>
          <label className="radio">
            <input type="radio" name="conflict" checked={choice === 'skip'} onChange={() => setChoice('skip')} data-testid="conflict-skip" />
            {t('imports.conflict.skip')}
          </label>
        </fieldset>
      )}

      {review.reporting.map((r) => (
        <Unreported key={r.date} r={r} />
      ))}

      <FileTable files={review.files} />
      <h3 className="section-title">{t('imports.problems')}</h3>
      <p className="muted small" data-testid="imports-problems-legend">
        {t('imports.problemsLegend')}
      </p>
      <ProblemTable files={review.files} />

      <div className="button-row imports-actions">
        <button type="button" className="primary" disabled={props.busy || writes === 0} onClick={() => props.onCommit(choice)} data-testid="imports-commit">
          {props.busy ? t('common.working') : writes === 0 ? t('imports.nothingToStore') : t('imports.commitCount', { n: fmtInt(writes) })}
        </button>
        <button type="button" disabled={props.busy} onClick={props.onCancel} data-testid="imports-cancel">
          {t('imports.cancel')}
        </button>
      </div>
    </Panel>
  )
}

/** Every count of a totals object formatted for a message: { added: '1,234', … }. */
export function mapInts<K extends string>(o: Record<K, number>): Record<string, string> {
  return Object.fromEntries(Object.entries<number>(o).map(([k, v]) => [k, fmtInt(v)]))
}

export function Unreported({ r }: { r: ReportingAfter }) {
  if (r.unreported.length === 0) {
    return (
      <Notice testId="imports-all-reported">
        {t('imports.allReported', { date: r.date, expected: r.expected })}
      </Notice>
    )
  }
  return (
    <Notice kind="warn" testId="imports-unreported">
      {t('imports.unreported', { date: r.date, n: r.unreported.length, expected: r.expected })}
      <span className="imports-unreported-list">{r.unreported.map((u) => `${u.countyName}${u.townshipName}`).join(t('imports.nameSep'))}</span>
    </Notice>
  )
}

/** A sheet's errors that refuse one row (not the whole sheet or file): listed in its detail as 不导入. */
function refusedRows(f: FilePreview, s: SheetPreview): ImportProblem[] {
  if (s.refused) return []
  return f.problems.filter((p) => p.severity === 'error' && p.where.row !== undefined && p.where.sheet === s.sheet)
}

function FileTable({ files }: { files: FilePreview[] }) {
  const [open, setOpen] = useState<string>()
  return (
    <div className="table-wrap imports-files">
      <table className="table compact" data-testid="imports-files-table">
        <thead>
          <tr>
            <th>{t('imports.col.file')}</th>
            <th>{t('imports.col.sheet')}</th>
            <th>{t('imports.col.township')}</th>
            <th>{t('imports.col.date')}</th>
            <th className="num">{t('imports.col.added')}</th>
            <th className="num">{t('imports.col.updated')}</th>
            <th className="num">{t('imports.col.unchanged')}</th>
            <th className="num">{t('imports.col.rejected')}</th>
            <th className="num">{t('imports.col.problems')}</th>
            <th>{t('imports.col.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {files.map((f) => {
            const sheets = f.sheets.length > 0 ? f.sheets : [undefined]
            return sheets.map((s, i) => {
              const key = s?.key ?? `${f.index}`
              const refused = s ? refusedRows(f, s) : []
              return (
                <Fragment key={key}>
                  <tr data-testid="imports-file-row" className={f.status !== 'ok' ? `imports-${f.status}` : undefined}>
                    {i === 0 && (
                      <td rowSpan={sheets.length} className="imports-filename">
                        {f.fileName}
                      </td>
                    )}
                    <td>
                      {s ? `${s.sheet ?? ''}${s.sheet ? ' · ' : ''}${t(`imports.kindLabel.${s.kind}`)}` : ''}
                      {s?.refused && (
                        <span className="badge imports-sev-error imports-sheet-refused" data-testid="imports-sheet-refused">
                          {t('imports.sheetRefused')}
                        </span>
                      )}
                    </td>
                    <td>{s ? `${s.countyName ?? ''}${s.townshipName ?? ''}` : ''}</td>
                    <td className="nowrap">{s?.date ?? ''}</td>
                    <td className="num">{s ? fmtInt(s.added) : ''}</td>
                    <td className={`num${s && s.updated > 0 ? ' imports-differ' : ''}`}>{s ? fmtInt(s.updated) : ''}</td>
                    <td className="num">{s ? fmtInt(s.unchanged) : ''}</td>
                    <td className={`num${s && s.rejected > 0 ? ' imports-refused' : ''}`}>{s ? fmtInt(s.rejected) : ''}</td>
                    {i === 0 && (
                      <td rowSpan={sheets.length} className="num">
                        {f.errors > 0 && <span className="imports-refused">{fmtInt(f.errors)}</span>}
                        {f.errors > 0 && ' / '}
                        {fmtInt(f.warnings)}
                      </td>
                    )}
                    {i === 0 && (
                      <td rowSpan={sheets.length}>
                        <span className={`badge imports-status-${f.status}`}>{t(`imports.status.${f.status}`)}</span>
                        {s?.earlier && (
                          <div className="muted small">{t('imports.earlier', { at: fmtDateTime(s.earlier.at), file: s.earlier.fileName })}</div>
                        )}
                        {f.duplicateOf && <div className="muted small">{f.duplicateOf.fileName}</div>}
                      </td>
                    )}
                    <td>
                      {s && s.figures.length + s.households.length + refused.length > 0 && (
                        <button type="button" className="link-button" onClick={() => setOpen(open === key ? undefined : key)} data-testid="imports-detail-toggle">
                          {open === key ? t('imports.hideDetail') : t('imports.showDetail')}
                        </button>
                      )}
                    </td>
                  </tr>
                  {s && open === key && (
                    <tr className="imports-detail-row">
                      <td colSpan={11}>
                        <SheetDetail sheet={s} refused={refused} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              )
            })
          })}
        </tbody>
      </table>
    </div>
  )
}
