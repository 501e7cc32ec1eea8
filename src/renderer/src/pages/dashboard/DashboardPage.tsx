// 总览: per route, one row per unit of the office's area (plus 合计) with targets, each stage's cumulative count and
// rate, the day's increase, network km and villages reporting; the slowest counties; a welcome
// panel while the data folder is empty.
import { useState } from 'react'
import type { Dashboard } from '../../../../core/contract'
import { call } from '../../api'
import { localArea } from '../../area-words'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { BehindCard } from './BehindCard'
import { RouteTable } from './RouteTable'
import { Welcome } from './Welcome'

export function DashboardPage() {
  const { info } = useApp()
  const [date, setDate] = useState(info.today)
  const summary = useAsync(() => call('dashboard.summary', { date }), [date, info], { keep: true })

  if (info.isEmpty) return <Welcome />

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.dashboard')}</h1>
        <label className="inline-field">
          {t('dashboard.date')}
          <input
            type="date"
            value={date}
            max="2100-12-31"
            onChange={(e) => e.target.value && setDate(e.target.value)}
            data-testid="dashboard-date"
          />
        </label>
        {date !== info.today && (
          <button type="button" className="link-button" onClick={() => setDate(info.today)}>
            {t('dashboard.backToToday')}
          </button>
        )}
        {summary.loading && summary.data && <span className="muted">{t('common.refreshing')}</span>}
      </div>
      <ErrorBanner error={summary.error} />
      {summary.loading && !summary.data && <Loading />}
      {summary.data && <DashboardBody data={summary.data} />}
    </div>
  )
}

function DashboardBody({ data }: { data: Dashboard }) {
  const routesWithRows = data.routes.filter((r) => data.rows.some((row) => row.route === r.id))
  // Plans may name a route that was since removed from the settings; still show their rows.
  const orphanRoutes = [...new Set(data.rows.map((r) => r.route))].filter((id) => !data.routes.some((r) => r.id === id))
  if (data.rows.length === 0) {
    return (
      <Notice kind="info" testId="dashboard-no-plans">
        {t('dashboard.noPlans')}
      </Notice>
    )
  }
  return (
    <>
      <p className="muted dashboard-legend">
        {data.area?.name && <span data-testid="dashboard-area">{t('dashboard.area', { name: data.area.name, unit: localArea(data.area).unitWord })} · </span>}
        {t('dashboard.legend', { date: data.date })}
      </p>
      <BehindCard data={data} />
      {routesWithRows.map((route) => (
        <RouteTable key={route.id} data={data} route={route} />
      ))}
      {orphanRoutes.map((id) => (
        <RouteTable key={id} data={data} route={{ id, name: id, stages: data.routes[0]?.stages ?? [] }} />
      ))}
    </>
  )
}
