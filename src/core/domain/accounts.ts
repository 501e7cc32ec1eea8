// Accounts and their sessions as the data folder keeps them: who may log in, with which role over
// which division, and the sessions they hold. Passwords are kept only as scrypt hashes with their
// salt and parameters; sessions only by the SHA-256 of their token.

import type { Role } from './roles'

/** A password as stored: scrypt with its own salt and cost, so the cost can be raised later. */
export interface PasswordHash {
  alg: 'scrypt'
  /** CPU/memory cost (a power of two), block size, parallelism */
  N: number
  r: number
  p: number
  /** base64 */
  salt: string
  /** base64 */
  hash: string
}

export interface Account {
  /** `u0001` …, never reused */
  id: string
  /** what the person types to log in; unique, compared without case */
  login: string
  name: string
  role: Role
  /** the division the account sees: '' is the office's whole area; else a city, county or township code */
  scope: string
  password: PasswordHash
  /** set by an administrator's reset: the next log-in must choose a new password */
  mustChangePassword: boolean
  disabled: boolean
  createdAt: string
  passwordChangedAt: string
}

export interface SessionRecord {
  /** account id */
  account: string
  createdAt: string
  /** absolute end; see also the idle limit in services/sessions.ts */
  expiresAt: string
  /** the address it was opened from */
  from?: string
}

/** What an account is shown as: everything but the password hash. */
export interface AccountView {
  id: string
  login: string
  name: string
  role: Role
  roleName: string
  scope: string
  /** 全部（本办） or the division's name with its county */
  scopeName: string
  mustChangePassword: boolean
  disabled: boolean
  createdAt: string
  passwordChangedAt: string
  /** open sessions (not expired) */
  sessions: number
}

/** The audit trail's name for an account: 姓名（登录名）. */
export function accountLabel(a: Pick<Account, 'name' | 'login'>): string {
  return `${a.name}（${a.login}）`
}

/** Logins are compared without case and surrounding spaces. */
export function loginKey(login: string): string {
  return login.trim().toLowerCase()
}
