// 旬例会 preview: pick a month and 上/中/下旬; the narrative (情况综述), progress and ranking (未报
// units not ranked), the 旬's increase, problems, slippage against the backward schedule, the next
// 旬's plan; print and export the pack.
import type { TenDayPack } from '../../../../core/contract'
import { nextTenDay, previousTenDay, type TenDayPart, tenDay, tenDayOf } from '../../../../core/domain/periods'
import { STAGE_KEYS } from '../../../../core/domain/types'
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
import { CountyProgressChart } from './CountyProgressChart'
import { ExportButton } from './ExportButton'
import { Change, Increase, LaggardList, Previous, RankMark, Rate, RegressionList } from './marks'
import { fmtPace, fmtReportKm } from './reportFormat'
import { type Column, ReportTable } from './ReportTable'
import type { TabProps } from './ReportsPage'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'
import { StageTrendChart } from './StageTrendChart'
import { StatusBadge } from './StatusBadge'

const PARTS: TenDayPart[] = [1, 2, 3]

export function TenDayTab({ date, onDate, today, scope }: TabProps) {
  const period = tenDayOf(date)
  const pack = useAsync(() => call('reports.tenDay', { date: period.from, scope }), [period.from, scope], { keep: true })
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
        <PrintButtons fileName={`${t('reports.tab.tenday')} ${period.from}`} testId="tenday" disabled={!pack.data} />
        <ExportButton make={() => call('reports.tenDayExport', { date: period.from, scope })} testId="tenday-export" disabled={!pack.data || pack.loading} />
      </ReportToolbar>
      <ErrorBanner error={pack.error} />
      {pack.loading && !pack.data && <Loading />}
      {pack.data && <TenDayPreview p={pack.data} scope={scope} />}
    </>
  )
}

type ProgressLine = TenDayPack['progress']['total']
type IncreaseLine = TenDayPack['increase']['rows'][number]
type ProblemLine = TenDayPack['problems']['total']
type SlipLine = TenDayPack['slippage']['total']
type PlanLine = TenDayPack['nextPlan']['total']

const negative = (n: number) => (n < 0 ? 'negative' : undefined)

function TenDayPreview({ p, scope }: { p: TenDayPack; scope: string | undefined }) {
  const area = localArea(p.area)
  const countyName = (code: string, name: string) => (code ? name : area.totalName)
  const progress: Column<ProgressLine>[] = [
    { header: area.unitLabel, kind: 'name', cell: (r) => countyName(r.code, r.name) },
    { header: t('reports.col.rank'), kind: 'num', cell: (r) => (r.code ? <RankMark rank={r.rank} reporting={r.reporting} /> : '') },
    { header: t('reports.col.target'), kind: 'num', cell: (r) => fmtInt(r.target) },
    { header: t('reports.col.done'), kind: 'num', cell: (r) => fmtInt(r.done) },
    { header: t('reports.col.rate'), kind: 'num', cell: (r) => <Rate rate={r.rate} /> },
    { header: t('reports.col.periodIncrease'), kind: 'num', cell: (r) => <Increase n={r.increase} /> },
    { header: t('reports.col.previousIncrease', { label: p.compareLabel }), kind: 'num', cell: (r) => <Previous n={r.previousIncrease} /> },
    { header: t('reports.col.change'), kind: 'num', cell: (r) => <Change n={r.previousIncrease === null ? null : r.increase - r.previousIncrease} /> },
    { header: t('reports.col.dailyAverage'), kind: 'num', cell: (r) => fmtPace(r.dailyAverage) },
  ]
  const increase: Column<IncreaseLine>[] = [
    { header: area.unitLabel, kind: 'name', cell: (r) => countyName(r.countyCode, r.countyName) },
    { header: t('reports.col.route'), cell: (r) => r.routeName },
    ...STAGE_KEYS.map((k): Column<IncreaseLine> => ({ header: t(`stage.${k}`), kind: 'num', cell: (r) => <Increase n={r.increase[k]} /> })),
    { header: t('reports.col.kmBuilt'), kind: 'num', cell: (r) => fmtReportKm(r.networkKm) },
  ]
  const problems: Column<ProblemLine>[] = [
    { header: area.unitLabel, kind: 'name', cell: (r) => countyName(r.code, r.name) },
    { header: t('reports.col.opened'), kind: 'num', cell: (r) => fmtInt(r.opened) },
    { header: t('reports.col.closed'), kind: 'num', cell: (r) => fmtInt(r.closed) },
    { header: t('reports.col.overdue'), kind: 'num', cell: (r) => fmtInt(r.overdue), className: (r) => negative(-r.overdue) },
    { header: t('reports.col.openAtEnd'), kind: 'num', cell: (r) => fmtInt(r.openAtEnd) },
  ]
  const slippage: Column<SlipLine>[] = [
    { header: area.unitLabel, kind: 'name', cell: (r) => countyName(r.countyCode, r.countyName) },
    { header: t('reports.col.paceAtStart'), kind: 'num', cell: (r) => fmtPace(r.requiredPace) },
    { header: t('reports.col.planned'), kind: 'num', cell: (r) => fmtInt(r.planned) },
    { header: t('reports.col.actual'), kind: 'num', cell: (r) => fmtInt(r.actual) },
    { header: t('reports.col.difference'), kind: 'num', cell: (r) => <Change n={r.difference} /> },
    { header: t('reports.col.slipDays'), kind: 'num', cell: (r) => fmtPace(r.slipDays) },
    { header: t('reports.col.status'), cell: (r) => <StatusBadge status={r.status} /> },
  ]
  const plan: Column<PlanLine>[] = [
    { header: area.unitLabel, kind: 'name', cell: (r) => countyName(r.countyCode, r.countyName) },
    { header: t('reports.col.remaining'), kind: 'num', cell: (r) => fmtInt(r.remaining) },
    { header: t('reports.col.deadline'), cell: (r) => r.deadline ?? t('common.none') },
    { header: t('reports.col.requiredPace'), kind: 'num', cell: (r) => fmtPace(r.requiredPace) },
    { header: t('reports.col.recentPace'), kind: 'num', cell: (r) => fmtPace(r.recentPace) },
    { header: t('reports.col.nextPlanned', { label: p.nextLabel }), kind: 'num', cell: (r) => fmtInt(r.planned) },
    { header: t('reports.col.status'), cell: (r) => <StatusBadge status={r.status} /> },
  ]
  const increaseRows = p.increase.totals.flatMap((total) => [...p.increase.rows.filter((r) => r.route === total.route), total])
  return (
    <div className="report-preview" data-testid="tenday-preview">
      <ReportTitle title={p.header.title} subtitle={p.header.subtitle} unit={p.header.unitName} madeAt={p.header.madeAt} />
      <Panel title={t('reports.tenday.s0')} testId="tenday-narrative">
        <div className="report-narrative">
          {p.narrative.map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </div>
      </Panel>
      <div className="report-charts">
        <CountyProgressChart rows={p.progress.rows} routes={p.routes} unitWord={area.unitWord} testId="tenday-chart-progress" />
        <StageTrendChart to={p.asOf} days={p.period.days + 20} scope={scope} areaName={area.name} testId="tenday-chart-trend" />
      </div>
      <Panel title={t('reports.tenday.s1', { label: p.label })} testId="tenday-progress">
        <ReportTable
          columns={progress}
          rows={[...p.progress.rows, p.progress.total]}
          isTotal={(r) => !r.code}
          rowKey={(r) => r.code || 'total'}
          rowTestId={(r) => `tenday-progress-${r.code || 'total'}`}
        />
        <RegressionList list={p.regressions} testId="tenday-regressions" />
        <LaggardList list={p.laggards} unitLevel={area.unitLevel} testId="tenday-laggards" />
        <p className="muted small">{t('reports.rankRule', { period: t('reports.period.tenday') })}</p>
      </Panel>
      <Panel title={t('reports.tenday.s2', { label: p.label })} testId="tenday-increase">
        <ReportTable columns={increase} rows={increaseRows} isTotal={(r) => !r.countyCode} rowKey={(r) => `${r.route}-${r.countyCode || 'total'}`} />
      </Panel>
      <Panel title={t('reports.tenday.s3', { label: p.label })} testId="tenday-problems">
        {p.problems.recorded === 0 && (
          <Notice kind="info" testId="tenday-no-problems">
            {t('reports.tenday.noProblems')}
          </Notice>
        )}
        <ReportTable
          compact
          columns={problems}
          rows={[...p.problems.rows, p.problems.total]}
          isTotal={(r) => !r.code}
          rowKey={(r) => r.code || 'total'}
          rowTestId={(r) => `tenday-problems-${r.code || 'total'}`}
        />
      </Panel>
      <Panel title={t('reports.tenday.s4', { label: p.label })} testId="tenday-slippage">
        <ReportTable
          compact
          columns={slippage}
          rows={[...p.slippage.rows, p.slippage.total]}
          isTotal={(r) => !r.countyCode}
          rowKey={(r) => r.countyCode || 'total'}
          rowTestId={(r) => `tenday-slippage-${r.countyCode || 'total'}`}
        />
      </Panel>
      <Panel title={t('reports.tenday.s5', { label: p.nextLabel })} testId="tenday-next-plan">
        <ReportTable
          compact
          columns={plan}
          rows={[...p.nextPlan.rows, p.nextPlan.total]}
          isTotal={(r) => !r.countyCode}
          rowKey={(r) => r.countyCode || 'total'}
          rowTestId={(r) => `tenday-plan-${r.countyCode || 'total'}`}
        />
      </Panel>
    </div>
  )
}
