// A report's plain table: one header row, a row per county (or county and route), 合计 rows bold.
import type { ReactNode } from 'react'

export interface Column<T> {
  header: string
  cell: (row: T) => ReactNode
  /** 'num' right-aligns; 'name' makes the cell the row's header */
  kind?: 'num' | 'name'
  className?: (row: T) => string | undefined
}

export function ReportTable<T>(props: {
  columns: Column<T>[]
  rows: T[]
  /** rows drawn as 合计 */
  isTotal: (row: T) => boolean
  rowKey: (row: T) => string
  testId?: string
  rowTestId?: (row: T) => string
  compact?: boolean
}) {
  return (
    <div className="table-wrap">
      <table className={`table report-table${props.compact ? ' compact' : ''}`} data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)} className={props.isTotal(row) ? 'total-row' : undefined} data-testid={props.rowTestId?.(row)}>
              {props.columns.map((c) => {
                const cls = [c.kind === 'num' ? 'num' : '', c.className?.(row) ?? ''].join(' ').trim() || undefined
                return c.kind === 'name' ? (
                  <th key={c.header} scope="row" className={cls}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.header} className={cls}>
                    {c.cell(row)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
