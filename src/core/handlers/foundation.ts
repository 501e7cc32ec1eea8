// Handlers of src/core/methods/foundation.ts.

import type { AppInfo, foundationMethods } from '../methods/foundation'
import * as audit from '../services/audit'
import * as backups from '../services/backups'
import * as dashboard from '../services/dashboard'
import * as demo from '../services/demo'
import * as divisions from '../services/divisions'
import * as figures from '../services/figures'
import * as households from '../services/households'
import * as settings from '../services/settings'
import { officeArea } from '../services/office'
import type { HandlersOf } from './types'

export const foundationHandlers: HandlersOf<typeof foundationMethods> = {
  'app.info': (ctx) => {
    const s = ctx.settings()
    const idx = ctx.divisions()
    let townships = 0
    let villages = 0
    for (const d of ctx.store.values('divisions')) {
      if (d.level === 'township') townships++
      else if (d.level === 'village') villages++
    }
    const counts = {
      counties: idx.counties.length,
      townships,
      villages,
      plans: ctx.store.count('plans'),
      households: ctx.store.count('households'),
    }
    const info: AppInfo = {
      version: ctx.version,
      dataDir: ctx.dataDir,
      user: ctx.who,
      operator: s.operator,
      unitName: s.unitName,
      office: officeArea(ctx),
      today: ctx.today(),
      isEmpty: counts.counties + villages + counts.households === 0,
      counts,
    }
    const warning = ctx.store.warning
    if (warning) info.warning = warning.message
    return info
  },
  'settings.get': (ctx) => ctx.settings(),
  'settings.update': settings.update,
  'divisions.import': divisions.importDivisions,
  'divisions.children': divisions.children,
  'divisions.search': divisions.search,
  'divisions.get': divisions.get,
  'villages.update': divisions.updateVillage,
  'villages.setPlan': divisions.setPlan,
  'villages.setPlans': divisions.setPlans,
  'villages.contractors': (ctx) => divisions.contractorNames(ctx),
  'villages.list': divisions.listVillages,
  'households.list': households.list,
  'households.search': households.search,
  'households.get': households.get,
  'households.create': households.create,
  'households.update': households.update,
  'figures.record': figures.record,
  'figures.check': figures.check,
  'figures.history': figures.history,
  'figures.reportingStatus': figures.reportingStatus,
  'dashboard.summary': dashboard.summary,
  'audit.history': audit.history,
  'audit.recent': audit.recent,
  'backups.list': (ctx) => ctx.store.listBackups(),
  'backups.create': (ctx, input) => ctx.store.backup('manual', input.note),
  'backups.restore': backups.restore,
  'backups.undoRestore': backups.undoRestore,
  'demo.generate': demo.generate,
}
