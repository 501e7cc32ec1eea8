// A season of history on the invented city: the writes an office makes over ~40 days after the
// city's last figures — daily figures entered by hand, households' stages edited, deposits taken,
// plans adjusted, and a day's township files imported every other day — all through the API, so
// the log, its segments and index are exactly what the app writes. Prints one JSON line.
//
// Made once and kept (bench/city/season, see ensureSeason in run.ts). To make 100,000+ writes in
// minutes rather than an hour, the store's fsync is skipped while generating (the files and their
// order are the same; only the wait for the disk is left out). The measurements never skip it.
//
//   node --import tsx bench/season.ts <dataDir (a copy of the city)> <lastFigureDate> [days]

import type { Input } from '../src/core/contract'
import { addDays } from '../src/core/domain/dates'
import { seededRng } from '../src/core/domain/random'
import type { DailyFigure, HouseholdStage } from '../src/core/domain/types'
import { STAGE_KEYS } from '../src/core/domain/types'
import { type FileOps, realFileOps } from '../src/core/store/file-ops'
import { isMain, round } from './lib'

export interface SeasonResult {
  days: number
  /** API calls made; `writes` is the log entries they added (a call that changes nothing adds none) */
  calls: number
  /** a village whose 修改记录 is measured: in the first township imported every other day, its plan edited */
  sample_village: string
  writes: number
  by_method: Record<string, number>
  import_days: number
  import_rows: number
  log_mb: number
  segments: number
  generate_ms: number
}

/** The real file layer without fsync (generation only). */
const noFsync: FileOps = { ...realFileOps, fsyncSync: () => {} }

const STAGES = ['确户签约', '庭院管网', '入户装表', '壁挂炉安装', '点火通气', '验收']
const PER_DAY = { 'figures.record': 1000, 'households.update': 800, 'deposits.receive': 600, 'villages.setPlan': 100 }

function nextStage(s: HouseholdStage): HouseholdStage {
  const i = s === 'none' ? -1 : STAGE_KEYS.indexOf(s)
  return i === STAGE_KEYS.length - 1 ? STAGE_KEYS[i - 1]! : STAGE_KEYS[i + 1]!
}

/** The next day's cumulative counts: a little more at each stage, never past the stage before or the target. */
function nextCounts(f: DailyFigure | undefined, target: number): number[] {
  const prev = STAGE_KEYS.map((k) => f?.counts[k] ?? 0)
  const bump = [3, 2, 2, 1, 1, 0]
  const out: number[] = []
  prev.forEach((v, i) => out.push(Math.max(v, Math.min(v + bump[i]!, target, i === 0 ? target : out[i - 1]!))))
  return out
}

async function main(dataDir: string, lastDate: string, days: number): Promise<SeasonResult> {
  const t0 = performance.now()
  const { Core } = await import('../src/core/api')
  let today = addDays(lastDate, 1)
  const core = new Core({ dataDir, version: 'bench-season', now: () => new Date(`${today}T16:00:00`), store: { fileOps: noFsync, checkpointIdleMs: 0 } })
  const store = core.store!
  const rng = seededRng(20261206)
  const clerks = ['张科员', '李会计', '王主任'].map((who) => core.as({ who, from: '127.0.0.1' }))
  const api = () => clerks[rng.int(0, clerks.length - 1)]!

  // Who reports what: count villages (by township), household-kept households (a pool for edits and deposits).
  const countVillages: string[] = []
  const targetOf = new Map<string, number>()
  const townOf = new Map<string, string>()
  for (const p of store.values('plans')) {
    targetOf.set(p.villageCode, p.targetHouseholds)
    if (p.figureSource === 'counts') countVillages.push(p.villageCode)
  }
  for (const d of store.values('divisions')) if (d.level === 'village') townOf.set(d.code, d.parentCode)
  countVillages.sort()
  const byTown = new Map<string, string[]>()
  for (const v of countVillages) {
    const t = townOf.get(v)!
    const list = byTown.get(t) ?? []
    list.push(v)
    byTown.set(t, list)
  }
  const towns = [...byTown.keys()].sort()
  const householdPool: string[] = []
  for (const county of store.partitionNames('households').slice(0, 6)) {
    for (const id of store.partitionEntries('households', county).keys()) if (householdPool.length < 40_000 && rng.next() < 0.5) householdPool.push(id)
  }

  const sample = byTown.get(towns[0]!)![0]!
  const firstSeq = store.lastSeq
  const byMethod: Record<string, number> = {}
  const count = (m: string) => (byMethod[m] = (byMethod[m] ?? 0) + 1)
  let importDays = 0
  let importRows = 0
  for (let d = 0; d < days; d++) {
    today = addDays(lastDate, d + 1)
    if (d % 2 === 0) {
      // The day's township files: 116 townships, a CSV each, as the townships send them.
      let sessionId: string | undefined
      for (const town of towns.slice(0, 116)) {
        const lines = [`${town}清洁取暖改造进度日报表`, `填报日期：${today.slice(0, 4)}年${Number(today.slice(5, 7))}月${Number(today.slice(8))}日`, ['村代码', ...STAGES, '管线公里数'].join(',')]
        for (const v of byTown.get(town)!) {
          const f = core.store!.get('figures', `${v}|${addDays(today, -1)}`) ?? (await core.api['figures.history']({ villageCode: v, limit: 1 }))[0]
          lines.push([v, ...nextCounts(f, targetOf.get(v)!), round((f?.networkKm ?? 0) + 0.05, 2)].join(','))
          importRows++
        }
        sessionId = (await core.api['imports.addFile']({ sessionId, file: { fileName: `${town}-${today}.csv`, dataBase64: Buffer.from(lines.join('\n')).toString('base64') } })).sessionId
      }
      await core.api['imports.review']({ sessionId: sessionId! })
      await api()['imports.commit']({ sessionId: sessionId!, onConflict: 'replace' })
      count('imports.commit')
      importDays++
    }
    for (let i = 0; i < PER_DAY['figures.record']; i++) {
      const v = countVillages[(d * PER_DAY['figures.record'] + i) % countVillages.length]!
      const f = core.store!.get('figures', `${v}|${today}`) ?? (await core.api['figures.history']({ villageCode: v, limit: 1 }))[0]
      const c = nextCounts(f, targetOf.get(v)!)
      await api()['figures.record']({
        villageCode: v,
        date: today,
        counts: Object.fromEntries(STAGE_KEYS.map((k, j) => [k, c[j]!])) as Record<(typeof STAGE_KEYS)[number], number>,
        networkKm: round((f?.networkKm ?? 0) + 0.01, 2),
      })
      count('figures.record')
    }
    for (let i = 0; i < PER_DAY['households.update']; i++) {
      const h = core.store!.get('households', householdPool[rng.int(0, householdPool.length - 1)]!)!
      const input: Record<string, unknown> = { ...h, stage: nextStage(h.stage) }
      delete input['villageCode']
      await api()['households.update'](input as Input<'households.update'>)
      count('households.update')
    }
    for (let i = 0; i < PER_DAY['deposits.receive']; i++) {
      await api()['deposits.receive']({ householdId: householdPool[rng.int(0, householdPool.length - 1)]!, amount: '1000', date: today })
      count('deposits.receive')
    }
    for (let i = 0; i < PER_DAY['villages.setPlan']; i++) {
      const p = core.store!.get('plans', i === 0 ? sample : countVillages[rng.int(0, countVillages.length - 1)]!)!
      // moved by 1–3 days, so every call is a change the log records
      await api()['villages.setPlan']({ ...p, deadline: addDays(p.deadline, rng.int(1, 3) * (rng.next() < 0.5 ? -1 : 1)) })
      count('villages.setPlan')
    }
    process.stderr.write(`  season day ${d + 1}/${days}: ${core.store!.lastSeq - firstSeq} logged writes\n`)
  }
  const calls = Object.values(byMethod).reduce((a, b) => a + b, 0)
  const writes = core.store!.lastSeq - firstSeq
  core.close()
  const fs = await import('node:fs')
  const path = await import('node:path')
  const logDir = path.join(dataDir, 'db', 'log')
  const segs = fs.readdirSync(logDir).filter((f) => f.endsWith('.jsonl'))
  const logBytes = segs.reduce((n, f) => n + fs.statSync(path.join(logDir, f)).size, 0)
  if (writes < 100_000) throw new Error(`season: ${writes} logged writes from ${calls} calls; the bench needs 100,000`)
  return {
    days,
    sample_village: sample,
    calls,
    writes,
    by_method: byMethod,
    import_days: importDays,
    import_rows: importRows,
    log_mb: round(logBytes / 1024 / 1024, 1),
    segments: segs.length,
    generate_ms: round(performance.now() - t0, 0),
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, date, days = '40'] = process.argv.slice(2)
  if (!dataDir || !date) {
    console.error('usage: node --import tsx bench/season.ts <dataDir> <YYYY-MM-DD> [days]')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date, Number(days))))
}
