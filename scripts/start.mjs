// `npm start`: the Electron app, rebuilt first when src/ has changed. Where no Electron
// runtime is installed (common on office intranets), or there is no display to show it on,
// it falls back to browser mode with the defaults of `npm run serve`.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { ROOT, ensureBuilt, runBrowserMode } from './lib/build.mjs'

const require = createRequire(import.meta.url)

/**
 * Path of the Electron binary, or null. `require('electron')` tries to download the runtime
 * when it is missing, so it is only asked once electron's install step recorded a binary.
 */
function electronBinary() {
  let pkgDir
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'))
  } catch {
    return null
  }
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(path.join(pkgDir, 'path.txt'))) return null
  try {
    const bin = require('electron')
    return typeof bin === 'string' && existsSync(bin) ? bin : null
  } catch {
    return null
  }
}

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
}

const args = process.argv.slice(2)
await ensureBuilt()

const electron = electronBinary()
if (!electron) {
  console.log('未找到 Electron 运行时，改为浏览器模式启动（Electron runtime not found; starting browser mode）。')
  await runBrowserMode(args)
} else if (!hasDisplay()) {
  console.log('没有图形界面（未设置 DISPLAY），改为浏览器模式启动（no display; starting browser mode）。')
  await runBrowserMode(args)
} else {
  // Chromium refuses to run as root with its sandbox on.
  const sandbox = process.getuid?.() === 0 ? ['--no-sandbox'] : []
  const child = spawn(electron, ['.', ...sandbox, ...args], { cwd: ROOT, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('error', (err) => {
    console.error(`无法启动 Electron（cannot start Electron）：${err.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
