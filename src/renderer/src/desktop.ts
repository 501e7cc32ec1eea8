// The desktop app's own features as the pages use them: null in a browser, where the pages keep
// their upload controls and the browser's own printing.
import type { DesktopBridge, Reply } from '../../preload/bridge'
import { toApiError } from './api'

/** The bridge the Electron preload set up, or null in a browser. */
export function desktop(): DesktopBridge | null {
  return window.desktop ?? null
}

/** A shell reply's result; its error thrown as an ApiError like any API call's. */
export async function unwrapReply<T>(reply: Promise<Reply<T>>): Promise<T> {
  let r: Reply<T>
  try {
    r = await reply
  } catch (e) {
    throw toApiError(e)
  }
  if (r.ok) return r.result
  throw toApiError(r.error)
}
