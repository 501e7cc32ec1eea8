// The browser-mode server as its own process (src/server/index.ts under tsx, so it is always the
// current source): the requests that used to end it, and SIGTERM in the middle of a request,
// after which the data folder's lock is released and a new server opens it.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { rawRequest } from './helpers/browser-server'
import { tempDir } from './helpers/core'
import { lockFiles } from './helpers/store-fixture'

const REPO = path.resolve(import.meta.dirname, '../..')
const ENTRY = path.join(REPO, 'src/server/index.ts')

interface ServerProcess {
  proc: ChildProcessWithoutNullStreams
  port: number
  output(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const running = new Set<ServerProcess>()
const dirs: string[] = []
afterAll(() => {
  for (const p of running) p.proc.kill('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

async function startProcess(dataDir: string, extra: string[] = []): Promise<ServerProcess> {
  // NODE_ENV=test (set by vitest) would keep the store in memory; the real thing writes files.
  const proc = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--data', dataDir, '--port', '0', ...extra], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'production' },
  })
  let out = ''
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (out += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal })))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000)
    const check = () => {
      const m = /已启动：http:\/\/\S+?:(\d+)\//.exec(out)
      // The banner's last line: the lines between may come in a later chunk of the pipe.
      if (m && out.includes('接受的访问名称')) {
        clearTimeout(timer)
        proc.stdout.off('data', check)
        resolve(Number(m[1]))
      }
    }
    proc.stdout.on('data', check)
    void exited.then(() => reject(new Error(`server exited before starting:\n${out}`)))
  })
  const server = { proc, port, output: () => out, exited }
  running.add(server)
  void exited.then(() => running.delete(server))
  return server
}

async function appInfo(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/app.info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  return res.status
}

describe('the browser-mode process', () => {
  it('survives the requests that used to end it', async () => {
    const dir = tempDir('chd-server-proc-')
    dirs.push(dir)
    const server = await startProcess(dir)
    const host = `127.0.0.1:${server.port}`
    expect((await rawRequest(server.port, `GET /% HTTP/1.1\r\nHost: ${host}\r\n\r\n`)).status).toBe(400)
    const originNull = await rawRequest(server.port, `POST /api/app.info HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nOrigin: null\r\nContent-Length: 2\r\n\r\n{}`)
    expect(originNull.status).toBe(403)
    const rebinding = await rawRequest(server.port, `POST /api/households.get HTTP/1.1\r\nHost: attacker.example:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`)
    expect(rebinding.status).toBe(421)
    expect(await appInfo(server.port)).toBe(200)
    server.proc.kill('SIGTERM')
    expect(await server.exited).toEqual({ code: 0, signal: null })
  })

  it('stops on SIGTERM in the middle of a request, releasing the data folder', async () => {
    const dir = tempDir('chd-server-proc-')
    dirs.push(dir)
    const server = await startProcess(dir)
    const host = `127.0.0.1:${server.port}`
    expect(await appInfo(server.port)).toBe(200)
    expect(lockFiles(dir)).toHaveLength(1)
    // A call whose body is half sent, and an idle connection kept alive.
    const midBody = rawRequest(
      server.port,
      (socket) => void socket.write(`POST /api/settings.update HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"operator":`),
      { timeoutMs: 15_000 },
    )
    const idle = net.connect(server.port, '127.0.0.1')
    idle.write(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`)
    await new Promise((resolve) => idle.once('data', resolve))
    const idleClosed = new Promise((resolve) => idle.once('close', resolve))
    await new Promise((resolve) => setTimeout(resolve, 200))
    const started = Date.now()
    server.proc.kill('SIGTERM')
    const refused = await midBody
    expect(refused.status).toBe(503)
    await idleClosed
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(server.output()).toMatch(/正在关闭/)
    expect(lockFiles(dir)).toEqual([])

    const again = await startProcess(dir)
    expect(await appInfo(again.port)).toBe(200)
    again.proc.kill('SIGINT')
    expect(await again.exited).toEqual({ code: 0, signal: null })
    expect(lockFiles(dir)).toEqual([])
  })
})

/** One of this machine's own addresses on a network (not loopback), to serve the office network on. */
const NETWORK_ADDRESS = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address

describe('the network mode', () => {
  // A machine with no network interface at all cannot show this; every office PC and CI runner has one.
  it.runIf(NETWORK_ADDRESS)('serves the office network only once an administrator exists, and then only with a log-in', async () => {
    const dir = tempDir('chd-server-proc-')
    dirs.push(dir)
    const server = await startProcess(dir, ['--host', NETWORK_ADDRESS!])
    expect(server.output()).toContain('须先有管理员账号')
    const onNetwork = (path: string, body = '{}') =>
      fetch(`http://${NETWORK_ADDRESS}:${server.port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
        (r) => r.status,
        () => 'refused' as const,
      )
    expect(await onNetwork('/api/app.info')).toBe('refused')
    // From this machine, without accounts yet: the administrator is created in 设置 → 账号.
    expect(await appInfo(server.port)).toBe(200)
    const created = await fetch(`http://127.0.0.1:${server.port}/api/accounts.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', name: '王主任', role: 'admin', scope: '', password: 'Qingjie-2026' }),
    })
    expect(created.status).toBe(200)
    await expect.poll(() => onNetwork('/api/app.info'), { timeout: 5000 }).toBe(401)
    expect(server.output()).toContain('网络模式开始在')
    // Loopback still answers, and now asks for a log-in as well.
    expect(await appInfo(server.port)).toBe(401)
    expect(await onNetwork('/api/auth.login', JSON.stringify({ login: 'admin', password: 'Qingjie-2026' }))).toBe(200)
    server.proc.kill('SIGTERM')
    expect(await server.exited).toEqual({ code: 0, signal: null })

    // Started again on a folder that has its administrator: the network address at once.
    const again = await startProcess(dir, ['--host', NETWORK_ADDRESS!])
    expect(again.output()).not.toContain('须先有管理员账号')
    again.proc.kill('SIGTERM')
    await again.exited
  })
})
