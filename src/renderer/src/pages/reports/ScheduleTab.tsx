// 倒排工期 preview: per county and route the deadline, what remains, the pace needed against the
// pace shown, the projected finish; the warning list; export.
import type { Area, BackwardSchedule, ScheduleRow } from '../../../../core/contract'
import { call } from '../../api'
import { localArea } from '../../area-words'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { PrintButtons } from '../../components/PrintButtons'
import { fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { ExportButton } from './ExportButton'
import { PaceChart } from './PaceChart'
import { fmtPace } from './reportFormat'
import { ReportDateField } from './ReportDateField'
import type { TabProps } from './ReportsPage'
import { type Column, ReportTable } from './ReportTable'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'
import { StatusBadge } from './StatusBadge'

export function ScheduleTab({ date, onDate, today, scope }: TabProps) {
  const report = useAsync(() => call('reports.schedule', { date, scope }), [date, scope], { keep: true })
  return (
    <>
      <ReportToolbar>
        <ReportDateField date={date} onDate={onDate} today={today} />
        <PrintButtons fileName={`${t('reports.tab.schedule')} ${date}`} testId="schedule" disabled={!report.data} />
        <ExportButton make={() => call('reports.scheduleExport', { date, scope })} testId="schedule-export" disabled={!report.data || report.loading} />
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

const columns = (area: Area): Column<ScheduleRow>[] => [
  { header: t('reports.col.route'), cell: (r) => r.routeName },
  { header: area.unitLabel, kind: 'name', cell: (r) => (r.countyCode ? r.countyName : area.totalName) },
  { header: t('reports.col.target'), kind: 'num', cell: (r) => fmtInt(r.target) },
  { header: t('reports.col.done'), kind: 'num', cell: (r) => fmtInt(r.done) },
  { header: t('reports.col.remaining'), kind: 'num', cell: (r) => fmtInt(r.remaining) },
  { header: t('reports.col.overdueHouseholds'), kind: 'num', cell: (r) => fmtInt(r.overdue), className: (r) => (r.overdue > 0 ? 'negative' : undefined) },
  { header: t('reports.col.deadline'), cell: (r) => r.deadline ?? t('common.none') },
  { header: t('reports.col.daysLeft'), kind: 'num', cell: (r) => r.daysLeft ?? t('common.none') },
  { header: t('reports.col.requiredPace'), kind: 'num', cell: (r) => fmtPace(r.requiredPace) },
  { header: t('reports.col.recentPace'), kind: 'num', cell: (r) => fmtPace(r.recentPace) },
  { header: t('reports.col.projectedFinish'), cell: finish },
  { header: t('reports.col.status'), cell: (r) => <StatusBadge status={r.status} /> },
]

function SchedulePreview({ s }: { s: BackwardSchedule }) {
  return (
    <div className="report-preview" data-testid="schedule-preview">
      <ReportTitle title={s.header.title} subtitle={s.header.subtitle} unit={s.header.unitName} madeAt={s.header.madeAt} />
      <Panel title={t('reports.schedule.warnings')} testId="schedule-warnings">
        {s.warnings.length === 0 ? (
          <Notice kind="ok">{t('reports.schedule.noWarnings', { unit: localArea(s.area).unitWord })}</Notice>
        ) : (
          <ul className="report-warnings">
            {s.warnings.map((r) => (
              <li key={`${r.countyCode}-${r.route}`} data-testid={`schedule-warning-${r.countyCode}-${r.route}`}>
                <StatusBadge status={r.status} />{' '}
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
      <Panel title={t('reports.schedule.table', { unit: localArea(s.area).unitWord })} testId="schedule-table-panel">
        <ReportTable
          columns={columns(localArea(s.area))}
          rows={s.routeTotals.flatMap((total) => [...s.rows.filter((r) => r.route === total.route), total])}
          isTotal={(r) => !r.countyCode}
          rowKey={(r) => `${r.route}-${r.countyCode || 'total'}`}
          rowTestId={(r) => `schedule-row-${r.route}-${r.countyCode || 'total'}`}
          testId="schedule-table"
        />
        <p className="muted small">{t('reports.schedule.legend', { done: s.completionName })}</p>
      </Panel>
    </div>
  )
}
