// The browser-mode request pipeline. A request passes, in order: its target, its Host; for the
// API its method, origin, content type, size and JSON shape; only then does it reach
// `core.call`. Every refusal gets its status (a 4xx, or 503 when busy or stopping) with a Chinese
// message and the security headers; no request can throw past this file, hold the process or
// make it buffer more than its limits.

import http from 'node:http'
import type { Duplex } from 'node:stream'
import { type MethodName, methods } from '../core/contract'
import type { LoginResult } from '../core/methods/accounts'
import type { MethodDef } from '../core/methods/schemas'
import { AppError, type ErrorCode, type SerializedError, serializeError } from '../core/errors'
import { INPUT_MAX_DEPTH, INPUT_MAX_VALUES, UPLOAD_INPUT_BYTES, UPLOAD_METHODS, inputByteLimit } from '../core/input-limits'
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy'
import { type HostAllowList, type HostPort, parseHost } from './hosts'
import { HttpError } from './http-error'
import { type Caller, localCaller } from '../core/api'
import { parseJsonBody } from './json-body'
import { serveStatic } from './static-files'

/** What the server needs of the core: `Core` itself, or a stand-in in tests (which has no accounts). */
export interface CoreLike {
  call(method: string, input: unknown, caller?: Caller): Promise<unknown>
  /** The caller a session token stands for (see Core.settle). */
  settle?(token: string | undefined, from: string | undefined, local: boolean): Caller
  /** Throws when the caller may not use the method at all (see Core.admit). */
  admit?(method: MethodName, caller: Caller): void
}

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export const SESSION_COOKIE = 'chd_session'

/** Whether an address is this machine (127.0.0.0/8, ::1, or IPv4 over IPv6 of those). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const a = address.startsWith('::ffff:') ? address.slice(7) : address
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a)
}

function sessionToken(req: http.IncomingMessage): string | undefined {
  const header = single(req, 'cookie')
  if (!header) return undefined
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i !== -1 && part.slice(0, i).trim() === SESSION_COOKIE) return part.slice(i + 1).trim() || undefined
  }
  return undefined
}

function sessionCookie(token: string, maxAge: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`
}

const CLEAR_COOKIE = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`

export interface ServerLimits {
  /** All of a request's headers must arrive within this (slowloris). */
  headersTimeoutMs: number
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number
  /** A body that sends nothing for this long is refused with 408. */
  bodyIdleMs: number
  /** After answering a request whose body is still coming: how long to read and drop the rest
   * before closing, so the client reads the answer instead of a connection reset. */
  lingerMs: number
  /** Request bodies held in memory at once, all requests together; past it, 503. */
  bufferedBytes: number
  maxUrlLength: number
}

export const DEFAULT_LIMITS: ServerLimits = {
  headersTimeoutMs: 20_000,
  // A 64 MB upload over a slow office network.
  requestTimeoutMs: 120_000,
  bodyIdleMs: 30_000,
  lingerMs: 5_000,
  bufferedBytes: 2 * UPLOAD_INPUT_BYTES + 32 * 1024 * 1024,
  maxUrlLength: 4096,
}

export interface BrowserServerOptions {
  core: CoreLike
  /** The built renderer (index.html and assets/). */
  rendererDir: string
  hosts: HostAllowList
  limits?: Partial<ServerLimits>
  /** Where internal errors are written; console.error by default. */
  log?: (message: string) => void
}

export interface BrowserServer {
  readonly server: http.Server
  /** Another server with the same pipeline, for a second address (the network one, once allowed). */
  attach(): http.Server
  /**
   * Stops accepting, refuses requests still sending their body, and waits up to `graceMs` for
   * calls already in the core to answer; then closes every connection.
   */
  shutdown(graceMs: number): Promise<void>
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

/** One request and what the server has done with it so far. */
interface Exchange {
  req: http.IncomingMessage
  res: http.ServerResponse
  api: boolean
  /** The client asked `Expect: 100-continue` and has not been told to go on: its body will not come. */
  awaitingContinue: boolean
  /** Set while the body is being read: ends the read with this refusal. */
  failRead: ((e: HttpError) => void) | null
  /** Bytes of its body held in memory, counted against the shared budget until it closes. */
  held: number
  /** It sent a session cookie that no longer stands for a session. */
  staleSession?: boolean
}

const clip = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max)}…` : text)

function statusOfCode(code: ErrorCode): number {
  if (code === 'not_found') return 404
  if (code === 'unauthenticated') return 401
  if (code === 'forbidden') return 403
  if (code === 'rate_limited') return 429
  if (code === 'internal') return 500
  if (code === 'store_locked' || code === 'store_corrupt' || code === 'store_too_new') return 503
  return 400
}

/** The single value of a header; a header sent twice is refused, as browsers never do it. */
function single(req: http.IncomingMessage, name: string): string | undefined {
  const values = req.headersDistinct[name]
  if (values === undefined) return undefined
  if (values.length !== 1) throw new HttpError(400, `请求中的 ${name} 头重复。`)
  return values[0]
}

/** The percent-decoded path segments of a request target; refuses anything that is not a plain path. */
function parseTarget(url: string, maxLength: number): string[] {
  if (url.length > maxLength) throw new HttpError(414, `请求地址过长（超过 ${maxLength} 个字符）。`)
  if (!url.startsWith('/')) throw new HttpError(400, '请求地址无效：应以 / 开头。')
  const pathPart = url.split(/[?#]/, 1)[0]!
  return pathPart
    .split('/')
    .slice(1)
    .map((segment) => {
      let decoded: string
      try {
        decoded = decodeURIComponent(segment)
      } catch {
        throw new HttpError(400, '请求地址中的百分号编码（%）无效。')
      }
      // Encoded separators, NUL and other controls, and dot segments are how a path escapes its folder.
      if (decoded === '.' || decoded === '..' || /[/\\\u0000-\u001f\u007f]/.test(decoded)) {
        throw new HttpError(400, '请求地址无效。')
      }
      return decoded
    })
}

/** The host part of an `Origin` (exactly `http://host:port`) or a `Referer` (`http://host:port/…`). */
function originHost(value: string, header: 'origin' | 'referer'): HostPort | null {
  const m = (header === 'origin' ? /^http:\/\/([^/?#]*)$/i : /^http:\/\/([^/?#]*)(?:[/?#]|$)/i).exec(value)
  return m ? parseHost(m[1]!) : null
}

const sameHost = (a: HostPort, b: HostPort) => a.name === b.name && (a.port ?? 80) === (b.port ?? 80)

/** The server, not yet listening: the caller picks the port and address. */
export function createBrowserServer(opts: BrowserServerOptions): BrowserServer {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...opts.limits }
  const log = opts.log ?? ((message: string) => console.error(message))
  const rendererDir = opts.rendererDir
  const active = new WeakMap<Duplex, Exchange>()
  /** Sockets answered outside any request (a malformed one): nothing more is written to them. */
  const answered = new WeakSet<Duplex>()
  /** Sockets whose request was answered while its body was still coming, until that body ends. */
  const draining = new WeakSet<Duplex>()
  const calls = new Set<Promise<unknown>>()
  const reading = new Set<Exchange>()
  let buffered = 0
  let stopping = false

  /** Closes `socket` after a while unless `done` comes first; meanwhile what the client sends is read and dropped. */
  function closeLater(socket: Duplex, done?: http.IncomingMessage): void {
    const timer = setTimeout(() => socket.destroy(), limits.lingerMs)
    timer.unref()
    socket.once('close', () => clearTimeout(timer))
    done?.once('end', () => clearTimeout(timer))
  }

  /** An answer written straight to the socket, for requests Node could not parse. */
  function answerRaw(socket: Duplex, status: number, message: string): void {
    if (answered.has(socket)) return
    if (!socket.writable) {
      socket.destroy()
      return
    }
    const body = Buffer.from(`${message}\n`)
    const head = [
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`,
      'content-type: text/plain; charset=utf-8',
      `content-length: ${body.length}`,
      'cache-control: no-store',
      'connection: close',
      ...Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}`),
    ]
    answered.add(socket)
    socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]))
    closeLater(socket)
  }

  function answer(ex: Exchange, status: number, error: SerializedError, headers: Record<string, string>, close: boolean): void {
    const { res } = ex
    const text = ex.api ? JSON.stringify({ ok: false, error }) : `${error.message}\n`
    res.writeHead(status, {
      ...headers,
      'content-type': ex.api ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
      ...(close || ex.awaitingContinue || stopping ? { connection: 'close' } : {}),
    })
    res.end(text)
  }

  function fail(ex: Exchange, e: unknown): void {
    if (ex.res.headersSent) {
      // Too late for an answer (a file stream broke off): the client sees the connection end.
      ex.res.destroy()
      return
    }
    if (e instanceof HttpError) {
      answer(ex, e.status, serializeError(new AppError(e.code, e.message)), e.headers, e.close)
      return
    }
    const error = serializeError(e)
    if (error.code === 'internal') log(e instanceof Error ? (e.stack ?? e.message) : String(e))
    // A session that is no more: the browser forgets its cookie.
    const headers: Record<string, string> = error.code === 'unauthenticated' && ex.staleSession ? { 'set-cookie': CLEAR_COOKIE } : {}
    answer(ex, statusOfCode(error.code), error, headers, false)
  }

  function checkHost(req: http.IncomingMessage): HostPort {
    const value = single(req, 'host')
    if (!value) throw new HttpError(400, '请求缺少 Host 头。')
    const host = parseHost(value)
    if (!host || !opts.hosts.allows(host.name)) {
      throw new HttpError(421, `本服务器不以“${clip(value)}”这个名称提供服务（Host 头不在允许之列）。如确需用这个名称访问，请用 --allow-host 启动服务器。`)
    }
    return host
  }

  /** CSRF: only this page may call the API; scripts and tests that send no Origin are let through. */
  function checkOrigin(req: http.IncomingMessage, host: HostPort): void {
    const refused = new HttpError(403, '拒绝来自其他网站的请求。')
    const origin = single(req, 'origin')
    if (origin !== undefined) {
      const from = originHost(origin, 'origin')
      if (!from || !sameHost(from, host)) throw refused
      return
    }
    const site = single(req, 'sec-fetch-site')
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw refused
    const referer = single(req, 'referer')
    if (referer !== undefined) {
      const from = originHost(referer, 'referer')
      if (!from || !sameHost(from, host)) throw refused
    }
  }

  /** JSON only: a form on another site cannot send it without asking first, which is refused. */
  function checkJsonType(req: http.IncomingMessage): void {
    const [type, ...params] = (single(req, 'content-type') ?? '').split(';').map((s) => s.trim().toLowerCase())
    if (type !== 'application/json') throw new HttpError(415, '只接受 JSON 格式（Content-Type: application/json）的请求。')
    const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '')
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new HttpError(415, '只接受 UTF-8 编码的 JSON。')
  }

  function tooLarge(method: MethodName): HttpError {
    const mb = Math.round(inputByteLimit(method) / 1024 / 1024)
    // An uploaded file travels as base64, a third larger than the file itself.
    const message = UPLOAD_METHODS.has(method)
      ? `上传的文件过大：此操作的请求最多 ${mb} MB，即文件最大约 ${Math.floor((mb * 3) / 4)} MB。`
      : `请求内容过大：此操作最多接受 ${mb} MB。`
    return new HttpError(413, message)
  }

  /** The body, refused past `limit` bytes, past the shared memory budget, or when it stalls. */
  function readBody(ex: Exchange, method: MethodName): Promise<Buffer> {
    const limit = inputByteLimit(method)
    const { req } = ex
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      let size = 0
      const idle = setTimeout(() => finish(new HttpError(408, '请求内容发送超时。', { close: true })), limits.bodyIdleMs)
      const finish = (e: HttpError | null) => {
        clearTimeout(idle)
        req.off('data', onData)
        req.off('end', onEnd)
        req.off('close', onClose)
        ex.failRead = null
        reading.delete(ex)
        // Dropped chunks are garbage; the budget is given back when the exchange closes.
        if (e) reject(e)
        else resolve(Buffer.concat(chunks, size))
      }
      const onData = (chunk: Buffer) => {
        size += chunk.length
        if (size > limit) return finish(tooLarge(method))
        if (buffered + chunk.length > limits.bufferedBytes) {
          return finish(new HttpError(503, '服务器正忙（同时上传的内容过多），请稍后再试。', { headers: { 'retry-after': '10' } }))
        }
        buffered += chunk.length
        ex.held += chunk.length
        chunks.push(chunk)
        idle.refresh()
      }
      const onEnd = () => finish(null)
      const onClose = () => finish(new HttpError(400, '请求在发送完之前中断。', { close: true }))
      ex.failRead = finish
      reading.add(ex)
      req.on('data', onData)
      req.once('end', onEnd)
      req.once('close', onClose)
    })
  }

  async function handleApi(ex: Exchange, segments: string[], host: HostPort): Promise<void> {
    const { req, res } = ex
    const name = segments[1]
    if (segments.length !== 2 || !name) throw new HttpError(404, '请求地址应为 /api/<操作名>。')
    if (req.method !== 'POST') throw new HttpError(405, '只接受 POST 请求。', { headers: { allow: 'POST' } })
    checkOrigin(req, host)
    checkJsonType(req)
    if (!Object.hasOwn(methods, name)) throw new HttpError(404, `没有名为 ${clip(name)} 的操作。`)
    const method = name as MethodName
    // Who is calling is settled here, before a byte of the body is read: a request without a
    // session, or whose role may not use the method, is answered 401/403 at once.
    const from = req.socket.remoteAddress ?? undefined
    const token = sessionToken(req)
    const caller: Caller = opts.core.settle ? opts.core.settle(token, from, isLoopbackAddress(from)) : { who: localCaller().who, from }
    if (token && !caller.account) ex.staleSession = true
    opts.core.admit?.(method, caller)
    const declared = single(req, 'content-length')
    if (declared !== undefined && Number(declared) > inputByteLimit(method)) throw tooLarge(method)
    if (ex.awaitingContinue) {
      res.writeContinue()
      ex.awaitingContinue = false
    }
    const input = parseJsonBody(await readBody(ex, method), { maxDepth: INPUT_MAX_DEPTH, maxValues: INPUT_MAX_VALUES })
    const call = opts.core.call(method, input, caller)
    calls.add(call)
    try {
      let result = await call
      const headers: Record<string, string> = {}
      // The session's token goes into an HttpOnly cookie; the page never sees it.
      const session = (methods[method] as MethodDef).session
      if (session === 'start') {
        const { session: granted, ...rest } = result as LoginResult
        headers['set-cookie'] = sessionCookie(granted.token, granted.maxAge)
        result = rest
      } else if (session === 'end') headers['set-cookie'] = CLEAR_COOKIE
      const text = JSON.stringify({ ok: true, result })
      res.writeHead(200, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
        ...(stopping ? { connection: 'close' } : {}),
      })
      res.end(text)
    } finally {
      calls.delete(call)
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, expectsContinue: boolean): Promise<void> {
    const url = req.url ?? ''
    const ex: Exchange = { req, res, api: url.startsWith('/api/') || url === '/api', awaitingContinue: expectsContinue, failRead: null, held: 0 }
    const socket = req.socket
    active.set(socket, ex)
    res.once('close', () => {
      buffered -= ex.held
      if (active.get(socket) === ex) active.delete(socket)
    })
    // Answered before its body arrived: Node reads and drops the rest, so the connection can
    // serve the next request; a body that does not end soon gets the connection closed.
    res.once('finish', () => {
      if (req.complete || socket.destroyed) return
      draining.add(socket)
      req.once('end', () => draining.delete(socket))
      closeLater(socket, req)
    })
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
    try {
      if (stopping) throw new HttpError(503, '服务器正在关闭，请稍后再试。', { close: true })
      const segments = parseTarget(url, limits.maxUrlLength)
      const host = checkHost(req)
      if (ex.api) await handleApi(ex, segments, host)
      else await serveStatic(req, res, segments, rendererDir)
    } catch (e) {
      fail(ex, e)
    }
  }

  /** A listening server with this pipeline; `attach` makes more (another address) sharing it. */
  function makeServer(): http.Server {
    const server = http.createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        connectionsCheckingInterval: Math.max(100, Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4),
        maxHeaderSize: 16 * 1024,
        // Refused below, in Chinese, like every other request.
        requireHostHeader: false,
      },
      (req, res) => void handle(req, res, false),
    )
    server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => void handle(req, res, true))
    server.on('checkExpectation', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const ex: Exchange = { req, res, api: (req.url ?? '').startsWith('/api/'), awaitingContinue: true, failRead: null, held: 0 }
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
      fail(ex, new HttpError(417, '不支持请求中的 Expect 头。', { close: true }))
    })
    server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => answerRaw(socket, 405, '不支持 CONNECT 请求。'))
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
        socket.destroy()
        return
      }
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
      const message =
        status === 431 ? '请求头过大。' : status === 408 ? '请求发送超时。' : `请求格式错误（${clip(err.code ?? err.message, 60)}）。`
      const ex = active.get(socket)
      // Already answered: the parser keeps failing on whatever else arrives while the socket drains.
      if (answered.has(socket)) return
      if (ex?.failRead) ex.failRead(new HttpError(status, message, { close: true }))
      else if (ex || draining.has(socket)) socket.destroy()
      else answerRaw(socket, status, message)
    })
    return server
  }

  const servers = [makeServer()]

  return {
    server: servers[0]!,
    attach() {
      const server = makeServer()
      servers.push(server)
      return server
    },
    async shutdown(graceMs: number): Promise<void> {
      stopping = true
      for (const server of servers) server.close()
      for (const ex of [...reading]) ex.failRead?.(new HttpError(503, '服务器正在关闭，请稍后再试。', { close: true }))
      for (const server of servers) server.closeIdleConnections()
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs)
      })
      await Promise.race([Promise.allSettled([...calls]), grace])
      clearTimeout(timer)
      for (const server of servers) server.closeAllConnections()
    },
  }
}
