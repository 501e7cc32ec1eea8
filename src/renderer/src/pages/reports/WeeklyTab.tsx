// 周通报 preview: pick a week, edit the drafted text, see the ranking and who is behind, export
// with the edited text.
import { useEffect, useState } from 'react'
import type { WeeklyBulletin } from '../../../../core/contract'
import { addDays } from '../../../../core/domain/dates'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtIncrease, fmtInt, fmtRate } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { CountyProgressChart } from './CountyProgressChart'
import { ExportButton } from './ExportButton'
import { PaceChart } from './PaceChart'
import { ProgressTable } from './ProgressTable'
import { fmtPace, statusClass, statusText } from './reportFormat'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'
import { StageTrendChart } from './StageTrendChart'

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
        <label className="inline-field">
          {t('reports.weekly.pick')}
          <input type="date" value={date} max={today} onChange={(e) => e.target.value && onDate(e.target.value)} data-testid="report-date" />
        </label>
        <button type="button" disabled={next > today} onClick={() => onDate(next)} data-testid="weekly-next">
          {t('reports.weekly.next')}
        </button>
        {b && (
          <span className="muted" data-testid="weekly-range">
            {t('reports.weekly.range', { from: b.week.from, to: b.week.to })}
          </span>
        )}
        <ExportButton make={() => call('reports.weeklyExport', { date, text })} testId="weekly-export" disabled={!b} />
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
        actions={
          <button type="button" className="link-button" disabled={text === b.draft} onClick={() => onText(b.draft)} data-testid="weekly-reset">
            {t('reports.weekly.reset')}
          </button>
        }
      >
        <textarea className="bulletin-text" value={text} rows={7} maxLength={5000} onChange={(e) => onText(e.target.value)} data-testid="weekly-text" />
        <p className="hint">{t('reports.weekly.textHint')}</p>
      </Panel>
      <div className="report-charts">
        <CountyProgressChart rows={b.rows} routes={b.routes} testId="weekly-chart-progress" />
        <PaceChart rows={b.rows.map((r) => r.schedule)} testId="weekly-chart-pace" />
      </div>
      <StageTrendChart to={b.asOf} days={56} testId="weekly-chart-trend" />
      <Panel title={t('reports.weekly.ranking')} testId="weekly-ranking">
        {b.behind.length > 0 ? (
          <Notice kind="warn" testId="weekly-behind">
            {t('reports.weekly.behind', { names: b.behind.map((r) => r.name).join(t('reports.listSep')) })}
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
  const last = b.asOf === b.week.to ? t('reports.col.lastWeek') : t('reports.col.lastWeekSameDays')
  return (
    <div className="table-wrap">
      <table className="table report-table" data-testid="weekly-table">
        <thead>
          <tr>
            <th>{t('reports.col.rank')}</th>
            <th>{t('reports.col.county')}</th>
            <th>{t('reports.col.target')}</th>
            <th>{t('reports.col.done')}</th>
            <th>{t('reports.col.rate')}</th>
            <th>{t('reports.col.weekIncrease')}</th>
            <th>{last}</th>
            <th>{t('reports.col.change')}</th>
            <th>{t('reports.col.recentPace')}</th>
            <th>{t('reports.col.requiredPace')}</th>
            <th>{t('reports.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {[...b.rows, b.total].map((w) => {
            const id = w.code || 'total'
            return (
              <tr key={id} className={w.code ? undefined : 'total-row'} data-testid={`weekly-row-${id}`}>
                <td className="num" data-testid={`weekly-rank-${id}`}>
                  {w.rank ?? ''}
                </td>
                <th scope="row">{w.code ? w.name : t('reports.cityTotal')}</th>
                <td className="num">{fmtInt(w.target)}</td>
                <td className="num">{fmtInt(w.done)}</td>
                <td className={`num${(w.rate ?? 0) > 1 ? ' rate-over' : ''}`}>{fmtRate(w.rate)}</td>
                <td className="num">{fmtIncrease(w.increase)}</td>
                <td className="num">{fmtIncrease(w.lastIncrease)}</td>
                <td className={`num${w.change < 0 ? ' negative' : ''}`}>{fmtIncrease(w.change)}</td>
                <td className="num">{fmtPace(w.schedule.recentPace)}</td>
                <td className="num">{fmtPace(w.schedule.requiredPace)}</td>
                <td>
                  <span className={statusClass(w.schedule.status)} data-testid={`weekly-status-${id}`}>
                    {statusText(w.schedule.status)}
                  </span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
