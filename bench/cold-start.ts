// One cold start, in its own process (warm OS cache, cold JS heap): open the data folder and
// compute the dashboard, as the app does before its first screen. Prints one JSON line.
//
//   node --import tsx bench/cold-start.ts <dataDir> <date>

import { isMain, mb, round } from './lib'

export interface ColdStartResult {
  /** new Core(): lock, manifest, log replay, auto-backup check */
  open_ms: number
  /** dashboard.summary({date}) on the freshly opened core */
  dashboard_ms: number
  /** open + dashboard: the measured cold start */
  total_ms: number
  rss_mb: number
  heap_used_mb: number
  rows: number
  counties: number
  villages: number
  /** app.info afterwards (the renderer's other first call: it counts every household) */
  app_info_ms: number
  rss_after_app_info_mb: number
}

async function main(dataDir: string, date: string): Promise<ColdStartResult> {
  // Module loading (and tsx's transpiling) is not part of the measured start.
  const { Core } = await import('../src/core/api')
  const t0 = performance.now()
  const core = new Core({ dataDir, version: 'bench' })
  const t1 = performance.now()
  const dash = (await core.api['dashboard.summary']({ date })) as import('../src/core/contract').Dashboard
  const t2 = performance.now()
  const rss = process.memoryUsage()
  await core.api['app.info']({})
  const t3 = performance.now()
  const rss2 = process.memoryUsage().rss
  core.close()
  return {
    open_ms: round(t1 - t0, 1),
    dashboard_ms: round(t2 - t1, 1),
    total_ms: round(t2 - t0, 1),
    rss_mb: mb(rss.rss),
    heap_used_mb: mb(rss.heapUsed),
    rows: dash.rows.length,
    counties: new Set(dash.rows.map((r) => r.countyCode)).size,
    villages: dash.totals.reduce((n, t) => n + t.villages, 0),
    app_info_ms: round(t3 - t2, 1),
    rss_after_app_info_mb: mb(rss2),
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, date] = process.argv.slice(2)
  if (!dataDir || !date) {
    console.error('usage: node --import tsx bench/cold-start.ts <dataDir> <YYYY-MM-DD>')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date)))
}
