// 周通报 preview: pick a week, edit the drafted text (kept per week: saved when the box is left or
// the file exported, shown again when the week is reopened; 恢复草稿 brings the draft back), see the
// ranking (未报 units not ranked, 上期无数据 where the week before has no figures), who is behind and
// the units furthest behind; print and export with the text as kept.
import { useEffect, useRef, useState } from 'react'
import type { SavedBulletin, WeeklyBulletin, WeeklyRow } from '../../../../core/contract'
import { addDays } from '../../../../core/domain/dates'
import { type ApiError, call } from '../../api'
import { localArea } from '../../area-words'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { PrintButtons } from '../../components/PrintButtons'
import { fmtDateTime, fmtInt } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { CountyProgressChart } from './CountyProgressChart'
import { ExportButton } from './ExportButton'
import { Change, Increase, LaggardList, Previous, RankMark, Rate, RegressionList } from './marks'
import { PaceChart } from './PaceChart'
import { ProgressTable } from './ProgressTable'
import { fmtPace } from './reportFormat'
import { ReportDateField } from './ReportDateField'
import type { TabProps } from './ReportsPage'
import { type Column, ReportTable } from './ReportTable'
import { ReportTitle } from './ReportTitle'
import { ReportToolbar } from './ReportToolbar'
import { StageTrendChart } from './StageTrendChart'
import { StatusBadge } from './StatusBadge'
import { Allowed } from '../../components/Allowed'

export function WeeklyTab({ date, onDate, today, scope }: TabProps) {
  const report = useAsync(() => call('reports.weekly', { date, scope }), [date, scope], { keep: true })
  const b = report.data
  // The box holds the week's kept text, else its draft; a week (or area) loaded afresh starts over.
  const week = b ? `${b.area.code}|${b.week.from}|${b.week.to}` : ''
  const [text, setText] = useState('')
  const [saved, setSaved] = useState<SavedBulletin | null>(null)
  useEffect(() => {
    setSaved(b?.saved ?? null)
    setText(b?.saved?.text ?? b?.draft ?? '')
  }, [week, b?.saved, b?.draft])
  const kept = saved?.text ?? b?.draft ?? ''
  const dirty = text.trim() !== kept.trim()
  const save = useAction(async (value: string) => {
    const next = await call('reports.saveBulletinText', { date, scope, text: value })
    setSaved(next)
    return next
  })
  // Leaving the box and pressing 导出 both keep the text: one save for the two.
  const saving = useRef<{ text: string; done: Promise<unknown> } | null>(null)
  const keep = async () => {
    if (!b || !dirty || report.loading) return
    if (saving.current?.text !== text) {
      const mine = { text, done: save.run(text).finally(() => saving.current === mine && (saving.current = null)) }
      saving.current = mine
    }
    await saving.current.done
  }
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
        <ExportButton
          make={async () => {
            await keep()
            return call('reports.weeklyExport', { date, scope, text })
          }}
          testId="weekly-export"
          disabled={!b || report.loading}
        />
      </ReportToolbar>
      <ErrorBanner error={report.error} />
      {report.loading && !b && <Loading />}
      {b && (
        <WeeklyPreview
          b={b}
          scope={scope}
          text={text}
          onText={setText}
          onLeave={() => void keep()}
          saved={saved}
          dirty={dirty}
          saving={save.busy}
          onReset={async () => {
            if ((await save.run('')) !== undefined) setText(b.draft)
          }}
          onSave={() => void keep()}
          error={save.error}
        />
      )}
    </>
  )
}

function WeeklyPreview(props: {
  b: WeeklyBulletin
  scope: string | undefined
  text: string
  onText: (s: string) => void
  onLeave: () => void
  saved: SavedBulletin | null
  dirty: boolean
  saving: boolean
  onReset: () => void
  onSave: () => void
  error: ApiError | undefined
}) {
  const { b, text, saved } = props
  const area = localArea(b.area)
  return (
    <div className="report-preview" data-testid="weekly-preview">
      <ReportTitle title={b.header.title} subtitle={b.header.subtitle} unit={b.header.unitName} madeAt={b.header.madeAt} />
      <Panel
        title={t('reports.weekly.text')}
        className="bulletin-panel"
        testId="weekly-text-panel"
        actions={
          <>
            {/* mouse-down keeps the focus in the box, so leaving it does not save first */}
            <button type="button" className="link-button" disabled={!props.dirty || props.saving} onMouseDown={(e) => e.preventDefault()} onClick={props.onSave} data-testid="weekly-save">
              {props.saving ? t('reports.weekly.saving') : t('reports.weekly.save')}
            </button>
            <button
              type="button"
              className="link-button"
              disabled={(!saved && text === b.draft) || props.saving}
              onMouseDown={(e) => e.preventDefault()}
              onClick={props.onReset}
              data-testid="weekly-reset"
            >
              {t('reports.weekly.reset')}
            </button>
          </>
        }
      >
        <Allowed method="reports.saveBulletinText">
          <textarea
            className="bulletin-text no-print"
            value={text}
            rows={8}
            maxLength={5000}
            onChange={(e) => props.onText(e.target.value)}
            onBlur={props.onLeave}
            data-testid="weekly-text"
          />
        </Allowed>
        {/* What prints: the text as paragraphs, not a text box. */}
        <div className="bulletin-print print-only">
          {text
            .split(/\r?\n/)
            .filter((p) => p.trim())
            .map((p, i) => (
              <p key={i}>{p.trim()}</p>
            ))}
        </div>
        <p className="hint no-print" data-testid="weekly-text-status">
          {props.dirty
            ? t('reports.weekly.unsaved')
            : saved
              ? t('reports.weekly.saved', { who: saved.savedBy, at: fmtDateTime(saved.savedAt) })
              : t('reports.weekly.draftOnly')}{' '}
          {t('reports.weekly.textHint')}
        </p>
        {saved && saved.draftAtSave !== b.draft && (
          <Notice kind="info" testId="weekly-stale">
            {t('reports.weekly.stale')}
          </Notice>
        )}
        <ErrorBanner error={props.error} />
      </Panel>
      <div className="report-charts">
        <CountyProgressChart rows={b.rows} routes={b.routes} unitWord={area.unitWord} testId="weekly-chart-progress" />
        <PaceChart rows={b.rows.map((r) => r.schedule)} testId="weekly-chart-pace" />
      </div>
      <StageTrendChart to={b.asOf} days={56} scope={props.scope} areaName={area.name} testId="weekly-chart-trend" />
      <Panel title={t('reports.weekly.ranking')} testId="weekly-ranking">
        {b.behind.length > 0 ? (
          <Notice kind="warn" testId="weekly-behind">
            {t('reports.weekly.behind', {
              unit: area.unitWord,
              names: b.behind.map((r) => t('reports.weekly.behindName', { name: r.name, status: t(`reports.status.${r.schedule.status}`) })).join(t('reports.listSep')),
            })}
          </Notice>
        ) : (
          <Notice kind="ok" testId="weekly-behind">
            {t('reports.weekly.noneBehind', { unit: area.unitWord })}
          </Notice>
        )}
        <WeeklyTable b={b} />
        <RegressionList list={b.regressions} testId="weekly-regressions" />
        <LaggardList list={b.laggards} unitLevel={area.unitLevel} testId="weekly-laggards" />
        <p className="muted small">
          {t('reports.weekly.legend', { done: b.completionName })}
          {t('reports.rankRule', { period: t('reports.period.week') })}
        </p>
      </Panel>
      {b.routes.length > 1 && (
        <Panel title={t('reports.weekly.byRoute')} testId="weekly-by-route">
          <ProgressTable
            routes={b.routes}
            rows={b.rows}
            total={{ ...b.total, name: area.totalName }}
            increaseLabel={t('reports.col.weekIncrease')}
            nameLabel={area.unitLabel}
            testId="weekly-route-table"
          />
        </Panel>
      )}
    </div>
  )
}

/** The bulletin's table, as on the exported sheet: the area's units over all routes, ranked. */
function WeeklyTable({ b }: { b: WeeklyBulletin }) {
  const area = localArea(b.area)
  const columns: Column<WeeklyRow>[] = [
    { header: t('reports.col.rank'), kind: 'num', cell: (w) => (w.code ? <RankMark rank={w.rank} reporting={w.reporting} testId={`weekly-rank-${w.code}`} /> : '') },
    { header: area.unitLabel, kind: 'name', cell: (w) => (w.code ? w.name : area.totalName) },
    { header: t('reports.col.target'), kind: 'num', cell: (w) => fmtInt(w.target) },
    { header: t('reports.col.done'), kind: 'num', cell: (w) => fmtInt(w.done) },
    { header: t('reports.col.rate'), kind: 'num', cell: (w) => <Rate rate={w.rate} /> },
    { header: t('reports.col.weekIncrease'), kind: 'num', cell: (w) => <Increase n={w.increase} /> },
    { header: t(b.asOf === b.week.to ? 'reports.col.lastWeek' : 'reports.col.lastWeekSameDays'), kind: 'num', cell: (w) => <Previous n={w.lastIncrease} /> },
    { header: t('reports.col.change'), kind: 'num', cell: (w) => <Change n={w.change} /> },
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
