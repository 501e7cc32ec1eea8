// The desktop app's own features as the pages use them (null in a browser, where the pages keep
// their upload controls and the browser's own printing), and imports started from the menu.
import { useEffect, useRef } from 'react'
import type { DesktopBridge, ImportPick, Reply } from '../../preload/bridge'
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

// 文件 → 导入报送文件夹… arrives wherever the user is; the 报送导入 page takes it from here.
let pendingMenuImport: ImportPick | null = null
const menuImportListeners = new Set<() => void>()

/** Once, at start: a folder picked from the menu opens 报送导入 and waits there to be read. */
export function listenForMenuImport(open: () => void): () => void {
  const bridge = desktop()
  if (!bridge) return () => undefined
  return bridge.onMenuImport((pick) => {
    pendingMenuImport = pick
    open()
    for (const l of menuImportListeners) l()
  })
}

/** Calls `take` with a folder picked from the menu, now (if one is waiting) and whenever one comes. */
export function useMenuImport(take: (pick: ImportPick) => void): void {
  const takeRef = useRef(take)
  takeRef.current = take
  useEffect(() => {
    const consume = () => {
      const pick = pendingMenuImport
      pendingMenuImport = null
      if (pick) takeRef.current(pick)
    }
    consume()
    menuImportListeners.add(consume)
    return () => {
      menuImportListeners.delete(consume)
    }
  }, [])
}
