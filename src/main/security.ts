// What keeps the page in its box: the Content-Security-Policy, denied permissions and downloads,
// no navigation or new windows, and the check that an IPC call comes from the app's own page.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { IpcMainInvokeEvent, Session, WebContents } from 'electron'
import { shell } from 'electron'
import { CSP } from './csp'

/** A file URL as the path it names, compared the way the system compares paths. */
function filePathKey(u: URL): string | null {
  try {
    const p = path.resolve(fileURLToPath(u))
    return process.platform === 'win32' ? p.toLowerCase() : p
  } catch {
    return null
  }
}

/**
 * Whether `url` is the app's own page (any hash route of it). The built page is one file,
 * compared by the path it names, so Chromium's and Node's spellings of the same file URL (drive
 * letter case, percent-encoding) agree; a dev server's page is its origin.
 */
export function isAppPage(url: string, page: string): boolean {
  let u: URL
  let p: URL
  try {
    u = new URL(url)
    p = new URL(page)
  } catch {
    return false
  }
  if (p.protocol === 'http:' || p.protocol === 'https:') return u.origin === p.origin
  if (u.protocol !== 'file:' || p.protocol !== 'file:' || u.host !== p.host || u.search !== p.search) return false
  const a = filePathKey(u)
  return a !== null && a === filePathKey(p)
}

/** An IPC call from the app page's top frame; not from a frame inside it or a page it went to. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, page: string): boolean {
  const frame = event.senderFrame
  if (!frame) return false
  return frame.parent === null && isAppPage(frame.url, page)
}

/** CSP on every response, every permission refused, no downloads into the page. */
export function hardenSession(ses: Session): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  // Camera, microphone, geolocation, notifications, clipboard, MIDI, HID, serial, USB…: none is
  // used, so none is granted, whoever asks.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  // Files the app produces are written by the main process after a save dialog.
  ses.on('will-download', (event) => event.preventDefault())
}

/** Web links open in the system browser (map attribution, for instance); nothing else is opened. */
export function openInBrowser(url: string): void {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return
  }
  if (u.protocol === 'https:' || u.protocol === 'http:') void shell.openExternal(u.href)
}

/** Any web contents: no new windows, no navigation away from the app page, no <webview>. */
export function hardenContents(contents: WebContents, page: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (!isAppPage(url, page)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppPage(url, page)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
