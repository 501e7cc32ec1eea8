// The field-check draw: reproducible from its seed, uniform without weights (chi-square over many
// seeds), proportional to weights, within the asked counts, and the visiting order per team and day.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seededRng } from '../../src/core/domain/random'
import {
  drawVillages,
  type DrawTownship,
  hash32,
  nearestNeighbourOrder,
  schedule,
  townshipRng,
  weightedSample,
} from '../../src/core/domain/visit-draw'

const village = (t: string, i: number) => `${t}${String(i).padStart(3, '0')}`
const township = (code: string, n: number, weight = (_i: number) => 1): DrawTownship => ({
  townshipCode: code,
  candidates: Array.from({ length: n }, (_, i) => ({ villageCode: village(code, i + 1), weight: weight(i) })),
})

/** Pearson's chi-square statistic of observed counts against expected ones. */
function chiSquare(observed: number[], expected: number[]): number {
  return observed.reduce((s, o, i) => s + (o - expected[i]!) ** 2 / expected[i]!, 0)
}

// Upper 0.1% points of the chi-square distribution: a fair draw exceeds them once in a thousand runs.
const CHI2_999 = { 9: 27.88, 44: 78.75, 2: 13.82 } as const

describe('drawVillages', () => {
  const towns = [township('141002100', 12), township('141002101', 5), township('141021102', 1), township('141021103', 0)]

  it('gives the same draw for the same seed, whatever order the townships and villages come in', () => {
    const a = drawVillages(towns, { seed: 20261120, min: 1, max: 2 })
    const shuffled = [...towns].reverse().map((t) => ({ ...t, candidates: [...t.candidates].reverse() }))
    expect(drawVillages(shuffled, { seed: 20261120, min: 1, max: 2 })).toEqual(a)
    expect(drawVillages(towns, { seed: 20261121, min: 1, max: 2 })).not.toEqual(a)
  })

  it('gives the draws recorded in saved plans, in any version: generator, hash and sampling are pinned', () => {
    // A plan's seed is read out and printed; the same seed must give these villages for good.
    expect(hash32('20200720|141081200')).toBe(480691172)
    expect(seededRng(1).next()).toBe(0.6270739405881613)
    const weighted = township('141081201', 9, (i) => (i % 3 === 0 ? 3 : 1))
    expect(drawVillages([township('141081200', 24), weighted, township('141081202', 1)], { seed: 20200720, min: 1, max: 2 }).map((d) => [d.wanted, d.drawn])).toEqual([
      [1, ['141081200022']],
      [1, ['141081201004']],
      [1, ['141081202001']],
    ])
    expect(drawVillages([township('141081200', 24), weighted], { seed: 7, min: 2, max: 3 }).map((d) => [d.wanted, d.drawn])).toEqual([
      [2, ['141081200014', '141081200020']],
      [2, ['141081201009', '141081201004']],
    ])
  })

  it('keeps a township\'s draw when other townships are added or removed', () => {
    const all = drawVillages(towns, { seed: 7, min: 2, max: 2 })
    const one = drawVillages([towns[0]!], { seed: 7, min: 2, max: 2 })
    expect(one[0]).toEqual(all.find((d) => d.townshipCode === '141002100'))
  })

  it('draws between min and max distinct villages per township, fewer only when there are fewer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), (seed, min, extra) => {
        const max = min + extra
        for (const d of drawVillages(towns, { seed, min, max })) {
          expect(d.wanted).toBeGreaterThanOrEqual(min)
          expect(d.wanted).toBeLessThanOrEqual(max)
          expect(d.drawn.length).toBe(Math.min(d.wanted, d.available))
          expect(new Set(d.drawn).size).toBe(d.drawn.length)
          for (const v of d.drawn) expect(v.startsWith(d.townshipCode)).toBe(true)
        }
      }),
    )
  })

  it('with 1–2 per township, asks for 1 and for 2 about equally often', () => {
    const n = 4000
    let twos = 0
    for (let seed = 1; seed <= n; seed++) if (drawVillages([towns[0]!], { seed, min: 1, max: 2 })[0]!.wanted === 2) twos++
    expect(chiSquare([twos, n - twos], [n / 2, n / 2])).toBeLessThan(10.83)
  })

  it('is uniform without weights: every village equally likely (chi-square over 20,000 seeds)', () => {
    const t = township('141002100', 10)
    const n = 20_000
    const hits = new Array<number>(10).fill(0)
    for (let seed = 0; seed < n; seed++) {
      const [d] = drawVillages([t], { seed, min: 1, max: 1 })
      hits[Number(d!.drawn[0]!.slice(-3)) - 1]!++
    }
    expect(chiSquare(hits, new Array(10).fill(n / 10))).toBeLessThan(CHI2_999[9])
  })

  it('is uniform over pairs: each of the 45 pairs of 10 villages equally likely', () => {
    const t = township('141002100', 10)
    const n = 22_500
    const pairs = new Map<string, number>()
    for (let seed = 0; seed < n; seed++) {
      const key = drawVillages([t], { seed: seed * 7919 + 13, min: 2, max: 2 })[0]!.drawn.sort().join()
      pairs.set(key, (pairs.get(key) ?? 0) + 1)
    }
    expect(pairs.size).toBe(45)
    expect(chiSquare([...pairs.values()], new Array(45).fill(n / 45))).toBeLessThan(CHI2_999[44])
  })

  it('favours weighted villages in proportion to their weight', () => {
    // weights 1, 3, 6: chances 10%, 30%, 60% for one pick
    const t = township('141002100', 3, (i) => [1, 3, 6][i]!)
    const n = 10_000
    const hits = [0, 0, 0]
    for (let seed = 0; seed < n; seed++) hits[Number(drawVillages([t], { seed, min: 1, max: 1 })[0]!.drawn[0]!.slice(-3)) - 1]!++
    expect(chiSquare(hits, [0.1 * n, 0.3 * n, 0.6 * n])).toBeLessThan(CHI2_999[2])
  })

  it('never draws a village of weight 0 (excluded), and counts only the others as available', () => {
    const t = township('141002100', 4, (i) => (i < 2 ? 0 : 1))
    for (let seed = 0; seed < 500; seed++) {
      const [d] = drawVillages([t], { seed, min: 3, max: 3 })
      expect(d!.available).toBe(2)
      expect(d!.drawn.sort()).toEqual([village('141002100', 3), village('141002100', 4)])
    }
  })

  it('refuses a count range that makes no sense', () => {
    expect(() => drawVillages(towns, { seed: 1, min: 0, max: 2 })).toThrow(RangeError)
    expect(() => drawVillages(towns, { seed: 1, min: 3, max: 2 })).toThrow(RangeError)
  })
})

describe('seeding', () => {
  it('spreads neighbouring inputs over 32 bits', () => {
    const seen = new Set<number>()
    for (let i = 0; i < 10_000; i++) seen.add(hash32(`${i}|141002100`))
    expect(seen.size).toBe(10_000)
    expect(townshipRng(1, '141002100').next()).not.toBe(townshipRng(1, '141002101').next())
  })

  it('weightedSample takes everything when asked for more than there is', () => {
    const rng = seededRng(3)
    const out = weightedSample(rng, township('141002100', 4).candidates, 10)
    expect(out.sort()).toEqual(township('141002100', 4).candidates.map((c) => c.villageCode))
  })
})

describe('visiting order', () => {
  it('goes from the westmost point always to the nearest one left; unplaced villages last', () => {
    const p = (code: string, at?: [number, number]) => ({ code, countyCode: 'x', townshipCode: 'x1', ...(at ? { at } : {}) })
    const order = nearestNeighbourOrder([p('c', [111.3, 36.0]), p('a', [111.0, 36.0]), p('z'), p('b', [111.1, 36.0]), p('d', [111.12, 36.3]), p('y')])
    // a → b (0.1° east) → c (0.2° east, 18 km) beats d (0.3° north, 33 km) → d
    expect(order.map((p) => p.code)).toEqual(['a', 'b', 'c', 'd', 'y', 'z'])
  })

  it('fills days of perDay villages per team, keeps counties together, balances teams', () => {
    const pts = [
      ...['1', '2', '3', '4', '5'].map((s, i) => ({ code: `A${s}`, countyCode: '141002', townshipCode: `14100210${i % 2}`, at: [111 + i * 0.01, 36] as [number, number] })),
      ...['1', '2', '3'].map((s, i) => ({ code: `B${s}`, countyCode: '141021', townshipCode: '141021100', at: [112 + i * 0.01, 36] as [number, number] })),
      ...['1', '2'].map((s, i) => ({ code: `C${s}`, countyCode: '141022', townshipCode: '141022100', at: [113 + i * 0.01, 36] as [number, number] })),
    ]
    const s = schedule(pts, { teams: 2, perDay: 2, startDate: '2026-11-30' })
    expect(s).toHaveLength(10)
    // 5 villages to team 0; 3 + 2 to team 1
    expect(s.filter((x) => x.team === 0).map((x) => x.code)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5'])
    expect(s.filter((x) => x.team === 1).map((x) => x.code)).toEqual(['B1', 'B2', 'B3', 'C1', 'C2'])
    expect(s.filter((x) => x.team === 0).map((x) => `${x.date}#${x.order}`)).toEqual([
      '2026-11-30#1',
      '2026-11-30#2',
      '2026-12-01#1',
      '2026-12-01#2',
      '2026-12-02#1',
    ])
    expect(s.find((x) => x.code === 'C2')!.date).toBe('2026-12-02')
  })

  it('shares one county\'s townships among the teams when there are fewer counties than teams', () => {
    const pts = ['100', '100', '100', '101', '101', '102'].map((t, i) => ({ code: `V${i}`, countyCode: '141081', townshipCode: `141081${t}`, at: [111 + i * 0.01, 35.6] as [number, number] }))
    const s = schedule(pts, { teams: 2, perDay: 4, startDate: '2026-11-30' })
    // 3 villages of township 100 to team 0; 2 of 101 and 1 of 102 to team 1
    expect(s.filter((x) => x.team === 0).map((x) => x.code)).toEqual(['V0', 'V1', 'V2'])
    expect(s.filter((x) => x.team === 1).map((x) => x.code)).toEqual(['V3', 'V4', 'V5'])
    expect(new Set(s.map((x) => x.date))).toEqual(new Set(['2026-11-30']))
  })
})
