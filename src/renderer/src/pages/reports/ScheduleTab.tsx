// 倒排工期 preview: per county and route the deadline, what remains, the pace needed against the
// pace shown, the projected finish; the warning list; export.
import type { BackwardSchedule, ScheduleRow } from '../../../../core/contract'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { ExportButton } from './ExportButton'
import { PaceChart } from './PaceChart'
import { fmtPace, statusClass, statusText } from './reportFormat'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'

export function ScheduleTab({ date, onDate, today }: { date: string; onDate: (d: string) => void; today: string }) {
  const report = useAsync(() => call('reports.schedule', { date }), [date], { keep: true })
  return (
    <>
      <ReportToolbar>
        <label className="inline-field">
          {t('reports.date')}
          <input type="date" value={date} max={today} onChange={(e) => e.target.value && onDate(e.target.value)} data-testid="report-date" />
        </label>
        <ExportButton make={() => call('reports.scheduleExport', { date })} testId="schedule-export" disabled={!report.data} />
      </ReportToolbar>
      <ErrorBanner error={report.error} />
      {report.loading && !report.data && <Loading />}
      {report.data && <SchedulePreview s={report.data} />}
    </>
  )
}

function finish(r: ScheduleRow): string {
  if (r.remaining === 0) return t('reports.status.done')
  return r.projectedFinish ?? t('reports.schedule.noFinish')
}

function SchedulePreview({ s }: { s: BackwardSchedule }) {
  return (
    <div className="report-preview" data-testid="schedule-preview">
      <ReportTitle title={s.header.title} subtitle={s.header.subtitle} unit={s.header.unitName} madeAt={s.header.madeAt} />
      <Panel title={t('reports.schedule.warnings')} testId="schedule-warnings">
        {s.warnings.length === 0 ? (
          <Notice kind="ok">{t('reports.schedule.noWarnings')}</Notice>
        ) : (
          <ul className="report-warnings">
            {s.warnings.map((r) => (
              <li key={`${r.countyCode}-${r.route}`} data-testid={`schedule-warning-${r.countyCode}-${r.route}`}>
                <span className={statusClass(r.status)}>{statusText(r.status)}</span>{' '}
                {r.status === 'overdue'
                  ? t('reports.schedule.overdueLine', { county: r.countyName, route: r.routeName, n: fmtInt(r.overdue), deadline: r.deadline ?? '' })
                  : t('reports.schedule.behindLine', {
                      county: r.countyName,
                      route: r.routeName,
                      required: fmtPace(r.requiredPace),
                      recent: fmtPace(r.recentPace),
                      deadline: r.deadline ?? '',
                      finish: finish(r),
                    })}
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <div className="report-charts single">
        <PaceChart rows={s.counties} testId="schedule-chart-pace" />
      </div>
      <Panel title={t('reports.schedule.table')} testId="schedule-table-panel">
        <div className="table-wrap">
          <table className="table report-table" data-testid="schedule-table">
            <thead>
              <tr>
                <th>{t('reports.col.route')}</th>
                <th>{t('reports.col.county')}</th>
                <th>{t('reports.col.target')}</th>
                <th>{t('reports.col.done')}</th>
                <th>{t('reports.col.remaining')}</th>
                <th>{t('reports.col.overdueHouseholds')}</th>
                <th>{t('reports.col.deadline')}</th>
                <th>{t('reports.col.daysLeft')}</th>
                <th>{t('reports.col.requiredPace')}</th>
                <th>{t('reports.col.recentPace')}</th>
                <th>{t('reports.col.projectedFinish')}</th>
                <th>{t('reports.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {s.routeTotals.flatMap((total) =>
                [...s.rows.filter((r) => r.route === total.route), total].map((r) => (
                  <tr
                    key={`${r.route}-${r.countyCode || 'total'}`}
                    className={r.countyCode ? undefined : 'total-row'}
                    data-testid={`schedule-row-${r.route}-${r.countyCode || 'total'}`}
                  >
                    <td>{r.routeName}</td>
                    <th scope="row">{r.countyCode ? r.countyName : t('reports.total')}</th>
                    <td className="num">{fmtInt(r.target)}</td>
                    <td className="num">{fmtInt(r.done)}</td>
                    <td className="num">{fmtInt(r.remaining)}</td>
                    <td className={`num${r.overdue > 0 ? ' negative' : ''}`}>{fmtInt(r.overdue)}</td>
                    <td>{r.deadline ?? t('common.none')}</td>
                    <td className="num">{r.daysLeft ?? t('common.none')}</td>
                    <td className="num">{fmtPace(r.requiredPace)}</td>
                    <td className="num">{fmtPace(r.recentPace)}</td>
                    <td>{finish(r)}</td>
                    <td>
                      <span className={statusClass(r.status)}>{statusText(r.status)}</span>
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
        <p className="muted small">{t('reports.schedule.legend', { done: s.completionName })}</p>
      </Panel>
    </div>
  )
}
