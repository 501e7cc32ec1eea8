// Accounts (issue 14): log-in and log-out, one's own password, and the administrator's accounts
// page (设置 → 账号). Whether a folder needs logging in at all is decided by whether it has
// accounts: the first one created (an administrator) turns them on.

import { z } from 'zod'
import type { AccountView } from '../domain/accounts'
import { ROLES } from '../domain/roles'
import { divisionCode, type MethodDefs } from './schemas'

export const PASSWORD_MIN = 8
const PASSWORD_MAX = 128

const login = z
  .string()
  .trim()
  .min(2, '登录名至少 2 个字符')
  .max(32, '登录名最多 32 个字符')
  .regex(/^[A-Za-z0-9_.@-]+$/, '登录名只能用字母、数字和 _ . @ -')
const password = z.string().min(PASSWORD_MIN, `密码至少 ${PASSWORD_MIN} 个字符`).max(PASSWORD_MAX, `密码最多 ${PASSWORD_MAX} 个字符`)
const accountId = z.string().trim().min(1, '请选择账号').max(20)
const name = z.string().trim().min(1, '请填写姓名').max(30, '姓名最多 30 个字')
const role = z.enum(ROLES, { message: '请选择角色' })
/** '' is the office's whole area */
const scope = z.union([divisionCode, z.literal('')])

export const accountsMethods = {
  'auth.login': {
    mutates: true,
    access: 'public', scope: 'none', session: 'start',
    summary: '登录：登录名与密码；成功后开始一个会话（浏览器中为 HttpOnly 的 Cookie）。连续失败会逐次放慢，多次失败后暂时锁定',
    input: z.object({ login: z.string().trim().min(1, '请输入登录名').max(64), password: z.string().min(1, '请输入密码').max(PASSWORD_MAX) }),
  },
  'auth.logout': { mutates: true, access: 'signedIn', scope: 'none', session: 'end', summary: '退出登录：结束当前会话', input: z.object({}) },
  'auth.changePassword': {
    mutates: true,
    access: 'signedIn', scope: 'none',
    summary: '修改自己的密码（须输入原密码）；该账号的其他会话随之结束',
    input: z.object({ current: z.string().min(1, '请输入原密码').max(PASSWORD_MAX), next: password }),
  },
  'accounts.list': { mutates: false, access: 'accounts', scope: 'folder', summary: '全部账号：姓名、登录名、角色、管辖范围、是否停用、会话数（不含密码）', input: z.object({}) },
  'accounts.create': {
    mutates: true,
    access: 'accounts', scope: 'folder',
    summary: '新建账号：姓名、登录名、角色、管辖范围（全部，或一个市、县、乡镇）、初始密码（首次登录须修改）。第一个账号须为管理员，建立后本数据文件夹开始要求登录',
    input: z.object({ login, name, role, scope, password }),
  },
  'accounts.update': {
    mutates: true,
    access: 'accounts', scope: 'folder',
    summary: '修改账号的姓名、角色、管辖范围（立即生效）',
    input: z.object({ id: accountId, name, role, scope }),
  },
  'accounts.resetPassword': {
    mutates: true,
    access: 'accounts', scope: 'folder',
    summary: '管理员重设密码：解除锁定，结束该账号的全部会话，下次登录须修改密码',
    input: z.object({ id: accountId, password }),
  },
  'accounts.setDisabled': {
    mutates: true,
    access: 'accounts', scope: 'folder',
    summary: '停用或启用账号；停用即结束它的全部会话',
    input: z.object({ id: accountId, disabled: z.boolean() }),
  },
  'accounts.endSessions': {
    mutates: true,
    access: 'accounts', scope: 'folder',
    summary: '结束一个账号的全部会话（在各处的登录都须重新登录）',
    input: z.object({ id: accountId }),
  },
} as const satisfies MethodDefs

// ---- outputs ----

export type { AccountView }

/** The account a session belongs to, as the pages see it. */
export interface SignedIn extends AccountView {
  /** when this session ends at the latest */
  sessionExpiresAt: string
}

/** What a log-in hands the shell: the session token goes into a cookie (or the desktop's memory), never to the page. */
export interface LoginResult {
  account: SignedIn
  /** `maxAge`: seconds until `expiresAt` (by the core's clock, which the cookie follows) */
  session: { token: string; expiresAt: string; maxAge: number }
}

export interface AccountsOutputs {
  'auth.login': LoginResult
  'auth.logout': { ended: boolean }
  'auth.changePassword': { changed: true }
  'accounts.list': AccountView[]
  'accounts.create': AccountView
  'accounts.update': AccountView
  'accounts.resetPassword': AccountView
  'accounts.setDisabled': AccountView
  'accounts.endSessions': { ended: number }
}
