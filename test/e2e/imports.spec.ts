// 报送导入 in a real browser: a template downloaded from the page; a day's folder of township files
// (made from the app's own templates and filled in as townships do, plus an old .xls and an Excel
// lock file) imported through the page; the preview checked; the commit; 总览 moving; then a
// corrected file for one township, replacing its figures, and the audit entry on the village.
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

/** 屯里镇's villages (gas) and their figures: confirmed, network, meter, equipment, connected, accepted, km. */
const TUNLI: Record<string, number[]> = {
  '141002100200': [80, 70, 60, 50, 40, 30, 2.5], // 韩村
  '141002100203': [60, 50, 40, 30, 20, 10, 1.2], // 沟上
  '141002100204': [90, 90, 85, 80, 70, 60, 3], // 贾村
  '141002100205': [120, 110, 100, 90, 80, 70, 4.25], // 屯里
}
/** 吴村镇's villages (electric). */
const WUCUN: Record<string, number[]> = {
  '141002106200': [20, 15, 10, 5, 0, 0, 1.5], // 孙曲
  '141002106201': [30, 30, 25, 20, 12, 6, 2], // 王曲
}
/** 吴村镇's 南太涧: its row has a negative count, so it alone is refused. */
const NANTAIJIAN = '141002106202'
const QIAOLI = '141002101200' // 乔李镇 乔李村: it sends an old .xls, so it has not reported

/** A township's template from the app, filled in: the figures given, other villages left blank. */
async function filledTemplate(server: { url: string }, township: string, date: string, figures: Record<string, number[]>): Promise<Buffer> {
  const tpl = await api<{ dataBase64: string }>(server, 'imports.template', { kind: 'figures', code: township, date })
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(tpl.dataBase64, 'base64') as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]!
  ws.eachRow((row) => {
    const values = figures[String(row.getCell(2).value)]
    if (values) values.forEach((v, j) => (row.getCell(6 + j).value = v))
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

test('imports a folder of township files, moves 总览, then replaces one township’s figures with a corrected file', async ({ page, server }) => {
  const problems = watchConsole(page)

  // ---- setup through the API: divisions and plans ----
  const { today } = await api<{ today: string }>(server, 'app.info')
  await api(server, 'divisions.import', { fileName: 'linfen-divisions.csv', dataBase64: readFileSync(LINFEN_CSV).toString('base64') })
  const plan = (villageCode: string, route: string, targetHouseholds: number) =>
    api(server, 'villages.setPlan', { villageCode, route, targetHouseholds, contractor: '演示企业', deadline: '2026-12-31', figureSource: 'counts' })
  for (const v of Object.keys(TUNLI)) await plan(v, 'gas', 100)
  await plan('141002100206', 'gas', 60) // 东张堡: listed in the template, left blank by the township
  for (const v of [...Object.keys(WUCUN), NANTAIJIAN]) await plan(v, 'electric', 40)
  await plan(QIAOLI, 'gas', 50)

  // ---- the day's folder ----
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chd-e2e-imports-'))
  const folder = path.join(dir, `${today}报送`)
  await mkdir(folder)
  await writeFile(path.join(folder, '屯里镇.xlsx'), await filledTemplate(server, '141002100', today, TUNLI))
  await writeFile(path.join(folder, '吴村镇.xlsx'), await filledTemplate(server, '141002106', today, { ...WUCUN, [NANTAIJIAN]: [10, 8, -6, 4, 2, 1, 0.5] }))
  await writeFile(path.join(folder, '乔李镇.xls'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]))
  await writeFile(path.join(folder, '~$屯里镇.xlsx'), Buffer.from('lock'))

  // ---- 总览 before: plans, no figures ----
  await page.goto(server.url)
  const gas = (what: string) => page.getByTestId(`dash-gas-141002-${what}`)
  await expect(gas('count-connected')).toHaveText('0')

  // ---- the page, and a template from it ----
  await page.getByTestId('nav-imports').click()
  await expect(page.getByTestId('page-imports')).toBeVisible()
  await page.getByTestId('template-county').selectOption({ label: '尧都区' })
  await page.getByTestId('template-township').selectOption({ label: '屯里镇' })
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-make').click()])
  expect(download.suggestedFilename()).toBe(`进度日报表_尧都区屯里镇_${today}.xlsx`)
  await expect(page.getByTestId('template-saved')).toContainText(`进度日报表_尧都区屯里镇_${today}.xlsx`)
  await snap(page, 'imports-01-page')

  // ---- the folder through the page ----
  await page.getByTestId('imports-folder').setInputFiles(folder)
  const review = page.getByTestId('imports-review')
  await expect(review).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('imports-skipped')).toContainText('~$屯里镇.xlsx')
  await expect(page.getByTestId('imports-summary')).toContainText('共 3 个文件：2 个可以导入，1 个不能导入，0 个以前已导入过。')
  await expect(page.getByTestId('imports-summary-figures')).toHaveText('村进度：新增 6 条，与已有数据不同 0 条，与已有相同 0 条，有错误不导入 1 条。')
  await expect(page.getByTestId('imports-problems-legend')).toContainText('错误：该行不导入')
  await expect(page.getByTestId('imports-unreported')).toContainText('尧都区乔李镇')
  const problemRows = page.getByTestId('imports-problem')
  await expect(problemRows.filter({ hasText: '乔李镇.xls' })).toContainText('旧版 Excel（.xls）或 WPS（.et）格式')
  await expect(problemRows.filter({ hasText: '没有填写任何数字' })).toContainText('东张堡村委会')
  // The refused row: an error in the list with its row and column, and in 吴村镇's detail in its place.
  const negative = problemRows.filter({ hasText: '是负数' })
  await expect(negative).toHaveCount(1)
  await expect(negative).toContainText('吴村镇.xlsx')
  await expect(negative.locator('td').nth(3)).toHaveText('8')
  await expect(negative.locator('td').nth(1)).toHaveText('吴村镇.xlsx')
  const wucunRow = page.getByTestId('imports-file-row').filter({ hasText: '吴村镇.xlsx' })
  await expect(wucunRow.locator('td').nth(7)).toHaveText('1') // 不导入
  await wucunRow.getByTestId('imports-detail-toggle').click()
  await expect(page.getByTestId('imports-detail-row')).toHaveCount(2)
  await expect(page.getByTestId('imports-detail-refused')).toHaveCount(1)
  await expect(page.getByTestId('imports-detail-refused')).toContainText('“-6”是负数')
  await expect(page.getByTestId('imports-detail-refused')).toContainText('不导入')
  await page.getByTestId('imports-file-row').filter({ hasText: '屯里镇.xlsx' }).getByTestId('imports-detail-toggle').click()
  await expect(page.getByTestId('imports-detail-row')).toHaveCount(4)
  await expect(page.getByTestId('imports-detail-refused')).toHaveCount(0)
  await snap(page, 'imports-02-preview')

  await page.getByTestId('imports-commit').click()
  await expect(page.getByTestId('imports-done-figures')).toHaveText('村进度：新增 6 条，替换 0 条，相同 0 条，跳过 0 条，有错误未导入 1 条。')
  expect(await api(server, 'figures.history', { villageCode: NANTAIJIAN })).toEqual([]) // the refused row stored nothing
  await expect(page.getByTestId('imports-result').getByTestId('imports-unreported')).toContainText('尧都区乔李镇')
  await expect(page.getByTestId('imports-history-batch')).toHaveCount(1)
  await snap(page, 'imports-03-committed')

  // ---- 总览 moved: 尧都区 gas ignitions 40 + 20 + 70 + 80 = 210; electric 0 + 12 ----
  await page.getByTestId('imports-to-dashboard').click()
  await expect(gas('count-connected')).toHaveText('210')
  await expect(gas('count-confirmed')).toHaveText('350')
  await expect(gas('km')).toHaveText('10.95')
  await expect(gas('reported')).toHaveText('4/6')
  await expect(page.getByTestId('dash-electric-141002-count-connected')).toHaveText('12')
  await snap(page, 'imports-04-dashboard')

  // ---- a corrected file from 屯里镇: 韩村 ignited 5 more ----
  const corrected = { ...TUNLI, '141002100200': [80, 70, 60, 50, 45, 30, 2.5] }
  const fixedFile = path.join(dir, '屯里镇（更正）.xlsx')
  await writeFile(fixedFile, await filledTemplate(server, '141002100', today, corrected))
  await page.getByTestId('nav-imports').click()
  await page.getByTestId('imports-files').setInputFiles(fixedFile)
  await expect(review).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('imports-summary-figures')).toHaveText('村进度：新增 0 条，与已有数据不同 1 条，与已有相同 3 条，有错误不导入 0 条。')
  await expect(page.getByTestId('imports-conflict')).toContainText('1 个村在该日已有不同的数据')
  await expect(page.getByTestId('conflict-replace')).toBeChecked()
  await expect(page.getByTestId('imports-files-table')).toContainText('已导入过该乡镇当天的“屯里镇.xlsx”')
  await page.getByTestId('imports-detail-toggle').first().click()
  await expect(page.getByTestId('imports-detail-row').filter({ hasText: '韩村村委会' })).toContainText('已有：40')
  await snap(page, 'imports-05-corrected-preview')
  await page.getByTestId('imports-commit').click()
  await expect(page.getByTestId('imports-done-figures')).toHaveText('村进度：新增 0 条，替换 1 条，相同 3 条，跳过 0 条，有错误未导入 0 条。')

  // ---- the village: the new figure, and the audit entry with both values ----
  await page.goto(`${server.url}#/divisions/141002100200`)
  await expect(page.getByTestId('detail-code')).toHaveText('141002100200')
  const audit = page.getByTestId('audit-table')
  const entry = audit.getByTestId('audit-row').filter({ hasText: '导入乡镇报送' }).first()
  await expect(entry).toContainText('40')
  await expect(entry).toContainText('45')
  await snap(page, 'imports-06-village-audit')

  await page.getByTestId('nav-dashboard').click()
  await expect(gas('count-connected')).toHaveText('215')
  expect(problems).toEqual([])
})

test('imports a household roster through the page: households listed (ID numbers masked), then stored', async ({ page, server }) => {
  await api(server, 'divisions.import', { fileName: 'linfen-divisions.csv', dataBase64: readFileSync(LINFEN_CSV).toString('base64') })
  await api(server, 'villages.setPlan', { villageCode: '141002100209', route: 'gas', targetHouseholds: 20, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'households' })
  const tpl = await api<{ dataBase64: string }>(server, 'imports.template', { kind: 'roster', code: '141002100' })
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(tpl.dataBase64, 'base64') as unknown as ArrayBuffer)
  const ws = wb.getWorksheet('农户花名册')!
  const rows = [
    [1, '', '', '东高河村', '1组', '张建国', '141002197001010013', '13835712345', 'G1', '煤改气', '演示燃气公司', 'M1', '物联网表', '点火通气'],
    [2, '', '', '东高河村', '2组', '李秀英', '141002197001010021', '138357', 'G2', '煤改气', '演示燃气公司', '', '', '入户装表'],
    [3, '', '', '东高河村', '3组', '王明', '14100219700101003X', '', 'G3', '煤改气', '', '', '', '快好了'],
  ]
  rows.forEach((r, i) => (ws.getRow(4 + i).values = r))
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chd-e2e-roster-'))
  const file = path.join(dir, '屯里镇花名册.xlsx')
  await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()))

  await page.goto(`${server.url}#/imports`)
  await page.getByTestId('imports-files').setInputFiles(file)
  await expect(page.getByTestId('imports-review')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('imports-summary-households')).toHaveText('农户：新增 2 户，信息有变化 0 户，没有变化 0 户，有错误不导入 1 户。')
  await expect(page.getByTestId('imports-problem').filter({ hasText: '当前阶段“快好了”无法识别' })).toContainText('当前阶段')
  await expect(page.getByTestId('imports-problem').filter({ hasText: '电话号码格式不对' })).toContainText('电话未导入')
  await page.getByTestId('imports-detail-toggle').click()
  await expect(page.getByTestId('imports-detail')).toContainText('1410**********0013')
  await expect(page.getByTestId('imports-detail')).not.toContainText('141002197001010013')
  await snap(page, 'imports-07-roster-preview')
  await page.getByTestId('imports-commit').click()
  await expect(page.getByTestId('imports-done-households')).toHaveText('农户：新增 2 户，更新 0 户，没有变化 0 户，有错误未导入 1 户。')
  const list = await api<{ total: number }>(server, 'households.list', { villageCode: '141002100209' })
  expect(list.total).toBe(2)
})
