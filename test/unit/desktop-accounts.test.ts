// The desktop shell and accounts: on one PC the app runs as today, without logging in, as the
// computer's user — until the office turns accounts on by creating the first administrator (设置 →
// 账号). Then the window logs in like the browser does; its session stays in the main process.

import os from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import { CoreHost } from '../../src/main/core-host'
import { ADMIN, clockCore } from './helpers/accounts'
import { fileInput, SHARED, tempDir } from './helpers/core'

const opened: Core[] = []
afterEach(() => {
  for (const c of opened.splice(0)) c.close()
})

function host(): CoreHost {
  const dir = tempDir('chd-desk-acc-')
  const core = clockCore(undefined, dir)
  opened.push(core)
  return new CoreHost(core, dir, 'test')
}

const osUser = () => os.userInfo().username

describe('the desktop app without accounts', () => {
  it('needs no log-in: every call is the computer’s user’s, and the trail names that user', async () => {
    const h = host()
    const info = await h.call('app.info', {})
    expect(info).toMatchObject({ ok: true, result: { accountsOn: false } })
    const r = await h.call('divisions.import', fileInput(`${SHARED}/linfen-divisions.csv`))
    expect(r.ok).toBe(true)
    await h.call('villages.setPlan', { villageCode: '141002100200', route: 'gas', targetHouseholds: 10, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
    const trail = await h.call('audit.history', { collection: 'plans', key: '141002100200' })
    expect(trail.ok && (trail.result as Array<{ who: string }>)[0]!.who).toContain(osUser())
    // Every method is offered: nothing is held back from the one user of the PC.
    expect(((info.ok && info.result) as { allowed: string[] }).allowed).toContain('backups.restore')
  })
})

describe('the desktop app once the office turns accounts on', () => {
  it('asks the window to log in; the session is kept in the main process, never handed to the page; log-out ends it', async () => {
    const h = host()
    const created = await h.call('accounts.create', { login: ADMIN.login, name: ADMIN.name, role: 'admin', scope: '', password: ADMIN.password })
    expect(created.ok).toBe(true)
    const before = await h.call('settings.get', {})
    expect(before).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    expect((await h.call('app.info', {})).ok).toBe(false)

    const wrong = await h.call('auth.login', { login: ADMIN.login, password: 'not-the-password' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    const login = await h.call('auth.login', { login: ADMIN.login, password: ADMIN.password })
    expect(login.ok).toBe(true)
    expect(JSON.stringify(login)).not.toMatch(/token/)
    expect(login.ok && login.result).toMatchObject({ account: { login: ADMIN.login, role: 'admin' } })

    const info = await h.call('app.info', {})
    expect(info).toMatchObject({ ok: true, result: { accountsOn: true, user: `${ADMIN.name}（${ADMIN.login}）` } })
    expect((await h.call('auth.logout', {})).ok).toBe(true)
    expect(await h.call('settings.get', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  })
})
