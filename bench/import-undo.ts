// Undo of a day's township submissions, in its own process: the 116-file day of import-day.ts is
// imported (not timed), then `imports.undo` of that batch is timed — reading the batch's own log
// entry from the audit trail, checking each of its 2,482 figures against what is stored now, and
// writing them all back in one transaction. Then the figures must be as before the import.
// Prints one JSON line.
//
//   node --import tsx bench/import-undo.ts <dataDir> <lastFigureDate> [files]

import type { ImportCommitResult, ImportReview, UndoPreview, UndoResult } from '../src/core/contract'
import { prepareDay } from './import-day'
import { isMain, round } from './lib'

export interface ImportUndoResult {
  files: number
  rows: number
  /** the batch's figures put back */
  restored: number
  kept: number
  /** imports.undoPreview (what the 撤销 dialog shows), timed on its own */
  preview_ms: number
  /** imports.undo */
  undo_ms: number
  /** the import before it, not part of the measurement */
  import_ms: number
}

async function main(dataDir: string, lastDate: string, fileCount: number): Promise<ImportUndoResult> {
  const { core, day, files, rows } = await prepareDay(dataDir, lastDate, fileCount)
  const figureOf = (k: string) => JSON.stringify(core.store!.get('figures', k) ?? null)
  const keys = [...core.store!.partitionEntries('figures', day.slice(0, 7)).keys()].filter((k) => k.endsWith(day))
  const before = new Map(keys.map((k) => [k, figureOf(k)]))

  const t0 = performance.now()
  let sessionId: string | undefined
  for (const file of files) sessionId = ((await core.call('imports.addFile', { sessionId, file })) as { sessionId: string }).sessionId
  await core.call('imports.review', { sessionId })
  const result = (await core.call('imports.commit', { sessionId, onConflict: 'replace' })) as ImportCommitResult
  const imported = performance.now() - t0
  if (!result.batchId || result.figures.added !== rows) throw new Error(`import_undo: the day stored ${result.figures.added} of ${rows} rows`)
  // Folded into the snapshot files first, as the store's idle timer would have done by the time
  // someone opens 最近的导入 and presses 撤销.
  core.store!.checkpoint()

  const p0 = performance.now()
  const look = (await core.call('imports.undoPreview', { batchId: result.batchId })) as UndoPreview
  const p1 = performance.now()
  const undone = (await core.call('imports.undo', { batchId: result.batchId })) as UndoResult
  const p2 = performance.now()
  if (look.restore.figures !== rows || undone.restored.figures !== rows || undone.kept.length > 0) {
    throw new Error(`import_undo: ${undone.restored.figures} of ${rows} figures put back, ${undone.kept.length} kept`)
  }
  for (const [k, v] of before) if (figureOf(k) !== v) throw new Error(`import_undo: ${k} is not as before the import`)
  const review = (await core.call('imports.review', { sessionId: ((await core.call('imports.addFile', { file: files[0] })) as { sessionId: string }).sessionId })) as ImportReview
  if (review.files[0]!.status !== 'ok') throw new Error('import_undo: a file of the undone batch is still "imported before"')
  core.close()
  return {
    files: files.length,
    rows,
    restored: undone.restored.figures,
    kept: undone.kept.length,
    preview_ms: round(p1 - p0, 0),
    undo_ms: round(p2 - p1, 0),
    import_ms: round(imported, 0),
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, date, files = '116'] = process.argv.slice(2)
  if (!dataDir || !date) {
    console.error('usage: node --import tsx bench/import-undo.ts <dataDir> <YYYY-MM-DD> [files]')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, date, Number(files))))
}
