// Each village's latest figures, kept by the store as two summaries so the figure "as of" a date is
// found without parsing months of figures, however long ago a village finished and stopped
// reporting: `figureTails` holds each village's newest figure and the one before it (all the
// dashboard of the latest days needs; its size does not grow with the season); `figureMonthEnds`
// the last figure of every month the village reported in, read only for an earlier date, which
// then searches at most that date's own month.
//
// Both are filled in village by village when first asked (from the months, newest first, as far
// back as the village's figures go) and saved, so a folder without them (from an older program, or
// whose file was lost) costs its first dashboard what it cost before, and nothing after.

import type { DailyFigure } from '../domain/types'
import type { Records } from './collections'
import type { Change } from './log'
import type { Summary, SummaryReads } from './summary'

type Reads = SummaryReads<Records>

const monthOf = (date: string) => date.slice(0, 7)

function splitKey(key: string): [string, string] {
  const bar = key.indexOf('|')
  return [key.slice(0, bar), key.slice(bar + 1)]
}

const isFigure = (f: unknown): f is DailyFigure => typeof (f as DailyFigure | null)?.date === 'string'

/** The village's latest figure in `month` dated before `before`, probed day by day (keys are village|date). */
function latestInMonth(read: Reads, village: string, month: string, before: string): DailyFigure | undefined {
  for (let day = 31; day >= 1; day--) {
    const date = `${month}-${String(day).padStart(2, '0')}`
    if (date >= before) continue
    const f = read.get('figures', `${village}|${date}`)
    if (f) return f
  }
  return undefined
}

/** The village's newest `want` figures dated before `before`, month by month back, newest first. */
function latestBefore(read: Reads, village: string, before: string, want = 1): DailyFigure[] {
  const out: DailyFigure[] = []
  const months = read.partitionNames('figures').filter((m) => m <= monthOf(before))
  for (let i = months.length - 1; i >= 0 && out.length < want; i--) {
    let bound = before
    for (let f = latestInMonth(read, village, months[i]!, bound); f && out.length < want; f = latestInMonth(read, village, months[i]!, bound)) {
      out.push(f)
      bound = f.date
    }
  }
  return out
}

const FAR = '9999-12-31'

// ---------- the newest two ----------

/** null: the village has no figures */
type Tail = { newest: DailyFigure; second?: DailyFigure } | null

export class FigureTails {
  private filled = false

  constructor(private readonly villages = new Map<string, Tail>()) {}

  /** The village's newest two, filled in from the months when not known yet. */
  get(village: string, read: Reads): Readonly<NonNullable<Tail>> | undefined {
    let t = this.villages.get(village)
    if (t === undefined) {
      const [newest, second] = latestBefore(read, village, FAR, 2)
      t = newest ? (second ? { newest, second } : { newest }) : null
      this.villages.set(village, t)
      this.filled = true
    }
    return t ?? undefined
  }

  takeFilled(): boolean {
    const f = this.filled
    this.filled = false
    return f
  }

  /** A village not known yet is left to be filled in from the store (which holds this figure). */
  put(village: string, fig: DailyFigure): void {
    if (!this.villages.has(village)) return
    const t = this.villages.get(village)
    if (!t) this.villages.set(village, { newest: fig })
    else if (fig.date === t.newest.date) t.newest = fig
    else if (fig.date > t.newest.date) {
      t.second = t.newest
      t.newest = fig
    } else if (!t.second || fig.date >= t.second.date) t.second = fig
  }

  /** A figure deleted (already gone from the store): the two are found again when it was one of them. */
  remove(village: string, date: string, read: Reads): void {
    const t = this.villages.get(village)
    if (!t || (t.newest.date !== date && t.second?.date !== date)) return
    // The one before the newest is, by what it is, the newest once that is gone.
    const newest = t.newest.date === date ? t.second : t.newest
    if (!newest) {
      this.villages.set(village, null)
      return
    }
    const [second] = latestBefore(read, village, newest.date)
    this.villages.set(village, second ? { newest, second } : { newest })
  }

  toJSON(): Record<string, DailyFigure[]> {
    const out: Record<string, DailyFigure[]> = {}
    for (const [v, t] of this.villages) out[v] = !t ? [] : t.second ? [t.newest, t.second] : [t.newest]
    return out
  }

  static fromJSON(saved: unknown): FigureTails | null {
    if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return null
    const villages = new Map<string, Tail>()
    for (const [v, list] of Object.entries(saved as Record<string, unknown>)) {
      if (!Array.isArray(list) || list.length > 2 || !list.every(isFigure)) return null
      villages.set(v, list.length === 0 ? null : list.length === 2 ? { newest: list[0]!, second: list[1]! } : { newest: list[0]! })
    }
    return new FigureTails(villages)
  }
}

// ---------- the last figure of each month ----------

interface MonthEnds {
  /** months (YYYY-MM) with figures, ascending */
  months: string[]
  /** each of those months' last figure */
  ends: Map<string, DailyFigure>
}

export class FigureMonthEnds {
  private filled = false

  constructor(private readonly villages = new Map<string, MonthEnds>()) {}

  /** The village's month ends, filled in from every month when not known yet. */
  private of(village: string, read: Reads): MonthEnds {
    let me = this.villages.get(village)
    if (!me) {
      me = { months: [], ends: new Map() }
      for (const month of read.partitionNames('figures')) {
        const end = latestInMonth(read, village, month, FAR)
        if (!end) continue
        me.months.push(month)
        me.ends.set(month, end)
      }
      this.villages.set(village, me)
      this.filled = true
    }
    return me
  }

  takeFilled(): boolean {
    const f = this.filled
    this.filled = false
    return f
  }

  /** The last figure of `month`. */
  end(village: string, month: string, read: Reads): DailyFigure | undefined {
    return this.of(village, read).ends.get(month)
  }

  /** The last figure of the latest month before `month`. */
  before(village: string, month: string, read: Reads): DailyFigure | undefined {
    const me = this.of(village, read)
    let lo = 0
    let hi = me.months.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (me.months[mid]! < month) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found === -1 ? undefined : me.ends.get(me.months[found]!)
  }

  /** A village not known yet is left to be filled in from the store (which holds this figure). */
  put(village: string, fig: DailyFigure): void {
    const me = this.villages.get(village)
    if (!me) return
    const month = monthOf(fig.date)
    const end = me.ends.get(month)
    if (!end) {
      me.months.push(month)
      me.months.sort()
    }
    if (!end || end.date <= fig.date) me.ends.set(month, fig)
  }

  remove(village: string, date: string, read: Reads): void {
    const me = this.villages.get(village)
    const month = monthOf(date)
    if (!me || me.ends.get(month)?.date !== date) return
    const prev = latestInMonth(read, village, month, date)
    if (prev) me.ends.set(month, prev)
    else {
      me.ends.delete(month)
      me.months = me.months.filter((m) => m !== month)
    }
  }

  toJSON(): Record<string, DailyFigure[]> {
    const out: Record<string, DailyFigure[]> = {}
    for (const [v, me] of this.villages) out[v] = me.months.map((m) => me.ends.get(m)!)
    return out
  }

  static fromJSON(saved: unknown): FigureMonthEnds | null {
    if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return null
    const villages = new Map<string, MonthEnds>()
    for (const [v, list] of Object.entries(saved as Record<string, unknown>)) {
      if (!Array.isArray(list) || !list.every(isFigure)) return null
      const me: MonthEnds = { months: [], ends: new Map() }
      for (const f of list) {
        me.months.push(monthOf(f.date))
        me.ends.set(monthOf(f.date), f)
      }
      villages.set(v, me)
    }
    return new FigureMonthEnds(villages)
  }
}

// ---------- finding the figure as of a date ----------

/** Where the figure as of a date is: `figure`, unless `searchMonth` holds one on or before the date. */
export interface FigureLookup {
  figure?: DailyFigure
  /** the month of the date, when the village has figures after the date in it */
  searchMonth?: string
}

/** The figure as of `date` from the tails, and only when it is older than both, from the month ends. */
export function findFigure(tails: FigureTails, monthEnds: () => FigureMonthEnds, read: Reads, village: string, date: string): FigureLookup {
  const t = tails.get(village, read)
  if (!t) return {}
  if (date >= t.newest.date) return { figure: t.newest }
  if (t.second && date >= t.second.date) return { figure: t.second }
  const ends = monthEnds()
  const month = monthOf(date)
  const end = ends.end(village, month, read)
  if (end && end.date <= date) return { figure: end }
  const out: FigureLookup = end ? { searchMonth: month } : {}
  const before = ends.before(village, month, read)
  if (before) out.figure = before
  return out
}

/** One summary kept from every figure change (`put` on a write, `remove` on a delete), filled in on demand. */
function figureSummary<T extends { put(v: string, f: DailyFigure): void; remove(v: string, d: string, r: Reads): void; takeFilled(): boolean; toJSON(): unknown }>(
  name: string,
  make: () => T,
  decode: (saved: unknown) => T | null,
): Summary<Records, T> {
  return {
    name,
    version: 1,
    watches: ['figures'],
    build: make,
    takeFilled: (value) => value.takeFilled(),
    apply(value, ch: Change, read) {
      const [village, date] = splitKey(ch.k)
      if (ch.a === null || ch.a === undefined) value.remove(village, date, read)
      else value.put(village, ch.a as DailyFigure)
    },
    encode: (value) => value.toJSON(),
    decode,
  }
}

export const figureTails = figureSummary('figures-tails', () => new FigureTails(), (s) => FigureTails.fromJSON(s))
export const figureMonthEnds = figureSummary('figures-month-ends', () => new FigureMonthEnds(), (s) => FigureMonthEnds.fromJSON(s))
