// Lock-race child: on each "go" line from stdin, tries to open the store in argv[2]; when it can,
// adds one to a counter in one transaction, holds the folder briefly, and closes it. Prints
// "opened <t>" / "closed <t>" (ms timestamps) or "refused <code>", then "done".

import { Store } from '../../../src/core/store/store'
import { LOOSE, type Loose } from './store-fixture'

const dir = process.argv[2] ?? ''
if (!dir) throw new Error('usage: store-racer.ts <dataDir>')

const say = (line: string) => process.stdout.write(`${line}\n`)
let buffered = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk: string) => {
  buffered += chunk
  for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
    const line = buffered.slice(0, nl)
    buffered = buffered.slice(nl + 1)
    if (line === 'go') round()
    if (line === 'bye') process.exit(0)
  }
})
say('ready')

function round(): void {
  let s: Store<Loose>
  try {
    s = Store.open(dir, { collections: LOOSE, checkpointIdleMs: 0 })
  } catch (e) {
    say(`refused ${(e as { code?: string }).code ?? 'error'}`)
    say('done')
    return
  }
  say(`opened ${Date.now()}`)
  s.transact({ who: `进程${process.pid}`, method: 'race.write' }, (tx) => {
    tx.put('counters', 'race', ((tx.get('counters', 'race') as number | undefined) ?? 0) + 1)
  })
  // Hold the folder a little, as an app that has just started would.
  const until = Date.now() + 30
  while (Date.now() < until) {
    /* busy: keep the event loop from running anything else */
  }
  say(`closed ${Date.now()}`)
  s.close()
  say('done')
}
