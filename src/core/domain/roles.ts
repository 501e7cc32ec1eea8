// Roles and permissions. Each method of the contract names the one permission it needs (`access`,
// beside `mutates`); this table says which roles hold each permission, so a role is the set of
// methods whose permission lists it. `Core.call` enforces it, in one place, for every shell.

export const ROLES = ['admin', 'office', 'finance', 'reporter', 'leader'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  admin: '管理员',
  office: '办公室',
  finance: '财务',
  reporter: '乡镇填报员',
  leader: '领导',
}

/** What each role is for, as 设置 → 账号 explains it. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  admin: '全部功能，包括账号、备份与恢复',
  office: '管辖范围内的全部工作（账号管理与恢复备份除外）',
  finance: '管辖范围内的资金：押金、补贴、发放、对账',
  reporter: '本乡镇：各村的计划与进度，网上填报',
  leader: '只看不改：进度、报表、地图、资金汇总；个人信息始终脱敏',
}

const ALL = ROLES

/**
 * Permission → the roles that hold it. `public` needs no log-in at all; every other permission
 * needs an account. 管理员 holds every permission.
 */
export const PERMISSIONS = {
  /** before logging in: only the log-in itself */
  public: ALL,
  /** any account: who am I, the settings every page reads, log out, change one's own password */
  signedIn: ALL,
  /** divisions, village plans and daily figures, the dashboard, township templates */
  'progress.read': ALL,
  /** plans, figures and households entered or imported, map points */
  'progress.write': ['admin', 'office'],
  /** household records (ID numbers and phones masked) */
  'households.read': ['admin', 'office', 'finance', 'leader'],
  /** reports, the map, visits and the problem ledger */
  'work.read': ['admin', 'office', 'leader'],
  'work.write': ['admin', 'office'],
  /** deposits, subsidy policy, entitlements, payment batches, reconciliation */
  'money.read': ['admin', 'office', 'finance', 'leader'],
  'money.write': ['admin', 'office', 'finance'],
  /** ID numbers, phones and bank cards in full (each time audited); never 领导 */
  reveal: ['admin', 'office', 'finance'],
  /** the office's settings, routes, division list, boundaries, map tiles, demo data */
  'office.settings': ['admin', 'office'],
  /** 修改记录 and 最近的操作 */
  'audit.read': ['admin', 'office'],
  /** list backups and make one */
  backups: ['admin', 'office'],
  /** restore a backup or undo a restore */
  restore: ['admin'],
  /** accounts and their sessions */
  accounts: ['admin'],
  /** 网上填报: a township enters and submits its villages' figures */
  'submissions.own': ['admin', 'office', 'reporter'],
  /** 待审核: the office accepts or returns the townships' submissions */
  'submissions.review': ['admin', 'office'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

export const PERMISSION_NAMES: Readonly<Record<Permission, string>> = {
  public: '无需登录',
  signedIn: '已登录',
  'progress.read': '查看进度',
  'progress.write': '录入进度',
  'households.read': '查看农户',
  'work.read': '查看报表与台账',
  'work.write': '走访与问题台账',
  'money.read': '查看资金',
  'money.write': '资金记账',
  reveal: '查看完整个人信息',
  'office.settings': '单位设置',
  'audit.read': '查看修改记录',
  backups: '备份',
  restore: '恢复备份',
  accounts: '账号管理',
  'submissions.own': '网上填报',
  'submissions.review': '审核填报',
}

export function holds(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role)
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v)
}
