// What the import benches share: the city opened the day after its last figures, as the app is
// after its first screen, and one import batch sent through the API the way the 报送导入 page
// sends it (addFile per file, review, commit), each step timed.

import type { Core } from '../src/core/api'
import type { ImportCommitResult, ImportReview } from '../src/core/contract'
import { addDays } from '../src/core/domain/dates'
import { mb, round } from './lib'

/** The city's core with its clock at 17:00 the day after `lastDate` (the day being reported). */
export async function openNextDay(dataDir: string, lastDate: string): Promise<{ core: Core; day: string }> {
  const { Core } = await import('../src/core/api')
  const day = addDays(lastDate, 1)
  const core = new Core({ dataDir, version: 'bench', now: () => new Date(`${day}T17:00:00`) })
  await core.api['app.info']({})
  await core.api['settings.get']({})
  await core.api['dashboard.summary']({ date: lastDate })
  return { core, day }
}

export interface BatchTimes {
  /** addFile × files + review + commit */
  total_ms: number
  add_ms: number
  /** the slowest single addFile */
  add_max_ms: number
  review_ms: number
  commit_ms: number
  /** RSS as the batch starts (after the bench made its files in the same process) and as it ends */
  rss_before_mb: number
  rss_mb: number
  /** how many problems of each kind (severity and the message's first words) */
  problem_kinds: Record<string, number>
}

/** Sends the files as one batch, commits it (replacing days already stored), closes the core. */
export async function timeBatch(
  core: Core,
  files: Array<{ fileName: string; dataBase64: string }>,
): Promise<{ times: BatchTimes; review: ImportReview; result: ImportCommitResult }> {
  const rssBefore = process.memoryUsage().rss
  const start = performance.now()
  let sessionId: string | undefined
  let addMax = 0
  for (const file of files) {
    const t = performance.now()
    sessionId = ((await core.call('imports.addFile', { sessionId, file })) as { sessionId: string }).sessionId
    addMax = Math.max(addMax, performance.now() - t)
  }
  const added = performance.now()
  const review = (await core.call('imports.review', { sessionId })) as ImportReview
  const reviewed = performance.now()
  const result = (await core.call('imports.commit', { sessionId, onConflict: 'replace' })) as ImportCommitResult
  const end = performance.now()
  const rss = process.memoryUsage().rss
  core.close()
  return {
    review,
    result,
    times: {
      total_ms: round(end - start, 0),
      add_ms: round(added - start, 0),
      add_max_ms: round(addMax, 1),
      review_ms: round(reviewed - added, 0),
      commit_ms: round(end - reviewed, 0),
      rss_before_mb: mb(rssBefore),
      rss_mb: mb(rss),
      problem_kinds: problemKinds(review),
    },
  }
}

/** Problems of a preview counted by kind: severity and the message's first words (up to its first stop), digits hidden. */
function problemKinds(review: ImportReview): Record<string, number> {
  const kinds: Record<string, number> = {}
  for (const f of review.files) {
    for (const p of f.problems) {
      // the words before the first stop: 任务调整：<village>… counts as one kind, not one per village's first letter
      const key = `${p.severity}: ${p.message.replace(/\d+/g, '#').split(/[：，。；]/)[0]!.slice(0, 12)}`
      kinds[key] = (kinds[key] ?? 0) + 1
    }
  }
  return kinds
}
