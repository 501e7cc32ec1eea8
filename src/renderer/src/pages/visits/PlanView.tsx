// A drawn plan: the rule and seed in words (so the draw can be repeated before witnesses), the
// townships that had too few villages, and the villages per team and day in visiting order.
import { useState } from 'react'
import type { PlanItemView, VisitPlanView } from '../../../../core/contract'
import { fmtRate } from '../../format'
import { t } from '../../i18n'

export function drawRule(plan: Pick<VisitPlanView, 'seed' | 'params'>): string {
  const p = plan.params
  const parts = [
    t('visits.rule.seed', { seed: plan.seed }),
    t('visits.rule.count', { n: p.min === p.max ? String(p.min) : `${p.min}–${p.max}` }),
  ]
  if (p.weightBehind > 1) parts.push(t('visits.rule.behind', { w: p.weightBehind }))
  if (p.weightComplaint > 1) parts.push(t('visits.rule.complaint', { w: p.weightComplaint }))
  if (p.excludeDays > 0) parts.push(t('visits.rule.exclude', { days: p.excludeDays, asOf: p.asOf }))
  return parts.join(t('visits.rule.sep'))
}

export function PlanView(props: { plan: VisitPlanView; renderContact?: (item: PlanItemView) => React.ReactNode }) {
  const { plan } = props
  const [showTownships, setShowTownships] = useState(false)
  const short = plan.townships.filter((tw) => tw.drawn < tw.wanted)
  const items = [...plan.items].sort((a, b) => a.team - b.team || (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order))
  let lastDay = ''
  return (
    <div className="plan-view" data-testid="plan-view">
      <p data-testid="plan-rule">{drawRule(plan)}</p>
      <details className="draw-method" data-testid="plan-method">
        <summary>{t('visits.method.title')}</summary>
        <p className="small">{t('visits.method.text')}</p>
      </details>
      <p className="muted small" data-testid="plan-counts">
        {t('visits.plan.counts', {
          villages: plan.items.length,
          townships: new Set(plan.items.map((i) => i.townshipCode)).size,
          counties: new Set(plan.items.map((i) => i.countyCode)).size,
          short: short.length,
        })}{' '}
        <button type="button" className="link-button" onClick={() => setShowTownships(!showTownships)} data-testid="plan-townships-toggle">
          {showTownships ? t('visits.plan.hideTownships') : t('visits.plan.showTownships')}
        </button>
      </p>
      {showTownships && (
        <div className="table-wrap">
          <table className="table compact" data-testid="plan-townships">
            <thead>
              <tr>
                <th>{t('level.county')}</th>
                <th>{t('level.township')}</th>
                <th className="num">{t('visits.plan.wanted')}</th>
                <th className="num">{t('visits.plan.available')}</th>
                <th className="num">{t('visits.plan.excluded')}</th>
                <th className="num">{t('visits.plan.drawn')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.townships.map((tw) => (
                <tr key={tw.townshipCode} className={tw.drawn < tw.wanted ? 'shortfall' : undefined}>
                  <td>{tw.countyName}</td>
                  <td>{tw.townshipName}</td>
                  <td className="num">{tw.wanted}</td>
                  <td className="num">{tw.available}</td>
                  <td className="num">{tw.excluded}</td>
                  <td className="num">{tw.drawn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-wrap">
        <table className="table plan-table" data-testid="plan-items">
          <thead>
            <tr>
              <th>{t('visits.plan.date')}</th>
              <th>{t('visits.plan.team')}</th>
              <th className="num">{t('visits.plan.order')}</th>
              <th>{t('level.county')}</th>
              <th>{t('level.township')}</th>
              <th>{t('level.village')}</th>
              <th className="num">{t('map.completion')}</th>
              <th>{t('visits.plan.why')}</th>
              <th>{t('visits.plan.contact')}</th>
              <th>{t('visits.plan.purpose')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((it) => {
              const day = `${it.team}|${it.date}`
              const first = day !== lastDay
              lastDay = day
              return (
                  <tr key={it.villageCode} className={first ? 'day-start' : undefined} data-testid={`plan-item-${it.villageCode}`}>
                    <td className="nowrap">{first ? it.date : ''}</td>
                    <td>{first ? it.teamName : ''}</td>
                    <td className="num">{it.order}</td>
                    <td className="nowrap">{it.countyName}</td>
                    <td className="nowrap">{it.townshipName}</td>
                    <td>{it.villageName}</td>
                    <td className="num">{fmtRate(it.completionRate)}</td>
                    <td>
                      {it.reasons.length === 0 ? (
                        <span className="muted">{t('visits.plan.random')}</span>
                      ) : (
                        it.reasons.map((r) => (
                          <span key={r} className="tag tag-amber">
                            {t(`visits.reason.${r}`)}
                          </span>
                        ))
                      )}
                    </td>
                    <td>{props.renderContact ? props.renderContact(it) : [it.contactName, it.contactPhone].filter(Boolean).join(' ')}</td>
                    <td>{it.purpose}</td>
                  </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}
