// The shape of what the preload hands the page: the generic API transport, and the desktop-only
// features (native pickers, printing, the data folder). Types only, shared by the main process,
// the preload and the renderer so the three cannot drift apart.
import type { Outputs } from '../core/contract'
import type { SerializedError } from '../core/errors'

/** Every shell reply: the result, or the core's error (Chinese message, where, details). */
export type Reply<T> = { ok: true; result: T } | { ok: false; error: SerializedError }

/** Files the user picked in a native dialog; the page refers to them by `pickId` and index only. */
export interface ImportPick {
  pickId: string
  /** names shown while reading (relative to the folder when a folder was picked) */
  files: string[]
  /** names left out: Excel lock files (~$…), hidden and system files */
  skipped: string[]
}

export interface DataFolderInfo {
  path: string
  defaultPath: string
  isDefault: boolean
}

export interface DataFolderChange {
  from: string
  to: string
  /** true: the data was copied there; false: the app now uses the data that was already there */
  copied: boolean
}

export interface PrintOptions {
  landscape: boolean
}

export interface ApiTransport {
  invoke: (method: string, input: unknown) => Promise<unknown>
  /** Shows a save dialog and writes the file; the chosen path, or null when cancelled. */
  saveFile: (fileName: string, dataBase64: string) => Promise<Reply<string | null>>
}

export interface DesktopBridge {
  /** Native file or folder picker; null when cancelled. */
  pickImport: (kind: 'files' | 'folder') => Promise<Reply<ImportPick | null>>
  /** The main process reads picked file `index` and adds it to the import batch. */
  importPicked: (pickId: string, index: number, sessionId?: string) => Promise<Reply<Outputs['imports.addFile']>>
  /** The system print dialog for the current page; false when cancelled. */
  print: (opts: PrintOptions) => Promise<Reply<boolean>>
  /** The current page as PDF, written where the user chooses; the path, or null when cancelled. */
  printToPdf: (fileName: string, opts: PrintOptions) => Promise<Reply<string | null>>
  dataFolder: () => Promise<Reply<DataFolderInfo>>
  /** Asks for a new location and moves the data folder there; null when cancelled. */
  moveDataFolder: () => Promise<Reply<DataFolderChange | null>>
  openDataFolder: () => Promise<Reply<null>>
  /** 文件 → 导入报送文件夹… picked a folder; returns the function that stops listening. */
  onMenuImport: (listener: (pick: ImportPick) => void) => () => void
}

/** IPC channel names, one place for main and preload. */
export const CHANNELS = {
  api: 'api',
  saveFile: 'save-file',
  pickImport: 'desk:pick-import',
  importPicked: 'desk:import-picked',
  print: 'desk:print',
  printToPdf: 'desk:print-pdf',
  dataFolder: 'desk:data-folder',
  moveDataFolder: 'desk:move-data-folder',
  openDataFolder: 'desk:open-data-folder',
  menuImport: 'desk:menu-import',
} as const
