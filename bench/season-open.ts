// Reopening a folder after a season of history, in its own process: new Core → dashboard (what
// the app does before its first screen), then the two audit views as the 设置 page and a
// village's 修改记录 ask for them. Prints one JSON line.
//
//   node --import tsx bench/season-open.ts <dataDir> <dashboardDate> <villageCode>

import { isMain, mb, round } from './lib'

export interface SeasonOpenResult {
  /** new Core() to dashboard.summary returned */
  reopen_ms: number
  open_ms: number
  dashboard_ms: number
  /** audit.recent({limit: 50}), the first call after the start */
  audit_recent_ms: number
  /** audit.history of a village's division, plan and its 10 latest figure days, as VillageDetail asks */
  village_history_ms: number
  village_history_rows: number
  log_seq: number
  rss_mb: number
}

async function main(dataDir: string, date: string, village: string): Promise<SeasonOpenResult> {
  const { Core } = await import('../src/core/api')
  const t0 = performance.now()
  const core = new Core({ dataDir, version: 'bench' })
  const t1 = performance.now()
  await core.api['dashboard.summary']({ date })
  const t2 = performance.now()
  const recent = await core.api['audit.recent']({ limit: 50 })
  const t3 = performance.now()
  if (recent.length !== 50) throw new Error(`audit.recent gave ${recent.length} rows`)
  const figures = await core.api['figures.history']({ villageCode: village, limit: 10 })
  const t4 = performance.now()
  const history = await core.api['audit.history']({
    records: [
      { collection: 'divisions', key: village },
      { collection: 'plans', key: village },
      ...figures.map((f) => ({ collection: 'figures', key: `${village}|${f.date}` })),
    ],
    limit: 200,
  })
  const t5 = performance.now()
  const seq = core.store!.lastSeq
  const rss = process.memoryUsage().rss
  core.close()
  return {
    reopen_ms: round(t2 - t0, 1),
    open_ms: round(t1 - t0, 1),
    dashboard_ms: round(t2 - t1, 1),
    audit_recent_ms: round(t3 - t2, 1),
    // the figures.history call the page makes first is not part of it
    village_history_ms: round(t5 - t4, 1),
    village_history_rows: history.length,
    log_seq: seq,
    rss_mb: mb(rss),
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, date, village] = process.argv.slice(2)
  if (!dataDir || !date || !village) {
    console.error('usage: node --import tsx bench/season-open.ts <dataDir> <YYYY-MM-DD> <villageCode>')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date, village)))
}
