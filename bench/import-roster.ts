// A county's household roster (花名册) of 20,000 rows into the city, in its own process: the
// stored households of whole villages (one in ten moved on a stage) plus new households, in one
// .xlsx with the template's columns; addFile, review and commit through the API are timed.
// Prints one JSON line.
//
//   node --import tsx bench/import-roster.ts <dataDir> <lastFigureDate> [rows]

import ExcelJS from 'exceljs'
import { idCheckChar } from '../src/core/domain/id-number'
import { seededRng } from '../src/core/domain/random'
import type {  Household, RouteDef, Settings } from '../src/core/domain/types'
import { STAGE_KEYS } from '../src/core/domain/types'
import { ROSTER_COLUMNS } from '../src/core/import/templates'
import { type BatchTimes, openNextDay, timeBatch } from './import-batch'
import { isMain, mb, round } from './lib'

export interface ImportRosterResult extends BatchTimes {
  rows: number
  bytes_mb: number
  added: number
  updated: number
  unchanged: number
  rejected: number
  warnings: number
  derived_villages: number
  prepare_ms: number
}

async function main(dataDir: string, lastDate: string, rowCount: number): Promise<ImportRosterResult> {
  const { core } = await openNextDay(dataDir, lastDate)
  const store = core.store!
  const settings = (await core.api['settings.get']({})) as Settings

  // ---- the roster (not timed): whole villages, first county first, and new households ----
  const t0 = performance.now()
  const rng = seededRng(11)
  const route = (id: string): RouteDef => settings.routes.find((r) => r.id === id)!
  const name = (code: string) => store.get('divisions', code)!.name
  const villages = new Map<string, Household[]>()
  const newRows = Math.round(rowCount / 20)
  let existing = 0
  for (const county of store.partitionNames('households')) {
    for (const h of store.partitionEntries('households', county).values()) {
      const list = villages.get(h.villageCode)
      if (list) list.push(h)
      else {
        if (existing >= rowCount - newRows) break
        villages.set(h.villageCode, [h])
      }
      existing++
    }
    if (existing >= rowCount - newRows) break
  }
  const rows: Array<Array<string | number>> = []
  const place = (v: string) => {
    const town = store.get('divisions', v)!.parentCode
    return [name(v.slice(0, 6)), name(town), name(v)]
  }
  for (const [v, list] of villages) {
    for (const h of list) {
      let stage = h.stage
      if (rng.next() < 0.1 && stage !== 'accepted') stage = STAGE_KEYS[stage === 'none' ? 0 : STAGE_KEYS.indexOf(stage) + 1]!
      const r = route(h.route)
      rows.push([rows.length + 1, ...place(v), h.address ?? '', h.headName, h.idNumber ?? '', h.phone ?? '', h.userCode ?? '', r.name, h.contractor ?? '', h.meterNo ?? '', '', stage === 'none' ? '未确户' : r.stages.find((s) => s.key === stage)!.name])
    }
  }
  const codes = [...villages.keys()]
  for (let i = 0; rows.length < rowCount; i++) {
    const v = codes[i % codes.length]!
    const first17 = `${v.slice(0, 6)}1995${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${String(900 + (i % 100)).padStart(3, '0')}`
    rows.push([rows.length + 1, ...place(v), '新增户', `新户${i}`, first17 + idCheckChar(first17), '', '', '煤改气', '', '', '', '确户签约'])
  }
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('农户花名册')
  ws.addRow(['基准市清洁取暖改造农户花名册'])
  ws.addRow(ROSTER_COLUMNS.map((c) => c.header))
  for (const r of rows) ws.addRow(r)
  const bytes = Buffer.from(await wb.xlsx.writeBuffer())
  const file = { fileName: '花名册.xlsx', dataBase64: bytes.toString('base64') }
  const prepare = performance.now() - t0

  // ---- measured ----
  const { times, review, result } = await timeBatch(core, [file])

  return {
    rows: rows.length,
    bytes_mb: mb(bytes.length),
    ...times,
    added: result.households.added,
    updated: result.households.updated,
    unchanged: result.households.unchanged,
    rejected: result.households.rejected,
    warnings: review.totals.warnings,
    derived_villages: result.derivedVillages,
    prepare_ms: round(prepare, 0),
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, date, rows = '20000'] = process.argv.slice(2)
  if (!dataDir || !date) {
    console.error('usage: node --import tsx bench/import-roster.ts <dataDir> <YYYY-MM-DD> [rows]')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date, Number(rows))))
}
