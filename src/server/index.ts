// Browser mode: the same renderer served over HTTP, with `window.api` calls as POST /api/:method.

import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Core } from '../core/api'
import { AppError, serializeError } from '../core/errors'
import pkg from '../../package.json'

const MAX_BODY = 256 * 1024 * 1024

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new AppError('invalid_input', '上传的内容过大（超过 256 MB）。'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

function statusOf(code: string): number {
  if (code === 'not_found') return 404
  if (code === 'internal') return 500
  if (code === 'store_locked' || code === 'store_corrupt' || code === 'store_too_new') return 503
  return 400
}

function createServer(core: Core, rendererDir: string): http.Server {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/api/')) {
      // JSON only: a plain HTML form from another site cannot send it (CSRF).
      if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 405, { ok: false, error: serializeError(new AppError('invalid_input', '只接受 JSON 格式的 POST 请求。')) })
        return
      }
      const origin = req.headers.origin
      if (origin && new URL(origin).host !== req.headers.host) {
        send(res, 403, { ok: false, error: serializeError(new AppError('invalid_input', '拒绝来自其他网站的请求。')) })
        return
      }
      try {
        const body = await readBody(req)
        let input: unknown = {}
        if (body.trim() !== '') {
          try {
            input = JSON.parse(body)
          } catch {
            throw new AppError('invalid_input', '请求内容不是有效的 JSON。')
          }
        }
        const result = await core.call(decodeURIComponent(url.pathname.slice(5)), input)
        send(res, 200, { ok: true, result })
      } catch (e) {
        const error = serializeError(e)
        if (error.code === 'internal') console.error(e)
        send(res, statusOf(error.code), { ok: false, error })
      }
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    const rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '')
    let file = path.join(rendererDir, rel)
    if (!file.startsWith(rendererDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(rendererDir, 'index.html')
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
    })
    fs.createReadStream(file).pipe(res)
  })
}

function main(): void {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
  })
  if (!values.data) {
    console.error('用法：server.js --data 数据文件夹 [--port 端口] [--host 地址]')
    process.exit(2)
  }
  const host = values.host ?? '127.0.0.1'
  const port = Number(values.port ?? 5180)
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url))
  let core: Core
  try {
    core = new Core({ dataDir: values.data, version: pkg.version })
  } catch (e) {
    console.error(serializeError(e).message)
    process.exit(1)
  }
  if (core.error) console.error(`警告：${core.error.message}`)
  const server = createServer(core, rendererDir)
  server.listen(port, host, () => {
    const addr = server.address()
    const actual = typeof addr === 'object' && addr ? addr.port : port
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
    console.log(`浏览器模式已启动：http://${shown.includes(':') ? `[${shown}]` : shown}:${actual}/`)
    console.log(`数据文件夹（data folder）：${path.resolve(values.data!)}`)
  })
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    server.close()
    server.closeAllConnections()
    core.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main()
