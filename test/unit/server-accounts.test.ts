// The browser-mode server over a folder with accounts: the session cookie (HttpOnly,
// SameSite=Strict, ended by log-out), who is calling settled before a byte of the body is read,
// 401/403/429 in Chinese, and the CSRF and DNS-rebinding checks holding with a valid session.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import { SESSION_COOKIE } from '../../src/server/http'
import { ADMIN, account, clockCore, firstAdmin } from './helpers/accounts'
import { apiRequest, callApi, rawRequest, startTestServer, type TestServer } from './helpers/browser-server'
import { fileInput, SHARED } from './helpers/core'

const CHINESE = /[\u4e00-\u9fff]/
let core: Core
let s: TestServer

beforeAll(async () => {
  core = clockCore()
  await core.api['divisions.import'](fileInput(`${SHARED}/linfen-divisions.csv`))
  const admin = await firstAdmin(core)
  await account(core, admin, { login: 'tunli', name: '屯里镇填报员', role: 'reporter', scope: '141002100', password: 'Tunli-Report-1' })
  s = await startTestServer({ core })
})

afterAll(async () => {
  await s.close()
  core.close()
})

/** Logs in over HTTP as the page does; returns the cookie's value and the Set-Cookie line. */
async function logIn(login: string, password: string) {
  const r = await callApi(s, 'auth.login', { login, password })
  const setCookie = r.headers.get('set-cookie') ?? ''
  const token = new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(setCookie)?.[1]
  return { ...r, setCookie, token }
}

describe('sessions over HTTP', () => {
  it('logs in with an HttpOnly, SameSite=Strict cookie that expires; the page never sees the token', async () => {
    const r = await logIn(ADMIN.login, ADMIN.password)
    expect(r.status).toBe(200)
    expect(r.setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200$`))
    expect(JSON.stringify(r.reply)).not.toContain(r.token!)
    expect(r.reply.result).toMatchObject({ account: { login: 'admin', role: 'admin' } })
    const info = await callApi(s, 'app.info', {}, { cookie: `${SESSION_COOKIE}=${r.token}` })
    expect(info.reply.result).toMatchObject({ user: `${ADMIN.name}（admin）`, accountsOn: true })
  })

  it('refuses every call without a session but the log-in, and a wrong password, with 401 in Chinese', async () => {
    for (const method of ['app.info', 'settings.get', 'households.list', 'auth.logout']) {
      const r = await callApi(s, method, {})
      expect([method, r.status, r.reply.error?.code]).toEqual([method, 401, 'unauthenticated'])
      expect(r.reply.error?.message).toMatch(CHINESE)
    }
    const wrong = await callApi(s, 'auth.login', { login: 'admin', password: 'not-the-password' })
    expect([wrong.status, wrong.reply.error?.message]).toEqual([401, '登录名或密码不对。'])
  })

  it('settles the caller before reading the body: a big upload without a session is refused at once', async () => {
    const reporter = await logIn('tunli', 'Tunli-Report-1')
    const before = s.calls.length
    // Headers announce 50 MB; not a byte of it is sent. The answer must not wait for it.
    const head = ['POST /api/imports.addFile HTTP/1.1', `Host: ${s.host}`, 'Content-Type: application/json', `Content-Length: ${50 * 1024 * 1024}`, '', ''].join('\r\n')
    const r = await rawRequest(s.port, head, { timeoutMs: 3000 })
    expect(r.status).toBe(401)
    expect(JSON.parse(r.body).error.message).toMatch(CHINESE)
    // A role that may not import is refused the same way, before its body.
    const forbidden = await rawRequest(s.port, head.replace('\r\n\r\n', `\r\nCookie: ${SESSION_COOKIE}=${reporter.token}\r\n\r\n`), { timeoutMs: 3000 })
    expect(forbidden.status).toBe(403)
    expect(JSON.parse(forbidden.body).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('录入进度') })
    expect(s.calls.length).toBe(before)
  })

  it('ends the session on log-out and clears the cookie; a stale cookie is cleared too', async () => {
    const r = await logIn(ADMIN.login, ADMIN.password)
    const cookie = { cookie: `${SESSION_COOKIE}=${r.token}` }
    const out = await callApi(s, 'auth.logout', {}, cookie)
    expect(out.status).toBe(200)
    expect(out.headers.get('set-cookie')).toBe(`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`)
    const after = await callApi(s, 'app.info', {}, cookie)
    expect(after.status).toBe(401)
    expect(after.headers.get('set-cookie')).toContain('Max-Age=0')
  })

  it('answers repeated failures with 429', async () => {
    let last = 0
    for (let i = 0; i < 5; i++) last = (await callApi(s, 'auth.login', { login: 'nobody', password: 'not-the-password' })).status
    expect(last).toBe(429)
  })
})

describe('the CSRF and DNS-rebinding checks hold with a valid session', () => {
  let token: string
  beforeAll(async () => {
    token = (await logIn(ADMIN.login, ADMIN.password)).token!
  })

  it('refuses calls from another origin even with the session cookie', async () => {
    const before = s.calls.length
    const port = s.port
    const cookie = `Cookie: ${SESSION_COOKIE}=${token}`
    const refused = [
      ['Origin: null'],
      ['Origin: http://evil.example'],
      [`Origin: http://127.0.0.1:${port + 1}`],
      [`Origin: https://127.0.0.1:${port}`],
      [`Origin: http://localhost:${port}`],
      ['Sec-Fetch-Site: cross-site'],
      ['Sec-Fetch-Site: same-site'],
      ['Referer: http://evil.example/page'],
    ]
    for (const headers of refused) {
      const r = await rawRequest(s.port, apiRequest(s.host, 'households.get', JSON.stringify({ id: '141002100200-000001', reveal: true }), [...headers, cookie]))
      expect([headers, r.status]).toEqual([headers, 403])
      expect(JSON.parse(r.body).error.message).toBe('拒绝来自其他网站的请求。')
    }
    expect(s.calls.length).toBe(before)
    const ok = await rawRequest(s.port, apiRequest(s.host, 'app.info', '{}', [`Origin: http://127.0.0.1:${port}`, cookie]))
    expect(ok.status).toBe(200)
  })

  it('refuses another host name (DNS rebinding) even with the session cookie', async () => {
    const before = s.calls.length
    const attacker = `rebind.example:${s.port}`
    const r = await rawRequest(s.port, apiRequest(attacker, 'households.get', JSON.stringify({ id: '141002100200-000001', reveal: true }), [`Origin: http://${attacker}`, `Cookie: ${SESSION_COOKIE}=${token}`]))
    expect(r.status).toBe(421)
    expect(JSON.parse(r.body).error.message).toMatch(CHINESE)
    expect(s.calls.length).toBe(before)
  })
})
