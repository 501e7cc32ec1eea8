// The desktop shell and the data folder, with Electron faked and a real core: the backup taken on
// quit, the recovery dialog for a folder locked by another program or damaged (or written by a
// newer version), moving the data folder, and the remembered window position.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./helpers/fake-electron'))

import { Core } from '../../src/core/api'
import { type BackupInfo, listBackups as listBackupsOf } from '../../src/core/store/backups'
import { realFileOps } from '../../src/core/store/file-ops'
import { lockFiles } from './helpers/store-fixture'

const listBackups = (dataDir: string) => listBackupsOf(realFileOps, dataDir)
import { type Desk, startApp } from '../../src/main/app'
import { CoreHost } from '../../src/main/core-host'
import { DEFAULT_WINDOW, fitToDisplays, loadWindowState } from '../../src/main/window-state'
import { CHANNELS } from '../../src/preload/bridge'
import { BrowserWindow, app, asFake, dialog, fakeRoot, ipcMain, resetFakeElectron, screen, shell } from './helpers/fake-electron'
import { REPO, tempDir } from './helpers/store-fixture'

const FROM_PAGE = { url: `${pathToFileURL(path.join(REPO, 'src/renderer/index.html')).href}#/settings` }

const desks: Desk[] = []
const cores: Core[] = []
const dirs: string[] = []

async function start(): Promise<Desk | null> {
  const d = await startApp()
  if (d) desks.push(d)
  return d
}

async function started(): Promise<Desk> {
  const d = await start()
  if (!d) throw new Error('the app did not start')
  return d
}

function dataDir(): string {
  return path.join(app.getPath('userData'), 'data')
}

function core(dir: string): Core {
  const c = new Core({ dataDir: dir, version: '0.1.0' })
  cores.push(c)
  return c
}

function temp(prefix: string): string {
  const d = tempDir(prefix)
  dirs.push(d)
  return d
}

async function api(method: string, input: unknown = {}): Promise<any> {
  const r = await ipcMain.invoke('api', FROM_PAGE, method, input)
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
  return r.result
}

/** The message boxes shown so far: [options] whichever form (with or without a window) was used. */
function boxes(): Array<{ title?: string; message: string; detail?: string; buttons: string[] }> {
  return dialog.showMessageBox.mock.calls.map((args) => (args.length > 1 ? args[1] : args[0]) as never)
}

/** Answers the next message boxes in order with these button labels. */
function answer(...labels: string[]): void {
  const queue = [...labels]
  dialog.showMessageBox.mockImplementation(async (...args: unknown[]) => {
    const opts = (args.length > 1 ? args[1] : args[0]) as { buttons: string[] }
    const label = queue.shift()
    if (label === undefined) throw new Error(`unexpected dialog: ${JSON.stringify(opts)}`)
    const i = label === '#0' ? 0 : opts.buttons.indexOf(label)
    if (i < 0) throw new Error(`no button “${label}” in ${JSON.stringify(opts.buttons)}`)
    return { response: i, checkboxChecked: false }
  })
}

/** A fresh fake Electron as at the next start of the app, keeping userData (and the closed folder). */
function restartElectron(screens?: typeof screen.areas): void {
  const userData = app.getPath('userData')
  dirs.push(fakeRoot())
  resetFakeElectron()
  app.paths.userData = userData
  if (screens) screen.areas = screens
}

beforeEach(() => {
  resetFakeElectron()
})

afterEach(() => {
  for (const d of desks.splice(0)) {
    try {
      d.host.close()
    } catch {
      // closed by the test
    }
  }
  for (const c of cores.splice(0)) c.close()
  fs.rmSync(fakeRoot(), { recursive: true, force: true })
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('backup when the app quits', () => {
  it('after a change: an automatic backup, then the folder is closed and the app quits', async () => {
    const d = await started()
    await api('settings.update', { unitName: '吉县清洁取暖办' })
    expect(await api('backups.list')).toEqual([])
    app.quit()
    await vi.waitFor(() => expect(app.quitted).toBe(true))
    // Read without opening the folder (opening takes its own automatic backup when one is due).
    const list = listBackups(d.host.dataDir)
    expect(list.map((b) => b.reason)).toEqual(['quit'])
    expect(fs.readFileSync(path.join(d.host.dataDir, 'backups', list[0]!.id, 'db', 'settings.json'), 'utf8')).toContain('吉县清洁取暖办')
    // Closed: the lock is released and the folder opens again.
    expect(lockFiles(d.host.dataDir)).toEqual([])
    expect(core(d.host.dataDir).error).toBeNull()
  })

  it('with nothing written since the start (or since 立即备份) there is nothing new to keep', async () => {
    const d = await started()
    await api('settings.get')
    await api('settings.update', { unitName: '蒲县清洁取暖办' })
    await api('backups.create', { note: '手动' })
    app.quit()
    await vi.waitFor(() => expect(app.quitted).toBe(true))
    expect(listBackups(d.host.dataDir).map((b) => b.reason)).toEqual(['manual'])
  })

  it('the automatic rotation keeps the number set in 设置', async () => {
    const userData = app.getPath('userData')
    for (let i = 0; i < 4; i++) {
      if (i > 0) restartElectron()
      await started()
      if (i === 0) await api('settings.update', { backupsKept: 2 })
      else await api('settings.update', { unitName: `第 ${i} 次` })
      app.quit()
      await vi.waitFor(() => expect(app.quitted).toBe(true))
    }
    expect(listBackups(path.join(userData, 'data')).filter((b) => b.reason === 'quit' || b.reason === 'auto')).toHaveLength(2)
  })

  it('a backup that fails is reported, and the app still closes the folder and quits', async () => {
    const d = await started()
    await api('settings.update', { unitName: '大宁县' })
    // backups/ as a file: the copy cannot be made.
    fs.writeFileSync(path.join(d.host.dataDir, 'backups'), 'not a folder')
    app.quit()
    await vi.waitFor(() => expect(app.quitted).toBe(true))
    expect(dialog.showErrorBox).toHaveBeenCalledOnce()
    expect(dialog.showErrorBox.mock.calls[0]![0]).toBe('退出时自动备份失败')
    expect(lockFiles(d.host.dataDir)).toEqual([])
  })
})

describe('a data folder that cannot be opened', () => {
  it('locked by another program: the dialog offers retry, open the folder, quit; retry works once it is free', async () => {
    const holder = core(dataDir())
    answer('打开数据文件夹', '重试')
    // After the folder was opened for a look, the other program is closed before the retry.
    shell.openPath.mockImplementation(async () => {
      holder.close()
      return ''
    })
    const d = await started()
    const shown = boxes()
    expect(shown).toHaveLength(2)
    expect(shown[0]!.message).toBe('数据文件夹已被另一个程序打开')
    expect(shown[0]!.detail).toContain(`进程 ${process.pid}`)
    expect(shown[0]!.detail).toContain(dataDir())
    expect(shown[0]!.buttons).toEqual(['重试', '打开数据文件夹', '退出'])
    expect(shell.openPath).toHaveBeenCalledWith(dataDir())
    expect(d.window).toBeInstanceOf(BrowserWindow)
    expect((await api('app.info')).dataDir).toBe(dataDir())
  })

  it('locked, and the user quits: no window, no handlers, the other program keeps the folder', async () => {
    const holder = core(dataDir())
    answer('退出')
    expect(await start()).toBeNull()
    expect(app.quitCalls).toBe(1)
    expect(BrowserWindow.instances).toHaveLength(0)
    expect(ipcMain.handlers.size).toBe(0)
    expect(holder.error).toBeNull()
    expect((await holder.call('settings.get', {})) as object).toBeTruthy()
  })

  async function damagedFolder(): Promise<BackupInfo> {
    const c = core(dataDir())
    await c.call('settings.update', { unitName: '隰县清洁取暖办' })
    const backup = (await c.call('backups.create', { note: '损坏之前' })) as BackupInfo
    await c.call('settings.update', { unitName: '损坏之后' })
    c.close()
    fs.writeFileSync(path.join(dataDir(), 'db', 'store.json'), '{"schema":1,"checkpointSeq":')
    return backup
  }

  it('damaged: restore a backup from the dialog, then the app opens on the restored data', async () => {
    const backup = await damagedFolder()
    answer('从备份恢复…', '#0', '继续')
    const d = await started()
    const shown = boxes()
    expect(shown[0]!.message).toBe('数据文件夹中有文件损坏，无法打开')
    expect(shown[0]!.detail).toContain('db/store.json')
    expect(shown[0]!.buttons).toEqual(['从备份恢复…', '打开数据文件夹', '退出'])
    expect(shown[1]!.message).toBe('选择要恢复的备份（新的在前）')
    expect(shown[1]!.buttons[0]).toContain('损坏之前')
    expect(shown[1]!.buttons.at(-1)).toBe('返回')
    expect(shown[2]!.title).toBe('已恢复')
    expect(d.host.core.error).toBeNull()
    expect((await api('settings.get')).unitName).toBe('隰县清洁取暖办')
    const list = (await api('backups.list')) as BackupInfo[]
    expect(list.map((b) => b.id)).toContain(backup.id)
    expect(list.some((b) => b.reason === 'pre-restore')).toBe(true) // the damaged data, kept
  })

  it('damaged: open the folder for a look, go back, then quit; nothing is changed', async () => {
    await damagedFolder()
    const before = fs.readFileSync(path.join(dataDir(), 'db', 'store.json'))
    answer('打开数据文件夹', '从备份恢复…', '返回', '退出')
    expect(await start()).toBeNull()
    expect(shell.openPath).toHaveBeenCalledWith(dataDir())
    expect(boxes().map((b) => b.message)).toEqual([
      '数据文件夹中有文件损坏，无法打开',
      '数据文件夹中有文件损坏，无法打开',
      '选择要恢复的备份（新的在前）',
      '数据文件夹中有文件损坏，无法打开',
    ])
    expect(app.quitCalls).toBe(1)
    expect(BrowserWindow.instances).toHaveLength(0)
    expect(fs.readFileSync(path.join(dataDir(), 'db', 'store.json')).equals(before)).toBe(true)
    expect(lockFiles(dataDir())).toEqual([])
  })

  it('damaged with no backup: says so, and the choice comes back', async () => {
    const c = core(dataDir())
    await c.call('settings.update', { unitName: '汾西县' })
    c.close()
    fs.writeFileSync(path.join(dataDir(), 'db', 'store.json'), 'garbage')
    answer('从备份恢复…', '返回', '退出')
    expect(await start()).toBeNull()
    expect(boxes()[1]!.message).toBe('这个数据文件夹还没有任何备份，无法恢复。')
  })

  it('written by a newer version: refused with a dialog that says to upgrade, and nothing is touched', async () => {
    const c = core(dataDir())
    await c.call('settings.update', { unitName: '永和县' })
    c.close()
    const manifest = path.join(dataDir(), 'db', 'store.json')
    const newer = { ...JSON.parse(fs.readFileSync(manifest, 'utf8')), schema: 99 }
    fs.writeFileSync(manifest, JSON.stringify(newer))
    answer('退出')
    expect(await start()).toBeNull()
    const [box] = boxes()
    expect(box!.title).toBe('数据来自更新的版本')
    expect(box!.message).toBe('数据文件夹由更新版本的程序写入，本程序不能打开')
    expect(box!.detail).toContain('数据版本 99')
    expect(box!.detail).toContain('请安装与写入这些数据的版本相同或更新的程序')
    expect(JSON.parse(fs.readFileSync(manifest, 'utf8')).schema).toBe(99)
  })
})

describe('a data folder chosen in 设置 that is not there', () => {
  function chooseFolder(dir: string): string {
    const config = path.join(app.getPath('userData'), 'data-folder.json')
    fs.writeFileSync(config, JSON.stringify({ dataDir: dir }))
    return config
  }

  it('is not started afresh: retry once the disk is back, and the data there opens', async () => {
    const usb = path.join(temp('usb-'), '清洁取暖数据')
    const config = chooseFolder(usb)
    answer('重试')
    // The disk is "connected" while the dialog is shown.
    dialog.showMessageBox.mockImplementationOnce(async () => {
      const c = new Core({ dataDir: usb, version: '0.1.0' })
      await c.call('settings.update', { unitName: 'U 盘上的数据' })
      c.close()
      return { response: 0, checkboxChecked: false }
    })
    const d = await started()
    expect(boxes()[0]!.message).toBe('设置的数据文件夹中没有数据')
    expect(boxes()[0]!.detail).toContain(usb)
    expect(d.host.dataDir).toBe(usb)
    expect((await api('settings.get')).unitName).toBe('U 盘上的数据')
    expect(fs.existsSync(config)).toBe(true)
  })

  it('or the default location is used (and remembered), or the app quits without creating anything', async () => {
    const gone = path.join(temp('gone-'), 'moved-away')
    const config = chooseFolder(gone)
    answer('退出')
    expect(await start()).toBeNull()
    expect(fs.existsSync(gone)).toBe(false)
    expect(app.quitCalls).toBe(1)

    restartElectron()
    answer('使用默认位置')
    const d = await started()
    expect(d.host.dataDir).toBe(dataDir())
    expect(fs.existsSync(gone)).toBe(false)
    expect(fs.existsSync(config)).toBe(false)
  })
})

describe('moving the data folder', () => {
  it('to an empty folder: copied, verified, switched, remembered; the old folder is kept as it was', async () => {
    const d = await started()
    await api('settings.update', { unitName: '乡宁县清洁取暖办' })
    await api('backups.create', { note: '搬家前' })
    const from = d.host.dataDir
    const to = path.join(temp('move-'), '清洁取暖数据')
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [to] })
    answer('移动')
    const moved = await ipcMain.invoke(CHANNELS.moveDataFolder, FROM_PAGE)
    expect(moved).toEqual({ ok: true, result: { from, to, copied: true } })
    expect(boxes()[0]!.detail).toContain('原文件夹')

    expect((await api('app.info')).dataDir).toBe(to)
    expect((await api('settings.get')).unitName).toBe('乡宁县清洁取暖办')
    expect(((await api('backups.list')) as BackupInfo[]).map((b) => b.note)).toContain('搬家前')
    expect(await ipcMain.invoke(CHANNELS.dataFolder, FROM_PAGE)).toEqual({
      ok: true,
      result: { path: to, defaultPath: from, isDefault: false },
    })
    // The old folder is intact and no longer locked.
    expect(fs.existsSync(path.join(from, 'db', 'store.json'))).toBe(true)
    expect(lockFiles(from)).toEqual([])
    expect(lockFiles(to)).toHaveLength(1)

    // Writes go to the new place, and the next start opens it.
    await api('settings.update', { unitName: '新位置' })
    d.host.close()
    desks.splice(0)
    restartElectron()
    const next = await started()
    expect(next.host.dataDir).toBe(to)
    expect((await api('settings.get')).unitName).toBe('新位置')
  })

  it('refuses a non-empty folder that is not a data folder, the current folder, or one inside it; cancel does nothing', async () => {
    const d = await started()
    await api('settings.update', { unitName: '石楼县' })
    const from = d.host.dataDir
    expect(await ipcMain.invoke(CHANNELS.moveDataFolder, FROM_PAGE)).toEqual({ ok: true, result: null })

    const foreign = temp('foreign-')
    fs.writeFileSync(path.join(foreign, '工作总结.docx'), 'x')
    for (const target of [foreign, from, path.join(from, 'backups', 'inside')]) {
      dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [target] })
      const r = await ipcMain.invoke(CHANNELS.moveDataFolder, FROM_PAGE)
      expect(r.ok, target).toBe(false)
      expect(r.error.code).toBe('invalid_input')
    }
    expect(fs.readdirSync(foreign)).toEqual(['工作总结.docx'])
    expect(fs.existsSync(path.join(from, 'backups', 'inside'))).toBe(false)
    // Still working on the same folder.
    expect((await api('app.info')).dataDir).toBe(from)
    expect((await api('settings.get')).unitName).toBe('石楼县')

    // An empty folder, but the user cancels at the confirmation.
    const empty = temp('empty-')
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [empty] })
    answer('取消')
    expect(await ipcMain.invoke(CHANNELS.moveDataFolder, FROM_PAGE)).toEqual({ ok: true, result: null })
    expect(fs.readdirSync(empty)).toEqual([])
  })

  it('to a folder that already holds a data folder: after confirming, the app uses that data (nothing copied)', async () => {
    const other = temp('other-data-')
    const c = core(other)
    await c.call('settings.update', { unitName: '另一台电脑的数据' })
    c.close()
    const d = await started()
    await api('settings.update', { unitName: '本机数据' })
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [other] })
    answer('改用该文件夹的数据')
    const r = await ipcMain.invoke(CHANNELS.moveDataFolder, FROM_PAGE)
    expect(r).toMatchObject({ ok: true, result: { to: other, copied: false } })
    expect((await api('settings.get')).unitName).toBe('另一台电脑的数据')
    expect(d.host.dataDir).toBe(other)
  })

  it('a failure after the copy (the new location cannot be remembered) goes back to the old folder and removes the copy', async () => {
    const from = temp('host-from-')
    const c = new Core({ dataDir: from, version: '0.1.0' })
    await c.call('settings.update', { unitName: '中阳县' })
    const host = new CoreHost(c, from, '0.1.0')
    const to = temp('host-to-')
    await expect(
      host.moveTo(to, () => {
        throw new Error('磁盘已满')
      }),
    ).rejects.toThrow('磁盘已满')
    expect(fs.readdirSync(to)).toEqual([])
    expect(host.dataDir).toBe(from)
    const r = await host.call('settings.get', {})
    expect(r).toMatchObject({ ok: true, result: { unitName: '中阳县' } })
    host.close()
  })

  it('calls made while the folder is switching wait for it and land on the new folder', async () => {
    const from = temp('host-wait-')
    const host = new CoreHost(new Core({ dataDir: from, version: '0.1.0' }), from, '0.1.0')
    await host.call('settings.update', { unitName: '交口县' })
    const to = path.join(temp('host-wait-to-'), 'data')
    const moving = host.moveTo(to, () => undefined)
    const during = host.call('app.info', {})
    await moving
    expect(await during).toMatchObject({ ok: true, result: { dataDir: to, unitName: '交口县' } })
    host.close()
  })
})

describe('the window’s size and position', () => {
  const wide = { x: 0, y: 0, width: 1920, height: 1040 }
  const second = { x: 1920, y: 0, width: 1280, height: 984 }

  it('stays where it was on a display that is still there, and fits inside it', () => {
    expect(fitToDisplays({ x: 2000, y: 100, width: 1100, height: 700, maximized: false }, [wide, second])).toEqual({
      x: 2000,
      y: 100,
      width: 1100,
      height: 700,
      maximized: false,
    })
    // Hanging off the right edge: pulled back in.
    expect(fitToDisplays({ x: 1500, y: 600, width: 1366, height: 768, maximized: true }, [wide])).toEqual({
      x: 554,
      y: 272,
      width: 1366,
      height: 768,
      maximized: true,
    })
  })

  it('a window on a monitor that is gone is centred on the primary one; too large is made to fit', () => {
    expect(fitToDisplays({ x: 2500, y: 200, width: 1200, height: 800, maximized: false }, [wide])).toEqual({ width: 1200, height: 800, maximized: false })
    const laptop = { x: 0, y: 0, width: 1366, height: 728 }
    expect(fitToDisplays({ x: 0, y: 0, width: 2560, height: 1400, maximized: false }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1366,
      height: 728,
      maximized: false,
    })
    // Smaller than the minimum window on a small screen: as large as the screen allows.
    const small = { x: 0, y: 0, width: 1000, height: 600 }
    expect(fitToDisplays({ width: 500, height: 300, maximized: false }, [small])).toEqual({ width: 1000, height: 600, maximized: false })
  })

  it('a missing, damaged or absurd file gives the default size', () => {
    const dir = temp('wstate-')
    const file = path.join(dir, 'window-state.json')
    screen.areas = [wide]
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW)
    fs.writeFileSync(file, '{"x": 10, "y": ')
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW)
    fs.writeFileSync(file, JSON.stringify({ x: 1e9, y: 0, width: 800, height: 600, maximized: false }))
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW)
    fs.writeFileSync(file, JSON.stringify({ x: 10, y: 10, width: '800', height: 600, maximized: false }))
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW)
  })

  it('is saved when the window closes and used at the next start, on today’s displays', async () => {
    screen.areas = [wide, second]
    const d = await started()
    asFake(d.window).bounds = { x: 1950, y: 40, width: 1200, height: 900 }
    asFake(d.window).maximized = true
    asFake(d.window).close()
    const saved = JSON.parse(fs.readFileSync(path.join(app.getPath('userData'), 'window-state.json'), 'utf8'))
    expect(saved).toEqual({ x: 1950, y: 40, width: 1200, height: 900, maximized: true })

    d.host.close()
    desks.splice(0)
    restartElectron([wide, second])
    const next = await started()
    expect(asFake(next.window).options).toMatchObject({ x: 1950, y: 40, width: 1200, height: 900 })
    expect(asFake(next.window).maximized).toBe(true)

    // The second monitor was unplugged: the window comes back onto the first.
    next.host.close()
    desks.splice(0)
    restartElectron([wide])
    const third = await started()
    expect(asFake(third.window).options.x).toBeUndefined()
    expect(asFake(third.window).options).toMatchObject({ width: 1200, height: 900 })
  })
})
