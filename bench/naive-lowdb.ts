// The naive design, for comparison: ONE lowdb JSON file holding the whole city (what lowdb's
// README suggests), built from the same generated data. An edit is the same household-stage
// change with its village's derived figure for today, then `await db.write()` and an fsync of the
// file and its folder (lowdb renames a temp file and never fsyncs; our edits are durable).
// Prints one JSON line.
//
//   node --import tsx bench/naive-lowdb.ts <cityDataDir> <workDir> [iterations] [seed]

import fs from 'node:fs'
import path from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { localDate } from '../src/core/domain/dates'
import { seededRng } from '../src/core/domain/random'
import { countsFromStages } from '../src/core/domain/routes'
import type { DailyFigure, Household, HouseholdStage, VillagePlan } from '../src/core/domain/types'
import { STAGE_KEYS } from '../src/core/domain/types'
import { figureKey } from '../src/core/store/collections'
import { isMain, mb, median, percentile, round } from './lib'

type Records<T> = Record<string, T>

interface OneFile {
  settings: Records<unknown>
  divisions: Records<unknown>
  plans: Records<VillagePlan>
  counters: Records<number>
  households: Records<Household>
  figures: Records<DailyFigure>
}

export interface NaiveResult {
  iterations: number
  times_ms: number[]
  p50_ms: number
  /** nearest-rank p95 of `iterations` samples: with 10 samples, the slowest one */
  p95_ms: number
  file_mb: number
  /** reading the one file back (await db.read()) */
  read_ms: number
  rss_mb: number
}

function records<T>(dataDir: string, rel: string): Records<T> {
  return (JSON.parse(fs.readFileSync(path.join(dataDir, 'db', rel), 'utf8')) as { records: Records<T> }).records
}

function allOf<T>(dataDir: string, collection: string): Records<T> {
  const out: Records<T> = {}
  const dir = path.join(dataDir, 'db', collection)
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.json')) Object.assign(out, records<T>(dataDir, `${collection}/${f}`))
  return out
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

async function main(cityDir: string, workDir: string, iterations: number, seed: number): Promise<NaiveResult> {
  fs.rmSync(workDir, { recursive: true, force: true })
  fs.mkdirSync(workDir, { recursive: true })
  const file = path.join(workDir, 'db.json')
  const empty: OneFile = { settings: {}, divisions: {}, plans: {}, counters: {}, households: {}, figures: {} }
  {
    const build = new Low<OneFile>(new JSONFile<OneFile>(file), empty)
    build.data = {
      settings: records(cityDir, 'settings.json'),
      divisions: records(cityDir, 'divisions.json'),
      plans: records(cityDir, 'plans.json'),
      counters: records(cityDir, 'counters.json'),
      households: allOf(cityDir, 'households'),
      figures: allOf(cityDir, 'figures'),
    }
    await build.write()
  }
  const db = new Low<OneFile>(new JSONFile<OneFile>(file), empty)
  const tr = performance.now()
  await db.read()
  const readMs = performance.now() - tr
  const data = db.data

  // The village → households index an app would keep (not timed).
  const byVillage = new Map<string, string[]>()
  for (const id of Object.keys(data.households)) {
    const v = id.slice(0, 12)
    let list = byVillage.get(v)
    if (!list) byVillage.set(v, (list = []))
    list.push(id)
  }
  const rng = seededRng(seed)
  const villages = Object.values(data.plans)
    .filter((p) => p.figureSource === 'households')
    .map((p) => p.villageCode)
  const byCounty = new Map<string, string[]>()
  for (const v of villages) {
    const c = v.slice(0, 6)
    byCounty.set(c, [...(byCounty.get(c) ?? []), v])
  }
  const counties = [...byCounty.keys()].sort()
  const today = localDate()

  const times: number[] = []
  for (let i = 0; i < iterations; i++) {
    const village = rng.pick(byCounty.get(counties[(i * 5) % counties.length]!)!)
    const ids = byVillage.get(village)!
    const h = data.households[rng.pick(ids)]!
    const t = performance.now()
    const si = h.stage === 'none' ? -1 : STAGE_KEYS.indexOf(h.stage)
    const stage: HouseholdStage = si === STAGE_KEYS.length - 1 ? STAGE_KEYS[si - 1]! : STAGE_KEYS[si + 1]!
    data.households[h.id] = { ...h, stage }
    data.figures[figureKey(village, today)] = {
      villageCode: village,
      date: today,
      counts: countsFromStages(ids.map((id) => data.households[id]!.stage)),
      networkKm: 0,
      source: 'derived',
    }
    await db.write()
    fsyncPath(file)
    fsyncPath(workDir)
    times.push(performance.now() - t)
    process.stderr.write(`  lowdb edit ${i + 1}/${iterations}: ${Math.round(times.at(-1)!)} ms\n`)
  }
  const result: NaiveResult = {
    iterations,
    times_ms: times.map((t) => round(t, 0)),
    p50_ms: round(median(times), 0),
    p95_ms: round(percentile(times, 95), 0),
    file_mb: mb(fs.statSync(file).size),
    read_ms: round(readMs, 0),
    rss_mb: mb(process.memoryUsage().rss),
  }
  fs.rmSync(workDir, { recursive: true, force: true })
  return result
}

if (isMain(import.meta.url)) {
  const [cityDir, workDir, iterations = '10', seed = '11'] = process.argv.slice(2)
  if (!cityDir || !workDir) {
    console.error('usage: node --import tsx bench/naive-lowdb.ts <cityDataDir> <workDir> [iterations] [seed]')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(cityDir, workDir, Number(iterations), Number(seed))))
}
