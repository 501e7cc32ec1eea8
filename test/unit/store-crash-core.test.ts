// The kill -9 loop through the whole core, with restores, undos of restores and import commits in
// the mix: a child works on the folder (see core-crash-writer.ts) and is SIGKILLed at random
// moments, often aimed into a restore, an undo or a commit. After every kill the folder must open,
// no receipt or household number given out may ever be given out again, every deposit and import
// acknowledged since the last acknowledged restore must be there, and receipts stay unique.

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { Core } from '../../src/core/api'
import { CRASH_FIXTURE, prepareCrashFolder } from './helpers/core-crash-fixture'
import { lockFiles, runHelper, seqProblems, sleep, tempDir } from './helpers/store-fixture'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const rand = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1))
const receiptSerial = (no: string) => Number(no.slice(no.lastIndexOf('-') + 1))
const householdSerial = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1))

type Ack = { op: 'receipt'; no: string; entry: string } | { op: 'household'; id: string } | { op: 'import'; batch?: string } | { op: 'backup'; id: string } | { op: 'restore'; id: string } | { op: 'undo' }

it('kill -9 during deposits, imports, backups, restores and undos never reissues a number or loses an acknowledged write', { timeout: 300_000 }, async () => {
  const dir = tempDir('core-crash-')
  dirs.push(dir)
  await prepareCrashFolder(dir)

  /** every receipt number and household id ever acknowledged (by the child or by this test) */
  const receipts = new Set<string>()
  const households = new Set<string>(CRASH_FIXTURE.households)
  const ROUNDS = 18
  /** extra rounds aimed at a commit or a restore, until a kill has landed inside each */
  const EXTRA = 8
  const aimed = { restoring: 0, undoing: 0, committing: 0 }
  const killedIn = { restore: 0, undo: 0, commit: 0 }
  let acks = 0

  let rounds = 0
  for (let round = 0; round < ROUNDS + EXTRA; round++) {
    const missing = killedIn.commit === 0 ? 'committing' : killedIn.restore + killedIn.undo === 0 ? 'restoring' : null
    if (round >= ROUNDS && !missing) break
    rounds++
    const child = runHelper('core-crash-writer.ts', [dir, String(round + 1)])
    await child.waitForLine((l) => l === 'ready', 60_000)
    // A third of the kills aim into a restore, an undo or a commit; the rest land anywhere.
    const target = round >= ROUNDS ? missing : round % 3 === 0 ? (['restoring', 'undoing', 'committing'] as const)[(round / 3) % 3]! : null
    if (target) {
      try {
        await child.waitForLine((l) => l === target, 8_000)
        aimed[target]++
        // A commit is one transaction of a few milliseconds: kill at once. A restore copies files.
        if (target !== 'committing') await sleep(rand(0, 120))
      } catch {
        /* it did not come to that in time: kill wherever it is */
      }
    } else {
      await sleep(rand(100, 1500))
    }
    child.proc.kill('SIGKILL')
    const { signal, code } = await child.closed
    expect(signal, `writer died by itself (code ${code}):\n${child.stderr()}`).toBe('SIGKILL')

    // What the child was told succeeded.
    const lines = child.lines()
    const acked: Ack[] = []
    for (const l of lines) if (l.startsWith('{')) acked.push(JSON.parse(l) as Ack)
    acks += acked.length
    const last = lines.at(-1)
    if (last === 'restoring') killedIn.restore++
    if (last === 'undoing') killedIn.undo++
    if (last === 'committing') killedIn.commit++
    for (const a of acked) {
      if (a.op === 'receipt') {
        expect(receipts.has(a.no), `receipt ${a.no} given out twice`).toBe(false)
        receipts.add(a.no)
      }
      if (a.op === 'household') {
        expect(households.has(a.id), `household number ${a.id} given out twice`).toBe(false)
        households.add(a.id)
      }
    }
    // Writes after the last restore or undo that was started (it may have finished before the
    // kill, unacknowledged, and rolled them back with the data) must all be there.
    const since: Ack[] = []
    for (const l of lines) {
      if (l === 'restoring' || l === 'undoing') since.length = 0
      else if (l.startsWith('{')) since.push(JSON.parse(l) as Ack)
    }

    const core = new Core({ dataDir: dir, version: 'check', now: () => new Date(`${CRASH_FIXTURE.today}T11:00:00`), store: { checkpointIdleMs: 0 } })
    try {
      expect(core.error, core.error?.message).toBeNull()
      const store = core.store!
      // Counters are at least every number handed out.
      const maxReceipt = Math.max(0, ...[...receipts].map(receiptSerial))
      expect(store.get('counters', CRASH_FIXTURE.receiptCounter) ?? 0).toBeGreaterThanOrEqual(maxReceipt)
      const maxHousehold = Math.max(...[...households].map(householdSerial))
      expect(store.get('counters', `households:${CRASH_FIXTURE.householdVillage}`) ?? 0).toBeGreaterThanOrEqual(maxHousehold)
      // Nothing acknowledged since the last reset is missing.
      for (const a of since) {
        if (a.op === 'receipt') expect(store.get('ledger', a.entry), `deposit ${a.no} lost`).toMatchObject({ receiptNo: a.no })
        if (a.op === 'household') expect(store.get('households', a.id), `household ${a.id} lost`).toBeDefined()
        if (a.op === 'import' && a.batch) expect(store.get('imports', a.batch), `import ${a.batch} lost`).toBeDefined()
      }
      // Receipt numbers in the ledger are unique.
      const inLedger = [...store.values('ledger')].flatMap((e) => (e.account === 'deposit' && e.receiptNo ? [e.receiptNo] : []))
      expect(new Set(inLedger).size).toBe(inLedger.length)
      // The next number given out is new.
      const next = await core.as({ who: '核对' })['deposits.receive']({ householdId: CRASH_FIXTURE.households[0]!, amount: '1', date: CRASH_FIXTURE.today })
      expect(receipts.has(next.receiptNo!), `receipt ${next.receiptNo} reissued after the crash`).toBe(false)
      expect(receiptSerial(next.receiptNo!)).toBeGreaterThan(maxReceipt)
      receipts.add(next.receiptNo!)
      const h = await core.as({ who: '核对' })['households.create']({ villageCode: CRASH_FIXTURE.householdVillage, headName: '核对户', route: 'gas', stage: 'confirmed' })
      expect(households.has(h.id), `household number ${h.id} reissued after the crash`).toBe(false)
      households.add(h.id)
    } finally {
      core.close()
    }
    expect(lockFiles(dir)).toEqual([])
    expect(seqProblems(dir)).toEqual([])
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('db.'))).toEqual([]) // a cut restore was finished or undone
    expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.partial'))).toEqual([])
  }
  console.log(
    `core crash test: ${rounds} kills, ${acks} acknowledged calls, ${receipts.size} receipts, ${households.size} household numbers; ` +
      `aimed at restore/undo/commit ${aimed.restoring}/${aimed.undoing}/${aimed.committing}, ` +
      `killed inside restore/undo/commit ${killedIn.restore}/${killedIn.undo}/${killedIn.commit}`,
  )
  expect(receipts.size).toBeGreaterThan(50)
  expect(killedIn.restore + killedIn.undo).toBeGreaterThan(0)
  expect(killedIn.commit).toBeGreaterThan(0)
})
