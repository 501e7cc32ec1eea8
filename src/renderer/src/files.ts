// Files in and out of the renderer: a picked file read as base64 for the core, and a file the
// core produced (an export, a template) handed to the user: a save dialog in Electron, a download
// in the browser.
import type { FileOutput } from '../../core/contract'
import { unwrapReply } from './desktop'
import { t } from './i18n'

/** Resolves with where it went: the chosen path (Electron), the file name (browser), or null if cancelled. */
export async function saveFile(file: FileOutput): Promise<string | null> {
  if (window.apiTransport) return unwrapReply(window.apiTransport.saveFile(file.fileName, file.dataBase64))
  const bytes = Uint8Array.from(atob(file.dataBase64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return file.fileName
}

/** Reads a picked file as base64, for methods that take `{ fileName, dataBase64 }`. */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onerror = () => reject(reader.error ?? new Error(t('import.readFailed')))
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.readAsDataURL(file)
  })
}
