// Lock-test child: opens the store in argv[2], prints "held <pid>", keeps it open until its stdin
// closes, then closes the store (releasing the lock) and exits 0.

import { COLLECTIONS } from '../../../src/core/store/collections'
import { Store } from '../../../src/core/store/store'

const dir = process.argv[2]
if (!dir) throw new Error('usage: store-holder.ts <dataDir>')
const store = Store.open(dir, { collections: COLLECTIONS, checkpointIdleMs: 0 })
process.stdout.write(`held ${process.pid}\n`)
process.stdin.resume()
process.stdin.on('end', () => {
  store.close()
  process.stdout.write('released\n')
  process.exit(0)
})
