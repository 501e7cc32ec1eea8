// Durable single edits through the API on the city, in its own process. The core is first
// brought to where the app is after its first screen (app.info, settings.get, dashboard.summary),
// then `count` edits alternate between
//   - households.update: one household's stage moves on (or back) in a village whose figures are
//     derived from households, so the village's figure for today is rewritten in the same write;
//     the villages go round the counties so every county's partition is touched;
//   - figures.record: today's cumulative figure of a village that reports counts.
// Each call's wall time is kept. Prints one JSON line (BENCH_TRACE=1: every call on stderr).
//
//   node --import tsx bench/edit.ts <dataDir> <dashboardDate> [count] [seed]

import fs from 'node:fs'
import path from 'node:path'
import { seededRng } from '../src/core/domain/random'
import type { DailyFigure, Household, HouseholdStage } from '../src/core/domain/types'
import { STAGE_KEYS } from '../src/core/domain/types'
import { isMain, median, mb, percentile, round } from './lib'

export interface EditResult {
  count: number
  p50_ms: number
  p95_ms: number
  p99_ms: number
  max_ms: number
  household_p95_ms: number
  figure_p95_ms: number
  counties_touched: number
  /**
   * The first households.update of each county since the start: it builds the core's
   * village → households index of that county (Ctx.householdIdsOf), so it is slower than the rest.
   */
  first_in_county_ms: number[]
  /** p95 of the other edits */
  p95_without_first_in_county_ms: number
  /** the five slowest calls, to see what the tail is made of */
  slowest: Array<{ i: number; method: string; ms: number }>
  /** the fold of the log into the snapshot files that the idle timer runs after these edits */
  checkpoint_ms: number
  /** the same fold after a single household edit (one county file and one month of figures) */
  checkpoint_one_edit_ms: number
  /** the app's start before the edits (app.info + settings.get + dashboard.summary) */
  startup_ms: number
  /** the disk's floor: a bare 1 KB append + fsync in the same folder, just before the edits */
  fsync_p50_ms: number
  fsync_p95_ms: number
  rss_mb: number
}

type Edit = { method: 'households.update' | 'figures.record'; county: string; input: Record<string, unknown> }

function nextStage(s: HouseholdStage): HouseholdStage {
  const i = s === 'none' ? -1 : STAGE_KEYS.indexOf(s)
  if (i === STAGE_KEYS.length - 1) return STAGE_KEYS[i - 1]!
  return STAGE_KEYS[i + 1]!
}

function householdInput(h: Household): Record<string, unknown> {
  const input: Record<string, unknown> = { ...h, stage: nextStage(h.stage) }
  delete input.villageCode
  return input
}

export function fsyncFloor(dataDir: string, n: number): number[] {
  const file = path.join(dataDir, 'fsync-probe.tmp')
  const line = Buffer.from('x'.repeat(1023) + '\n')
  const fd = fs.openSync(file, 'a')
  const times: number[] = []
  try {
    for (let i = 0; i < n; i++) {
      const t = performance.now()
      fs.writeSync(fd, line)
      fs.fsyncSync(fd)
      times.push(performance.now() - t)
    }
  } finally {
    fs.closeSync(fd)
    fs.rmSync(file, { force: true })
  }
  return times
}

async function main(dataDir: string, date: string, count: number, seed: number): Promise<EditResult> {
  const { Core } = await import('../src/core/api')
  const core = new Core({ dataDir, version: 'bench' })
  const store = core.store!
  const t0 = performance.now()
  await core.api['app.info']({})
  await core.api['settings.get']({})
  await core.api['dashboard.summary']({ date })
  const startup = performance.now() - t0
  const today = ((await core.api['app.info']({})) as { today: string }).today

  // ---- choose the edits (not timed) ----
  const rng = seededRng(seed)
  const householdVillages = new Map<string, string[]>()
  const countVillages: string[] = []
  for (const p of store.values('plans')) {
    if (p.figureSource === 'households') {
      const county = p.villageCode.slice(0, 6)
      let list = householdVillages.get(county)
      if (!list) householdVillages.set(county, (list = []))
      list.push(p.villageCode)
    } else countVillages.push(p.villageCode)
  }
  const counties = [...householdVillages.keys()].sort()
  const used = new Set<string>()
  /** A village not edited yet in this run (a repeated figure would be a no-op, not a write). */
  const draw = (list: string[]): string => {
    const fresh = list.filter((v) => !used.has(v))
    const v = rng.pick(fresh.length > 0 ? fresh : list)
    used.add(v)
    return v
  }
  const edits: Edit[] = []
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const county = counties[(i / 2) % counties.length]!
      const village = draw(householdVillages.get(county)!)
      const ids = [...store.partitionEntries('households', county).keys()].filter((id) => id.startsWith(village))
      const h = store.get('households', rng.pick(ids))!
      edits.push({ method: 'households.update', county, input: householdInput(h) })
    } else {
      const village = draw(countVillages)
      const [latest] = (await core.api['figures.history']({ villageCode: village, limit: 1 })) as DailyFigure[]
      const plan = store.get('plans', village)!
      const counts = { ...latest!.counts }
      STAGE_KEYS.forEach((k, j) => (counts[k] = Math.min(plan.targetHouseholds, counts[k] + Math.max(0, 3 - j))))
      edits.push({
        method: 'figures.record',
        county: village.slice(0, 6),
        input: { villageCode: village, date: today, counts, networkKm: latest!.networkKm + 0.05 },
      })
    }
  }

  const fsyncTimes = fsyncFloor(dataDir, count)

  // ---- the measured edits ----
  const times: number[] = []
  for (const e of edits) {
    const t = performance.now()
    await core.call(e.method, e.input)
    times.push(performance.now() - t)
    if (process.env.BENCH_TRACE) console.error(`edit ${times.length - 1} ${e.method} ${e.county} ${(performance.now() - t).toFixed(2)}`)
  }
  const tc = performance.now()
  store.checkpoint()
  const checkpoint = performance.now() - tc
  const last = edits.find((e) => e.method === 'households.update')!
  const h = store.get('households', last.input.id as string)!
  await core.call('households.update', householdInput(h))
  const t1 = performance.now()
  store.checkpoint()
  const checkpointOne = performance.now() - t1
  const rss = process.memoryUsage().rss
  core.close()

  const of = (m: Edit['method']) => times.filter((_, i) => edits[i]!.method === m)
  const firstIdx = new Set<number>()
  const seenCounty = new Set<string>()
  edits.forEach((e, i) => {
    if (e.method === 'households.update' && !seenCounty.has(e.county)) {
      seenCounty.add(e.county)
      firstIdx.add(i)
    }
  })
  return {
    count,
    p50_ms: round(median(times)),
    p95_ms: round(percentile(times, 95)),
    p99_ms: round(percentile(times, 99)),
    max_ms: round(Math.max(...times)),
    household_p95_ms: round(percentile(of('households.update'), 95)),
    figure_p95_ms: round(percentile(of('figures.record'), 95)),
    counties_touched: new Set(edits.map((e) => e.county)).size,
    first_in_county_ms: [...firstIdx].map((i) => round(times[i]!)),
    p95_without_first_in_county_ms: round(percentile(times.filter((_, i) => !firstIdx.has(i)), 95)),
    slowest: times
      .map((ms, i) => ({ i, method: edits[i]!.method, ms: round(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5),
    checkpoint_ms: round(checkpoint, 0),
    checkpoint_one_edit_ms: round(checkpointOne, 0),
    startup_ms: round(startup, 0),
    fsync_p50_ms: round(median(fsyncTimes)),
    fsync_p95_ms: round(percentile(fsyncTimes, 95)),
    rss_mb: mb(rss),
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, date, count = '200', seed = '7'] = process.argv.slice(2)
  if (!dataDir || !date) {
    console.error('usage: node --import tsx bench/edit.ts <dataDir> <YYYY-MM-DD> [count] [seed]')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date, Number(count), Number(seed))))
}
