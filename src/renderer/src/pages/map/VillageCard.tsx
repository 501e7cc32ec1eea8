// A clicked village: its plan, latest figures, standing, open problems, visits and position, with
// links to its page and the ledger, and the choice to place it by a click or clear its position.
import { STAGE_KEYS } from '../../../../core/domain/types'
import { call } from '../../api'
import { findRoute, useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { fmtInt, fmtRate } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href } from '../../route'
import { statusLabel } from '../problems/labels'
import { stageName } from './MapFilters'
import { Allowed } from '../../components/Allowed'
import { can } from '../../access'

export function VillageCard({ code, onPick, onChanged }: { code: string; onPick: () => void; onChanged: () => void }) {
  const { settings, info } = useApp()
  const d = useAsync(() => call('map.village', { code }), [code])
  const clear = useAction(() => call('map.clearPoint', { code }))
  if (d.error) return <ErrorBanner error={d.error} />
  if (!d.data) return <Loading />
  const v = d.data
  const route = findRoute(settings.routes, v.plan?.route)
  return (
    <div className="village-card" data-testid="village-card">
      <h3 data-testid="village-card-name">{v.division.name}</h3>
      <div className="muted small">
        {v.path.map((p) => p.name).join(' / ')} · <span className="code">{v.division.code}</span>
      </div>
      {v.plan ? (
        <dl className="card-grid">
          <dt>{t('field.route')}</dt>
          <dd>{route?.name ?? v.plan.route}</dd>
          <dt>{t('field.targetHouseholds')}</dt>
          <dd>{fmtInt(v.plan.targetHouseholds)}</dd>
          <dt>{t('field.deadline')}</dt>
          <dd>{v.plan.deadline}</dd>
          <dt>{t('map.completion')}</dt>
          <dd data-testid="village-card-rate">
            {fmtRate(v.completionRate)}
            {v.behind && <span className="tag tag-red">{t('map.behind')}</span>}
          </dd>
          <dt>{t('map.stage')}</dt>
          <dd>{stageName(v.stage)}</dd>
        </dl>
      ) : (
        <p className="muted">{t('map.noPlanText')}</p>
      )}
      {v.latest && (
        <table className="table compact">
          <caption className="muted small">{t('map.latest', { date: v.latest.date })}</caption>
          <tbody>
            {STAGE_KEYS.map((k) => (
              <tr key={k}>
                <th>{route?.stages.find((s) => s.key === k)?.name ?? t(`value.stage.${k}`)}</th>
                <td className="num">{fmtInt(v.latest!.counts[k])}</td>
                <td className="num">{fmtRate(v.plan && v.plan.targetHouseholds > 0 ? v.latest!.counts[k] / v.plan.targetHouseholds : null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{t('map.openProblems', { n: v.openProblems.length })}</h4>
      {v.openProblems.length === 0 ? (
        <p className="muted small">{t('map.noOpenProblems')}</p>
      ) : (
        <ul className="plain-list" data-testid="village-card-problems">
          {v.openProblems.map((p) => (
            <li key={p.id}>
              <a href={href('problems', p.id)}>{p.id}</a> <span className="tag">{statusLabel(p.status)}</span> {p.description}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('map.visits')}</h4>
      {v.visits.length === 0 ? (
        <p className="muted small">{t('map.noVisits')}</p>
      ) : (
        <ul className="plain-list">
          {v.visits.map((x) => (
            <li key={x.id}>
              <a href={href('visits', x.id)}>{x.date}</a> {x.team.join('、')} · {t('map.findings', { n: x.findings })}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('map.position')}</h4>
      <p className="small" data-testid="village-card-point">
        {v.point
          ? t('map.pointText', { lng: v.point.lng, lat: v.point.lat, system: v.point.system, source: t(`map.source.${v.point.source}`) })
          : t('map.noPoint')}
      </p>
      <div className="button-row">
        <a className="button-link" href={href('divisions', v.division.code)} data-testid="village-card-open">
          {t('map.openVillage')}
        </a>
        <Allowed method="map.setPoint" hide>
          <button type="button" onClick={onPick} data-testid="village-card-pick">
            {v.point ? t('map.repick') : t('map.pick')}
          </button>
        </Allowed>
        {v.point && can(info, 'map.clearPoint') && (
          <button
            type="button"
            disabled={clear.busy}
            onClick={async () => {
              if (await clear.run()) onChanged()
            }}
            data-testid="village-card-clear"
          >
            {t('map.clearPoint')}
          </button>
        )}
      </div>
      <ErrorBanner error={clear.error} onClose={clear.clearError} />
    </div>
  )
}
