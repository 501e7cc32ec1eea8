// 各阶段累计走势: the area's cumulative households per stage, day by day, under the task line.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'

const COLORS = { confirmed: '#8aa4c8', network: '#5b8bd0', meter: '#2563a8', equipment: '#a15c00', connected: '#1e7b46', accepted: '#7a3e9d' } as const

export function StageTrendChart({ to, days, scope, areaName, testId }: { to: string; days: number; scope: string | undefined; areaName: string; testId: string }) {
  const trend = useAsync(() => call('reports.trend', { to, days, scope }), [to, days, scope], { keep: true })
  const points = trend.data?.points ?? []
  const data = points.map((p) => ({ date: p.date.slice(5), ...p.counts }))
  const target = points[0]?.target ?? 0
  return (
    <figure className="report-chart" data-testid={testId}>
      <figcaption>{t('reports.chart.trend', { days, area: areaName })}</figcaption>
      <ErrorBanner error={trend.error} />
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis tickFormatter={(v: number) => fmtInt(v)} width={60} tick={{ fontSize: 12 }} domain={[0, Math.max(target, 1)]} />
          <Tooltip formatter={(v) => fmtInt(typeof v === 'number' ? v : null)} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {target > 0 && <ReferenceLine y={target} stroke="#b42318" strokeDasharray="4 3" label={{ value: t('reports.chart.target'), fontSize: 12, position: 'insideTopLeft' }} />}
          {STAGE_KEYS.map((k) => (
            <Line key={k} type="monotone" dataKey={k} name={t(`stage.${k}`)} stroke={COLORS[k]} dot={false} strokeWidth={2} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  )
}
