// A small stand-in for the parts of Electron the main process uses (app, BrowserWindow, ipcMain,
// dialog, session, Menu, shell, screen), for `vi.mock('electron', () => import('./helpers/fake-electron'))`.
// It keeps what the shell registered so a test can drive it: emit app events, invoke IPC handlers
// as a given page would, answer dialogs, and look at what the window and session were given.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { vi } from 'vitest'

type Listener = (...args: any[]) => unknown

class Emitter {
  private listeners = new Map<string, Listener[]>()
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn])
    return this
  }
  once(event: string, fn: Listener): this {
    const wrapped: Listener = (...args) => {
      this.off(event, wrapped)
      return fn(...args)
    }
    return this.on(event, wrapped)
  }
  off(event: string, fn: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== fn),
    )
    return this
  }
  emit(event: string, ...args: unknown[]): boolean {
    const ls = this.listeners.get(event) ?? []
    for (const l of ls) l(...args)
    return ls.length > 0
  }
  listenerCount(event: string): number {
    return (this.listeners.get(event) ?? []).length
  }
  removeAllListeners(): void {
    this.listeners.clear()
  }
}

/** An Electron-style event whose default can be prevented. */
export function fakeEvent<T extends object>(extra: T = {} as T): T & { preventDefault: () => void; defaultPrevented: boolean } {
  const e = {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true
    },
  }
  return e
}

let nextContentsId = 1

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  sent: Array<{ channel: string; args: unknown[] }> = []
  /** what print() reports: success, or the failure reason */
  printResult: { success: boolean; reason: string } = { success: true, reason: '' }
  printCalls: unknown[] = []
  pdfCalls: unknown[] = []
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = h
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args })
  }
  print(opts: unknown, cb: (success: boolean, reason: string) => void) {
    this.printCalls.push(opts)
    cb(this.printResult.success, this.printResult.reason)
  }
  async printToPDF(opts: unknown): Promise<Buffer> {
    this.pdfCalls.push(opts)
    return Buffer.from('%PDF-1.7 fake\n')
  }
  /** What `navigate` would do: emits will-navigate, tells whether it went ahead. */
  tryNavigate(url: string): boolean {
    const e = fakeEvent()
    this.emit('will-navigate', e, url)
    return !e.defaultPrevented
  }
}

export class BrowserWindow extends Emitter {
  static instances: BrowserWindow[] = []
  readonly options: any
  readonly webContents = new FakeWebContents()
  loadedUrl: string | null = null
  maximized = false
  minimized = false
  focused = 0
  shown = false
  bounds: { x: number; y: number; width: number; height: number }

  constructor(options: any) {
    super()
    this.options = options
    this.bounds = { x: options.x ?? 100, y: options.y ?? 50, width: options.width, height: options.height }
    BrowserWindow.instances.push(this)
    app.emit('web-contents-created', fakeEvent(), this.webContents)
  }
  static fromWebContents(wc: unknown): BrowserWindow | null {
    return BrowserWindow.instances.find((w) => w.webContents === wc) ?? null
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances
  }
  async loadURL(url: string) {
    this.loadedUrl = url
  }
  maximize() {
    this.maximized = true
  }
  isMaximized() {
    return this.maximized
  }
  isMinimized() {
    return this.minimized
  }
  restore() {
    this.minimized = false
  }
  focus() {
    this.focused++
  }
  show() {
    this.shown = true
  }
  getNormalBounds() {
    return { ...this.bounds }
  }
  /** Closing as the user would: 'close', then 'closed'. */
  close() {
    this.emit('close', fakeEvent())
    this.emit('closed')
    BrowserWindow.instances = BrowserWindow.instances.filter((w) => w !== this)
  }
}

function tempRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'chd-test-electron-'))
}

class FakeApp extends Emitter {
  isPackaged = false
  singleInstance = true
  quitCalls = 0
  /** set once a quit went through (before-quit not prevented) */
  quitted = false
  exitCode: number | null = null
  root = tempRoot()
  paths: Record<string, string> = {}
  userModelId: string | null = null

  constructor() {
    super()
    this.resetPaths()
  }
  resetPaths() {
    this.root = tempRoot()
    this.paths = { userData: path.join(this.root, 'userData'), documents: path.join(this.root, 'documents') }
    for (const p of Object.values(this.paths)) fs.mkdirSync(p, { recursive: true })
  }
  requestSingleInstanceLock() {
    return this.singleInstance
  }
  whenReady() {
    return Promise.resolve()
  }
  getPath(name: string) {
    const p = this.paths[name]
    if (!p) throw new Error(`fake app.getPath: no ${name}`)
    return p
  }
  getVersion() {
    return '0.1.0'
  }
  getName() {
    return '清洁取暖改造工作台'
  }
  setAppUserModelId(id: string) {
    this.userModelId = id
  }
  /** As Electron: 'before-quit' (preventable), then 'will-quit' and the end. */
  quit() {
    this.quitCalls++
    const e = fakeEvent()
    this.emit('before-quit', e)
    if (e.defaultPrevented) return
    this.emit('will-quit', fakeEvent())
    this.quitted = true
  }
  exit(code: number) {
    this.exitCode = code
  }
}

export const app = new FakeApp()

type Handler = (event: unknown, ...args: unknown[]) => unknown

class FakeIpcMain {
  handlers = new Map<string, Handler>()
  handle(channel: string, fn: Handler) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, fn)
  }
  /**
   * Calls a handler as a page at `url` would: from the top frame of `sender` unless `subframe`.
   * `url: null` stands for a frame that is gone.
   */
  async invoke(channel: string, from: { url: string | null; sender?: FakeWebContents; subframe?: boolean }, ...args: unknown[]): Promise<any> {
    const fn = this.handlers.get(channel)
    if (!fn) throw new Error(`No handler registered for '${channel}'`)
    const sender = from.sender ?? BrowserWindow.instances[0]?.webContents ?? new FakeWebContents()
    const senderFrame = from.url === null ? null : { url: from.url, parent: from.subframe ? { url: from.url } : null }
    return fn({ sender, senderFrame }, ...args)
  }
}

export const ipcMain = new FakeIpcMain()

export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  showErrorBox: vi.fn((_title: string, _content: string) => undefined),
}

type HeadersListener = (details: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void

class FakeSession extends Emitter {
  headersListener: HeadersListener | null = null
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void, details?: unknown) => void) | null = null
  permissionCheckHandler: ((wc: unknown, permission: string, origin: string, details?: unknown) => boolean) | null = null
  devicePermissionHandler: ((details: unknown) => boolean) | null = null
  webRequest = {
    onHeadersReceived: (fn: HeadersListener) => {
      this.headersListener = fn
    },
  }
  setPermissionRequestHandler(fn: FakeSession['permissionRequestHandler']) {
    this.permissionRequestHandler = fn
  }
  setPermissionCheckHandler(fn: FakeSession['permissionCheckHandler']) {
    this.permissionCheckHandler = fn
  }
  setDevicePermissionHandler(fn: FakeSession['devicePermissionHandler']) {
    this.devicePermissionHandler = fn
  }
}

export const session = { defaultSession: new FakeSession() }

export interface FakeMenu {
  template: any[]
}

export const Menu = {
  applicationMenu: null as FakeMenu | null,
  buildFromTemplate: (template: any[]): FakeMenu => ({ template }),
  setApplicationMenu: (menu: FakeMenu | null) => {
    Menu.applicationMenu = menu
  },
}

export const shell = {
  openPath: vi.fn(async (_p: string) => ''),
  openExternal: vi.fn(async (_url: string) => undefined),
}

type Area = { x: number; y: number; width: number; height: number }

export const screen = {
  areas: [{ x: 0, y: 0, width: 1920, height: 1040 }] as Area[],
  getPrimaryDisplay: () => ({ workArea: screen.areas[0]! }),
  getAllDisplays: () => screen.areas.map((workArea) => ({ workArea })),
}

/** A fresh fake for the next test: no listeners, windows, handlers or dialog answers; new temp paths. */
export function resetFakeElectron(): void {
  app.removeAllListeners()
  app.isPackaged = false
  app.singleInstance = true
  app.quitCalls = 0
  app.quitted = false
  app.exitCode = null
  app.userModelId = null
  app.resetPaths()
  BrowserWindow.instances = []
  ipcMain.handlers.clear()
  for (const fn of [...Object.values(dialog), ...Object.values(shell)]) fn.mockReset()
  dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] })
  dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' })
  dialog.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: false })
  shell.openPath.mockResolvedValue('')
  session.defaultSession = new FakeSession()
  Menu.applicationMenu = null
  screen.areas = [{ x: 0, y: 0, width: 1920, height: 1040 }]
}

/** The fake's temp folders (userData, documents) are under this; remove it after the test. */
export function fakeRoot(): string {
  return app.root
}

export default { app, BrowserWindow, ipcMain, dialog, session, Menu, shell, screen }

/** The shell's window (typed as Electron's) as the fake it is. */
export function asFake(win: unknown): BrowserWindow {
  if (!(win instanceof BrowserWindow)) throw new Error('not a fake window')
  return win
}
