// Browser mode: the same renderer served over HTTP, with `window.api` calls as POST /api/:method.
// This file is the process around the pipeline in http.ts: options, the data folder, signals.

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Core } from '../core/api'
import { serializeError } from '../core/errors'
import pkg from '../../package.json'
import { type HostAllowList, hostAllowList, isWildcard } from './hosts'
import { createBrowserServer, isLoopbackAddress } from './http'
import { STOP_SIGNALS, signalStopper } from './signals'

/** How long a stop waits for calls already in the core before closing it anyway. */
const SHUTDOWN_GRACE_MS = 5_000
const USAGE = '用法：server.js --data 数据文件夹 [--port 端口] [--host 地址] [--allow-host 名称[,名称…]]'

interface Options {
  data: string
  port: number
  host: string
  hosts: HostAllowList
}

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

function readOptions(): Options {
  let values: { data?: string; port?: string; host?: string; 'allow-host'?: string[] }
  try {
    ;({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
      },
    }))
  } catch (e) {
    usageError(`参数有误：${(e as Error).message}`)
  }
  if (!values.data) usageError('缺少 --data。')
  const port = Number(values.port ?? 5180)
  if (!Number.isInteger(port) || port < 0 || port > 65535) usageError(`端口无效：${values.port}`)
  const host = values.host ?? '127.0.0.1'
  const extra = (values['allow-host'] ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)
  try {
    return { data: values.data, port, host, hosts: hostAllowList({ listen: host, extra }) }
  } catch (e) {
    usageError(`--host 或 --allow-host 有误：${(e as Error).message}`)
  }
}

/** Loopback addresses and names: serving them is not the network mode. */
function isLoopbackName(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host)
}

function main(): void {
  const opts = readOptions()
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url))
  let core: Core
  try {
    core = new Core({ dataDir: opts.data, version: pkg.version })
  } catch (e) {
    console.error(serializeError(e).message)
    process.exit(1)
  }
  if (core.error) console.error(`警告：${core.error.message}`)
  // The office network is served only once the folder has accounts: until the administrator is
  // created (设置 → 账号, from this machine), the server answers on loopback alone.
  const network = !isLoopbackName(opts.host)
  let waiting = network && !core.accountsOn
  let port = opts.port
  const gated = {
    settle: core.settle.bind(core),
    admit: core.admit.bind(core),
    async call(method: string, input: unknown, caller?: Parameters<Core['call']>[2]) {
      const result = await core.call(method, input, caller)
      if (waiting && core.accountsOn) openNetwork()
      return result
    },
  }
  const app = createBrowserServer({ core: gated, rendererDir, hosts: opts.hosts })
  const refuse = (host: string) => (e: NodeJS.ErrnoException) => {
    const why = e.code === 'EADDRINUSE' ? '端口已被占用' : e.message
    console.error(`无法在 ${host}:${port} 上启动：${why}`)
    core.close()
    process.exit(1)
  }
  const url = (host: string) => `http://${host.includes(':') ? `[${host}]` : host}:${port}/`

  function openNetwork(): void {
    waiting = false
    // A wildcard address covers loopback too, so the loopback listener makes way for it.
    const server = isWildcard(opts.host) ? app.server : app.attach()
    if (server === app.server) server.close()
    server.once('error', refuse(opts.host))
    server.listen(port, opts.host, () => {
      const where = isWildcard(opts.host) ? `本机的各个网络地址（端口 ${port}）` : url(opts.host)
      console.log(`管理员账号已建立：网络模式开始在 ${where} 上提供服务，每个人须用自己的账号登录。`)
    })
  }

  const listenOn = waiting ? '127.0.0.1' : opts.host
  app.server.once('error', refuse(listenOn))
  app.server.listen(opts.port, listenOn, () => {
    const addr = app.server.address()
    port = typeof addr === 'object' && addr ? addr.port : opts.port
    const shown = isWildcard(listenOn) ? '127.0.0.1' : listenOn
    console.log(`浏览器模式已启动：${url(shown)}`)
    console.log(`数据文件夹（data folder）：${path.resolve(opts.data)}`)
    if (waiting) {
      console.log(`网络模式（--host ${opts.host}）须先有管理员账号：请在本机浏览器打开 ${url(shown)}，在“设置 → 账号”中建立管理员；建立后自动开始在 ${opts.host} 上提供服务。在此之前只接受本机访问。`)
    } else if (network) {
      console.log('本数据文件夹已启用账号：每个人须用自己的账号登录。')
    }
    console.log(`接受的访问名称（Host）：${opts.hosts.names().join('、')}（其他名称用 --allow-host 添加）`)
  })

  const onSignal = signalStopper({
    async stop() {
      await app.shutdown(SHUTDOWN_GRACE_MS)
      try {
        core.close()
        return 0
      } catch (e) {
        console.error(`关闭数据文件夹时出错：${serializeError(e).message}`)
        return 1
      }
    },
    exit: (code) => process.exit(code),
    say: (line) => console.error(line),
  })
  for (const signal of STOP_SIGNALS) process.on(signal, () => onSignal(signal))
}

main()
