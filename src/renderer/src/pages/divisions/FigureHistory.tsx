// 进度记录: a village's daily cumulative figures, newest first, with the change from the day before.
import type { DailyFigure, RouteDef } from '../../../../core/domain/types'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { fmtIncrease, fmtInt, fmtKm } from '../../format'
import type { Async } from '../../hooks'
import { t } from '../../i18n'

export function FigureHistory({ history, route }: { history: Async<DailyFigure[]>; route?: RouteDef }) {
  if (history.error) return <ErrorBanner error={history.error} />
  if (!history.data) return <Loading />
  const rows = history.data
  if (rows.length === 0) return <p className="muted" data-testid="figure-history-empty">{t('figures.noHistory')}</p>
  const stageName = (k: string) => route?.stages.find((s) => s.key === k)?.name ?? t(`stage.${k as (typeof STAGE_KEYS)[number]}`)
  return (
    <div className="table-wrap tall">
      <table className="table" data-testid="figure-history">
        <thead>
          <tr>
            <th>{t('figures.date')}</th>
            {STAGE_KEYS.map((k) => (
              <th key={k}>{stageName(k)}</th>
            ))}
            <th>{t('figures.km')}</th>
            <th>{t('figures.source')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f, i) => {
            const prev = rows[i + 1]
            return (
              <tr key={f.date} data-testid={`figure-row-${f.date}`}>
                <td className="nowrap">{f.date}</td>
                {STAGE_KEYS.map((k) => {
                  const inc = prev ? f.counts[k] - prev.counts[k] : 0
                  return (
                    <td key={k} className="num">
                      {fmtInt(f.counts[k])}
                      {inc !== 0 && <span className={`delta${inc < 0 ? ' neg' : ''}`}>{fmtIncrease(inc)}</span>}
                    </td>
                  )
                })}
                <td className="num">{fmtKm(f.networkKm)}</td>
                <td>
                  {t(`value.source.${f.source}`)}
                  {f.submittedBy && <div className="muted small">{f.submittedBy}</div>}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
