// The field-check draw (随机抽取): per township, a seeded weighted draw of villages without
// replacement, then a suggested visiting order (nearest neighbour) split into days per team.
// Pure: the same seed and the same candidates give the same draw, on any machine.

import { addDays } from './dates'
import { distanceM, type LngLat } from './coords'
import { type Rng, seededRng } from './random'

export interface DrawCandidate {
  villageCode: string
  /** > 0; 1 for an ordinary village, more to favour it (behind schedule, complaints) */
  weight: number
}

export interface DrawTownship {
  townshipCode: string
  candidates: DrawCandidate[]
}

export interface DrawOptions {
  seed: number
  /** villages per township: a number between min and max (inclusive) is drawn for each township */
  min: number
  max: number
}

export interface TownshipDraw {
  townshipCode: string
  /** how many were asked for this township (between min and max) */
  wanted: number
  /** candidates after exclusions */
  available: number
  /** in the order drawn */
  drawn: string[]
}

/** FNV-1a over the text, then murmur3's finaliser so neighbouring inputs spread over 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * Each township gets its own generator seeded from (seed, township code), so adding or removing
 * a county does not change what another township draws with the same seed.
 */
export function townshipRng(seed: number, townshipCode: string): Rng {
  return seededRng(hash32(`${seed >>> 0}|${townshipCode}`))
}

/** Draws up to `count` codes without replacement, each pick with probability weight ÷ remaining weight. */
export function weightedSample(rng: Rng, candidates: readonly DrawCandidate[], count: number): string[] {
  // Code order, so the result never depends on the order the store handed the villages over.
  const pool = [...candidates].filter((c) => c.weight > 0).sort((a, b) => (a.villageCode < b.villageCode ? -1 : 1))
  const out: string[] = []
  let total = pool.reduce((s, c) => s + c.weight, 0)
  while (out.length < count && pool.length > 0) {
    let r = rng.next() * total
    let i = 0
    while (i < pool.length - 1 && r >= pool[i]!.weight) {
      r -= pool[i]!.weight
      i++
    }
    const [picked] = pool.splice(i, 1)
    total -= picked!.weight
    out.push(picked!.villageCode)
  }
  return out
}

/** The draw in words, printed under a plan so it can be checked in public (the 走访 page says the same). */
export const DRAW_METHOD =
  '各乡镇分别抽取：该乡镇有改造计划、且不在排除之列的村按村代码从小到大排列，各有权重（一般为 1）；以“随机种子|乡镇代码”的散列值作为该乡镇随机数发生器（mulberry32）的初值，先在最少与最多之间定抽几个村，再逐个不放回地抽，每个剩下的村被抽中的机会 = 它的权重 ÷ 剩下各村权重之和。各乡镇的候选村和权重随计划保存，可复核。'

export function drawVillages(townships: readonly DrawTownship[], opts: DrawOptions): TownshipDraw[] {
  if (!Number.isInteger(opts.min) || !Number.isInteger(opts.max) || opts.min < 1 || opts.max < opts.min) {
    throw new RangeError(`bad count range ${opts.min}..${opts.max}`)
  }
  return [...townships]
    .sort((a, b) => (a.townshipCode < b.townshipCode ? -1 : 1))
    .map((t) => {
      const rng = townshipRng(opts.seed, t.townshipCode)
      const wanted = opts.min === opts.max ? opts.min : rng.int(opts.min, opts.max)
      return {
        townshipCode: t.townshipCode,
        wanted,
        available: t.candidates.filter((c) => c.weight > 0).length,
        drawn: weightedSample(rng, t.candidates, wanted),
      }
    })
}

// ---- visiting order ----

export interface RoutePoint {
  code: string
  countyCode: string
  townshipCode: string
  /** absent when the village has no position: it goes last in its county */
  at?: LngLat
}

/**
 * Nearest-neighbour order within one group: start at the point furthest west (a fixed, explainable
 * start), then always the closest unvisited point. Points without a position keep their code order
 * at the end.
 */
export function nearestNeighbourOrder(points: readonly RoutePoint[]): RoutePoint[] {
  const placed = points.filter((p) => p.at).sort((a, b) => a.at![0] - b.at![0] || (a.code < b.code ? -1 : 1))
  const rest = points.filter((p) => !p.at).sort((a, b) => (a.code < b.code ? -1 : 1))
  const out: RoutePoint[] = []
  const left = [...placed]
  let cur = left.shift()
  while (cur) {
    out.push(cur)
    let best = -1
    let bestD = Infinity
    for (let i = 0; i < left.length; i++) {
      const d = distanceM(cur.at!, left[i]!.at!)
      if (d < bestD) {
        bestD = d
        best = i
      }
    }
    cur = best === -1 ? undefined : left.splice(best, 1)[0]
  }
  return [...out, ...rest]
}

export interface ScheduledVisit {
  code: string
  countyCode: string
  /** index into the teams */
  team: number
  /** 0-based day of that team's trip */
  day: number
  date: string
  /** 1-based order within the team's day */
  order: number
}

/**
 * Shares the work among teams a county at a time (or a township at a time when there are fewer
 * counties than teams): largest first, to the team with the fewest villages so far. Each team's
 * villages are ordered group by group with the nearest-neighbour rule and fill days of `perDay`
 * villages from `startDate`.
 */
export function schedule(points: readonly RoutePoint[], opts: { teams: number; perDay: number; startDate: string }): ScheduledVisit[] {
  if (opts.teams < 1 || opts.perDay < 1) throw new RangeError('teams and perDay must be at least 1')
  const counties = new Set(points.map((p) => p.countyCode))
  const groupOf = (p: RoutePoint) => (counties.size >= opts.teams ? p.countyCode : p.townshipCode)
  const groups = new Map<string, RoutePoint[]>()
  for (const p of points) {
    let list = groups.get(groupOf(p))
    if (!list) groups.set(groupOf(p), (list = []))
    list.push(p)
  }
  const load = new Array<number>(opts.teams).fill(0)
  const groupsOf: string[][] = Array.from({ length: opts.teams }, () => [])
  const bySize = [...groups.keys()].sort((a, b) => groups.get(b)!.length - groups.get(a)!.length || (a < b ? -1 : 1))
  for (const g of bySize) {
    let team = 0
    for (let i = 1; i < opts.teams; i++) if (load[i]! < load[team]!) team = i
    groupsOf[team]!.push(g)
    load[team]! += groups.get(g)!.length
  }
  const out: ScheduledVisit[] = []
  groupsOf.forEach((list, team) => {
    let i = 0
    for (const g of [...list].sort()) {
      for (const p of nearestNeighbourOrder(groups.get(g)!)) {
        const day = Math.floor(i / opts.perDay)
        out.push({ code: p.code, countyCode: p.countyCode, team, day, date: addDays(opts.startDate, day), order: (i % opts.perDay) + 1 })
        i++
      }
    }
  })
  return out
}
