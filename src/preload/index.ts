// The only bridge between the page and Electron: the generic API transport and the desktop-only
// calls, each a fixed IPC channel with its arguments passed through; no ipcRenderer exposed.
// The main process checks every call's sender and arguments itself.

import { contextBridge, ipcRenderer } from 'electron'
import { type ApiTransport, CHANNELS, type DesktopBridge, type ImportPick } from './bridge'

const apiTransport: ApiTransport = {
  invoke: (method, input) => ipcRenderer.invoke(CHANNELS.api, method, input),
  saveFile: (fileName, dataBase64) => ipcRenderer.invoke(CHANNELS.saveFile, fileName, dataBase64),
}

const desktop: DesktopBridge = {
  pickImport: (kind) => ipcRenderer.invoke(CHANNELS.pickImport, kind),
  importPicked: (pickId, index, sessionId) => ipcRenderer.invoke(CHANNELS.importPicked, { pickId, index, sessionId }),
  print: (opts) => ipcRenderer.invoke(CHANNELS.print, opts),
  printToPdf: (fileName, opts) => ipcRenderer.invoke(CHANNELS.printToPdf, { fileName, ...opts }),
  dataFolder: () => ipcRenderer.invoke(CHANNELS.dataFolder),
  moveDataFolder: () => ipcRenderer.invoke(CHANNELS.moveDataFolder),
  openDataFolder: () => ipcRenderer.invoke(CHANNELS.openDataFolder),
  onMenuImport: (listener) => {
    // The IPC event (with its sender) stays here; the page gets the pick only.
    const forward = (_event: unknown, pick: ImportPick) => listener(pick)
    ipcRenderer.on(CHANNELS.menuImport, forward)
    return () => ipcRenderer.removeListener(CHANNELS.menuImport, forward)
  },
}

contextBridge.exposeInMainWorld('apiTransport', apiTransport)
contextBridge.exposeInMainWorld('desktop', desktop)
