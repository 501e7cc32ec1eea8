// The packaging configuration (electron-builder.json) and what it packs: valid for the pinned
// electron-builder, the product name, a per-user Chinese NSIS installer with shortcuts, nothing
// published or updated online, every referenced image present and in the format its user wants,
// and the electron-vite build laid out where package.json `main` and the main process look.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import viteConfig from '../../electron.vite.config'
import { APP_ID } from '../../src/main/app-id'
import { CSP } from '../../src/main/csp'
import { REPO, tempDir } from './helpers/store-fixture'

const require = createRequire(import.meta.url)
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'))
const config = JSON.parse(fs.readFileSync(path.join(REPO, 'electron-builder.json'), 'utf8'))
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).equals(PNG), 'PNG signature').toBe(true)
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR')
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }
}

/** The images in an .ico: size and whether each is a PNG or a 32-bit bitmap. */
function icoEntries(buf: Buffer): Array<{ size: number; kind: 'png' | 'bmp' }> {
  expect(buf.readUInt16LE(0)).toBe(0)
  expect(buf.readUInt16LE(2)).toBe(1)
  const n = buf.readUInt16LE(4)
  const out: Array<{ size: number; kind: 'png' | 'bmp' }> = []
  for (let i = 0; i < n; i++) {
    const e = 6 + 16 * i
    const size = buf[e] || 256
    const bytes = buf.readUInt32LE(e + 8)
    const offset = buf.readUInt32LE(e + 12)
    expect(offset + bytes).toBeLessThanOrEqual(buf.length)
    const body = buf.subarray(offset, offset + bytes)
    if (body.subarray(0, 8).equals(PNG)) {
      expect(pngSize(body)).toEqual({ width: size, height: size })
      out.push({ size, kind: 'png' })
    } else {
      expect(body.readUInt32LE(0)).toBe(40) // BITMAPINFOHEADER
      expect(body.readInt32LE(4)).toBe(size)
      expect(body.readInt32LE(8)).toBe(size * 2)
      expect(body.readUInt16LE(14)).toBe(32)
      out.push({ size, kind: 'bmp' })
    }
  }
  return out
}

/** What NSIS's MUI needs: an uncompressed 24-bit BMP of the given size. */
function expectBmp24(buf: Buffer, width: number, height: number): void {
  expect(buf.toString('ascii', 0, 2)).toBe('BM')
  expect(buf.readUInt32LE(2)).toBe(buf.length)
  expect(buf.readInt32LE(18)).toBe(width)
  expect(buf.readInt32LE(22)).toBe(height)
  expect(buf.readUInt16LE(28)).toBe(24)
  expect(buf.readUInt32LE(30)).toBe(0)
}

const read = (rel: string) => fs.readFileSync(path.join(REPO, rel))

describe('electron-builder.json', () => {
  it('is valid for the pinned electron-builder (its own schema check)', async () => {
    expect(pkg.devDependencies['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/)
    // The check electron-builder runs before packaging, from the package it depends on.
    const fromBuilder = createRequire(require.resolve('electron-builder'))
    const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (c: unknown, log: { isEnabled: boolean; add: () => void }) => Promise<void>
    }
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, perMachineTypo: true } }, { isEnabled: false, add: () => undefined })).rejects.toThrow()
  })

  it('names the product 清洁取暖改造工作台 everywhere, with the app id the shell uses', () => {
    expect(config.productName).toBe('清洁取暖改造工作台')
    expect(pkg.productName).toBe(config.productName)
    expect(config.nsis.shortcutName).toBe(config.productName)
    expect(config.nsis.uninstallDisplayName).toBe(config.productName)
    expect(config.appId).toBe(APP_ID)
  })

  it('a Windows NSIS installer: per-user without administrator by default, in Chinese, with desktop and start-menu shortcuts, keeping the data on uninstall', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }])
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      selectPerMachineByDefault: false,
      installerLanguages: ['zh_CN'],
      language: '2052',
      unicode: true,
      multiLanguageInstaller: false,
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
    })
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
  })

  it('publishes nowhere and updates nothing: no provider, no updater, no update files', () => {
    expect(config.publish).toBeNull()
    for (const part of ['win', 'nsis', 'linux', 'mac']) expect(config[part].publish, part).toBeUndefined()
    expect(config.detectUpdateChannel).toBe(false)
    expect(config.generateUpdatesFilesForAllChannels).toBe(false)
    expect(config.nsis.differentialPackage).toBe(false)
    const deps = { ...pkg.dependencies, ...pkg.devDependencies }
    expect(Object.keys(deps).filter((d) => /updater|update-electron/.test(d))).toEqual([])
    expect(JSON.stringify(config)).not.toMatch(/https?:\/\//)
    // Nothing native to rebuild, so nothing is fetched for it either.
    expect(config.npmRebuild).toBe(false)
  })

  it('every referenced resource exists in the format its user reads', () => {
    const icoFiles = new Set([config.win.icon, config.nsis.installerIcon, config.nsis.uninstallerIcon])
    expect([...icoFiles]).toEqual(['resources/icon.ico'])
    const ico = icoEntries(read('resources/icon.ico'))
    expect(ico.map((e) => e.size)).toEqual([16, 20, 24, 32, 40, 48, 64, 128, 256])
    // Small sizes as bitmaps, which every Windows version and NSIS read.
    expect(ico.filter((e) => e.size <= 64).every((e) => e.kind === 'bmp')).toBe(true)

    expectBmp24(read(config.nsis.installerSidebar), 164, 314)
    expectBmp24(read(config.nsis.uninstallerSidebar), 164, 314)
    expectBmp24(read(config.nsis.installerHeader), 150, 57)

    const icns = read(config.mac.icon)
    expect(icns.toString('ascii', 0, 4)).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const types: string[] = []
    for (let off = 8; off < icns.length; off += icns.readUInt32BE(off + 4)) types.push(icns.toString('ascii', off, off + 4))
    expect(types).toEqual(expect.arrayContaining(['icp4', 'icp5', 'ic07', 'ic08', 'ic09', 'ic10']))

    const linuxIcons = path.join(REPO, config.linux.icon)
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(fs.readFileSync(path.join(linuxIcons, `${size}x${size}.png`)))).toEqual({ width: size, height: size })
    }
    for (const { from } of config.extraResources as Array<{ from: string }>) expect(fs.existsSync(path.join(REPO, from)), from).toBe(true)
    expect(read('resources/help/使用说明.html').toString('utf8')).toContain('<title>清洁取暖改造工作台 · 使用说明</title>')
    // Each image can be made again from its committed source.
    for (const svg of ['icon.svg', 'icon-small.svg', 'installer-sidebar.svg', 'installer-header.svg']) expect(fs.existsSync(path.join(REPO, 'resources', svg)), svg).toBe(true)
    expect(pkg.scripts.icons).toBe('node scripts/make-icons.mjs')
  })

  it('packs the build output and package.json, and where the packaged shell looks for its resources', () => {
    expect(config.files).toEqual(['out/**/*', 'package.json', '!out/**/*.map'])
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'resources' })
    // src/main/paths.ts: <resourcesPath>/resources/help and …/icons/256x256.png.
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        { from: 'resources/help', to: 'resources/help' },
        { from: 'resources/icons/256x256.png', to: 'resources/icons/256x256.png' },
      ]),
    )
  })
})

describe('the electron-vite build', () => {
  it('puts the main process where package.json `main` points, with the preload and page beside it where it looks', () => {
    const main = viteConfig.main as { build: { rollupOptions: { input: Record<string, string> } } }
    expect(main.build.rollupOptions.input.index).toBe(path.join(REPO, 'src/main/index.ts'))
    const preload = viteConfig.preload as { build: { rollupOptions: { output: { format: string; entryFileNames: string } } } }
    expect(preload.build.rollupOptions.output).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs' })

    const root = tempDir('vite-build-')
    dirs.push(root)
    const outDir = path.join(root, 'out')
    const bin = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
    const r = spawnSync(process.execPath, [bin, 'build', '--outDir', outDir], { cwd: REPO, encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)

    // package.json main is relative to the app root, which holds out/ as built.
    expect(pkg.main).toBe('out/main/index.js')
    const mainJs = path.join(root, pkg.main)
    expect(fs.existsSync(mainJs)).toBe(true)
    const bundle = fs.readFileSync(mainJs, 'utf8')
    expect(bundle).toContain('"../preload/index.cjs"')
    expect(bundle).toContain('"../renderer/index.html"')
    expect(fs.existsSync(path.join(path.dirname(mainJs), '../preload/index.cjs'))).toBe(true)
    const html = fs.readFileSync(path.join(path.dirname(mainJs), '../renderer/index.html'), 'utf8')
    expect(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]).toBe(CSP)
    // The browser-mode server is built beside it (scripts/lib/build.mjs runs it from there).
    expect(fs.existsSync(path.join(outDir, 'main', 'server.js'))).toBe(true)
  })
})

describe('npm run dist', () => {
  it('without an Electron runtime to package, stops at once with one line saying why', async () => {
    const cache = tempDir('electron-cache-')
    dirs.push(cache)
    // A target whose runtime the installed electron package cannot supply, a cache with nothing
    // in it, and a download host that refuses connections.
    const target = process.platform === 'win32' ? '--linux' : '--win'
    const child = spawn(process.execPath, [path.join(REPO, 'scripts/dist.mjs'), target], {
      cwd: REPO,
      env: { ...process.env, ELECTRON_CACHE: cache, ELECTRON_MIRROR: 'http://127.0.0.1:9/' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(stdout).toBe('') // it did not start building or packaging
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('无法打包')
    expect(lines[0]).toContain(`electron-v${pkg.devDependencies.electron}-${target === '--win' ? 'win32' : 'linux'}-x64.zip`)
    expect(lines[0]).toContain('127.0.0.1:9')
  })
})
