// 报表: the daily report, weekly bulletin, ten-day meeting pack, backward schedule and demand
// forecast of the office's own area (本级) — or of a division inside it picked here — each
// previewed with charts, printed from the page and exported to print-ready Excel; and their settings.
import { useState } from 'react'
import { useApp } from '../../AppContext'
import { Notice } from '../../components/Notice'
import { t } from '../../i18n'
import { href } from '../../route'
import { DailyTab } from './DailyTab'
import { ForecastTab } from './ForecastTab'
import { ReportSettingsTab } from './ReportSettingsTab'
import { ScheduleTab } from './ScheduleTab'
import { ScopePicker } from './ScopePicker'
import { TenDayTab } from './TenDayTab'
import { WeeklyTab } from './WeeklyTab'
import { Allowed } from '../../components/Allowed'

const TABS = ['daily', 'weekly', 'tenday', 'schedule', 'forecast', 'settings'] as const
type Tab = (typeof TABS)[number]

/** What every report tab is given: the shared day, and the area (undefined: the office's own). */
export interface TabProps {
  date: string
  onDate: (d: string) => void
  today: string
  scope: string | undefined
}

export function ReportsPage({ tab }: { tab?: string }) {
  const { info } = useApp()
  const current: Tab = (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'daily'
  // One date and one area for every report, so moving between them keeps both in view.
  const [date, setDate] = useState(info.today)
  const [scope, setScope] = useState<string>()
  const props: TabProps = { date, onDate: setDate, today: info.today, scope }
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.reports')}</h1>
        {current !== 'settings' && <ScopePicker office={info.office} value={scope} onChange={setScope} />}
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
          {current === 'settings' && (
            <Allowed method="reports.saveSettings">
              <ReportSettingsTab />
            </Allowed>
          )}
        </>
      )}
    </div>
  )
}
