// The main window: locked-down web preferences, the remembered size and position, the app page.
import { BrowserWindow, type WebPreferences, app } from 'electron'
import { PRELOAD, windowIcon } from './paths'
import { MIN_WINDOW, loadWindowState, rememberWindowState } from './window-state'

/** The page gets no Node.js, its own JavaScript world and a sandbox; only the preload's bridge. */
export function webPreferences(): WebPreferences {
  return {
    preload: PRELOAD,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // The spell checker would download dictionaries; the app never goes online by itself.
    spellcheck: false,
    safeDialogs: true,
    // Middle-click would open links in a new window; there are none to open.
    disableBlinkFeatures: 'Auxclick',
    devTools: !app.isPackaged,
  }
}

export function createMainWindow(page: string, stateFile: string): BrowserWindow {
  const state = loadWindowState(stateFile)
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: app.getName(),
    show: false,
    backgroundColor: '#f2f4f7',
    ...(process.platform === 'linux' ? { icon: windowIcon() } : {}),
    webPreferences: webPreferences(),
  })
  if (state.maximized) win.maximize()
  rememberWindowState(win, stateFile)
  win.once('ready-to-show', () => win.show())
  void win.loadURL(page)
  return win
}
