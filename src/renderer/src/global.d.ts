// window.api is what the renderer calls; api.ts builds it over the Electron preload's generic
// transport (window.apiTransport) or, in a browser, over fetch. window.desktop exists only in the
// desktop app: native pickers, printing and the data folder (desktop.ts).
import type { Api } from '../../core/contract'
import type { ApiTransport, DesktopBridge } from '../../preload/bridge'

declare global {
  interface Window {
    api: Api
    /** Set by the Electron preload: one generic call, answering `{ ok, result | error }`, and a save dialog. */
    apiTransport?: ApiTransport
    /** Set by the Electron preload: what only the desktop app can do. */
    desktop?: DesktopBridge
  }
}
