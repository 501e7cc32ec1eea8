// Where the shell's own files are: the page it loads, its preload, the packaged resources, and
// its small settings files in userData.
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app } from 'electron'

// out/main in the build; src/main under the unit tests.
const here = path.dirname(fileURLToPath(import.meta.url))

export const PRELOAD = path.join(here, '../preload/index.cjs')
export const RENDERER_HTML = path.join(here, '../renderer/index.html')

/**
 * The URL of the app's own page. The dev server's during `electron-vite dev`; never from the
 * environment in an installed app, where that variable could send the window anywhere.
 */
export function appPageUrl(): string {
  const dev = process.env['ELECTRON_RENDERER_URL']
  return dev && !app.isPackaged ? dev : pathToFileURL(RENDERER_HTML).href
}

/** resources/ as packaged beside app.asar (electron-builder `extraResources`), or the repository's. */
export function resourcesDir(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(here, '../../resources')
}

export const helpFile = (): string => path.join(resourcesDir(), 'help', '使用说明.html')
/** Linux shows this in the title bar and dock; Windows takes the icon from the .exe. */
export const windowIcon = (): string => path.join(resourcesDir(), 'icons', '256x256.png')

export const userFile = (name: 'window-state.json' | 'data-folder.json'): string => path.join(app.getPath('userData'), name)
export const defaultDataDir = (): string => path.join(app.getPath('userData'), 'data')
