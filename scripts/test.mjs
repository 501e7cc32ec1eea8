// `npm test`: unit tests (vitest), a production build, then end-to-end tests (Playwright in
// Chromium against the browser-mode server), ending with one `N passed, N failed` line.
//   npm test -- --unit-only [vitest args]   npm test -- --e2e-only [playwright args]
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { findBrowser } from './lib/browser.mjs'
import { ROOT, binScript, build, runNode } from './lib/build.mjs'

const RESULTS = path.join(ROOT, 'test-results')
const VITEST_JSON = path.join(RESULTS, 'vitest.json')
const PLAYWRIGHT_JSON = path.join(RESULTS, 'playwright.json')

const argv = process.argv.slice(2)
const unitOnly = argv.includes('--unit-only')
const e2eOnly = argv.includes('--e2e-only')
const extra = argv.filter((a) => a !== '--unit-only' && a !== '--e2e-only')
if ((unitOnly && e2eOnly) || (extra.length > 0 && !unitOnly && !e2eOnly)) {
  console.error('用法（usage）：npm test [-- --unit-only [vitest 参数] | --e2e-only [playwright 参数]]')
  process.exit(2)
}
const runUnit = !e2eOnly
const runE2e = !unitOnly

let interrupted = false
process.on('SIGINT', () => {
  interrupted = true // the children got it from the terminal too
})
process.on('SIGTERM', () => {
  interrupted = true
  runNode.current?.kill('SIGTERM')
})

const env = { ...process.env }
if (runE2e) {
  env.CHROMIUM_PATH = await findBrowser({ install: true })
  console.log(`Chromium：${env.CHROMIUM_PATH}`)
}

/** { passed, failed, skipped } or { error } when the suite produced no results. */
const results = {}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

function vitestCounts(code) {
  const report = readJson(VITEST_JSON)
  if (!report) return { error: `没有结果文件，退出码 ${code}（no results; exit code ${code}）` }
  let failed = report.numFailedTests ?? 0
  // A file that fails to load has no failed tests of its own but must still count.
  for (const file of report.testResults ?? []) {
    const failedInFile = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length
    if (file.status === 'failed' && failedInFile === 0) failed += 1
  }
  const counts = {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  }
  if (counts.passed + counts.failed + counts.skipped === 0) return { ...counts, error: '没有找到测试（no tests found）' }
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1
    counts.note = `vitest 退出码 ${code}，但没有失败的测试（exited ${code} with no failed test: see its output）`
  }
  return counts
}

function playwrightCounts(code) {
  const report = readJson(PLAYWRIGHT_JSON)
  if (!report?.stats) return { error: `没有结果文件，退出码 ${code}（no results; exit code ${code}）` }
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats
  const counts = { passed: expected + flaky, failed: unexpected, skipped }
  // Errors outside any test (config, global setup, a test file that does not load).
  const outside = report.errors?.length ?? 0
  if (outside > 0) {
    counts.failed += outside
    counts.note = `测试之外的错误 ${outside} 个（${outside} error(s) outside tests: see above）`
  }
  if (counts.passed + counts.failed + counts.skipped === 0) return { ...counts, error: '没有找到测试（no tests found）' }
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1
    counts.note = `playwright 退出码 ${code}，但没有失败的测试（exited ${code} with no failed test: see its output）`
  }
  return counts
}

function heading(text) {
  console.log(`\n=== ${text} ===`)
}

if (runUnit) {
  heading('单元测试 unit tests (vitest)')
  rmSync(VITEST_JSON, { force: true })
  const args = ['run', '--reporter=default', '--reporter=json', `--outputFile=${path.relative(ROOT, VITEST_JSON)}`, ...(unitOnly ? extra : [])]
  const code = await runNode(binScript('vitest'), args, { env })
  results.unit = vitestCounts(code)
}

if (runE2e && !interrupted) {
  heading('构建 build (electron-vite)')
  const code = await build()
  if (code !== 0) results.e2e = { error: `构建失败，退出码 ${code}（build failed）` }
}

if (runE2e && !interrupted && !results.e2e) {
  heading('端到端测试 e2e tests (playwright)')
  rmSync(PLAYWRIGHT_JSON, { force: true })
  rmSync(path.join(RESULTS, 'screenshots'), { recursive: true, force: true })
  const code = await runNode(binScript('@playwright/test', 'playwright'), ['test', ...(e2eOnly ? extra : [])], { env })
  results.e2e = playwrightCounts(code)
}

if (runE2e && !results.e2e) results.e2e = { error: '已中断（interrupted）' }
if (runUnit && !results.unit) results.unit = { error: '已中断（interrupted）' }

const labels = { unit: '单元测试/unit', e2e: '端到端/e2e' }
const describe = (c) => `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`
const parts = []
const total = { passed: 0, failed: 0, skipped: 0 }
let ok = !interrupted
for (const [suite, c] of Object.entries(results)) {
  if (c.note) console.log(`${labels[suite]}: ${c.note}`)
  // A suite that did not run, or found nothing to run, counts as one failure so the total
  // line never looks green while something is missing.
  if (c.passed === undefined) {
    parts.push(`${labels[suite]}: 未运行 — ${c.error}`)
    total.failed += 1
    ok = false
    continue
  }
  parts.push(`${labels[suite]}: ${describe(c)}${c.error ? ` — ${c.error}` : ''}`)
  if (c.error || c.failed > 0) ok = false
  total.passed += c.passed
  total.failed += c.failed + (c.error ? 1 : 0)
  total.skipped += c.skipped
}

console.log('')
if (results.e2e?.passed !== undefined && existsSync(path.join(RESULTS, 'screenshots'))) console.log(`截图（screenshots）：${path.relative(ROOT, path.join(RESULTS, 'screenshots'))}/`)
console.log(parts.join('; '))
console.log(describe(total))
process.exit(ok ? 0 : 1)
