// The importer's errors and warnings for a township's figures: where (row, column) and what.
import type { ImportProblem } from '../../../../core/contract'
import { t } from '../../i18n'

export function ProblemList({ problems, testId }: { problems: readonly ImportProblem[]; testId: string }) {
  return (
    <div className="table-wrap">
      <table className="table compact" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('problems.severity')}</th>
            <th className="num">{t('error.col.row')}</th>
            <th>{t('error.col.column')}</th>
            <th>{t('error.col.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i} className={p.severity === 'error' ? 'problem-error' : 'problem-warning'} data-testid="problem-row">
              <td>{t(p.severity === 'error' ? 'problems.error' : 'problems.warning')}</td>
              <td className="num">{p.where.row ?? ''}</td>
              <td>{p.where.column ?? ''}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
