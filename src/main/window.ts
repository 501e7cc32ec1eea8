// The main window: locked-down web preferences, the remembered size and position, the app page.
import { BrowserWindow, app } from 'electron'
import { PRELOAD, windowIcon } from './paths'
import { MIN_WINDOW, loadWindowState, rememberWindowState } from './window-state'

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
    // Written out here, not built elsewhere, so a static checker (electronegativity) sees them:
    // no Node.js in the page, its own JavaScript world, a sandbox; only the preload's bridge.
    webPreferences: {
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
    },
  })
  if (state.maximized) win.maximize()
  rememberWindowState(win, stateFile)
  win.once('ready-to-show', () => win.show())
  void win.loadURL(page)
  return win
}
