// The desktop app's life: one instance, the hardened session, the data folder opened (with the
// recovery dialog when it cannot be), the IPC handlers, the menu, the window, and a backup on quit.
import { type BrowserWindow, app, dialog, session } from 'electron'
import { serializeError } from '../core/errors'
import { type Actions, createActions } from './actions'
import { APP_ID } from './app-id'
import { CoreHost } from './core-host'
import { configuredDataDir, forgetDataDir } from './data-folder'
import { ImportPicks } from './import-picks'
import { registerIpc } from './ipc'
import { installMenu } from './menu'
import { appPageUrl, defaultDataDir, userFile } from './paths'
import { checkChosenFolder, openWithRecovery } from './recovery'
import { hardenContents, hardenSession } from './security'
import { createMainWindow } from './window'


export interface Desk {
  window: BrowserWindow
  host: CoreHost
  actions: Actions
}

/** Quitting waits for the automatic backup (when anything was written), then closes the folder. */
function backupBeforeQuit(host: CoreHost): void {
  let state: 'running' | 'backing-up' | 'done' = 'running'
  app.on('before-quit', (event) => {
    if (state === 'done') return
    event.preventDefault()
    if (state === 'backing-up') return
    state = 'backing-up'
    void host
      .backupOnQuit()
      .catch((e: unknown) => {
        dialog.showErrorBox('退出时自动备份失败', `${serializeError(e).message}\n\n已经保存的数据不受影响；下次打开时会再自动备份。`)
      })
      .finally(() => {
        try {
          host.close()
        } catch (e) {
          console.error(`关闭数据文件夹时出错（error closing the data folder）：${serializeError(e).message}`)
        }
        state = 'done'
        app.quit()
      })
  })
}

/** Starts the app; null when another instance is running or the user quit at the recovery dialog. */
export async function startApp(): Promise<Desk | null> {
  if (!app.requestSingleInstanceLock()) {
    // The running instance is brought to the front (its 'second-instance' handler).
    app.quit()
    return null
  }
  let mainWindow: BrowserWindow | null = null
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  const page = appPageUrl()
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, page))
  app.on('window-all-closed', () => app.quit())

  await app.whenReady()
  hardenSession(session.defaultSession)
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID)

  const configFile = userFile('data-folder.json')
  const dataDir = await checkChosenFolder(configuredDataDir(configFile, defaultDataDir()), defaultDataDir())
  const core = dataDir === null ? null : await openWithRecovery(dataDir, app.getVersion())
  if (!dataDir || !core) {
    app.quit()
    return null
  }
  if (dataDir === defaultDataDir()) forgetDataDir(configFile)
  const host = new CoreHost(core, dataDir, app.getVersion())
  const actions = createActions({
    host,
    picks: new ImportPicks(),
    window: () => mainWindow,
    dataFolderConfig: configFile,
    defaultDataDir: defaultDataDir(),
  })
  registerIpc(page, host, actions)
  installMenu(actions)
  backupBeforeQuit(host)
  const win = createMainWindow(page, userFile('window-state.json'))
  mainWindow = win
  win.on('closed', () => {
    mainWindow = null
  })
  return { window: win, host, actions }
}
