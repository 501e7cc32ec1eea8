// End-to-end tests: the real renderer served by the browser-mode server (`out/main/server.js`,
// so build first), driven in a locally installed Chromium. `npm test` builds and sets
// CHROMIUM_PATH; run alone, `npx playwright test` finds the browser itself.
import { defineConfig } from '@playwright/test'

interface BrowserLib {
  CHROMIUM_ARGS: string[]
  findBrowser(opts?: { install?: boolean }): Promise<string>
}
// A plain-JS module shared with the npm scripts; imported by a variable path so the
// type checker does not look for declarations it has no use for.
const browserLib = './scripts/lib/browser.mjs'
const { CHROMIUM_ARGS, findBrowser } = (await import(browserLib)) as BrowserLib

// Set once here so the worker processes, which load this file again, inherit it.
process.env.CHROMIUM_PATH ||= await findBrowser({ install: false })

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  workers: 1,
  fullyParallel: false,
  // The machines are shared and the suite runs beside builds and other tests: waits are generous,
  // and a wait that passes is no claim about speed (npm run bench measures that).
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
})
