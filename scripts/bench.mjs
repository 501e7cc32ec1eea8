// `npm run bench`: city-scale timings of the core (bench/run.ts, run through tsx) into
// bench/results.json. Arguments are passed on: npm run bench -- --only edit,cold
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ROOT } from './lib/build.mjs'

// Timings are taken as the app runs: NODE_ENV=test would change library behaviour (lowdb's
// presets keep data in memory under test).
const env = { ...process.env, NODE_ENV: 'production' }
const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'run.ts'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env,
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('error', (err) => {
  console.error(err.message)
  process.exit(1)
})
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
