// 报表: the daily report, weekly bulletin, ten-day meeting pack, backward schedule and demand
// forecast, each previewed with charts and exported to print-ready Excel; and their settings.
import { useState } from 'react'
import { useApp } from '../../AppContext'
import { Notice } from '../../components/Notice'
import { t } from '../../i18n'
import { href } from '../../route'
import { DailyTab } from './DailyTab'
import { ForecastTab } from './ForecastTab'
import { ReportSettingsTab } from './ReportSettingsTab'
import { ScheduleTab } from './ScheduleTab'
import { TenDayTab } from './TenDayTab'
import { WeeklyTab } from './WeeklyTab'

const TABS = ['daily', 'weekly', 'tenday', 'schedule', 'forecast', 'settings'] as const
type Tab = (typeof TABS)[number]

export function ReportsPage({ tab }: { tab?: string }) {
  const { info } = useApp()
  const current: Tab = (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'daily'
  // One date for every report, so moving between them keeps the day in view.
  const [date, setDate] = useState(info.today)
  const props = { date, onDate: setDate, today: info.today }
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.reports')}</h1>
      </div>
      <nav className="report-tabs" aria-label={t('reports.tabs')}>
        {TABS.map((id) => (
          <a key={id} href={href('reports', id)} className={id === current ? 'active' : undefined} aria-current={id === current ? 'page' : undefined} data-testid={`report-tab-${id}`}>
            {t(`reports.tab.${id}`)}
          </a>
        ))}
      </nav>
      {info.counts.plans === 0 && current !== 'settings' ? (
        <Notice kind="info" testId="reports-no-plans">
          {t('reports.noPlans')}
        </Notice>
      ) : (
        <>
          {current === 'daily' && <DailyTab {...props} />}
          {current === 'weekly' && <WeeklyTab {...props} />}
          {current === 'tenday' && <TenDayTab {...props} />}
          {current === 'schedule' && <ScheduleTab {...props} />}
          {current === 'forecast' && <ForecastTab {...props} />}
          {current === 'settings' && <ReportSettingsTab />}
        </>
      )}
    </div>
  )
}
