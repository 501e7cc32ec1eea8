// 旬例会 preview: pick a month and 上/中/下旬; progress and ranking, the 旬's increase, problems,
// slippage against the backward schedule, the next 旬's plan; export the pack.
import type { TenDayPack } from '../../../../core/contract'
import { nextTenDay, previousTenDay, type TenDayPart, tenDay, tenDayOf } from '../../../../core/domain/periods'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtIncrease, fmtInt, fmtKm, fmtRate } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { CountyProgressChart } from './CountyProgressChart'
import { ExportButton } from './ExportButton'
import { fmtPace, statusClass, statusText } from './reportFormat'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'
import { StageTrendChart } from './StageTrendChart'

const PARTS: TenDayPart[] = [1, 2, 3]

export function TenDayTab({ date, onDate, today }: { date: string; onDate: (d: string) => void; today: string }) {
  const period = tenDayOf(date)
  const pack = useAsync(() => call('reports.tenDay', { date: period.from }), [period.from], { keep: true })
  const next = nextTenDay(period)
  const month = date.slice(0, 7)
  const pick = (ym: string, part: TenDayPart) => {
    const [y, m] = ym.split('-').map(Number) as [number, number]
    onDate(tenDay(y, m, part).from)
  }
  return (
    <>
      <ReportToolbar>
        <button type="button" onClick={() => onDate(previousTenDay(period).from)} data-testid="tenday-prev">
          {t('reports.tenday.prev')}
        </button>
        <label className="inline-field">
          {t('reports.tenday.month')}
          <input type="month" value={month} max={today.slice(0, 7)} onChange={(e) => e.target.value && pick(e.target.value, period.part)} data-testid="tenday-month" />
        </label>
        <select value={period.part} onChange={(e) => pick(month, Number(e.target.value) as TenDayPart)} data-testid="tenday-part" aria-label={t('reports.tenday.part')}>
          {PARTS.map((p) => (
            <option key={p} value={p}>
              {t(`reports.tenday.part${p}`)}
            </option>
          ))}
        </select>
        <button type="button" disabled={next.from > today} onClick={() => onDate(next.from)} data-testid="tenday-next">
          {t('reports.tenday.next')}
        </button>
        <span className="muted" data-testid="tenday-range">
          {t('reports.weekly.range', { from: period.from, to: period.to })}
        </span>
        <ExportButton make={() => call('reports.tenDayExport', { date: period.from })} testId="tenday-export" disabled={!pack.data} />
      </ReportToolbar>
      <ErrorBanner error={pack.error} />
      {pack.loading && !pack.data && <Loading />}
      {pack.data && <TenDayPreview p={pack.data} />}
    </>
  )
}

function TenDayPreview({ p }: { p: TenDayPack }) {
  return (
    <div className="report-preview" data-testid="tenday-preview">
      <ReportTitle title={p.header.title} subtitle={p.header.subtitle} unit={p.header.unitName} madeAt={p.header.madeAt} />
      <div className="report-charts">
        <CountyProgressChart rows={p.progress.rows} routes={p.routes} testId="tenday-chart-progress" />
        <StageTrendChart to={p.asOf} days={p.period.days + 20} testId="tenday-chart-trend" />
      </div>

      <Panel title={t('reports.tenday.s1', { label: p.label })} testId="tenday-progress">
        <div className="table-wrap">
          <table className="table report-table">
            <thead>
              <tr>
                <th>{t('reports.col.rank')}</th>
                <th>{t('reports.col.county')}</th>
                <th>{t('reports.col.target')}</th>
                <th>{t('reports.col.done')}</th>
                <th>{t('reports.col.rate')}</th>
                <th>{t('reports.col.periodIncrease')}</th>
                <th>{t('reports.col.previousIncrease')}</th>
                <th>{t('reports.col.change')}</th>
                <th>{t('reports.col.dailyAverage')}</th>
              </tr>
            </thead>
            <tbody>
              {[...p.progress.rows, p.progress.total].map((r) => (
                <tr key={r.code || 'total'} className={r.code ? undefined : 'total-row'} data-testid={`tenday-progress-${r.code || 'total'}`}>
                  <td className="num">{r.rank ?? ''}</td>
                  <th scope="row">{r.code ? r.name : t('reports.cityTotal')}</th>
                  <td className="num">{fmtInt(r.target)}</td>
                  <td className="num">{fmtInt(r.done)}</td>
                  <td className={`num${(r.rate ?? 0) > 1 ? ' rate-over' : ''}`}>{fmtRate(r.rate)}</td>
                  <td className="num">{fmtIncrease(r.increase)}</td>
                  <td className="num">{fmtIncrease(r.previousIncrease)}</td>
                  <td className="num">{fmtIncrease(r.increase - r.previousIncrease)}</td>
                  <td className="num">{fmtPace(r.dailyAverage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>

      <Panel title={t('reports.tenday.s2', { label: p.label })} testId="tenday-increase">
        <div className="table-wrap">
          <table className="table report-table">
            <thead>
              <tr>
                <th>{t('reports.col.route')}</th>
                <th>{t('reports.col.county')}</th>
                {STAGE_KEYS.map((k) => (
                  <th key={k}>{t(`stage.${k}`)}</th>
                ))}
                <th>{t('reports.col.kmBuilt')}</th>
              </tr>
            </thead>
            <tbody>
              {p.increase.totals.flatMap((total) =>
                [...p.increase.rows.filter((r) => r.route === total.route), total].map((r) => (
                  <tr key={`${r.route}-${r.countyCode || 'total'}`} className={r.countyCode ? undefined : 'total-row'}>
                    <td>{r.routeName}</td>
                    <th scope="row">{r.countyCode ? r.countyName : t('reports.total')}</th>
                    {STAGE_KEYS.map((k) => (
                      <td key={k} className="num">
                        {fmtIncrease(r.increase[k])}
                      </td>
                    ))}
                    <td className="num">{fmtKm(r.networkKm)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </Panel>

      <Panel title={t('reports.tenday.s3', { label: p.label })} testId="tenday-problems">
        {p.problems.recorded === 0 && (
          <Notice kind="info" testId="tenday-no-problems">
            {t('reports.tenday.noProblems')}
          </Notice>
        )}
        <div className="table-wrap">
          <table className="table report-table compact">
            <thead>
              <tr>
                <th>{t('reports.col.county')}</th>
                <th>{t('reports.col.opened')}</th>
                <th>{t('reports.col.closed')}</th>
                <th>{t('reports.col.overdue')}</th>
                <th>{t('reports.col.openAtEnd')}</th>
              </tr>
            </thead>
            <tbody>
              {[...p.problems.rows, p.problems.total].map((r) => (
                <tr key={r.code || 'total'} className={r.code ? undefined : 'total-row'} data-testid={`tenday-problems-${r.code || 'total'}`}>
                  <th scope="row">{r.code ? r.name : t('reports.cityTotal')}</th>
                  <td className="num">{fmtInt(r.opened)}</td>
                  <td className="num">{fmtInt(r.closed)}</td>
                  <td className={`num${r.overdue > 0 ? ' negative' : ''}`}>{fmtInt(r.overdue)}</td>
                  <td className="num">{fmtInt(r.openAtEnd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>

      <Panel title={t('reports.tenday.s4', { label: p.label })} testId="tenday-slippage">
        <div className="table-wrap">
          <table className="table report-table compact">
            <thead>
              <tr>
                <th>{t('reports.col.county')}</th>
                <th>{t('reports.col.paceAtStart')}</th>
                <th>{t('reports.col.planned')}</th>
                <th>{t('reports.col.actual')}</th>
                <th>{t('reports.col.difference')}</th>
                <th>{t('reports.col.slipDays')}</th>
                <th>{t('reports.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {[...p.slippage.rows, p.slippage.total].map((r) => (
                <tr key={r.countyCode || 'total'} className={r.countyCode ? undefined : 'total-row'} data-testid={`tenday-slippage-${r.countyCode || 'total'}`}>
                  <th scope="row">{r.countyCode ? r.countyName : t('reports.cityTotal')}</th>
                  <td className="num">{fmtPace(r.requiredPace)}</td>
                  <td className="num">{fmtInt(r.planned)}</td>
                  <td className="num">{fmtInt(r.actual)}</td>
                  <td className={`num${r.difference < 0 ? ' negative' : ''}`}>{fmtIncrease(r.difference)}</td>
                  <td className="num">{fmtPace(r.slipDays)}</td>
                  <td>
                    <span className={statusClass(r.status)}>{statusText(r.status)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>

      <Panel title={t('reports.tenday.s5', { label: p.nextLabel })} testId="tenday-next-plan">
        <div className="table-wrap">
          <table className="table report-table compact">
            <thead>
              <tr>
                <th>{t('reports.col.county')}</th>
                <th>{t('reports.col.remaining')}</th>
                <th>{t('reports.col.deadline')}</th>
                <th>{t('reports.col.requiredPace')}</th>
                <th>{t('reports.col.recentPace')}</th>
                <th>{t('reports.col.nextPlanned', { label: p.nextLabel })}</th>
                <th>{t('reports.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {[...p.nextPlan.rows, p.nextPlan.total].map((r) => (
                <tr key={r.countyCode || 'total'} className={r.countyCode ? undefined : 'total-row'} data-testid={`tenday-plan-${r.countyCode || 'total'}`}>
                  <th scope="row">{r.countyCode ? r.countyName : t('reports.cityTotal')}</th>
                  <td className="num">{fmtInt(r.remaining)}</td>
                  <td>{r.deadline ?? t('common.none')}</td>
                  <td className="num">{fmtPace(r.requiredPace)}</td>
                  <td className="num">{fmtPace(r.recentPace)}</td>
                  <td className="num">{fmtInt(r.planned)}</td>
                  <td>
                    <span className={statusClass(r.status)}>{statusText(r.status)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </div>
  )
}
