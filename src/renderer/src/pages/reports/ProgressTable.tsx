// A table of units (counties, townships or villages) as on the 汇总 sheet: per route the task,
// done, rate and increase, all routes together when there are several, the rank (未报 for a unit
// that did not report in the period); and the 合计 row.
import type { ReactNode } from 'react'
import type { ProgressRow, RouteProgress } from '../../../../core/contract'
import type { RouteDef } from '../../../../core/domain/types'
import { fmtInt } from '../../format'
import { t } from '../../i18n'
import { Increase, RankMark, Rate } from './marks'

function Cells({ p }: { p: RouteProgress | undefined }) {
  if (!p) return <td colSpan={4} className="group-start muted center">{t('common.none')}</td>
  return (
    <>
      <td className="num group-start">{fmtInt(p.target)}</td>
      <td className="num">{fmtInt(p.done)}</td>
      <td className="num">
        <Rate rate={p.rate} />
      </td>
      <td className="num">
        <Increase n={p.increase} />
      </td>
    </>
  )
}

export function ProgressTable(props: {
  routes: RouteDef[]
  rows: ProgressRow[]
  total: ProgressRow
  increaseLabel: string
  /** the rows' column header: 县（市、区）, 乡镇（街道）, 村（社区） */
  nameLabel: string
  testId: string
  /** extra cells after the rank, with their headers */
  extra?: { headers: string[]; cells: (row: ProgressRow, isTotal: boolean) => ReactNode }
}) {
  const several = props.routes.length > 1
  const groups = [...props.routes.map((r) => ({ id: r.id, name: r.name })), ...(several ? [{ id: '', name: t('reports.col.allRoutes') }] : [])]
  const progressOf = (row: ProgressRow, id: string) => (id === '' ? row : row.byRoute[id])
  const line = (row: ProgressRow, isTotal: boolean) => (
    <tr key={row.code || 'total'} className={isTotal ? 'total-row' : undefined} data-testid={`${props.testId}-row-${isTotal ? 'total' : row.code}`}>
      <th scope="row">{row.name}</th>
      {groups.map((g) => (
        <Cells key={g.id || 'all'} p={progressOf(row, g.id)} />
      ))}
      <td className="num group-start center">{isTotal ? null : <RankMark rank={row.rank} reporting={row.reporting} testId={`${props.testId}-rank-${row.code}`} />}</td>
      {props.extra?.cells(row, isTotal)}
    </tr>
  )
  return (
    <div className="table-wrap">
      <table className="table report-table" data-testid={props.testId}>
        <thead>
          <tr>
            <th rowSpan={2}>{props.nameLabel}</th>
            {groups.map((g) => (
              <th key={g.id || 'all'} colSpan={4} className="group-start">
                {g.name}
              </th>
            ))}
            <th rowSpan={2} className="group-start">
              {t('reports.col.rank')}
            </th>
            {props.extra?.headers.map((h) => (
              <th key={h} rowSpan={2}>
                {h}
              </th>
            ))}
          </tr>
          <tr>
            {groups.map((g) => [
              <th key={`${g.id}-t`} className="sub group-start">
                {t('reports.col.target')}
              </th>,
              <th key={`${g.id}-d`} className="sub">
                {t('reports.col.done')}
              </th>,
              <th key={`${g.id}-r`} className="sub">
                {t('reports.col.rate')}
              </th>,
              <th key={`${g.id}-i`} className="sub">
                {props.increaseLabel}
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>{props.rows.map((r) => line(r, false))}</tbody>
        <tfoot>{line(props.total, true)}</tfoot>
      </table>
    </div>
  )
}
