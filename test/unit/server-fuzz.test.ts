// Throws malformed, hostile and oversized requests at the real browser-mode server (in this
// process, over a real core on a temp folder, through raw sockets so nothing tidies them up):
// each gets its 4xx, a normal call still answers after each, and memory stays bounded.

import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INPUT_BYTES, UPLOAD_INPUT_BYTES } from '../../src/core/input-limits'
import { APP_JS, INDEX_HTML, type RawResponse, type TestServer, apiRequest, callApi, rawRequest, startTestServer, writeInChunks } from './helpers/browser-server'

const CHINESE = /[\u4e00-\u9fff]/
const MiB = 1024 * 1024

let s: TestServer
let baselineRss = 0
let peakRss = 0
let sampler: NodeJS.Timeout
beforeAll(async () => {
  s = await startTestServer()
  baselineRss = process.memoryUsage.rss()
  peakRss = baselineRss
  sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5)
})
afterAll(async () => {
  clearInterval(sampler)
  await s.close()
})

type Request = Parameters<typeof rawRequest>[1]

/** `[{},{},…]` of exactly `bytes` bytes (give or take two). */
function wideArray(bytes: number): Buffer {
  const n = Math.floor((bytes - 2) / 3)
  const buf = Buffer.alloc(n * 3 + 1, '{},')
  buf.write('[', 0)
  buf.write('{}]', n * 3 - 2)
  return buf
}

const deep = (levels: number) => Buffer.from(`${'['.repeat(levels)}${']'.repeat(levels)}`)

function chunked(host: string, method: string, body: Buffer, chunk = 64 * 1024): (socket: import('node:net').Socket) => Promise<void> {
  return async (socket) => {
    socket.write(`POST /api/${method} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`)
    for (let i = 0; i < body.length && !socket.destroyed; i += chunk) {
      const part = body.subarray(i, i + chunk)
      await writeInChunks(socket, Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]))
    }
    if (!socket.destroyed) socket.write('0\r\n\r\n')
  }
}

/** Sends the headers, then the body at the socket's pace (so an early answer arrives mid-upload). */
const streamed = (request: Buffer) => (socket: import('node:net').Socket) => writeInChunks(socket, request)

async function stillAnswers(): Promise<void> {
  const { status, reply } = await callApi(s, 'app.info')
  expect(status).toBe(200)
  expect(reply.ok).toBe(true)
}

function expectRefused(name: string, r: RawResponse, status: number | '4xx'): void {
  const ok = status === '4xx' ? r.status >= 400 && r.status < 500 : r.status === status
  expect(ok, `${name}: expected ${status}, got ${r.status}${r.error ? ` (${r.error})` : ''} ${r.body.slice(0, 200)}`).toBe(true)
  expect(r.body, name).toMatch(CHINESE)
}

describe('malformed targets, methods and headers', () => {
  const H = () => s.host
  const cases: Array<[string, () => Request, number | '4xx']> = [
    ['GET /%', () => `GET /% HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 400],
    ['GET /%E0%A4%A', () => `GET /%E0%A4%A HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 400],
    ['GET /%ff%fe (not UTF-8)', () => `GET /%ff%fe HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 400],
    ['POST /api/%', () => apiRequest(H(), '%', '{}'), 400],
    ['POST /api/%E0%A4%A', () => apiRequest(H(), '%E0%A4%A', '{}'), 400],
    ['POST /api/..%2f..%2fetc', () => apiRequest(H(), '..%2f..%2fetc', '{}'), 400],
    ['GET /api/..%2f..%2fetc', () => `GET /api/..%2f..%2fetc HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 400],
    ['POST /api/app.info/extra', () => apiRequest(H(), 'app.info/extra', '{}'), 404],
    ['POST /api/', () => apiRequest(H(), '', '{}'), 404],
    ['POST /api/__proto__', () => apiRequest(H(), '__proto__', '{}'), 404],
    ['POST /api/constructor', () => apiRequest(H(), 'constructor', '{}'), 404],
    ['long path (8 KB)', () => `GET /${'a'.repeat(8000)} HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 414],
    ['very long path (40 KB)', () => `GET /${'a'.repeat(40_000)} HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 431],
    ['NUL in the path', () => `GET /a\u0000b HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 400],
    ['%00 in the path', () => `GET /index.html%00 HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 400],
    ['asterisk target', () => `OPTIONS * HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 400],
    ['absolute target', () => `GET http://evil.example/ HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 400],
    ['unknown method', () => `FOO / HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 400],
    ['CONNECT', () => `CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n`, 405],
    ['DELETE on the API', () => `DELETE /api/app.info HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 405],
    ['CORS preflight', () => `OPTIONS /api/app.info HTTP/1.1\r\nHost: ${H()}\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n`, 405],
    ['TRACE', () => `TRACE / HTTP/1.1\r\nHost: ${H()}\r\n\r\n`, 405],
    ['HTTP/2 preface', () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 400],
    ['bare LF line ends', () => `GET / HTTP/1.1\nHost: ${H()}\n\n`, 400],
    ['garbage', () => Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), 400],
    ['Origin: null', () => apiRequest(H(), 'app.info', '{}', ['Origin: null']), 403],
    ['Origin: garbage', () => apiRequest(H(), 'app.info', '{}', ['Origin: ::garbage::']), 403],
    ['Origin: http://[::1', () => apiRequest(H(), 'app.info', '{}', ['Origin: http://[::1']), 403],
    ['Origin: file://', () => apiRequest(H(), 'app.info', '{}', ['Origin: file://']), 403],
    ['Origin in UTF-8', () => apiRequest(H(), 'app.info', '{}', ['Origin: http://例子.测试']), 403],
    ['Referer: garbage', () => apiRequest(H(), 'app.info', '{}', ['Referer: ::']), 403],
    ['Host: evil.example', () => `GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n`, 421],
    ['Host: evil.example on the API', () => apiRequest('evil.example', 'app.info', '{}'), 421],
    ['Host: in UTF-8', () => `GET / HTTP/1.1\r\nHost: 例子.测试\r\n\r\n`, 421],
    ['Host missing', () => 'GET / HTTP/1.1\r\n\r\n', 400],
    ['Host missing (HTTP/1.0)', () => 'GET / HTTP/1.0\r\n\r\n', 400],
    ['two Hosts', () => `GET / HTTP/1.1\r\nHost: ${H()}\r\nHost: evil.example\r\n\r\n`, 400],
    ['huge header', () => `GET / HTTP/1.1\r\nHost: ${H()}\r\nX-Big: ${'x'.repeat(40_000)}\r\n\r\n`, 431],
    ['many headers', () => `GET / HTTP/1.1\r\nHost: ${H()}\r\n${Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}\r\n`, 431],
    ['NUL in a header', () => `GET / HTTP/1.1\r\nHost: ${H()}\r\nX-A: a\u0000b\r\n\r\n`, 400],
    ['folded header', () => `GET / HTTP/1.1\r\nHost: ${H()}\r\nX-A: a\r\n b\r\n\r\n`, 400],
    ['two Content-Lengths', () => `POST /api/app.info HTTP/1.1\r\nHost: ${H()}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}`, 400],
    ['Content-Length and chunked', () => `POST /api/app.info HTTP/1.1\r\nHost: ${H()}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400],
    ['negative Content-Length', () => `POST /api/app.info HTTP/1.1\r\nHost: ${H()}\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n`, 400],
    ['Content-Length in hex', () => `POST /api/app.info HTTP/1.1\r\nHost: ${H()}\r\nContent-Type: application/json\r\nContent-Length: 0x2\r\n\r\n{}`, 400],
    ['bad chunk size', () => `POST /api/app.info HTTP/1.1\r\nHost: ${H()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, 400],
    ['unknown Expect', () => `POST /api/app.info HTTP/1.1\r\nHost: ${H()}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 200-ok\r\n\r\n{}`, 417],
  ]
  for (const [name, request, status] of cases) {
    it(name, async () => {
      expectRefused(name, await rawRequest(s.port, request()), status)
      await stillAnswers()
    })
  }

  it('the API reaches the core only for the requests that pass', () => {
    expect(s.calls.every((m) => m === 'app.info')).toBe(true)
  })
})

describe('bodies', () => {
  const H = () => s.host
  it('over the limit, with Content-Length, answered while the body is still coming', async () => {
    const r = await rawRequest(s.port, streamed(apiRequest(H(), 'settings.update', Buffer.alloc(8 * MiB, 0x20))))
    expectRefused('8 MB to settings.update', r, 413)
    await stillAnswers()
  })

  it('over the limit, chunked (no Content-Length)', async () => {
    expectRefused('chunked 3 MB', await rawRequest(s.port, chunked(H(), 'app.info', Buffer.alloc(3 * MiB, 0x20))), 413)
    await stillAnswers()
  })

  it('an upload over its own limit, with and without Content-Length', { timeout: 60_000 }, async () => {
    const big = Buffer.alloc(UPLOAD_INPUT_BYTES + MiB, 0x20)
    expectRefused('65 MB upload', await rawRequest(s.port, streamed(apiRequest(H(), 'imports.addFile', big)), { timeoutMs: 30_000 }), 413)
    await stillAnswers()
    expectRefused('65 MB chunked upload', await rawRequest(s.port, chunked(H(), 'divisions.import', big, MiB), { timeoutMs: 30_000 }), 413)
    await stillAnswers()
  })

  it('deep nesting', async () => {
    expectRefused('[[[…]]] × 100 000', await rawRequest(s.port, apiRequest(H(), 'app.info', deep(100_000))), 413)
    expectRefused('{"a":{"a":…}} × 65', await rawRequest(s.port, apiRequest(H(), 'app.info', `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`)), 413)
    expectRefused('[[[…]]] × 1 000 000 to an upload', await rawRequest(s.port, apiRequest(H(), 'imports.addFile', deep(1_000_000))), 413)
    await stillAnswers()
  })

  it('wide [{},{},…] up to the limit', { timeout: 60_000 }, async () => {
    expectRefused('[{},…] of 1 MB', await rawRequest(s.port, apiRequest(H(), 'app.info', wideArray(INPUT_BYTES))), 413)
    expectRefused('[{},…] of 64 MB to an upload', await rawRequest(s.port, streamed(apiRequest(H(), 'map.importPoints', wideArray(UPLOAD_INPUT_BYTES))), { timeoutMs: 30_000 }), 413)
    await stillAnswers()
  })

  it('invalid UTF-8, truncated JSON, not an object, prototype keys', async () => {
    expectRefused('invalid UTF-8', await rawRequest(s.port, apiRequest(H(), 'settings.update', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]))), 400)
    expectRefused('truncated JSON', await rawRequest(s.port, apiRequest(H(), 'settings.update', '{"operator": "王')), 400)
    expectRefused('JSON with a stray quote', await rawRequest(s.port, apiRequest(H(), 'settings.update', '{"a":"\\"}')), 400)
    expectRefused('an array', await rawRequest(s.port, apiRequest(H(), 'settings.update', '[1,2,3]')), 400)
    const proto = await rawRequest(s.port, apiRequest(H(), 'settings.get', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'))
    expect(proto.status).toBeLessThan(500)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    await stillAnswers()
  })

  it('a client that goes away mid-body or mid-answer', async () => {
    await rawRequest(s.port, (socket) => {
      socket.write(apiRequest(H(), 'app.info', '{"a":1}').subarray(0, -3))
      setTimeout(() => socket.destroy(), 20)
    })
    await rawRequest(s.port, (socket) => {
      socket.write(apiRequest(H(), 'app.info', Buffer.alloc(2 * MiB, 0x20)).subarray(0, MiB))
      setTimeout(() => socket.resetAndDestroy(), 20)
    })
    await rawRequest(s.port, (socket) => {
      socket.write(`GET / HTTP/1.1\r\nHost: ${H()}\r\n\r\n`)
      socket.resetAndDestroy()
    })
    await stillAnswers()
  })

  it('memory stayed bounded through all of it', () => {
    // A 64 MB body is held once or twice while it is refused (and the test's own copy); what the
    // unbounded server did with such bodies was gigabytes.
    expect((peakRss - baselineRss) / MiB).toBeLessThan(512)
  })
})

describe('slow requests', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ limits: { headersTimeoutMs: 500, requestTimeoutMs: 1200, bodyIdleMs: 300, lingerMs: 300 } })
  })
  afterAll(async () => {
    await t.close()
  })

  const trickle = (bytes: Buffer, everyMs: number) => async (socket: import('node:net').Socket) => {
    for (const byte of bytes) {
      if (socket.destroyed) return
      socket.write(Buffer.from([byte]))
      await new Promise((resolve) => setTimeout(resolve, everyMs))
    }
  }

  it('headers a byte at a time', async () => {
    const r = await rawRequest(t.port, trickle(Buffer.from(`GET / HTTP/1.1\r\nHost: ${t.host}\r\nX-Slow: ${'x'.repeat(200)}\r\n\r\n`), 20), { timeoutMs: 8000 })
    expectRefused('slow headers', r, 408)
  })

  it('a body a byte at a time', async () => {
    const request = apiRequest(t.host, 'app.info', `{"x":"${'y'.repeat(200)}"}`)
    const headEnd = request.indexOf('\r\n\r\n') + 4
    const r = await rawRequest(t.port, async (socket) => {
      socket.write(request.subarray(0, headEnd))
      await trickle(request.subarray(headEnd), 50)(socket)
    }, { timeoutMs: 8000 })
    expectRefused('slow body', r, 408)
  })

  it('many slow connections at once, and the server still answers', async () => {
    const slow = Array.from({ length: 50 }, () => rawRequest(t.port, (socket) => void socket.write(`GET / HTTP/1.1\r\nHost: ${t.host}\r\n`), { timeoutMs: 8000 }))
    const { status } = await callApi(t, 'app.info')
    expect(status).toBe(200)
    for (const r of await Promise.all(slow)) expect(r.status).toBe(408)
  })
})

describe('random requests (property-based)', () => {
  const PATH_TOKENS = ['', 'api', 'assets', 'app-1a2b.js', 'index.html', 'app.info', 'households.get', '..', '.', '%2e%2e', '%2f', '%5c', '%00', '%', '%E0%A4%A', '%e4%b8%ad', '\\', '~', '?x=1', '#f', 'a.b', '%ff', '%25']
  const token = fc.oneof(fc.constantFrom(...PATH_TOKENS), fc.stringMatching(/^[\x21-\x7e]{0,12}$/))
  const pathArb = fc.array(token, { maxLength: 6 }).map((parts) => `/${parts.join('/')}`)

  it('a random path is a page, an asset, or a 4xx — never the secret, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(pathArb, async (target) => {
        const r = await rawRequest(s.port, `GET ${target} HTTP/1.1\r\nHost: ${s.host}\r\n\r\n`)
        expect(r.body).not.toContain('SECRET')
        if (r.status === 200) expect([INDEX_HTML, APP_JS]).toContain(r.body)
        else expect(r.status >= 400 && r.status < 500, `${target} → ${r.status} ${r.error ?? ''}`).toBe(true)
      }),
      { numRuns: 300 },
    )
    await stillAnswers()
  })

  it('a random request never reaches the core from another host or origin, and never gets a 5xx', async () => {
    const port = () => s.port
    const hostArb = fc.oneof(
      fc.constant<{ value: string; allowed: boolean | null }>({ value: `127.0.0.1:${port()}`, allowed: true }),
      fc.constant({ value: `localhost:${port()}`, allowed: true }),
      fc.constant({ value: `[::1]:${port()}`, allowed: true }),
      fc.constantFrom('evil.example', `attacker.example:${port()}`, '127.0.0.2', '', '[::2]', 'localhost.evil').map((value) => ({ value, allowed: false })),
      // A random name might spell a loopback one some other way: only the rest must be refused.
      fc.stringMatching(/^[\x21-\x7e]{1,30}$/).map((value) => ({ value, allowed: /localhost|127\.0\.0\.1|::1|\[/i.test(value) ? null : false })),
    )
    const originArb = fc.oneof(
      fc.constant(null),
      fc.constantFrom('null', 'http://evil.example', 'https://127.0.0.1', 'garbage', `http://127.0.0.1:${port() + 1}`),
      fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
    )
    const typeArb = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', '')
    const methodArb = fc.constantFrom('app.info', 'settings.get', 'households.get', 'backups.list', 'no.such', '%', '..%2f')
    const bodyArb = fc.oneof(fc.constant(''), fc.constant('{}'), fc.json({ maxDepth: 4 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')))
    const verbArb = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'OPTIONS')
    await fc.assert(
      fc.asyncProperty(hostArb, originArb, typeArb, methodArb, bodyArb, verbArb, async (host, origin, type, method, body, verb) => {
        const bytes = Buffer.from(body, 'latin1')
        const head = [`${verb} /api/${method} HTTP/1.1`, `Host: ${host.value}`, `Content-Type: ${type}`, `Content-Length: ${bytes.length}`]
        if (origin !== null) head.push(`Origin: ${origin}`)
        const before = s.calls.length
        const r = await rawRequest(s.port, Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]))
        expect(r.status >= 200 && r.status < 500, `${head.join(' | ')} → ${r.status} ${r.error ?? ''} ${r.body.slice(0, 200)}`).toBe(true)
        const sameOrigin = origin === null || origin.toLowerCase() === `http://${host.value.toLowerCase()}`
        if (host.allowed === false || !sameOrigin) {
          expect(s.calls.length, `${head.join(' | ')} reached the core`).toBe(before)
          expect(r.status).not.toBe(200)
        }
      }),
      { numRuns: 300 },
    )
    await stillAnswers()
  })
})
