// 各县（乡镇、村）完成率: one bar per unit of the area (and per route when there are several), 100% marked.
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ProgressRow } from '../../../../core/contract'
import type { RouteDef } from '../../../../core/domain/types'
import { fmtRate } from '../../format'
import { t } from '../../i18n'

const COLORS = ['#2563a8', '#1e7b46', '#a15c00', '#7a3e9d']

export function CountyProgressChart({ rows, routes, unitWord, testId }: { rows: ProgressRow[]; routes: RouteDef[]; unitWord: string; testId: string }) {
  const data = rows.map((r) => ({
    name: r.name,
    all: r.rate ?? 0,
    ...Object.fromEntries(routes.map((route) => [route.id, r.byRoute[route.id]?.rate ?? null])),
  }))
  const top = Math.max(1, ...data.map((d) => d.all), ...rows.flatMap((r) => Object.values(r.byRoute).map((p) => p.rate ?? 0)))
  return (
    <figure className="report-chart" data-testid={testId}>
      <figcaption>{t('reports.chart.progress', { unit: unitWord })}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis domain={[0, Math.ceil(top * 10) / 10]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} width={48} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => fmtRate(typeof v === 'number' ? v : null)} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          <ReferenceLine y={1} stroke="#b42318" strokeDasharray="4 3" />
          {routes.length > 1 &&
            routes.map((route, i) => <Bar key={route.id} dataKey={route.id} name={route.name} fill={COLORS[(i + 1) % COLORS.length]} isAnimationActive={false} />)}
          <Bar dataKey="all" name={routes.length > 1 ? t('reports.col.allRoutes') : (routes[0]?.name ?? t('reports.col.allRoutes'))} fill={COLORS[0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  )
}
