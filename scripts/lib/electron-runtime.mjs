// Where electron-builder would get the Electron runtime for a target: a folder given with
// --electron-dist, the installed electron package (same platform), its download cache, or the
// download host. Lets `npm run dist` say in one line that it cannot package, instead of failing
// a minute later with a network stack trace.
import { existsSync, readdirSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const BINARY = { win32: 'electron.exe', linux: 'electron', darwin: 'Electron.app' }

export function zipName(version, platform, arch) {
  return `electron-v${version}-${platform}-${arch}.zip`
}

/** @electron/get's cache folders: ELECTRON_CACHE, else the per-user cache of each system. */
export function cacheDirs(env = process.env) {
  if (env.ELECTRON_CACHE) return [env.ELECTRON_CACHE]
  const home = os.homedir()
  if (process.platform === 'win32') return [path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'electron', 'Cache')]
  if (process.platform === 'darwin') return [path.join(home, 'Library', 'Caches', 'electron')]
  return [path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'electron')]
}

/** The cached zip (directly in a cache folder, or in one of its per-URL subfolders), or null. */
export function findCachedZip(name, dirs) {
  for (const dir of dirs) {
    if (existsSync(path.join(dir, name))) return path.join(dir, name)
    let subs = []
    try {
      subs = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())
    } catch {
      continue
    }
    for (const s of subs) {
      const file = path.join(dir, s.name, name)
      if (existsSync(file) && statSync(file).size > 0) return file
    }
  }
  return null
}

/** A folder holding an unpacked Electron for `platform`, or null. */
export function isElectronDist(dir, platform) {
  return Boolean(dir && existsSync(path.join(dir, BINARY[platform] ?? 'electron')))
}

/** Where the runtime is downloaded from (ELECTRON_MIRROR as @electron/get reads it). */
export function downloadBase(version, env = process.env) {
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'https://github.com/electron/electron/releases/download/'
  const dir = env.ELECTRON_CUSTOM_DIR || `v${version}`
  return `${mirror.endsWith('/') ? mirror : `${mirror}/`}${dir}/`
}

/** null when `url`'s host answers at all (any HTTP status), else why not. */
export async function unreachable(url, timeoutMs = 10_000) {
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
    return null
  } catch (e) {
    const cause = e?.cause?.code ?? e?.cause?.message ?? e?.name ?? String(e)
    return cause === 'TimeoutError' ? `${timeoutMs / 1000} 秒无应答` : cause
  }
}
