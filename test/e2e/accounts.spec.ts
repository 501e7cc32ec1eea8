// Accounts on the office network (issue 14), in a real browser with three accounts: the
// administrator made on first start, a township reporter of 屯里镇 (from the real Linfen
// division list) and a leader. The reporter fills 网上填报 by keyboard, by a block pasted from
// Excel, checks and submits two days; it cannot reach another township's households or any money
// page. The office returns one submission with a reason (the township sees it) and accepts the
// other (stored as figures from 网上填报). The leader reads reports and households with personal
// data masked and no reveal button. The audit trail names each account.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { apiCall, expect, snap, test, watchConsole } from './fixtures'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LINFEN_CSV = path.resolve(ROOT, '../shared/data/linfen-divisions.csv')

const TUNLI = '141002100' // 屯里镇, the reporter's township
const HAN = '141002100200' // 韩村
const GOUSHANG = '141002100203' // 沟上
const JIA = '141002100204' // 贾村
const SUNQU = '141002106200' // 吴村镇 孙曲: another township

/** An ID number with a valid check digit (GB 11643), so the core stores it as given. */
function idNumber(area: string, birth: string, serial: number): string {
  const body = `${area}${birth}${String(serial).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0)
  return body + '10X98765432'[sum % 11]!
}
const HAN_ID = idNumber('141002', '19580312', 11)
const SUNQU_ID = idNumber('141002', '19661020', 12)

interface Reply<T> {
  ok: boolean
  result: T
  error?: { code: string; message: string }
}

/** The township's usual sheet: the app's own template for the day, filled in as a township does. */
async function filledTemplate(server: { url: string }, township: string, date: string, figures: Record<string, number[]>): Promise<Buffer> {
  const tpl = (await setup(server, 'imports.template', { kind: 'figures', code: township, date })) as { dataBase64: string }
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(tpl.dataBase64, 'base64') as unknown as ArrayBuffer)
  wb.worksheets[0]!.eachRow((row) => {
    const values = figures[String(row.getCell(2).value)]
    if (values) values.forEach((v, j) => (row.getCell(6 + j).value = v))
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Setup before accounts exist: this computer's user may do everything. */
async function setup(server: { url: string }, method: string, input: unknown = {}): Promise<unknown> {
  const r = await apiCall<Reply<unknown>>(server, method, input)
  expect(r.ok, r.error?.message).toBe(true)
  return r.result
}

/** A call in a browser context's session (its cookie), answered whatever the status. */
async function asUser<T>(request: APIRequestContext, url: string, method: string, input: unknown = {}): Promise<{ status: number; body: Reply<T> }> {
  const res = await request.post(`${url}api/${method}`, { data: input, headers: { 'content-type': 'application/json' } })
  return { status: res.status(), body: (await res.json()) as Reply<T> }
}

async function logIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByTestId('login-name').fill(login)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/** First log-in with the password the administrator gave: it must be changed first. */
async function firstLogIn(page: Page, login: string, initial: string, own: string): Promise<void> {
  await logIn(page, login, initial)
  await expect(page.getByTestId('must-change-password')).toBeVisible()
  await page.getByTestId('password-current').fill(initial)
  await page.getByTestId('password-next').fill(own)
  await page.getByTestId('password-again').fill(own)
  await page.getByTestId('password-save').click()
  await expect(page.getByTestId('must-change-password')).toHaveCount(0)
}

/** The other people's browsers of a test: closed after it, so no page of theirs outlives it. */
const contexts: BrowserContext[] = []
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()))
})

async function newPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  contexts.push(context)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin })
  const page = await context.newPage()
  await page.goto(url)
  return page
}

test('three accounts: a township reports online, the office accepts one and returns one, the leader reads masked', async ({ page, server, browser }) => {
  test.setTimeout(180_000)
  const problems = watchConsole(page)
  const url = server.url

  // ---- the office's data, before accounts: divisions, plans, two households ----
  const { today } = (await setup(server, 'app.info')) as { today: string }
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  await setup(server, 'divisions.import', { fileName: 'linfen-divisions.csv', dataBase64: readFileSync(LINFEN_CSV).toString('base64') })
  for (const v of [HAN, GOUSHANG, JIA, SUNQU]) {
    await setup(server, 'villages.setPlan', { villageCode: v, route: 'gas', targetHouseholds: 100, contractor: '演示企业', deadline: '2026-12-31', figureSource: 'counts' })
  }
  // 屯里镇's corrected sheet for today, as it would send it by e-mail: 贾村's network count fixed.
  const corrected = await filledTemplate(server, TUNLI, today, { [HAN]: [60, 55, 50, 40, 30, 20, 2.5], [GOUSHANG]: [48, 44, 40, 30, 20, 10, 1.2], [JIA]: [90, 80, 80, 80, 70, 60, 3] })
  await setup(server, 'households.create', { villageCode: HAN, headName: '王建国', idNumber: HAN_ID, phone: '13835710011', route: 'gas', stage: 'accepted', address: '韩村1组' })
  await setup(server, 'households.create', { villageCode: SUNQU, headName: '赵芳', idNumber: SUNQU_ID, phone: '15935720021', route: 'gas', stage: 'meter', address: '孙曲2组' })

  // ---- first start: the administrator, made in 设置 from this computer, is logged in at once ----
  await page.goto(`${url}#/settings`)
  await expect(page.getByTestId('first-admin')).toBeVisible()
  await snap(page, 'accounts-01-first-admin')
  await page.getByTestId('first-admin-name').fill('李主任')
  await page.getByTestId('first-admin-login').fill('lizhuren')
  await page.getByTestId('first-admin-password').fill('Admin-2026-pass')
  await page.getByTestId('first-admin-again').fill('Admin-2026-pass')
  await page.getByTestId('first-admin-save').click()
  await expect(page.getByTestId('header-account')).toHaveText('李主任（管理员，全部）')
  // Without a session the API now refuses everything but the log-in.
  const anonymous = await apiCall<Reply<unknown>>(server, 'divisions.children', {})
  expect(anonymous.ok).toBe(false)
  expect(anonymous.error?.message).toBe('请先登录。')

  // ---- 设置 → 账号: a reporter for 屯里镇 and a leader ----
  const accounts = page.getByTestId('accounts-panel')
  await expect(accounts.getByTestId('account-row-lizhuren')).toContainText('管理员')
  await page.getByTestId('accounts-new').click()
  await page.getByTestId('account-name').fill('张填报')
  await page.getByTestId('account-login').fill('tunli')
  await page.getByTestId('account-role').selectOption('reporter')
  await expect(page.getByTestId('account-role-hint')).toHaveText('本乡镇：查看各村的计划与进度，网上填报')
  await page.getByTestId('account-password').fill('Tunli-init-01')
  // A reporter without its township is refused in the core's words.
  await page.getByTestId('account-save').click()
  await expect(page.getByTestId('account-form').getByTestId('error-message')).toHaveText('乡镇填报员须指定一个乡镇作为管辖范围。')
  await page.getByTestId('account-scope-search-input').fill('屯里')
  await page.getByTestId(`account-scope-search-hit-${TUNLI}`).click()
  await expect(page.getByTestId('account-scope-picked')).toContainText('屯里镇')
  await page.getByTestId('account-save').click()
  await expect(page.getByTestId('accounts-note')).toHaveText('已建立账号 张填报（tunli）。')
  await page.getByTestId('accounts-new').click()
  await page.getByTestId('account-name').fill('王局长')
  await page.getByTestId('account-login').fill('wangju')
  await page.getByTestId('account-role').selectOption('leader')
  await page.getByTestId('account-password').fill('Leader-init-01')
  await page.getByTestId('account-save').click()
  await expect(page.getByTestId('accounts-note')).toHaveText('已建立账号 王局长（wangju）。')
  const reporterRow = accounts.getByTestId('account-row-tunli')
  await expect(reporterRow).toContainText('乡镇填报员')
  await expect(reporterRow).toContainText('屯里镇')
  await expect(reporterRow).toContainText('待本人改密码')
  await expect(accounts.getByTestId('account-row-wangju')).toContainText('领导')
  await snap(page, 'accounts-02-accounts')

  // ---- the reporter: a wrong password, then its first log-in ----
  const rep = await newPage(browser, url)
  const repProblems = watchConsole(rep)
  await expect(rep.getByTestId('login-page')).toBeVisible()
  await logIn(rep, 'tunli', 'not-the-password')
  await expect(rep.getByTestId('error-message')).toHaveText('登录名或密码不对。')
  await snap(rep, 'accounts-03-login-wrong')
  await firstLogIn(rep, 'tunli', 'Tunli-init-01', 'Tunli-own-2026')
  // Its own page first; no money page, no households, no overview of the whole folder.
  await expect(rep.getByTestId('page-online')).toBeVisible()
  await expect(rep.getByTestId('header-account')).toContainText('张填报（乡镇填报员，')
  await expect(rep.getByTestId('header-account')).toContainText('屯里镇')
  for (const hidden of ['funds', 'households', 'dashboard', 'imports']) {
    await expect(rep.getByTestId(`nav-${hidden}`)).toHaveCount(0)
  }
  await expect(rep.getByTestId('nav-online')).toBeVisible()

  // ---- 网上填报 for yesterday: typed cell to cell with the keyboard ----
  await expect(rep.getByTestId('online-township')).toContainText('屯里镇')
  await expect(rep.locator('[data-testid^="online-row-"]')).toHaveCount(3)
  await rep.getByTestId('online-date').fill(yesterday)
  await expect(rep.getByTestId('online-grid-panel')).toContainText(yesterday)
  const cell = (v: string, c: string) => rep.getByTestId(`cell-${v}-${c}`)
  await cell(HAN, 'confirmed').click()
  await rep.keyboard.type('50')
  await rep.keyboard.press('Enter') // down to 沟上
  await expect(cell(GOUSHANG, 'confirmed')).toBeFocused()
  await rep.keyboard.type('40')
  await rep.keyboard.press('ArrowUp')
  await expect(cell(HAN, 'confirmed')).toBeFocused()
  await rep.keyboard.press('ArrowRight') // the whole text is selected: the caret is not at the end yet
  await rep.keyboard.press('End')
  await rep.keyboard.press('ArrowRight')
  await expect(cell(HAN, 'network')).toBeFocused()
  await rep.keyboard.type('45')
  await rep.getByTestId('online-check-button').click()
  await expect(rep.getByTestId('online-check')).toBeVisible()
  await expect(rep.getByTestId('online-problems')).toContainText('没有填') // blanks keep the last figure (0): a warning
  await expect(rep.getByTestId(`online-row-${HAN}`).getByTestId('online-row-status')).toHaveText('新增')
  await expect(rep.getByTestId(`online-row-${JIA}`).getByTestId('online-row-status')).toHaveText('不上报')
  await rep.getByTestId('online-submit').click()
  await expect(rep.getByTestId('online-current')).toContainText('等待县办审核')

  // ---- 网上填报 for today: a block pasted from Excel with Ctrl+V, an error caught by the checks ----
  await rep.getByTestId('online-date').fill(today)
  await expect(rep.getByTestId('online-grid-panel')).toContainText(today)
  const block = ['60\t55\t50\t40\t30\t20\t2.5', '48\t44\t40\t30\t20\t10\t1.2', '90\t95\t85\t80\t70\t60\t3'].join('\r\n') + '\r\n'
  await rep.evaluate((text) => navigator.clipboard.writeText(text), block)
  await cell(HAN, 'confirmed').click()
  await rep.keyboard.press('Control+V')
  await expect(rep.getByTestId('online-note')).toHaveText('已粘贴 3 行 × 7 列。')
  await expect(cell(GOUSHANG, 'networkKm')).toHaveValue('1.2')
  await expect(cell(JIA, 'network')).toHaveValue('95')
  await rep.getByTestId('online-check-button').click()
  // 贾村: more households on the network than confirmed — the importer's order warning.
  await expect(rep.getByTestId('online-problems')).toContainText('贾村')
  await cell(JIA, 'accepted').fill('abc')
  await rep.getByTestId('online-check-button').click()
  await expect(rep.getByTestId('error-message')).toHaveText('有 1 个格不是数字（标红的格），请改正后再检查。')
  await cell(JIA, 'accepted').fill('60')
  await cell(JIA, 'network').fill('88')
  await rep.getByTestId('online-check-button').click()
  await expect(rep.getByTestId('online-submit')).toHaveText('提交 3 个村的数字')
  await snap(rep, 'accounts-04-online-checked')
  await rep.getByTestId('online-submit').click()
  await expect(rep.getByTestId('online-current')).toContainText('等待县办审核')
  await expect(rep.getByTestId('online-recent-table').getByTestId('submission-status')).toHaveText(['待审核', '待审核'])
  await snap(rep, 'accounts-05-online-submitted')

  // ---- what the reporter cannot reach: money pages, households, another township ----
  await rep.goto(`${url}#/funds`)
  await expect(rep.getByTestId('refused-message')).toHaveText('没有权限：您的角色“乡镇填报员”不能打开“资金”页。')
  await snap(rep, 'accounts-06-refused')
  await rep.goto(`${url}#/households/${SUNQU}`)
  await expect(rep.getByTestId('refused-message')).toContainText('不能打开“农户”页')
  const households = await asUser(rep.request, url, 'households.list', { villageCode: SUNQU })
  expect(households.status).toBe(403)
  expect(households.body.error?.message).toContain('没有权限')
  const otherTownship = await asUser(rep.request, url, 'divisions.get', { code: SUNQU })
  expect(otherTownship.status).toBe(403)
  expect(otherTownship.body.error?.message).toContain('不在您的管辖范围')
  const money = await asUser(rep.request, url, 'deposits.village', { villageCode: HAN })
  expect(money.status).toBe(403)
  // Its own township's village it may open.
  await rep.goto(`${url}#/divisions/${HAN}`)
  await expect(rep.getByTestId('page-divisions')).toContainText('韩村')
  // …to read: its plan without a save button, no figure entry (its figures go through 网上填报).
  await expect(rep.getByTestId('read-only').getByTestId('plan-form')).toBeVisible()
  await expect(rep.getByTestId('figure-form')).toHaveCount(0)
  await expect(rep.getByTestId('toggle-import')).toHaveCount(0)

  // ---- the office: 待审核 in 报送导入; today's returned with a reason, yesterday's accepted ----
  await page.getByTestId('nav-imports').click()
  const pending = page.getByTestId('pending-panel')
  await expect(pending).toContainText('待审核 1 份')
  await pending.getByTestId(`pending-row-${TUNLI}`).getByTestId('pending-open').click()
  const review = page.getByTestId('pending-review')
  await expect(review).toContainText('张填报（tunli）')
  await expect(review.getByTestId('imports-detail-row')).toHaveCount(3)
  await expect(page.getByTestId('pending-counts')).toContainText('新增 3 村')
  await snap(page, 'accounts-07-review')
  await page.getByTestId('pending-return').click()
  await page.getByTestId('pending-reason').fill('贾村管网户数比上报的多，请核实后重报。')
  await page.getByTestId('pending-return-confirm').click()
  await expect(page.getByTestId('pending-note')).toHaveText('已退回屯里镇的填报。')
  await page.getByTestId('pending-date').fill(yesterday)
  await pending.getByTestId(`pending-row-${TUNLI}`).getByTestId('pending-open').click()
  await expect(page.getByTestId('pending-counts')).toContainText('新增 2 村')
  await page.getByTestId('pending-accept').click()
  await expect(page.getByTestId('pending-note')).toHaveText('已接收屯里镇的填报：新增 2 村，替换 0 村，不变 0 村，跳过 0 村。')
  const history = await asUser<Array<{ date: string; source: string; submittedBy?: string; counts: { confirmed: number } }>>(page.request, url, 'figures.history', { villageCode: HAN })
  expect(history.body.result).toEqual([expect.objectContaining({ date: yesterday, source: 'online', submittedBy: '张填报（tunli）', counts: expect.objectContaining({ confirmed: 50 }) })])

  // ---- the township sees the return and its reason ----
  await rep.goto(`${url}#/online`)
  await expect(rep.getByTestId('online-returned-reason')).toHaveText('退回原因：贾村管网户数比上报的多，请核实后重报。')
  await expect(rep.getByTestId('online-returned')).toContainText('李主任（lizhuren）')
  await expect(cell(JIA, 'network')).toHaveValue('88') // the returned figures, to correct
  await snap(rep, 'accounts-08-returned')
  // It corrects by uploading its usual sheet: the grid is filled from it, checked, submitted again.
  await rep.getByTestId('online-upload').setInputFiles({ name: '屯里镇.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: corrected })
  await expect(rep.getByTestId('online-note')).toContainText('已从 屯里镇.xlsx 填入 3 个村的数字')
  await expect(cell(JIA, 'network')).toHaveValue('80')
  await rep.getByTestId('online-check-button').click()
  await expect(rep.getByTestId('online-submit')).toHaveText('提交 3 个村的数字')
  await rep.getByTestId('online-submit').click()
  await expect(rep.getByTestId('online-current')).toContainText('等待县办审核')
  await expect(rep.getByTestId('online-returned')).toHaveCount(0)

  // ---- the leader: reports and households read, personal data masked, no reveal ----
  const lead = await newPage(browser, url)
  const leadProblems = watchConsole(lead)
  await firstLogIn(lead, 'wangju', 'Leader-init-01', 'Leader-own-2026')
  await expect(lead.getByTestId('header-account')).toHaveText('王局长（领导，全部）')
  await expect(lead.getByTestId('nav-reports')).toBeVisible()
  await expect(lead.getByTestId('nav-settings')).toBeVisible()
  await expect(lead.getByTestId('nav-imports')).toHaveCount(0)
  await lead.getByTestId('nav-reports').click()
  await expect(lead.getByTestId('page-reports')).toContainText('尧都区')
  await snap(lead, 'accounts-09-leader-reports')
  await lead.goto(`${url}#/households/${HAN}`)
  await expect(lead.getByTestId('page-households')).toContainText('王建国')
  await expect(lead.getByTestId('page-households')).not.toContainText(HAN_ID)
  await expect(lead.getByTestId('page-households')).toContainText(`${HAN_ID.slice(0, 4)}**********${HAN_ID.slice(-4)}`)
  await expect(lead.getByTestId('household-reveal')).toHaveCount(0)
  await expect(lead.getByTestId('household-edit')).toHaveCount(0)
  await snap(lead, 'accounts-10-leader-households')
  await lead.goto(`${url}#/divisions/${HAN}`)
  await expect(lead.getByTestId('read-only').getByTestId('plan-form')).toBeVisible()
  await expect(lead.getByTestId('figure-form')).toHaveCount(0)
  await expect(lead.getByTestId('figure-history')).toContainText('网上填报张填报（tunli）')
  await snap(lead, 'accounts-11-leader-village')
  const reveal = await asUser(lead.request, url, 'households.get', { id: (await asUser<{ items: Array<{ id: string }> }>(lead.request, url, 'households.list', { villageCode: HAN })).body.result.items[0]!.id, reveal: true })
  expect(reveal.status).toBe(403)
  expect(reveal.body.error?.message).toContain('脱敏')
  const daily = await asUser<unknown>(lead.request, url, 'reports.daily', { date: today })
  expect(daily.status).toBe(200)
  expect(JSON.stringify(daily.body)).not.toContain(HAN_ID)
  const write = await asUser(lead.request, url, 'figures.record', { villageCode: HAN, date: today, counts: { confirmed: 1, network: 1, meter: 1, equipment: 1, connected: 1, accepted: 1 }, networkKm: 0 })
  expect(write.status).toBe(403)

  // ---- the audit trail names each account ----
  const recent = await asUser<Array<{ who: string; method: string }>>(page.request, url, 'audit.recent', { limit: 200 })
  const who = (method: string) => recent.body.result.filter((e) => e.method === method).map((e) => e.who)
  expect(who('submissions.submit')).toEqual(['张填报（tunli）', '张填报（tunli）', '张填报（tunli）'])
  expect(who('submissions.accept')).toEqual(['李主任（lizhuren）'])
  expect(who('submissions.return')).toEqual(['李主任（lizhuren）'])
  expect(who('accounts.create')).toContain('李主任（lizhuren）')
  expect(who('auth.changePassword')).toEqual(expect.arrayContaining(['王局长（wangju）', '张填报（tunli）']))
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('recent-table')).toContainText('张填报（tunli）')
  await expect(page.getByTestId('recent-table')).toContainText('王局长（wangju）')

  // ---- the administrator ends the reporter's sessions: its page goes back to the log-in, saying why ----
  const tunliRow = page.getByTestId('accounts-panel').getByTestId('account-row-tunli')
  await expect(tunliRow.locator('td').nth(5)).toHaveText('1')
  await tunliRow.getByTestId('account-end').click()
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('accounts-note')).toHaveText('已结束 张填报 的 1 个会话。')
  await expect(tunliRow.locator('td').nth(5)).toHaveText('0')
  await rep.getByTestId('nav-divisions').click()
  await expect(rep.getByTestId('login-page')).toBeVisible()
  await expect(rep.getByTestId('login-why')).toContainText('您的登录已结束')
  await snap(rep, 'accounts-14-session-ended')

  // ---- log out: the page goes back to the log-in, the session no longer opens anything ----
  await lead.getByTestId('header-logout').click()
  await expect(lead.getByTestId('login-page')).toBeVisible()
  const after = await asUser(lead.request, url, 'app.info')
  expect(after.status).toBe(401)

  expect(problems).toEqual([])
  expect(repProblems).toEqual([])
  expect(leadProblems).toEqual([])
})

test('log-in: a wrong password is said plainly, repeated ones slow the log-in down', async ({ page, server }) => {
  const problems = watchConsole(page)
  await setup(server, 'accounts.create', { login: 'admin', name: '李主任', role: 'admin', scope: '', password: 'Admin-2026-pass' })
  await page.goto(server.url)
  await expect(page.getByTestId('login-page')).toBeVisible()
  await snap(page, 'accounts-12-login')
  for (let i = 0; i < 3; i++) {
    await logIn(page, 'admin', `wrong-${i}`)
    await expect(page.getByTestId('error-message')).toHaveText('登录名或密码不对。')
    await expect(page.getByTestId('login-submit')).toBeEnabled()
  }
  // The fourth try comes too soon after three failures: refused before the password is looked at.
  await logIn(page, 'admin', 'Admin-2026-pass')
  await expect(page.getByTestId('error-message')).toHaveText(/^登录失败次数较多，请 \d+ 秒后再试。$/)
  await expect(page.getByTestId('login-limited')).toContainText('多次输错后暂时锁定')
  await snap(page, 'accounts-13-login-slowed')
  // After the wait the right password opens the app.
  await page.waitForTimeout(1_500)
  await logIn(page, 'admin', 'Admin-2026-pass')
  await expect(page.getByTestId('header-account')).toHaveText('李主任（管理员，全部）')
  expect(problems).toEqual([])
})

/** A township's own layout (a group title over stage columns named in words): held until its columns are confirmed. */
async function ownLayout(title: string, rows: Array<[string, ...number[]]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('进度')
  const all: Array<Array<string | number | null>> = [
    [title],
    ['村名', '工程进度（累计）', null, null, null, null, null],
    [null, '签约户数', '管网完成', '户内安装（表）', '壁挂炉', '点火通气', '竣工验收'],
    ...rows,
  ]
  all.forEach((r, i) => r.forEach((v, j) => v !== null && (ws.getCell(i + 1, j + 1).value = v)))
  for (const m of ['A1:G1', 'A2:A3', 'B2:G2']) ws.mergeCells(m)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

test('a county office imports its own files: another county’s sheet refused, a new layout shown but left to the whole office to confirm', async ({ page, server }) => {
  const problems = watchConsole(page)
  const { today } = (await setup(server, 'app.info')) as { today: string }
  await setup(server, 'divisions.import', { fileName: 'linfen-divisions.csv', dataBase64: readFileSync(LINFEN_CSV).toString('base64') })
  for (const code of [HAN, GOUSHANG, JIA]) {
    await setup(server, 'villages.setPlan', { villageCode: code, route: 'gas', targetHouseholds: 100, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
  }
  await setup(server, 'accounts.create', { login: 'admin', name: '李主任', role: 'admin', scope: '', password: 'Admin-2026-pass' })
  await page.goto(server.url)
  await logIn(page, 'admin', 'Admin-2026-pass')
  await expect(page.getByTestId('header-account')).toContainText('李主任')
  const made = await asUser(page.request, server.url, 'accounts.create', { login: 'yaodu', name: '尧都区办公室', role: 'office', scope: '141002', password: 'Yaodu-init-2026' })
  expect(made.status, made.body.error?.message).toBe(200)
  await page.getByTestId('header-logout').click()
  await firstLogIn(page, 'yaodu', 'Yaodu-init-2026', 'Yaodu-Pass-2026')
  await expect(page.getByTestId('header-account')).toContainText('尧都区')

  // 屯里镇's own layout and, in the same workbook, a sheet of 曲沃县 乐昌镇.
  const tunli = await ownLayout('尧都区屯里镇清洁取暖改造工程进度', [
    ['韩村村', 80, 70, 60, 50, 40, 30],
    ['沟上村', 60, 50, 40, 30, 20, 10],
  ])
  await page.goto(`${server.url}#/imports`)
  await page.getByTestId('imports-files').setInputFiles({ name: `屯里镇-${today.slice(5, 7)}.${today.slice(8, 10)}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: tunli })
  await expect(page.getByTestId('imports-review')).toBeVisible()
  await expect(page.getByTestId('imports-summary-pending')).toContainText('1 张表的列需要确认')
  // How the columns were read is shown; the choice is the whole office's, so no button to confirm it here.
  await expect(page.getByTestId('imports-map-whole-area')).toContainText('须由管辖全部范围的账号确认')
  await expect(page.getByTestId('column-mapper')).toBeVisible()
  await expect(page.getByTestId('column-confirm')).toBeHidden()
  await snap(page, 'accounts-15-county-office-held-layout')
  await page.getByTestId('imports-cancel').click()

  // A sheet of 曲沃县 乐昌镇 sent to 尧都区's office: refused by its file and sheet, nothing stored.
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('乐昌镇')
  ws.addRow(['曲沃县乐昌镇清洁取暖改造进度'])
  ws.addRow(['乡镇', '村名', '签约户数', '管网完成', '户内安装', '壁挂炉', '点火通气', '竣工验收', '日期'])
  ws.addRow(['乐昌镇', '东北街社区居民委员会', 10, 5, 4, 3, 2, 1, today])
  const outside = await asUser<{ file: unknown }>(page.request, server.url, 'imports.addFile', {
    file: { fileName: '乐昌镇.xlsx', dataBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') },
  })
  expect(outside.status).toBe(200)
  expect(JSON.stringify(outside.body.result)).toContain('不在您的管辖范围（尧都区）内')
  const stored = await asUser<unknown[]>(page.request, server.url, 'figures.history', { villageCode: HAN })
  expect(stored.body.result).toEqual([])
  expect(problems).toEqual([])
})
