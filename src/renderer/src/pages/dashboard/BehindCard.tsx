// 进度最慢的县（乡镇、村）: the office's units with the lowest completion (connected ÷ target), with what remains.
import type { Dashboard } from '../../../../core/contract'
import { localArea } from '../../area-words'
import { Panel } from '../../components/Panel'
import { fmtInt, fmtRate } from '../../format'
import { t } from '../../i18n'
import { href } from '../../route'

export function BehindCard({ data }: { data: Dashboard }) {
  if (data.behind.length === 0) return null
  const connectedName = (routeId: string) =>
    data.routes.find((r) => r.id === routeId)?.stages.find((s) => s.key === 'connected')?.name ?? t('stage.connected')
  return (
    <Panel title={t(`dashboard.behind.title.${data.area?.unitLevel ?? 'county'}`)} testId="dash-behind" className="behind-card">
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('dashboard.behind.rank')}</th>
            <th>{data.area ? localArea(data.area).unitLabel : t('dashboard.col.county')}</th>
            <th>{t('divisions.plan.route')}</th>
            <th>{t('dashboard.col.target')}</th>
            <th>{t('dashboard.behind.done')}</th>
            <th>{t('dashboard.behind.rate')}</th>
            <th>{t('dashboard.behind.remaining')}</th>
            <th>{t('dashboard.behind.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {data.behind.map((b, i) => (
            <tr key={`${b.countyCode}-${b.route}`} data-testid={`dash-behind-${b.countyCode}-${b.route}`}>
              <td className="num">{i + 1}</td>
              <td>
                <a href={href('divisions', b.countyCode)}>{b.countyName}</a>
              </td>
              <td>{b.routeName}</td>
              <td className="num">{fmtInt(b.target)}</td>
              <td className="num">
                {fmtInt(b.connected)} <span className="muted small">{connectedName(b.route)}</span>
              </td>
              <td className="num">{fmtRate(b.completionRate)}</td>
              <td className="num">{fmtInt(b.remaining)}</td>
              <td>{b.deadline ?? t('common.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  )
}
