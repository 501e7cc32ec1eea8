// Playwright fixtures: each test gets its own temp data folder and its own browser-mode server
// (`out/main/server.js`, built beforehand), plus helpers for screenshots, fault injection and
// direct API calls.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test as base, expect, type Page } from '@playwright/test'

export { expect }

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const SERVER_JS = path.join(ROOT, 'out', 'main', 'server.js')
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots')
const START_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 10_000
const LOG_LIMIT = 200_000

type Exit = { code: number | null; signal: NodeJS.Signals | null }

export interface Server {
  /** Base URL ending in `/`, e.g. `http://127.0.0.1:41234/`. */
  url: string
  dataDir: string
  /** Everything the server printed so far (stdout and stderr interleaved, tail kept). */
  log(): string
  /** SIGTERM, then SIGKILL after 10 s; resolves with how it exited. Safe to call twice. */
  stop(): Promise<Exit>
}

const running = new Set<Server>()
/** Servers that exited without being asked to, and how. */
const crashes = new WeakMap<Server, Exit>()

const describeExit = (e: Exit) => (e.signal ? `signal ${e.signal}` : `code ${e.code}`)

/**
 * Starts `node out/main/server.js --data <dataDir> --port 0 ...extraArgs` and waits for the
 * line with its URL. Rejects (with the server's output) if it exits first or takes over 20 s.
 * The `server` fixture uses this; call it directly to restart on the same data folder.
 * Servers still running when a test ends are stopped for it.
 */
export async function startServer(dataDir: string, extraArgs: string[] = []): Promise<Server> {
  if (!existsSync(SERVER_JS)) {
    throw new Error(`${path.relative(ROOT, SERVER_JS)} 不存在：请先运行 npm run build（not built; run npm run build first）`)
  }
  const child: ChildProcess = spawn(process.execPath, [SERVER_JS, '--data', dataDir, '--port', '0', ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8')
    if (output.length > LOG_LIMIT) output = output.slice(-LOG_LIMIT)
  }
  // Keep draining both pipes for the server's whole life, or it blocks once a pipe fills up.
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }))
  })

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    const fail = (why: string) => {
      cleanup()
      reject(new Error(`浏览器模式服务器未能启动（server did not start）：${why}\n--- server output ---\n${output}`))
    }
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
      const match = /https?:\/\/\S+/.exec(stdout)
      if (match && stdout.slice(match.index).includes('\n')) {
        cleanup()
        resolve(match[0].endsWith('/') ? match[0] : `${match[0]}/`)
      }
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited with ${describeExit({ code, signal })}`)
    const onError = (err: Error) => fail(err.message)
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(`no URL on stdout within ${START_TIMEOUT_MS / 1000} s`)
    }, START_TIMEOUT_MS)
    const cleanup = () => {
      clearTimeout(timer)
      child.stdout!.off('data', onData)
      child.off('exit', onExit)
      child.off('error', onError)
    }
    child.stdout!.on('data', onData)
    child.on('exit', onExit)
    child.on('error', onError)
  })

  let stopping: Promise<Exit> | undefined
  const server: Server = {
    url,
    dataDir,
    log: () => output,
    stop() {
      stopping ??= (async () => {
        running.delete(server)
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM')
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
          const result = await exited
          clearTimeout(timer)
          return result
        }
        return exited
      })()
      return stopping
    },
  }
  running.add(server)
  void exited.then((exit) => {
    if (!stopping) {
      crashes.set(server, exit)
      running.delete(server)
    }
  })
  return server
}

export const test = base.extend<{ dataDir: string; server: Server; stopLeftoverServers: void }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test asks for from this pattern
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chd-e2e-'))
    await use(dir)
    // Servers a test started itself on this folder must let go of it first.
    await Promise.all([...running].map((s) => s.stop()))
    await rm(dir, { recursive: true, force: true })
  },

  server: async ({ dataDir }, use, testInfo) => {
    const server = await startServer(dataDir)
    await use(server)
    const crash = crashes.get(server)
    const exit = await server.stop()
    if (testInfo.status !== testInfo.expectedStatus || crash || exit.code !== 0) {
      await testInfo.attach('server.log', { body: server.log(), contentType: 'text/plain' })
    }
    if (testInfo.status === testInfo.expectedStatus) {
      if (crash) throw new Error(`服务器在测试中途退出（server exited during the test: ${describeExit(crash)}）\n${server.log()}`)
      if (exit.code !== 0) throw new Error(`服务器未能正常关闭（server did not shut down cleanly on SIGTERM: ${describeExit(exit)}）\n${server.log()}`)
    }
  },

  stopLeftoverServers: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use()
      await Promise.all([...running].map((s) => s.stop()))
    },
    { auto: true },
  ],
})

/** Saves a full-page PNG to test-results/screenshots/<name>.png (kept as a CI artifact). */
export async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`)
  await mkdir(path.dirname(file), { recursive: true })
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/**
 * Overwrites an existing file with text that is not valid JSON (fault injection). Throws if
 * the file is missing, so a test cannot pass by corrupting a file the app never reads.
 */
export async function corruptFile(file: string, content = '{"corrupt": tru'): Promise<void> {
  if (!existsSync(file)) {
    let siblings: string[] = []
    try {
      siblings = readdirSync(path.dirname(file))
    } catch {
      // the folder is missing too
    }
    throw new Error(`corruptFile: ${file} does not exist (folder holds: ${siblings.join(', ') || 'nothing'})`)
  }
  await writeFile(file, content)
}

/**
 * `POST <url>api/<method>` with `input` as the JSON body (`{}` when omitted); resolves with the
 * parsed JSON response whatever the HTTP status, so tests can check error replies too.
 */
export async function apiCall<T = unknown>(server: Pick<Server, 'url'>, method: string, input?: unknown): Promise<T> {
  const res = await fetch(`${server.url}api/${encodeURIComponent(method)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input ?? {}),
  })
  const text = await res.text()
  try {
    return JSON.parse(text) as T
  } catch {
    throw new Error(`apiCall ${method}: HTTP ${res.status}, not JSON: ${text.slice(0, 500)}`)
  }
}

/**
 * Collects uncaught page errors and console errors (React warnings, failed requests). A refused
 * API call (HTTP 4xx from /api/) is the core saying no to bad input, which the page shows; the
 * browser logs it as a failed resource, so it is left out here.
 */
export function watchConsole(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    const refused = /status of 4\d\d/.test(m.text()) && new URL(m.location().url || 'http://x/').pathname.startsWith('/api/')
    if (!refused) problems.push(`console: ${m.text()} (${m.location().url})`)
  })
  return problems
}

/** A screenshot of the whole page from its top (see `shot`). */
export async function snap(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0))
  await shot(page, name)
}

/**
 * The page as it prints (its print stylesheet, A4 as its @page rule says) to
 * test-results/screenshots/<name>.pdf, and each printed page as <name>-N.png to look at.
 * Returns the number of pages.
 */
export async function printShot(page: Page, name: string): Promise<number> {
  const pdf = path.join(SCREENSHOTS, `${name}.pdf`)
  await mkdir(path.dirname(pdf), { recursive: true })
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true })
  const png = spawnSync('pdftoppm', ['-png', '-r', '60', pdf, pdf.replace(/\.pdf$/, '')], { encoding: 'utf8' })
  if (png.status !== 0) throw new Error(`pdftoppm ${pdf}: ${png.stderr}`)
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' })
  return Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1] ?? 0)
}

interface Reply<T> {
  ok: boolean
  result: T
  error?: { message: string }
}

/** A call that must succeed: its result (the test fails with the core's message otherwise). */
export async function apiOk<T>(server: Pick<Server, 'url'>, method: string, input?: unknown): Promise<T> {
  const r = await apiCall<Reply<T>>(server, method, input)
  expect(r.ok, `${method}: ${r.error?.message}`).toBe(true)
  return r.result
}

/** YYYY-MM-DD plus n days. */
export function addDays(ymd: string, n: number): string {
  const d = new Date(`${ymd}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
