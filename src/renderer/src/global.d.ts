// window.api is what the renderer calls; api.ts builds it over the Electron preload's generic
// transport (window.apiTransport) or, in a browser, over fetch.
import type { Api } from '../../core/contract'

declare global {
  interface Window {
    api: Api
    /** Set by the Electron preload: one generic call, answering `{ ok, result | error }`, and a save dialog. */
    apiTransport?: {
      invoke: (method: string, input: unknown) => Promise<unknown>
      /** Shows a save dialog and writes the file; resolves with the path, or null when cancelled. */
      saveFile: (fileName: string, dataBase64: string) => Promise<string | null>
    }
  }
}
