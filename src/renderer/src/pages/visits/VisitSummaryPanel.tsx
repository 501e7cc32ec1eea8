// 分县汇总: per county, the visits, villages and households gone into, and the problems,
// suggestions and highlights (亮点) found — the figures read out at the county meetings.
import { useState } from 'react'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'

export function VisitSummaryPanel() {
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const s = useAsync(() => call('visits.summary', { ...(from ? { from } : {}), ...(to ? { to } : {}) }), [from, to], { keep: true })
  const cols = ['visits', 'villages', 'households', 'problems', 'suggestions', 'highlights'] as const
  return (
    <Panel title={t('visits.tab.summary')}>
      <div className="filter-row">
        <label>
          {t('visits.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="summary-from" />
        </label>
        <label>
          {t('visits.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="summary-to" />
        </label>
      </div>
      <ErrorBanner error={s.error} />
      {!s.data ? (
        <Loading />
      ) : s.data.rows.length === 0 ? (
        <p className="muted">{t('visits.none')}</p>
      ) : (
        <table className="table" data-testid="visit-summary">
          <thead>
            <tr>
              <th>{t('level.county')}</th>
              {cols.map((c) => (
                <th key={c} className="num">
                  {t(`visits.sum.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.data.rows.map((r) => (
              <tr key={r.countyCode} data-testid={`summary-${r.countyCode}`}>
                <td>{r.countyName}</td>
                {cols.map((c) => (
                  <td key={c} className="num">
                    {fmtInt(r[c])}
                  </td>
                ))}
              </tr>
            ))}
            <tr className="total-row" data-testid="summary-total">
              <th>{t('visits.sum.total')}</th>
              {cols.map((c) => (
                <th key={c} className="num">
                  {fmtInt(s.data!.total[c])}
                </th>
              ))}
            </tr>
          </tbody>
        </table>
      )}
    </Panel>
  )
}
