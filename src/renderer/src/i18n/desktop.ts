// UI strings of what the desktop app adds to the pages (printing, the data folder, imports from
// the menu): zh-CN first, English second.

import type { Messages } from './types'

export const desktopMessages = {
  // printing a report preview
  'print.print': ['打印', 'Print'],
  'print.printing': ['正在打印…', 'Printing…'],
  'print.pdf': ['导出 PDF', 'Save as PDF'],
  'print.pdfSaving': ['正在生成 PDF…', 'Making the PDF…'],
  'print.pdfSaved': ['已保存 {file}', 'Saved {file}'],

  // the data folder (设置)
  'dataFolder.title': ['数据文件夹', 'Data folder'],
  'dataFolder.current': ['当前位置：', 'Location: '],
  'dataFolder.default': ['（默认位置）', '(default location)'],
  'dataFolder.open': ['打开文件夹', 'Open folder'],
  'dataFolder.move': ['更改位置…', 'Change location…'],
  'dataFolder.moving': ['正在移动…', 'Moving…'],
  'dataFolder.moveHint': [
    '可以把数据放到其他磁盘，例如 D 盘：请选择一个空文件夹。程序先复制全部数据和备份并逐个核对，在新位置打开成功后才改用新位置；原文件夹保留不动，确认无误后可自行删除。选择已有本程序数据的文件夹时，会询问是否改用那里的数据。',
    'To keep the data on another disk (D:, for instance), choose an empty folder. Everything, backups included, is copied and checked file by file, and the new place is used only once it opens; the old folder is left as it was, for you to delete once you are satisfied. Choosing a folder that already holds this program’s data offers to use that data instead.',
  ],
  'dataFolder.moved': ['数据已移到 {to}。原文件夹 {from} 仍保留，确认无误后可以删除。', 'The data is now in {to}. The old folder {from} is still there; delete it once you are satisfied.'],
  'dataFolder.switched': ['已改用 {to} 中的数据。原来的数据仍在 {from}。', 'Now using the data in {to}. The previous data is still in {from}.'],
  'dataFolder.browser': [
    '浏览器模式的数据文件夹由启动参数 --data 决定（见 README）。',
    'In browser mode the data folder is set by the --data option when the server starts (see the README).',
  ],

  // imports started from the menu
  'imports.menuBusy': ['正在读取其他文件，请读完后再从菜单导入。', 'Other files are being read; import from the menu once they are done.'],
} as const satisfies Messages
