// Log-in, sessions and one's own password. A session is a random token the shell keeps (a cookie,
// or the desktop's memory); the folder keeps only its SHA-256, with its account and end. Failed
// log-ins are counted per log-in name and per address while the folder is open: after a few the
// next try must wait (doubling), after more the name is locked for a while. Every log-in, failure
// and lock is in the audit trail.

import { createHash, randomBytes } from 'node:crypto'
import type { Input, LoginResult, SignedIn } from '../contract'
import { type Account, type PasswordHash, accountLabel, loginKey } from '../domain/accounts'
import { AppError } from '../errors'
import { accountView, accountByLogin } from './accounts'
import { ANONYMOUS, type Caller, type Ctx } from './context'
import { hashPassword, verifyPassword } from './passwords'

/** A session ends this long after log-in, whatever happens. */
export const SESSION_HOURS = 12
/** …or after this long without a call. */
export const IDLE_MINUTES = 120
/** Failures (within FAILURE_WINDOW_MINUTES) after which each further try waits, doubling from 1 s. */
export const SLOW_AFTER = 3
/** Failures after which the log-in name is locked. */
export const LOCK_AFTER = 10
export const LOCK_MINUTES = 15
const FAILURE_WINDOW_MINUTES = 15
/** Failures from one address (any names) after which that address is locked. */
export const ADDRESS_LOCK_AFTER = 30

interface Failures {
  count: number
  first: number
  last: number
  lockedUntil?: number
}

interface AuthState {
  byLogin: Map<string, Failures>
  byAddress: Map<string, Failures>
  /** session key → time of its last call (not kept on disk: a restart forgives idleness, not the absolute end) */
  lastSeen: Map<string, number>
  decoy?: Promise<PasswordHash>
}

const state = (ctx: Ctx): AuthState => ctx.local('auth.state', () => ({ byLogin: new Map(), byAddress: new Map(), lastSeen: new Map() }))

export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

const minutes = (n: number) => n * 60_000

/** The caller a session token stands for; anonymous when it is missing, unknown, ended, expired or its account disabled. */
export function settle(ctx: Ctx, token: string | undefined, from: string | undefined): Caller {
  const anonymous: Caller = { who: ANONYMOUS, from, anonymous: true }
  if (!token || token.length > 200) return anonymous
  const key = tokenKey(token)
  const session = ctx.store.get('sessions', key)
  if (!session) return anonymous
  const now = ctx.now().getTime()
  const seen = state(ctx).lastSeen
  if (Date.parse(session.expiresAt) <= now || now - (seen.get(key) ?? now) > minutes(IDLE_MINUTES)) {
    seen.delete(key)
    return anonymous
  }
  const account = ctx.store.get('accounts', session.account)
  if (!account || account.disabled) return anonymous
  seen.set(key, now)
  return {
    who: accountLabel(account),
    from,
    account: {
      id: account.id,
      login: account.login,
      name: account.name,
      role: account.role,
      scope: account.role === 'admin' ? '' : account.scope,
      mustChangePassword: account.mustChangePassword,
      session: key,
      sessionExpiresAt: session.expiresAt,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// log-in

export interface VerifiedLogin {
  account: Account
}

function failuresOf(map: Map<string, Failures>, key: string, now: number): Failures | undefined {
  const f = map.get(key)
  if (f && !f.lockedUntil && now - f.last > minutes(FAILURE_WINDOW_MINUTES)) {
    map.delete(key)
    return undefined
  }
  if (f?.lockedUntil && f.lockedUntil <= now) {
    map.delete(key)
    return undefined
  }
  return f
}

function waitText(ms: number): string {
  const s = Math.ceil(ms / 1000)
  return s < 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`
}

/** Refuses a try while its name or address is locked or must still wait. */
function checkThrottle(ctx: Ctx, login: string, from: string | undefined): void {
  const st = state(ctx)
  const now = ctx.now().getTime()
  const byAddress = from ? failuresOf(st.byAddress, from, now) : undefined
  if (byAddress?.lockedUntil) {
    throw new AppError('rate_limited', `这台电脑登录失败的次数过多，已暂停登录，请 ${waitText(byAddress.lockedUntil - now)}后再试。`)
  }
  const f = failuresOf(st.byLogin, login, now)
  if (!f) return
  if (f.lockedUntil) {
    throw new AppError('rate_limited', `登录失败次数过多，账号“${login}”已暂时锁定，请 ${waitText(f.lockedUntil - now)}后再试，或请管理员重设密码。`)
  }
  if (f.count >= SLOW_AFTER) {
    const wait = 1000 * 2 ** (f.count - SLOW_AFTER)
    if (now - f.last < wait) throw new AppError('rate_limited', `登录失败次数较多，请 ${waitText(wait - (now - f.last))}后再试。`)
  }
}

function noteLogin(ctx: Ctx, who: string, key: string, detail: unknown): void {
  try {
    ctx.env.store.note({ who, from: ctx.caller.from, method: 'auth.login' }, 'accounts', key, detail)
  } catch {
    // The answer to the log-in matters more than its note on a full disk.
  }
}

/** Counts a failure against the name and the address, notes it, and locks them when it is one too many. */
function recordFailure(ctx: Ctx, login: string, account: Account | undefined, reason: string): void {
  const st = state(ctx)
  const now = ctx.now().getTime()
  const from = ctx.caller.from
  const bump = (map: Map<string, Failures>, key: string, lockAfter: number): Failures => {
    const f = failuresOf(map, key, now) ?? { count: 0, first: now, last: now }
    f.count++
    f.last = now
    if (f.count >= lockAfter) f.lockedUntil = now + minutes(LOCK_MINUTES)
    map.set(key, f)
    return f
  }
  const f = bump(st.byLogin, login, LOCK_AFTER)
  const byAddress = from ? bump(st.byAddress, from, ADDRESS_LOCK_AFTER) : undefined
  const key = account?.id ?? `login:${login}`
  const who = account ? accountLabel(account) : `${ANONYMOUS}${login}`
  noteLogin(ctx, who, key, { failed: reason, failures: f.count })
  if (f.lockedUntil && f.count === LOCK_AFTER) noteLogin(ctx, who, key, { locked: `${LOCK_MINUTES} 分钟`, failures: f.count })
  if (byAddress?.lockedUntil && byAddress.count === ADDRESS_LOCK_AFTER) noteLogin(ctx, who, key, { addressLocked: from, minutes: LOCK_MINUTES })
}

/** Clears a name's failures: after a successful log-in, and when an administrator resets its password. */
export function forgiveFailures(ctx: Ctx, login: string): void {
  state(ctx).byLogin.delete(loginKey(login))
}

const WRONG = '登录名或密码不对。'

/** The slow part of a log-in, outside the write lock: throttling and the password check. */
export async function prepareLogin(ctx: Ctx, input: Input<'auth.login'>): Promise<VerifiedLogin> {
  const login = loginKey(input.login)
  checkThrottle(ctx, login, ctx.caller.from)
  const account = accountByLogin(ctx, login)
  let ok: boolean
  if (account) ok = await verifyPassword(input.password, account.password)
  else {
    // The same work for a name that is no account, so the timing does not tell them apart.
    const st = state(ctx)
    st.decoy ??= hashPassword(randomBytes(12).toString('base64'))
    await verifyPassword(input.password, await st.decoy)
    ok = false
  }
  if (!ok || !account) {
    recordFailure(ctx, login, account, account ? '密码不对' : '没有这个登录名')
    throw new AppError('unauthenticated', WRONG, { where: { field: 'password' } })
  }
  if (account.disabled) {
    noteLogin(ctx, accountLabel(account), account.id, { failed: '账号已停用' })
    throw new AppError('forbidden', '这个账号已停用，请与管理员联系。')
  }
  forgiveFailures(ctx, login)
  return { account }
}

function signedIn(ctx: Ctx, account: Account, expiresAt: string): SignedIn {
  return { ...accountView(ctx, account), sessionExpiresAt: expiresAt }
}

/** Deletes the account's sessions that have ended (kept small: each log-in tidies its own). */
function dropEnded(ctx: Ctx, accountId: string, now: number): void {
  const ended = [...ctx.store.partitionEntries('sessions')].filter(([, s]) => s.account === accountId && Date.parse(s.expiresAt) <= now).map(([k]) => k)
  if (ended.length > 0) ctx.write((tx) => ended.forEach((k) => tx.del('sessions', k)))
}

export function login(ctx: Ctx, _input: Input<'auth.login'>, verified: VerifiedLogin): LoginResult {
  const account = ctx.store.get('accounts', verified.account.id)
  // Changed while the password was being checked: that check no longer holds.
  if (!account || account.disabled || account.password.hash !== verified.account.password.hash) {
    throw new AppError('unauthenticated', '账号刚刚有了变化，请重新登录。')
  }
  const now = ctx.now()
  const token = randomBytes(32).toString('base64url')
  const key = tokenKey(token)
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString()
  ctx.writeAs(accountLabel(account))
  dropEnded(ctx, account.id, now.getTime())
  ctx.write((tx) => {
    const session = { account: account.id, createdAt: now.toISOString(), expiresAt }
    tx.put('sessions', key, ctx.caller.from ? { ...session, from: ctx.caller.from } : session)
  })
  state(ctx).lastSeen.set(key, now.getTime())
  return { account: signedIn(ctx, account, expiresAt), session: { token, expiresAt, maxAge: SESSION_HOURS * 3600 } }
}

export function logout(ctx: Ctx): { ended: boolean } {
  const key = ctx.caller.account?.session
  if (!key || !ctx.store.get('sessions', key)) return { ended: false }
  ctx.write((tx) => tx.del('sessions', key))
  state(ctx).lastSeen.delete(key)
  return { ended: true }
}

/** Ends every session of an account (but `keep`); returns how many. */
export function endSessions(ctx: Ctx, accountId: string, keep?: string): number {
  const keys = [...ctx.store.partitionEntries('sessions')].filter(([k, s]) => s.account === accountId && k !== keep).map(([k]) => k)
  if (keys.length > 0) ctx.write((tx) => keys.forEach((k) => tx.del('sessions', k)))
  for (const k of keys) state(ctx).lastSeen.delete(k)
  return keys.length
}

export interface NewPassword {
  password: PasswordHash
  /** the stored hash the check was made against */
  checkedAgainst?: string
}

function me(ctx: Ctx): Account {
  const id = ctx.caller.account?.id
  const account = id ? ctx.store.get('accounts', id) : undefined
  if (!account) throw new AppError('unauthenticated', '请先登录。')
  return account
}

export async function prepareChangePassword(ctx: Ctx, input: Input<'auth.changePassword'>): Promise<NewPassword> {
  const account = me(ctx)
  checkThrottle(ctx, loginKey(account.login), ctx.caller.from)
  if (!(await verifyPassword(input.current, account.password))) {
    recordFailure(ctx, loginKey(account.login), account, '修改密码时原密码不对')
    throw new AppError('invalid_input', '原密码不对。', { where: { field: 'current' } })
  }
  if (input.next === input.current) throw new AppError('invalid_input', '新密码不能与原密码相同。', { where: { field: 'next' } })
  checkStrength(input.next, account.login, 'next')
  return { password: await hashPassword(input.next), checkedAgainst: account.password.hash }
}

export function changePassword(ctx: Ctx, _input: Input<'auth.changePassword'>, prepared: NewPassword): { changed: true } {
  const account = me(ctx)
  if (account.password.hash !== prepared.checkedAgainst) throw new AppError('conflict', '密码刚刚被修改过，请重新登录后再改。')
  const at = ctx.now().toISOString()
  ctx.write((tx) => tx.put('accounts', account.id, { ...account, password: prepared.password, mustChangePassword: false, passwordChangedAt: at }))
  endSessions(ctx, account.id, ctx.caller.account?.session)
  return { changed: true }
}

/** A password must not be the log-in name or one character repeated. */
export function checkStrength(password: string, login: string, field: string): void {
  if (loginKey(password) === loginKey(login)) throw new AppError('invalid_input', '密码不能与登录名相同。', { where: { field } })
  if (new Set(password).size < 4) throw new AppError('invalid_input', '密码太简单：请至少用 4 个不同的字符。', { where: { field } })
}
