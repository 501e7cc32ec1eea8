// Helpers shared by the npm scripts: project paths, running local tools, rebuilding when
// out/ is stale, and starting the browser-mode server.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const SERVER_JS = path.join(ROOT, 'out', 'main', 'server.js')
export const DEFAULT_DATA_DIR = path.join(os.homedir(), '.clean-heating-desk', 'data')
export const DEFAULT_PORT = 5180

const require = createRequire(path.join(ROOT, 'package.json'))

/** The JS file behind a package's command (run with `node`, so it works the same on Windows). */
export function binScript(pkg, name = pkg) {
  const manifest = require.resolve(`${pkg}/package.json`)
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'))
  const rel = typeof bin === 'string' ? bin : bin?.[name]
  if (!rel) throw new Error(`${pkg} has no "${name}" command`)
  return path.join(path.dirname(manifest), rel)
}

/**
 * Runs `node <script> ...args` from the project root with inherited stdio and resolves with
 * its exit code (signal deaths count as 128 + signal number, as a shell reports them).
 */
export function runNode(script, args = [], { env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit', env })
    runNode.current = child
    child.on('error', (err) => {
      console.error(err.message)
      resolve(1)
    })
    child.on('exit', (code, signal) => {
      runNode.current = null
      resolve(code ?? 128 + (os.constants.signals[signal] ?? 0))
    })
  })
}
/** The child `runNode` is waiting for, so a caller can pass a signal on to it. */
runNode.current = null

function newestMtime(dir) {
  let newest = 0
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else if (entry.isFile()) newest = Math.max(newest, statSync(full).mtimeMs)
  }
  return newest
}

/** Why out/ needs a rebuild, or null when it is up to date with src/ and the build config. */
export function staleReason() {
  const outputs = ['out/main/index.js', 'out/main/server.js', 'out/renderer/index.html'].map((f) => path.join(ROOT, f))
  const missing = outputs.find((f) => !existsSync(f))
  if (missing) return `${path.relative(ROOT, missing)} 不存在（not built yet）`
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs))
  const configs = readdirSync(ROOT).filter((f) => f.startsWith('electron.vite.config.'))
  const sources = Math.max(newestMtime(path.join(ROOT, 'src')), ...configs.map((f) => statSync(path.join(ROOT, f)).mtimeMs))
  return sources > built ? 'src/ 比 out/ 新（sources changed since the last build）' : null
}

/** `electron-vite build`; resolves with its exit code. */
export function build() {
  return runNode(binScript('electron-vite'), ['build'])
}

/** Builds when out/ is missing or older than src/; exits the process if the build fails. */
export async function ensureBuilt() {
  const reason = staleReason()
  if (!reason) return
  console.log(`正在构建：${reason}（building with electron-vite）…`)
  const code = await build()
  if (code !== 0) {
    console.error(`构建失败，退出码 ${code}（build failed）`)
    process.exit(code)
  }
}

function optionValue(args, name) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return { index: i, length: 2, value: args[i + 1] }
    if (args[i].startsWith(`${name}=`)) return { index: i, length: 1, value: args[i].slice(name.length + 1) }
  }
  return null
}

/**
 * Runs `node out/main/server.js` in the foreground with `args` forwarded, filling in the
 * default data folder and port. Relative --data paths are taken from where npm was invoked.
 * Exits the process with the server's exit code.
 */
export async function runBrowserMode(args) {
  args = [...args]
  const data = optionValue(args, '--data')
  const cwd = process.env.INIT_CWD || process.cwd()
  let dataDir = DEFAULT_DATA_DIR
  if (data) {
    if (!data.value) {
      console.error('--data 需要一个文件夹路径（--data needs a folder）')
      process.exit(2)
    }
    dataDir = path.resolve(cwd, data.value)
    args.splice(data.index, data.length)
  }
  mkdirSync(dataDir, { recursive: true })
  if (!optionValue(args, '--port')) args.push('--port', String(DEFAULT_PORT))

  // POSIX: a new session, so a Ctrl+C in the terminal reaches the server once (from us) rather
  // than twice (from the terminal and from us), which could cut its shutdown short.
  const detached = process.platform !== 'win32'
  const child = spawn(process.execPath, [SERVER_JS, '--data', dataDir, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached,
  })
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  }
  process.on('SIGINT', () => forward('SIGINT'))
  process.on('SIGTERM', () => forward('SIGTERM'))
  process.on('SIGHUP', () => forward('SIGTERM'))
  process.on('exit', () => forward('SIGTERM'))
  const code = await new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(`无法启动服务器（cannot start the server）：${err.message}`)
      resolve(1)
    })
    child.on('exit', (c, signal) => resolve(c ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)))
  })
  process.exit(code)
}
