// The Electron shell (src/main) with Electron replaced by a small fake and a real core on a temp
// data folder: one instance, the window's locked-down preferences, CSP, denied permissions, no
// navigation or new windows, IPC refused from anywhere but the app page, the save / import /
// print handlers, and the menu's items.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./helpers/fake-electron'))

import { type Desk, startApp } from '../../src/main/app'
import { RefusedCall } from '../../src/main/ipc'
import { CSP } from '../../src/main/csp'
import { isAppPage } from '../../src/main/security'
import { CHANNELS } from '../../src/preload/bridge'
import {
  BrowserWindow,
  FakeWebContents,
  Menu,
  asFake,
  app,
  dialog,
  fakeEvent,
  fakeRoot,
  ipcMain,
  resetFakeElectron,
  session,
  shell,
} from './helpers/fake-electron'
import { REPO, tempDir } from './helpers/store-fixture'

const PAGE = pathToFileURL(path.join(REPO, 'src/renderer/index.html')).href
const FROM_PAGE = { url: `${PAGE}#/imports` }
const EVIL = { url: 'https://evil.example/' }

let desk: Desk | null = null
const dirs: string[] = []

async function start(): Promise<Desk> {
  desk = await startApp()
  if (!desk) throw new Error('the app did not start')
  return desk
}

beforeEach(() => {
  resetFakeElectron()
  // Refused IPC calls are logged; here they are the point of the test.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})

afterEach(() => {
  vi.restoreAllMocks()
  try {
    desk?.host.close()
  } catch {
    // already closed by the test
  }
  desk = null
  fs.rmSync(fakeRoot(), { recursive: true, force: true })
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

function win(): BrowserWindow {
  const w = BrowserWindow.instances[0]
  if (!w) throw new Error('no window')
  return w
}

describe('start-up', () => {
  it('a second instance quits at once, opening neither data nor window; the first comes to the front', async () => {
    app.singleInstance = false
    expect(await startApp()).toBeNull()
    expect(app.quitCalls).toBe(1)
    expect(BrowserWindow.instances).toHaveLength(0)
    expect(ipcMain.handlers.size).toBe(0)
    expect(fs.existsSync(path.join(app.getPath('userData'), 'data'))).toBe(false)

    resetFakeElectron()
    const d = await start()
    asFake(d.window).minimized = true
    app.emit('second-instance', fakeEvent(), [], '')
    expect(asFake(d.window).minimized).toBe(false)
    expect(asFake(d.window).focused).toBe(1)
  })

  it('opens one window on the app page with a sandboxed, isolated, Node-less page and the preload only', async () => {
    const d = await start()
    expect(BrowserWindow.instances).toHaveLength(1)
    expect(asFake(d.window).loadedUrl).toBe(PAGE)
    const prefs = asFake(d.window).options.webPreferences
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    })
    expect(prefs.preload).toBe(path.join(REPO, 'src/preload/index.cjs'))
    expect(asFake(d.window).options.show).toBe(false)
    asFake(d.window).emit('ready-to-show')
    expect(asFake(d.window).shown).toBe(true)
    expect(d.host.dataDir).toBe(path.join(app.getPath('userData'), 'data'))
  })

  it('an installed app ignores ELECTRON_RENDERER_URL and has no developer tools', async () => {
    app.isPackaged = true
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://evil.example:5173/')
    // Set by Electron in a packaged app: where app.asar and extraResources are.
    const proc = process as { resourcesPath?: string }
    proc.resourcesPath = path.join(fakeRoot(), 'app-resources')
    try {
      const d = await start()
      expect(asFake(d.window).loadedUrl).toBe(pathToFileURL(path.join(REPO, 'src/renderer/index.html')).href)
      expect(asFake(d.window).options.webPreferences.devTools).toBe(false)
      if (process.platform === 'linux') expect(asFake(d.window).options.icon).toBe(path.join(proc.resourcesPath, 'resources', 'icons', '256x256.png'))
    } finally {
      vi.unstubAllEnvs()
      delete proc.resourcesPath
    }
  })
})

describe('the page stays in its box', () => {
  it('every response carries the strict CSP, the same as the page’s meta tag', async () => {
    await start()
    const listener = session.defaultSession.headersListener!
    let headers: Record<string, string[]> | undefined
    listener({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders))
    expect(headers!['Content-Security-Policy']).toEqual([CSP])
    expect(headers!['Content-Type']).toEqual(['text/html'])

    const directives = new Map(CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]))
    expect(directives.get('default-src')).toEqual(["'none'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(CSP).not.toContain('unsafe-eval')

    const html = fs.readFileSync(path.join(REPO, 'src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(CSP)
  })

  it('denies every permission request and check, device access and downloads', async () => {
    await start()
    const ses = session.defaultSession
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'midi', 'openExternal', 'fullscreen', 'pointerLock', 'hid', 'serial']) {
      const granted = await new Promise<boolean>((resolve) => ses.permissionRequestHandler!(win().webContents, permission, resolve))
      expect(granted, permission).toBe(false)
      expect(ses.permissionCheckHandler!(win().webContents, permission, 'file://', {}), permission).toBe(false)
    }
    expect(ses.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false)
    const download = fakeEvent()
    ses.emit('will-download', download, {}, win().webContents)
    expect(download.defaultPrevented).toBe(true)
  })

  it('blocks navigation away from the app page, new windows and <webview>; web links go to the system browser', async () => {
    await start()
    const wc = win().webContents
    expect(wc.tryNavigate('https://example.com/')).toBe(false)
    expect(wc.tryNavigate('file:///etc/passwd')).toBe(false)
    expect(wc.tryNavigate(`${PAGE}#/reports/daily`)).toBe(true)
    const redirect = fakeEvent()
    wc.emit('will-redirect', redirect, 'https://example.com/')
    expect(redirect.defaultPrevented).toBe(true)

    expect(wc.windowOpenHandler!({ url: 'https://www.openstreetmap.org/copyright' })).toEqual({ action: 'deny' })
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.openstreetmap.org/copyright')
    shell.openExternal.mockClear()
    for (const url of ['file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'ms-settings:', 'smb://server/share', 'not a url']) {
      expect(wc.windowOpenHandler!({ url })).toEqual({ action: 'deny' })
    }
    expect(shell.openExternal).not.toHaveBeenCalled()

    const webview = fakeEvent()
    wc.emit('will-attach-webview', webview, {}, {})
    expect(webview.defaultPrevented).toBe(true)

    // Any other web contents (devtools, a future window) gets the same rules.
    const other = new FakeWebContents()
    app.emit('web-contents-created', fakeEvent(), other)
    expect(other.tryNavigate('https://example.com/')).toBe(false)
    expect(other.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
  })
})

describe('which page is the app’s own', () => {
  it('the built page under any hash route, however its file URL is spelled; nothing else', () => {
    const page = pathToFileURL('/opt/清洁取暖改造工作台/resources/app.asar/out/renderer/index.html').href
    expect(page).toContain('%E6%B8%85') // Node percent-encodes; Chromium may report either form
    expect(isAppPage(`${page}#/reports/daily`, page)).toBe(true)
    expect(isAppPage('file:///opt/清洁取暖改造工作台/resources/app.asar/out/renderer/index.html#/settings', page)).toBe(true)
    expect(isAppPage('file:///opt/清洁取暖改造工作台/resources/app.asar/out/renderer/other.html', page)).toBe(false)
    expect(isAppPage(`${page}?x=1`, page)).toBe(false)
    expect(isAppPage('file://server/opt/清洁取暖改造工作台/resources/app.asar/out/renderer/index.html', page)).toBe(false)
    expect(isAppPage('https://evil.example/opt/index.html', page)).toBe(false)
    expect(isAppPage('not a url', page)).toBe(false)
    // The dev server's page: its origin.
    expect(isAppPage('http://localhost:5173/#/imports', 'http://localhost:5173/')).toBe(true)
    expect(isAppPage('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
  })
})

describe('IPC', () => {
  it('refuses every channel to another origin, a frame inside the page, or a frame that is gone', async () => {
    await start()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).filter((c) => c !== CHANNELS.menuImport).sort())
    for (const channel of ipcMain.handlers.keys()) {
      for (const from of [EVIL, { url: 'file:///tmp/other.html' }, { url: PAGE, subframe: true }, { url: null }]) {
        await expect(ipcMain.invoke(channel, from, 'settings.get', {}), `${channel} from ${JSON.stringify(from)}`).rejects.toBeInstanceOf(RefusedCall)
      }
    }
    // And nothing ran: a write from another origin did not happen.
    await expect(ipcMain.invoke('api', EVIL, 'settings.update', { unitName: '恶意单位' })).rejects.toBeInstanceOf(RefusedCall)
    const settings = await ipcMain.invoke('api', FROM_PAGE, 'settings.get', {})
    expect(settings.ok).toBe(true)
    expect(settings.result.unitName).not.toBe('恶意单位')
  })

  it('forwards any core method from the app page and answers its errors in Chinese; malformed calls are refused', async () => {
    await start()
    const saved = await ipcMain.invoke('api', FROM_PAGE, 'settings.update', { unitName: '尧都区清洁取暖办' })
    expect(saved).toMatchObject({ ok: true, result: { unitName: '尧都区清洁取暖办' } })
    const bad = await ipcMain.invoke('api', FROM_PAGE, 'settings.update', { backupsKept: 0 })
    expect(bad.ok).toBe(false)
    expect(bad.error.code).toBe('invalid_input')
    expect(bad.error.message).toMatch(/[\u4e00-\u9fff]/)
    expect((await ipcMain.invoke('api', FROM_PAGE, 'no.such', {})).error.code).toBe('not_found')
    await expect(ipcMain.invoke('api', FROM_PAGE, 42, {})).rejects.toBeInstanceOf(RefusedCall)
    await expect(ipcMain.invoke('api', FROM_PAGE, 'x'.repeat(101), {})).rejects.toBeInstanceOf(RefusedCall)
    await expect(ipcMain.invoke(CHANNELS.print, FROM_PAGE, { landscape: 'yes' })).rejects.toBeInstanceOf(RefusedCall)
    await expect(ipcMain.invoke(CHANNELS.print, FROM_PAGE, { landscape: true, silent: true })).rejects.toBeInstanceOf(RefusedCall)
  })
})

describe('saving a file the core produced', () => {
  it('writes only where the user chose; cancel writes nothing; the page’s name is only a suggestion', async () => {
    await start()
    const bytes = Buffer.from('PK\u0003\u0004 an xlsx')
    const docs = app.getPath('documents')

    const cancelled = await ipcMain.invoke(CHANNELS.saveFile, FROM_PAGE, '日报.xlsx', bytes.toString('base64'))
    expect(cancelled).toEqual({ ok: true, result: null })
    expect(fs.readdirSync(docs)).toEqual([])

    const target = path.join(tempDir('save-'), '尧都区日报.xlsx')
    dirs.push(path.dirname(target))
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target })
    const evilName = '../../../../tmp/evil-dir/日报.xlsx'
    const saved = await ipcMain.invoke(CHANNELS.saveFile, FROM_PAGE, evilName, bytes.toString('base64'))
    expect(saved).toEqual({ ok: true, result: target })
    expect(fs.readFileSync(target).equals(bytes)).toBe(true)
    const [, opts] = dialog.showSaveDialog.mock.calls[1] as [unknown, { defaultPath: string; filters: unknown[] }]
    // The suggestion is the bare name in 文档; nothing was written along the page's path.
    expect(opts.defaultPath).toBe(path.join(docs, '日报.xlsx'))
    expect(opts.filters).toEqual([{ name: 'XLSX', extensions: ['xlsx'] }])
    expect(fs.existsSync('/tmp/evil-dir')).toBe(false)
    expect(fs.readdirSync(docs)).toEqual([])

    // A dialog that hands back a relative path (it never should) is treated as cancelled.
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: 'relative.xlsx' })
    expect(await ipcMain.invoke(CHANNELS.saveFile, FROM_PAGE, 'a.xlsx', 'AA==')).toEqual({ ok: true, result: null })
    expect(fs.existsSync(path.join(process.cwd(), 'relative.xlsx'))).toBe(false)
  })
})

describe('importing picked files', () => {
  function dayFolder(): string {
    const dir = tempDir('day-')
    dirs.push(dir)
    fs.writeFileSync(path.join(dir, '屯里镇.csv'), '村名,日期\n西王村,2025-11-03\n')
    fs.writeFileSync(path.join(dir, '~$屯里镇.xlsx'), 'lock')
    fs.writeFileSync(path.join(dir, 'Thumbs.db'), 'x')
    fs.mkdirSync(path.join(dir, '补报'))
    fs.writeFileSync(path.join(dir, '补报', '段店乡.csv'), '村名\n')
    return dir
  }

  it('a day’s folder is read by the main process, file by file, into one import batch', async () => {
    await start()
    expect(await ipcMain.invoke(CHANNELS.pickImport, FROM_PAGE, 'folder')).toEqual({ ok: true, result: null })

    const dir = dayFolder()
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [dir] })
    const picked = await ipcMain.invoke(CHANNELS.pickImport, FROM_PAGE, 'folder')
    expect(picked.ok).toBe(true)
    const pick = picked.result
    expect(pick.files).toEqual(['补报/段店乡.csv', '屯里镇.csv'].sort((a, b) => a.localeCompare(b, 'zh-CN')))
    expect(pick.skipped.sort()).toEqual(['Thumbs.db', '~$屯里镇.xlsx'].sort())
    expect(JSON.stringify(pick)).not.toContain(dir) // the page never learns the paths

    const first = await ipcMain.invoke(CHANNELS.importPicked, FROM_PAGE, { pickId: pick.pickId, index: pick.files.indexOf('屯里镇.csv') })
    expect(first.ok).toBe(true)
    expect(first.result.file.fileName).toBe('屯里镇.csv')
    const second = await ipcMain.invoke(CHANNELS.importPicked, FROM_PAGE, { pickId: pick.pickId, index: pick.files.indexOf('补报/段店乡.csv'), sessionId: first.result.sessionId })
    expect(second.result.sessionId).toBe(first.result.sessionId)
    expect(second.result.file.fileName).toBe('段店乡.csv')
    const review = await ipcMain.invoke('api', FROM_PAGE, 'imports.review', { sessionId: first.result.sessionId })
    expect(review.result.files.map((f: { fileName: string }) => f.fileName).sort()).toEqual(['屯里镇.csv', '段店乡.csv'].sort())
  })

  it('files picked one by one; nothing outside the pick can be read, nor by another window', async () => {
    await start()
    const dir = dayFolder()
    const file = path.join(dir, '屯里镇.csv')
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] })
    const { result: pick } = await ipcMain.invoke(CHANNELS.pickImport, FROM_PAGE, 'files')
    expect(pick.files).toEqual(['屯里镇.csv'])
    const [, opts] = dialog.showOpenDialog.mock.calls[0] as [unknown, { properties: string[]; filters: Array<{ extensions: string[] }> }]
    expect(opts.properties).toEqual(['openFile', 'multiSelections'])
    expect(opts.filters[0]!.extensions).toContain('xlsx')

    const beyond = await ipcMain.invoke(CHANNELS.importPicked, FROM_PAGE, { pickId: pick.pickId, index: 1 })
    expect(beyond).toMatchObject({ ok: false, error: { code: 'not_found' } })
    const unknown = await ipcMain.invoke(CHANNELS.importPicked, FROM_PAGE, { pickId: '00000000-0000-4000-8000-000000000000', index: 0 })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } })
    // A path instead of a pick, or an extra field naming one, is not even looked at.
    await expect(ipcMain.invoke(CHANNELS.importPicked, FROM_PAGE, { pickId: '/etc/passwd', index: 0 })).rejects.toBeInstanceOf(RefusedCall)
    await expect(ipcMain.invoke(CHANNELS.importPicked, FROM_PAGE, { pickId: pick.pickId, index: 0, path: '/etc/passwd' })).rejects.toBeInstanceOf(RefusedCall)
    // Another window's page (same app page, other web contents) cannot use this window's pick.
    const other = new FakeWebContents()
    const foreign = await ipcMain.invoke(CHANNELS.importPicked, { url: PAGE, sender: other }, { pickId: pick.pickId, index: 0 })
    expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('a file that grew past the limit or went away is refused with its name', async () => {
    await start()
    const dir = dayFolder()
    const file = path.join(dir, '屯里镇.csv')
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] })
    const { result: pick } = await ipcMain.invoke(CHANNELS.pickImport, FROM_PAGE, 'files')
    fs.truncateSync(file, 65 * 1024 * 1024)
    const big = await ipcMain.invoke(CHANNELS.importPicked, FROM_PAGE, { pickId: pick.pickId, index: 0 })
    expect(big).toMatchObject({ ok: false, error: { code: 'unsupported_file', where: { file: '屯里镇.csv' } } })
    expect(big.error.message).toContain('64 MB')
    fs.rmSync(file)
    const gone = await ipcMain.invoke(CHANNELS.importPicked, FROM_PAGE, { pickId: pick.pickId, index: 0 })
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(gone.error.message).toContain('屯里镇.csv')
  })
})

describe('printing the preview', () => {
  it('prints through the system dialog, landscape with backgrounds; cancel and failure are told apart', async () => {
    await start()
    const wc = win().webContents
    expect(await ipcMain.invoke(CHANNELS.print, FROM_PAGE, { landscape: true })).toEqual({ ok: true, result: true })
    expect(wc.printCalls[0]).toMatchObject({ silent: false, printBackground: true, landscape: true })
    wc.printResult = { success: false, reason: 'Print job canceled' }
    expect(await ipcMain.invoke(CHANNELS.print, FROM_PAGE, { landscape: false })).toEqual({ ok: true, result: false })
    wc.printResult = { success: false, reason: 'Print job failed' }
    const failed = await ipcMain.invoke(CHANNELS.print, FROM_PAGE, { landscape: false })
    expect(failed.ok).toBe(false)
    expect(failed.error.message).toContain('打印失败')
  })

  it('saves the page as PDF where the user chose, and nowhere when cancelled', async () => {
    await start()
    const wc = win().webContents
    expect(await ipcMain.invoke(CHANNELS.printToPdf, FROM_PAGE, { fileName: '日报 2025-11-03', landscape: true })).toEqual({ ok: true, result: null })
    expect(wc.pdfCalls).toHaveLength(0)
    const target = path.join(tempDir('pdf-'), '日报.pdf')
    dirs.push(path.dirname(target))
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target })
    expect(await ipcMain.invoke(CHANNELS.printToPdf, FROM_PAGE, { fileName: '../日报 2025-11-03', landscape: true })).toEqual({ ok: true, result: target })
    expect(fs.readFileSync(target, 'utf8')).toMatch(/^%PDF/)
    expect(wc.pdfCalls[0]).toMatchObject({ landscape: true, printBackground: true, pageSize: 'A4' })
    const [, opts] = dialog.showSaveDialog.mock.calls[1] as [unknown, { defaultPath: string; filters: unknown[] }]
    expect(opts.defaultPath).toBe(path.join(app.getPath('documents'), '日报 2025-11-03.pdf'))
    expect(opts.filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }])
  })
})

describe('the application menu', () => {
  type Item = { label?: string; role?: string; type?: string; accelerator?: string; click?: () => void; submenu?: Item[] }
  const menu = () => (Menu.applicationMenu as { template: Item[] }).template
  const submenu = (label: string) => menu().find((m) => m.label?.startsWith(label))!.submenu!.filter((i) => i.type !== 'separator')
  const click = async (top: string, label: string) => {
    submenu(top)
      .find((i) => i.label === label)!
      .click!()
    // Actions run asynchronously (dialogs); let them finish.
    await new Promise((r) => setTimeout(r, 50))
  }

  it('is in Chinese, with 文件, 编辑, 视图 and 帮助 and the items the office needs', async () => {
    await start()
    expect(menu().map((m) => m.label)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)', '帮助(&H)'])
    expect(submenu('文件').map((i) => i.label)).toEqual(['导入报送文件夹…', '打开数据文件夹', '立即备份', '退出'])
    expect(submenu('编辑').map((i) => i.role)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
    expect(submenu('视图').map((i) => [i.label, i.role])).toEqual([
      ['放大', 'zoomIn'],
      ['缩小', 'zoomOut'],
      ['实际大小', 'resetZoom'],
      ['重新载入', 'reload'],
    ])
    expect(submenu('帮助').map((i) => i.label)).toEqual(['使用说明', '关于'])
  })

  it('文件 → 导入报送文件夹… picks a folder and hands the pick to the page', async () => {
    const d = await start()
    await click('文件', '导入报送文件夹…')
    expect(asFake(d.window).webContents.sent).toEqual([]) // cancelled
    const dir = tempDir('menu-day-')
    dirs.push(dir)
    fs.writeFileSync(path.join(dir, '乡宁县.xlsx'), 'x')
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [dir] })
    await click('文件', '导入报送文件夹…')
    const [, opts] = dialog.showOpenDialog.mock.calls[1] as [unknown, { properties: string[] }]
    expect(opts.properties).toEqual(['openDirectory'])
    expect(asFake(d.window).webContents.sent).toHaveLength(1)
    const { channel, args } = asFake(d.window).webContents.sent[0]!
    expect(channel).toBe(CHANNELS.menuImport)
    expect(args[0]).toMatchObject({ files: ['乡宁县.xlsx'], skipped: [] })
  })

  it('文件 → 打开数据文件夹, 立即备份, 退出; 帮助 → 使用说明, 关于', async () => {
    const d = await start()
    await click('文件', '打开数据文件夹')
    expect(shell.openPath).toHaveBeenCalledWith(d.host.dataDir)

    await ipcMain.invoke('api', FROM_PAGE, 'settings.update', { unitName: '乡宁县清洁取暖办' })
    await click('文件', '立即备份')
    const backups = (await ipcMain.invoke('api', FROM_PAGE, 'backups.list', {})).result as Array<{ reason: string; note?: string }>
    expect(backups).toHaveLength(1)
    expect(backups[0]).toMatchObject({ reason: 'manual', note: '菜单“立即备份”' })
    const shown = dialog.showMessageBox.mock.calls.at(-1)![1] as { message: string; detail: string }
    expect(shown.message).toBe('已备份')
    expect(shown.detail).toContain(path.join(d.host.dataDir, 'backups'))

    shell.openPath.mockClear()
    await click('帮助', '使用说明')
    const help = shell.openPath.mock.calls[0]![0]
    expect(help).toBe(path.join(REPO, 'resources', 'help', '使用说明.html'))
    expect(fs.readFileSync(help, 'utf8')).toContain('清洁取暖改造工作台')

    await click('帮助', '关于')
    const about = dialog.showMessageBox.mock.calls.at(-1)![1] as { message: string; detail: string }
    expect(about.message).toBe('清洁取暖改造工作台 0.1.0')
    expect(about.detail).toContain(d.host.dataDir)

    await click('文件', '退出')
    await vi.waitFor(() => expect(app.quitted).toBe(true))
  })
})
