// Electron shell: one window, one generic IPC handler forwarding to the core.

import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Core } from '../core/api'
import { serializeError } from '../core/errors'
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy'

const here = path.dirname(fileURLToPath(import.meta.url))

let core: Core | null = null

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: '清洁取暖改造工作台',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  win.once('ready-to-show', () => win.show())
  // Links to the outside world open in the system browser, never inside the app.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(path.join(here, '../renderer/index.html'))
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
  app.whenReady().then(() => {
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    })
    try {
      core = new Core({ dataDir: path.join(app.getPath('userData'), 'data'), version: app.getVersion() })
    } catch (e) {
      dialog.showErrorBox('无法打开数据文件夹', serializeError(e).message)
      app.quit()
      return
    }
    ipcMain.handle('api', async (_event, method: string, input: unknown) => {
      try {
        return { ok: true, result: await core!.call(method, input) }
      } catch (e) {
        return { ok: false, error: serializeError(e) }
      }
    })
    // Files the core produced (exports, templates) are written where the user chooses.
    ipcMain.handle('save-file', async (event, fileName: string, dataBase64: string) => {
      const win = BrowserWindow.fromWebContents(event.sender)
      const ext = path.extname(fileName).slice(1)
      const opts = {
        defaultPath: path.join(app.getPath('documents'), path.basename(fileName)),
        filters: ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : [],
      }
      const choice = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts)
      if (choice.canceled || !choice.filePath) return null
      await fs.writeFile(choice.filePath, Buffer.from(dataBase64, 'base64'))
      return choice.filePath
    })
    createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow()
    })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => core?.close())
}
