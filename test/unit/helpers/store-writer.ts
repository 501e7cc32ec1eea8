// Crash-test child: opens the store in argv[2] and writes forever, one transaction per iteration,
// printing each write as a JSON line only after `transact` has returned (i.e. was acknowledged).
// The parent kills it with SIGKILL at random moments.
//   stdout: "start", then "ready <n>", then {"n":…,"puts":[…]} per acknowledged transaction.

import { Store } from '../../../src/core/store/store'
import { COUNTER_KEY, crashPuts, LOOSE } from './store-fixture'

const dir = process.argv[2]
if (!dir) throw new Error('usage: store-writer.ts <dataDir>')

process.stdout.write('start\n')
const store = Store.open(dir, {
  collections: LOOSE,
  // Small thresholds so that checkpoints and segment rotation happen all through the run.
  checkpointBytes: 20_000,
  checkpointIdleMs: 5,
  segmentBytes: 50_000,
})
let n = (store.get('counters', COUNTER_KEY) as number | undefined) ?? 0
process.stdout.write(`ready ${n}\n`)

for (;;) {
  n++
  const puts = crashPuts(n)
  store.transact({ who: '崩溃测试', method: 'crash.put' }, (tx) => {
    for (const p of puts) tx.put(p.c, p.k, p.v)
  })
  // Acknowledged: only now may the parent count on it. (stdout to a pipe is synchronous on Linux.)
  process.stdout.write(JSON.stringify({ n, puts }) + '\n')
  // Now and then let the event loop idle so the 5 ms idle checkpoint timer fires too.
  if (Math.random() < 0.08) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 10)))
}
