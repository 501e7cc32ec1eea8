// The only bridge between the renderer and Electron: one generic `invoke`, no ipcRenderer exposed.

import { contextBridge, ipcRenderer } from 'electron'

contextBridge.exposeInMainWorld('apiTransport', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('api', method, input),
})
