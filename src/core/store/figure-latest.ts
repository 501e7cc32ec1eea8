// Each village's latest figures, kept by the store as a summary: the last figure of every month the
// village reported in, and its newest figure but one. The figure "as of" a date is then found
// without parsing months of figures, however long ago a village finished and stopped reporting:
// at most the month of the date is searched, and not even that for the newest two days.

import type { DailyFigure } from '../domain/types'
import type { Records } from './collections'
import type { Change } from './log'
import type { Summary, SummaryReads } from './summary'

interface VillageFigures {
  /** months (YYYY-MM) with figures, ascending */
  months: string[]
  /** each of those months' last figure */
  closes: Map<string, DailyFigure>
  /** the newest figure but one */
  second?: DailyFigure
}

/** Where the figure as of a date is: `figure`, unless `searchMonth` holds one on or before the date. */
export interface FigureLookup {
  figure?: DailyFigure
  /** the month of the date, when it holds figures of the village both after and maybe before it */
  searchMonth?: string
}

type Reads = SummaryReads<Records>

const monthOf = (date: string) => date.slice(0, 7)

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

export class FigureLatest {
  constructor(private readonly villages = new Map<string, VillageFigures>()) {}

  newest(village: string): DailyFigure | undefined {
    const vf = this.villages.get(village)
    return vf ? vf.closes.get(vf.months[vf.months.length - 1]!) : undefined
  }

  /** The last figure of the latest month before `month`. */
  private closeBefore(vf: VillageFigures, month: string): DailyFigure | undefined {
    let lo = 0
    let hi = vf.months.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (vf.months[mid]! < month) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found === -1 ? undefined : vf.closes.get(vf.months[found]!)
  }

  find(village: string, date: string): FigureLookup {
    const vf = this.villages.get(village)
    const newest = this.newest(village)
    if (!vf || !newest) return {}
    if (date >= newest.date) return { figure: newest }
    if (vf.second && date >= vf.second.date) return { figure: vf.second }
    const month = monthOf(date)
    const close = vf.closes.get(month)
    if (close && close.date <= date) return { figure: close }
    const before = this.closeBefore(vf, month)
    const out: FigureLookup = close ? { searchMonth: month } : {}
    if (before) out.figure = before
    return out
  }

  put(village: string, fig: DailyFigure): void {
    let vf = this.villages.get(village)
    if (!vf) this.villages.set(village, (vf = { months: [], closes: new Map() }))
    const newest = this.newest(village)
    const month = monthOf(fig.date)
    const close = vf.closes.get(month)
    if (!close) {
      vf.months.push(month)
      vf.months.sort()
    }
    if (!close || close.date <= fig.date) vf.closes.set(month, fig)
    if (!newest || fig.date === newest.date) return
    if (fig.date > newest.date) vf.second = newest
    else if (!vf.second || fig.date >= vf.second.date) vf.second = fig
  }

  /** A figure deleted (already gone from the store): what it was part of is found again. */
  remove(village: string, date: string, read: Reads): void {
    const vf = this.villages.get(village)
    if (!vf) return
    const month = monthOf(date)
    const wasNewest = this.newest(village)?.date === date
    if (vf.closes.get(month)?.date === date) {
      const prev = latestInMonth(read, village, month, date)
      if (prev) vf.closes.set(month, prev)
      else {
        vf.closes.delete(month)
        vf.months = vf.months.filter((m) => m !== month)
      }
    }
    if (!wasNewest && vf.second?.date !== date) return
    const newest = this.newest(village)
    if (!newest) {
      this.villages.delete(village)
      return
    }
    const second = latestInMonth(read, village, monthOf(newest.date), newest.date) ?? this.closeBefore(vf, monthOf(newest.date))
    if (second) vf.second = second
    else delete vf.second
  }

  toJSON(): Record<string, { closes: DailyFigure[]; second?: DailyFigure }> {
    const out: Record<string, { closes: DailyFigure[]; second?: DailyFigure }> = {}
    for (const [v, vf] of this.villages) {
      out[v] = { closes: vf.months.map((m) => vf.closes.get(m)!) }
      if (vf.second) out[v].second = vf.second
    }
    return out
  }

  static fromJSON(saved: unknown): FigureLatest | null {
    if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return null
    const villages = new Map<string, VillageFigures>()
    const isFigure = (f: unknown): f is DailyFigure => typeof (f as DailyFigure | null)?.date === 'string'
    for (const [v, raw] of Object.entries(saved as Record<string, { closes?: unknown; second?: unknown }>)) {
      if (!Array.isArray(raw?.closes) || !raw.closes.every(isFigure)) return null
      const vf: VillageFigures = { months: [], closes: new Map() }
      for (const f of raw.closes) {
        vf.months.push(monthOf(f.date))
        vf.closes.set(monthOf(f.date), f)
      }
      if (raw.second !== undefined) {
        if (!isFigure(raw.second)) return null
        vf.second = raw.second
      }
      villages.set(v, vf)
    }
    return new FigureLatest(villages)
  }
}

function splitKey(key: string): [string, string] {
  const bar = key.indexOf('|')
  return [key.slice(0, bar), key.slice(bar + 1)]
}

export const figureLatest: Summary<Records, FigureLatest> = {
  name: 'figures-latest',
  version: 1,
  watches: ['figures'],
  build(read) {
    const latest = new FigureLatest()
    for (const month of read.partitionNames('figures')) {
      for (const [key, fig] of read.partitionEntries('figures', month)) latest.put(splitKey(key)[0], fig)
    }
    return latest
  },
  apply(latest, ch: Change, read) {
    const [village, date] = splitKey(ch.k)
    if (ch.a === null || ch.a === undefined) latest.remove(village, date, read)
    else latest.put(village, ch.a as DailyFigure)
  },
  encode: (latest) => latest.toJSON(),
  decode: (saved) => FigureLatest.fromJSON(saved),
}
