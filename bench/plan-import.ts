// The plan list (任务清单) of the whole invented city, 3,000 villages, in its own process: one .xlsx
// with the plan template's columns, every village's plan as stored with one in ten targets revised
// (任务调整) and one in twenty companies changed; then imports.addFile, imports.review and
// imports.commit through the API, timed as the 报送导入 page sends them. Prints one JSON line.
//
//   node --import tsx bench/plan-import.ts <dataDir> <lastFigureDate>

import ExcelJS from 'exceljs'
import { PLAN_COLUMNS, FIGURE_SOURCE_TEXT } from '../src/core/import/templates'
import type { Settings } from '../src/core/domain/types'
import { type BatchTimes, openNextDay, timeBatch } from './import-batch'
import { isMain, mb, round } from './lib'

export interface PlanImportResult extends BatchTimes {
  villages: number
  bytes_mb: number
  added: number
  updated: number
  unchanged: number
  rejected: number
  /** targets revised in the list, each a 任务调整 warning in the preview */
  adjusted: number
  prepare_ms: number
}

async function main(dataDir: string, lastDate: string): Promise<PlanImportResult> {
  const { core } = await openNextDay(dataDir, lastDate)
  const store = core.store!
  const settings = (await core.api['settings.get']({})) as Settings
  const routeName = (id: string) => settings.routes.find((r) => r.id === id)!.name

  // ---- the list (not timed) ----
  const t0 = performance.now()
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('任务清单')
  ws.addRow(['全市清洁取暖改造任务清单'])
  ws.addRow(PLAN_COLUMNS.map((c) => c.header))
  const villages = [...store.values('divisions')].filter((d) => d.level === 'village').sort((a, b) => a.code.localeCompare(b.code))
  let adjusted = 0
  villages.forEach((v, i) => {
    const p = store.get('plans', v.code)!
    const target = i % 10 === 3 ? p.targetHouseholds + 5 : p.targetHouseholds
    if (target !== p.targetHouseholds) adjusted++
    const contractor = i % 20 === 7 ? `${p.contractor}（二标段）` : p.contractor
    ws.addRow([i + 1, store.get('divisions', v.parentCode)!.name, v.code, v.name, routeName(p.route), target, contractor, new Date(`${p.deadline}T00:00:00Z`), FIGURE_SOURCE_TEXT[p.figureSource], ''])
  })
  ws.getColumn(3).numFmt = '@'
  const bytes = Buffer.from(await wb.xlsx.writeBuffer())
  const file = { fileName: '全市任务清单.xlsx', dataBase64: bytes.toString('base64') }
  const prepare = performance.now() - t0

  // ---- measured ----
  const { times, review, result } = await timeBatch(core, [file])
  const expectedUpdated = villages.filter((_, i) => i % 10 === 3 || i % 20 === 7).length
  if (review.totals.errors > 0 || result.plans.updated !== expectedUpdated || result.plans.unchanged + result.plans.updated !== villages.length) {
    throw new Error(`plan_import: ${review.totals.errors} errors, ${result.plans.updated} of ${expectedUpdated} plans updated, ${result.plans.unchanged} unchanged`)
  }
  return {
    villages: villages.length,
    bytes_mb: mb(bytes.length),
    ...times,
    added: result.plans.added,
    updated: result.plans.updated,
    unchanged: result.plans.unchanged,
    rejected: result.plans.rejected,
    adjusted,
    prepare_ms: round(prepare, 0),
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, date] = process.argv.slice(2)
  if (!dataDir || !date) {
    console.error('usage: node --import tsx bench/plan-import.ts <dataDir> <YYYY-MM-DD>')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date)))
}
