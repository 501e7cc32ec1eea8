// 资金 in a real browser: take a deposit and print its receipt, refund half and convert the rest,
// load a real policy, see an entitlement explained, draw and pay a subsidy batch, export the
// roster (masked, then in full, which the audit trail records) and the reconciliation; every
// downloaded file is read back with exceljs.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Download, Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { apiCall, expect, printShot, shot, snap, test, watchConsole } from './fixtures'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const LINFEN_CSV = path.resolve(ROOT, '../shared/data/linfen-divisions.csv')
const QUWO = '141021'

interface Reply<T> {
  ok: boolean
  result: T
  error?: { message: string }
}

async function ok<T>(server: { url: string }, method: string, input?: unknown): Promise<T> {
  const r = await apiCall<Reply<T>>(server, method, input)
  expect(r.ok, `${method}: ${r.error?.message}`).toBe(true)
  return r.result
}

/** 曲沃县 with its townships and villages, from the shared Linfen list (read where it lies). */
async function importQuwo(server: { url: string }): Promise<void> {
  const lines = (await readFile(LINFEN_CSV, 'utf8')).split(/\r?\n/)
  const keep = lines.filter((l, i) => i === 0 || l.startsWith('city,') || l.split(',')[1]?.startsWith(QUWO) || l.split(',')[3]?.startsWith(QUWO))
  await ok(server, 'divisions.import', { fileName: 'quwo.csv', dataBase64: Buffer.from(keep.join('\n')).toString('base64') })
}

function seasonOf(date: string): string {
  const y = Number(date.slice(0, 4))
  const start = Number(date.slice(5, 7)) >= 7 ? y : y - 1
  return `${start}-${start + 1}`
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; wb: ExcelJS.Workbook; file: string }> {
  const [d]: [Download, void] = await Promise.all([page.waitForEvent('download'), click()])
  const file = await d.path()
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer)
  return { name: d.suggestedFilename(), wb, file }
}

function rows(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = []
  ws.eachRow({ includeEmpty: true }, (row) => out.push((row.values as unknown[]).slice(1)))
  return out
}

test('押金收取、打印收据、退还一半、其余转充；载入政策、建批次发放、导出花名册和对账表', async ({ page, server }) => {
  test.setTimeout(150_000)
  const problems = watchConsole(page)
  await importQuwo(server)
  const { today } = await ok<{ today: string }>(server, 'app.info')
  const season = seasonOf(today)
  await ok(server, 'settings.update', { operator: '李会计', unitName: '曲沃县清洁取暖工作领导小组办公室' })
  const [village] = await ok<Array<{ code: string; name: string }>>(server, 'divisions.children', { parentCode: `${QUWO}100` })
  const heads = ['王建国', '李秀英', '张伟']
  const ids: string[] = []
  for (const [i, headName] of heads.entries()) {
    const h = await ok<{ id: string }>(server, 'households.create', {
      villageCode: village!.code,
      headName,
      route: 'gas',
      stage: 'accepted',
      idNumber: ['11010519491231002X', '141021198001011239', '14102119750505123X'][i],
    })
    ids.push(h.id)
    await ok(server, 'finance.update', { householdId: h.id, lowIncome: i === 2 ? 'dibao' : 'none', bankCard: `622202123456789${String(1000 + i)}`, bankName: '曲沃农商银行' })
    await ok(server, 'readings.record', { householdId: h.id, season, pre: '100', post: String(1100 + i * 800) })
  }
  // A fourth household with readings but no bank card yet.
  const late = await ok<{ id: string }>(server, 'households.create', { villageCode: village!.code, headName: '刘芳', route: 'gas', stage: 'accepted' })
  await ok(server, 'readings.record', { householdId: late.id, season, pre: '0', post: '500' })

  // ---- deposit: receive 1,000, print the receipt ----
  await page.goto(`${server.url}#/funds/deposits`)
  await expect(page.getByTestId('funds-tab-deposits')).toHaveClass('active')
  await page.getByTestId('funds-village-input').fill(village!.name)
  await page.getByTestId(`funds-village-hit-${village!.code}`).click()
  await page.getByTestId(`deposit-row-${ids[0]}`).getByTestId('deposit-open').click()
  await page.getByTestId('deposit-amount').fill('1,000')
  await page.getByTestId('deposit-note').fill('县政府担保，先交押金后改造')
  await page.getByTestId('deposit-submit').click()
  await expect(page.getByTestId('deposit-done')).toContainText(`收据编号 ${QUWO}-${today.slice(0, 4)}-000001`)
  await expect(page.getByTestId('deposit-equation')).toHaveText('收取 1,000.00 − 退还 0.00 − 转充 0.00 − 抵扣 0.00 = 余额 1,000.00 元')
  const receipt = await download(page, () => page.getByTestId('deposit-done-receipt').click())
  expect(receipt.name).toBe(`押金收据_${QUWO}-${today.slice(0, 4)}-000001.xlsx`)
  const rr = rows(receipt.wb.worksheets[0]!)
  expect(rr[0]![0]).toBe('押金收据')
  expect(rr.find((r) => r[0] === '交款人')![1]).toBe('王建国')
  expect(rr.find((r) => r[0] === '身份证号')![1]).toBe('1101**********002X')
  expect(rr.find((r) => r[0] === '金额（小写）')![1]).toBe(1000)
  expect(rr.find((r) => r[0] === '金额（大写）')![1]).toBe('人民币壹仟元整')
  expect(rr.find((r) => r[0] === '收款单位')![1]).toBe('曲沃县清洁取暖工作领导小组办公室')
  // printed from the app: one A4 page of three parts with cut lines between them
  await page.getByTestId('deposit-done-print').click()
  await expect(page.getByTestId('slip-print')).toBeVisible()
  await expect(page.getByTestId('slip-part-2')).toContainText('第二联 交款人收执')
  await expect(page.getByTestId('slip-part-3')).toContainText('人民币壹仟元整')
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'money-00-receipt-print-preview.png') })
  expect(await printShot(page, 'money-00-receipt-print')).toBe(1)
  await page.getByTestId('slip-print-close').click()
  await expect(page.getByTestId('slip-print')).toHaveCount(0)

  // ---- refund half, convert the rest, a refund beyond the balance is refused ----
  await page.getByTestId('deposit-kind-refund').check()
  await page.getByTestId('deposit-amount').fill('500')
  await page.getByTestId('deposit-submit').click()
  await expect(page.getByTestId('deposit-equation')).toHaveText('收取 1,000.00 − 退还 500.00 − 转充 0.00 − 抵扣 0.00 = 余额 500.00 元')
  // the refund prints its own voucher, naming the receipt
  await page.getByTestId('deposit-done-print').click()
  await expect(page.getByTestId('slip-part-1')).toContainText('押金退还凭证')
  await expect(page.getByTestId('slip-part-1')).toContainText(`${QUWO}-${today.slice(0, 4)}-000001`)
  expect(await printShot(page, 'money-00-voucher-print')).toBe(1)
  await page.getByTestId('slip-print-close').click()
  await page.getByTestId('deposit-kind-convert').check()
  await page.getByTestId('deposit-amount').fill('５００')
  await page.getByTestId('deposit-extra').fill('IC-20260001')
  await page.getByTestId('deposit-submit').click()
  await expect(page.getByTestId('deposit-equation')).toHaveText('收取 1,000.00 − 退还 500.00 − 转充 500.00 − 抵扣 0.00 = 余额 0.00 元')
  await page.getByTestId('deposit-kind-refund').check()
  await page.getByTestId('deposit-amount').fill('0.01')
  await page.getByTestId('deposit-submit').click()
  await expect(page.getByTestId('error-message')).toHaveText('王建国：押金余额只有 0.00 元，不能退还押金 0.01 元。')
  await page.getByTestId('deposit-amount').fill('12.345')
  await page.getByTestId('deposit-submit').click()
  await expect(page.getByTestId('error-message')).toContainText('“退还金额”最多两位小数')
  await expect(page.getByTestId('deposit-entries').locator('tbody tr')).toHaveCount(3)
  await expect(page.getByTestId(`deposit-row-${ids[0]}`)).toContainText('1,000.00')
  // Every column of the records shows at 1366×768: no sideways scrolling, 备注 not one character a line.
  const layout = await page.getByTestId('deposit-entries').evaluate((table) => {
    const wrap = table.parentElement!
    const note = [...table.querySelectorAll('th')].find((th) => th.textContent === '备注')!
    return { overflow: wrap.scrollWidth - wrap.clientWidth, noteWidth: note.getBoundingClientRect().width, right: wrap.getBoundingClientRect().right }
  })
  expect(layout.overflow).toBe(0)
  expect(layout.noteWidth).toBeGreaterThan(150)
  expect(layout.right).toBeLessThanOrEqual(1366)
  const receiptLink = await page.getByTestId('entry-receipt').first().boundingBox()
  expect(receiptLink!.x + receiptLink!.width).toBeLessThanOrEqual(layout.right)
  await snap(page, 'money-01-deposits')

  // A second household's deposit taken, then reversed: the receipt number stays and is not reused.
  await page.getByTestId(`deposit-row-${ids[1]}`).getByTestId('deposit-open').click()
  await page.getByTestId('deposit-amount').fill('1000')
  await page.getByTestId('deposit-submit').click()
  await expect(page.getByTestId('deposit-done')).toContainText('000002')
  await page.getByTestId('entry-reverse').first().click()
  await page.getByTestId('reverse-reason').fill('录错农户')
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('deposit-entries')).toContainText('冲正（收取押金）')
  await expect(page.getByTestId('deposit-entries')).toContainText('已冲正')
  await expect(page.getByTestId('entry-reverse')).toHaveCount(0)
  await snap(page, 'money-02-reversal')

  // ---- policy: load Datong's real policy ----
  await page.getByTestId('funds-tab-policy').click()
  await expect(page.getByTestId('funds-season')).toHaveValue(season)
  await page.getByTestId('policy-preset').selectOption('datong')
  await page.getByTestId('policy-load-preset').click()
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('policy-saved')).toHaveText('已保存为第 1 版。')
  await expect(page.getByTestId('policy-rules').getByTestId('policy-rule-summary')).toHaveText([
    '每户定额 8,000.00 元；“验收”后享受；市级 50%、县级 50%；拨付燃气/施工企业',
    '前 2,500 m³ 每 m³ 1.00 元；“点火通气”后享受；市级 50%、县级 50%；打卡发放',
  ])
  // Edit the running subsidy: a low-income top-up; a wrong share is refused with the rule named.
  await page.getByTestId('policy-rule-1').getByTestId('policy-rule-edit').click()
  await page.getByTestId('rule-share-county').fill('40')
  await expect(page.getByTestId('rule-share-sum')).toHaveText('合计 90%')
  await page.getByTestId('rule-save').click()
  await expect(page.getByTestId('rule-form').getByTestId('error-message')).toHaveText('第 2 条（运行补贴）：各级资金分担比例合计应为 100%，现在是 90%')
  await page.getByTestId('rule-form').scrollIntoViewIfNeeded()
  await shot(page, 'money-03-rule-form')
  await page.getByTestId('rule-share-county').fill('50')
  await page.getByTestId('rule-topUpDibao').fill('200')
  await page.getByTestId('rule-save').click()
  await expect(page.getByTestId('policy-saved')).toHaveText('已保存为第 2 版。')
  await expect(page.getByTestId('policy-rule-1')).toContainText('低保户加补 200.00 元')
  // A rule started as metered with an advance, then changed to a fixed amount: the hidden advance is not sent.
  await page.getByTestId('policy-add-rule').click()
  await page.getByTestId('rule-route').selectOption('electric')
  await page.getByTestId('rule-item').selectOption('construction')
  await page.getByTestId('rule-method-perUnit').check()
  await page.getByTestId('rule-advanceKind').selectOption('fixed')
  await page.getByTestId('rule-advance').fill('500')
  await page.getByTestId('rule-method-fixed').check()
  await page.getByTestId('rule-amount').fill('１，２００')
  await page.getByTestId('rule-save').click()
  await expect(page.getByTestId('policy-saved')).toHaveText('已保存为第 3 版。')
  await expect(page.getByTestId('policy-rule-2').getByTestId('policy-rule-summary')).toHaveText('每户定额 1,200.00 元；“验收”后享受；市级 100%；打卡发放')
  await snap(page, 'money-03-policy')

  // ---- entitlements: the calculation in words ----
  await page.getByTestId('funds-tab-entitlements').click()
  await expect(page.getByTestId('entitlement-table')).toBeVisible()
  await page.getByTestId(`entitlement-row-${ids[2]}`).getByTestId('entitlement-open').click()
  await expect(page.getByTestId('entitlement-item-running').getByTestId('entitlement-words')).toHaveText(
    '季前读数 100，季后读数 2,700，用量 2,600 m³；2,500 m³ × 1.00 元 = 2,500.00 元；超出各档的 100 m³ 不补贴；低保户加补 200.00 元；应享 2,700.00 元（其中 市级 50% 1,350.00 元、县级 50% 1,350.00 元）',
  )
  await expect(page.getByTestId('fin-bankCard')).toHaveValue('6222***********1002')
  // Financial data from a table: three decimals refused at its row and column, then imported.
  const financeCsv = (cost: string) => ({ name: '资金信息.csv', mimeType: 'text/csv', buffer: Buffer.from(`农户编号,设备类型,设备费用（元）\n${ids[2]},壁挂炉,${cost}\n`) })
  await page.getByTestId('finance-file').setInputFiles(financeCsv('9800.555'))
  await expect(page.getByTestId('readings-import').getByTestId('error-message')).toHaveText('文件 资金信息.csv 有 1 处问题，未导入任何资金信息。')
  await expect(page.getByTestId('readings-import').getByTestId('error-details')).toContainText('“设备费用（元）”最多两位小数（到分），现在是“9800.555”。')
  await page.getByTestId('finance-file').setInputFiles(financeCsv('"9,800.5"'))
  await expect(page.getByTestId('finance-file-imported')).toHaveText('已导入 资金信息.csv：1 户，更新 1 户，未变 0 户。')
  await expect(page.getByTestId('fin-equipmentCost')).toHaveValue('9,800.50')
  await expect(page.getByTestId('fin-bankCard')).toHaveValue('6222***********1002')
  await snap(page, 'money-04-entitlements')

  // ---- batch: running subsidy for the township, roster masked and full, pay ----
  await page.getByTestId('funds-tab-batches').click()
  await page.getByTestId('batch-scope-search-input').fill('乐昌镇')
  await page.getByTestId(`batch-scope-search-hit-${QUWO}100`).click()
  await page.getByTestId('batch-item').selectOption('running')
  await page.getByTestId('batch-create-submit').click()
  await expect(page.getByTestId('batch-detail')).toBeVisible()
  await expect(page.getByTestId('batch-status')).toHaveText('待发放（草稿）')
  await expect(page.getByTestId('batch-skipped')).toContainText(`刘芳（${late.id}）：未登记银行卡号`)
  // 1,000 + 1,800 + (2,500 + 200) = 5,500
  await expect(page.getByTestId('batch-total')).toHaveText('5,500.00')
  await expect(page.getByTestId('batch-line-payee').first()).toHaveText('打卡发放')
  const masked = await download(page, () => page.getByTestId('batch-roster').click())
  const mr = rows(masked.wb.getWorksheet('花名册')!)
  expect(mr[0]![0]).toBe(`乐昌镇 ${season} 采暖季运行补贴发放花名册`)
  expect(mr[5]!.slice(3, 7)).toEqual(['王建国', '1101**********002X', '曲沃农商银行', '6222***********1000'])
  expect(mr.find((r) => r[0] === '合计')!.slice(8, 11)).toEqual([2750, 2750, 5500])
  await page.getByTestId('batch-roster-full').click()
  await expect(page.getByTestId('confirm-dialog')).toContainText('导出操作将记入修改记录')
  const full = await download(page, () => page.getByTestId('confirm-ok').click())
  expect(full.name).toContain('完整号码')
  expect(rows(full.wb.worksheets[0]!)[5]!.slice(4, 7)).toEqual(['11010519491231002X', '曲沃农商银行', '6222021234567891000'])
  await page.getByTestId('batch-pay').click()
  await page.getByTestId('batch-dialog-text').fill('记-1120')
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('batch-status')).toHaveText('已发放')
  await expect(page.getByTestId('batch-pay')).toHaveCount(0)
  await expect(page.getByTestId('batch-table')).toContainText('已发放')
  await snap(page, 'money-05-batch')
  const batches = await ok<Array<{ id: string }>>(server, 'batches.list', { season })
  const audit = await ok<Array<{ method: string; collection: string }>>(server, 'audit.history', { collection: 'payment-batches', key: batches[0]!.id })
  expect(audit.some((a) => a.method === 'batches.roster' && a.collection === 'note:payment-batches')).toBe(true)

  // ---- reconciliation: the county, then its townships; export ----
  await page.getByTestId('funds-tab-reconcile').click()
  await expect(page.getByTestId(`reconcile-row-${QUWO}`)).toBeVisible()
  await page.getByTestId(`reconcile-row-${QUWO}`).getByTestId('reconcile-open').click()
  await expect(page.getByTestId(`reconcile-row-${QUWO}100`)).toContainText('5,500.00')
  await expect(page.getByTestId('reconcile-total')).toContainText('1,000.00')
  await snap(page, 'money-06-reconcile')
  const rec = await download(page, () => page.getByTestId('reconcile-export').click())
  expect(rec.wb.worksheets.map((w) => w.name)).toEqual(['押金对账', '补贴对账（按项目）', '补贴对账（按资金层级）'])
  const dep = rows(rec.wb.worksheets[0]!)
  expect(dep[0]![0]).toBe('曲沃县清洁取暖改造押金对账表')
  // received 1,000 + (1,000 − 1,000 reversed); refunded 500; converted 500; balance 0
  expect(dep.find((r) => r[0] === '乐昌镇')).toEqual(['乐昌镇', 1000, 500, 500, 0, 0])
  const items = rows(rec.wb.worksheets[1]!)
  // equipment 4 × 8,000 due, none paid; running 6,000 entitled, 5,500 paid (刘芳's 500 waits for her bank card)
  expect(items.find((r) => r[0] === '合计')!.slice(1)).toEqual([4, 32000, 0, 32000, 6000, 5500, 500, 38000, 5500, 32500])
  // The refusals the test provoked on purpose are shown on the page; nothing else went wrong.
  expect(problems).toEqual([])
})
