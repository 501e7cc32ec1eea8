// The browser-mode server for the network load test, in its own process: the real request
// pipeline (src/server/http.ts) over a Core on a copy of the city whose clock starts at 08:00 of
// the day after its last figures, with the accounts the test logs in as (made through the API
// before it listens; not timed). The core's permission checks are timed per call — settling the
// session, the role, the input's places, the answer's lists — through the seams Core leaves for
// that; the server prints `{"port": …}` when it listens and its timings on SIGTERM. With
// `--prepare` it only makes the accounts (a folder that has them already is served as it is).
//
//   node --import tsx bench/network-server.ts <dataDir> <lastFigureDate> <password> [--prepare]

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { Core, type Caller } from '../src/core/api'
import type { MethodName } from '../src/core/contract'
import { addDays } from '../src/core/domain/dates'
import type { Ctx } from '../src/core/services/context'
import { hostAllowList } from '../src/server/hosts'
import { createBrowserServer } from '../src/server/http'
import { isMain } from './lib'

export interface ServerTimings {
  /** per call: settle + admit (before the body and in Core.call) + the input's places + the answer's lists, ms */
  auth_ms: Record<string, number[]>
  /** per call: the whole of Core.call, ms */
  call_ms: Record<string, number[]>
}

/** The permission work of each call, summed on its caller (one object per request, made by settle). */
const spent = new WeakMap<Caller, number>()
const add = (caller: Caller, ms: number) => spent.set(caller, (spent.get(caller) ?? 0) + ms)

/** Core with its permission checks timed; what they decide is unchanged. */
class TimedCore extends Core {
  override settle(token: string | undefined, from?: string, local = false): Caller {
    const t = performance.now()
    const caller = super.settle(token, from, local)
    add(caller, performance.now() - t)
    return caller
  }

  override admit(name: MethodName, caller: Caller): void {
    const t = performance.now()
    try {
      super.admit(name, caller)
    } finally {
      add(caller, performance.now() - t)
    }
  }

  protected override authorize(ctx: Ctx, name: MethodName, input: Record<string, unknown>): void {
    const t = performance.now()
    try {
      super.authorize(ctx, name, input)
    } finally {
      add(ctx.caller, performance.now() - t)
    }
  }

  protected override narrow(ctx: Ctx, name: MethodName, result: unknown): unknown {
    const t = performance.now()
    try {
      return super.narrow(ctx, name, result)
    } finally {
      add(ctx.caller, performance.now() - t)
    }
  }
}

/** The accounts of the test: an administrator, an office clerk, one reporter per township. */
export const ADMIN_LOGIN = 'admin'
export const OFFICE_LOGIN = 'office'
export const reporterLogin = (township: string) => `t${township}`

async function main(): Promise<void> {
  const [dataDir, lastDate, password, mode] = process.argv.slice(2)
  if (!dataDir || !lastDate || !password) throw new Error('usage: network-server.ts <dataDir> <lastFigureDate> <password> [--prepare]')
  const day = addDays(lastDate, 1)
  const started = Date.now()
  const dayStart = new Date(`${day}T08:00:00`).getTime()
  const core = new TimedCore({ dataDir, version: 'bench', now: () => new Date(dayStart + (Date.now() - started)) })

  const townships = [...core.store!.values('divisions')].filter((d) => d.level === 'township').map((d) => d.code)
  if (!core.accountsOn) {
    const t = performance.now()
    await makeAccounts(core, password, townships)
    process.stderr.write(`  ${townships.length + 2} accounts made through the API in ${Math.round(performance.now() - t)} ms\n`)
  }
  if (mode === '--prepare') {
    core.close()
    console.log(JSON.stringify({ townships: townships.length }))
    return
  }

  const timings: ServerTimings = { auth_ms: {}, call_ms: {} }
  const record = (into: Record<string, number[]>, method: string, ms: number) => (into[method] ??= []).push(ms)
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-bench-renderer-'))
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>bench</title>\n')
  const app = createBrowserServer({
    core: {
      settle: core.settle.bind(core),
      admit: core.admit.bind(core),
      async call(method, input, caller) {
        const t = performance.now()
        try {
          return await core.call(method, input, caller)
        } finally {
          record(timings.call_ms, method, performance.now() - t)
          if (caller) record(timings.auth_ms, method, spent.get(caller) ?? 0)
        }
      },
    },
    rendererDir,
    hosts: hostAllowList({ listen: '127.0.0.1' }),
  })
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve))
  const addr = app.server.address()
  console.log(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0, day, townships }))

  process.once('SIGTERM', () => {
    void app.shutdown(5000).then(() => {
      core.close()
      fs.rmSync(rendererDir, { recursive: true, force: true })
      console.log(JSON.stringify(timings))
      process.exit(0)
    })
  })
}

/**
 * The test's accounts through the API, as an administrator would make them (the first by this
 * computer's user): an office clerk and a reporter per township, each having changed the password
 * it was given, as its first log-in asks.
 */
async function makeAccounts(core: Core, password: string, townships: readonly string[]): Promise<void> {
  const initial = `${password}-init`
  await core.api['accounts.create']({ login: ADMIN_LOGIN, name: '管理员', role: 'admin', scope: '', password })
  const { api: admin } = await signedIn(core, ADMIN_LOGIN, password)
  const people = [
    { login: OFFICE_LOGIN, name: '办公室', role: 'office' as const, scope: '' },
    ...townships.map((t) => ({ login: reporterLogin(t), name: `${core.store!.get('divisions', t)?.name ?? t}填报员`, role: 'reporter' as const, scope: t })),
  ]
  await Promise.all(people.map((p) => admin['accounts.create']({ ...p, password: initial })))
  await Promise.all(
    people.map(async (p) => {
      const { api } = await signedIn(core, p.login, initial)
      await api['auth.changePassword']({ current: initial, next: password })
    }),
  )
  core.store!.checkpoint()
}

/** The API as an account, its caller settled afresh on every call as the server does. */
async function signedIn(core: Core, login: string, password: string): Promise<{ api: Core['api'] }> {
  const r = (await core.call('auth.login', { login, password }, core.settle(undefined, '127.0.0.1'))) as { session: { token: string } }
  const token = r.session.token
  const api = new Proxy({} as Core['api'], {
    get: (_t, method: string) => (input: unknown) => core.call(method, input, core.settle(token, '127.0.0.1')),
  })
  return { api }
}

if (isMain(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
