// Crash-test child through the whole core: opens the data folder in argv[2] and, for ever, takes
// deposits (receipt numbers), adds households (household numbers), commits a township's daily
// file, backs up, restores a backup and undoes a restore. Each acknowledged call is printed as a
// JSON line only after it returned; "restoring" / "undoing" / "committing" are printed just
// before those calls, so the parent can aim its kill -9 into them.

import { Core } from '../../../src/core/api'
import { seededRng } from '../../../src/core/domain/random'
import { CRASH_FIXTURE, crashFigureCsv } from './core-crash-fixture'

const dir = process.argv[2] ?? ''
const seed = Number(process.argv[3] ?? 1)
if (!dir) throw new Error('usage: core-crash-writer.ts <dataDir> <seed>')

const say = (x: unknown) => process.stdout.write(`${typeof x === 'string' ? x : JSON.stringify(x)}\n`)

const core = new Core({
  dataDir: dir,
  version: 'crash',
  now: () => new Date(`${CRASH_FIXTURE.today}T10:00:00`),
  // Small thresholds: checkpoints and sealed segments happen all through the run.
  store: { checkpointBytes: 20_000, checkpointIdleMs: 5, segmentBytes: 40_000 },
})
if (core.error) {
  process.stderr.write(`${core.error.message}\n`)
  process.exit(3)
}
const api = core.as({ who: `崩溃测试${process.pid}` })
const random = seededRng(seed)
const rng = () => random.next()
say('ready')

for (let i = 0; ; i++) {
  const r = rng()
  if (r < 0.5) {
    const householdId = CRASH_FIXTURE.households[Math.floor(rng() * CRASH_FIXTURE.households.length)]!
    const e = await api['deposits.receive']({ householdId, amount: '1000', date: CRASH_FIXTURE.today })
    say({ op: 'receipt', no: e.receiptNo, entry: e.id })
  } else if (r < 0.6) {
    const h = await api['households.create']({ villageCode: CRASH_FIXTURE.householdVillage, headName: `新户${i}`, route: 'gas', stage: 'confirmed' })
    say({ op: 'household', id: h.id })
  } else if (r < 0.72) {
    let sessionId = (await api['imports.addFile']({ file: { fileName: `乡镇-${seed}-${i}.csv`, dataBase64: Buffer.from(crashFigureCsv(seed * 100_000 + i)).toString('base64') } })).sessionId
    await api['imports.review']({ sessionId })
    say('committing')
    const done = await api['imports.commit']({ sessionId, onConflict: 'replace' })
    sessionId = ''
    say({ op: 'import', batch: done.batchId })
  } else if (r < 0.82) {
    const b = await api['backups.create']({ note: `第 ${i} 次` })
    say({ op: 'backup', id: b.id })
  } else if (r < 0.93) {
    const manual = (await api['backups.list']({})).filter((b) => b.reason === 'manual')
    if (manual.length === 0) continue
    const target = manual[Math.floor(rng() * manual.length)]!
    say('restoring')
    await api['backups.restore']({ id: target.id })
    say({ op: 'restore', id: target.id })
  } else {
    const pre = (await api['backups.list']({})).some((b) => b.reason === 'pre-restore' && !b.damaged)
    if (!pre) continue
    say('undoing')
    await api['backups.undoRestore']({})
    say({ op: 'undo' })
  }
  // Let the idle checkpoint timer fire now and then.
  if (rng() < 0.1) await new Promise((res) => setTimeout(res, Math.floor(rng() * 10)))
}
