// 报表 as a county office would use them: the Linfen list imported, 本级 set to 曲沃县 on the 设置
// page, plans in its seven townships, figures on two days (yesterday and today) and one township
// (北董乡) that never reports. Every report previewed (screenshot at 1366×768 and its print preview),
// exported, read back with exceljs — titled for 曲沃县, rows are townships, totals 全县合计, 北董乡
// marked 未报 where a report ranks — and printed by LibreOffice with its pages counted; the ten-day
// pack's pages each at least a third used. The edited bulletin text survives a reload.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Download, Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { pageFill, xlsxToPdf } from '../unit/helpers/libreoffice'
import { addDays, apiOk as api, expect, printShot, snap, test, watchConsole } from './fixtures'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LINFEN_CSV = path.resolve(ROOT, '../shared/data/linfen-divisions.csv')
const EXPORTS = path.join(ROOT, 'test-results', 'screenshots', 'county-exports')

const counts = (connected: number) => ({
  confirmed: connected + 10,
  network: connected + 8,
  meter: connected + 6,
  equipment: connected + 3,
  connected,
  accepted: Math.floor(connected / 2),
})

const TOWNSHIPS = ['乐昌镇', '史村镇', '曲村镇', '高显镇', '里村镇', '北董乡', '杨谈乡']
const BEIDONG = '141021200'

/**
 * Two villages in each township of 曲沃县, on gas: [code, target, days to the deadline, connected
 * yesterday, connected today]. 北董乡's villages never report; 曲村镇's second village falls back
 * (30 → 25); 高显镇's first is above its target (42 of 40).
 */
const VILLAGES: [string, number, number, number | null, number | null][] = [
  ['141021100001', 100, 20, 30, 36],
  ['141021100002', 50, 20, 20, 24],
  ['141021101200', 80, 20, 40, 44],
  ['141021101201', 60, 20, 10, 12],
  ['141021102200', 60, 20, 20, 26],
  ['141021102201', 40, 20, 30, 25],
  ['141021103200', 40, 20, 38, 42],
  ['141021103201', 30, 20, 10, 15],
  ['141021104200', 70, 5, 5, 9],
  ['141021104201', 50, 5, 0, 3],
  ['141021200200', 70, 20, null, null],
  ['141021200201', 60, 20, null, null],
  ['141021201200', 50, 20, 15, 20],
  ['141021201202', 40, 20, 12, 16],
]

async function loadQuwo(server: { url: string }, today: string): Promise<void> {
  const data = await readFile(LINFEN_CSV)
  await api(server, 'divisions.import', { fileName: 'linfen-divisions.csv', dataBase64: data.toString('base64') })
  for (const [code, target, deadlineIn, yesterday, now] of VILLAGES) {
    await api(server, 'villages.setPlan', {
      villageCode: code,
      route: 'gas',
      targetHouseholds: target,
      contractor: '曲沃县燃气有限公司',
      deadline: addDays(today, deadlineIn),
      figureSource: 'counts',
    })
    for (const [day, connected] of [
      [addDays(today, -1), yesterday],
      [today, now],
    ] as const) {
      if (connected !== null) await api(server, 'figures.record', { villageCode: code, date: day, counts: counts(connected), networkKm: connected / 10 })
    }
  }
}

async function download(page: Page, testId: string): Promise<{ name: string; wb: ExcelJS.Workbook; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  await expect(page.getByTestId(`${testId}-done`)).toBeVisible()
  const bytes = await readFile((await (file as Download).path())!)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const name = (file as Download).suggestedFilename()
  await mkdir(EXPORTS, { recursive: true })
  await writeFile(path.join(EXPORTS, name), bytes)
  return { name, wb, bytes }
}

/** Printed by LibreOffice: the number of pages, and each page's share of the printable height used. */
function printed(bytes: Buffer, name: string): { pages: number; fill: number[] } {
  const { pdf, pages } = xlsxToPdf(bytes, name)
  return { pages, fill: pageFill(pdf) }
}

/** Column `col` (1-based) of the rows from `from` to the row holding `last` in column `col`. */
function column(ws: ExcelJS.Worksheet, col: number, from: number, last: string): string[] {
  const out: string[] = []
  for (let r = from; r <= ws.rowCount; r++) {
    const v = String(ws.getCell(r, col).value ?? '')
    out.push(v)
    if (v === last) return out
  }
  throw new Error(`${ws.name}: no ${last} in column ${col}`)
}

/** The row whose column-`col` cell reads `text`. */
function rowOf(ws: ExcelJS.Worksheet, text: string, col: number): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, col).value === text) return ws.getRow(r)
  throw new Error(`${ws.name}: no row with ${text} in column ${col}`)
}

test('县级办公室（曲沃县）：设置本级后，日报、周通报、旬例会、倒排工期、预测均按乡镇统计，导出、打印', async ({ page, server }) => {
  test.setTimeout(420_000)
  const problems = watchConsole(page)
  const today = (await api<{ today: string }>(server, 'app.info')).today
  await loadQuwo(server, today)

  // ---- 设置: 本级 = 曲沃县 ----
  await page.goto(`${server.url}#/settings`)
  await page.getByTestId('settings-office-select').selectOption('141021')
  await page.getByTestId('settings-office-save').click()
  await expect(page.getByTestId('settings-office-saved')).toBeVisible()
  await expect(page.getByTestId('settings-office-current')).toContainText('曲沃县')
  await page.getByTestId('settings-office').scrollIntoViewIfNeeded()
  await page.getByTestId('settings-office').screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'reports-county-00-settings.png') })

  // ---- 总览: rows are the townships ----
  await page.goto(`${server.url}#/`)
  await expect(page.getByTestId('dashboard-area')).toContainText('本级：曲沃县，分乡镇统计')
  await expect(page.getByTestId(`dash-row-gas-${BEIDONG}`)).toContainText('北董乡')
  await expect(page.getByTestId('dash-row-gas-total')).toContainText('全县合计')

  // ---- 日报 ----
  await page.goto(`${server.url}#/reports/daily`)
  await expect(page.getByTestId('report-title')).toHaveText('曲沃县农村清洁取暖改造进度日报')
  await expect(page.getByTestId(`daily-table-rank-${BEIDONG}`)).toHaveText('未报')
  await expect(page.getByTestId(`daily-table-reporting-${BEIDONG}`)).toHaveText('未报')
  await expect(page.getByTestId('daily-table-row-total')).toContainText('全县合计')
  // 曲村镇 gained 6 in one village and fell back 5 in the other: +1, with the fall listed under the table
  await expect(page.getByTestId('daily-regressions')).toContainText('曲村镇吉祥村委会（煤改气）：30 → 25 户，减少 5 户')
  await expect(page.getByTestId('daily-unreported')).toContainText('北董乡')
  await expect(page.getByTestId('daily-chart-progress').locator('.recharts-bar-rectangle').first()).toBeVisible()
  await snap(page, 'reports-county-01-daily')
  expect(await printShot(page, 'reports-county-01-daily-print')).toBeGreaterThanOrEqual(1)
  const daily = await download(page, 'daily-export')
  expect(daily.name).toBe(`曲沃县农村清洁取暖改造进度日报_${today}.xlsx`)
  const sum = daily.wb.getWorksheet('日报汇总')!
  expect(sum.getCell('A1').value).toBe('曲沃县农村清洁取暖改造进度日报')
  expect(sum.getCell('B4').value).toBe('乡镇（街道）')
  expect(column(sum, 2, 6, '全县合计')).toEqual([...TOWNSHIPS, '全县合计'])
  const beidong = rowOf(sum, '北董乡', 2)
  // 序号 | 乡镇 | 任务 累计 完成率 当日新增 | 排名 | 当日上报
  expect([beidong.getCell(3).value, beidong.getCell(4).value, beidong.getCell(7).value, beidong.getCell(8).value]).toEqual([130, 0, '未报', '未报'])
  expect(rowOf(sum, '曲村镇', 2).getCell(6).value).toBe(6 - 5)
  expect(String(sum.getCell(rowOf(sum, '全县合计', 2).number + 2, 1).value)).toBe('未上报（1 个乡镇，应报 7 个）：北董乡')
  const dailyPrint = printed(daily.bytes, 'daily.xlsx')
  // 日报汇总 and the one route's sheet
  expect(dailyPrint.pages).toBe(2)

  // ---- 周通报: the edited text is kept, shown again after a reload, and exported ----
  await page.getByTestId('report-tab-weekly').click()
  const text = page.getByTestId('weekly-text')
  await expect(text).toHaveValue(/^截至\d+月\d+日，全县累计完成清洁取暖改造\d+户/)
  await expect(page.getByTestId(`weekly-rank-${BEIDONG}`)).toHaveText('未报')
  const draft = await text.inputValue()
  expect(draft).toContain('北董乡本周未上报进度，未参加排名。')
  const edited = `${draft}\n请各乡镇对照通报，抓紧整改。`
  await text.fill(edited)
  await expect(page.getByTestId('weekly-text-status')).toContainText('有未保存的修改')
  await text.blur()
  await expect(page.getByTestId('weekly-text-status')).toContainText('已保存')
  await page.reload()
  await expect(page.getByTestId('weekly-text')).toHaveValue(edited)
  await expect(page.getByTestId('weekly-text-status')).toContainText('已保存')
  await snap(page, 'reports-county-02-weekly')
  await printShot(page, 'reports-county-02-weekly-print')
  const weekly = await download(page, 'weekly-export')
  const wk = weekly.wb.getWorksheet('周通报')!
  expect(wk.getCell('A1').value).toBe('曲沃县农村清洁取暖改造工作周通报')
  expect(wk.getCell('A4').value).toBe(`\u3000\u3000${draft.split('\n')[0]}`)
  expect(wk.getCell('A6').value).toBe('\u3000\u3000请各乡镇对照通报，抓紧整改。')
  const header = rowOf(wk, '排名', 1).number
  expect(wk.getCell(header, 2).value).toBe('乡镇（街道）')
  const weekRows = column(wk, 2, header + 1, '全县合计')
  expect([...weekRows].sort()).toEqual([...TOWNSHIPS, '全县合计'].sort())
  expect(rowOf(wk, '北董乡', 2).getCell(1).value).toBe('未报')
  const weeklyPrint = printed(weekly.bytes, 'weekly.xlsx')
  expect(weeklyPrint.pages).toBe(1)
  // 恢复草稿: the draft again, the kept text gone
  await page.getByTestId('weekly-reset').click()
  await expect(text).toHaveValue(draft)
  await expect(page.getByTestId('weekly-text-status')).toContainText('草稿')

  // ---- 旬例会 ----
  await page.getByTestId('report-tab-tenday').click()
  await expect(page.getByTestId('report-title')).toHaveText('曲沃县农村清洁取暖改造旬例会材料')
  await expect(page.getByTestId('tenday-narrative')).toContainText('全县累计完成清洁取暖改造')
  await expect(page.getByTestId(`tenday-progress-${BEIDONG}`)).toContainText('未报')
  await snap(page, 'reports-county-03-tenday')
  await printShot(page, 'reports-county-03-tenday-print')
  const tenday = await download(page, 'tenday-export')
  const first = tenday.wb.worksheets[0]!
  expect(first.getCell('A1').value).toBe('曲沃县农村清洁取暖改造旬例会材料')
  expect(first.getCell('A4').value).toBe('一、情况综述')
  expect(String(first.getCell('A5').value)).toContain('全县累计完成清洁取暖改造')
  // the ranking: townships, 北董乡 not ranked, 全县合计
  let ranking: ExcelJS.Worksheet | undefined
  for (const ws of tenday.wb.worksheets) for (let r = 1; r <= ws.rowCount; r++) if (String(ws.getCell(r, 1).value).startsWith('二、')) ranking = ws
  expect(ranking).toBeDefined()
  const rankHeader = rowOf(ranking!, '乡镇（街道）', 1).number
  expect([...column(ranking!, 1, rankHeader + 1, '全县合计')].sort()).toEqual([...TOWNSHIPS, '全县合计'].sort())
  expect(rowOf(ranking!, '北董乡', 1).getCell(2).value).toBe('未报')
  const tendayPrint = printed(tenday.bytes, 'tenday.xlsx')
  // Seven townships: the narrative and six sections on two A4 pages, none of them nearly empty.
  expect(tendayPrint.pages).toBe(2)
  for (const [i, f] of tendayPrint.fill.entries()) expect(f, `ten-day pack, page ${i + 1} of ${tendayPrint.pages}`).toBeGreaterThanOrEqual(1 / 3)
  console.log(`ten-day pack: ${tendayPrint.pages} pages, used ${tendayPrint.fill.map((f) => `${Math.round(f * 100)}%`).join(', ')}`)

  // ---- 倒排工期 ----
  await page.getByTestId('report-tab-schedule').click()
  await expect(page.getByTestId('report-title')).toHaveText('曲沃县农村清洁取暖改造倒排工期表')
  await expect(page.getByTestId('schedule-row-gas-total')).toContainText('全县合计')
  await snap(page, 'reports-county-04-schedule')
  await printShot(page, 'reports-county-04-schedule-print')
  const schedule = await download(page, 'schedule-export')
  const sch = schedule.wb.getWorksheet('倒排工期')!
  expect(sch.getCell('A1').value).toBe('曲沃县农村清洁取暖改造倒排工期表')
  expect(sch.getCell('B4').value).toBe('乡镇（街道）')
  expect(column(sch, 2, 5, '全县合计')).toEqual([...TOWNSHIPS, '全县合计'])
  expect(printed(schedule.bytes, 'schedule.xlsx').pages).toBe(2)

  // ---- 用气用电预测 ----
  await page.getByTestId('report-tab-forecast').click()
  await expect(page.getByTestId('report-title')).toHaveText('曲沃县清洁取暖用气用电需求预测')
  await expect(page.getByTestId('forecast-gas-total')).toContainText('全县合计')
  await snap(page, 'reports-county-05-forecast')
  await printShot(page, 'reports-county-05-forecast-print')
  const forecast = await download(page, 'forecast-export')
  const gas = forecast.wb.getWorksheet('用气预测')!
  expect(gas.getCell('A1').value).toBe('曲沃县清洁取暖用气需求预测（煤改气）')
  expect(gas.getCell('A4').value).toBe('乡镇（街道）')
  expect(column(gas, 1, 6, '全县合计')).toEqual([...TOWNSHIPS, '全县合计'])
  expect(printed(forecast.bytes, 'forecast.xlsx').pages).toBe(2)

  // ---- 报表设置: the title templates ----
  await page.getByTestId('report-tab-settings').click()
  await expect(page.getByTestId('rs-title-daily')).toHaveValue('{地区}农村清洁取暖改造进度日报')
  await snap(page, 'reports-county-06-settings')

  expect(problems).toEqual([])
})

test('市级办公室为曲沃县出报表：报表范围选曲沃县，标题与合计随之', async ({ page, server }) => {
  const today = (await api<{ today: string }>(server, 'app.info')).today
  await loadQuwo(server, today)
  await page.goto(`${server.url}#/reports/daily`)
  await expect(page.getByTestId('report-title')).toHaveText('临汾市农村清洁取暖改造进度日报')
  await expect(page.getByTestId('daily-table-row-141021')).toContainText('曲沃县')
  await page.getByTestId('report-scope').selectOption('141021')
  await expect(page.getByTestId('report-title')).toHaveText('曲沃县农村清洁取暖改造进度日报')
  await expect(page.getByTestId('daily-table-row-total')).toContainText('全县合计')
  const daily = await download(page, 'daily-export')
  expect(daily.wb.getWorksheet('日报汇总')!.getCell('A1').value).toBe('曲沃县农村清洁取暖改造进度日报')
  // the scope stays when moving to another report
  await page.getByTestId('report-tab-weekly').click()
  await expect(page.getByTestId('report-title')).toHaveText('曲沃县农村清洁取暖改造工作周通报')
  await snap(page, 'reports-county-07-city-scope')
})
