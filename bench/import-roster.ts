// A county's household roster (花名册) of 20,000 rows into the city, in its own process: the
// stored households of whole villages (one in ten moved on a stage) plus new households, in one
// .xlsx with the template's columns; addFile, review and commit through the API are timed.
// Prints one JSON line.
//
//   node --import tsx bench/import-roster.ts <dataDir> <lastFigureDate> [rows]

import ExcelJS from 'exceljs'
import type { ImportCommitResult, ImportReview } from '../src/core/contract'
import { addDays } from '../src/core/domain/dates'
import { idCheckChar } from '../src/core/domain/id-number'
import { seededRng } from '../src/core/domain/random'
import type { Division, Household, RouteDef, Settings } from '../src/core/domain/types'
import { STAGE_KEYS } from '../src/core/domain/types'
import { ROSTER_COLUMNS } from '../src/core/import/templates'
import { isMain, mb, problemKinds, round } from './lib'

export interface ImportRosterResult {
  rows: number
  bytes_mb: number
  /** addFile + review + commit */
  total_ms: number
  add_ms: number
  review_ms: number
  commit_ms: number
  added: number
  updated: number
  unchanged: number
  rejected: number
  warnings: number
  derived_villages: number
  prepare_ms: number
  /** how many problems of each kind (severity and the message's first words) */
  problem_kinds: Record<string, number>
  rss_mb: number
}

async function main(dataDir: string, lastDate: string, rowCount: number): Promise<ImportRosterResult> {
  const { Core } = await import('../src/core/api')
  const day = addDays(lastDate, 1)
  const core = new Core({ dataDir, version: 'bench', now: () => new Date(`${day}T17:00:00`) })
  const store = core.store!
  await core.api['app.info']({})
  const settings = (await core.api['settings.get']({})) as Settings
  await core.api['dashboard.summary']({ date: lastDate })

  // ---- the roster (not timed): whole villages, first county first, and new households ----
  const t0 = performance.now()
  const rng = seededRng(11)
  const route = (id: string): RouteDef => settings.routes.find((r) => r.id === id)!
  const name = (code: string) => store.get<Division>('divisions', code)!.name
  const villages = new Map<string, Household[]>()
  const newRows = Math.round(rowCount / 20)
  let existing = 0
  for (const county of store.partitionNames('households')) {
    for (const h of store.partitionEntries<Household>('households', county).values()) {
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
    const town = store.get<Division>('divisions', v)!.parentCode
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
  const start = performance.now()
  const { sessionId } = (await core.call('imports.addFile', { file })) as { sessionId: string }
  const added = performance.now()
  const review = (await core.call('imports.review', { sessionId })) as ImportReview
  const reviewed = performance.now()
  const result = (await core.call('imports.commit', { sessionId, onConflict: 'replace' })) as ImportCommitResult
  const end = performance.now()
  const rss = process.memoryUsage().rss
  core.close()

  return {
    rows: rows.length,
    bytes_mb: mb(bytes.length),
    total_ms: round(end - start, 0),
    add_ms: round(added - start, 0),
    review_ms: round(reviewed - added, 0),
    commit_ms: round(end - reviewed, 0),
    added: result.households.added,
    updated: result.households.updated,
    unchanged: result.households.unchanged,
    rejected: result.households.rejected,
    warnings: review.totals.warnings,
    derived_villages: result.derivedVillages,
    prepare_ms: round(prepare, 0),
    problem_kinds: problemKinds(review),
    rss_mb: mb(rss),
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
