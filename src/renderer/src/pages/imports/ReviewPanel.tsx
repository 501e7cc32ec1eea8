// 导入预览: what the batch would store (per file and sheet: new, different, same, refused, held
// for its columns), how each sheet's columns were read with a choice for each, the 报送日期, every
// problem with its place, the choice for days already stored, 未上报 after the import; then
// commit or cancel.
import { Fragment, useState } from 'react'
import type { FilePreview, ImportProblem, ImportReview, MappedColumn, ReportingAfter, SheetPreview } from '../../../../core/contract'
import { can } from '../../access'
import { useApp } from '../../AppContext'
import { Allowed } from '../../components/Allowed'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtDateTime, fmtInt } from '../../format'
import { t } from '../../i18n'
import { ColumnMapper } from './ColumnMapper'

/**
 * A sheet's columns with the choice for each; an account over part of the folder sees how they were
 * read but cannot confirm a layout (layouts are the whole office's), and is told who can.
 */
function Columns(props: { sheet: SheetPreview; busy: boolean; onConfirm: (columns: Array<{ index: number; as: MappedColumn }>) => void }) {
  const { info } = useApp()
  const mapper = <ColumnMapper sheet={props.sheet} busy={props.busy} onConfirm={props.onConfirm} />
  if (can(info, 'imports.mapColumns')) return mapper
  return (
    <>
      <Notice kind="warn" testId="imports-map-whole-area">{t('imports.mapColumnsWholeArea')}</Notice>
      <Allowed method="imports.mapColumns">{mapper}</Allowed>
    </>
  )
}
import { ProblemTable } from './ProblemTable'
import { SheetDetail } from './SheetDetail'

export type MapColumns = (sheetKey: string, columns: Array<{ index: number; as: MappedColumn }>) => void

export function ReviewPanel(props: {
  review: ImportReview
  busy: boolean
  onCommit: (onConflict: 'replace' | 'skip') => void
  onCancel: () => void
  onDate: (date: string) => void
  onMapColumns: MapColumns
}) {
  const { review } = props
  const { info } = useApp()
  const [choice, setChoice] = useState<'replace' | 'skip'>('replace')
  const { figures, households, plans } = review.totals
  const ok = review.files.filter((f) => f.status === 'ok').length
  const writes = figures.added + households.added + households.updated + plans.added + plans.updated + (choice === 'replace' ? figures.updated : 0)
  const hasFigures = review.files.some((f) => f.sheets.some((s) => s.kind === 'figures'))
  const hasRoster = review.files.some((f) => f.sheets.some((s) => s.kind === 'roster'))
  const hasPlans = review.files.some((f) => f.sheets.some((s) => s.kind === 'plans'))
  const date = review.reportDate
  const pendingFiles = review.files.filter((f) => f.status === 'pending').length
  const pendingSheets = review.files.flatMap((f) => f.sheets.filter((s) => s.pending).map((s) => ({ f, s })))

  return (
    <Panel title={t('imports.review')} testId="imports-review">
      <div className="imports-summary" data-testid="imports-summary">
        <p>
          {t(pendingFiles > 0 ? 'imports.summary.filesPending' : 'imports.summary.files', {
            files: review.totals.files,
            ok,
            pending: pendingFiles,
            rejected: review.totals.rejectedFiles,
            duplicate: review.totals.duplicateFiles,
          })}
        </p>
        {hasPlans && <p data-testid="imports-summary-plans">{t('imports.summary.plans', mapInts(plans))}</p>}
        {hasFigures && <p data-testid="imports-summary-figures">{t('imports.summary.figures', mapInts(figures))}</p>}
        {review.totals.pendingSheets > 0 && (
          <p className="imports-pending-line" data-testid="imports-summary-pending">
            {t('imports.summary.pending', { n: review.totals.pendingSheets, rows: fmtInt(figures.held) })}
          </p>
        )}
        {hasRoster && <p data-testid="imports-summary-households">{t('imports.summary.households', mapInts(households))}</p>}
        <p className={review.totals.errors > 0 ? 'imports-has-errors' : undefined} data-testid="imports-summary-problems">
          {t('imports.summary.problems', { errors: fmtInt(review.totals.errors), warnings: fmtInt(review.totals.warnings) })}
        </p>
        {review.derivedVillages > 0 && <p>{t('imports.derived', { n: review.derivedVillages })}</p>}
      </div>

      {hasFigures && (
        <div className="imports-report-date" data-testid="imports-report-date">
          <label>
            {t('imports.reportDate')}
            <input
              type="date"
              value={date.date}
              max={info.today}
              disabled={props.busy}
              onChange={(e) => e.target.value && e.target.value !== date.date && props.onDate(e.target.value)}
              data-testid="imports-report-date-input"
            />
          </label>
          {date.chosen && date.suggested !== date.date && (
            <button type="button" className="link-button" onClick={() => props.onDate(date.suggested)} disabled={props.busy}>
              {t('imports.reportDateSuggested', { date: date.suggested })}
            </button>
          )}
          <span className="muted small">{t('imports.reportDateHint', { n: date.sheetsWithout })}</span>
        </div>
      )}

      {pendingSheets.length > 0 && (
        <section className="imports-pending-sheets" data-testid="imports-pending">
          {pendingSheets.map(({ f, s }) => (
            <div key={s.key} className="imports-pending-sheet">
              <h4 className="column-title">{t('imports.columnsTitle', { sheet: `${f.fileName}${s.sheet ? ` · ${s.sheet}` : ''}` })}</h4>
              <Columns sheet={s} busy={props.busy} onConfirm={(columns) => props.onMapColumns(s.key, columns)} />
            </div>
          ))}
        </section>
      )}

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

      <FileTable files={review.files} busy={props.busy} onMapColumns={props.onMapColumns} />
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
  if (s.refused || s.pending) return []
  return f.problems.filter((p) => p.severity === 'error' && p.where.row !== undefined && p.where.sheet === s.sheet)
}

function FileTable({ files, busy, onMapColumns }: { files: FilePreview[]; busy: boolean; onMapColumns: MapColumns }) {
  const [open, setOpen] = useState<string>()
  // Sheets held for their columns show their choices above the table; the others on request.
  const [columnsOpen, setColumnsOpen] = useState<ReadonlySet<string>>(new Set())
  const toggleColumns = (key: string) =>
    setColumnsOpen((prev) => {
      const next = new Set(prev)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })
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
                      {s?.pending && (
                        <span className="badge imports-sev-warning imports-sheet-refused" data-testid="imports-sheet-pending">
                          {t('imports.sheetPending')}
                        </span>
                      )}
                      {s?.mapping && (
                        <div className="muted small" data-testid="imports-sheet-mapping">
                          {t('imports.mappingUsed', { serial: s.mapping.serial, who: s.mapping.confirmedBy, at: fmtDateTime(s.mapping.confirmedAt) })}
                        </div>
                      )}
                    </td>
                    <td>{s ? `${s.countyName ?? ''}${s.townshipName ?? ''}` : ''}</td>
                    <td className="nowrap">{s?.date ?? ''}</td>
                    <td className="num">{s ? fmtInt(s.added) : ''}</td>
                    <td className={`num${s && s.updated > 0 ? ' imports-differ' : ''}`}>{s ? fmtInt(s.updated) : ''}</td>
                    <td className="num">{s ? fmtInt(s.unchanged) : ''}</td>
                    <td className={`num${s && s.rejected + s.held > 0 ? ' imports-refused' : ''}`}>{s ? fmtInt(s.rejected + s.held) : ''}</td>
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
                    <td className="nowrap">
                      {s && s.figures.length + s.households.length + s.plans.length + refused.length > 0 && (
                        <button type="button" className="link-button" onClick={() => setOpen(open === key ? undefined : key)} data-testid="imports-detail-toggle">
                          {open === key ? t('imports.hideDetail') : t('imports.showDetail')}
                        </button>
                      )}
                      {s?.kind === 'figures' && !s.refused && !s.pending && (
                        <button type="button" className="link-button" onClick={() => toggleColumns(key)} data-testid="imports-columns-toggle">
                          {t('imports.columns')}
                        </button>
                      )}
                    </td>
                  </tr>
                  {s && columnsOpen.has(key) && s.kind === 'figures' && !s.refused && !s.pending && (
                    <tr className="imports-detail-row">
                      <td colSpan={11}>
                        <h4 className="column-title">{t('imports.columnsTitle', { sheet: `${f.fileName}${s.sheet ? ` · ${s.sheet}` : ''}` })}</h4>
                        <Columns key={`${key}-${s.mapping?.serial ?? ''}`} sheet={s} busy={busy} onConfirm={(columns) => onMapColumns(key, columns)} />
                      </td>
                    </tr>
                  )}
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
