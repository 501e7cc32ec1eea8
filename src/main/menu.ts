// The application menu, in Chinese: 文件 (import a day's folder, open the data folder, back up
// now, quit), 编辑, 视图 (zoom, reload) and 帮助 (user guide, about).
import { Menu, type MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  importFolder: () => unknown
  openDataFolder: () => unknown
  backupNow: () => unknown
  quit: () => unknown
  openHelp: () => unknown
  about: () => unknown
}

/** Errors of menu actions are the actions' own business (they show dialogs); never unhandled. */
function run(action: () => unknown): () => void {
  return () => {
    void Promise.resolve()
      .then(action)
      .catch((e: unknown) => console.error(`菜单操作失败（menu action failed）：${(e as Error)?.message ?? String(e)}`))
  }
}

export function menuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  return [
    {
      label: '文件(&F)',
      submenu: [
        { label: '导入报送文件夹…', accelerator: 'CmdOrCtrl+O', click: run(actions.importFolder) },
        { label: '打开数据文件夹', click: run(actions.openDataFolder) },
        { type: 'separator' },
        { label: '立即备份', accelerator: 'CmdOrCtrl+B', click: run(actions.backupNow) },
        { type: 'separator' },
        { label: '退出', accelerator: 'CmdOrCtrl+Q', click: run(actions.quit) },
      ],
    },
    {
      label: '编辑(&E)',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图(&V)',
      submenu: [
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { label: '实际大小', role: 'resetZoom' },
        { type: 'separator' },
        { label: '重新载入', role: 'reload' },
      ],
    },
    {
      label: '帮助(&H)',
      submenu: [
        { label: '使用说明', accelerator: 'F1', click: run(actions.openHelp) },
        { type: 'separator' },
        { label: '关于', click: run(actions.about) },
      ],
    },
  ]
}

export function installMenu(actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions)))
}
