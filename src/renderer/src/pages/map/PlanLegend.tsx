// The visit plan drawn on the map: one line per team and day, in its colour, with the stops in order.
import type { VisitPlanView } from '../../../../core/contract'
import { t } from '../../i18n'
import { DAY_COLOURS } from './colors'
import { planDays } from './MapView'

export function PlanLegend({ plan }: { plan: VisitPlanView }) {
  const days = planDays(plan)
  const unplaced = plan.items.filter((i) => i.lng === undefined).length
  return (
    <div data-testid="map-plan-legend">
      <h3>{plan.title}</h3>
      <p className="muted small">{t('map.planSeed', { seed: plan.seed, n: plan.items.length })}</p>
      <ul className="plan-days">
        {days.map((d, i) => (
          <li key={`${d.team}-${d.date}`}>
            <span className="swatch" style={{ background: DAY_COLOURS[i % DAY_COLOURS.length] }} />
            <strong>{d.date}</strong> {d.teamName}
            <ol>
              {d.items.map((it) => (
                <li key={it.villageCode}>
                  {it.townshipName} {it.villageName}
                  {it.approx && <span className="muted small"> {t(`map.approx.${it.approx}`)}</span>}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
      {unplaced > 0 && <p className="muted small">{t('map.planUnplaced', { n: unplaced })}</p>}
      <p className="muted small">{t('map.planOrderNote')}</p>
    </div>
  )
}
