// What the menu and the page ask the shell to do, in one place: native pickers, save dialogs,
// printing, backups, the data folder, help and about. Each dialog's answer is the only path
// anything is read from or written to.
import fs from 'node:fs/promises'
import path from 'node:path'
import {
  BrowserWindow,
  type MessageBoxOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
  type WebContents,
  app,
  dialog,
  shell,
} from 'electron'
import { AppError, serializeError } from '../core/errors'
import type { DataFolderChange, DataFolderInfo, ImportPick } from '../preload/bridge'
import { CHANNELS } from '../preload/bridge'
import { type CoreHost, fromSerialized } from './core-host'
import { inspectTarget, saveDataDir } from './data-folder'
import { IMPORT_EXTENSIONS, type ImportPicks } from './import-picks'
import { helpFile } from './paths'
import { printPage, printPageToPdf } from './print'
import { backupLabel } from './recovery'

export interface ActionContext {
  host: CoreHost
  picks: ImportPicks
  /** the main window, once there is one */
  window: () => BrowserWindow | null
  /** userData/data-folder.json */
  dataFolderConfig: string
  defaultDataDir: string
}

async function openDialog(win: BrowserWindow | null, opts: OpenDialogOptions): Promise<string[]> {
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts)
  return r.canceled ? [] : r.filePaths.filter((p) => path.isAbsolute(p))
}

/** The path the user chose to save to, or null. The page's name is only the suggestion. */
async function savePath(win: BrowserWindow | null, suggested: string, filter: { name: string; ext: string }): Promise<string | null> {
  // The page names the file, never where it goes: drop any folder part, either separator.
  const base = suggested.split(/[\\/]/).pop() || `文件.${filter.ext}`
  const opts: SaveDialogOptions = {
    defaultPath: path.join(app.getPath('documents'), base),
    filters: filter.ext ? [{ name: filter.name, extensions: [filter.ext] }] : [],
  }
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts)
  if (r.canceled || !r.filePath || !path.isAbsolute(r.filePath)) return null
  return r.filePath
}

async function message(win: BrowserWindow | null, opts: MessageBoxOptions): Promise<number> {
  const r = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts)
  return r.response
}

export function createActions(ctx: ActionContext) {
  const { host, picks } = ctx
  const win = () => ctx.window()

  /** Native picker for an import: some files, or a day's folder. */
  async function pickImport(owner: WebContents, kind: 'files' | 'folder'): Promise<ImportPick | null> {
    const w = windowOf(owner) ?? win()
    if (kind === 'folder') {
      const [dir] = await openDialog(w, { title: '选择当天的报送文件夹', properties: ['openDirectory'] })
      return dir ? picks.addFolder(owner.id, dir) : null
    }
    const files = await openDialog(w, {
      title: '选择报送文件',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: '报送文件', extensions: IMPORT_EXTENSIONS },
        { name: '所有文件', extensions: ['*'] },
      ],
    })
    return files.length > 0 ? picks.addFiles(owner.id, files) : null
  }

  return {
    pickImport,

    /** A file the core produced (an export, a template), written where the user chooses. */
    async saveFile(owner: WebContents, fileName: string, dataBase64: string): Promise<string | null> {
      const ext = path.extname(fileName).slice(1).toLowerCase()
      const file = await savePath(windowOf(owner) ?? win(), fileName, { name: ext.toUpperCase(), ext })
      if (!file) return null
      await fs.writeFile(file, Buffer.from(dataBase64, 'base64'))
      return file
    },

    /** Reads picked file `index` here and adds it to the import batch in the core. */
    async importPicked(owner: WebContents, pickId: string, index: number, sessionId: string | undefined) {
      const { fileName, data } = await picks.read(owner.id, pickId, index)
      const reply = await host.call('imports.addFile', { sessionId, file: { fileName, dataBase64: data.toString('base64') } })
      if (!reply.ok) throw fromSerialized(reply.error)
      return reply.result
    },

    /** 文件 → 导入报送文件夹…: the folder is picked here, then read by the 报送导入 page. */
    async importFolder(): Promise<void> {
      const w = win()
      if (!w) return
      const pick = await pickImport(w.webContents, 'folder')
      if (pick) w.webContents.send(CHANNELS.menuImport, pick)
    },

    print(owner: WebContents, landscape: boolean): Promise<boolean> {
      return printPage(owner, landscape)
    },

    async printToPdf(owner: WebContents, fileName: string, landscape: boolean): Promise<string | null> {
      const name = fileName.toLowerCase().endsWith('.pdf') ? fileName : `${fileName}.pdf`
      const file = await savePath(windowOf(owner) ?? win(), name, { name: 'PDF', ext: 'pdf' })
      if (!file) return null
      await printPageToPdf(owner, file, landscape)
      return file
    },

    dataFolder(): DataFolderInfo {
      return { path: host.dataDir, defaultPath: ctx.defaultDataDir, isDefault: path.resolve(host.dataDir) === path.resolve(ctx.defaultDataDir) }
    },

    async openDataFolder(): Promise<void> {
      const failed = await shell.openPath(host.dataDir)
      if (failed) throw new AppError('not_found', `无法打开数据文件夹 ${host.dataDir}：${failed}`, { where: { file: host.dataDir } })
    },

    /** 设置 → 数据文件夹 → 更改位置…: choose, confirm, then copy-verify-switch (or switch to data already there). */
    async moveDataFolder(owner: WebContents): Promise<DataFolderChange | null> {
      const w = windowOf(owner) ?? win()
      const [target] = await openDialog(w, {
        title: '选择数据文件夹的新位置（空文件夹）',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      })
      if (!target) return null
      const kind = inspectTarget(host.dataDir, target)
      if (kind === 'empty') {
        const ok = await message(w, {
          type: 'question',
          title: '移动数据文件夹',
          message: `把数据移到 ${target}？`,
          detail: `将先把全部数据和备份复制到新位置，逐个文件核对无误、并在新位置打开成功后才改用新位置。原文件夹 ${host.dataDir} 保留不动，确认无误后可自行删除。数据较多时需要一些时间，期间请勿关闭程序。`,
          buttons: ['移动', '取消'],
          defaultId: 0,
          cancelId: 1,
          noLink: true,
        })
        if (ok !== 0) return null
      } else if (kind === 'data') {
        const ok = await message(w, {
          type: 'question',
          title: '改用已有的数据文件夹',
          message: `${target} 中已有本程序的数据`,
          detail: `改用那里的数据？当前数据不会复制过去，仍保留在 ${host.dataDir}。`,
          buttons: ['改用该文件夹的数据', '取消'],
          defaultId: 1,
          cancelId: 1,
          noLink: true,
        })
        if (ok !== 0) return null
      }
      // 'same', 'nested' and 'foreign' are refused by the move itself, with the reason.
      return host.moveTo(target, (to) => saveDataDir(ctx.dataFolderConfig, to))
    },

    /** 文件 → 立即备份, with the result in a message box. */
    async backupNow(): Promise<void> {
      const w = win()
      try {
        const b = await host.backupNow('菜单“立即备份”')
        await message(w, { type: 'info', title: '立即备份', message: '已备份', detail: `${backupLabel(b)}\n${path.join(host.dataDir, 'backups', b.id)}`, buttons: ['确定'], noLink: true })
      } catch (e) {
        await message(w, { type: 'error', title: '立即备份', message: '备份失败', detail: serializeError(e).message, buttons: ['确定'], noLink: true })
      }
    },

    async openHelp(): Promise<void> {
      const failed = await shell.openPath(helpFile())
      if (failed) await message(win(), { type: 'error', title: '使用说明', message: '无法打开使用说明', detail: failed, buttons: ['确定'], noLink: true })
    },

    async about(): Promise<void> {
      await message(win(), {
        type: 'info',
        title: '关于',
        message: `${app.getName()} ${app.getVersion()}`,
        detail: [
          '县、市、乡镇清洁取暖办的改造进度、报送导入、报表与资金工作台。全部数据保存在本机的数据文件夹中，不需要联网。',
          '',
          `数据文件夹：${host.dataDir}`,
          `Electron ${process.versions.electron ?? '—'} · Chromium ${process.versions.chrome ?? '—'} · Node.js ${process.versions.node}`,
        ].join('\n'),
        buttons: ['确定'],
        noLink: true,
      })
    },

    quit(): void {
      app.quit()
    },
  }
}

export type Actions = ReturnType<typeof createActions>

function windowOf(contents: WebContents): BrowserWindow | null {
  return BrowserWindow.fromWebContents(contents)
}
