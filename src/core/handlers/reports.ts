// Handlers of src/core/methods/reports.ts.

import type { reportsMethods } from '../methods/reports'
import * as reports from '../services/reports'
import type { HandlersOf } from './types'

export const reportsHandlers: HandlersOf<typeof reportsMethods> = {
  'reports.settings': reports.settings,
  'reports.saveSettings': reports.saveSettings,
  'reports.daily': reports.daily,
  'reports.dailyExport': reports.dailyExport,
  'reports.weekly': reports.weekly,
  'reports.weeklyExport': reports.weeklyExport,
  'reports.saveBulletinText': reports.saveBulletinText,
  'reports.tenDay': reports.tenDay,
  'reports.tenDayExport': reports.tenDayExport,
  'reports.schedule': reports.schedule,
  'reports.scheduleExport': reports.scheduleExport,
  'reports.forecast': reports.forecast,
  'reports.forecastExport': reports.forecastExport,
  'reports.trend': reports.trend,
}
