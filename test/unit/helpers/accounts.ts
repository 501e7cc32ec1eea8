// Accounts in tests: a core with a clock that can be moved on, and signing in through the API
// the way a shell does (log in, keep the token, settle each call's caller from it).

import { Core } from '../../../src/core/api'
import type { Api, LoginResult } from '../../../src/core/contract'
import type { Role } from '../../../src/core/domain/roles'
import { tempDir } from './core'

export interface Clock {
  now(): Date
  advance(ms: number): void
}

export function clock(start = '2026-11-20T09:30:00'): Clock {
  let t = new Date(start).getTime()
  return { now: () => new Date(t), advance: (ms) => (t += ms) }
}

export function clockCore(c: Clock = clock(), dataDir = tempDir('chd-acc-')): Core {
  return new Core({ dataDir, version: 'test', now: c.now, store: { checkpointIdleMs: 0 } })
}

export interface Session {
  token: string
  result: LoginResult
  from: string
  /** The API as this session, its caller settled afresh on every call (as the server does). */
  api: Api
}

export async function signIn(core: Core, login: string, password: string, from = '192.0.2.10'): Promise<Session> {
  const result = (await core.call('auth.login', { login, password }, core.settle(undefined, from))) as LoginResult
  const token = result.session.token
  const api = new Proxy({} as Api, {
    get: (_t, method: string) => (input: unknown) => core.call(method, input, core.settle(token, from)),
  })
  return { token, result, from, api }
}

export const ADMIN = { login: 'admin', name: '王主任', password: 'Qingjie-2026' }

/** The first account: an administrator, created by this computer's user while the folder has none. */
export async function firstAdmin(core: Core): Promise<Session> {
  await core.api['accounts.create']({ login: ADMIN.login, name: ADMIN.name, role: 'admin', scope: '', password: ADMIN.password })
  return signIn(core, ADMIN.login, ADMIN.password, '127.0.0.1')
}

/** An account made by the administrator, its first password already changed to `password`. */
export async function account(core: Core, admin: Session, a: { login: string; name: string; role: Role; scope: string; password: string }, from = '192.0.2.20'): Promise<Session> {
  const initial = `${a.password}-init`
  await admin.api['accounts.create']({ login: a.login, name: a.name, role: a.role, scope: a.scope, password: initial })
  const first = await signIn(core, a.login, initial, from)
  await first.api['auth.changePassword']({ current: initial, next: a.password })
  return first
}
