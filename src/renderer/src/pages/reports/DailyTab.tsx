// 日报 preview: progress by county (chart and table), the trend of the stages, each route's
// stages, 未上报; by township on request; export.
import { useState } from 'react'
import type { DailyReport } from '../../../../core/contract'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { PrintButtons } from '../../components/PrintButtons'
import { fmtIncrease, fmtInt, fmtRate } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { CountyProgressChart } from './CountyProgressChart'
import { ExportButton } from './ExportButton'
import { ProgressTable } from './ProgressTable'
import { ReportDateField } from './ReportDateField'
import { fmtReportKm } from './reportFormat'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'
import { StageTrendChart } from './StageTrendChart'

export function DailyTab({ date, onDate, today }: { date: string; onDate: (d: string) => void; today: string }) {
  const [byTownship, setByTownship] = useState(false)
  const report = useAsync(() => call('reports.daily', { date, byTownship }), [date, byTownship], { keep: true })
  return (
    <>
      <ReportToolbar>
        <ReportDateField date={date} onDate={onDate} today={today} />
        <label className="inline-field">
          <input type="checkbox" checked={byTownship} onChange={(e) => setByTownship(e.target.checked)} data-testid="daily-by-township" />
          {t('reports.daily.byTownship')}
        </label>
        <PrintButtons fileName={`${t('reports.tab.daily')} ${date}`} testId="daily" disabled={!report.data} />
        <ExportButton make={() => call('reports.dailyExport', { date, byTownship })} testId="daily-export" disabled={!report.data} />
        {report.loading && report.data && <span className="muted">{t('common.refreshing')}</span>}
      </ReportToolbar>
      <ErrorBanner error={report.error} />
      {report.loading && !report.data && <Loading />}
      {report.data && <DailyPreview r={report.data} />}
    </>
  )
}

function DailyPreview({ r }: { r: DailyReport }) {
  return (
    <div className="report-preview" data-testid="daily-preview">
      <ReportTitle title={r.header.title} subtitle={r.header.subtitle} unit={r.header.unitName} madeAt={r.header.madeAt} />
      <div className="report-charts">
        <CountyProgressChart rows={r.counties} routes={r.routes} testId="daily-chart-progress" />
        <StageTrendChart to={r.date} days={30} testId="daily-chart-trend" />
      </div>
      <Panel title={t('reports.daily.summary')} testId="daily-summary">
        <ProgressTable routes={r.routes} rows={r.counties} total={r.total} increaseLabel={t('reports.col.todayIncrease')} testId="daily-table" />
        <Unreported r={r} />
        <p className="muted small">{t('reports.daily.legend', { done: r.completionName })}</p>
      </Panel>
      {r.routeTables.map((table) => {
        const stageName = (k: string) => table.route.stages.find((s) => s.key === k)?.name ?? k
        return (
          <Panel key={table.route.id} title={t('reports.daily.routeTitle', { route: table.route.name })} testId={`daily-route-${table.route.id}`}>
            <div className="table-wrap">
              <table className="table report-table">
                <thead>
                  <tr>
                    <th>{t('reports.col.county')}</th>
                    <th>{t('reports.col.target')}</th>
                    {STAGE_KEYS.map((k) => (
                      <th key={k} className="group-start">
                        {stageName(k)}
                      </th>
                    ))}
                    <th className="group-start">{t('reports.col.km')}</th>
                    <th>{t('reports.col.todayIncrease')}</th>
                    <th>{t('reports.col.rate')}</th>
                    <th>{t('reports.col.rank')}</th>
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((row) => (
                    <tr key={row.countyCode}>
                      <th scope="row">{row.countyName}</th>
                      <td className="num">{fmtInt(row.target)}</td>
                      {STAGE_KEYS.map((k) => (
                        <td key={k} className="num group-start" title={fmtRate(row.rates[k])}>
                          {fmtInt(row.counts[k])} <span className={`small ${(row.rates[k] ?? 0) > 1 ? 'rate-over' : 'muted'}`}>{fmtRate(row.rates[k])}</span>
                        </td>
                      ))}
                      <td className="num group-start">{fmtReportKm(row.networkKm)}</td>
                      <td className="num">{fmtIncrease(row.increase)}</td>
                      <td className={`num${(row.completionRate ?? 0) > 1 ? ' rate-over' : ''}`}>{fmtRate(row.completionRate)}</td>
                      <td className="num">{row.rank ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="total-row">
                    <th scope="row">{t('reports.total')}</th>
                    <td className="num">{fmtInt(table.total.target)}</td>
                    {STAGE_KEYS.map((k) => (
                      <td key={k} className="num group-start">
                        {fmtInt(table.total.counts[k])} <span className="small muted">{fmtRate(table.total.rates[k])}</span>
                      </td>
                    ))}
                    <td className="num group-start">{fmtReportKm(table.total.networkKm)}</td>
                    <td className="num">{fmtIncrease(table.total.todayIncrease[r.completionStage])}</td>
                    <td className="num">{fmtRate(table.total.rates[r.completionStage])}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          </Panel>
        )
      })}
      {r.townships.map((s) => (
        <Panel key={s.countyCode} title={t('reports.daily.townshipTitle', { county: s.countyName })} testId={`daily-township-${s.countyCode}`}>
          <ProgressTable
            routes={r.routes}
            rows={s.rows}
            total={{ ...s.total, name: t('reports.countyTotal', { county: s.countyName }) }}
            increaseLabel={t('reports.col.todayIncrease')}
            nameLabel={t('reports.col.township')}
            testId={`daily-township-table-${s.countyCode}`}
            extra={{
              headers: [t('reports.col.reported')],
              cells: (row, isTotal) => {
                const town = s.rows.find((x) => x.code === row.code)
                const expected = isTotal ? s.rows.reduce((n, x) => n + x.expectedVillages, 0) : (town?.expectedVillages ?? 0)
                const reported = isTotal ? s.rows.reduce((n, x) => n + x.reportedVillages, 0) : (town?.reportedVillages ?? 0)
                return <td className="num">{t('reports.reportedOf', { reported, expected })}</td>
              },
            }}
          />
        </Panel>
      ))}
    </div>
  )
}

function Unreported({ r }: { r: DailyReport }) {
  const { expected, unreported } = r.reporting
  if (expected === 0) return <p className="muted">{t('reports.daily.noneExpected')}</p>
  if (unreported.length === 0)
    return (
      <Notice kind="ok" testId="daily-unreported">
        {t('reports.daily.allReported', { n: expected })}
      </Notice>
    )
  return (
    <Notice kind="warn" testId="daily-unreported">
      {t('reports.daily.unreported', { n: unreported.length, expected })}
      {unreported.map((u) => `${u.countyName}${u.townshipName}`).join(t('reports.listSep'))}
    </Notice>
  )
}
