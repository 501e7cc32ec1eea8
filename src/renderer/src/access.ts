// What the signed-in account may do, as the pages ask it: the core decides (app.info lists the
// methods this caller may use), the pages only leave out what would be refused anyway.
import type { AppInfo, MethodName } from '../../core/contract'
import { holds } from '../../core/domain/roles'
import type { PageId } from './route'

/** Whether the caller may use a method (always, in a folder without accounts). */
export function can(info: Pick<AppInfo, 'allowed'>, method: MethodName): boolean {
  return info.allowed.includes(method)
}

/** Whether the caller may see ID numbers, phones and bank cards in full (a 领导 never may). */
export function canReveal(info: Pick<AppInfo, 'accountsOn' | 'account'>): boolean {
  if (!info.accountsOn) return true
  return info.account !== undefined && holds(info.account.role, 'reveal')
}

/** A page is offered when the caller may use any of these methods (what the page opens with). */
const PAGE_NEEDS: Readonly<Record<PageId, readonly MethodName[]>> = {
  dashboard: ['dashboard.summary'],
  divisions: ['divisions.children'],
  households: ['households.list'],
  imports: ['imports.addFile', 'submissions.list'],
  online: ['submissions.submit'],
  map: ['map.villages'],
  reports: ['reports.daily'],
  funds: ['deposits.register', 'policies.list', 'batches.list'],
  problems: ['problems.list'],
  visits: ['visits.list'],
  settings: ['app.info'],
}

/**
 * The pages this caller is offered. 网上填报 is a township's own page: it appears for a
 * 乡镇填报员 (whose work is there, not in the county's overview), not for the office (which
 * stores figures directly), and never without accounts.
 */
export function pageAllowed(info: AppInfo, page: PageId): boolean {
  const reporter = info.account?.role === 'reporter'
  if (page === 'online') return reporter
  if (page === 'dashboard' && reporter) return false
  return PAGE_NEEDS[page].some((m) => can(info, m))
}

/** Where the caller starts: its first page. */
export function homePage(info: AppInfo, pages: readonly PageId[]): PageId {
  if (info.account?.role === 'reporter') return 'online'
  return pages.find((p) => pageAllowed(info, p)) ?? 'settings'
}
