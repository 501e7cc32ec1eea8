// Map, field visits and the problem ledger in a real browser with no network: every request that
// does not go to the local server is blocked and recorded, and none may be attempted. Imports the
// Linfen county GeoJSON and village/township points, filters the map, draws a visit plan with a
// fixed seed and exports it, records a visit with findings, moves a problem to 销号, exports the
// ledger; and a map of 3,000 villages renders and pans.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Download, Page } from '@playwright/test'
import { gcj02ToWgs84 } from '../../src/core/domain/coords'
import { firstSheet, sheetTexts } from '../unit/helpers/sheet'
import { apiCall, expect, type Server, snap, test, watchConsole } from './fixtures'

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

async function rowsOf(download: Download): Promise<string[][]> {
  return sheetTexts(await firstSheet(await readFile(await download.path())))
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
  const errors = watchConsole(page)
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
  await snap(page, 'field-01-map-linfen')

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
  await snap(page, 'field-02-map-houma-by-stage')

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
  await snap(page, 'field-03-map-village-card')
  expect(attempted, 'requests outside the local server').toEqual([])
  expect(errors).toEqual([])

  // An online base map that cannot be reached: nothing breaks; points and boundaries are
  // converted to the tiles' system (WGS-84 here) and the failure is said once, over the map.
  await page.getByTestId('map-tab-data').click()
  await page.getByTestId('map-tiles-enabled').check()
  await page.getByTestId('map-tiles-url').fill('https://tiles.example.invalid/{z}/{x}/{y}.png')
  await page.getByTestId('map-tiles-system').selectOption('WGS-84')
  await page.getByTestId('map-tiles-attribution').fill('示例底图')
  await page.getByTestId('map-tiles-save').click()
  await expect(page.getByText('坐标系：WGS-84')).toBeVisible()
  await expectPoints(page, 98)
  await expect(page.getByTestId('map-tile-errors')).toContainText('边界和村点不受影响')
  await expect(page.locator('.leaflet-tooltip.county-label')).toHaveCount(17)
  await expect(page.locator('.leaflet-control-attribution')).toContainText('示例底图')
  await snap(page, 'field-11-map-tiles-unreachable')
  expect(attempted.length).toBeGreaterThan(0)
  expect(attempted.filter((u) => !u.startsWith('https://tiles.example.invalid/'))).toEqual([])
  // the only errors are the tiles that could not load
  expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([])
})

test('走访：固定种子抽取并导出计划，在地图上看路线，登记走访发现，问题整改到销号，导出台账', async ({ page, server }) => {
  const attempted = await offline(page, server)
  const errors = watchConsole(page)
  const today = (await api<{ today: string }>(server, 'app.info')).today
  await api(server, 'divisions.import', await file(DIVISIONS))
  await api(server, 'map.importBoundaries', { ...(await file(COUNTIES)), level: 'county' })
  await api(server, 'map.importPoints', await file(TOWNSHIP_POINTS))
  await api(server, 'map.importPoints', await file(VILLAGE_POINTS))
  await planHouma(server, today)

  // The same seed through the API gives the draw the page must show.
  const drawInput = {
    seed: 20200720,
    countyCodes: [HOUMA],
    min: 1,
    max: 2,
    weightBehind: 3,
    weightComplaint: 3,
    excludeDays: 30,
    startDate: today,
    perDay: 4,
    teams: ['第一组（主任带队）', '第二组（副主任带队）'],
    purpose: '入户调研改造进度、工程质量和群众意见',
  }
  const expected = await api<{ items: { villageCode: string; villageName: string; date: string }[] }>(server, 'visitPlans.draw', drawInput)
  expect(expected.items.length).toBeGreaterThanOrEqual(8)

  await page.goto(`${server.url}#/visits`)
  await page.getByTestId(`draw-county-${HOUMA}`).check()
  await page.getByTestId('draw-seed').fill('20200720')
  await page.getByTestId('draw-start').fill(today)
  await page.getByTestId('draw-per-day').fill('4')
  await page.getByTestId('draw-teams').fill('第一组（主任带队）\n第二组（副主任带队）')
  await page.getByTestId('draw-run').click()
  await expect(page.getByTestId('draw-preview')).toBeVisible()
  await expect(page.getByTestId('plan-rule')).toContainText('随机种子 20200720')
  await expect(page.getByTestId('plan-rule')).toContainText('每个乡镇从有改造计划的村中抽取 1–2 个')
  // how a seed becomes villages, in words, for witnesses
  await page.getByTestId('plan-method').locator('summary').click()
  await expect(page.getByTestId('plan-method')).toContainText('以“随机种子|乡镇代码”的散列值作为该乡镇随机数发生器')
  const shown = await page.locator('[data-testid^="plan-item-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.slice(10)))
  expect([...shown].sort()).toEqual(expected.items.map((i) => i.villageCode).sort())
  // every township of 侯马市 with planned villages got one or two
  await page.getByTestId('plan-townships-toggle').click()
  await expect(page.getByTestId('plan-townships').locator('tbody tr')).toHaveCount(8)
  await snap(page, 'field-04-visit-draw')

  // Drawing again with the same seed gives the same villages.
  await page.getByTestId('draw-run').click()
  await expect(page.locator('[data-testid^="plan-item-"]')).toHaveCount(shown.length)
  expect(await page.locator('[data-testid^="plan-item-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.slice(10)))).toEqual(shown)

  await page.getByTestId('draw-save').click()
  await expect(page).toHaveURL(/#\/visits\/JH\d{4}-0001$/)
  const planId = page.url().split('/').pop()!
  await expect(page.getByTestId('plan-detail')).toContainText(planId)
  const firstVillage = expected.items[0]!.villageCode
  await page.getByTestId(`plan-contact-edit-${firstVillage}`).click()
  await page.getByTestId('contact-name').fill('王建国')
  await page.getByTestId('contact-phone').fill('13912345678')
  await page.getByTestId('contact-save').click()
  await expect(page.getByTestId(`plan-item-${firstVillage}`)).toContainText('王建国 139****5678')
  await snap(page, 'field-05-visit-plan')

  const [planFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()])
  expect(planFile.suggestedFilename()).toBe(`走访计划_${planId}_${today}.xlsx`)
  const planRows = await rowsOf(planFile)
  expect(planRows[0]![0]).toBe('清洁取暖入户调研走访计划')
  const head = planRows.findIndex((r) => r[0] === '序号')
  expect(planRows[head]).toEqual(['序号', '日期', '走访组', '顺序', '县区', '乡镇', '村', '联系人', '联系电话', '走访目的', '抽取说明'])
  const body = planRows.slice(head + 1, head + 1 + expected.items.length)
  expect(body.map((r) => r[6]).sort()).toEqual(expected.items.map((i) => i.villageName).sort())
  expect(body.every((r) => r[4] === '侯马市' && r[9] === '入户调研改造进度、工程质量和群众意见')).toBe(true)
  expect(body.find((r) => r[7] === '王建国')![8]).toBe('139****5678')
  expect(planRows.some((r) => r[0]!.includes('随机种子 20200720'))).toBe(true)
  expect(planRows.some((r) => r[0]!.startsWith('各乡镇分别抽取'))).toBe(true)

  // The plan's route on the map, numbered per day.
  await page.getByTestId('plan-on-map').click()
  await expect(page.getByTestId('map-plan-legend')).toBeVisible()
  await expect(page.locator('.plan-stop')).toHaveCount(expected.items.length)
  await snap(page, 'field-06-map-plan-route')

  // Record the visit to the first village, with a problem, a suggestion and a highlight.
  await page.goto(`${server.url}#/visits/new`)
  await page.getByTestId('visit-team').fill('市清洁办 王主任、李科长')
  await page.getByTestId('visit-plan').selectOption(planId)
  await page.getByTestId('visit-plan-add').click()
  await expect(page.getByTestId('visit-villages').locator('tbody tr')).toHaveCount(expected.items.filter((i) => i.date === today).length)
  await page.getByTestId(`visit-households-${firstVillage}`).fill('8')
  await page.getByTestId('finding-village').selectOption(firstVillage)
  await page.getByTestId('finding-kind').selectOption('problem')
  await page.getByTestId('finding-place').fill('三组 12 号')
  await page.getByTestId('finding-text').fill('庭院管网未完工，壁挂炉已安装但无法点火')
  await page.getByTestId('finding-person').fill('李乡长')
  await page.getByTestId('finding-add').click()
  await page.getByTestId('finding-kind').selectOption('suggestion')
  await page.getByTestId('finding-text').fill('组织村民安全用气培训')
  await page.getByTestId('finding-add').click()
  await page.getByTestId('finding-kind').selectOption('highlight')
  await page.getByTestId('finding-text').fill('网格员逐户包保，进度公示上墙')
  await page.getByTestId('finding-add').click()
  await expect(page.getByTestId('visit-findings').locator('li')).toHaveCount(3)
  await snap(page, 'field-07-visit-form')
  await page.getByTestId('visit-save').click()
  await expect(page).toHaveURL(/#\/visits\/ZF\d{4}-0001$/)
  await expect(page.getByTestId('visit-detail-counts')).toHaveText('问题 1 条，建议 1 条，亮点 1 条')
  const problemLink = page.locator('[data-testid^="finding-problem-"]')
  await expect(problemLink).toHaveText(/^WT\d{4}-0001$/)
  await expect(page.getByTestId('visit-detail-findings')).toContainText('待交办')
  await page.getByTestId('visit-edit').click()
  await page.getByTestId('visit-edit-team').fill('市清洁办 王主任、李科长、张干事')
  await page.getByTestId('visit-edit-save').click()
  await expect(page.getByTestId('visit-detail-team')).toHaveText('市清洁办 王主任、李科长、张干事')

  await page.getByTestId('visits-tab-summary').click()
  await expect(page.getByTestId(`summary-${HOUMA}`)).toContainText('侯马市')
  await expect(page.getByTestId('summary-total')).toHaveText(/合计\s*1\s*\d\s*\d+\s*1\s*1\s*1/)

  // The problem goes open → assigned → rectifying → (verification fails) → rectifying → verified → closed.
  await page.goto(`${server.url}#/visits/ZF${today.slice(0, 4)}-0001`)
  await problemLink.click()
  await expect(page.getByTestId('problem-status')).toHaveText('待交办')
  await expect(page.getByTestId('problem-place')).toContainText('三组 12 号')
  const step = async (action: string, note?: string) => {
    await page.getByTestId(`problem-action-${action}`).click()
    if (note) await page.getByTestId('step-note').fill(note)
    await page.getByTestId('step-save').click()
    await expect(page.getByTestId('problem-step-done')).toBeVisible()
  }
  await page.getByTestId('problem-action-assign').click()
  await expect(page.getByTestId('step-person')).toHaveValue('李乡长')
  await page.getByTestId('step-unit').fill('新田乡人民政府')
  await page.getByTestId('step-save').click()
  await expect(page.getByTestId('problem-status')).toHaveText('已交办')
  await step('start', '施工队已进场')
  await expect(page.getByTestId('problem-status')).toHaveText('整改中')
  await step('reject', '复查仍未通气')
  await expect(page.getByTestId('problem-status')).toHaveText('整改中')
  await step('verify', '入户核实已点火通气')
  await expect(page.getByTestId('problem-status')).toHaveText('已验收')
  await snap(page, 'field-08-problem-steps')
  await step('close', '整改到位，销号')
  await expect(page.getByTestId('problem-status')).toHaveText('已销号')
  await expect(page.getByTestId('problem-closed-note')).toContainText(`已于 ${today} 销号`)
  await expect(page.getByTestId('problem-step')).toHaveCount(6)
  await expect(page.getByTestId('problem-steps')).toContainText('验收不通过，退回整改')

  // A complaint past its deadline stands out in the ledger.
  const opened = new Date(`${today}T00:00:00Z`)
  opened.setUTCDate(opened.getUTCDate() - 20)
  const openedOn = opened.toISOString().slice(0, 10)
  opened.setUTCDate(opened.getUTCDate() + 10)
  await api(server, 'problems.create', { villageCode: '141081201200', description: '群众反映补贴未到账', source: 'complaint', openedOn, responsibleUnit: '侯马市财政局', deadline: opened.toISOString().slice(0, 10), acceptanceStandard: '补贴到账凭证' })
  await page.getByTestId('problem-back').click()
  await expect(page.getByTestId('problems-table').locator('tbody tr')).toHaveCount(2)
  await expect(page.getByTestId('chip-closed')).toContainText('1')
  await expect(page.getByTestId('chip-overdue')).toContainText('1')
  const late = page.locator('tr.overdue')
  await expect(late).toHaveCount(1)
  await expect(late.getByTestId('overdue-tag')).toHaveText('逾期 10 天')
  await snap(page, 'field-09-problem-ledger')
  await page.getByTestId('problems-unit').selectOption('侯马市财政局')
  await expect(page.getByTestId('problems-table').locator('tbody tr')).toHaveCount(1)
  await page.getByTestId('problems-unit').selectOption('')
  await page.getByTestId('problems-status').selectOption('closed')
  await expect(page.getByTestId('problems-table').locator('tbody tr')).toHaveCount(1)
  await page.getByTestId('problems-status').selectOption('')

  const [ledgerFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('problems-export').click()])
  expect(ledgerFile.suggestedFilename()).toBe(`问题整改台账_${today}.xlsx`)
  const ledger = await rowsOf(ledgerFile)
  expect(ledger[0]![0]).toBe('清洁取暖问题整改台账')
  const h = ledger.findIndex((r) => r[0] === '问题编号')
  const [closedRow, lateRow] = [ledger[h + 1]!, ledger[h + 2]!]
  expect(closedRow[3]).toBe('庭院管网未完工，壁挂炉已安装但无法点火')
  expect(closedRow[4]).toBe('走访发现')
  expect(closedRow[6]).toBe('新田乡人民政府（李乡长）')
  expect(closedRow[9]).toBe(`已销号（${today}）`)
  expect(closedRow[11]).toContain('验收不通过，退回整改：复查仍未通气')
  expect(lateRow[4]).toBe('群众投诉')
  expect(lateRow[10]).toBe('10')
  expect(ledger.some((r) => r[0]!.startsWith('全部 2 条：待交办 1，已交办 0，整改中 0，已验收 0，已销号 1；逾期 1 条。'))).toBe(true)

  expect(attempted, 'requests outside the local server').toEqual([])
  expect(errors).toEqual([])
})

/** Tile x/y (fractional) of a point at zoom z in the Web Mercator scheme online tiles use. */
function tileXY(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [((lng + 180) / 360) * n, ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n]
}

/**
 * Serves the tiles of a stand-in provider at https://tiles.test/: each marks with a crosshair
 * where the given points lie in the tiles' own system, so a screenshot shows the alignment.
 */
async function standInTiles(page: Page, marks: { at: readonly [number, number]; colour: string }[]): Promise<void> {
  await page.route('https://tiles.test/**', (route) => {
    const [z, x, y] = /(\d+)\/(\d+)\/(\d+)\.svg$/.exec(route.request().url())!.slice(1).map(Number) as [number, number, number]
    const lines = marks.map((m) => {
      const [tx, ty] = tileXY(m.at[0], m.at[1], z)
      const px = (tx - x) * 256
      const py = (ty - y) * 256
      return `<path d="M${px - 30} ${py}H${px + 30}M${px} ${py - 30}V${py + 30}" stroke="${m.colour}" stroke-width="2"/>`
    })
    const body = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#f4efe1"/>${lines.join('')}</svg>`
    return route.fulfill({ status: 200, contentType: 'image/svg+xml', body })
  })
}

/** Where a point in the tiles' system is on the screen, read from the tile images of the deepest zoom shown. */
async function onScreen(page: Page, at: readonly [number, number]): Promise<{ z: number; x: number; y: number } | undefined> {
  const tiles = await page.$$eval('img.leaflet-tile-loaded', (imgs) => imgs.map((i) => ({ src: (i as HTMLImageElement).src, r: i.getBoundingClientRect().toJSON() as DOMRect })))
  let best: { z: number; x: number; y: number } | undefined
  for (const t of tiles) {
    // (a tile being dropped has Leaflet's empty image for a source)
    const m = /^https:\/\/tiles\.test\/(\d+)\/(\d+)\/(\d+)\.svg$/.exec(t.src)
    if (!m) continue
    const [z, x, y] = m.slice(1).map(Number) as [number, number, number]
    const [tx, ty] = tileXY(at[0], at[1], z)
    if (Math.floor(tx) !== x || Math.floor(ty) !== y || (best && best.z >= z)) continue
    const scale = t.r.width / 256
    best = { z, x: t.r.x + (tx - x) * 256 * scale, y: t.r.y + (ty - y) * 256 * scale }
  }
  return best
}

/** Zooms in with the wheel on a point (read from the tiles) until zoom `z`, and returns where it is then. */
async function zoomOnto(page: Page, at: readonly [number, number], z: number): Promise<{ x: number; y: number }> {
  const settled = async () => {
    await expect(page.locator('.leaflet-map-pane.leaflet-zoom-anim')).toHaveCount(0)
    let last = ''
    await expect
      .poll(async () => {
        const p = await onScreen(page, at)
        const key = p ? `${p.z}|${p.x.toFixed(1)}|${p.y.toFixed(1)}` : ''
        const same = key !== '' && key === last
        last = key
        return same
      })
      .toBe(true)
    return (await onScreen(page, at))!
  }
  let p = await settled()
  while (p.z < z) {
    await page.mouse.move(p.x, p.y)
    await page.mouse.wheel(0, -120)
    await expect.poll(async () => (await onScreen(page, at))?.z ?? 0).toBeGreaterThan(p.z)
    p = await settled()
  }
  return p
}

test('在线底图：GCJ-02 的边界和村点换算后与 WGS-84 底图对齐', async ({ page, server }) => {
  const attempted = await offline(page, server)
  const errors = watchConsole(page)
  await api(server, 'divisions.import', await file(DIVISIONS))
  await api(server, 'map.importBoundaries', { ...(await file(COUNTIES)), level: 'county' })
  await api(server, 'map.importPoints', await file(VILLAGE_POINTS))
  await api(server, 'map.setTiles', { enabled: true, urlTemplate: 'https://tiles.test/{z}/{x}/{y}.svg', attribution: '替身底图', system: 'WGS-84', subdomains: '', maxZoom: 18 })
  // 秦村 in WGS-84 as the shared file derives it (not from our own conversion), and a vertex of
  // 侯马市's outline converted from the GeoJSON's GCJ-02
  const qinWgs = [111.375161, 35.612256] as const
  const houma = (JSON.parse(await readFile(COUNTIES, 'utf8')) as { features: { properties: { adcode: number }; geometry: { coordinates: number[][][][] } }[] }).features.find((f) => f.properties.adcode === 141081)!
  const vertexWgs = gcj02ToWgs84(houma.geometry.coordinates[0]![0]![5] as [number, number])
  await standInTiles(page, [
    { at: qinWgs, colour: '#d00' },
    { at: vertexWgs, colour: '#0a0' },
  ])

  await page.goto(`${server.url}#/map`)
  await page.getByTestId('map-filter-county').selectOption(HOUMA)
  await page.getByTestId('map-filter-approx').uncheck()
  await expectPoints(page, 24)
  // Where the tiles put 秦村, the map has its point: a click there opens it (at zoom 16 the
  // GCJ-02 offset of about 550 m would be some 300 px away).
  const q = await zoomOnto(page, qinWgs, 16)
  await page.mouse.click(q.x, q.y)
  await expect(page.getByTestId('village-card-name')).toHaveText('秦村村委会')
  await snap(page, 'field-12-map-tiles-aligned')
  // The county outline passes through the vertex the tiles mark.
  await page.getByTestId('map-tab-filters').click()
  await page.getByTestId('map-filter-county').selectOption('')
  await page.getByTestId('map-filter-county').selectOption(HOUMA)
  const v = await zoomOnto(page, vertexWgs, 15)
  const ink = await page.evaluate(({ x, y }) => {
    const c = document.querySelector('.leaflet-field-boundaries-pane canvas') as HTMLCanvasElement
    const r = c.getBoundingClientRect()
    const k = c.width / r.width
    const d = c.getContext('2d')!.getImageData(Math.round((x - r.x) * k) - 2, Math.round((y - r.y) * k) - 2, 5, 5).data
    let n = 0
    for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 200) n++
    return n
  }, v)
  expect(ink, 'boundary stroke at the vertex the tiles mark').toBeGreaterThan(0)
  expect(attempted, 'requests outside the local server and the stand-in tiles').toEqual([])
  expect(errors).toEqual([])
})

/** An invented city of 3,000 villages (3 counties × 10 townships × 100 villages) on a 30 km grid per township. */
function bigCity(): { divisions: string; points: string } {
  const div = ['level,code,name,parent_code,urban_rural_code', 'city,149800,测试市,140000,']
  const pts = ['code,lng,lat,coord_system']
  for (let c = 1; c <= 3; c++) {
    const county = `1498${String(c).padStart(2, '0')}`
    div.push(`county,${county},测试${c}县,149800,`)
    for (let t = 1; t <= 10; t++) {
      const township = `${county}${String(100 + t).padStart(3, '0')}`
      div.push(`township,${township},${c}县${t}镇,${county},`)
      for (let v = 1; v <= 100; v++) {
        const village = `${township}${String(200 + v).padStart(3, '0')}`
        div.push(`village,${village},${c}-${t}-${v}村,${township},220`)
        const lng = 110.5 + (c - 1) * 0.5 + ((t - 1) % 5) * 0.1 + (v % 10) * 0.009
        const lat = 35.2 + Math.floor((t - 1) / 5) * 0.12 + Math.floor(v / 10) * 0.009
        pts.push(`${village},${lng.toFixed(6)},${lat.toFixed(6)},WGS-84`)
      }
    }
  }
  return { divisions: div.join('\n'), points: pts.join('\n') }
}

test('3,000 个村的地图：全部画出，拖动和缩放后页面照常响应', async ({ page, server }) => {
  const attempted = await offline(page, server)
  const errors = watchConsole(page)
  const city = bigCity()
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')
  await api(server, 'divisions.import', { fileName: 'city.csv', dataBase64: b64(city.divisions) })
  const imported = await api<{ counts: { village: number } }>(server, 'map.importPoints', { fileName: 'points.csv', dataBase64: b64(city.points) })
  expect(imported.counts.village).toBe(3000)

  await page.goto(`${server.url}#/map`)
  await expectPoints(page, 3000)
  await expect(page.getByTestId('map-totals')).toHaveText('村 3,000 个：有坐标 3,000 个，近似位置 0 个，无法定位 0 个')
  const box = (await page.locator('.field-map').boundingBox())!
  await snap(page, 'field-10-map-3000')

  // Pan by dragging and zoom with the wheel and the buttons.
  for (const [dx, dy] of [
    [200, 80],
    [-350, -120],
    [150, 40],
  ] as const) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 8 })
    await page.mouse.up()
  }
  await page.mouse.wheel(0, -400)
  await page.locator('.leaflet-control-zoom-in').click()
  await page.locator('.leaflet-control-zoom-out').click()

  // The points are really on the canvas (not just counted): plenty of it is inked, and a click
  // inside a dot opens that village's card (once the zoom has settled and the canvas is redrawn).
  await expect(page.locator('.leaflet-map-pane.leaflet-zoom-anim')).toHaveCount(0)
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
  const canvas = await page.evaluate(() => {
    const c = document.querySelector('.leaflet-field-villages-pane canvas') as HTMLCanvasElement
    const box = document.querySelector('.field-map')!.getBoundingClientRect()
    const r = c.getBoundingClientRect()
    const k = c.width / r.width
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    const inked = (x: number, y: number) => x >= 0 && y >= 0 && x < c.width && y < c.height && d[(y * c.width + x) * 4 + 3]! > 200
    let ink = 0
    let inside: { x: number; y: number } | undefined
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        if (!inked(x, y)) continue
        ink++
        const sx = r.x + x / k
        const sy = r.y + y / k
        const onMap = sx > box.x + 60 && sx < box.right - 20 && sy > box.y + 60 && sy < box.bottom - 20
        if (!inside && onMap && [-3, 3].every((o) => inked(x + o, y) && inked(x, y + o))) inside = { x: sx, y: sy }
      }
    }
    return { ink, inside }
  })
  expect(canvas.ink).toBeGreaterThan(10_000)
  await page.mouse.click(canvas.inside!.x, canvas.inside!.y)
  await expect(page.getByTestId('village-card-name')).toHaveText(/^\d-\d+-\d+村$/)
  await page.getByTestId('map-tab-filters').click()

  // Still responsive: a filter redraws the points at once.
  await page.getByTestId('map-filter-county').selectOption('149802')
  await expectPoints(page, 1000)
  await page.getByTestId('map-filter-county').selectOption('')
  await expectPoints(page, 3000)
  // each of the three drawings (first, filtered, unfiltered) marked its end
  expect(await page.evaluate(() => performance.getEntriesByName('map-points-drawn').length)).toBeGreaterThanOrEqual(3)

  expect(attempted, 'requests outside the local server').toEqual([])
  expect(errors).toEqual([])
})
