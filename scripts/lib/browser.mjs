// Finds the Chromium that Playwright drives (and LibreOffice for export checks) without
// downloading anything from Playwright's CDN, which office intranets and CI usually block.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Flags for Chromium in containers, CI and on machines without a GPU or network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

const APT_PACKAGES = ['chromium', 'fonts-noto-cjk']
const INSTALL_HINT = `sudo apt-get install -y ${APT_PACKAGES.join(' ')}`

function isExecutable(file) {
  try {
    if (!statSync(file).isFile()) return false
    if (process.platform !== 'win32') accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** First executable called `name` on PATH (with PATHEXT on Windows), or null. */
export function which(name) {
  const exts = process.platform === 'win32' ? ['', ...(process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : ['']
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    for (const ext of exts) {
      const file = path.join(dir, name + ext)
      if (isExecutable(file)) return file
    }
  }
  return null
}

async function playwrightChromium() {
  for (const mod of ['@playwright/test', 'playwright-core']) {
    try {
      const { chromium } = await import(mod)
      const file = chromium.executablePath()
      if (file && isExecutable(file)) return file
      return null
    } catch {
      // not installed under this name; try the next one
    }
  }
  return null
}

function systemChromium() {
  const fixed = {
    linux: ['/usr/bin/chromium'],
    darwin: [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
    win32: [
      `${process.env.PROGRAMFILES ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
      `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Microsoft\\Edge\\Application\\msedge.exe`,
    ],
  }[process.platform] ?? []
  for (const file of fixed) if (isExecutable(file)) return file
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const file = which(name)
    if (file) return file
  }
  return null
}

function canApt() {
  return process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0 && which('apt-get') !== null
}

function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  console.log(`正在安装 ${packages.join(' ')}（installing with apt-get）…`)
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env })
  if (update.status !== 0) return false
  const install = spawnSync('apt-get', ['install', '-y', ...packages], { stdio: 'inherit', env })
  return install.status === 0
}

/** True when fontconfig knows a font with Chinese glyphs (or when it cannot be asked). */
function hasCjkFont() {
  if (process.platform !== 'linux' || !which('fc-list')) return true
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' })
  return r.status !== 0 || r.stdout.trim() !== ''
}

function giveUp() {
  const hint = process.platform === 'linux' && which('apt-get') ? INSTALL_HINT : 'npx playwright install chromium'
  console.error(`未找到 Chromium 浏览器，请先运行：${hint}（Chromium not found; run: ${hint}）`)
  process.exit(1)
}

/**
 * Path of a Chromium to drive. Order: $CHROMIUM_PATH, Playwright's own download, the system's
 * Chromium/Chrome; then, with `install` and as root on Debian/Ubuntu, apt-get installs it.
 * Otherwise prints the command to run and exits with status 1.
 */
export async function findBrowser({ install = false } = {}) {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv
    console.error(`CHROMIUM_PATH=${fromEnv} 不存在或不可执行，改为自动查找（not executable; searching instead）`)
  }
  const found = (await playwrightChromium()) ?? systemChromium()
  if (found) {
    if (install && !hasCjkFont() && canApt()) aptInstall(['fonts-noto-cjk'])
    return found
  }
  if (install && canApt()) {
    if (aptInstall(APT_PACKAGES) && isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium'
  }
  return giveUp()
}

/** Path of LibreOffice's `soffice` (to open exported workbooks headless), or null. */
export function findLibreOffice() {
  for (const name of ['soffice', 'libreoffice']) {
    const file = which(name)
    if (file) return file
  }
  const fixed = [
    '/usr/lib/libreoffice/program/soffice',
    '/opt/libreoffice/program/soffice',
    '/Applications/LibreOffice.app/Contents/MacOS/soffice',
    `${process.env.PROGRAMFILES ?? 'C:\\Program Files'}\\LibreOffice\\program\\soffice.exe`,
  ]
  return fixed.find((file) => existsSync(file) && isExecutable(file)) ?? null
}

// `node scripts/lib/browser.mjs [--install]` prints what was found.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const browser = await findBrowser({ install: process.argv.includes('--install') })
  console.log(`chromium: ${browser}`)
  console.log(`libreoffice: ${findLibreOffice() ?? '(none)'}`)
}
