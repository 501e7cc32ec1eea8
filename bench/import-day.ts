// A day's township submissions into the city, in its own process: the daily-figure files of the
// <files> townships with the most villages (made from the app's own template, filled in as a
// township would) go through the API exactly as the 报送导入 page sends them — imports.addFile per
// file, imports.review, then imports.commit — and the wall time of that whole sequence is measured.
// Prints one JSON line.
//
// The issue asks for "116 township files with ~3,000 village rows"; the invented city has 3,000
// villages in 160 townships (9 to 28 each), so the 116 biggest townships hold 2,482 villages and no
// honest day of 116 files can have more rows. To come as close as the city allows, this copy of
// the city (never the fixture) lets every village of the chosen townships report counts: the
// household-kept ones are switched to counts through villages.setPlan before the files are made.
//
//   node --import tsx bench/import-day.ts <dataDir> <lastFigureDate> [files]

import ExcelJS from 'exceljs'
import type { Core } from '../src/core/api'
import type { DailyFigure } from '../src/core/domain/types'
import { STAGE_KEYS } from '../src/core/domain/types'
import { type BatchTimes, openNextDay, timeBatch } from './import-batch'
import { isMain, round } from './lib'

export interface ImportDayResult extends BatchTimes {
  files: number
  rows: number
  /** villages of the chosen townships switched from households to counts in this copy (not timed) */
  switched_to_counts: number
  added: number
  errors: number
  warnings: number
  unreported: number
  /** making and filling the templates, not measured */
  prepare_ms: number
}

/** A figure a day on: a few more households at each stage, never past the stage before or the target. */
function nextDay(f: DailyFigure | undefined, target: number): number[] {
  const prev = STAGE_KEYS.map((k) => f?.counts[k] ?? 0)
  const bump = [3, 2, 2, 1, 1, 0]
  const out: number[] = []
  prev.forEach((v, i) => out.push(Math.max(v, Math.min(v + bump[i]!, target, i === 0 ? target : out[i - 1]!))))
  return [...out, round((f?.networkKm ?? 0) + 0.05, 2)]
}

export interface PreparedDay {
  core: Core
  day: string
  files: Array<{ fileName: string; dataBase64: string }>
  rows: number
  switched: number
  prepare_ms: number
}

/**
 * The day's files (not timed): the townships with the most villages, all of them reporting counts,
 * each with the app's own template filled in with a plausible next-day figure per village.
 */
export async function prepareDay(dataDir: string, lastDate: string, fileCount: number): Promise<PreparedDay> {
  const { core, day } = await openNextDay(dataDir, lastDate)
  const store = core.store!

  // ---- the day's townships (not timed): the ones with the most villages, all of them reporting counts ----
  const t0 = performance.now()
  const villagesOf = new Map<string, string[]>()
  for (const d of store.values('divisions')) {
    if (d.level !== 'village') continue
    const list = villagesOf.get(d.parentCode)
    if (list) list.push(d.code)
    else villagesOf.set(d.parentCode, [d.code])
  }
  const towns = [...villagesOf.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, fileCount)
  let switched = 0
  for (const [, villages] of towns) {
    for (const v of villages) {
      const plan = store.get('plans', v)
      if (!plan || plan.figureSource === 'counts') continue
      await core.api['villages.setPlan']({ ...plan, figureSource: 'counts' })
      switched++
    }
  }
  // Folded into the snapshot files now, so the store's idle checkpoint cannot fall into the timed part.
  store.checkpoint()

  const files: Array<{ fileName: string; dataBase64: string }> = []
  let rows = 0
  for (const [town] of towns) {
    const tpl = await core.api['imports.template']({ kind: 'figures', code: town, date: day })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(tpl.dataBase64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    for (let r = 6; r <= ws.rowCount; r++) {
      const code = ws.getCell(r, 2).value
      if (typeof code !== 'string' || !/^\d{12}$/.test(code)) continue
      const [latest] = (await core.api['figures.history']({ villageCode: code, limit: 1 })) as DailyFigure[]
      nextDay(latest, Number(ws.getCell(r, 5).value)).forEach((v, j) => (ws.getCell(r, 6 + j).value = v))
      rows++
    }
    files.push({ fileName: tpl.fileName, dataBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') })
  }
  return { core, day, files, rows, switched, prepare_ms: round(performance.now() - t0, 0) }
}

async function main(dataDir: string, lastDate: string, fileCount: number): Promise<ImportDayResult> {
  const { core, files, rows, switched, prepare_ms } = await prepareDay(dataDir, lastDate, fileCount)

  // ---- measured: what the page does ----
  const { times, review, result } = await timeBatch(core, files)
  if (review.totals.errors > 0 || result.figures.added !== rows) {
    throw new Error(`import_day: ${review.totals.errors} errors, ${result.figures.added} of ${rows} rows added`)
  }
  return {
    files: files.length,
    rows,
    ...times,
    added: result.figures.added,
    errors: review.totals.errors,
    warnings: review.totals.warnings,
    unreported: result.reporting[0]?.unreported.length ?? 0,
    switched_to_counts: switched,
    prepare_ms,
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, date, files = '116'] = process.argv.slice(2)
  if (!dataDir || !date) {
    console.error('usage: node --import tsx bench/import-day.ts <dataDir> <YYYY-MM-DD> [files]')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date, Number(files))))
}
