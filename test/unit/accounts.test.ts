// Accounts and sessions in the core: how passwords and session tokens are stored, the first
// administrator, log-in throttling and lock-out, session expiry, log-out, ending a user's sessions,
// password changes, and the audit trail naming the account for every write, log-in, failure and
// refusal.

import { createHash, scryptSync } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { Account } from '../../src/core/domain/accounts'
import { HIDDEN } from '../../src/core/domain/mask'
import { IDLE_MINUTES, LOCK_AFTER, LOCK_MINUTES, SESSION_HOURS, SLOW_AFTER } from '../../src/core/services/sessions'
import { ADMIN, account, clock, clockCore, firstAdmin, signIn } from './helpers/accounts'
import { fileInput, rejects, SHARED } from './helpers/core'

const MIN = 60_000
const HOUR = 60 * MIN
const opened: Core[] = []

function open(c = clock()): Core {
  const core = clockCore(c)
  opened.push(core)
  return core
}

afterEach(() => {
  for (const core of opened.splice(0)) core.close()
})

/** Every byte the folder holds, as text (snapshots, log segments, index). */
function folderText(core: Core): string {
  const dir = path.join(core.store!.dataDir, 'db')
  core.store!.checkpoint()
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.push(fs.readFileSync(p, 'utf8'))
    }
  }
  walk(dir)
  return out.join('\n')
}

const READER = { login: 'tunli', name: '屯里镇填报员', role: 'reporter' as const, scope: '141002100', password: 'Tunli-Report-1' }

async function withDivisions(core: Core) {
  await core.api['divisions.import'](fileInput(path.join(SHARED, 'linfen-divisions.csv')))
}

describe('password and session storage', () => {
  it('keeps passwords only as salted scrypt hashes with their parameters, never in clear', async () => {
    const core = open()
    const admin = await firstAdmin(core)
    await admin.api['accounts.create']({ login: 'li', name: '李科员', role: 'office', scope: '', password: ADMIN.password + 'x' })
    await admin.api['accounts.create']({ login: 'zhao', name: '赵科员', role: 'office', scope: '', password: ADMIN.password + 'x' })
    const stored = [...core.store!.values('accounts')] as Account[]
    for (const a of stored) {
      expect(a.password.alg).toBe('scrypt')
      expect(a.password.N).toBeGreaterThanOrEqual(2 ** 15)
      expect(a.password.r).toBe(8)
      expect(Buffer.from(a.password.salt, 'base64')).toHaveLength(16)
      expect(Buffer.from(a.password.hash, 'base64')).toHaveLength(32)
    }
    // The same password gives different hashes (own salt), and the hash is scrypt's of that salt.
    const [li, zhao] = stored.filter((a) => a.login !== 'admin')
    expect(li!.password.hash).not.toBe(zhao!.password.hash)
    const { N, r, p, salt, hash } = li!.password
    expect(scryptSync(ADMIN.password + 'x', Buffer.from(salt, 'base64'), 32, { N, r, p, maxmem: 256 * N * r }).toString('base64')).toBe(hash)
    const text = folderText(core)
    expect(text).toContain(li!.password.hash)
    expect(text).not.toContain(ADMIN.password)
  })

  it('keeps a session only as the SHA-256 of its token', async () => {
    const core = open()
    const admin = await firstAdmin(core)
    const key = createHash('sha256').update(admin.token).digest('hex')
    expect(core.store!.get('sessions', key)).toMatchObject({ account: 'u0001', from: '127.0.0.1' })
    expect(folderText(core)).not.toContain(admin.token)
  })

  it('shows no password hash in any answer or in the audit trail', async () => {
    const core = open()
    const admin = await firstAdmin(core)
    const made = await admin.api['accounts.create']({ login: 'li', name: '李科员', role: 'office', scope: '', password: 'Li-Keyuan-2026' })
    await admin.api['accounts.resetPassword']({ id: made.id, password: 'Li-Keyuan-2027' })
    const hashes = [...core.store!.values('accounts')].flatMap((a) => [a.password.hash, a.password.salt])
    const answers = [
      made,
      await admin.api['accounts.list']({}),
      await admin.api['app.info']({}),
      await admin.api['audit.history']({ collection: 'accounts', key: made.id }),
      await admin.api['audit.recent']({ limit: 100 }),
      admin.result,
    ]
    for (const a of answers) {
      const json = JSON.stringify(a)
      for (const h of hashes) expect(json).not.toContain(h)
    }
    const trail = await admin.api['audit.history']({ collection: 'accounts', key: made.id })
    expect(trail.length).toBeGreaterThanOrEqual(2)
    for (const e of trail) if (e.after && typeof e.after === 'object' && 'password' in e.after) expect((e.after as { password: unknown }).password).toBe(HIDDEN)
  })
})

describe('turning accounts on', () => {
  it('lets the computer’s user do everything until the first account, which must be an administrator', async () => {
    const core = open()
    await withDivisions(core)
    expect((await core.api['app.info']({})).accountsOn).toBe(false)
    const e = await rejects(core.api['accounts.create']({ login: 'li', name: '李', role: 'office', scope: '', password: 'Li-Keyuan-2026' }))
    expect(e.message).toContain('第一个账号须为管理员')
    const admin = await firstAdmin(core)
    expect(admin.result.account.mustChangePassword).toBe(false)
    // Now every call needs a session, the computer's user included.
    const refused = await rejects(core.api['dashboard.summary']({}))
    expect(refused.code).toBe('unauthenticated')
    expect(core.accountsOn).toBe(true)
    expect((await admin.api['app.info']({})).account?.login).toBe('admin')
  })

  it('keeps at least one enabled administrator', async () => {
    const core = open()
    const admin = await firstAdmin(core)
    expect((await rejects(admin.api['accounts.update']({ id: 'u0001', name: '王主任', role: 'office', scope: '' }))).message).toContain('唯一启用的管理员')
    expect((await rejects(admin.api['accounts.setDisabled']({ id: 'u0001', disabled: true }))).message).toContain('唯一启用的管理员')
  })

  it('asks an account made by the administrator to choose its own password first', async () => {
    const core = open()
    await withDivisions(core)
    const admin = await firstAdmin(core)
    await admin.api['accounts.create']({ ...READER, password: 'Initial-Pass-1' })
    const first = await signIn(core, READER.login, 'Initial-Pass-1')
    expect(first.result.account.mustChangePassword).toBe(true)
    const e = await rejects(first.api['divisions.children']({ parentCode: READER.scope }))
    expect([e.code, e.message]).toEqual(['forbidden', expect.stringContaining('请先修改密码')])
    expect((await rejects(first.api['auth.changePassword']({ current: 'wrong-one-1', next: 'Tunli-Report-1' }))).message).toBe('原密码不对。')
    expect((await rejects(first.api['auth.changePassword']({ current: 'Initial-Pass-1', next: 'tunli' }))).code).toBe('invalid_input')
    await first.api['auth.changePassword']({ current: 'Initial-Pass-1', next: READER.password })
    expect(await first.api['divisions.children']({ parentCode: READER.scope })).not.toHaveLength(0)
  })
})

describe('log-in throttling and lock-out', () => {
  it(`slows a name after ${SLOW_AFTER} failures, doubling, and locks it after ${LOCK_AFTER} for ${LOCK_MINUTES} minutes`, async () => {
    const c = clock()
    const core = open(c)
    await firstAdmin(core)
    const attempt = (password: string) => rejects(signIn(core, ADMIN.login, password, '192.0.2.99'))
    for (let i = 0; i < SLOW_AFTER; i++) expect((await attempt('wrong-password')).code).toBe('unauthenticated')
    // The next try, even with the right password, must wait a second.
    const slowed = await attempt(ADMIN.password)
    expect([slowed.code, slowed.message]).toEqual(['rate_limited', expect.stringMatching(/请 1 秒后再试/)])
    let wait = 1000
    for (let i = SLOW_AFTER; i < LOCK_AFTER; i++) {
      c.advance(wait)
      expect((await attempt('wrong-password')).code).toBe('unauthenticated')
      wait *= 2
    }
    c.advance(wait)
    const locked = await attempt(ADMIN.password)
    expect([locked.code, locked.message]).toEqual(['rate_limited', expect.stringContaining('已暂时锁定')])
    c.advance(LOCK_MINUTES * MIN - wait - 1000)
    expect((await attempt(ADMIN.password)).code).toBe('rate_limited')
    c.advance(2000)
    const ok = await signIn(core, ADMIN.login, ADMIN.password)
    expect(ok.result.account.login).toBe('admin')
    // Each failure and the lock are in the trail, on the account.
    const notes = (await ok.api['audit.history']({ collection: 'accounts', key: 'u0001', limit: 100 })).filter((e) => e.collection === 'note:accounts')
    expect(notes.filter((e) => (e.after as { failed?: string }).failed === '密码不对')).toHaveLength(LOCK_AFTER)
    expect(notes.some((e) => (e.after as { locked?: string }).locked)).toBe(true)
    expect(notes.every((e) => e.from === '192.0.2.99' && e.who === `${ADMIN.name}（admin）`)).toBe(true)
  })

  it('treats a name that is no account the same way, and an administrator’s reset lifts a lock', async () => {
    const c = clock()
    const core = open(c)
    await withDivisions(core)
    const admin = await firstAdmin(core)
    const li = await account(core, admin, { login: 'li', name: '李科员', role: 'office', scope: '', password: 'Li-Keyuan-2026' })
    for (let i = 0; i < SLOW_AFTER; i++) expect((await rejects(signIn(core, 'nobody', 'whatever-it-is'))).message).toBe('登录名或密码不对。')
    expect((await rejects(signIn(core, 'nobody', 'whatever-it-is'))).code).toBe('rate_limited')
    // Failures spread wider than the window are forgotten.
    for (let i = 0; i < LOCK_AFTER + 2; i++) {
      c.advance(16 * MIN)
      expect((await rejects(signIn(core, 'li', 'not-it-at-all'))).code).toBe('unauthenticated')
      await li.api['app.info']({})
      await admin.api['app.info']({})
    }
    for (let i = 0; i < LOCK_AFTER; i++) {
      c.advance(2 ** Math.max(0, i - SLOW_AFTER) * 1000)
      await rejects(signIn(core, 'li', 'not-it-at-all'))
    }
    expect((await rejects(signIn(core, 'li', 'Li-Keyuan-2026'))).message).toContain('已暂时锁定')
    // A lock keeps new log-ins out; a session already open goes on.
    expect((await li.api['app.info']({})).account?.login).toBe('li')
    await admin.api['accounts.resetPassword']({ id: li.result.account.id, password: 'Reset-By-Admin-9' })
    const again = await signIn(core, 'li', 'Reset-By-Admin-9')
    expect(again.result.account.mustChangePassword).toBe(true)
    // The reset ended the session that was open.
    expect((await rejects(li.api['app.info']({}))).code).toBe('unauthenticated')
  })
})

describe('sessions', () => {
  it(`end ${IDLE_MINUTES} minutes after the last call, and ${SESSION_HOURS} hours after log-in whatever happens`, async () => {
    const c = clock()
    const core = open(c)
    const admin = await firstAdmin(core)
    c.advance(IDLE_MINUTES * MIN - 1000)
    await admin.api['app.info']({})
    c.advance(IDLE_MINUTES * MIN - 1000)
    await admin.api['app.info']({})
    c.advance(IDLE_MINUTES * MIN + 1000)
    expect((await rejects(admin.api['app.info']({}))).code).toBe('unauthenticated')

    const busy = await signIn(core, ADMIN.login, ADMIN.password)
    for (let h = 1; h < SESSION_HOURS; h++) {
      c.advance(HOUR)
      await busy.api['app.info']({})
    }
    c.advance(HOUR)
    const e = await rejects(busy.api['app.info']({}))
    expect([e.code, e.message]).toEqual(['unauthenticated', '请先登录。'])
  })

  it('ends on log-out, and the administrator ends all of a user’s sessions', async () => {
    const core = open()
    await withDivisions(core)
    const admin = await firstAdmin(core)
    const office = await account(core, admin, { login: 'li', name: '李科员', role: 'office', scope: '', password: 'Li-Keyuan-2026' }, '192.0.2.31')
    const elsewhere = await signIn(core, 'li', 'Li-Keyuan-2026', '192.0.2.32')
    const third = await signIn(core, 'li', 'Li-Keyuan-2026', '192.0.2.33')
    expect(await third.api['auth.logout']({})).toEqual({ ended: true })
    expect((await rejects(third.api['app.info']({}))).code).toBe('unauthenticated')
    expect((await office.api['app.info']({})).account?.sessions).toBe(2)
    expect(await admin.api['accounts.endSessions']({ id: office.result.account.id })).toEqual({ ended: 2 })
    for (const s of [office, elsewhere]) expect((await rejects(s.api['app.info']({}))).code).toBe('unauthenticated')
    // The administrator's own session is untouched.
    expect((await admin.api['app.info']({})).account?.sessions).toBe(1)
  })

  it('ends when the account is disabled, which also refuses its log-in', async () => {
    const core = open()
    await withDivisions(core)
    const admin = await firstAdmin(core)
    const office = await account(core, admin, { login: 'li', name: '李科员', role: 'office', scope: '', password: 'Li-Keyuan-2026' })
    await admin.api['accounts.setDisabled']({ id: office.result.account.id, disabled: true })
    expect((await rejects(office.api['app.info']({}))).code).toBe('unauthenticated')
    const e = await rejects(signIn(core, 'li', 'Li-Keyuan-2026'))
    expect(e.message).toContain('已停用')
    await admin.api['accounts.setDisabled']({ id: office.result.account.id, disabled: false })
    await signIn(core, 'LI', 'Li-Keyuan-2026') // the name without case
  })

  it('changing one’s password ends one’s other sessions', async () => {
    const core = open()
    const admin = await firstAdmin(core)
    const other = await signIn(core, ADMIN.login, ADMIN.password, '192.0.2.40')
    await admin.api['auth.changePassword']({ current: ADMIN.password, next: 'Qingjie-2027!' })
    expect((await rejects(other.api['app.info']({}))).code).toBe('unauthenticated')
    expect((await admin.api['app.info']({})).account?.login).toBe('admin')
    await rejects(signIn(core, ADMIN.login, ADMIN.password))
    await signIn(core, ADMIN.login, 'Qingjie-2027!')
  })

  it('takes a new role or scope at the next call', async () => {
    const core = open()
    await withDivisions(core)
    const admin = await firstAdmin(core)
    const li = await account(core, admin, { login: 'li', name: '李科员', role: 'office', scope: '', password: 'Li-Keyuan-2026' })
    expect(await li.api['households.list']({ villageCode: '141021100001' })).toMatchObject({ total: 0 })
    await admin.api['accounts.update']({ id: li.result.account.id, name: '李科员', role: 'leader', scope: '141002' })
    const e = await rejects(li.api['households.list']({ villageCode: '141021100001' }))
    expect([e.code, e.message]).toEqual(['forbidden', expect.stringContaining('不在您的管辖范围（尧都区）内')])
    expect((await rejects(li.api['figures.record']({ villageCode: '141002100200', date: '2026-11-20', counts: { confirmed: 1, network: 0, meter: 0, equipment: 0, connected: 0, accepted: 0 }, networkKm: 0 }))).message).toContain('录入进度')
  })
})

describe('the audit trail names the account', () => {
  it('for writes, log-ins, failed log-ins and refusals: who, from which address, when, what', async () => {
    const c = clock()
    const core = open(c)
    await withDivisions(core)
    const admin = await firstAdmin(core)
    const reporter = await account(core, admin, READER, '192.0.2.50')
    c.advance(MIN)
    await rejects(signIn(core, 'tunli', 'wrong-password', '192.0.2.51'))
    await rejects(reporter.api['households.list']({ villageCode: '141002100200' }))
    await admin.api['settings.update']({ unitName: '尧都区清洁取暖办' })
    const recent = await admin.api['audit.recent']({ limit: 20 })
    const line = (method: string, who: string) => recent.find((e) => e.method === method && e.who === who)
    expect(line('settings.update', '王主任（admin）')).toMatchObject({ from: '127.0.0.1', at: c.now().toISOString() })
    expect(recent.find((e) => e.method === 'auth.login' && e.firstCollection === 'sessions' && e.who === '屯里镇填报员（tunli）')).toMatchObject({ from: '192.0.2.50' })
    expect(recent.find((e) => e.method === 'auth.login' && e.firstCollection === 'note:accounts')).toMatchObject({ who: '屯里镇填报员（tunli）', from: '192.0.2.51' })
    expect(line('access.refused', '屯里镇填报员（tunli）')).toMatchObject({ from: '192.0.2.50', firstKey: 'u0002' })
    const refused = (await admin.api['audit.history']({ collection: 'accounts', key: 'u0002' })).find((e) => e.method === 'access.refused')
    expect(refused?.after).toMatchObject({ method: 'households.list', reason: expect.stringContaining('查看农户') })
  })
})
