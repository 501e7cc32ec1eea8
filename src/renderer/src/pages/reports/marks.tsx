// How the previews mark what the exports mark: 未报 in the rank column, a fall as 回退, 上期无数据
// instead of a difference, a rate above 100% flagged; the 回退 villages and the units furthest
// behind listed under a table.
import type { LaggardRow, Regression, UnitReporting } from '../../../../core/contract'
import { Notice } from '../../components/Notice'
import { fmtIncrease, fmtInt, fmtRate } from '../../format'
import { t } from '../../i18n'

export function RankMark({ rank, reporting, testId }: { rank: number | null; reporting?: UnitReporting; testId?: string }) {
  if (reporting?.status === 'unreported') {
    return (
      <span className="mark-unreported" title={reporting.lastDate ? t('reports.mark.lastReported', { date: reporting.lastDate }) : undefined} data-testid={testId}>
        {t('reports.mark.unreported')}
      </span>
    )
  }
  return <span data-testid={testId}>{rank ?? ''}</span>
}

/** 已报 / 未报 / 3/5村 / 无需上报; a 合计 row always as a count. */
export function reportingText(r: UnitReporting, total = false): string {
  if (r.status === 'not_expected') return t('reports.mark.notExpected')
  if (total || r.status === 'partial') return t('reports.mark.partial', { reported: r.reported, expected: r.expected })
  return r.status === 'reported' ? t('reports.mark.reported') : t('reports.mark.unreported')
}

/** A signed increase; a fall reads 回退 N. */
export function Increase({ n }: { n: number }) {
  if (n < 0) return <span className="negative">{t('reports.mark.regress', { n: fmtInt(-n) })}</span>
  return <>{fmtIncrease(n)}</>
}

/** The earlier period's increase, or 上期无数据. */
export function Previous({ n }: { n: number | null }) {
  if (n === null) return <span className="muted">{t('reports.mark.noPrevious')}</span>
  return <Increase n={n} />
}

/** A difference between periods, or a dash when there is nothing to compare with. */
export function Change({ n }: { n: number | null }) {
  if (n === null) return <span className="muted">{t('common.none')}</span>
  return <span className={n < 0 ? 'negative' : undefined}>{fmtIncrease(n)}</span>
}

/** A rate as printed; above 100% flagged (shown as it is). */
export function Rate({ rate }: { rate: number | null }) {
  if (rate === null || rate <= 1) return <>{fmtRate(rate)}</>
  return (
    <span className="rate-over" title={t('reports.mark.overTitle')}>
      {fmtRate(rate)}
      <sup className="over-flag">{t('reports.mark.over')}</sup>
    </span>
  )
}

const SHOWN = 10

export function RegressionList({ list, testId }: { list: readonly Regression[]; testId: string }) {
  if (list.length === 0) return null
  return (
    <Notice kind="warn" testId={testId}>
      <strong>{t('reports.regressions.title')}</strong>
      <ul className="report-notes">
        {list.slice(0, SHOWN).map((g) => (
          <li key={g.villageCode}>
            {t('reports.regressions.line', { place: g.place, village: g.villageName, route: g.routeName, before: fmtInt(g.before), after: fmtInt(g.after), n: fmtInt(-g.change) })}
          </li>
        ))}
      </ul>
      {list.length > SHOWN && <div className="small">{t('reports.regressions.more', { n: list.length - SHOWN })}</div>}
    </Notice>
  )
}

export function LaggardList({ list, unitLevel, testId }: { list: readonly LaggardRow[]; unitLevel: string; testId: string }) {
  if (list.length === 0) return null
  const level = unitLevel === 'county' ? t('reports.level.township') : t('reports.level.village')
  return (
    <div className="report-laggards" data-testid={testId}>
      <strong>{t('reports.laggards.title', { level })}</strong>
      <ol>
        {list.map((l) => (
          <li key={l.code}>{t('reports.laggards.line', { parent: l.parentName, name: l.name, rate: fmtRate(l.rate), remaining: fmtInt(l.remaining) })}</li>
        ))}
      </ol>
    </div>
  )
}
