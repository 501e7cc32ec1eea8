// The v0.1 foundation in a real browser: import the Linfen division list, browse and search it,
// set village plans, enter daily figures for two days and check 总览 against numbers worked out
// here; a rejected import; a household-kept village; a screenshot of every page.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { apiCall, expect, snap, test, watchConsole } from './fixtures'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Public reference data, read where it lies (never copied into the project). */
const LINFEN_CSV = path.resolve(ROOT, '../shared/data/linfen-divisions.csv')

interface Reply<T> {
  ok: boolean
  result: T
  error?: { message: string }
}

async function today(server: { url: string }): Promise<string> {
  const r = await apiCall<Reply<{ today: string }>>(server, 'app.info')
  return r.result.today
}

function dayBefore(ymd: string): string {
  const d = new Date(`${ymd}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

/** Imports the Linfen list through the API (for tests whose subject is not the import). */
async function importLinfen(server: { url: string }): Promise<void> {
  const data = await readFile(LINFEN_CSV)
  const r = await apiCall<Reply<unknown>>(server, 'divisions.import', { fileName: 'linfen-divisions.csv', dataBase64: data.toString('base64') })
  expect(r.ok, r.error?.message).toBe(true)
}

/** A screenshot from the top of the page (clicks scroll the window; the header is sticky). */
async function openDivision(page: Page, code: string): Promise<void> {
  await page.getByTestId('division-search-input').fill(code)
  await page.getByTestId(`division-search-hit-${code}`).click()
  await expect(page.getByTestId('detail-code')).toHaveText(code)
}

async function setPlan(
  page: Page,
  plan: { route: string; target: number; contractor: string; deadline: string; source: 'counts' | 'households' },
): Promise<void> {
  const form = page.getByTestId('plan-form')
  await form.getByTestId('plan-route').selectOption(plan.route)
  await form.getByTestId('plan-target').fill(String(plan.target))
  await form.getByTestId('plan-contractor').fill(plan.contractor)
  await form.getByTestId('plan-deadline').fill(plan.deadline)
  await form.getByTestId(`plan-source-${plan.source}`).check()
  await form.getByTestId('plan-save').click()
  await expect(page.getByTestId('plan-saved')).toBeVisible()
}

const STAGES = ['confirmed', 'network', 'meter', 'equipment', 'connected', 'accepted'] as const
type Counts = [number, number, number, number, number, number]

async function recordFigures(page: Page, date: string, counts: Counts, km: number, warning?: string): Promise<void> {
  const form = page.getByTestId('figure-form')
  await form.getByTestId('fig-date').fill(date)
  for (const [i, k] of STAGES.entries()) await form.getByTestId(`fig-count-${k}`).fill(String(counts[i]))
  await form.getByTestId('fig-km').fill(String(km))
  await form.getByTestId('fig-save').click()
  // A figure the importer would warn about is shown with its warnings first, then saved as typed.
  if (warning) {
    await expect(form.getByTestId('fig-warnings')).toContainText(warning)
    await form.getByTestId('fig-save').click()
  }
  await expect(page.getByTestId('fig-saved')).toContainText(date)
  await expect(page.getByTestId(`figure-row-${date}`)).toBeVisible()
}

test('导入临汾区划、设置计划、录入两天进度，总览数字正确', async ({ page, server }) => {
  const day2 = await today(server)
  const day1 = dayBefore(day2)
  const deadline = `${day2.slice(0, 4)}-10-31`
  const consoleProblems = watchConsole(page)

  // Empty folder: the dashboard welcomes and offers the two ways in.
  await page.goto(server.url)
  await expect(page.getByTestId('app-name')).toHaveText('清洁取暖改造工作台')
  await expect(page.getByTestId('welcome')).toBeVisible()
  await expect(page.getByTestId('welcome-import')).toHaveText('导入区划清单')
  await expect(page.getByTestId('demo-generate')).toHaveText('生成演示数据')
  // The header names the user the audit trail records (this computer's user), not a typed name.
  await expect(page.getByTestId('header-operator')).toContainText('当前用户：')
  await snap(page, 'foundation-01-dashboard-empty')

  // Import the list through the file input.
  await page.getByTestId('welcome-import').click()
  await expect(page).toHaveURL(/#\/divisions$/)
  await page.getByTestId('import-file').setInputFiles(LINFEN_CSV)
  const result = page.getByTestId('import-result')
  await expect(result).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('import-count-county')).toHaveText('县 17 个')
  await expect(page.getByTestId('import-count-township')).toHaveText('乡镇 158 个')
  await expect(page.getByTestId('import-count-village')).toHaveText('村 2,329 个')
  await expect(page.getByTestId('division-totals')).toContainText('县区 17 个，乡镇 158 个，村 2,329 个')
  await expect(page.getByTestId('tree-roots').locator(':scope > li')).toHaveCount(17)
  await expect(page.getByTestId('tree-counts-141002')).toHaveText('342 村 · 计划 0')
  await snap(page, 'foundation-02-divisions-imported')

  // The tree opens level by level.
  await page.getByTestId('tree-toggle-141002').click()
  await expect(page.getByTestId('tree-children-141002').locator(':scope > li')).toHaveCount(25)
  await page.getByTestId('tree-toggle-141002100').click()
  await expect(page.getByTestId('tree-node-141002100200')).toContainText('韩村村委会')

  // Search by name, then by code; a hit opens the village.
  await page.getByTestId('division-search-input').fill('韩村村委会')
  const byName = page.getByTestId('division-search-hit-141002100200')
  await expect(byName).toContainText('尧都区')
  await expect(byName).toContainText('屯里镇')
  await page.getByTestId('division-search-input').fill('141002100203')
  await page.getByTestId('division-search-hit-141002100203').click()
  await expect(page).toHaveURL(/#\/divisions\/141002100203$/)
  await expect(page.getByTestId('detail-name')).toHaveText('沟上村委会')
  await expect(page.getByTestId('detail-path')).toContainText('尧都区')
  await expect(page.getByTestId('detail-path')).toContainText('屯里镇')
  await expect(page.getByTestId('figures-need-plan')).toBeVisible()

  // Three 尧都区 villages on 煤改气: targets 200 + 150 + 50 = 400.
  // Cumulative figures [确户签约, 庭院管网, 入户装表, 壁挂炉安装, 点火通气, 验收] on two days.
  const villages: { code: string; target: number; day1: Counts; km1: number; day2: Counts; km2: number }[] = [
    { code: '141002100200', target: 200, day1: [180, 120, 100, 80, 60, 0], km1: 3.5, day2: [200, 160, 130, 110, 90, 10], km2: 4.2 },
    { code: '141002100203', target: 150, day1: [140, 100, 90, 70, 30, 0], km1: 2, day2: [150, 120, 100, 80, 35, 0], km2: 2.5 },
    // Above its target (the target was cut after sign-up): 55 of 50 ignited is 110.0%.
    { code: '141002100204', target: 50, day1: [55, 52, 50, 48, 45, 0], km1: 1, day2: [58, 57, 56, 56, 55, 20], km2: 1.3 },
  ]
  for (const v of villages) {
    await openDivision(page, v.code)
    await setPlan(page, { route: 'gas', target: v.target, contractor: '临汾市华润燃气有限公司', deadline, source: 'counts' })
    await expect(page.getByTestId('figure-form')).toBeVisible()
    await expect(page.getByTestId('figure-form')).toContainText('点火通气')
    const above = v.day1[0] > v.target ? `超过任务户数 ${v.target}` : undefined
    await recordFigures(page, day1, v.day1, v.km1, above)
    await recordFigures(page, day2, v.day2, v.km2, above)
  }

  // The last village's page: plan, history with both days, and the change history.
  await expect(page.getByTestId('figure-history').locator('tbody tr')).toHaveCount(2)
  const audit = page.getByTestId('audit-table')
  // imported, plan set, figures for two days
  await expect(audit.getByTestId('audit-row')).toHaveCount(4)
  await expect(audit).toContainText('导入区划清单')
  await expect(audit).toContainText('设置改造计划')
  await expect(audit).toContainText('录入进度')
  await expect(audit).toContainText('任务户数：50')

  // Revise a figure (验收 20 → 24): the change history shows before and after.
  await recordFigures(page, day2, [58, 57, 56, 56, 55, 24], 1.3, '超过任务户数 50')
  await expect(page.getByTestId('figure-history').locator('tbody tr')).toHaveCount(2)
  const revision = audit.getByTestId('audit-row').first()
  await expect(audit.getByTestId('audit-row')).toHaveCount(5)
  await expect(revision.locator('td').nth(4)).toHaveText('验收：20')
  await expect(revision.locator('td').nth(5)).toHaveText('验收：24')
  await snap(page, 'foundation-03-village-detail')
  await expect(page.getByTestId('tree-counts-141002100')).toContainText('计划 3')

  // The township's village table shows the village above its target as it is.
  await page.getByTestId('tree-label-141002100').click()
  await expect(page.getByTestId('detail-code')).toHaveText('141002100')
  await expect(page.getByTestId('area-village-141002100204')).toContainText('110.0%')
  await expect(page.getByTestId('area-village-141002100200')).toContainText('45.0%')
  await snap(page, 'foundation-04-township')
  await page.getByTestId('tree-label-141002').click()
  await expect(page.getByTestId('detail-code')).toHaveText('141002')
  await expect(page.getByTestId('area-townships')).toContainText('屯里镇')
  await expect(page.getByTestId('area-village-141002100204')).toBeVisible()
  await snap(page, 'foundation-04-county')

  // 总览: 尧都区 on 煤改气, worked out by hand:
  //   target 400; 点火通气 90 + 35 + 55 = 180 → 45.0%; 确户签约 200 + 150 + 58 = 408 → 102.0%;
  //   验收 10 + 0 + 24 = 34 → 8.5%;
  //   today's new ignitions (90 − 60) + (35 − 30) + (55 − 45) = 45; network 4.2 + 2.5 + 1.3 = 8 km.
  await page.getByTestId('nav-dashboard').click()
  await expect(page.getByTestId('dashboard-date')).toHaveValue(day2)
  const cell = (what: string) => page.getByTestId(`dash-gas-141002-${what}`)
  await expect(cell('county')).toHaveText('尧都区')
  await expect(cell('target')).toHaveText('400')
  await expect(cell('count-connected')).toHaveText('180')
  await expect(cell('rate-connected')).toHaveText('45.0%')
  await expect(cell('count-confirmed')).toHaveText('408')
  await expect(cell('rate-confirmed')).toHaveText('102.0%')
  await expect(cell('count-accepted')).toHaveText('34')
  await expect(cell('rate-accepted')).toHaveText('8.5%')
  await expect(cell('today-connected')).toHaveText('+45')
  await expect(cell('km')).toHaveText('8')
  await expect(cell('reported')).toHaveText('3/3')
  await expect(page.getByTestId('dash-gas-total-target')).toHaveText('400')
  await expect(page.getByTestId('dash-behind')).toContainText('尧都区')
  await snap(page, 'foundation-05-dashboard')

  // The day before: only day-1 figures count; 60 + 30 + 45 = 135 ignited → 33.8%.
  await page.getByTestId('dashboard-date').fill(day1)
  await expect(cell('count-connected')).toHaveText('135')
  await expect(cell('rate-connected')).toHaveText('33.8%')
  await expect(cell('today-connected')).toHaveText('+135')

  // Every page of the navigation opens its own page, titled as the navigation names it
  // (each part's own e2e drives its page: imports, reports, field, money).
  for (const id of ['households', 'imports', 'map', 'reports', 'funds', 'problems', 'visits'] as const) {
    const name = (await page.getByTestId(`nav-${id}`).textContent())!.trim()
    await page.getByTestId(`nav-${id}`).click()
    await expect(page.getByTestId(`page-${id}`).locator('.page-title').first()).toHaveText(name)
  }

  // 设置: the 经办人 printed on reports, a backup, recent operations.
  await page.getByTestId('nav-settings').click()
  const user = (await page.getByTestId('header-operator').textContent())!
  await page.getByTestId('settings-operator').fill('王建国')
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()
  await expect(page.getByTestId('settings-operator')).toHaveValue('王建国')
  await expect(page.getByTestId('header-operator')).toHaveText(user) // typing a name does not change who the trail names
  await page.getByTestId('backup-create').click()
  await expect(page.getByTestId('backup-message')).toContainText('已备份')
  await expect(page.getByTestId('backup-table')).toContainText('手动')
  await expect(page.getByTestId('recent-table')).toContainText('录入进度')
  await expect(page.getByTestId('demo-generate')).toBeDisabled()

  // Routes and stage names are data: rename a stage; a route in use cannot be removed.
  const gasRow = page.getByTestId('route-row-gas')
  await gasRow.getByTestId('route-stage-connected').fill('通气点火')
  await page.getByTestId('routes-save').click()
  await expect(page.getByTestId('routes-saved')).toBeVisible()
  await gasRow.getByTestId('route-remove').click()
  await page.getByTestId('routes-save').click()
  await expect(page.getByTestId('settings-routes').getByTestId('error-message')).toHaveText('改造路线“煤改气”仍有村的改造计划在使用，不能删除。')
  await page.getByTestId('settings-routes').getByRole('button', { name: '放弃修改' }).click()
  await expect(page.getByTestId('route-row-gas')).toBeVisible()
  await snap(page, 'foundation-06-settings')

  // Restore asks first and says the current data is backed up; the restore can be undone.
  await page.getByTestId('backup-restore').first().click()
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog).toContainText('恢复前会先自动备份当前数据')
  await snap(page, 'foundation-06-restore-confirm')
  await dialog.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('backup-message')).toContainText('已恢复')
  await expect(page.getByTestId('backup-table')).toContainText('恢复前')
  await page.getByTestId('backup-undo').click()
  await expect(page.getByTestId('backup-message')).toContainText('已撤销')
  await page.getByTestId('nav-dashboard').click()
  await expect(cell('count-connected')).toHaveText('180')
  await expect(page.getByTestId('dash-table-gas')).toContainText('通气点火')
  expect(consoleProblems).toEqual([])
})

test('有问题的区划文件：指出出错的行，不导入任何数据', async ({ page, server }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chd-bad-'))
  const bad = path.join(dir, 'bad-divisions.csv')
  await writeFile(
    bad,
    [
      'level,code,name,parent_code,urban_rural_code',
      'city,141000,临汾市,140000,',
      'county,141002,尧都区,141000,',
      'township,141002100,屯里镇,141002,',
      'village,141002100200,韩村村委会,141002100,220',
      'village,141002100200,沟上村委会,141002100,220',
      '',
    ].join('\n'),
  )
  await page.goto(`${server.url}#/divisions`)
  await expect(page.getByTestId('import-section')).toBeVisible()
  await page.getByTestId('import-file').setInputFiles(bad)
  const banner = page.getByTestId('error-banner')
  await expect(banner).toBeVisible()
  await expect(page.getByTestId('import-rejected')).toContainText('没有导入任何数据')
  await expect(banner.getByTestId('error-message')).toContainText('bad-divisions.csv')
  const row = banner.getByTestId('error-detail-row')
  await expect(row).toHaveCount(1)
  await expect(row.locator('td').nth(0)).toHaveText('bad-divisions.csv')
  await expect(row.locator('td').nth(1)).toHaveText('6')
  await expect(row).toContainText('重复')
  await expect(page.getByTestId('division-totals')).toContainText('村 0 个')
  await expect(page.getByTestId('tree-roots')).toHaveCount(0)
  const info = await apiCall<Reply<{ counts: { villages: number; counties: number } }>>(server, 'app.info')
  expect(info.result.counts).toMatchObject({ counties: 0, villages: 0 })
  await snap(page, 'foundation-07-import-rejected')
})

test('按农户统计的村：登记农户后进度自动生成并进入总览', async ({ page, server }) => {
  await importLinfen(server)
  const day = await today(server)
  // 曲沃县 乐昌镇 东北街社区 keeps its progress by household.
  const village = '141021100001'
  await page.goto(`${server.url}#/divisions/${village}`)
  await expect(page.getByTestId('detail-name')).toHaveText('东北街社区居民委员会')
  await setPlan(page, { route: 'gas', target: 4, contractor: '曲沃县燃气公司', deadline: `${day.slice(0, 4)}-10-31`, source: 'households' })
  await expect(page.getByTestId('figures-from-households')).toBeVisible()
  await expect(page.getByTestId('figure-form')).toHaveCount(0)

  await page.getByTestId('village-households-link').click()
  await expect(page).toHaveURL(new RegExp(`#/households/${village}$`))
  await expect(page.getByTestId('household-village-name')).toHaveText('东北街社区居民委员会')
  await expect(page.getByTestId('household-empty')).toBeVisible()

  const add = async (h: { name: string; id: string; phone: string; address: string; stage: string }) => {
    await page.getByTestId('household-add').click()
    const form = page.getByTestId('household-form')
    await form.getByTestId('hh-headName').fill(h.name)
    await form.getByTestId('hh-idNumber').fill(h.id)
    await form.getByTestId('hh-phone').fill(h.phone)
    await form.getByTestId('hh-address').fill(h.address)
    await expect(form.getByTestId('hh-route')).toHaveValue('gas')
    await form.getByTestId('hh-stage').selectOption(h.stage)
    await form.getByTestId('hh-save').click()
    await expect(form).toHaveCount(0)
  }
  await add({ name: '张建华', id: '141021197003150019', phone: '13935712345', address: '东北街 12 号', stage: 'connected' })
  await add({ name: '李秀英', id: '141021197508200026', phone: '13835798765', address: '东北街 15 号', stage: 'meter' })

  const rows = page.getByTestId('household-table').locator('tbody tr')
  await expect(rows).toHaveCount(2)
  const first = rows.filter({ hasText: '张建华' })
  await expect(first.getByTestId('household-id-number')).toHaveText('1410**********0019')
  await expect(first.getByTestId('household-phone')).toHaveText('139****2345')
  await expect(first.getByTestId('household-stage')).toHaveText('点火通气')
  await expect(rows.filter({ hasText: '李秀英' }).getByTestId('household-stage')).toHaveText('入户装表')
  await snap(page, 'foundation-08-households')

  // Showing one household in full is possible, and recorded.
  await first.getByTestId('household-reveal').click()
  await expect(first.getByTestId('household-id-number')).toHaveText('141021197003150019')
  await expect(page.getByTestId('household-list')).toContainText('记入修改记录')

  // The village's figures now come from its households: 2 confirmed … 1 ignited.
  await page.getByTestId('household-village-name').click()
  const row = page.getByTestId(`figure-row-${day}`)
  await expect(row).toBeVisible()
  await expect(row.locator('td').nth(1)).toHaveText('2')
  await expect(row.locator('td').nth(5)).toHaveText('1')
  await expect(row).toContainText('按农户统计')

  // And 总览: 曲沃县, target 4, 1 ignited → 25.0%, +1 today.
  await page.getByTestId('nav-dashboard').click()
  await expect(page.getByTestId('dash-gas-141021-target')).toHaveText('4')
  await expect(page.getByTestId('dash-gas-141021-count-connected')).toHaveText('1')
  await expect(page.getByTestId('dash-gas-141021-rate-connected')).toHaveText('25.0%')
  await expect(page.getByTestId('dash-gas-141021-count-meter')).toHaveText('2')
  await expect(page.getByTestId('dash-gas-141021-today-connected')).toHaveText('+1')
})

test('空数据文件夹：生成演示数据后总览显示各县进度', async ({ page, server }) => {
  await page.goto(server.url)
  await page.getByTestId('demo-generate').click()
  await expect(page.getByTestId('welcome')).toHaveCount(0, { timeout: 30_000 })
  await expect(page.locator('[data-testid^="dash-table-"]').first()).toBeVisible()
  await expect(page.getByTestId('dash-behind')).toBeVisible()
  await snap(page, 'foundation-09-dashboard-demo')
  // The demo city has a map (outlines and village points) and a problem ledger to try.
  const info = await apiCall<{ result: { counts: { villages: number } } }>(server, 'app.info')
  await page.getByTestId('nav-map').click()
  await expect(page.getByTestId('map')).toHaveAttribute('data-points', String(info.result.counts.villages), { timeout: 20_000 })
  await snap(page, 'foundation-11-map-demo')
  await page.getByTestId('nav-problems').click()
  await expect(page.locator('.page-title')).toHaveText('问题台账')
  await snap(page, 'foundation-12-problems-demo')
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('demo-generate')).toBeDisabled()

  // The English column of the text table is complete enough to switch to.
  await page.getByTestId('settings-language').selectOption('en')
  await expect(page.getByTestId('nav-dashboard')).toHaveText('Overview')
  await page.getByTestId('nav-dashboard').click()
  await expect(page.getByTestId('dash-behind')).toContainText('Counties furthest behind')
  await snap(page, 'foundation-10-dashboard-english')
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('settings-language').selectOption('zh-CN')
  await expect(page.getByTestId('nav-dashboard')).toHaveText('总览')
})
