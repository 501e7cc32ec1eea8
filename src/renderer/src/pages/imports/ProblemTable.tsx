// 问题清单: every error and warning of the batch with its file, sheet, row and column, filterable.
import { useState } from 'react'
import type { FilePreview, ImportProblem } from '../../../../core/contract'
import { fmtInt } from '../../format'
import { t } from '../../i18n'

/** Enough to work through on screen; the counts above always give the true totals. */
const SHOWN = 300

export function ProblemTable({ files }: { files: FilePreview[] }) {
  const [filter, setFilter] = useState<'all' | 'error' | 'warning'>('all')
  const all: ImportProblem[] = files.flatMap((f) => f.problems)
  const errors = files.reduce((n, f) => n + f.errors, 0)
  const warnings = files.reduce((n, f) => n + f.warnings, 0)
  if (errors + warnings === 0) return <p className="muted" data-testid="imports-no-problems">{t('imports.noProblems')}</p>
  const shown = all.filter((p) => filter === 'all' || p.severity === filter)
  const total = filter === 'all' ? errors + warnings : filter === 'error' ? errors : warnings
  return (
    <>
      <div className="imports-filter" role="group">
        {(['all', 'error', 'warning'] as const).map((f) => (
          <button key={f} type="button" className={filter === f ? 'selected' : undefined} onClick={() => setFilter(f)} data-testid={`problems-filter-${f}`}>
            {t(`imports.filter.${f}`, { n: fmtInt(f === 'all' ? errors + warnings : f === 'error' ? errors : warnings) })}
          </button>
        ))}
      </div>
      <div className="table-wrap imports-problems">
        <table className="table compact" data-testid="imports-problems">
          <thead>
            <tr>
              <th>{t('imports.col.severity')}</th>
              <th>{t('imports.col.file')}</th>
              <th>{t('imports.col.sheet')}</th>
              <th className="num">{t('imports.col.row')}</th>
              <th>{t('imports.col.column')}</th>
              <th>{t('imports.col.message')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, SHOWN).map((p, i) => (
              <tr key={i} data-testid="imports-problem" className={`imports-${p.severity}`}>
                <td className="nowrap">
                  <span className={`badge imports-sev-${p.severity}`}>{t(`imports.severity.${p.severity}`)}</span>
                </td>
                <td className="nowrap">{p.where.file ?? ''}</td>
                <td className="nowrap">{p.where.sheet ?? ''}</td>
                <td className="num">{p.where.row ?? ''}</td>
                <td className="nowrap">{p.where.column ?? ''}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > Math.min(shown.length, SHOWN) && <p className="muted small">{t('imports.moreProblems', { n: fmtInt(total - Math.min(shown.length, SHOWN)) })}</p>}
    </>
  )
}
