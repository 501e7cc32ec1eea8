// Intake in a real browser: a folder in a layout the app has never seen — its columns confirmed in
// the preview, committed, and the same township's next-day file read with no question; a batch
// undone from 最近的导入; a county's plan list from the Linfen list imported and its targets on
// 总览; five rows pasted into a township's plan grid; the confirmed layout listed in 设置; a
// household found anywhere; a figure typed in checked like an import.
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import { apiCall, expect, snap, test, watchConsole } from './fixtures'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LINFEN_CSV = path.resolve(ROOT, '../shared/data/linfen-divisions.csv')

interface Reply<T> {
  ok: boolean
  result: T
  error?: { message: string }
}

async function api<T>(server: { url: string }, method: string, input: unknown = {}): Promise<T> {
  const r = await apiCall<Reply<T>>(server, method, input)
  expect(r.ok, r.error?.message).toBe(true)
  return r.result
}

const divisions = (server: { url: string }) =>
  api(server, 'divisions.import', { fileName: 'linfen-divisions.csv', dataBase64: readFileSync(LINFEN_CSV).toString('base64') })

/** 屯里镇's villages and two days of figures (six stages, km). */
const TUNLI = {
  '141002100200': { name: '韩村村', d1: [75, 65, 55, 45, 35, 25, 2.4], d2: [80, 70, 60, 50, 40, 30, 2.5] },
  '141002100203': { name: '沟上村', d1: [58, 48, 38, 28, 18, 8, 1.1], d2: [60, 50, 40, 30, 20, 10, 1.2] },
  '141002100204': { name: '贾村', d1: [88, 88, 83, 78, 68, 58, 2.9], d2: [90, 90, 85, 80, 70, 60, 3] },
} as const

/** A township's own layout: a group title over stage columns named in words, a column of today's increase. */
async function ownLayout(title: string, day: 'd1' | 'd2'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('进度')
  const rows: Array<Array<string | number | null>> = [
    [title],
    ['村名', '本日新增', '工程进度（累计）', null, null, null, null, null, '管线（公里）'],
    [null, null, '签约户数', '管网完成', '户内安装（表）', '壁挂炉', '点火通气', '竣工验收', null],
    ...Object.values(TUNLI).map((v) => [v.name, 3, ...v[day]]),
  ]
  rows.forEach((r, i) => r.forEach((v, j) => v !== null && (ws.getCell(i + 1, j + 1).value = v)))
  for (const m of ['A1:I1', 'A2:A3', 'B2:B3', 'C2:H2', 'I2:I3']) ws.mergeCells(m)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function shortDay(date: string): string {
  return `${date.slice(5, 7)}.${date.slice(8, 10)}`
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

test('a folder in an unknown layout: columns confirmed in the preview, committed; the next day’s file imports with no question; a batch undone', async ({ page, server }) => {
  const problems = watchConsole(page)
  const { today } = await api<{ today: string }>(server, 'app.info')
  const yesterday = dayBefore(today)
  await divisions(server)
  for (const code of Object.keys(TUNLI)) {
    await api(server, 'villages.setPlan', { villageCode: code, route: 'gas', targetHouseholds: 100, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chd-e2e-intake-'))
  const folder = path.join(dir, `${yesterday}报送`)
  await mkdir(folder)
  // The day only in the file name, in the short form the township uses.
  await writeFile(path.join(folder, `屯里镇-${shortDay(yesterday)}.xlsx`), await ownLayout('尧都区屯里镇清洁取暖改造工程进度', 'd1'))

  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(`${server.url}#/imports`)
  await page.getByTestId('imports-folder').setInputFiles(folder)
  await expect(page.getByTestId('imports-review')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('imports-summary-pending')).toContainText('1 张表的列需要确认')
  await expect(page.getByTestId('imports-sheet-pending')).toBeVisible()
  const mapper = page.getByTestId('column-mapper')
  await expect(mapper).toBeVisible()
  const row = (label: string) => mapper.getByTestId('column-row').filter({ hasText: label })
  await expect(row('管网完成')).toHaveAttribute('data-how', 'guess')
  await expect(row('户内安装（表）')).toHaveAttribute('data-how', 'guess')
  await expect(row('本日新增')).toHaveAttribute('data-how', 'unknown')
  await expect(row('管网完成').getByRole('combobox')).toHaveValue('network')
  // The office looks, and says what the unknown column is: today's increase, not to be stored.
  await row('本日新增').getByRole('combobox').selectOption('ignored')
  await snap(page, 'intake-01-preview-columns')
  await page.getByTestId('column-confirm').click()
  await expect(page.getByTestId('imports-summary-pending')).toHaveCount(0)
  await expect(page.getByTestId('imports-sheet-mapping')).toContainText('按已确认的列对应（第 1 号')
  await expect(page.getByTestId('imports-summary-figures')).toContainText('新增 3 条')
  await expect(page.getByTestId('imports-problem').filter({ hasText: '按文件名中的日期' })).toContainText(yesterday)
  await snap(page, 'intake-02-preview-confirmed')
  await page.getByTestId('imports-commit').click()
  await expect(page.getByTestId('imports-done-figures')).toContainText('新增 3 条')

  // The next day's file of the same township: read with the confirmed layout, no question.
  const next = path.join(dir, `屯里镇${today.slice(5, 7)}${today.slice(8, 10)}.xlsx`)
  await writeFile(next, await ownLayout('尧都区屯里镇清洁取暖改造工程进度', 'd2'))
  await page.getByTestId('imports-files').setInputFiles(next)
  await expect(page.getByTestId('imports-review')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('imports-summary-pending')).toHaveCount(0)
  await expect(page.getByTestId('column-mapper')).toHaveCount(0)
  await expect(page.getByTestId('imports-sheet-mapping')).toContainText('第 1 号')
  await expect(page.getByTestId('imports-summary-figures')).toContainText('新增 3 条')
  await page.getByTestId('imports-commit').click()
  await expect(page.getByTestId('imports-done-figures')).toContainText('新增 3 条')
  const han = () => api<Array<{ date: string; counts: { connected: number } }>>(server, 'figures.history', { villageCode: '141002100200' })
  expect((await han()).map((f) => [f.date, f.counts.connected])).toEqual([
    [today, 40],
    [yesterday, 35],
  ])

  // Undo the next day's batch from 最近的导入.
  await expect(page.getByTestId('imports-history-batch')).toHaveCount(2)
  await page.getByTestId('imports-undo').first().click()
  await expect(page.getByTestId('confirm-dialog')).toContainText('撤销第 I000002 批导入')
  await expect(page.getByTestId('imports-undo-what')).toContainText('进度 3 条')
  await snap(page, 'intake-03-undo-dialog')
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('imports-undone')).toContainText('已撤销第 I000002 批：恢复进度 3 条')
  await expect(page.getByTestId('imports-history-undone')).toHaveCount(1)
  expect((await han()).map((f) => f.date)).toEqual([yesterday])
  await snap(page, 'intake-04-undone')

  // The layout is listed in 设置, with who confirmed it.
  await page.getByTestId('nav-settings').click()
  const mappings = page.getByTestId('settings-mappings')
  await expect(mappings.getByTestId('mapping-row')).toHaveCount(1)
  await expect(mappings.getByTestId('mapping-row')).toContainText('本日新增 → 忽略')
  await expect(mappings.getByTestId('mapping-row')).toContainText('户内安装（表） → 入户装表')
  await mappings.getByTestId('mapping-row').scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'intake-05-settings-mappings.png') })
  await mappings.getByTestId('mapping-edit').click()
  await expect(mappings.getByTestId('mapping-editor')).toBeVisible()
  await mappings.getByTestId('mapping-as-8').selectOption('ignored')
  await mappings.getByTestId('mapping-save').click()
  await expect(mappings.getByTestId('mapping-saved')).toContainText('第 1 号')
  await expect(mappings.getByTestId('mapping-row')).toContainText('管线（公里） → 忽略')
  expect(problems).toEqual([])
})

test('the plan list of a Linfen county imported through the page, its targets on 总览; five rows pasted into a township’s plan grid', async ({ page, server, context }) => {
  const problems = watchConsole(page)
  await divisions(server)
  // 曲沃县's plan list, from the app's own template, filled in as the county office would.
  const tpl = await api<{ fileName: string; dataBase64: string }>(server, 'imports.template', { kind: 'plans', code: '141021' })
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(tpl.dataBase64, 'base64') as unknown as ArrayBuffer)
  const ws = wb.getWorksheet('任务清单')!
  let villages = 0
  let gas = 0
  let electric = 0
  ws.eachRow((r) => {
    const code = r.getCell(3).value
    if (typeof code !== 'string' || !/^\d{12}$/.test(code)) return
    villages++
    const n = Number(code.slice(-3))
    const target = 20 + (n % 60)
    const isGas = villages % 3 !== 0
    if (isGas) gas += target
    else electric += target
    r.getCell(5).value = isGas ? '煤改气' : '煤改电'
    r.getCell(6).value = target
    r.getCell(7).value = isGas ? '曲沃县新奥燃气' : '国网曲沃县供电公司'
    r.getCell(8).value = new Date('2026-10-31T00:00:00Z')
    r.getCell(9).value = '直接填报户数'
  })
  expect(villages).toBe(123)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chd-e2e-plans-'))
  const file = path.join(dir, tpl.fileName)
  await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()))

  await page.goto(`${server.url}#/imports`)
  await page.getByTestId('imports-files').setInputFiles(file)
  await expect(page.getByTestId('imports-review')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('imports-summary-plans')).toHaveText('改造计划：新增 123 个村，有变化 0 个，没有变化 0 个，有错误不导入 0 个。')
  await page.getByTestId('imports-detail-toggle').click()
  await expect(page.getByTestId('imports-plan-row').first()).toContainText('曲沃县新奥燃气')
  await snap(page, 'intake-06-plan-list-preview')
  await page.getByTestId('imports-commit').click()
  await expect(page.getByTestId('imports-done-plans')).toContainText('新增 123 个村')
  await page.getByTestId('imports-to-dashboard').click()
  await expect(page.getByTestId('dash-gas-141021-target')).toHaveText(gas.toLocaleString('zh-CN'))
  await expect(page.getByTestId('dash-electric-141021-target')).toHaveText(electric.toLocaleString('zh-CN'))
  await snap(page, 'intake-07-dashboard-targets')

  // 屯里镇's plan grid: five rows copied from Excel (village name first), pasted with Ctrl+V, saved at once.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`${server.url}#/divisions/141002100`)
  await page.getByTestId('plan-grid-open').click()
  const grid = page.getByTestId('plan-grid')
  await expect(grid.getByTestId('grid-row')).toHaveCount(12)
  const block = [
    ['韩村村委会', '煤改气', '120', '尧都区新奥燃气', '2026/10/31', '直接填报户数'],
    ['沟上村委会', '煤改气', '80', '尧都区新奥燃气', '2026-10-31', '直接填报户数'],
    ['贾村村委会', '煤改电', '64', '国网尧都供电', '2026年10月31日', '直接填报户数'],
    ['屯里村委会', '煤改气', '150', '尧都区新奥燃气', '2026.10.31', '按农户统计'],
    ['东张堡村委会', '煤改气', '60', '尧都区新奥燃气', '20261031', '直接填报户数'],
  ]
    .map((r) => r.join('\t'))
    .join('\r\n')
  await page.evaluate((text) => navigator.clipboard.writeText(text), block)
  await grid.getByTestId('grid-0-target').click()
  await page.keyboard.press('Control+V')
  const rowOf = (code: string) => grid.locator(`[data-testid="grid-row"][data-code="${code}"]`)
  await expect(rowOf('141002100200').getByRole('textbox').first()).toHaveValue('120')
  await expect(rowOf('141002100204').getByRole('combobox').first()).toHaveValue('electric')
  await expect(rowOf('141002100205').getByRole('combobox').last()).toHaveValue('households')
  await expect(rowOf('141002100206').locator('.grid-date')).toHaveValue('2026-10-31')
  await expect(grid.locator('tr.grid-changed')).toHaveCount(5)
  // Keyboard from cell to cell: down from 韩村's target to 沟上's, then a company offered from the list.
  await grid.getByTestId('grid-0-target').click()
  await page.keyboard.press('ArrowDown')
  await expect(grid.getByTestId('grid-1-target')).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await expect(grid.getByTestId('grid-1-contractor')).toBeFocused()
  await expect(page.locator('#plan-grid-contractors option')).toHaveCount(2)
  await snap(page, 'intake-08-plan-grid')
  await grid.getByTestId('grid-save').click()
  await expect(grid.getByTestId('grid-saved')).toHaveText('已保存：新增 5 个村，修改 0 个（其中任务调整 0 个）。')
  const plan = await api<{ plan: { targetHouseholds: number; deadline: string; figureSource: string } }>(server, 'divisions.get', { code: '141002100205' })
  expect(plan.plan).toMatchObject({ targetHouseholds: 150, deadline: '2026-10-31', figureSource: 'households' })
  expect(problems).toEqual([])
})

test('a household found anywhere, masked; a figure typed in is checked like an import before it is saved', async ({ page, server }) => {
  const problems = watchConsole(page)
  await divisions(server)
  await api(server, 'villages.setPlan', { villageCode: '141002100200', route: 'gas', targetHouseholds: 100, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
  await api(server, 'households.create', { villageCode: '141002100200', headName: '张建国', idNumber: '141002197001010013', phone: '13835712345', userCode: 'TL-0007', route: 'gas', stage: 'meter' })
  await api(server, 'households.create', { villageCode: '141021100205', headName: '张建华', route: 'gas', stage: 'none' })
  await page.goto(`${server.url}#/households`)
  const finder = page.getByTestId('household-finder')
  await finder.getByTestId('finder-q').fill('0013')
  await finder.getByTestId('finder-go').click()
  await expect(finder.getByTestId('finder-hit')).toHaveCount(1)
  await expect(finder.getByTestId('finder-hit')).toContainText('1410**********0013')
  await expect(finder.getByTestId('finder-hit')).toContainText('138****2345')
  await expect(finder).not.toContainText('141002197001010013')
  await finder.getByTestId('finder-q').fill('张建')
  await finder.getByTestId('finder-go').click()
  await expect(finder.getByTestId('finder-hit')).toHaveCount(2)
  await expect(finder.getByTestId('finder-hit').nth(1)).toContainText('曲沃县')
  await snap(page, 'intake-09-household-search')

  // 韩村's figure: yesterday's entered, today's typed lower (回退) and above the target.
  const { today } = await api<{ today: string }>(server, 'app.info')
  await api(server, 'figures.record', { villageCode: '141002100200', date: dayBefore(today), counts: { confirmed: 80, network: 70, meter: 60, equipment: 50, connected: 40, accepted: 30 }, networkKm: 2.5 })
  await page.goto(`${server.url}#/divisions/141002100200`)
  const form = page.getByTestId('figure-form')
  await expect(form).toBeVisible()
  await page.evaluate(() => window.scrollTo(0, 0))
  // A row copied from the township's Excel: 序号, 村代码, 村名, then the figures.
  await form.getByTestId('fig-count-confirmed').focus()
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="fig-count-confirmed"]')!
    const data = new DataTransfer()
    data.setData('text/plain', '1\t141002100200\t韩村村\t110\t70\t60\t50\t35\t30\t2.5\r\n')
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  })
  await expect(form.getByTestId('fig-count-confirmed')).toHaveValue('110')
  await expect(form.getByTestId('fig-count-connected')).toHaveValue('35')
  await expect(form.getByTestId('fig-km')).toHaveValue('2.5')
  await form.getByTestId('fig-save').click()
  await expect(form.getByTestId('fig-warnings')).toContainText('超过任务户数 100：确户签约 110 户')
  await expect(form.getByTestId('fig-warning-regression')).toContainText('点火通气 由 40 户降为 35 户')
  expect(await api<unknown[]>(server, 'figures.history', { villageCode: '141002100200' })).toHaveLength(1)
  await form.scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'intake-10-figure-check.png') })
  await form.getByTestId('fig-save').click()
  await expect(form.getByTestId('fig-saved')).toBeVisible()
  expect(await api<unknown[]>(server, 'figures.history', { villageCode: '141002100200' })).toHaveLength(2)
  expect(problems).toEqual([])
})
