// Browser mode: the same renderer served over HTTP, with `window.api` calls as POST /api/:method.
// This file is the process around the pipeline in http.ts: options, the data folder, signals.

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Core } from '../core/api'
import { serializeError } from '../core/errors'
import pkg from '../../package.json'
import { type HostAllowList, hostAllowList, isWildcard } from './hosts'
import { createBrowserServer } from './http'
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
  const app = createBrowserServer({ core, rendererDir, hosts: opts.hosts })
  app.server.once('error', (e: NodeJS.ErrnoException) => {
    const why = e.code === 'EADDRINUSE' ? '端口已被占用' : e.message
    console.error(`无法在 ${opts.host}:${opts.port} 上启动：${why}`)
    core.close()
    process.exit(1)
  })
  app.server.listen(opts.port, opts.host, () => {
    const addr = app.server.address()
    const actual = typeof addr === 'object' && addr ? addr.port : opts.port
    const shown = isWildcard(opts.host) ? '127.0.0.1' : opts.host
    console.log(`浏览器模式已启动：http://${shown.includes(':') ? `[${shown}]` : shown}:${actual}/`)
    console.log(`数据文件夹（data folder）：${path.resolve(opts.data)}`)
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
