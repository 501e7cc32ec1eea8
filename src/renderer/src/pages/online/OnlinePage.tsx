// 网上填报: a township's own page. Its villages with the last figures; the day's cumulative counts
// typed into a grid (Enter and the arrow keys move from cell to cell, a block copied from Excel
// pastes across cells) or read from its usual sheet; the importer's checks shown before it
// submits; its submissions, and a returned one with the office's reason.
import { type ClipboardEvent, type KeyboardEvent, useMemo, useRef, useState } from 'react'
import type { FormVillage, SubmissionCheck, SubmissionForm, SubmissionView } from '../../../../core/contract'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FileButton } from '../../components/FileButton'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { readFileBase64 } from '../../files'
import { fmtDateTime, fmtInt, fmtKm } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t, tOr } from '../../i18n'
import { ProblemList } from './ProblemList'
import { SubmissionStatusTag } from './SubmissionStatusTag'
import { COLUMNS, type Column, cellValue, emptyRow, isBlock, isStage, parseBlock, pasteBlock, type RowText } from './grid'

const columnLabel = (c: Column) => (c === 'networkKm' ? t('field.networkKm') : tOr(`field.counts.${c}`, c))

export function OnlinePage() {
  const { info } = useApp()
  const [date, setDate] = useState(info.today)
  const [version, setVersion] = useState(0)
  const form = useAsync(() => call('submissions.form', { date }), [date, version])
  return (
    <div className="page online-page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.online')}</h1>
        {form.data && <span className="muted" data-testid="online-township">{t('online.township', { county: form.data.countyName, township: form.data.townshipName })}</span>}
        <label className="inline-field">
          {t('online.date')}
          <input type="date" value={date} max={info.today} onChange={(e) => e.target.value && setDate(e.target.value)} data-testid="online-date" />
        </label>
      </div>
      <ErrorBanner error={form.error} />
      {!form.data ? (
        !form.error && <Loading />
      ) : (
        <>
          {form.data.current && <CurrentStatus s={form.data.current} />}
          <FigureGrid key={`${form.data.date}|${form.data.current?.id ?? ''}`} form={form.data} onSubmitted={() => setVersion((v) => v + 1)} />
          <RecentPanel recent={form.data.recent} />
        </>
      )}
    </div>
  )
}

/** The day's latest submission: waiting, accepted, or returned with the reason. */
function CurrentStatus({ s }: { s: SubmissionView }) {
  if (s.status === 'returned') {
    return (
      <div className="error-banner" role="alert" data-testid="online-returned">
        <strong className="error-message">{t('online.returned', { by: s.decidedBy ?? '', at: s.decidedAt ? fmtDateTime(s.decidedAt) : '' })}</strong>
        <div data-testid="online-returned-reason">{t('online.reason', { reason: s.reason ?? '' })}</div>
        <div className="muted small">{t('online.returnedHint')}</div>
      </div>
    )
  }
  return (
    <Notice kind={s.status === 'accepted' ? 'ok' : 'info'} testId="online-current">
      {t(s.status === 'accepted' ? 'online.accepted' : 'online.pending', { at: fmtDateTime(s.submittedAt), by: s.by, decidedBy: s.decidedBy ?? '' })}
    </Notice>
  )
}

/** What a cell starts with: the day's open submission, else what is stored for the day, else blank. */
function startRow(v: FormVillage): RowText {
  const from = v.submitted ?? v.stored
  if (!from) return emptyRow()
  const row = emptyRow()
  for (const c of COLUMNS) row[c] = String(isStage(c) ? from.counts[c] : from.networkKm)
  return row
}

type Step = { kind: 'edit' } | { kind: 'checked'; check: SubmissionCheck; rows: SubmitRow[] }
type SubmitRow = { villageCode: string; counts: Record<Column, number | null>; networkKm: number | null }

function FigureGrid({ form, onSubmitted }: { form: SubmissionForm; onSubmitted: () => void }) {
  const [rows, setRows] = useState<RowText[]>(() => form.villages.map(startRow))
  const [step, setStep] = useState<Step>({ kind: 'edit' })
  const [note, setNote] = useState<string>()
  const [fileName, setFileName] = useState<string>()
  const [fileProblems, setFileProblems] = useState<SubmissionCheck['problems']>([])
  const cells = useRef(new Map<string, HTMLInputElement>())
  const bad = useMemo(() => {
    const out = new Set<string>()
    rows.forEach((r, i) => COLUMNS.forEach((c) => !cellValue(r[c]).ok && out.add(`${i}:${c}`)))
    return out
  }, [rows])

  const edit = (next: RowText[]) => {
    setRows(next)
    setStep({ kind: 'edit' })
    setNote(undefined)
  }
  const focus = (row: number, col: number) => {
    const el = cells.current.get(`${row}:${col}`)
    if (el) {
      el.focus()
      el.select()
    }
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement>, row: number, col: number) => {
    const el = e.currentTarget
    const atStart = el.selectionStart === 0 && el.selectionEnd === 0
    const atEnd = el.selectionStart === el.value.length
    if (e.key === 'Enter' || e.key === 'ArrowDown') focus(row + 1, col)
    else if (e.key === 'ArrowUp') focus(row - 1, col)
    else if (e.key === 'ArrowRight' && atEnd) focus(row, col + 1)
    else if (e.key === 'ArrowLeft' && atStart) focus(row, col - 1)
    else return
    e.preventDefault()
  }
  const onPaste = (e: ClipboardEvent<HTMLInputElement>, row: number, col: number) => {
    const text = e.clipboardData.getData('text/plain')
    if (!isBlock(text)) return
    e.preventDefault()
    const block = parseBlock(text)
    const { rows: next, dropped } = pasteBlock(rows, row, col, block)
    edit(next)
    setNote(t(dropped > 0 ? 'online.pastedDropped' : 'online.pasted', { rows: block.length, cols: block[0]?.length ?? 0, dropped }))
  }

  /** The rows typed in (a village left wholly blank is not reported), or null when a cell is not a number. */
  const toSubmit = (): SubmitRow[] | null => {
    if (bad.size > 0) return null
    const out: SubmitRow[] = []
    form.villages.forEach((v, i) => {
      const r = rows[i]!
      if (COLUMNS.every((c) => r[c].trim() === '')) return
      const value = (c: Column) => (cellValue(r[c]) as { value: number | null }).value
      out.push({ villageCode: v.code, counts: Object.fromEntries(COLUMNS.filter(isStage).map((c) => [c, value(c)])) as SubmitRow['counts'], networkKm: value('networkKm') })
    })
    return out
  }

  const check = useAction(async () => {
    const submit = toSubmit()
    if (!submit) throw new Error(t('online.notNumbers', { n: bad.size }))
    if (submit.length === 0) throw new Error(t('online.nothing'))
    const result = await call('submissions.check', { townshipCode: form.townshipCode, date: form.date, rows: submit })
    setStep({ kind: 'checked', check: result, rows: submit })
    return result
  })
  const submit = useAction(async (submitRows: SubmitRow[]) => {
    const s = await call('submissions.submit', { townshipCode: form.townshipCode, date: form.date, rows: submitRows, ...(fileName ? { fileName } : {}) })
    onSubmitted()
    return s
  })
  const upload = useAction(async (file: File) => {
    const read = await call('submissions.readFile', { townshipCode: form.townshipCode, date: form.date, file: { fileName: file.name, dataBase64: await readFileBase64(file) } })
    const byCode = new Map(read.rows.map((r) => [r.villageCode, r]))
    edit(
      form.villages.map((v, i) => {
        const r = byCode.get(v.code)
        if (!r) return rows[i]!
        const row = emptyRow()
        for (const c of COLUMNS) {
          const value = isStage(c) ? r.counts[c] : r.networkKm
          // A blank cell in the sheet stays blank: it keeps the last figure.
          row[c] = value === null ? '' : String(value)
        }
        return row
      }),
    )
    setFileName(read.fileName)
    setFileProblems(read.problems)
    setNote(read.date && read.date !== form.date ? t('online.fileOtherDate', { file: read.fileName, date: read.date, n: read.rows.length }) : t('online.fileRead', { file: read.fileName, n: read.rows.length }))
    return read
  })

  const checked = step.kind === 'checked' ? step.check : undefined
  const errors = checked?.problems.filter((p) => p.severity === 'error').length ?? 0
  const status = new Map(checked?.rows.map((r) => [r.villageCode, r.status]))

  if (form.villages.length === 0) {
    return (
      <Panel title={t('online.grid')} testId="online-grid-panel">
        <p className="muted" data-testid="online-no-villages">{t('online.noVillages')}</p>
      </Panel>
    )
  }
  return (
    <Panel
      title={t('online.grid', { date: form.date })}
      testId="online-grid-panel"
      actions={
        <FileButton label={t('online.upload')} accept=".xlsx,.csv" busy={upload.busy} testId="online-upload" secondary onFile={(f) => upload.run(f)} />
      }
    >
      <p className="muted small">{t('online.gridHint')}</p>
      {form.householdVillages.length > 0 && (
        <p className="muted small" data-testid="online-household-villages">
          {t('online.householdVillages', { names: form.householdVillages.map((v) => v.name).join(t('common.listSep')) })}
        </p>
      )}
      <div className="table-wrap">
        <table className="table compact online-grid" data-testid="online-grid">
          <thead>
            <tr>
              <th>{t('online.village')}</th>
              <th className="num">{t('online.target')}</th>
              <th>{t('online.last')}</th>
              {COLUMNS.map((c) => (
                <th key={c} className="num">
                  {columnLabel(c)}
                </th>
              ))}
              {checked && <th>{t('online.rowStatus')}</th>}
            </tr>
          </thead>
          <tbody>
            {form.villages.map((v, i) => (
              <tr key={v.code} data-testid={`online-row-${v.code}`}>
                <th scope="row" className="online-village">
                  {v.name}
                  <span className="hit-code">{v.code}</span>
                </th>
                <td className="num">{fmtInt(v.target)}</td>
                <td className="muted small online-last" data-testid="online-last">
                  {v.last ? t('online.lastText', { date: v.last.date, accepted: fmtInt(v.last.counts.accepted), km: fmtKm(v.last.networkKm) }) : t('online.noLast')}
                </td>
                {COLUMNS.map((c, j) => (
                  <td key={c} className={`num online-cell${bad.has(`${i}:${c}`) ? ' invalid' : ''}`}>
                    <input
                      ref={(el) => {
                        if (el) cells.current.set(`${i}:${j}`, el)
                        else cells.current.delete(`${i}:${j}`)
                      }}
                      inputMode="decimal"
                      value={rows[i]![c]}
                      placeholder={v.last ? String(isStage(c) ? v.last.counts[c] : v.last.networkKm) : ''}
                      aria-label={`${v.name} ${columnLabel(c)}`}
                      aria-invalid={bad.has(`${i}:${c}`) || undefined}
                      onChange={(e) => edit(rows.map((r, k) => (k === i ? { ...r, [c]: e.target.value } : r)))}
                      onKeyDown={(e) => onKey(e, i, j)}
                      onPaste={(e) => onPaste(e, i, j)}
                      onFocus={(e) => e.currentTarget.select()}
                      data-testid={`cell-${v.code}-${c}`}
                    />
                  </td>
                ))}
                {checked && <td data-testid="online-row-status">{status.has(v.code) ? t(`online.status.${status.get(v.code)!}`) : t('online.status.blank')}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {note && (
        <Notice kind="info" testId="online-note">
          {note}
        </Notice>
      )}
      {fileProblems.length > 0 && step.kind === 'edit' && <ProblemList problems={fileProblems} testId="online-file-problems" />}
      <ErrorBanner error={upload.error ?? check.error ?? submit.error} onClose={() => (upload.clearError(), check.clearError(), submit.clearError())} />
      {checked && (
        <div className="online-check" data-testid="online-check">
          <h3>{t('online.checkTitle')}</h3>
          {checked.problems.length === 0 ? (
            <Notice testId="online-check-clean">{t('online.checkClean', { n: step.kind === 'checked' ? step.rows.length : 0 })}</Notice>
          ) : (
            <ProblemList problems={checked.problems} testId="online-problems" />
          )}
        </div>
      )}
      <div className="form-actions">
        {step.kind === 'edit' ? (
          <button type="button" className="primary" disabled={check.busy} onClick={() => void check.run()} data-testid="online-check-button">
            {check.busy ? t('common.working') : t('online.check')}
          </button>
        ) : (
          <>
            <button
              type="button"
              className="primary"
              disabled={submit.busy || errors > 0}
              onClick={() => void submit.run(step.rows)}
              data-testid="online-submit"
            >
              {submit.busy ? t('common.working') : errors > 0 ? t('online.fixFirst', { n: errors }) : t('online.submit', { n: step.rows.length })}
            </button>
            <button type="button" onClick={() => setStep({ kind: 'edit' })} data-testid="online-back">
              {t('online.back')}
            </button>
          </>
        )}
      </div>
    </Panel>
  )
}

function RecentPanel({ recent }: { recent: SubmissionView[] }) {
  return (
    <Panel title={t('online.recent')} testId="online-recent">
      {recent.length === 0 ? (
        <p className="muted">{t('online.recentNone')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table compact" data-testid="online-recent-table">
            <thead>
              <tr>
                <th>{t('online.date')}</th>
                <th>{t('online.submittedAt')}</th>
                <th>{t('online.by')}</th>
                <th className="num">{t('online.villages')}</th>
                <th className="num">{t('online.warnings')}</th>
                <th>{t('online.state')}</th>
                <th>{t('online.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((s) => (
                <tr key={s.id} data-testid={`online-recent-${s.id}`}>
                  <td>{s.date}</td>
                  <td>{fmtDateTime(s.submittedAt)}</td>
                  <td>{s.by}</td>
                  <td className="num">{fmtInt(s.villages)}</td>
                  <td className="num">{fmtInt(s.warnings)}</td>
                  <td>
                    <SubmissionStatusTag status={s.status} />
                  </td>
                  <td>{s.status === 'returned' ? t('online.reason', { reason: s.reason ?? '' }) : s.decidedBy ? t('online.decidedBy', { by: s.decidedBy, at: s.decidedAt ? fmtDateTime(s.decidedAt) : '' }) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}
