// 走访计划: the plans saved so far, newest first.
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { fmtDateTime } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href } from '../../route'

export function PlanList() {
  const plans = useAsync(() => call('visitPlans.list', {}), [])
  return (
    <Panel title={t('visits.tab.plans')} actions={<a href={href('visits', 'draw')}>{t('visits.plans.new')}</a>}>
      <ErrorBanner error={plans.error} />
      {!plans.data ? (
        <Loading />
      ) : plans.data.length === 0 ? (
        <p className="muted">{t('visits.plans.none')}</p>
      ) : (
        <table className="table" data-testid="plan-list">
          <thead>
            <tr>
              <th>{t('visits.plans.id')}</th>
              <th>{t('visits.plans.title')}</th>
              <th>{t('visits.plans.dates')}</th>
              <th className="num">{t('visits.plans.villages')}</th>
              <th className="num">{t('visits.draw.seed')}</th>
              <th>{t('visits.plans.created')}</th>
            </tr>
          </thead>
          <tbody>
            {plans.data.map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={href('visits', p.id)}>{p.id}</a>
                </td>
                <td>{p.title}</td>
                <td className="nowrap">
                  {p.startDate} – {p.endDate}
                </td>
                <td className="num">{t('visits.plans.scope', { v: p.villages, t: p.townships, c: p.counties })}</td>
                <td className="num code">{p.seed}</td>
                <td className="nowrap">
                  {fmtDateTime(p.createdAt)} {p.createdBy}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  )
}
