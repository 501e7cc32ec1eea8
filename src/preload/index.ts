// The only bridge between the renderer and Electron: one generic `invoke` and a save dialog for
// files the core produced; no ipcRenderer exposed.

import { contextBridge, ipcRenderer } from 'electron'

contextBridge.exposeInMainWorld('apiTransport', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('api', method, input),
  saveFile: (fileName: string, dataBase64: string): Promise<string | null> => ipcRenderer.invoke('save-file', fileName, dataBase64),
})
