// The browser-mode server's behaviour, request by request: security headers, static files, the
// API's checks (Host allow-list against DNS rebinding, same-origin, JSON only), per-method body
// limits answered with a message, timeouts and shutdown.

import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { methods } from '../../src/core/contract'
import { INPUT_BYTES, UPLOAD_INPUT_BYTES, UPLOAD_METHODS } from '../../src/core/input-limits'
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../src/shared/content-security-policy'
import { APP_JS, INDEX_HTML, type TestServer, apiRequest, callApi, rawRequest, startTestServer, writeInChunks } from './helpers/browser-server'

const CHINESE = /[\u4e00-\u9fff]/

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(async () => {
  await s.close()
})

const get = (target: string, headers: string[] = [], method = 'GET') =>
  rawRequest(s.port, `${method} ${target} HTTP/1.1\r\nHost: ${s.host}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`)

function expectSecurityHeaders(headers: Headers | Record<string, string>): void {
  const h = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name])
  expect(h('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  expect(h('x-frame-options')).toBe('DENY')
  expect(h('x-content-type-options')).toBe('nosniff')
  expect(h('referrer-policy')).toBe('no-referrer')
  expect(h('cross-origin-opener-policy')).toBe('same-origin')
  expect(h('cross-origin-resource-policy')).toBe('same-origin')
}

describe('the Content-Security-Policy', () => {
  it('lets nothing frame the page and loads scripts only from the app', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]))
    expect(directives.get('frame-ancestors')).toBe("'none'")
    expect(directives.get('default-src')).toBe("'none'")
    expect(directives.get('style-src')).toBe("'self'")
    expect(directives.get('script-src')).toBe("'self'")
    expect(directives.get('object-src')).toBe("'none'")
    expect(directives.get('connect-src')).toBe("'self'")
    // Online map tiles, when the office configures them, are the only outside content.
    expect(directives.get('img-src')).toContain('https:')
  })

  it('is the same in the page, less what a <meta> element cannot carry', () => {
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors')
    expect(`${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`).toBe(CONTENT_SECURITY_POLICY)
  })

  it('is the one the Electron shell sends', async () => {
    const { CSP } = await import('../../src/main/csp')
    expect(CSP).toBe(CONTENT_SECURITY_POLICY)
    // No other policy is written anywhere in the shell.
    for (const f of fs.readdirSync(path.resolve(import.meta.dirname, '../../src/main'))) {
      expect(fs.readFileSync(path.resolve(import.meta.dirname, '../../src/main', f), 'utf8'), f).not.toMatch(/default-src/)
    }
  })
})

describe('security headers', () => {
  it('come with the page, an asset, an API answer and every refusal', async () => {
    const page = await fetch(s.url)
    expectSecurityHeaders(page.headers)
    const asset = await get('/assets/app-1a2b.js')
    expectSecurityHeaders(asset.headers)
    const api = await callApi(s, 'app.info')
    expectSecurityHeaders(api.headers)
    expect(api.headers.get('cache-control')).toBe('no-store')
    for (const refused of [await get('/%'), await get('/', ['Host: evil.example']), await get('/assets/nothing.js'), await get('/api/app.info')]) {
      expect(refused.status).toBeGreaterThanOrEqual(400)
      expectSecurityHeaders(refused.headers)
    }
    // A request Node itself cannot parse is answered on the raw socket, with the same headers.
    const unparsable = await rawRequest(s.port, 'GET /a b c\r\n\r\n')
    expect(unparsable.status).toBe(400)
    expectSecurityHeaders(unparsable.headers)
    expect(unparsable.body).toMatch(CHINESE)
  })
})

describe('static files', () => {
  it('serves the page, assets (cached for good) and HEAD without a body', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.body).toBe(INDEX_HTML)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['cache-control']).toBe('no-cache')
    const asset = await get('/assets/app-1a2b.js?v=1')
    expect(asset.body).toBe(APP_JS)
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(asset.headers['cache-control']).toContain('immutable')
    const head = await rawRequest(s.port, `HEAD /assets/app-1a2b.js HTTP/1.1\r\nHost: ${s.host}\r\nConnection: close\r\n\r\n`)
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)))
  })

  it('falls back to the page for page addresses, never for a missing asset', async () => {
    for (const target of ['/settings', '/divisions/141002', '/index']) {
      const r = await get(target)
      expect([target, r.status, r.body]).toEqual([target, 200, INDEX_HTML])
    }
    for (const target of ['/assets/missing.js', '/assets/', '/assets', '/favicon.ico', '/missing.css', '/.env', '/assets/.hidden']) {
      const r = await get(target)
      expect([target, r.status]).toEqual([target, 404])
      expect(r.body).toMatch(CHINESE)
    }
  })

  it('never leaves the renderer folder, however the path is spelled', async () => {
    const name = path.basename(s.secretFile)
    const targets = [
      `/../${name}`,
      `/..%2f${name}`,
      `/%2e%2e/${name}`,
      `/%2E%2E%2F${name}`,
      `/assets/..%2f..%2f${name}`,
      `/assets/..%5c..%5c${name}`,
      `/..\\${name}`,
      `/assets/%2e%2e/%2e%2e/${name}`,
      `/${encodeURIComponent(s.secretFile)}`,
      `/%00/${name}`,
      `/index.html%00.js`,
      `/assets/app-1a2b.js%00`,
      '/..%252f..%252fetc%252fpasswd',
      '/C:/Windows/win.ini',
    ]
    for (const target of targets) {
      const r = await get(target)
      expect(r.body, target).not.toContain('SECRET')
      expect(r.status === 400 || r.status === 404 || (r.status === 200 && r.body === INDEX_HTML), `${target} → ${r.status}`).toBe(true)
    }
    // Node's URL handling would resolve a raw ../ before us; ours refuses it outright.
    expect((await get(`/../${name}`)).status).toBe(400)
    expect((await get(`/..%2f${name}`)).status).toBe(400)
  })

  it('answers only GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) {
      const r = await get('/', ['Content-Length: 0'], method)
      expect([method, r.status, r.headers.allow]).toEqual([method, 405, 'GET, HEAD'])
    }
  })
})

describe('the API', () => {
  it('forwards a call to the core and returns its answer', async () => {
    const { status, reply } = await callApi(s, 'app.info', {}, { origin: `http://${s.host}` })
    expect(status).toBe(200)
    expect(reply.ok).toBe(true)
    expect(s.calls.at(-1)).toBe('app.info')
  })

  it('names the caller and the address the call came from in the audit trail', async () => {
    const { status } = await callApi(s, 'settings.update', { unitName: '浮山县清洁取暖办' })
    expect(status).toBe(200)
    const recent = await callApi(s, 'audit.recent', { limit: 1 })
    expect(recent.reply.result).toEqual([expect.objectContaining({ method: 'settings.update', from: expect.stringMatching(/127\.0\.0\.1/) })])
  })

  it('passes the core’s refusals on with their message', async () => {
    const { status, reply } = await callApi(s, 'settings.update', { backupsKept: 1000 })
    expect(status).toBe(400)
    expect(reply.error?.code).toBe('invalid_input')
    const unknown = await callApi(s, 'no.such')
    expect(unknown.status).toBe(404)
    expect(unknown.reply.error?.message).toMatch(CHINESE)
  })

  it('takes POST with a JSON body only', async () => {
    const before = s.calls.length
    const asGet = await get('/api/app.info')
    expect([asGet.status, asGet.headers.allow]).toEqual([405, 'POST'])
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'application/json; charset=gbk', '']) {
      const r = await rawRequest(s.port, apiRequest(s.host, 'app.info', '{}').toString().replace('Content-Type: application/json', `Content-Type: ${type}`))
      expect([type, r.status]).toEqual([type, 415])
      expect(JSON.parse(r.body).error.message).toMatch(CHINESE)
    }
    for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      const r = await rawRequest(s.port, apiRequest(s.host, 'app.info', '{}').toString().replace('Content-Type: application/json', `Content-Type: ${type}`))
      expect([type, r.status]).toEqual([type, 200])
    }
    expect(s.calls.length).toBe(before + 2)
  })

  it('refuses calls from another origin (CSRF), including Origin: null', async () => {
    const before = s.calls.length
    const port = s.port
    const refused = [
      ['Origin: null'],
      ['Origin: garbage'],
      ['Origin: http://evil.example'],
      [`Origin: http://127.0.0.1:${port + 1}`],
      [`Origin: https://127.0.0.1:${port}`],
      [`Origin: http://127.0.0.1:${port}/path`],
      [`Origin: http://user@127.0.0.1:${port}`],
      [`Origin: http://localhost:${port}`],
      ['Origin: '],
      [`Origin: http://127.0.0.1:${port}`, `Origin: http://127.0.0.1:${port}`],
      ['Sec-Fetch-Site: cross-site'],
      ['Sec-Fetch-Site: same-site'],
      ['Referer: http://evil.example/page'],
      ['Referer: not a url'],
    ]
    for (const headers of refused) {
      const r = await rawRequest(s.port, apiRequest(s.host, 'app.info', '{}', headers))
      expect([headers, r.status]).toEqual([headers, headers.length > 1 ? 400 : 403])
      expect(JSON.parse(r.body).error.message).toMatch(CHINESE)
    }
    expect(s.calls.length).toBe(before)
    const accepted = [[`Origin: http://127.0.0.1:${port}`], [`Origin: HTTP://127.0.0.1:${port}`], ['Sec-Fetch-Site: same-origin'], [`Referer: http://127.0.0.1:${port}/#/settings`], []]
    for (const headers of accepted) {
      const r = await rawRequest(s.port, apiRequest(s.host, 'app.info', '{}', headers))
      expect([headers, r.status]).toEqual([headers, 200])
    }
  })

  it('reads an empty body as no input', async () => {
    const r = await rawRequest(s.port, apiRequest(s.host, 'app.info', ''))
    expect(r.status).toBe(200)
  })
})

describe('the Host allow-list (DNS rebinding)', () => {
  it('refuses the API and the page under another name, before the core sees anything', async () => {
    const before = s.calls.length
    const attacker = `attacker.example:${s.port}`
    const api = await rawRequest(s.port, apiRequest(attacker, 'households.get', JSON.stringify({ id: '141002001001-000001', reveal: true }), [`Origin: http://${attacker}`]))
    expect(api.status).toBe(421)
    expect(JSON.parse(api.body).error.message).toContain('attacker.example')
    const page = await rawRequest(s.port, `GET / HTTP/1.1\r\nHost: ${attacker}\r\n\r\n`)
    expect(page.status).toBe(421)
    expect(page.body).not.toContain(INDEX_HTML)
    expect(page.body).toMatch(CHINESE)
    expect(s.calls.length).toBe(before)
  })

  it('answers loopback names only, in any spelling a browser sends', async () => {
    for (const host of [`localhost:${s.port}`, `LOCALHOST:${s.port}`, `localhost.:${s.port}`, `127.0.0.1:${s.port}`, `[::1]:${s.port}`, `[0:0:0:0:0:0:0:1]:${s.port}`, 'localhost']) {
      const r = await rawRequest(s.port, `GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`)
      expect([host, r.status]).toEqual([host, 200])
    }
    for (const host of ['evil.example', '127.0.0.2', '127.0.0.1.evil.example', 'localhost.evil.example', '0.0.0.0', '[::2]', '127.1', `127.0.0.1:${s.port}@evil`, `127.0.0.1:99999`, '']) {
      const r = await rawRequest(s.port, `GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`)
      expect([host, r.status]).toEqual([host, host === '' ? 400 : 421])
    }
    const twice = await rawRequest(s.port, `GET / HTTP/1.1\r\nHost: ${s.host}\r\nHost: evil.example\r\n\r\n`)
    expect(twice.status).toBe(400)
    const none = await rawRequest(s.port, 'GET / HTTP/1.0\r\n\r\n')
    expect(none.status).toBe(400)
    expect(none.body).toContain('Host')
  })

  it('answers names given with --allow-host', async () => {
    const other = await startTestServer({ allowHosts: ['desk.county.lan', '192.168.10.5'] })
    try {
      for (const host of [`desk.county.lan:${other.port}`, `192.168.10.5:${other.port}`, `localhost:${other.port}`]) {
        const r = await rawRequest(other.port, apiRequest(host, 'app.info', '{}', [`Origin: http://${host}`]))
        expect([host, r.status]).toEqual([host, 200])
      }
      const r = await rawRequest(other.port, apiRequest('county.lan', 'app.info', '{}'))
      expect(r.status).toBe(421)
    } finally {
      await other.close()
    }
  })
})

describe('body limits per method', () => {
  it('finds the upload methods in the contract: those whose input carries an uploaded file', () => {
    // Read independently of input-limits.ts: the JSON schema of each input names dataBase64.
    const byJsonSchema = Object.keys(methods).filter((m) =>
      JSON.stringify(z.toJSONSchema(methods[m as keyof typeof methods].input, { io: 'input', unrepresentable: 'any' })).includes('"dataBase64"'),
    )
    expect([...UPLOAD_METHODS].sort()).toEqual(byJsonSchema.sort())
    for (const m of ['imports.addFile', 'divisions.import', 'map.importBoundaries', 'map.importPoints', 'readings.import', 'finance.import']) {
      expect(UPLOAD_METHODS.has(m as keyof typeof methods), m).toBe(true)
    }
    expect(UPLOAD_METHODS.has('app.info')).toBe(false)
  })

  it('refuses a declared Content-Length over the limit with the message, without a reset', async () => {
    const before = s.calls.length
    const big = Buffer.alloc(INPUT_BYTES + 1, 0x20)
    // The whole body is sent; the answer comes as soon as the headers are read.
    const r = await rawRequest(s.port, apiRequest(s.host, 'app.info', big))
    expect(r.status).toBe(413)
    expect(JSON.parse(r.body).error.message).toContain('1 MB')
    expect(s.calls.length).toBe(before)
    // The same through fetch, as the page would send it.
    const viaFetch = await fetch(`${s.url}api/settings.update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })
    expect(viaFetch.status).toBe(413)
    expect(((await viaFetch.json()) as { error: { message: string } }).error.message).toMatch(CHINESE)
  })

  it('refuses a chunked body once it passes the limit', async () => {
    const head = `POST /api/app.info HTTP/1.1\r\nHost: ${s.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`
    const chunk = Buffer.alloc(256 * 1024, 0x20)
    const r = await rawRequest(s.port, async (socket) => {
      socket.write(head)
      for (let i = 0; i < 8 && !socket.destroyed; i++) {
        await writeInChunks(socket, Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]))
      }
      if (!socket.destroyed) socket.write('0\r\n\r\n')
    })
    expect(r.status).toBe(413)
  })

  it('gives an upload method room for a file of tens of megabytes', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64')
    const r = await callApi(s, 'imports.addFile', { file: { fileName: '报送.xlsx', dataBase64: data } })
    // Past the size check: the core itself looks at the file.
    expect(r.status).not.toBe(413)
    expect(s.calls.at(-1)).toBe('imports.addFile')
  })

  it('refuses an upload past its own limit before the body is sent (Expect: 100-continue)', async () => {
    const head = [
      'POST /api/imports.addFile HTTP/1.1',
      `Host: ${s.host}`,
      'Content-Type: application/json',
      `Content-Length: ${UPLOAD_INPUT_BYTES + 1}`,
      'Expect: 100-continue',
    ]
    const r = await rawRequest(s.port, `${head.join('\r\n')}\r\n\r\n`)
    expect(r.status).toBe(413)
    expect(r.headers.connection).toBe('close')
    expect(JSON.parse(r.body).error.message).toBe('上传的文件过大：此操作的请求最多 64 MB，即文件最大约 48 MB。')
  })

  it('tells the client to go on when it asks first and the size is within the limit', async () => {
    const body = '{}'
    let interim = ''
    const r = await rawRequest(s.port, (socket) => {
      socket.write(`POST /api/app.info HTTP/1.1\r\nHost: ${s.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`)
      // The body goes only once the server has said to go on.
      socket.once('data', (chunk: Buffer) => {
        interim = chunk.toString()
        socket.write(body)
      })
    })
    expect(interim).toMatch(/^HTTP\/1\.1 100 /)
    expect(r.status).toBe(200)
  })
})

describe('timeouts', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ limits: { headersTimeoutMs: 600, requestTimeoutMs: 1500, bodyIdleMs: 400, lingerMs: 300 } })
  })
  afterAll(async () => {
    await t.close()
  })

  it('answers 408 to headers that never finish', async () => {
    const r = await rawRequest(t.port, (socket) => void socket.write(`GET / HTTP/1.1\r\nHost: ${t.host}\r\n`), { timeoutMs: 5000 })
    expect(r.status).toBe(408)
    expect(r.body).toMatch(CHINESE)
  })

  it('answers 408 to a body that stalls', async () => {
    const r = await rawRequest(t.port, (socket) => void socket.write(apiRequest(t.host, 'app.info', '{"a":1}').subarray(0, -3)), { timeoutMs: 5000 })
    expect(r.status).toBe(408)
    expect(JSON.parse(r.body).error.message).toMatch(CHINESE)
  })

  it('answers 408 to a body trickled in under the stall limit but past the request limit', async () => {
    const body = Buffer.from(`{"x":"${' '.repeat(100)}"}`)
    const r = await rawRequest(
      t.port,
      async (socket) => {
        socket.write(apiRequest(t.host, 'app.info', body).subarray(0, -body.length))
        for (const byte of body) {
          if (socket.destroyed) return
          socket.write(Buffer.from([byte]))
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      },
      { timeoutMs: 8000 },
    )
    expect(r.status).toBe(408)
  })

  it('still answers afterwards', async () => {
    expect((await callApi(t, 'app.info')).status).toBe(200)
  })
})

describe('shutdown', () => {
  it('lets a call already in the core answer, refuses a body still coming, then closes', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow = await startTestServer({
      core: {
        call: async (method) => {
          await gate
          return { method }
        },
      },
    })
    const inCore = callApi(slow, 'app.info')
    while (slow.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    // Once the server has the next request, it is reading its body (nothing is awaited before that).
    const arrived = new Promise((resolve) => slow.app.server.once('request', resolve))
    const sending = rawRequest(slow.port, (socket) => void socket.write(apiRequest(slow.host, 'app.info', '{"a":1}').subarray(0, -2)))
    await arrived
    const stopped = slow.app.shutdown(5000)
    const refused = await sending
    expect(refused.status).toBe(503)
    expect(JSON.parse(refused.body).error.message).toMatch(CHINESE)
    release()
    const answered = await inCore
    expect(answered.status).toBe(200)
    expect(answered.reply.result).toEqual({ method: 'app.info' })
    await stopped
    expect(slow.app.server.listening).toBe(false)
    await slow.close()
  })

  it('does not wait past its grace for a call that never ends', async () => {
    const stuck = await startTestServer({ core: { call: () => new Promise(() => undefined) } })
    void callApi(stuck, 'app.info').catch(() => undefined)
    while (stuck.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    const started = Date.now()
    await stuck.app.shutdown(200)
    expect(Date.now() - started).toBeLessThan(2000)
    await stuck.close()
  })
})
