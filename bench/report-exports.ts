// The 报表 exports on the city, in their own process: the core is first brought to where the app
// is after its first screen (app.info, settings.get, dashboard.summary), then each export is
// called as a user would click it (the first call is the headline), then twice more. Prints one
// JSON line; with an output folder, the exported files are written there to look at.
//
//   node --import tsx bench/report-exports.ts <dataDir> <date> [outDir]

import fs from 'node:fs'
import path from 'node:path'
import type { FileOutput } from '../src/core/contract'
import { isMain, mb, median, round } from './lib'

export interface ReportExportResult {
  /** the first export of each kind after the app's start: what a user waits for */
  daily_ms: number
  weekly_ms: number
  tenday_ms: number
  /** the same exports again, median of two more calls */
  daily_again_ms: number
  weekly_again_ms: number
  tenday_again_ms: number
  /** the daily report with one sheet per county by township */
  daily_by_township_ms: number
  /** the in-app previews (data only, no workbook) */
  daily_preview_ms: number
  weekly_preview_ms: number
  tenday_preview_ms: number
  bytes: Record<string, number>
  startup_ms: number
  rss_mb: number
}

async function main(dataDir: string, date: string, outDir?: string): Promise<ReportExportResult> {
  const { Core } = await import('../src/core/api')
  // The core's today is the city's last day of figures, so every report of that day is allowed.
  const core = new Core({ dataDir, version: 'bench', now: () => new Date(`${date}T18:00:00`) })
  const t0 = performance.now()
  await core.api['app.info']({})
  await core.api['settings.get']({})
  await core.api['dashboard.summary']({ date })
  const startup = performance.now() - t0

  const bytes: Record<string, number> = {}
  const timed = async (name: string, call: () => Promise<unknown>): Promise<number> => {
    const s = performance.now()
    const out = await call()
    const ms = performance.now() - s
    const file = out as Partial<FileOutput>
    if (file.dataBase64 && file.fileName) {
      bytes[name] = Buffer.from(file.dataBase64, 'base64').length
      if (outDir) fs.writeFileSync(path.join(outDir, file.fileName), Buffer.from(file.dataBase64, 'base64'))
    }
    return round(ms, 1)
  }
  if (outDir) fs.mkdirSync(outDir, { recursive: true })
  const api = core.api
  const exports = {
    daily: () => api['reports.dailyExport']({ date }),
    weekly: () => api['reports.weeklyExport']({ date }),
    tenday: () => api['reports.tenDayExport']({ date }),
  }
  const first: Record<string, number> = {}
  for (const [k, fn] of Object.entries(exports)) first[k] = await timed(k, fn)
  const again: Record<string, number> = {}
  for (const [k, fn] of Object.entries(exports)) again[k] = median([await timed(k, fn), await timed(k, fn)])
  const result: ReportExportResult = {
    daily_ms: first.daily!,
    weekly_ms: first.weekly!,
    tenday_ms: first.tenday!,
    daily_again_ms: again.daily!,
    weekly_again_ms: again.weekly!,
    tenday_again_ms: again.tenday!,
    daily_by_township_ms: await timed('daily_by_township', () => api['reports.dailyExport']({ date, byTownship: true })),
    daily_preview_ms: await timed('daily_preview', () => api['reports.daily']({ date })),
    weekly_preview_ms: await timed('weekly_preview', () => api['reports.weekly']({ date })),
    tenday_preview_ms: await timed('tenday_preview', () => api['reports.tenDay']({ date })),
    bytes,
    startup_ms: round(startup, 1),
    rss_mb: mb(process.memoryUsage().rss),
  }
  core.close()
  return result
}

if (isMain(import.meta.url)) {
  const [dataDir, date, outDir] = process.argv.slice(2)
  if (!dataDir || !date) {
    console.error('usage: node --import tsx bench/report-exports.ts <dataDir> <YYYY-MM-DD> [outDir]')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date, outDir)))
}
