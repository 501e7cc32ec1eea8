// 日报 preview: progress by unit (chart and table; 未报 units not ranked), the trend of the stages,
// each route's stages, 未上报, 回退 villages; the level below on request; print and export.
import { useState } from 'react'
import type { DailyReport } from '../../../../core/contract'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { call } from '../../api'
import { localArea } from '../../area-words'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { PrintButtons } from '../../components/PrintButtons'
import { fmtInt, fmtRate } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { CountyProgressChart } from './CountyProgressChart'
import { ExportButton } from './ExportButton'
import { Increase, RankMark, Rate, RegressionList, reportingText } from './marks'
import { ProgressTable } from './ProgressTable'
import { ReportDateField } from './ReportDateField'
import { fmtReportKm } from './reportFormat'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'
import type { TabProps } from './ReportsPage'
import { StageTrendChart } from './StageTrendChart'

export function DailyTab({ date, onDate, today, scope }: TabProps) {
  const [byTownship, setByTownship] = useState(false)
  const report = useAsync(() => call('reports.daily', { date, scope, byTownship }), [date, scope, byTownship], { keep: true })
  const area = report.data?.area
  return (
    <>
      <ReportToolbar>
        <ReportDateField date={date} onDate={onDate} today={today} />
        {area?.unitLevel !== 'village' && (
          <label className="inline-field">
            <input type="checkbox" checked={byTownship} onChange={(e) => setByTownship(e.target.checked)} data-testid="daily-by-township" />
            {t('reports.daily.byTownship', { level: t(area?.unitLevel === 'township' ? 'reports.level.village' : 'reports.level.township') })}
          </label>
        )}
        <PrintButtons fileName={`${t('reports.tab.daily')} ${date}`} testId="daily" disabled={!report.data} />
        <ExportButton make={() => call('reports.dailyExport', { date, scope, byTownship })} testId="daily-export" disabled={!report.data || report.loading} />
        {report.loading && report.data && <span className="muted">{t('common.refreshing')}</span>}
      </ReportToolbar>
      <ErrorBanner error={report.error} />
      {report.loading && !report.data && <Loading />}
      {report.data && <DailyPreview r={report.data} scope={scope} />}
    </>
  )
}

function DailyPreview({ r, scope }: { r: DailyReport; scope: string | undefined }) {
  const area = localArea(r.area)
  return (
    <div className="report-preview" data-testid="daily-preview">
      <ReportTitle title={r.header.title} subtitle={r.header.subtitle} unit={r.header.unitName} madeAt={r.header.madeAt} />
      <div className="report-charts">
        <CountyProgressChart rows={r.counties} routes={r.routes} unitWord={area.unitWord} testId="daily-chart-progress" />
        <StageTrendChart to={r.date} days={30} scope={scope} areaName={area.name} testId="daily-chart-trend" />
      </div>
      <Panel title={t('reports.daily.summary', { unit: area.unitWord })} testId="daily-summary">
        <ProgressTable
          routes={r.routes}
          rows={r.counties}
          total={{ ...r.total, name: area.totalName }}
          increaseLabel={t('reports.col.todayIncrease')}
          nameLabel={area.unitLabel}
          testId="daily-table"
          extra={{
            headers: [t('reports.col.reporting')],
            cells: (row, isTotal) => (
              <td className={`center${row.reporting.status === 'unreported' ? ' mark-unreported' : ''}`} data-testid={`daily-table-reporting-${isTotal ? 'total' : row.code}`}>
                {reportingText(row.reporting, isTotal)}
              </td>
            ),
          }}
        />
        <Unreported r={r} />
        <RegressionList list={r.regressions} testId="daily-regressions" />
        <p className="muted small">
          {t('reports.daily.legend', { done: r.completionName })}
          {t('reports.rankRule', { period: t('reports.period.day') })}
        </p>
      </Panel>
      {r.routeTables.map((table) => {
        const stageName = (k: string) => table.route.stages.find((s) => s.key === k)?.name ?? k
        return (
          <Panel key={table.route.id} title={t('reports.daily.routeTitle', { route: table.route.name })} testId={`daily-route-${table.route.id}`}>
            <div className="table-wrap">
              <table className="table report-table">
                <thead>
                  <tr>
                    <th>{area.unitLabel}</th>
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
                      <td className="num">
                        <Increase n={row.increase} />
                      </td>
                      <td className="num">
                        <Rate rate={row.completionRate} />
                      </td>
                      <td className="num">
                        <RankMark rank={row.rank} reporting={row.reporting} />
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="total-row">
                    <th scope="row">{area.totalName}</th>
                    <td className="num">{fmtInt(table.total.target)}</td>
                    {STAGE_KEYS.map((k) => (
                      <td key={k} className="num group-start">
                        {fmtInt(table.total.counts[k])} <span className="small muted">{fmtRate(table.total.rates[k])}</span>
                      </td>
                    ))}
                    <td className="num group-start">{fmtReportKm(table.total.networkKm)}</td>
                    <td className="num">
                      <Increase n={table.total.todayIncrease[r.completionStage]} />
                    </td>
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
        <Panel
          key={s.countyCode}
          title={t('reports.daily.townshipTitle', { county: s.countyName, level: t(area.unitLevel === 'township' ? 'reports.level.village' : 'reports.level.township') })}
          testId={`daily-township-${s.countyCode}`}
        >
          <ProgressTable
            routes={r.routes}
            rows={s.rows}
            total={{ ...s.total, name: t('reports.countyTotal', { county: s.countyName }) }}
            increaseLabel={t('reports.col.todayIncrease')}
            nameLabel={area.unitLevel === 'township' ? t('reports.col.village') : t('reports.col.township')}
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
      {unreported.map((u) => (r.area.level === 'city' || r.area.level === 'all' ? `${u.countyName}${u.townshipName}` : u.townshipName)).join(t('reports.listSep'))}
    </Notice>
  )
}
