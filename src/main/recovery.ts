// Opening the data folder at start, with a way out when it cannot be used: locked by another
// program (retry, open the folder, quit) or damaged / written by a newer version (restore a
// backup, open the folder, quit). The core answers backups.list and backups.restore even then.
import path from 'node:path'
import { type MessageBoxOptions, dialog, shell } from 'electron'
import { Core } from '../core/api'
import { type AppError, serializeError } from '../core/errors'
import type { BackupInfo } from '../core/store/backups'
import { holdsData } from './data-folder'

const REASONS: Record<BackupInfo['reason'], string> = {
  auto: '自动备份',
  manual: '手动备份',
  'pre-restore': '恢复前的数据',
  'pre-migration': '升级前的数据',
  quit: '退出时的备份',
}
/** Buttons a message box can show before it stops being readable. */
const BACKUPS_SHOWN = 6

async function ask(options: MessageBoxOptions): Promise<number> {
  return (await dialog.showMessageBox(options)).response
}

function localTime(iso: string): string {
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

export function backupLabel(b: BackupInfo): string {
  return `${localTime(b.at)}  ${REASONS[b.reason] ?? b.reason}${b.note ? `（${b.note}）` : ''}`
}

/** The core could not be constructed: 'retry' or 'quit'. */
async function cannotOpen(dataDir: string, e: unknown): Promise<'retry' | 'quit'> {
  const err = serializeError(e)
  const locked = err.code === 'store_locked'
  for (;;) {
    const choice = await ask({
      type: 'warning',
      title: locked ? '数据文件夹正在使用中' : '无法打开数据文件夹',
      message: locked ? '数据文件夹已被另一个程序打开' : '无法打开数据文件夹',
      detail: `${err.message}\n\n数据文件夹：${dataDir}${locked ? '\n\n请先关闭使用这个数据文件夹的另一个窗口或浏览器模式服务，再点“重试”。' : ''}`,
      buttons: ['重试', '打开数据文件夹', '退出'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
    })
    if (choice === 0) return 'retry'
    if (choice === 2) return 'quit'
    await shell.openPath(dataDir)
  }
}

/** The core opened but refuses the data: what to do about it. */
async function unusable(dataDir: string, err: AppError): Promise<'restore' | 'open' | 'quit'> {
  const tooNew = err.code === 'store_too_new'
  const choice = await ask({
    type: 'error',
    title: tooNew ? '数据来自更新的版本' : '数据文件夹已损坏',
    message: tooNew ? '数据文件夹由更新版本的程序写入，本程序不能打开' : '数据文件夹中有文件损坏，无法打开',
    detail:
      `${err.message}\n\n数据文件夹：${dataDir}\n\n` +
      (tooNew
        ? '请安装与写入这些数据的版本相同或更新的程序。若确要回到旧版本，可以从升级前的备份恢复（当前数据会先另存为一份备份）。'
        : '可以从备份恢复（恢复前会把当前的数据另存为一份备份，可以撤销），也可以打开数据文件夹查看，或退出后联系技术人员。'),
    buttons: ['从备份恢复…', '打开数据文件夹', '退出'],
    defaultId: tooNew ? 2 : 0,
    cancelId: 2,
    noLink: true,
  })
  return choice === 0 ? 'restore' : choice === 1 ? 'open' : 'quit'
}

/** Lets the user pick one of the newest backups and restores it through the core. */
async function restoreFromBackup(core: Core): Promise<void> {
  const backups = (await core.call('backups.list', {})) as BackupInfo[]
  if (backups.length === 0) {
    await ask({ type: 'info', title: '没有备份', message: '这个数据文件夹还没有任何备份，无法恢复。', buttons: ['返回'], noLink: true })
    return
  }
  const shown = backups.slice(0, BACKUPS_SHOWN)
  const choice = await ask({
    type: 'question',
    title: '从备份恢复',
    message: '选择要恢复的备份（新的在前）',
    detail: backups.length > shown.length ? `共 ${backups.length} 份备份，这里列出最近的 ${shown.length} 份。` : undefined,
    buttons: [...shown.map(backupLabel), '返回'],
    cancelId: shown.length,
    noLink: true,
  })
  const picked = shown[choice]
  if (!picked) return
  try {
    const done = (await core.call('backups.restore', { id: picked.id })) as { restored: string; undoId: string }
    await ask({
      type: 'info',
      title: '已恢复',
      message: `已从 ${backupLabel(picked)} 恢复。`,
      detail: `恢复前的数据已另存为备份 ${done.undoId}；需要时可在“设置 → 备份”中撤销这次恢复。`,
      buttons: ['继续'],
      noLink: true,
    })
  } catch (e) {
    await ask({ type: 'error', title: '恢复失败', message: '无法从这份备份恢复', detail: serializeError(e).message, buttons: ['返回'], noLink: true })
  }
}

/**
 * A data folder chosen in 设置 that holds no data now (its USB disk or network drive is not
 * connected, or it was moved away) is not silently started afresh: the user retries, goes back to
 * the default location, or quits. The folder to open, or null to quit.
 */
export async function checkChosenFolder(dataDir: string, defaultDir: string): Promise<string | null> {
  while (path.resolve(dataDir) !== path.resolve(defaultDir) && !holdsData(dataDir)) {
    const choice = await ask({
      type: 'warning',
      title: '找不到数据文件夹',
      message: '设置的数据文件夹中没有数据',
      detail:
        `数据文件夹：${dataDir}\n\n它所在的 U 盘、移动硬盘或网络盘可能没有连接，或者文件夹被移动、删除了。` +
        `连接好后点“重试”；或改用默认位置 ${defaultDir}（那里原有的数据，没有则从空白开始）；或退出。`,
      buttons: ['重试', '使用默认位置', '退出'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
    })
    if (choice === 1) return defaultDir
    if (choice === 2) return null
  }
  return dataDir
}

/** The opened folder, or null when the user chose to quit. */
export async function openWithRecovery(dataDir: string, version: string): Promise<Core | null> {
  let core: Core | null = null
  while (!core) {
    try {
      core = new Core({ dataDir, version })
    } catch (e) {
      if ((await cannotOpen(dataDir, e)) === 'quit') return null
    }
  }
  while (core.error) {
    const action = await unusable(dataDir, core.error)
    if (action === 'quit') {
      core.close()
      return null
    }
    if (action === 'open') await shell.openPath(dataDir)
    else await restoreFromBackup(core)
  }
  return core
}
