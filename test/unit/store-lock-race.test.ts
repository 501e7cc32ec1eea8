// Two processes starting at once on a folder whose lock was left by a dead process: they may take
// turns, but never hold the folder at the same time, and no write of either is lost. Fifty rounds,
// the stale lock numbered or in the older single-file form.

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { Store } from '../../src/core/store/store'
import { type Child, lockFiles, looseOpts, runHelper, tempDir } from './helpers/store-fixture'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** A pid that is certainly dead: a process that has exited and been reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', ''])
  return r.pid!
}

interface Turn {
  opened?: number
  closed?: number
  refused?: string
}

async function turn(child: Child, from: number): Promise<Turn> {
  await child.waitForLine((l, i) => i >= from && l === 'done')
  const t: Turn = {}
  for (const line of child.lines().slice(from)) {
    if (line.startsWith('opened ')) t.opened = Number(line.slice(7))
    if (line.startsWith('closed ')) t.closed = Number(line.slice(7))
    if (line.startsWith('refused ')) t.refused = line.slice(8)
  }
  return t
}

it('two processes on a stale lock never both hold the folder; fifty rounds', { timeout: 180_000 }, async () => {
  const dir = tempDir('race-')
  dirs.push(dir)
  Store.open(dir, looseOpts()).close()
  const a = runHelper('store-racer.ts', [dir])
  const b = runHelper('store-racer.ts', [dir])
  let opens = 0
  let both = 0
  let overlaps = 0
  try {
    await a.waitForLine((l) => l === 'ready')
    await b.waitForLine((l) => l === 'ready')
    for (let round = 0; round < 50; round++) {
      // The lock a crashed program left: numbered, or (every third round) the older `.lock`.
      const stale = JSON.stringify({ pid: deadPid(), host: os.hostname(), at: '2026-10-01T08:00:00.000Z' })
      fs.writeFileSync(path.join(dir, round % 3 === 2 ? '.lock' : `.lock.${round + 1}`), stale)
      const fromA = a.lines().length
      const fromB = b.lines().length
      a.proc.stdin.write('go\n')
      b.proc.stdin.write('go\n')
      const [ta, tb] = await Promise.all([turn(a, fromA), turn(b, fromB)])
      for (const t of [ta, tb]) {
        if (t.refused) expect(t.refused).toBe('store_locked')
        else expect(t.opened).toBeTypeOf('number')
      }
      if (ta.opened && tb.opened) {
        both++
        // Both opened in this round: only one after the other closed.
        const disjoint = ta.closed! < tb.opened || tb.closed! < ta.opened
        if (!disjoint) overlaps++
      }
      opens += Number(Boolean(ta.opened)) + Number(Boolean(tb.opened))
      expect(lockFiles(dir)).toEqual([]) // both let go (or never held it)
    }
  } finally {
    a.proc.stdin.write('bye\n')
    b.proc.stdin.write('bye\n')
    await Promise.all([a.closed, b.closed])
  }
  expect(overlaps).toBe(0)
  expect(opens).toBeGreaterThanOrEqual(50) // every round, someone got in
  // No write lost: the counter is the number of times either process held the folder.
  const s = Store.open(dir, looseOpts())
  expect(s.get('counters', 'race')).toBe(opens)
  s.close()
  console.log(`lock race: 50 rounds, ${opens} opens, ${both} rounds where both got in one after the other, 0 overlaps`)
})
