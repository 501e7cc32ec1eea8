// 周通报 preview: pick a week, edit the drafted text, see the ranking and who is behind, export
// with the edited text.
import { useEffect, useState } from 'react'
import type { WeeklyBulletin, WeeklyRow } from '../../../../core/contract'
import { addDays } from '../../../../core/domain/dates'
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
import { PaceChart } from './PaceChart'
import { ProgressTable } from './ProgressTable'
import { fmtPace } from './reportFormat'
import { ReportDateField } from './ReportDateField'
import { type Column, ReportTable } from './ReportTable'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'
import { StageTrendChart } from './StageTrendChart'
import { StatusBadge } from './StatusBadge'

export function WeeklyTab({ date, onDate, today }: { date: string; onDate: (d: string) => void; today: string }) {
  const report = useAsync(() => call('reports.weekly', { date }), [date], { keep: true })
  const b = report.data
  // The text starts as the draft of the week shown; the user's edits stay until another week is picked.
  const [text, setText] = useState('')
  const draft = b?.draft ?? ''
  useEffect(() => setText(draft), [draft])
  const next = addDays(b?.week.to ?? date, 1)
  return (
    <>
      <ReportToolbar>
        <button type="button" onClick={() => onDate(addDays(b?.week.from ?? date, -1))} data-testid="weekly-prev">
          {t('reports.weekly.prev')}
        </button>
        <ReportDateField date={date} onDate={onDate} today={today} label={t('reports.weekly.pick')} />
        <button type="button" disabled={next > today} onClick={() => onDate(next)} data-testid="weekly-next">
          {t('reports.weekly.next')}
        </button>
        {b && (
          <span className="muted" data-testid="weekly-range">
            {t('reports.weekly.range', { from: b.week.from, to: b.week.to })}
          </span>
        )}
        {/* Not while another week loads: the text in the box is still the week before's. */}
        <PrintButtons fileName={`${t('reports.tab.weekly')} ${date}`} testId="weekly" disabled={!b || report.loading} />
        <ExportButton make={() => call('reports.weeklyExport', { date, text })} testId="weekly-export" disabled={!b || report.loading} />
      </ReportToolbar>
      <ErrorBanner error={report.error} />
      {report.loading && !b && <Loading />}
      {b && <WeeklyPreview b={b} text={text} onText={setText} />}
    </>
  )
}

function WeeklyPreview({ b, text, onText }: { b: WeeklyBulletin; text: string; onText: (s: string) => void }) {
  return (
    <div className="report-preview" data-testid="weekly-preview">
      <ReportTitle title={b.header.title} subtitle={b.header.subtitle} unit={b.header.unitName} madeAt={b.header.madeAt} />
      <Panel
        title={t('reports.weekly.text')}
        testId="weekly-text-panel"
        className="bulletin-panel"
        actions={
          <button type="button" className="link-button" disabled={text === b.draft} onClick={() => onText(b.draft)} data-testid="weekly-reset">
            {t('reports.weekly.reset')}
          </button>
        }
      >
        <textarea className="bulletin-text no-print" value={text} rows={7} maxLength={5000} onChange={(e) => onText(e.target.value)} data-testid="weekly-text" />
        <p className="hint no-print">{t('reports.weekly.textHint')}</p>
        {/* On paper the text as the export has it: paragraphs, first lines indented. */}
        <div className="bulletin-print print-only">
          {text.split('\n').map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </div>
      </Panel>
      <div className="report-charts">
        <CountyProgressChart rows={b.rows} routes={b.routes} testId="weekly-chart-progress" />
        <PaceChart rows={b.rows.map((r) => r.schedule)} testId="weekly-chart-pace" />
      </div>
      <StageTrendChart to={b.asOf} days={56} testId="weekly-chart-trend" />
      <Panel title={t('reports.weekly.ranking')} testId="weekly-ranking">
        {b.behind.length > 0 ? (
          <Notice kind="warn" testId="weekly-behind">
            {t('reports.weekly.behind', {
              names: b.behind.map((r) => t('reports.weekly.behindName', { name: r.name, status: t(`reports.status.${r.schedule.status}`) })).join(t('reports.listSep')),
            })}
          </Notice>
        ) : (
          <Notice kind="ok" testId="weekly-behind">
            {t('reports.weekly.noneBehind')}
          </Notice>
        )}
        <WeeklyTable b={b} />
        <p className="muted small">{t('reports.weekly.legend', { done: b.completionName })}</p>
      </Panel>
      {b.routes.length > 1 && (
        <Panel title={t('reports.weekly.byRoute')} testId="weekly-by-route">
          <ProgressTable routes={b.routes} rows={b.rows} total={b.total} increaseLabel={t('reports.col.weekIncrease')} testId="weekly-route-table" />
        </Panel>
      )}
    </div>
  )
}

/** The bulletin's table, as on the exported sheet: ranked counties over all routes. */
function WeeklyTable({ b }: { b: WeeklyBulletin }) {
  const columns: Column<WeeklyRow>[] = [
    { header: t('reports.col.rank'), kind: 'num', cell: (w) => <span data-testid={`weekly-rank-${w.code || 'total'}`}>{w.rank ?? ''}</span> },
    { header: t('reports.col.county'), kind: 'name', cell: (w) => (w.code ? w.name : t('reports.cityTotal')) },
    { header: t('reports.col.target'), kind: 'num', cell: (w) => fmtInt(w.target) },
    { header: t('reports.col.done'), kind: 'num', cell: (w) => fmtInt(w.done) },
    { header: t('reports.col.rate'), kind: 'num', cell: (w) => fmtRate(w.rate), className: (w) => ((w.rate ?? 0) > 1 ? 'rate-over' : undefined) },
    { header: t('reports.col.weekIncrease'), kind: 'num', cell: (w) => fmtIncrease(w.increase) },
    { header: t(b.asOf === b.week.to ? 'reports.col.lastWeek' : 'reports.col.lastWeekSameDays'), kind: 'num', cell: (w) => fmtIncrease(w.lastIncrease) },
    { header: t('reports.col.change'), kind: 'num', cell: (w) => fmtIncrease(w.change), className: (w) => (w.change < 0 ? 'negative' : undefined) },
    { header: t('reports.col.recentPace'), kind: 'num', cell: (w) => fmtPace(w.schedule.recentPace) },
    { header: t('reports.col.requiredPace'), kind: 'num', cell: (w) => fmtPace(w.schedule.requiredPace) },
    { header: t('reports.col.status'), cell: (w) => <StatusBadge status={w.schedule.status} testId={`weekly-status-${w.code || 'total'}`} /> },
  ]
  return (
    <ReportTable
      columns={columns}
      rows={[...b.rows, b.total]}
      isTotal={(w) => !w.code}
      rowKey={(w) => w.code || 'total'}
      rowTestId={(w) => `weekly-row-${w.code || 'total'}`}
      testId="weekly-table"
    />
  )
}
