// The opened data folder as the shell holds it: every page call goes through here, so it knows
// whether anything was written since the last backup (for the backup at quit), and it can switch
// to another folder (the data-folder move) without a call landing on a closed core.
import { Core } from '../core/api'
import { methods } from '../core/contract'
import type { LoginResult } from '../core/methods/accounts'
import type { MethodDef } from '../core/methods/schemas'
import { AppError, type SerializedError, serializeError } from '../core/errors'
import type { BackupInfo } from '../core/store/backups'
import type { Reply } from '../preload/bridge'
import { copyDataFolder, inspectTarget, removeCopy } from './data-folder'

/** A reply's error as the AppError it was, so it crosses the next boundary unchanged. */
export function fromSerialized(e: SerializedError): AppError {
  return new AppError(e.code, e.message, { where: e.where, details: e.details })
}

/** Opens a folder for a switch: a folder the core cannot use (damaged, too new) is an error here. */
export function openHealthyCore(dataDir: string, version: string): Core {
  const core = new Core({ dataDir, version })
  if (core.error) {
    const err = core.error
    core.close()
    throw err
  }
  return core
}

export class CoreHost {
  private written = false
  /** Set when a failed move could not reopen the original folder: every call answers this. */
  private lost: AppError | null = null
  /** Set while the folder is being switched; calls wait for it. */
  private switching: Promise<unknown> | null = null
  /**
   * The session of the window's user when the folder has accounts: kept here in the main process
   * (the desktop's cookie), never handed to the page.
   */
  private session: string | null = null

  constructor(
    private current: Core,
    private dir: string,
    private readonly version: string,
  ) {}

  get core(): Core {
    return this.current
  }

  get dataDir(): string {
    return this.dir
  }

  /**
   * One API call, answered as a Reply; a successful write marks the folder as changed. Without
   * accounts the computer's user makes every call, as always; with them, the session opened by
   * the log-in page (the core says which methods open and end one).
   */
  async call(method: string, input: unknown): Promise<Reply<unknown>> {
    while (this.switching) await this.switching.catch(() => undefined)
    if (this.lost) return { ok: false, error: this.lost.toJSON() }
    try {
      const caller = this.current.settle(this.session ?? undefined, undefined, true)
      let result = await this.current.call(method, input, caller)
      const def = Object.hasOwn(methods, method) ? (methods[method as keyof typeof methods] as MethodDef) : undefined
      if (def?.mutates) this.written = true
      if (method === 'backups.create') this.written = false
      if (def?.session === 'start') {
        const { session, ...rest } = result as LoginResult
        this.session = session.token
        result = rest
      } else if (def?.session === 'end') this.session = null
      return { ok: true, result }
    } catch (e) {
      return { ok: false, error: serializeError(e) }
    }
  }

  /**
   * The backup taken when the app quits: an automatic one (kept in the rotation the office set in
   * 设置, so quitting every evening does not fill the disk), and only when something was written
   * since the app started or since the last backup made here.
   */
  async backupOnQuit(): Promise<BackupInfo | null> {
    while (this.switching) await this.switching.catch(() => undefined)
    if (!this.written || this.lost) return null
    const info = this.current.backupOnQuit()
    this.written = false
    return info
  }

  /** 文件 → 立即备份. */
  async backupNow(note: string): Promise<BackupInfo> {
    const reply = await this.call('backups.create', { note })
    if (!reply.ok) throw fromSerialized(reply.error)
    return reply.result as BackupInfo
  }

  /**
   * Moves the data to `target` (empty: copied and verified) or switches to the data already
   * there (`data`), opening it before letting go of the current folder, which is kept as it was.
   * On any failure the current folder is opened again and nothing in it has changed.
   */
  async moveTo(target: string, commit: (to: string) => void): Promise<{ from: string; to: string; copied: boolean }> {
    const run = this.doMove(target, commit)
    this.switching = run
    try {
      return await run
    } finally {
      this.switching = null
    }
  }

  private async doMove(target: string, commit: (to: string) => void): Promise<{ from: string; to: string; copied: boolean }> {
    const from = this.dir
    const kind = inspectTarget(from, target)
    if (kind === 'same') throw new AppError('invalid_input', '所选文件夹就是当前的数据文件夹。', { where: { file: target } })
    if (kind === 'nested') {
      throw new AppError('invalid_input', '新位置不能在当前数据文件夹之内，也不能包含它；请选择别处的空文件夹。', { where: { file: target } })
    }
    if (kind === 'foreign') {
      throw new AppError('invalid_input', `文件夹 ${target} 不是空的，也不是本程序的数据文件夹。为免混入或覆盖其他文件，请新建或选择一个空文件夹。`, {
        where: { file: target },
      })
    }
    const copy = kind === 'empty'
    // Closing checkpoints every change into the snapshot files and releases the lock, so the
    // copy is complete and the folder can be opened at its new place.
    this.current.close()
    let next: Core | null = null
    try {
      if (copy) await copyDataFolder(from, target)
      next = openHealthyCore(target, this.version)
      // Remembered only once the new folder is open, so the next start opens what this one uses.
      commit(target)
    } catch (e) {
      next?.close()
      if (copy) await removeCopy(target).catch(() => undefined)
      this.reopen(from)
      throw e
    }
    this.current = next
    this.dir = target
    // Another folder has other accounts (or none).
    this.session = null
    return { from, to: target, copied: copy }
  }

  /** After a failed move: the folder that was open, open again (it was closed for the copy). */
  private reopen(dir: string): void {
    try {
      this.current = openHealthyCore(dir, this.version)
    } catch (e) {
      this.lost = new AppError(
        'internal',
        `移动失败后无法重新打开原数据文件夹 ${dir}：${serializeError(e).message} 数据没有丢失；请关闭本程序后重新启动。`,
        { where: { file: dir } },
      )
    }
  }

  close(): void {
    this.current.close()
  }
}
