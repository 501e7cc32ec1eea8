// One route's table on 总览: a row per unit of the office's area (county, township or village) and a 合计 row.
import type { Dashboard, DashboardRow } from '../../../../core/contract'
import type { RouteDef } from '../../../../core/domain/types'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { localArea } from '../../area-words'
import { Panel } from '../../components/Panel'
import { fmtIncrease, fmtInt, fmtKm, fmtRate } from '../../format'
import { t } from '../../i18n'
import { href } from '../../route'

/** The stage whose daily increase the table shows: the household is heated (通气/通电). */
const TODAY_STAGE = 'connected'

export function RouteTable({ data, route }: { data: Dashboard; route: RouteDef }) {
  const rows = data.rows.filter((r) => r.route === route.id)
  const total = data.totals.find((r) => r.route === route.id)
  const stageName = (k: string) => route.stages.find((s) => s.key === k)?.name ?? t(`stage.${k as (typeof STAGE_KEYS)[number]}`)
  return (
    <Panel
      testId={`dash-table-${route.id}`}
      title={route.name}
      actions={
        total && (
          <span className="muted">
            {t('dashboard.routeSummary', { villages: fmtInt(total.villages), target: fmtInt(total.target) })}
          </span>
        )
      }
    >
      <div className="table-wrap">
        <table className="table dashboard-table">
          <thead>
            <tr>
              <th rowSpan={2} className="sticky-col">
                {data.area ? localArea(data.area).unitLabel : t('dashboard.col.county')}
              </th>
              <th rowSpan={2}>{t('dashboard.col.target')}</th>
              {STAGE_KEYS.map((k) => (
                <th key={k} colSpan={2} className="group-start">
                  {stageName(k)}
                </th>
              ))}
              <th className="group-start">{t('dashboard.col.today')}</th>
              <th rowSpan={2} className="group-start">
                {t('dashboard.col.km')}
              </th>
              <th rowSpan={2}>{t('dashboard.col.reported')}</th>
            </tr>
            <tr>
              {STAGE_KEYS.map((k) => [
                <th key={`${k}-c`} className="sub group-start">
                  {t('dashboard.col.cumulative')}
                </th>,
                <th key={`${k}-r`} className="sub">
                  {t('dashboard.col.rate')}
                </th>,
              ])}
              <th className="sub group-start">{stageName(TODAY_STAGE)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <Row key={row.countyCode} row={row} stageName={stageName} />
            ))}
          </tbody>
          {total && (
            <tfoot>
              <Row row={total} stageName={stageName} isTotal totalName={data.area && localArea(data.area).totalName} />
            </tfoot>
          )}
        </table>
      </div>
    </Panel>
  )
}

function Row({ row, stageName, isTotal, totalName }: { row: DashboardRow; stageName: (k: string) => string; isTotal?: boolean; totalName?: string }) {
  const id = `${row.route}-${isTotal ? 'total' : row.countyCode}`
  const cell = (what: string) => `dash-${id}-${what}`
  const increases = STAGE_KEYS.map((k) => `${stageName(k)} ${fmtIncrease(row.todayIncrease[k])}`).join('\n')
  return (
    <tr className={isTotal ? 'total-row' : undefined} data-testid={`dash-row-${id}`}>
      <th scope="row" className="sticky-col" data-testid={cell('county')}>
        {isTotal ? (totalName ?? t('dashboard.total')) : <a href={href('divisions', row.countyCode)}>{row.countyName}</a>}
      </th>
      <td className="num" data-testid={cell('target')}>
        {fmtInt(row.target)}
      </td>
      {STAGE_KEYS.map((k) => [
        <td key={`${k}-c`} className="num group-start" data-testid={cell(`count-${k}`)}>
          {fmtInt(row.counts[k])}
        </td>,
        <td
          key={`${k}-r`}
          className={`num rate${(row.rates[k] ?? 0) > 1 ? ' over' : ''}`}
          data-testid={cell(`rate-${k}`)}
          title={(row.rates[k] ?? 0) > 1 ? t('dashboard.overTarget') : undefined}
        >
          {fmtRate(row.rates[k])}
        </td>,
      ])}
      <td className="num group-start" data-testid={cell(`today-${TODAY_STAGE}`)} title={increases}>
        {fmtIncrease(row.todayIncrease[TODAY_STAGE])}
      </td>
      <td className="num group-start" data-testid={cell('km')}>
        {fmtKm(row.networkKm)}
      </td>
      <td className="num" data-testid={cell('reported')}>
        {t('dashboard.reportedOf', { reported: fmtInt(row.reportedVillages), villages: fmtInt(row.villages) })}
      </td>
    </tr>
  )
}
