// The map's first render at city scale: the city's 3,000 villages get invented coordinates and
// its 17 counties rectangular boundaries (through the API, not timed); then the browser-mode
// server is started on the folder and headless Chromium opens #/map until all 3,000 points are
// drawn. Time = the page's own 'map-points-drawn' mark (from navigation start: loading the app,
// map.layers + map.villages, drawing). One cold load (the server's first map.villages builds its
// indexes), then `runs` warm loads, each in a fresh browser context. Prints one JSON line.
//
//   node --import tsx bench/map-render.ts <dataDir> <runs>

import { type ChildProcess, spawn } from 'node:child_process'
import { chromium, type Browser } from '@playwright/test'
import type { Division } from '../src/core/domain/types'
import { isMain, median, ROOT, round } from './lib'

export interface MapRenderResult {
  points: number
  /** median of the warm loads */
  first_render_ms: number
  /** the first load after the server started */
  cold_first_render_ms: number
  warm_ms: number[]
  /** map.villages as the browser saw it (request start to response end), per warm load */
  villages_api_ms: number[]
  villages_payload_kb: number
}

interface ScriptsLib {
  ensureBuilt(): Promise<void>
  SERVER_JS: string
}
interface BrowserLib {
  CHROMIUM_ARGS: string[]
  findBrowser(opts?: { install?: boolean }): Promise<string>
}
// Plain-JS modules shared with the npm scripts, imported by a variable path so the type checker
// does not look for declarations.
const scriptsLib = '../scripts/lib/build.mjs'
const browserLib = '../scripts/lib/browser.mjs'

const CELL = 0.45

/** Coordinates (GCJ-02) for every village around its township, townships inside their county's cell. */
async function addCoordinates(dataDir: string): Promise<number> {
  const { Core } = await import('../src/core/api')
  const core = new Core({ dataDir, version: 'bench' })
  try {
    const all = [...core.store!.values('divisions')]
    const counties = all.filter((d) => d.level === 'county').sort((a, b) => (a.code < b.code ? -1 : 1))
    const cell = new Map(counties.map((c, i) => [c.code, [110.2 + (i % 5) * CELL, 35.0 + Math.floor(i / 5) * CELL] as const]))
    const features = counties.map((c) => {
      const [x, y] = cell.get(c.code)!
      const ring = [
        [x, y],
        [x + CELL, y],
        [x + CELL, y + CELL],
        [x, y + CELL],
        [x, y],
      ]
      return { type: 'Feature', properties: { adcode: Number(c.code), name: c.name }, geometry: { type: 'Polygon', coordinates: [ring] } }
    })
    const geojson = JSON.stringify({ type: 'FeatureCollection', features })
    await core.call('map.importBoundaries', { fileName: 'counties.geojson', dataBase64: Buffer.from(geojson).toString('base64'), level: 'county', system: 'GCJ-02' })
    const rows = ['code,lng,lat,coord_system']
    const byTownship = new Map<string, Division[]>()
    for (const d of all) {
      if (d.level !== 'village') continue
      let list = byTownship.get(d.parentCode)
      if (!list) byTownship.set(d.parentCode, (list = []))
      list.push(d)
    }
    const townships = all.filter((d) => d.level === 'township').sort((a, b) => (a.code < b.code ? -1 : 1))
    townships.forEach((t, i) => {
      const [x, y] = cell.get(t.parentCode)!
      const tx = x + 0.06 + ((i * 7) % 10) * 0.033
      const ty = y + 0.06 + ((i * 3) % 10) * 0.033
      for (const [k, v] of (byTownship.get(t.code) ?? []).entries()) {
        rows.push(`${v.code},${(tx + (k % 6) * 0.008).toFixed(6)},${(ty + Math.floor(k / 6) * 0.008).toFixed(6)},GCJ-02`)
      }
    })
    const r = (await core.call('map.importPoints', { fileName: 'villages.csv', dataBase64: Buffer.from(rows.join('\n')).toString('base64') })) as {
      counts: { village: number }
    }
    return r.counts.village
  } finally {
    core.close()
  }
}

function startServer(serverJs: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverJs, '--data', dataDir, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (s: string) => {
      out += s
      const m = /https?:\/\/\S+/.exec(out)
      if (m && out.slice(m.index).includes('\n')) resolve({ url: m[0].endsWith('/') ? m[0] : `${m[0]}/`, child })
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
}

async function load(browser: Browser, url: string, points: number): Promise<{ ms: number; apiMs: number; kb: number }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  const page = await context.newPage()
  const origin = new URL(url).origin
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()))
  await page.goto(`${url}#/map`)
  await page.waitForSelector(`[data-testid="map"][data-points="${points}"]`, { timeout: 120_000 })
  const r = await page.evaluate(() => {
    const mark = performance.getEntriesByName('map-points-drawn')[0]!
    const api = performance.getEntriesByType('resource').find((e) => e.name.endsWith('api/map.villages')) as PerformanceResourceTiming
    return { ms: mark.startTime, apiMs: api.responseEnd - api.startTime, kb: api.encodedBodySize / 1024 }
  })
  await context.close()
  return r
}

async function main(dataDir: string, runs: number): Promise<MapRenderResult> {
  const points = await addCoordinates(dataDir)
  const { ensureBuilt, SERVER_JS } = (await import(scriptsLib)) as ScriptsLib
  const { CHROMIUM_ARGS, findBrowser } = (await import(browserLib)) as BrowserLib
  await ensureBuilt()
  const server = await startServer(SERVER_JS, dataDir)
  const browser = await chromium.launch({ executablePath: await findBrowser({ install: false }), args: CHROMIUM_ARGS })
  try {
    const cold = await load(browser, server.url, points)
    const warm = []
    for (let i = 0; i < runs; i++) warm.push(await load(browser, server.url, points))
    return {
      points,
      first_render_ms: round(median(warm.map((w) => w.ms)), 0),
      cold_first_render_ms: round(cold.ms, 0),
      warm_ms: warm.map((w) => round(w.ms, 0)),
      villages_api_ms: warm.map((w) => round(w.apiMs, 0)),
      villages_payload_kb: round(warm[0]!.kb, 0),
    }
  } finally {
    await browser.close()
    server.child.removeAllListeners('exit')
    // The server lets go of the folder's lock on the way out; the copy is removed after.
    await new Promise((resolve) => {
      server.child.once('exit', resolve)
      server.child.kill('SIGTERM')
    })
  }
}

if (isMain(import.meta.url)) {
  const [dataDir, runs] = process.argv.slice(2)
  if (!dataDir) {
    console.error('usage: node --import tsx bench/map-render.ts <dataDir> [runs]')
    process.exit(2)
  }
  console.log(JSON.stringify(await main(dataDir, Number(runs ?? 3))))
}
