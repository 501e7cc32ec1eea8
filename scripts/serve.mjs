// `npm run serve -- [--data DIR] [--port N] [--host ADDR] [--allow-host NAME[,NAME]]`: the browser-mode shell, rebuilt
// first when src/ has changed. Defaults: data in ~/.clean-heating-desk/data, port 5180.
import { ensureBuilt, runBrowserMode } from './lib/build.mjs'

await ensureBuilt()
await runBrowserMode(process.argv.slice(2))
