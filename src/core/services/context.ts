// What every service needs: the store, the clock, who is calling, the call's transaction, and
// derived indexes kept in step with the store through one change feed.
//
// One `Env` per opened data folder holds what lives as long as the folder is open (the store,
// derived indexes, import sessions); one `Ctx` per call adds the caller and the transaction that
// `Core.call` opened for a method declared `mutates`.

import os from 'node:os'
import { DEFAULT_ROUTES } from '../domain/routes'
import type { Division, Settings } from '../domain/types'
import { localDate } from '../domain/dates'
import type { Role } from '../domain/roles'
import { type CollectionName, figureKey, type Records } from '../store/collections'
import { figureMonthEnds, figureTails, findFigure } from '../store/figure-latest'
import type { Change, LogEntry, OpenTx, Store, Tx as StoreTx } from '../store/store'

export type AppStore = Store<Records>
export type Tx = StoreTx<Records>

let osUser: string | undefined

/** The OS user name (asked once: os.userInfo() is a system call). */
export function defaultOperator(): string {
  if (osUser === undefined) {
    try {
      osUser = os.userInfo().username || '操作员'
    } catch {
      osUser = '操作员'
    }
  }
  return osUser
}

export function defaultSettings(): Settings {
  return { operator: defaultOperator(), unitName: '清洁取暖工作领导小组办公室', routes: DEFAULT_ROUTES, backupsKept: 10 }
}

/** Who makes a call: written into the audit trail of every change it makes. */
export interface Caller {
  who: string
  /** where from (an address in browser mode) */
  from?: string
  /** the account a session belongs to (a folder with accounts) */
  account?: CallerAccount
  /** a folder with accounts and no valid session: only the log-in is open to it */
  anonymous?: boolean
}

/** The account behind a call, as its session settled it (read afresh on every call). */
export interface CallerAccount {
  id: string
  login: string
  name: string
  role: Role
  /** '' is the office's whole area; else a division code */
  scope: string
  mustChangePassword: boolean
  /** the SHA-256 of the session's token (its key in `sessions`) */
  session: string
  sessionExpiresAt: string
}

/** How the trail names a call made with no session to a folder that has accounts. */
export const ANONYMOUS = '（未登录）'

/** The desktop's caller: the user logged in to this computer. */
export function localCaller(): Caller {
  return { who: defaultOperator() }
}

/**
 * A value computed from the store (an index, a cache), built on first use and kept in step with
 * the change feed: each change to a watched collection is `apply`'d in place, or, without
 * `apply` (or when it returns false), drops the value so the next use rebuilds it.
 */
export interface Derived<T> {
  name: string
  watches: readonly CollectionName[]
  build(env: Env): T
  apply?(value: T, change: Change): boolean
}

interface Slot {
  def: Derived<unknown>
  value: unknown
}

/** What lives as long as the folder is open. */
export class Env {
  private slots = new Map<Derived<unknown>, Slot>()
  private byCollection = new Map<string, Set<Slot>>()
  private locals = new Map<string, unknown>()

  constructor(
    readonly store: AppStore,
    readonly dataDir: string,
    readonly version: string,
    readonly now: () => Date = () => new Date(),
  ) {
    store.onChange((e) => this.onChange(e))
  }

  derived<T>(def: Derived<T>): T {
    let slot = this.slots.get(def as Derived<unknown>)
    if (!slot) {
      slot = { def: def as Derived<unknown>, value: undefined }
      this.slots.set(def as Derived<unknown>, slot)
      for (const c of def.watches) {
        let set = this.byCollection.get(c)
        if (!set) this.byCollection.set(c, (set = new Set()))
        set.add(slot)
      }
    }
    if (slot.value === undefined) slot.value = def.build(this)
    return slot.value as T
  }

  /** State kept while the folder is open that is not derived from the store (e.g. import sessions). */
  local<T>(name: string, init: () => T): T {
    if (!this.locals.has(name)) this.locals.set(name, init())
    return this.locals.get(name) as T
  }

  private onChange(e: LogEntry | 'reset'): void {
    if (e === 'reset') {
      for (const slot of this.slots.values()) slot.value = undefined
      return
    }
    for (const ch of e.changes) {
      for (const slot of this.byCollection.get(ch.c) ?? []) {
        if (slot.value === undefined) continue
        if (!slot.def.apply || !slot.def.apply(slot.value, ch)) slot.value = undefined
      }
    }
  }
}

/** The transaction of one call, opened on its first write and committed by `Core.call`. */
export interface CallState {
  open: OpenTx<Records> | null
  /** `ctx.store` while `open`: the store with the transaction's own writes visible */
  view?: AppStore
  /** whom the trail names for this call's writes, when not the caller (a log-in names the account logging in) */
  who?: string
}

export interface CallInfo {
  method: string
  mutates: boolean
  caller: Caller
}

interface DivisionIndex {
  children: Map<string, string[]>
  counties: string[]
}

const divisionIndex: Derived<DivisionIndex> = {
  name: 'divisions.tree',
  watches: ['divisions'],
  build: (env) => {
    const children = new Map<string, string[]>()
    const counties: string[] = []
    for (const d of env.store.values('divisions')) {
      if (d.level === 'county') counties.push(d.code)
      let list = children.get(d.parentCode)
      if (!list) children.set(d.parentCode, (list = []))
      list.push(d.code)
    }
    for (const list of children.values()) list.sort()
    counties.sort()
    return { children, counties }
  },
}

/**
 * Figures are filed per month; this index knows, per month loaded so far, each village's figure
 * dates, so a question about a date loads that month's file (and earlier ones only as far back as
 * needed) and opening a season's folder does not parse every month.
 */
class FigureIndex {
  private byMonth = new Map<string, Map<string, string[]>>()
  private months: string[] | null = null

  constructor(private readonly store: AppStore) {}

  monthList(): string[] {
    if (!this.months) this.months = this.store.partitionNames('figures')
    return this.months
  }

  month(month: string): Map<string, string[]> {
    let idx = this.byMonth.get(month)
    if (!idx) {
      idx = new Map()
      for (const key of this.store.partitionEntries('figures', month).keys()) {
        const [village, date] = key.split('|') as [string, string]
        let list = idx.get(village)
        if (!list) idx.set(village, (list = []))
        list.push(date)
      }
      for (const list of idx.values()) list.sort()
      this.byMonth.set(month, idx)
    }
    return idx
  }

  apply(ch: Change): void {
    const [village, date] = ch.k.split('|') as [string, string]
    const month = date.slice(0, 7)
    if (this.months && !this.months.includes(month)) {
      this.months.push(month)
      this.months.sort()
    }
    const idx = this.byMonth.get(month)
    if (!idx) return // indexed from the store when first asked
    let list = idx.get(village)
    if (!list) idx.set(village, (list = []))
    const i = list.indexOf(date)
    if (ch.a === null && i !== -1) list.splice(i, 1)
    else if (ch.a !== null && i === -1) {
      list.push(date)
      list.sort()
    }
  }
}

const figureIndex: Derived<FigureIndex> = {
  name: 'figures.dates',
  watches: ['figures'],
  build: (env) => new FigureIndex(env.store),
  apply: (idx, ch) => {
    idx.apply(ch)
    return true
  },
}

/** county → (villageCode → household ids), per county on first use. */
class HouseholdIndex {
  private byCounty = new Map<string, Map<string, Set<string>>>()

  constructor(private readonly store: AppStore) {}

  of(villageCode: string): ReadonlySet<string> {
    const county = villageCode.slice(0, 6)
    let byVillage = this.byCounty.get(county)
    if (!byVillage) {
      byVillage = new Map()
      for (const id of this.store.partitionEntries('households', county).keys()) {
        const v = id.slice(0, 12)
        let set = byVillage.get(v)
        if (!set) byVillage.set(v, (set = new Set()))
        set.add(id)
      }
      this.byCounty.set(county, byVillage)
    }
    return byVillage.get(villageCode) ?? new Set()
  }

  apply(ch: Change): void {
    const byVillage = this.byCounty.get(ch.k.slice(0, 6))
    if (!byVillage) return
    const v = ch.k.slice(0, 12)
    let set = byVillage.get(v)
    if (!set) byVillage.set(v, (set = new Set()))
    if (ch.a === null) set.delete(ch.k)
    else set.add(ch.k)
  }
}

const householdIndex: Derived<HouseholdIndex> = {
  name: 'households.byVillage',
  watches: ['households'],
  build: (env) => new HouseholdIndex(env.store),
  apply: (idx, ch) => {
    idx.apply(ch)
    return true
  },
}

/** One call's view of the core: the folder's `Env` plus who is calling and the call's transaction. */
export class Ctx {
  constructor(
    readonly env: Env,
    private readonly call: CallInfo,
    private readonly state: CallState = { open: null },
  ) {}

  /**
   * The store as this call sees it: once the call has written, reads include its own writes
   * (services composed in one call read each other's changes before the commit). Derived indexes
   * follow the commit; a handler that needs them after writing calls `commit()` first.
   */
  get store(): AppStore {
    const open = this.state.open
    if (!open) return this.env.store
    if (this.state.view) return this.state.view
    const reads = open.reads as unknown as Record<string | symbol, unknown>
    return (this.state.view = new Proxy(this.env.store, {
      get(target, prop) {
        if (Object.hasOwn(reads, prop)) return reads[prop]
        const v = Reflect.get(target, prop, target) as unknown
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    }))
  }

  get dataDir(): string {
    return this.env.dataDir
  }

  get version(): string {
    return this.env.version
  }

  get now(): () => Date {
    return this.env.now
  }

  /** The account (or computer user) making the call, as the audit trail names it. */
  get who(): string {
    return this.call.caller.who
  }

  get caller(): Caller {
    return this.call.caller
  }

  /** The division the caller sees: '' for the whole area (an account over it, or no accounts at all). */
  get scope(): string {
    return this.call.caller.account?.scope ?? ''
  }

  today(): string {
    return localDate(this.now())
  }

  settings(): Settings {
    return { ...defaultSettings(), ...(this.store.get('settings', 'settings') ?? {}) }
  }

  /**
   * Writes through the call's transaction (opened on first use, committed by `Core.call` when the
   * handler returns, dropped if it throws). Only methods declared `mutates` may write.
   */
  write<R>(fn: (tx: Tx) => R): R {
    if (!this.call.mutates) throw new Error(`${this.call.method} is not declared mutates but tried to write`)
    if (!this.state.open) this.state.open = this.store.begin({ who: this.state.who ?? this.who, from: this.caller.from, method: this.call.method })
    return fn(this.state.open.tx)
  }

  /** Names someone else than the caller for this call's writes (before the first): a log-in's session is the account's. */
  writeAs(who: string): void {
    this.state.who = who
  }

  /** Commits what was written so far, for a handler that reads the result back through indexes. */
  commit(): void {
    const open = this.state.open
    this.state.open = null
    this.state.view = undefined
    open?.commit()
  }

  /** An audit-only record (a reveal of personal data, a roster printed), allowed in any call. */
  note(collection: string, key: string, detail: unknown): void {
    this.store.note({ who: this.who, from: this.caller.from, method: this.call.method }, collection, key, detail)
  }

  derived<T>(def: Derived<T>): T {
    return this.env.derived(def)
  }

  local<T>(name: string, init: () => T): T {
    return this.env.local(name, init)
  }

  // ---- divisions ----

  division(code: string): Division | undefined {
    return this.store.get('divisions', code)
  }

  plan(villageCode: string) {
    return this.store.get('plans', villageCode)
  }

  divisions(): DivisionIndex {
    return this.derived(divisionIndex)
  }

  /** Village codes under a division (itself when it is a village). */
  villagesUnder(code: string): string[] {
    const d = this.division(code)
    if (!d) return []
    if (d.level === 'village') return [code]
    const out: string[] = []
    const stack = [code]
    const { children } = this.divisions()
    while (stack.length) {
      const c = stack.pop()!
      for (const k of children.get(c) ?? []) {
        const kd = this.division(k)
        if (kd?.level === 'village') out.push(k)
        else stack.push(k)
      }
    }
    return out.sort()
  }

  // ---- figures ----

  /** Every figure date of a village, ascending (reads every month). */
  figureDatesOf(villageCode: string): readonly string[] {
    const idx = this.derived(figureIndex)
    return idx.monthList().flatMap((m) => idx.month(m).get(villageCode) ?? [])
  }

  /** The village's latest `limit` figure dates, newest first (reads months only as far back as needed). */
  latestFigureDates(villageCode: string, limit: number): string[] {
    const idx = this.derived(figureIndex)
    const out: string[] = []
    const months = idx.monthList()
    for (let i = months.length - 1; i >= 0 && out.length < limit; i--) {
      const dates = idx.month(months[i]!).get(villageCode) ?? []
      for (let j = dates.length - 1; j >= 0 && out.length < limit; j--) out.push(dates[j]!)
    }
    return out
  }

  /**
   * The village's latest figure on or before `date`: from the store's summaries of latest figures,
   * searching the date's own month only when the village has figures after the date in it.
   */
  figureAsOf(villageCode: string, date: string) {
    const store = this.env.store
    const found = findFigure(store.summary(figureTails), () => store.summary(figureMonthEnds), store, villageCode, date)
    let figure = found.figure
    if (found.searchMonth) {
      const dates = this.derived(figureIndex).month(found.searchMonth).get(villageCode) ?? []
      // Latest date ≤ `date` (binary search).
      let lo = 0
      let hi = dates.length - 1
      let at = -1
      while (lo <= hi) {
        const mid = (lo + hi) >> 1
        if (dates[mid]! <= date) {
          at = mid
          lo = mid + 1
        } else hi = mid - 1
      }
      if (at !== -1) figure = this.env.store.get('figures', figureKey(villageCode, dates[at]!))
    }
    // A call that has written sees its own version of the record (as indexes, the dates follow the commit).
    if (figure && this.state.open) return this.store.get('figures', figureKey(villageCode, figure.date))
    return figure
  }

  // ---- households ----

  householdIdsOf(villageCode: string): ReadonlySet<string> {
    return this.derived(householdIndex).of(villageCode)
  }
}
