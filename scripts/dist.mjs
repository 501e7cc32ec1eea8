// `npm run dist [-- --win | --linux | --mac] [--electron-dist DIR] [electron-builder options]`:
// builds the app and packages it with electron-builder (electron-builder.json): the Windows
// NSIS installer, or the Linux AppImage and .deb, into dist/. The Electron runtime for the target
// comes from --electron-dist, the installed electron package (same system), the download cache,
// or the download host; when none is there this stops at once with one line saying so.
import path from 'node:path'
import { readFileSync } from 'node:fs'
import { ROOT, binScript, ensureBuilt, runNode } from './lib/build.mjs'
import { cacheDirs, downloadBase, findCachedZip, isElectronDist, unreachable, zipName } from './lib/electron-runtime.mjs'

const PLATFORMS = { '--win': 'win32', '--linux': 'linux', '--mac': 'darwin' }

function fail(line) {
  console.error(line)
  process.exit(1)
}

const args = process.argv.slice(2)
const passOn = []
const platforms = []
let electronDist = null
for (let i = 0; i < args.length; i++) {
  const a = args[i]
  if (a in PLATFORMS) {
    platforms.push(PLATFORMS[a])
    passOn.push(a)
  } else if (a === '--electron-dist') electronDist = args[++i] ?? ''
  else if (a.startsWith('--electron-dist=')) electronDist = a.slice('--electron-dist='.length)
  else passOn.push(a)
}
if (platforms.length === 0) platforms.push(process.platform)
if (platforms.length > 1 && electronDist !== null) fail('--electron-dist 只能用于一个目标系统（--electron-dist serves one target platform at a time）。')

const version = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version
const arch = 'x64'

if (electronDist !== null) {
  const dir = path.resolve(process.env.INIT_CWD || process.cwd(), electronDist)
  if (!isElectronDist(dir, platforms[0])) fail(`无法打包：${dir} 中没有 ${platforms[0]} 的 Electron 运行时（no Electron runtime in --electron-dist ${dir}）。`)
  passOn.push(`-c.electronDist=${dir}`)
} else {
  const installed = path.join(ROOT, 'node_modules', 'electron', 'dist')
  if (platforms.length === 1 && platforms[0] === process.platform && isElectronDist(installed, process.platform)) {
    passOn.push(`-c.electronDist=${installed}`)
  } else {
    const missing = platforms.map((p) => zipName(version, p, arch)).filter((zip) => !findCachedZip(zip, cacheDirs()))
    if (missing.length > 0) {
      const base = downloadBase(version)
      const why = await unreachable(base)
      if (why) {
        fail(
          `无法打包：没有 Electron ${version} 运行时（${missing.join('、')}），本机缓存 ${cacheDirs().join('、')} 中没有，也无法连接 ${new URL(base).host}（${why}）；请在能访问该地址的电脑上运行 npm run dist，或用 --electron-dist 指定已解压的运行时文件夹（Electron runtime not available: not cached and the download host is unreachable）。`,
        )
      }
    }
  }
}

await ensureBuilt()
process.exit(await runNode(binScript('electron-builder'), passOn))
