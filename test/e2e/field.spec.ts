// Map, field visits and the problem ledger in a real browser with no network: every request that
// does not go to the local server is blocked and recorded, and none may be attempted. Imports the
// Linfen county GeoJSON and village/township points, filters the map, draws a visit plan with a
// fixed seed and exports it, records a visit with findings, moves a problem to 销号, exports the
// ledger; and a map of 3,000 villages renders and pans.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Download, Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { apiCall, expect, type Server, shot, test } from './fixtures'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const DATA = path.resolve(ROOT, '../shared/data')
const DIVISIONS = path.join(DATA, 'linfen-divisions.csv')
const COUNTIES = path.join(DATA, 'linfen-counties.geojson')
const VILLAGE_POINTS = path.join(DATA, 'linfen-village-points-gcj02.csv')
const TOWNSHIP_POINTS = path.join(DATA, 'linfen-township-points-gcj02.csv')

const HOUMA = '141081' // 侯马市: 8 townships, 98 villages

interface Reply<T> {
  ok: boolean
  result: T
  error?: { message: string }
}

async function api<T = unknown>(server: Server, method: string, input?: unknown): Promise<T> {
  const r = await apiCall<Reply<T>>(server, method, input)
  expect(r.ok, `${method}: ${r.error?.message}`).toBe(true)
  return r.result
}

async function file(p: string) {
  return { fileName: path.basename(p), dataBase64: (await readFile(p)).toString('base64') }
}

/**
 * Blocks every request that does not go to the local server and records it: the app must work
 * without a network and must not even try to reach one.
 */
async function offline(page: Page, server: Server): Promise<string[]> {
  const origin = new URL(server.url).origin
  const attempted: string[] = []
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    attempted.push(url)
    return route.abort('internetdisconnected')
  })
  return attempted
}

function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  return errors
}

async function rowsOf(download: Download): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]!
  const out: string[][] = []
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = []
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value
      cells.push(v === null || v === undefined ? '' : String(v))
    }
    out[n - 1] = cells
  })
  return out
}

/** Waits until the map has drawn `n` village points (the count the canvas layer reports). */
async function expectPoints(page: Page, n: number): Promise<void> {
  await expect(page.getByTestId('map')).toHaveAttribute('data-points', String(n), { timeout: 20_000 })
}

/** Plans every village of 侯马市 (target 100) with figures: village i has 7·i connected. */
async function planHouma(server: Server, today: string): Promise<string[]> {
  const rows = await api<{ division: { code: string } }[]>(server, 'villages.list', { parentCode: HOUMA })
  for (const [i, r] of rows.entries()) {
    await api(server, 'villages.setPlan', { villageCode: r.division.code, route: i % 4 === 0 ? 'electric' : 'gas', targetHouseholds: 100, contractor: '侯马市燃气公司', deadline: `${today.slice(0, 4)}-12-31`, figureSource: 'counts' })
    const k = (i * 7) % 101
    await api(server, 'figures.record', { villageCode: r.division.code, date: today, counts: { confirmed: Math.min(100, k + 20), network: Math.min(100, k + 10), meter: k, equipment: k, connected: k, accepted: Math.floor(k / 2) }, networkKm: 1 })
  }
  return rows.map((r) => r.division.code)
}

test('地图：导入县界和村点，按完工率着色，筛选，点选村，设置无坐标村的位置', async ({ page, server }) => {
  const attempted = await offline(page, server)
  const errors = watchErrors(page)
  const today = (await api<{ today: string }>(server, 'app.info')).today
  await api(server, 'divisions.import', await file(DIVISIONS))
  await planHouma(server, today)

  await page.goto(`${server.url}#/map`)
  await expect(page.getByTestId('map-empty')).toBeVisible()
  await page.getByTestId('map-tab-data').click()
  // county boundaries: the file states GCJ-02, so "as stated in the file" works
  await page.getByTestId('map-boundary-file').setInputFiles(COUNTIES)
  await expect(page.getByTestId('map-boundary-result')).toContainText('已导入县级边界 17 个（对应到区划 17 个，GCJ-02）')
  await page.getByTestId('map-points-file').setInputFiles(VILLAGE_POINTS)
  await expect(page.getByTestId('map-points-result')).toContainText('村 100 个')
  await page.getByTestId('map-points-file').setInputFiles(TOWNSHIP_POINTS)
  await expect(page.getByTestId('map-points-result')).toContainText('乡镇 133 个')
  await expect(page.getByTestId('map-totals')).toHaveText('村 2,329 个：有坐标 100 个，近似位置 2,229 个，无法定位 0 个')
  await expectPoints(page, 2329)
  await expect(page.locator('.leaflet-tooltip.county-label')).toHaveCount(17)
  await expect(page.locator('.leaflet-tooltip.county-label', { hasText: '侯马市' })).toBeVisible()

  await page.getByTestId('map-tab-filters').click()
  await expect(page.getByTestId('map-legend')).toContainText('低于 30%')
  await shot(page, 'field-01-map-linfen')

  // Only 侯马市's villages with their own points: 24 of them, zoomed to the county.
  await page.getByTestId('map-filter-county').selectOption(HOUMA)
  await page.getByTestId('map-filter-approx').uncheck()
  await expectPoints(page, 24)
  await expect(page.getByTestId('map-shown')).toContainText('符合条件 24 个村，地图上 24 个点')
  await page.getByTestId('map-filter-approx').check()
  await expectPoints(page, 98)
  await page.getByTestId('map-filter-route').selectOption('electric')
  await expectPoints(page, 25)
  await page.getByTestId('map-filter-route').selectOption('')
  await page.getByTestId('map-mode-stage').check()
  await expect(page.getByTestId('map-legend')).toContainText('设备安装')
  await shot(page, 'field-02-map-houma-by-stage')

  const at = await page.evaluate(() => {
    const el = document.querySelector('[data-testid="map"] .leaflet-container') as HTMLElement
    return { w: el.clientWidth, h: el.clientHeight, x: el.getBoundingClientRect().x, y: el.getBoundingClientRect().y }
  })
  expect(at.w).toBeGreaterThan(500)
  await page.getByTestId('map-tab-missing').click()
  await expect(page.getByTestId('map-missing')).toContainText('无坐标的村 74 个')
  // Place the first village without a point by a click on an empty part of 侯马市.
  const first = page.locator('[data-testid^="missing-pick-"]').first()
  const code = (await first.getAttribute('data-testid'))!.replace('missing-pick-', '')
  const name = (await page.getByTestId(`missing-${code}`).locator('.missing-name button').textContent())!
  await first.click()
  await expect(page.getByTestId('map-picking')).toBeVisible()
  await page.mouse.click(at.x + at.w * 0.72, at.y + at.h * 0.75)
  await expect(page.getByTestId('map-placed')).toHaveText(`已设置“${name}”的位置。`)
  await expect(page.getByTestId('village-card-name')).toHaveText(name)
  await expect(page.getByTestId('village-card-point')).toContainText('地图点选')
  await expect(page.getByTestId('map-totals')).toHaveText('村 2,329 个：有坐标 101 个，近似位置 2,228 个，无法定位 0 个')
  // the village just placed is drawn where it was clicked: clicking there again opens its card
  await page.getByTestId('map-tab-filters').click()
  await page.mouse.click(at.x + at.w * 0.72, at.y + at.h * 0.75)
  await expect(page.getByTestId('village-card-name')).toHaveText(name)
  await expect(page.getByTestId('village-card-rate')).toContainText('%')
  await shot(page, 'field-03-map-village-card')

  expect(attempted, 'requests outside the local server').toEqual([])
  expect(errors).toEqual([])
})
