// 用气/用电预测 preview: per county the households by stage and the season's and peak day's use,
// with the parameters (editable under 报表设置); export.
import type { Area, DemandForecast, DemandTable } from '../../../../core/contract'
import { call } from '../../api'
import { localArea } from '../../area-words'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { PrintButtons } from '../../components/PrintButtons'
import { fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href } from '../../route'
import { ExportButton } from './ExportButton'
import { fmtWan } from './reportFormat'
import { ReportDateField } from './ReportDateField'
import type { TabProps } from './ReportsPage'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'

export function ForecastTab({ date, onDate, today, scope }: TabProps) {
  const report = useAsync(() => call('reports.forecast', { date, scope }), [date, scope], { keep: true })
  return (
    <>
      <ReportToolbar>
        <ReportDateField date={date} onDate={onDate} today={today} label={t('reports.forecast.asOf')} />
        <PrintButtons fileName={`${t('reports.tab.forecast')} ${date}`} testId="forecast" disabled={!report.data} />
        <ExportButton make={() => call('reports.forecastExport', { date, scope })} testId="forecast-export" disabled={!report.data || report.loading} />
      </ReportToolbar>
      <ErrorBanner error={report.error} />
      {report.loading && !report.data && <Loading />}
      {report.data && <ForecastPreview f={report.data} />}
    </>
  )
}

function ForecastPreview({ f }: { f: DemandForecast }) {
  return (
    <div className="report-preview" data-testid="forecast-preview">
      <ReportTitle title={f.header.title} subtitle={f.header.subtitle} unit={f.header.unitName} madeAt={f.header.madeAt} />
      <p className="muted" data-testid="forecast-params">
        {t('reports.forecast.params', { from: f.season.from, to: f.season.to, days: f.season.days, gas: fmtInt(f.gas.perHousehold), electric: fmtInt(f.electric.perHousehold), peak: f.peakFactor })}{' '}
        <a href={href('reports', 'settings')}>{t('reports.forecast.editParams')}</a>
      </p>
      <DemandPanel table={f.gas} kind="gas" area={localArea(f.area)} />
      <DemandPanel table={f.electric} kind="electric" area={localArea(f.area)} />
    </div>
  )
}

function DemandPanel({ table, kind, area }: { table: DemandTable; kind: 'gas' | 'electric'; area: Area }) {
  const unit = t(`reports.forecast.${kind}.unit`)
  return (
    <Panel title={t(`reports.forecast.${kind}.title`, { route: table.routeName })} testId={`forecast-${kind}`}>
      {table.rows.length === 0 ? (
        <p className="muted">{t('reports.forecast.noVillages', { route: table.routeName })}</p>
      ) : (
        <div className="table-wrap">
          <table className="table report-table">
            <thead>
              <tr>
                <th rowSpan={2}>{area.unitLabel}</th>
                <th rowSpan={2}>{t('reports.col.target')}</th>
                <th colSpan={4} className="group-start">
                  {t('reports.forecast.households')}
                </th>
                <th colSpan={2} className="group-start">
                  {t('reports.forecast.season', { unit })}
                </th>
                <th colSpan={2} className="group-start">
                  {t('reports.forecast.peak', { unit })}
                </th>
              </tr>
              <tr>
                <th className="sub group-start">{t(`reports.forecast.${kind}.on`)}</th>
                <th className="sub">{t(`reports.forecast.${kind}.awaiting`)}</th>
                <th className="sub">{t(`reports.forecast.${kind}.notInstalled`)}</th>
                <th className="sub">{t('reports.forecast.expected')}</th>
                <th className="sub group-start">{t('reports.forecast.byConnected')}</th>
                <th className="sub">{t('reports.forecast.byExpected')}</th>
                <th className="sub group-start">{t('reports.forecast.byConnected')}</th>
                <th className="sub">{t('reports.forecast.byExpected')}</th>
              </tr>
            </thead>
            <tbody>
              {[...table.rows, table.total].map((r) => (
                <tr key={r.countyCode || 'total'} className={r.countyCode ? undefined : 'total-row'} data-testid={`forecast-${kind}-${r.countyCode || 'total'}`}>
                  <th scope="row">{r.countyCode ? r.countyName : area.totalName}</th>
                  <td className="num">{fmtInt(r.target)}</td>
                  <td className="num group-start">{fmtInt(r.connected)}</td>
                  <td className="num">{fmtInt(r.awaiting)}</td>
                  <td className="num">{fmtInt(r.notInstalled)}</td>
                  <td className="num">{fmtInt(r.expected)}</td>
                  <td className="num group-start">{fmtWan(r.seasonNow)}</td>
                  <td className="num">{fmtWan(r.seasonExpected)}</td>
                  <td className="num group-start">{fmtWan(r.peakNow)}</td>
                  <td className="num">{fmtWan(r.peakExpected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}
