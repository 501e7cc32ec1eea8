// 报表 in a real browser: six Linfen villages with figures on four days (set up through the API,
// dated from the server's today), then each report previewed, checked, exported, downloaded and
// read back; the week is set to end today on the 报表设置 tab. Screenshots of every preview.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Download, Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { packSection as section } from '../unit/helpers/sheet'
import { addDays, apiOk as api, expect, shot, snap, test, watchConsole } from './fixtures'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LINFEN_CSV = path.resolve(ROOT, '../shared/data/linfen-divisions.csv')

const counts = (connected: number) => ({
  confirmed: connected + 20,
  network: connected + 15,
  meter: connected + 10,
  equipment: connected + 5,
  connected,
  accepted: Math.floor(connected / 2),
})

/**
 * 尧都区 (two townships, gas and electric), 曲沃县 (gas; 乐昌镇 does not report today), 襄汾县
 * (gas past its deadline; electric above its revised target). Connected households on today−14,
 * today−7, today−1 and today.
 */
async function loadVillages(server: { url: string }, today: string): Promise<void> {
  const data = await readFile(LINFEN_CSV)
  await api(server, 'divisions.import', { fileName: 'linfen-divisions.csv', dataBase64: data.toString('base64') })
  const villages: [string, 'gas' | 'electric', number, number, (number | null)[]][] = [
    ['141002100200', 'gas', 100, 10, [20, 40, 55, 60]],
    ['141002100203', 'electric', 50, 41, [10, 20, 28, 30]],
    ['141002101201', 'gas', 40, 10, [5, 10, null, 24]],
    ['141021100205', 'gas', 200, 10, [60, 90, 120, null]],
    ['141023100203', 'gas', 80, -5, [10, 15, null, 20]],
    ['141023100204', 'electric', 50, 41, [40, 50, 52, 55]],
  ]
  const days = [-14, -7, -1, 0].map((n) => addDays(today, n))
  for (const [code, route, target, deadlineIn, series] of villages) {
    await api(server, 'villages.setPlan', {
      villageCode: code,
      route,
      targetHouseholds: target,
      contractor: route === 'gas' ? '临汾燃气有限公司' : '国网临汾供电公司',
      deadline: addDays(today, deadlineIn),
      figureSource: 'counts',
    })
    for (const [i, connected] of series.entries()) {
      if (connected !== null) await api(server, 'figures.record', { villageCode: code, date: days[i], counts: counts(connected), networkKm: connected / 10 })
    }
  }
}

async function download(page: Page, testId: string): Promise<{ name: string; wb: ExcelJS.Workbook }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  await expect(page.getByTestId(`${testId}-done`)).toBeVisible()
  return { name: (file as Download).suggestedFilename(), wb: await readWorkbook(file) }
}

async function readWorkbook(file: Download): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await readFile((await file.path())!)) as unknown as ArrayBuffer)
  return wb
}

test('报表：日报、周通报、旬例会、倒排工期、用气用电预测，预览并导出 Excel', async ({ page, server }) => {
  test.setTimeout(120_000)
  const problems = watchConsole(page)
  const today = (await api<{ today: string }>(server, 'app.info')).today
  await loadVillages(server, today)

  // ---- 日报 ----
  await page.goto(`${server.url}#/reports`)
  await expect(page.getByTestId('report-tab-daily')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('report-title')).toHaveText('临汾市农村清洁取暖改造进度日报')
  const row = page.getByTestId('daily-table-row-141002')
  await expect(row).toContainText('尧都区')
  await expect(row.locator('td').nth(8)).toHaveText('190')
  await expect(row.locator('td').nth(9)).toHaveText('114')
  await expect(row.locator('td').nth(10)).toHaveText('60.0%')
  await expect(row.locator('td').nth(11)).toHaveText('+21')
  await expect(page.getByTestId('daily-table-rank-141002')).toHaveText('1')
  // 曲沃县 reads 60.0% too, but sent nothing today (乐昌镇): not ranked
  await expect(page.getByTestId('daily-table-rank-141021')).toHaveText('未报')
  await expect(page.getByTestId('daily-table-rank-141023')).toHaveText('2')
  await expect(page.getByTestId('daily-table-row-total')).toContainText('309')
  await expect(page.getByTestId('daily-unreported')).toContainText('曲沃县乐昌镇')
  await expect(page.getByTestId('daily-chart-progress').locator('.recharts-bar-rectangle').first()).toBeVisible()
  await expect(page.getByTestId('daily-chart-trend').locator('.recharts-line').first()).toBeVisible()
  await snap(page, 'reports-01-daily')

  await page.getByTestId('daily-by-township').check()
  await expect(page.getByTestId('daily-township-table-141002-row-141002100')).toContainText('屯里镇')
  await shot(page, 'reports-02-daily-by-township')
  const daily = await download(page, 'daily-export')
  expect(daily.name).toBe(`临汾市农村清洁取暖改造进度日报_${today}.xlsx`)
  expect(daily.wb.worksheets.map((w) => w.name)).toEqual(['日报汇总', '煤改气', '煤改电', '尧都区分乡镇', '曲沃县分乡镇', '襄汾县分乡镇'])
  const sum = daily.wb.getWorksheet('日报汇总')!
  expect(sum.getCell('A1').value).toBe('临汾市农村清洁取暖改造进度日报')
  expect([2, 11, 12, 13, 14, 15].map((c) => sum.getCell(6, c).value)).toEqual(['尧都区', 190, 114, 0.6, 21, 1])
  expect(sum.getCell(6, 13).numFmt).toBe('0.0%')
  expect(sum.getCell(9, 12).value).toBe(309)
  expect(sum.getCell(11, 1).value).toBe('未上报（1 个乡镇，应报 4 个）：曲沃县乐昌镇')

  // ---- 报表设置: the week ends today ----
  await page.getByTestId('report-tab-settings').click()
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay()
  await page.getByTestId('rs-week-ends-on').selectOption(String(weekday))
  await page.getByTestId('rs-gas').fill('1800')
  await page.getByTestId('rs-save').click()
  await expect(page.getByTestId('rs-saved')).toBeVisible()
  await page.getByTestId('rs-season-start').fill('02-30')
  await page.getByTestId('rs-save').click()
  await expect(page.getByTestId('error-message')).toContainText('没有这一天')
  await page.getByTestId('rs-season-start').fill('11-15')
  await expect(page.getByTestId('error-message')).toHaveCount(0)
  await page.getByTestId('rs-save').click()
  await expect(page.getByTestId('rs-saved')).toBeVisible()
  await snap(page, 'reports-07-settings')
  expect(await api<{ weekEndsOn: number; gasM3PerHousehold: number; seasonStart: string }>(server, 'reports.settings')).toMatchObject({
    weekEndsOn: weekday,
    gasM3PerHousehold: 1800,
    seasonStart: '11-15',
  })

  // ---- 周通报 ----
  await page.getByTestId('report-tab-weekly').click()
  await expect(page.getByTestId('weekly-range')).toHaveText(`${addDays(today, -6)} 至 ${today}`)
  const text = page.getByTestId('weekly-text')
  await expect(text).toHaveValue(/^截至\d+月\d+日，全市累计完成清洁取暖改造309户（以点火通气\/通电计），占任务总数520户的59\.4%；本周（.*）新增84户，较上周多4户。/)
  await expect(page.getByTestId('weekly-behind')).toContainText('襄汾县（超期）、曲沃县（滞后）、尧都区（滞后）')
  await expect(page.getByTestId('weekly-status-141023')).toHaveText('超期')
  await expect(page.getByTestId('weekly-chart-pace').locator('.recharts-bar-rectangle').first()).toBeVisible()
  const draft = await text.inputValue()
  await text.fill(`${draft}\n请各县（市、区）对照通报，抓紧整改。`)
  await snap(page, 'reports-03-weekly')
  const weekly = await download(page, 'weekly-export')
  expect(weekly.name).toBe(`临汾市农村清洁取暖改造工作周通报_${addDays(today, -6)}至${today}.xlsx`)
  const wk = weekly.wb.getWorksheet('周通报')!
  expect(String(wk.getCell('A4').value)).toBe(`\u3000\u3000${draft.split('\n')[0]}`)
  expect(wk.getCell('A6').value).toBe('\u3000\u3000请各县（市、区）对照通报，抓紧整改。')
  expect([1, 2, 6, 7, 8, 11].map((c) => wk.getCell(8, c).value)).toEqual([1, '尧都区', 44, 35, 9, '滞后'])
  await page.getByTestId('weekly-reset').click()
  await expect(text).toHaveValue(draft)
  // While the week before loads, the box still holds this week's text: no export until it is there.
  let release = () => {}
  const held = new Promise<void>((r) => (release = r))
  await page.route('**/api/reports.weekly', async (route) => {
    await held
    await route.continue()
  })
  await page.getByTestId('weekly-prev').click()
  await expect(page.getByTestId('weekly-export')).toBeDisabled()
  release()
  await expect(page.getByTestId('weekly-range')).toHaveText(`${addDays(today, -13)} 至 ${addDays(today, -7)}`)
  await expect(page.getByTestId('weekly-export')).toBeEnabled()
  await page.unroute('**/api/reports.weekly')
  await page.getByTestId('report-date').fill(today)
  await expect(page.getByTestId('weekly-range')).toHaveText(`${addDays(today, -6)} 至 ${today}`)

  // ---- 旬例会 ----
  await page.getByTestId('report-tab-tenday').click()
  const pack = await api<{ label: string; period: { from: string }; progress: { total: { increase: number } }; slippage: { total: { planned: number } } }>(
    server,
    'reports.tenDay',
    { date: today },
  )
  await expect(page.getByTestId('report-subtitle')).toContainText(pack.label)
  await expect(page.getByTestId('tenday-no-problems')).toContainText('问题台账暂无记录')
  await expect(page.getByTestId('tenday-slippage-total')).toContainText(String(pack.slippage.total.planned))
  await expect(page.getByTestId('tenday-chart-progress').locator('.recharts-bar-rectangle').first()).toBeVisible()
  await snap(page, 'reports-04-tenday')
  const tenday = await download(page, 'tenday-export')
  expect(tenday.name).toBe(`临汾市农村清洁取暖改造旬例会材料_${pack.label}.xlsx`)
  // one document, a sheet per printed page named by the sections it holds
  expect(tenday.wb.worksheets.map((w) => w.name).join('、')).toBe('一、二、三、四、五、六')
  const progress = section(tenday.wb, '二、')
  expect(progress.rows.at(-1)![0]).toBe('全市合计')
  expect(progress.rows.at(-1)![5]).toBe(pack.progress.total.increase)
  expect(section(tenday.wb, '四、').notes[0]).toBe('问题台账暂无记录：本旬没有新发现、整改销号或逾期的问题。')
  // The previous 旬 is one click away.
  await page.getByTestId('tenday-prev').click()
  await expect(page.getByTestId('tenday-range')).not.toContainText(pack.period.from)

  // ---- 倒排工期 ----
  await page.getByTestId('report-tab-schedule').click()
  await page.getByTestId('report-date').fill(today)
  await expect(page.getByTestId('schedule-warning-141023-gas')).toContainText('襄汾县煤改气：60 户已过完成时限')
  await expect(page.getByTestId('schedule-warning-141021-gas')).toContainText('需日均 8.0 户')
  await expect(page.getByTestId('schedule-row-gas-141002')).toContainText(addDays(today, 12))
  await expect(page.getByTestId('schedule-row-gas-total')).toContainText('196')
  await snap(page, 'reports-05-schedule')
  const schedule = await download(page, 'schedule-export')
  const sch = schedule.wb.getWorksheet('倒排工期')!
  expect([1, 2, 3, 4, 5, 12].map((c) => sch.getCell(5, c).value)).toEqual(['煤改气', '尧都区', 140, 84, 56, '滞后'])
  expect(sch.getCell(5, 7).value).toEqual(new Date(`${addDays(today, 10)}T00:00:00Z`))
  expect(schedule.wb.getWorksheet('滞后预警')!.getCell('B5').value).toBe('襄汾县')

  // ---- 用气用电预测 ----
  await page.getByTestId('report-tab-forecast').click()
  await expect(page.getByTestId('forecast-params')).toContainText('户均用气 1,800 m³')
  await expect(page.getByTestId('forecast-gas-total')).toContainText('224')
  await expect(page.getByTestId('forecast-gas-total')).toContainText('40.32')
  await snap(page, 'reports-06-forecast')
  const forecast = await download(page, 'forecast-export')
  const gas = forecast.wb.getWorksheet('用气预测')!
  expect([gas.getCell(9, 1).value, gas.getCell(9, 3).value, gas.getCell(9, 7).value]).toEqual(['全市合计', 224, (224 * 1800) / 10_000])

  // The refusals the test provoked on purpose are shown on the page; nothing else went wrong.
  expect(problems).toEqual([])
})

test('旬例会：问题整改一节按问题台账统计本旬新发现、销号、逾期', async ({ page, server }) => {
  const today = (await api<{ today: string }>(server, 'app.info')).today
  await loadVillages(server, today)
  const d = Number(today.slice(8))
  const tenDayFrom = `${today.slice(0, 8)}${d <= 10 ? '01' : d <= 20 ? '11' : '21'}`
  const open = async (villageCode: string, openedOn: string) =>
    (await api<{ problem: { id: string } }>(server, 'problems.create', { villageCode, description: '庭院管网未通', source: 'complaint', openedOn, deadline: openedOn, acceptanceStandard: '入户核实' })).problem.id
  // 尧都区: one opened and closed today, one opened today and due today (not yet overdue);
  // 曲沃县: one from the day before the 旬, due that day and still open (overdue now).
  const closed = await open('141002100200', today)
  for (const action of ['assign', 'start', 'verify', 'close']) {
    await api(server, 'problems.transition', { id: closed, action, date: today, ...(action === 'assign' ? { responsibleUnit: '屯里镇人民政府', deadline: today } : {}) })
  }
  await open('141002100203', today)
  await open('141021100205', addDays(tenDayFrom, -1))

  await page.goto(`${server.url}#/reports/tenday`)
  const cells = (code: string) => page.getByTestId(`tenday-problems-${code}`).locator('th, td')
  await expect(cells('141002')).toHaveText(['尧都区', '2', '1', '0', '1'])
  await expect(cells('141021')).toHaveText(['曲沃县', '0', '0', '1', '1'])
  await expect(cells('141023')).toHaveText(['襄汾县', '0', '0', '0', '0'])
  await expect(cells('total')).toHaveText(['全市合计', '2', '1', '1', '2'])
  await expect(page.getByTestId('tenday-no-problems')).toHaveCount(0)
  await snap(page, 'reports-08-tenday-problems')
  const { wb } = await download(page, 'tenday-export')
  const ws = section(wb, '四、')
  expect(ws.rows).toEqual([
    ['尧都区', 2, 1, 0, 1],
    ['曲沃县', 0, 0, 1, 1],
    ['襄汾县', 0, 0, 0, 0],
    ['全市合计', 2, 1, 1, 2],
  ])
  expect(ws.notes[0]).toMatch(/^截至\d+月\d+日，问题台账共 3 条记录。$/)
})

test('报表：没有改造计划时说明原因', async ({ page, server }) => {
  await page.goto(`${server.url}#/reports/weekly`)
  await expect(page.getByTestId('reports-no-plans')).toContainText('还没有任何村的改造计划')
  await page.getByTestId('report-tab-settings').click()
  await expect(page.getByTestId('report-settings-form')).toBeVisible()
})
