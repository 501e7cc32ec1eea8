// The browser-mode server in this process on a free port, over a real Core on a temp folder (or
// a stand-in) and a tiny renderer folder; plus raw HTTP over a socket, for requests that fetch
// would refuse to send or would tidy up first.

import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { hostAllowList } from '../../../src/server/hosts'
import { type BrowserServer, type CoreLike, type ServerLimits, createBrowserServer } from '../../../src/server/http'
import { openCore, tempDir } from './core'

export const INDEX_HTML = '<!doctype html><title>测试页</title>\n'
export const APP_JS = 'console.log("app")\n'

export interface TestServer {
  port: number
  /** `127.0.0.1:<port>`, the Host a browser sends. */
  host: string
  url: string
  app: BrowserServer
  /** Method names that reached the core, in order. */
  calls: string[]
  /** Internal errors the server logged. */
  logs: string[]
  rendererDir: string
  /** A file beside the renderer folder that must never be served. */
  secretFile: string
  close(): Promise<void>
}

export async function startTestServer(opts: { core?: CoreLike; limits?: Partial<ServerLimits>; allowHosts?: string[] } = {}): Promise<TestServer> {
  const root = tempDir('chd-server-')
  const rendererDir = path.join(root, 'renderer')
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
  fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML)
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app-1a2b.js'), APP_JS)
  const secretFile = path.join(root, 'secret.txt')
  fs.writeFileSync(secretFile, 'SECRET')
  const own = opts.core ? null : openCore(path.join(root, 'data'))
  const core = opts.core ?? own!
  const calls: string[] = []
  const logs: string[] = []
  const app = createBrowserServer({
    core: {
      call: (method, input, caller) => {
        calls.push(method)
        return core.call(method, input, caller)
      },
      settle: core.settle?.bind(core),
      admit: core.admit?.bind(core),
    },
    rendererDir,
    hosts: hostAllowList({ listen: '127.0.0.1', extra: opts.allowHosts }),
    limits: opts.limits,
    log: (m) => logs.push(m),
  })
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve))
  const port = (app.server.address() as AddressInfo).port
  return {
    port,
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/`,
    app,
    calls,
    logs,
    rendererDir,
    secretFile,
    async close() {
      await app.shutdown(0)
      own?.close()
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}

export interface RawResponse {
  /** 0 when no complete response came (see `error`). */
  status: number
  headers: Record<string, string>
  body: string
  /** How the exchange ended without a response: 'closed', 'timeout' or a socket error code. */
  error?: string
}

/** The first complete response in `buf`; a response to HEAD has no body whatever its Content-Length. */
function parseResponse(buf: Buffer, head: boolean): { response: RawResponse; length: number } | null {
  let start = 0
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', start)
    if (end === -1) return null
    const lines = buf.subarray(start, end).toString('latin1').split('\r\n')
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0)
    const headers: Record<string, string> = {}
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':')
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = Buffer.from(line.slice(i + 1).trim(), 'latin1').toString('utf8')
    }
    // Interim answers (100 Continue) come before the real one.
    if (status >= 100 && status < 200) {
      start = end + 4
      continue
    }
    const length = head ? 0 : Number(headers['content-length'] ?? 0)
    if (buf.length < end + 4 + length) return null
    return { response: { status, headers, body: buf.subarray(end + 4, end + 4 + length).toString('utf8') }, length: end + 4 + length }
  }
}

/**
 * Sends `request` (bytes, or a function writing to the socket at its own pace) and resolves with
 * the first complete response, or with status 0 and why none came within `timeoutMs`.
 */
export function rawRequest(
  port: number,
  request: string | Buffer | ((socket: net.Socket) => Promise<void> | void),
  opts: { timeoutMs?: number; onData?: (received: Buffer) => void } = {},
): Promise<RawResponse> {
  const head = typeof request !== 'function' && (typeof request === 'string' ? request : request.toString('latin1', 0, 5)).startsWith('HEAD ')
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let done = false
    const finish = (r: RawResponse) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve(r)
    }
    const timer = setTimeout(() => finish({ status: 0, headers: {}, body: received.toString('utf8'), error: 'timeout' }), opts.timeoutMs ?? 10_000)
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      opts.onData?.(received)
      const parsed = parseResponse(received, head)
      if (parsed) finish(parsed.response)
    })
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // A write error after the answer arrived is the server closing on a body it refused.
      const parsed = parseResponse(received, head)
      finish(parsed ? parsed.response : { status: 0, headers: {}, body: received.toString('utf8'), error: e.code ?? e.message })
    })
    socket.on('close', () => {
      const parsed = parseResponse(received, head)
      finish(parsed ? parsed.response : { status: 0, headers: {}, body: received.toString('utf8'), error: 'closed' })
    })
    socket.on('connect', () => {
      if (typeof request === 'function') void Promise.resolve(request(socket)).catch(() => undefined)
      else socket.write(request)
    })
  })
}

/** An API request as raw text, with the given extra header lines and body. */
export function apiRequest(host: string, method: string, body: string | Buffer, headers: string[] = []): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  const head = [`POST /api/${method} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/json', `Content-Length: ${bytes.length}`, ...headers]
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), bytes])
}

/** POST /api/<method> with fetch, as the renderer does; resolves with status and parsed reply. */
export async function callApi(server: Pick<TestServer, 'url'>, method: string, input: unknown = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  })
  return { status: res.status, headers: res.headers, reply: (await res.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } } }
}

/** Writes `bytes` in chunks, waiting for the socket to drain between them; stops if it closes. */
export async function writeInChunks(socket: net.Socket, bytes: Buffer, chunk = 64 * 1024): Promise<void> {
  for (let i = 0; i < bytes.length && !socket.destroyed; i += chunk) {
    if (socket.write(bytes.subarray(i, i + chunk))) continue
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off('drain', done)
        socket.off('close', done)
        resolve()
      }
      socket.on('drain', done)
      socket.on('close', done)
    })
  }
}
