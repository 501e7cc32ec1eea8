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
import { accountsOn, allowedMethods } from '../services/access'
import { accountView } from '../services/accounts'
import type { Ctx } from '../services/context'
import { areaPrefix, withinPrefix } from '../domain/scope'
import { officeArea } from '../services/office'
import type { HandlersOf } from './types'

/** How much the folder holds within the caller's division (everything for the whole area). */
function folderCounts(ctx: Ctx): AppInfo['counts'] {
  const prefix = ctx.scope ? areaPrefix(ctx.scope, ctx.division(ctx.scope)?.level) : ''
  const counts = { counties: 0, townships: 0, villages: 0, plans: 0, households: 0 }
  for (const d of ctx.store.values('divisions')) {
    if (!withinPrefix(d.code, prefix)) continue
    if (d.level === 'county') counts.counties++
    else if (d.level === 'township') counts.townships++
    else if (d.level === 'village') counts.villages++
  }
  if (!prefix) {
    counts.plans = ctx.store.count('plans')
    counts.households = ctx.store.count('households')
    return counts
  }
  for (const p of ctx.store.values('plans')) if (withinPrefix(p.villageCode, prefix)) counts.plans++
  for (const county of ctx.store.partitionNames('households')) {
    if (!withinPrefix(county, prefix.slice(0, 6)) && !withinPrefix(prefix, county)) continue
    for (const id of ctx.store.partitionEntries('households', county).keys()) if (withinPrefix(id, prefix)) counts.households++
  }
  return counts
}

export const foundationHandlers: HandlersOf<typeof foundationMethods> = {
  'app.info': (ctx) => {
    const s = ctx.settings()
    const info: AppInfo = {
      version: ctx.version,
      dataDir: ctx.dataDir,
      user: ctx.who,
      operator: s.operator,
      unitName: s.unitName,
      accountsOn: accountsOn(ctx.env),
      allowed: allowedMethods(ctx.env, ctx.caller),
      office: officeArea(ctx),
      today: ctx.today(),
      isEmpty: ctx.divisions().counties.length === 0 && ctx.store.count('households') === 0 && ![...ctx.store.values('divisions')].some((d) => d.level === 'village'),
      counts: folderCounts(ctx),
    }
    const me = ctx.caller.account && ctx.store.get('accounts', ctx.caller.account.id)
    if (me) info.account = { ...accountView(ctx, me), sessionExpiresAt: ctx.caller.account!.sessionExpiresAt }
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
