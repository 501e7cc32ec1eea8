// The core behind the contract: validates each call's input, opens the transaction of a method
// declared `mutates` (one at a time), runs the service, commits or drops, shapes errors.
// Every shell (Electron IPC, HTTP, tests, scripts) goes through `Core.call`.

import type { ZodError } from 'zod'
import { type Api, type MethodName, methods } from './contract'
import { AppError, type ProblemDetail } from './errors'
import { COLLECTIONS, type Records, SUMMARIES } from './store/collections'
import { type BackupInfo, Store, type StoreOptions } from './store/store'
import { fieldHandlers } from './handlers/field'
import { foundationHandlers } from './handlers/foundation'
import { importsHandlers } from './handlers/imports'
import { moneyHandlers } from './handlers/money'
import { reportsHandlers } from './handlers/reports'
import { accountsHandlers } from './handlers/accounts'
import { submissionsHandlers } from './handlers/submissions'
import type { Handler, TwoStep } from './handlers/types'
import { accountsOn, admit, checkInput, filterOutput } from './services/access'
import { ANONYMOUS, type AppStore, type CallState, type Caller, Ctx, Env, localCaller } from './services/context'
import { settle } from './services/sessions'

export { type Caller, localCaller } from './services/context'

type Handlers = { [M in MethodName]: Handler<M> | TwoStep<M> }

const handlers: Handlers = {
  ...foundationHandlers,
  ...importsHandlers,
  ...reportsHandlers,
  ...fieldHandlers,
  ...moneyHandlers,
  ...accountsHandlers,
  ...submissionsHandlers,
}

type AnyHandler = ((ctx: Ctx, input: unknown) => unknown) | { prepare(ctx: Ctx, input: unknown): Promise<unknown>; run(ctx: Ctx, input: unknown, prepared: unknown): unknown }

const AUTO_BACKUP_INTERVAL_MS = 6 * 3600_000
/**
 * The first automatic backup of a session waits this long: a copy of a city's folder takes a few
 * seconds, and opening the folder (the first screen) must not wait for it.
 */
const AUTO_BACKUP_FIRST_DELAY_MS = 60_000

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
  store?: Partial<Omit<StoreOptions<Records>, 'collections'>>
}

/** Methods a folder in recovery mode (damaged, or from a newer program) still answers. */
const RECOVERY_METHODS = new Set<MethodName>(['backups.list', 'backups.restore'])

/**
 * One opened data folder. When it cannot be read, the core still holds it (so no other program
 * opens it meanwhile) and answers `backups.list` and `backups.restore`, so the office can recover
 * from the app itself.
 */
export class Core {
  private readonly folder: AppStore
  private env: Env | null = null
  private backupTimer: NodeJS.Timeout | null = null
  /** mutating calls, one after another */
  private writes: Promise<unknown> = Promise.resolve()

  constructor(private readonly opts: CoreOptions) {
    this.folder = Store.open<Records>(opts.dataDir, { ...opts.store, collections: COLLECTIONS, summaries: SUMMARIES, now: opts.now })
    this.start()
  }

  private start(): void {
    if (this.folder.error) {
      this.env = null
      return
    }
    this.env = new Env(this.folder, this.folder.dataDir, this.opts.version ?? '0.0.0', this.opts.now)
    if (!this.backupTimer) {
      this.backupTimer = setTimeout(() => {
        this.autoBackup()
        this.backupTimer = setInterval(() => this.autoBackup(), 15 * 60_000)
        this.backupTimer.unref()
      }, AUTO_BACKUP_FIRST_DELAY_MS)
      this.backupTimer.unref()
    }
  }

  /** A rolling backup when one is due; a failure (a full disk) is reported by app.info, never thrown. */
  private autoBackup(): void {
    if (!this.env) return
    try {
      const keep = new Ctx(this.env, { method: 'backups.auto', mutates: false, caller: localCaller() }).settings().backupsKept
      this.folder.autoBackupIfDue(AUTO_BACKUP_INTERVAL_MS, keep)
      this.backupProblem = null
    } catch (e) {
      this.backupProblem = e instanceof AppError ? e : new AppError('io_error', `自动备份没有完成：${(e as Error).message}`)
    }
  }

  private backupProblem: AppError | null = null

  /**
   * The backup the desktop app takes when it quits, in the automatic rotation (so quitting every
   * evening does not fill the disk); null when the folder is not open.
   */
  backupOnQuit(): BackupInfo | null {
    if (!this.env || this.folder.error) return null
    const keep = new Ctx(this.env, { method: 'backups.quit', mutates: false, caller: localCaller() }).settings().backupsKept
    return this.folder.rollingBackup('quit', keep)
  }

  /** The opened folder's error, if it could not be opened. */
  get error(): AppError | null {
    return this.folder.error
  }

  /** Something the office should know although the folder works (a failed checkpoint or backup). */
  get warning(): AppError | null {
    return this.folder.warning ?? this.backupProblem
  }

  /**
   * Validated call by name: what every shell uses. `caller` defaults to this computer's user, who
   * may do everything in a folder without accounts; in a folder with accounts the caller is what
   * `settle` made of a session. The role is checked before the input is parsed, the places the
   * input names before the service runs, and lists in the answer are narrowed to the caller's
   * division (services/access.ts, from each method's declaration in the contract).
   */
  async call(method: string, rawInput: unknown, caller: Caller = localCaller()): Promise<unknown> {
    if (!Object.hasOwn(methods, method)) {
      throw new AppError('not_found', `没有名为 ${method} 的操作。`, { where: { field: 'method' } })
    }
    const name = method as MethodName
    const def = methods[name]
    this.admit(name, caller)
    const parsed = def.input.safeParse(rawInput ?? {})
    if (!parsed.success) throw zodToAppError(parsed.error)
    return this.folder.busy(() => this.answer(name, parsed.data as Record<string, unknown>, caller))
  }

  private async answer(name: MethodName, input: Record<string, unknown>, caller: Caller): Promise<unknown> {
    const def = methods[name]
    const handler = handlers[name] as AnyHandler
    if (!def.mutates) {
      const env = this.ready(name)
      if (!env) return this.recover(name, input, caller)
      const ctx = new Ctx(env, { method: name, mutates: false, caller })
      this.authorize(ctx, name, input)
      const result = typeof handler === 'function' ? await handler(ctx, input) : await handler.run(ctx, input, await handler.prepare(ctx, input))
      return this.narrow(ctx, name, result)
    }
    let prepared: unknown
    if (typeof handler !== 'function') {
      // The slow part (a password hash) before the lock, so other writes do not wait for it.
      const env = this.ready(name)
      if (env) {
        const ctx = new Ctx(env, { method: name, mutates: false, caller })
        this.authorize(ctx, name, input)
        prepared = await handler.prepare(ctx, input)
      }
    }
    return this.exclusive(async () => {
      const env = this.ready(name)
      if (!env) return this.recover(name, input, caller)
      const state: CallState = { open: null }
      const ctx = new Ctx(env, { method: name, mutates: true, caller }, state)
      let result: unknown
      try {
        // Again inside the lock: the places are checked against the data the write will see.
        this.authorize(ctx, name, input)
        result = typeof handler === 'function' ? await handler(ctx, input) : await handler.run(ctx, input, prepared)
      } catch (e) {
        if (state.open) this.folder.rollback()
        throw e
      }
      ctx.commit()
      return this.narrow(ctx, name, result)
    })
  }

  /**
   * The caller a session token stands for, settled by a shell before anything of the request is
   * read: this computer's user while the folder has no accounts; the account of a live session;
   * else anonymous (only the log-in is open to it). A folder that cannot be read has no accounts
   * to check: only a caller on this computer (`local`) may then list and restore backups.
   */
  settle(token: string | undefined, from?: string, local = false): Caller {
    const env = this.env
    if (!env || this.folder.error) return local ? { ...localCaller(), from } : { who: ANONYMOUS, from, anonymous: true }
    if (!accountsOn(env)) return from === undefined ? localCaller() : { ...localCaller(), from }
    return settle(new Ctx(env, { method: 'auth.session', mutates: false, caller: { who: ANONYMOUS, from } }), token, from)
  }

  /** Whether the folder asks for logging in (it has accounts). */
  get accountsOn(): boolean {
    return this.env !== null && !this.folder.error && accountsOn(this.env)
  }

  /**
   * May this caller use this method at all (its role; a session at all)? Throws `unauthenticated`
   * or `forbidden`. The browser-mode server asks before reading a request's body; `call` asks again.
   */
  admit(name: MethodName, caller: Caller): void {
    const env = this.env
    if (env && !this.folder.error) {
      admit(env, name, caller)
      return
    }
    if (RECOVERY_METHODS.has(name) && (caller.anonymous || caller.account)) {
      throw new AppError('forbidden', '数据文件夹现在无法打开，无法核对账号：只能在本机恢复备份。')
    }
  }

  /** The checks that need the input (reveal, places, area); a seam the bench times. */
  protected authorize(ctx: Ctx, name: MethodName, input: Record<string, unknown>): void {
    checkInput(ctx, name, input)
  }

  /** Lists in the answer narrowed to the caller's division; a seam the bench times. */
  protected narrow(ctx: Ctx, name: MethodName, result: unknown): unknown {
    return filterOutput(ctx, name, result)
  }

  /** The folder's Env, or null in recovery mode for a method recovery answers (else its error). */
  private ready(name: MethodName): Env | null {
    if (this.env && !this.folder.error) return this.env
    if (RECOVERY_METHODS.has(name)) return null
    throw this.folder.error ?? new AppError('internal', '数据文件夹没有打开。')
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn)
    this.writes = run.catch(() => undefined)
    return run
  }

  private recover(name: MethodName, input: unknown, caller: Caller): unknown {
    if (name === 'backups.list') return this.folder.listBackups()
    const { id } = input as { id: string }
    const result = this.folder.restore(id, { who: caller.who, from: caller.from, method: name })
    this.start()
    return result
  }

  /** A typed facade over `call`, for tests and scripts, as this computer's user. */
  get api(): Api {
    return this.as(localCaller())
  }

  /** The same facade for a named caller (the audit trail names it). */
  as(caller: Caller): Api {
    return new Proxy({} as Api, {
      get: (_t, prop: string) => (input: unknown) => this.call(prop, input, caller),
    })
  }

  /** The store, for tests and the bench (not for shells). */
  get store(): AppStore | null {
    return this.env ? this.folder : null
  }

  close(): void {
    if (this.backupTimer) clearTimeout(this.backupTimer) // clears an interval as well
    this.backupTimer = null
    this.folder.close()
    this.env = null
  }
}
