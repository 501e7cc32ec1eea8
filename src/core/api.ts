// The core behind the contract: validates each call's input, runs the service, shapes errors.
// Every shell (Electron IPC, HTTP, tests, scripts) goes through `Core.call`.

import type { ZodError } from 'zod'
import { type Api, type MethodName, methods } from './contract'
import { AppError, type ProblemDetail } from './errors'
import { COLLECTIONS } from './store/collections'
import { createBackup, listBackups, swapInBackup } from './store/backups'
import { Store, type StoreOptions } from './store/store'
import { fieldHandlers } from './handlers/field'
import { foundationHandlers } from './handlers/foundation'
import { importsHandlers } from './handlers/imports'
import { moneyHandlers } from './handlers/money'
import { reportsHandlers } from './handlers/reports'
import type { Handler } from './handlers/types'
import { Ctx } from './services/context'

type Handlers = { [M in MethodName]: Handler<M> }

const handlers: Handlers = {
  ...foundationHandlers,
  ...importsHandlers,
  ...reportsHandlers,
  ...fieldHandlers,
  ...moneyHandlers,
}

const AUTO_BACKUP_INTERVAL_MS = 6 * 3600_000

/**
 * A schema failure as the user sees it. Our schemas speak Chinese and the form shows where; a
 * message from zod itself (a shape no form sends) keeps the field path, for whoever called.
 */
function zodToAppError(err: ZodError): AppError {
  const details: ProblemDetail[] = err.issues.map((i) => ({
    message: i.message,
    where: { field: i.path.map(String).join('.') || undefined },
  }))
  const first = details[0]!
  const field = first.where?.field
  const ours = /[\u4e00-\u9fff]/.test(first.message)
  const message = ours ? first.message : `输入有误：${first.message}${field ? `（${field}）` : ''}`
  return new AppError('invalid_input', message, {
    where: field ? { field } : undefined,
    details,
  })
}

export interface CoreOptions {
  dataDir: string
  version?: string
  now?: () => Date
  store?: Partial<Omit<StoreOptions, 'collections'>>
}

/**
 * One opened data folder. When the folder cannot be opened (corrupt, too new), the core still
 * answers `backups.list` and `backups.restore` so the office can recover from the app itself.
 */
export class Core {
  private ctx: Ctx | null = null
  private openError: AppError | null = null
  private backupTimer: NodeJS.Timeout | null = null

  constructor(private readonly opts: CoreOptions) {
    this.open()
  }

  private open(): void {
    try {
      const store = Store.open(this.opts.dataDir, { ...this.opts.store, collections: COLLECTIONS, now: this.opts.now })
      this.ctx = new Ctx(store, store.dataDir, this.opts.version ?? '0.0.0', this.opts.now)
      this.openError = null
      this.ctx.store.autoBackupIfDue(AUTO_BACKUP_INTERVAL_MS, this.ctx.settings().backupsKept)
      this.backupTimer = setInterval(() => {
        this.ctx?.store.autoBackupIfDue(AUTO_BACKUP_INTERVAL_MS, this.ctx.settings().backupsKept)
      }, 15 * 60_000)
      this.backupTimer.unref()
    } catch (e) {
      if (!(e instanceof AppError) || e.code === 'store_locked') throw e
      this.openError = e
    }
  }

  /** The opened folder's error, if it could not be opened. */
  get error(): AppError | null {
    return this.openError
  }

  /** Validated call by name: what both shells use. */
  async call(method: string, rawInput: unknown): Promise<unknown> {
    if (!Object.hasOwn(methods, method)) {
      throw new AppError('not_found', `没有名为 ${method} 的操作。`, { where: { field: 'method' } })
    }
    const name = method as MethodName
    const parsed = methods[name].input.safeParse(rawInput ?? {})
    if (!parsed.success) throw zodToAppError(parsed.error)
    if (!this.ctx) return this.callWithoutStore(name, parsed.data)
    const handler = handlers[name] as (ctx: Ctx, input: unknown) => unknown
    return await handler(this.ctx, parsed.data)
  }

  private callWithoutStore(name: MethodName, input: unknown): unknown {
    const dataDir = this.opts.dataDir
    if (name === 'backups.list') return listBackups(dataDir)
    if (name === 'backups.restore') {
      const { id } = input as { id: string }
      if (!listBackups(dataDir).some((b) => b.id === id)) throw new AppError('not_found', `找不到备份 ${id}。`)
      // The unreadable files are copied as they are, so the restore can still be undone.
      const undo = createBackup(dataDir, 'pre-restore', '恢复前的数据（无法打开）')
      swapInBackup(dataDir, id)
      this.open()
      if (this.openError) throw this.openError
      return { restored: id, undoId: undo.id }
    }
    throw this.openError!
  }

  /** A typed facade over `call`, for tests and scripts. */
  get api(): Api {
    return new Proxy({} as Api, {
      get: (_t, prop: string) => (input: unknown) => this.call(prop, input),
    })
  }

  /** The store, for tests and the bench (not for shells). */
  get store(): Store | null {
    return this.ctx?.store ?? null
  }

  close(): void {
    if (this.backupTimer) clearInterval(this.backupTimer)
    this.ctx?.store.close()
    this.ctx = null
  }
}
