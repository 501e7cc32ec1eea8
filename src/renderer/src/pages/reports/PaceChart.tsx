// 所需日均与近7日日均: per county, the daily pace the schedule needs against the pace shown.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ScheduleRow } from '../../../../core/contract'
import { t } from '../../i18n'
import { fmtPace } from './reportFormat'

export function PaceChart({ rows, testId }: { rows: ScheduleRow[]; testId: string }) {
  const data = rows.map((r) => ({ name: r.countyName, required: r.requiredPace, recent: r.recentPace }))
  return (
    <figure className="report-chart" data-testid={testId}>
      <figcaption>{t('reports.chart.pace')}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis width={48} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => fmtPace(typeof v === 'number' ? v : null)} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          <Bar dataKey="required" name={t('reports.col.requiredPace')} fill="#b42318" isAnimationActive={false} />
          <Bar dataKey="recent" name={t('reports.col.recentPace')} fill="#2563a8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  )
}
