// What every service needs: the store, the clock, the operator, and in-memory indexes kept in step
// with the store's change events.

import os from 'node:os'
import { DEFAULT_ROUTES } from '../domain/routes'
import type { DailyFigure, Division, Household, Settings, VillagePlan } from '../domain/types'
import { localDate } from '../domain/dates'
import type { LogEntry, Store, Tx } from '../store/store'

let osUser: string | undefined

/** The OS user name (asked once: os.userInfo() is a system call, and settings are read often). */
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

interface DivisionIndex {
  children: Map<string, string[]>
  counties: string[]
}

export class Ctx {
  private divisionIndex: DivisionIndex | null = null
  /** month → (villageCode → figure dates, ascending), for the months loaded so far */
  private figureDates = new Map<string, Map<string, string[]>>()
  private figureMonths: string[] | null = null
  /** county → (villageCode → household ids) */
  private householdsByVillage = new Map<string, Map<string, Set<string>>>()

  constructor(
    readonly store: Store,
    readonly dataDir: string,
    readonly version: string,
    readonly now: () => Date = () => new Date(),
  ) {
    store.onChange((e) => this.onChange(e))
  }

  today(): string {
    return localDate(this.now())
  }

  settings(): Settings {
    return { ...defaultSettings(), ...(this.store.get<Partial<Settings>>('settings', 'settings') ?? {}) }
  }

  /** Runs a write as the current operator; `method` is the API method name. */
  write<R>(method: string, fn: (tx: Tx) => R): R {
    return this.store.transact({ who: this.settings().operator, method }, fn)
  }

  // ---- divisions ----

  division(code: string): Division | undefined {
    return this.store.get<Division>('divisions', code)
  }

  plan(villageCode: string): VillagePlan | undefined {
    return this.store.get<VillagePlan>('plans', villageCode)
  }

  divisions(): DivisionIndex {
    if (!this.divisionIndex) {
      const children = new Map<string, string[]>()
      const counties: string[] = []
      for (const d of this.store.values<Division>('divisions')) {
        if (d.level === 'county') counties.push(d.code)
        let list = children.get(d.parentCode)
        if (!list) children.set(d.parentCode, (list = []))
        list.push(d.code)
      }
      for (const list of children.values()) list.sort()
      counties.sort()
      this.divisionIndex = { children, counties }
    }
    return this.divisionIndex
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
  // Figures are filed per month. A question about a date loads that month's file (and earlier
  // ones only as far back as needed), so opening a season's folder does not parse every month.

  /** months ('YYYY-MM') that hold figures, ascending */
  private figureMonthList(): string[] {
    if (!this.figureMonths) this.figureMonths = this.store.partitionNames('figures')
    return this.figureMonths
  }

  /** villageCode → its figure dates in one month, ascending */
  private monthIndex(month: string): Map<string, string[]> {
    let idx = this.figureDates.get(month)
    if (!idx) {
      idx = new Map()
      for (const key of this.store.partitionEntries<DailyFigure>('figures', month).keys()) {
        const [village, date] = key.split('|') as [string, string]
        let list = idx.get(village)
        if (!list) idx.set(village, (list = []))
        list.push(date)
      }
      for (const list of idx.values()) list.sort()
      this.figureDates.set(month, idx)
    }
    return idx
  }

  /** Every figure date of a village, ascending (reads every month). */
  figureDatesOf(villageCode: string): readonly string[] {
    return this.figureMonthList().flatMap((m) => this.monthIndex(m).get(villageCode) ?? [])
  }

  /** The village's latest `limit` figure dates, newest first (reads months only as far back as needed). */
  latestFigureDates(villageCode: string, limit: number): string[] {
    const out: string[] = []
    const months = this.figureMonthList()
    for (let i = months.length - 1; i >= 0 && out.length < limit; i--) {
      const dates = this.monthIndex(months[i]!).get(villageCode) ?? []
      for (let j = dates.length - 1; j >= 0 && out.length < limit; j--) out.push(dates[j]!)
    }
    return out
  }

  /** The village's latest figure on or before `date`. */
  figureAsOf(villageCode: string, date: string): DailyFigure | undefined {
    const months = this.figureMonthList()
    const month = date.slice(0, 7)
    for (let i = months.length - 1; i >= 0; i--) {
      if (months[i]! > month) continue
      const dates = this.monthIndex(months[i]!).get(villageCode)
      if (!dates) continue
      // Latest date ≤ `date` (binary search; in earlier months every date qualifies).
      let lo = 0
      let hi = dates.length - 1
      let found = -1
      while (lo <= hi) {
        const mid = (lo + hi) >> 1
        if (dates[mid]! <= date) {
          found = mid
          lo = mid + 1
        } else hi = mid - 1
      }
      if (found !== -1) return this.store.get<DailyFigure>('figures', `${villageCode}|${dates[found]}`)
    }
    return undefined
  }

  // ---- households ----

  householdIdsOf(villageCode: string): ReadonlySet<string> {
    const county = villageCode.slice(0, 6)
    let byVillage = this.householdsByVillage.get(county)
    if (!byVillage) {
      byVillage = new Map()
      for (const id of this.store.partitionEntries<Household>('households', county).keys()) {
        const v = id.slice(0, 12)
        let set = byVillage.get(v)
        if (!set) byVillage.set(v, (set = new Set()))
        set.add(id)
      }
      this.householdsByVillage.set(county, byVillage)
    }
    return byVillage.get(villageCode) ?? new Set()
  }

  private onChange(e: LogEntry | 'reset'): void {
    if (e === 'reset') {
      this.divisionIndex = null
      this.figureDates.clear()
      this.figureMonths = null
      this.householdsByVillage.clear()
      return
    }
    for (const ch of e.changes) {
      if (ch.c === 'divisions') this.divisionIndex = null
      else if (ch.c === 'figures') {
        const [village, date] = ch.k.split('|') as [string, string]
        const month = date.slice(0, 7)
        if (this.figureMonths && !this.figureMonths.includes(month)) {
          this.figureMonths.push(month)
          this.figureMonths.sort()
        }
        const idx = this.figureDates.get(month)
        if (!idx) continue // indexed from the store when first asked
        let list = idx.get(village)
        if (!list) idx.set(village, (list = []))
        const i = list.indexOf(date)
        if (ch.a === null && i !== -1) list.splice(i, 1)
        else if (ch.a !== null && i === -1) {
          list.push(date)
          list.sort()
        }
      } else if (ch.c === 'households') {
        const byVillage = this.householdsByVillage.get(ch.k.slice(0, 6))
        if (!byVillage) continue
        const v = ch.k.slice(0, 12)
        let set = byVillage.get(v)
        if (!set) byVillage.set(v, (set = new Set()))
        if (ch.a === null) set.delete(ch.k)
        else set.add(ch.k)
      }
    }
  }
}
