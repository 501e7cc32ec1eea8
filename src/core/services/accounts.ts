// 设置 → 账号: the administrator's accounts — create, change role and scope, reset a password,
// disable, end sessions. The first account (an administrator) turns log-in on for the folder; at
// least one enabled administrator always remains. Password hashes never leave this file's records.

import type { AccountView, Input } from '../contract'
import { type Account, accountLabel, loginKey } from '../domain/accounts'
import { ROLE_NAMES, type Role } from '../domain/roles'
import { AppError } from '../errors'
import { accountsOn } from './access'
import { inOfficeArea, officeAreaOfFolder } from './office'
import type { Ctx, Derived } from './context'
import { hashPassword } from './passwords'
import { checkStrength, endSessions, forgiveFailures, type NewPassword } from './sessions'

const loginIndex: Derived<Map<string, string>> = {
  name: 'accounts.byLogin',
  watches: ['accounts'],
  build: (env) => new Map([...env.store.values('accounts')].map((a) => [loginKey(a.login), a.id])),
}

export function accountByLogin(ctx: Ctx, login: string): Account | undefined {
  const id = ctx.derived(loginIndex).get(loginKey(login))
  return id ? ctx.store.get('accounts', id) : undefined
}

/** 全部 or 屯里镇（尧都区）. */
export function scopeName(ctx: Ctx, scope: string): string {
  if (!scope) return '全部'
  const d = ctx.division(scope)
  if (!d) return scope
  const parent = d.level === 'township' ? ctx.division(d.parentCode) : undefined
  return parent ? `${d.name}（${parent.name}）` : d.name
}

export function accountView(ctx: Ctx, a: Account): AccountView {
  const now = ctx.now().getTime()
  let sessions = 0
  for (const s of ctx.store.values('sessions')) if (s.account === a.id && Date.parse(s.expiresAt) > now) sessions++
  return {
    id: a.id,
    login: a.login,
    name: a.name,
    role: a.role,
    roleName: ROLE_NAMES[a.role],
    scope: a.scope,
    scopeName: scopeName(ctx, a.scope),
    mustChangePassword: a.mustChangePassword,
    disabled: a.disabled,
    createdAt: a.createdAt,
    passwordChangedAt: a.passwordChangedAt,
    sessions,
  }
}

export function list(ctx: Ctx): AccountView[] {
  return [...ctx.store.values('accounts')].sort((a, b) => a.id.localeCompare(b.id)).map((a) => accountView(ctx, a))
}

function get(ctx: Ctx, id: string): Account {
  const a = ctx.store.get('accounts', id)
  if (!a) throw new AppError('not_found', `没有编号为 ${id} 的账号。`, { where: { field: 'id' } })
  return a
}

/** An administrator sees everything; any other role a division that exists and can be an area. */
function checkScope(ctx: Ctx, role: Role, scope: string): string {
  if (role === 'admin') return ''
  if (!scope) {
    if (role === 'reporter') throw new AppError('invalid_input', '乡镇填报员须指定一个乡镇作为管辖范围。', { where: { field: 'scope' } })
    return ''
  }
  const d = ctx.division(scope)
  if (!d) throw new AppError('invalid_input', `区划清单中没有代码 ${scope}。`, { where: { field: 'scope' } })
  if (d.level === 'village') throw new AppError('invalid_input', '管辖范围应为市、县或乡镇，不能是村。', { where: { field: 'scope' } })
  if (role === 'reporter' && d.level !== 'township') {
    throw new AppError('invalid_input', `乡镇填报员的管辖范围应为一个乡镇，${d.name}不是乡镇。`, { where: { field: 'scope' } })
  }
  // The account's reports are made over its division as over 本级: it must be part of it.
  if (!inOfficeArea(ctx, d)) {
    const office = officeAreaOfFolder(ctx)
    throw new AppError('invalid_input', `${d.name}不在本级（${office.name || '全部县区'}）范围内，不能作为管辖范围。`, { where: { field: 'scope' } })
  }
  return scope
}

const enabledAdmins = (ctx: Ctx, except?: string) => [...ctx.store.values('accounts')].filter((a) => a.role === 'admin' && !a.disabled && a.id !== except).length

export async function prepareNewPassword(_ctx: Ctx, input: { password: string }): Promise<NewPassword> {
  return { password: await hashPassword(input.password) }
}

export function create(ctx: Ctx, input: Input<'accounts.create'>, prepared: NewPassword): AccountView {
  const first = !accountsOn(ctx.env)
  if (first && input.role !== 'admin') {
    throw new AppError('invalid_input', '第一个账号须为管理员：由他建立其他账号。', { where: { field: 'role' } })
  }
  if (accountByLogin(ctx, input.login)) throw new AppError('conflict', `登录名“${input.login}”已有人使用。`, { where: { field: 'login' } })
  checkStrength(input.password, input.login, 'password')
  const scope = checkScope(ctx, input.role, input.scope)
  const at = ctx.now().toISOString()
  return ctx.write((tx) => {
    const serial = (tx.get('counters', 'accounts') ?? 0) + 1
    tx.put('counters', 'accounts', serial)
    const account: Account = {
      id: `u${String(serial).padStart(4, '0')}`,
      login: input.login,
      name: input.name,
      role: input.role,
      scope,
      password: prepared.password,
      // Whoever set the first administrator's password is that administrator; others change theirs.
      mustChangePassword: !first,
      disabled: false,
      createdAt: at,
      passwordChangedAt: at,
    }
    tx.put('accounts', account.id, account)
    return accountView(ctx, account)
  })
}

export function update(ctx: Ctx, input: Input<'accounts.update'>): AccountView {
  const a = get(ctx, input.id)
  if (a.role === 'admin' && input.role !== 'admin' && !a.disabled && enabledAdmins(ctx, a.id) === 0) {
    throw new AppError('invalid_input', `${accountLabel(a)}是唯一启用的管理员，不能改为其他角色。请先让另一个账号成为管理员。`, { where: { field: 'role' } })
  }
  const next: Account = { ...a, name: input.name, role: input.role, scope: checkScope(ctx, input.role, input.scope) }
  ctx.write((tx) => tx.put('accounts', a.id, next))
  return accountView(ctx, next)
}

export function resetPassword(ctx: Ctx, input: Input<'accounts.resetPassword'>, prepared: NewPassword): AccountView {
  const a = get(ctx, input.id)
  checkStrength(input.password, a.login, 'password')
  const next: Account = { ...a, password: prepared.password, mustChangePassword: true, passwordChangedAt: ctx.now().toISOString() }
  ctx.write((tx) => tx.put('accounts', a.id, next))
  endSessions(ctx, a.id)
  forgiveFailures(ctx, a.login)
  return accountView(ctx, next)
}

export function setDisabled(ctx: Ctx, input: Input<'accounts.setDisabled'>): AccountView {
  const a = get(ctx, input.id)
  if (input.disabled && a.role === 'admin' && !a.disabled && enabledAdmins(ctx, a.id) === 0) {
    throw new AppError('invalid_input', `${accountLabel(a)}是唯一启用的管理员，不能停用。`, { where: { field: 'id' } })
  }
  const next: Account = { ...a, disabled: input.disabled }
  if (a.disabled !== input.disabled) ctx.write((tx) => tx.put('accounts', a.id, next))
  if (input.disabled) endSessions(ctx, a.id)
  return accountView(ctx, next)
}

export function endAll(ctx: Ctx, input: Input<'accounts.endSessions'>): { ended: number } {
  const a = get(ctx, input.id)
  return { ended: endSessions(ctx, a.id) }
}
