// The money part through the core's API on a real data folder: deposits with receipts and
// reversals, policy as data, financial data and readings, entitlements, payment batches with
// rosters, reconciliation, and every export read back with exceljs.
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { FileOutput, PresetView } from '../../src/core/contract'
import { openCore, rejects, textInput } from './helpers/core'
import { pdfText, SOFFICE, xlsxToPdf } from './helpers/libreoffice'
import { addHouseholds, importQuwoYaodu, QUWO, villagesOf, YAODU } from './helpers/money-city'

let core: Core
afterEach(() => core?.close())

async function workbook(f: FileOutput): Promise<ExcelJS.Workbook> {
  expect(f.mime).toContain('spreadsheetml')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(f.dataBase64, 'base64') as unknown as ArrayBuffer)
  return wb
}

/** The sheet's rows as arrays of cell values (1-based columns dropped). */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = []
  ws.eachRow({ includeEmpty: true }, (row) => out.push((row.values as unknown[]).slice(1)))
  return out
}

const SEASON = '2026-2027'

async function loadPreset(c: Core, id: string, season = SEASON): Promise<void> {
  const presets: PresetView[] = await c.api['policies.presets']({})
  const p = presets.find((x) => x.id === id)!
  await c.api['policies.save']({ season, name: p.name, rules: p.rules })
}

describe('deposits', () => {
  it('never reissues a receipt number after a backup is restored (or the restore undone)', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await importQuwoYaodu(core)
    const [v] = await villagesOf(core, `${QUWO}100`, 1)
    const [a, b, c] = await addHouseholds(core, v!, 3)
    expect((await api['deposits.receive']({ householdId: a!.id, amount: '1000', date: '2026-09-01' })).receiptNo).toBe('141021-2026-000001')
    const backup = await api['backups.create']({ note: '收据 1 之后' })
    // Receipt 2 is printed and handed over; then the office restores the earlier backup.
    expect((await api['deposits.receive']({ householdId: b!.id, amount: '1000', date: '2026-09-02' })).receiptNo).toBe('141021-2026-000002')
    await api['backups.restore']({ id: backup.id })
    expect((await api['deposits.household']({ householdId: b!.id })).entries).toEqual([])
    expect((await api['deposits.receive']({ householdId: c!.id, amount: '1000', date: '2026-09-03' })).receiptNo).toBe('141021-2026-000003')
    // Undoing the restore brings receipt 2 back; the next number still moves on.
    await api['backups.undoRestore']({})
    expect((await api['deposits.receive']({ householdId: c!.id, amount: '1000', date: '2026-09-04' })).receiptNo).toBe('141021-2026-000004')
  })

  it('receives with gap-free receipt numbers per county and year, refunds, converts, offsets, and refuses more than the balance', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.as({ who: '李会计' })
    await importQuwoYaodu(core)
    const [v1, v2] = await villagesOf(core, `${QUWO}100`, 2)
    const [a, b] = await addHouseholds(core, v1!, 2)
    const [c] = await addHouseholds(core, v2!, 1)
    const [y] = await addHouseholds(core, (await villagesOf(core, `${YAODU}001`, 1))[0]!, 1)

    const r1 = await api['deposits.receive']({ householdId: a!.id, amount: '1,000', date: '2026-09-01' })
    const r2 = await api['deposits.receive']({ householdId: b!.id, amount: '１０００', date: '2026-09-02', payer: '李秀英之子' })
    const r0 = await api['deposits.receive']({ householdId: c!.id, amount: '1000.00', date: '2025-12-30' })
    const r3 = await api['deposits.receive']({ householdId: c!.id, amount: '500', date: '2026-09-03' })
    const ry = await api['deposits.receive']({ householdId: y!.id, amount: '1000', date: '2026-09-03' })
    expect([r1.receiptNo, r2.receiptNo, r3.receiptNo]).toEqual(['141021-2026-000001', '141021-2026-000002', '141021-2026-000003'])
    expect(r0.receiptNo).toBe('141021-2025-000001')
    expect(ry.receiptNo).toBe('141002-2026-000001')
    expect(r1).toMatchObject({ amount: 100000, who: '李会计', at: expect.stringMatching(/^2026-11-20T/), account: 'deposit', kind: 'receive' })

    await api['deposits.refund']({ householdId: a!.id, amount: '500', date: '2026-11-01' })
    const conv = await api['deposits.convert']({ householdId: a!.id, amount: '500.00', date: '2026-11-02', gasCardNo: 'IC-0099' })
    expect(conv.gasCardNo).toBe('IC-0099')
    const over = await rejects(api['deposits.refund']({ householdId: a!.id, amount: '0.01', date: '2026-11-03' }))
    expect(over).toMatchObject({ code: 'conflict', where: { field: 'amount' } })
    expect(over.message).toBe('王建国：押金余额只有 0.00 元，不能退还押金 0.01 元。')
    const noNote = await rejects(api['deposits.offset']({ householdId: b!.id, amount: '100', date: '2026-11-03' } as never))
    expect(noNote.where?.field).toBe('note')
    await api['deposits.offset']({ householdId: b!.id, amount: '99.99', date: '2026-11-03', note: '抵扣燃气表安装费' })
    const bad = await rejects(api['deposits.receive']({ householdId: a!.id, amount: '1000,50', date: '2026-11-03' }))
    expect(bad.message).toContain('押金金额')
    const future = await rejects(api['deposits.receive']({ householdId: a!.id, amount: '1', date: '2026-11-21' }))
    expect(future.where?.field).toBe('date')

    const da = await api['deposits.household']({ householdId: a!.id })
    expect(da.totals).toEqual({ received: 100000, refunded: 50000, converted: 50000, offset: 0, balance: 0 })
    expect(da.place).toBe(`曲沃县 / 乐昌镇 / ${(await api['divisions.get']({ code: v1! })).division.name}`)
    const village = await api['deposits.village']({ villageCode: v1! })
    expect(village.rows.map((r) => r.totals.balance)).toEqual([0, 90001])
    expect(village.totals).toEqual({ received: 200000, refunded: 50000, converted: 50000, offset: 9999, balance: 90001 })

    // The audit trail holds the transaction: who, which operation, the entry and the counters.
    const hist = await api['audit.history']({ collection: 'ledger', key: r1.id })
    expect(hist).toHaveLength(1)
    expect(hist[0]).toMatchObject({ who: '李会计', method: 'deposits.receive', before: null })
  })

  it('reverses an entry once, never a reversal, and keeps a reversed receipt number for good', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await importQuwoYaodu(core)
    const [v] = await villagesOf(core, `${QUWO}100`, 1)
    const [a] = await addHouseholds(core, v!, 1)
    const r1 = await api['deposits.receive']({ householdId: a!.id, amount: '1000', date: '2026-09-01' })
    const refund = await api['deposits.refund']({ householdId: a!.id, amount: '400', date: '2026-10-01' })

    const blocked = await rejects(api['ledger.reverse']({ entryId: r1.id, date: '2026-11-01', reason: '录错农户' }))
    expect(blocked.message).toContain('押金余额只有 600.00 元，不能冲正这笔 1,000.00 元的收款')
    const rr = await api['ledger.reverse']({ entryId: refund.id, date: '2026-11-01', reason: '退款未实际发生' })
    expect(rr).toMatchObject({ id: `${refund.id}-R`, reverses: refund.id, kind: 'refund', amount: 40000, note: '退款未实际发生' })
    const twice = await rejects(api['ledger.reverse']({ entryId: refund.id, date: '2026-11-01', reason: '再来一次' }))
    expect(twice.message).toContain('不能重复冲正')
    const ofReversal = await rejects(api['ledger.reverse']({ entryId: rr.id, date: '2026-11-01', reason: '撤销冲正' }))
    expect(ofReversal.message).toContain('本身是冲正记录')
    const early = await rejects(api['ledger.reverse']({ entryId: r1.id, date: '2026-08-01', reason: '录错' }))
    expect(early.where?.field).toBe('date')

    const vr = await api['ledger.reverse']({ entryId: r1.id, date: '2026-11-02', reason: '录错农户' })
    const next = await api['deposits.receive']({ householdId: a!.id, amount: '1000', date: '2026-11-02' })
    expect(next.receiptNo).toBe('141021-2026-000002')
    const d = await api['deposits.household']({ householdId: a!.id })
    expect(d.totals).toEqual({ received: 100000, refunded: 0, converted: 0, offset: 0, balance: 100000 })
    expect(d.entries.map((e) => [e.id, e.reversedBy ?? null])).toEqual([
      [r1.id, vr.id],
      [refund.id, rr.id],
      [rr.id, null],
      [vr.id, null],
      [next.id, null],
    ])

    // The reversed receipt still prints, marked void, under its own number: one A4 page, three parts.
    const receipt = await workbook(await api['deposits.receipt']({ entryId: r1.id }))
    expect(receipt.worksheets.map((w) => w.name)).toEqual(['收据'])
    const rows = rowsOf(receipt.worksheets[0]!)
    expect(rows[0]![0]).toBe('押金收据（已作废）')
    expect(rows.filter((r) => r[0] === '押金收据（已作废）')).toHaveLength(3)
    expect(rows.filter((r) => String(r[0]).startsWith('No. ')).map((r) => r[0])).toEqual([
      'No. 141021-2026-000001　　第一联 存根',
      'No. 141021-2026-000001　　第二联 交款人收执',
      'No. 141021-2026-000001　　第三联 财务记账',
    ])
    // two cut lines between the three parts
    expect(rows.filter((r) => String(r[0]).includes('沿 此 线 剪 开'))).toHaveLength(2)
    expect(rows.find((r) => r[0] === '收据编号')![1]).toBe('141021-2026-000001')
    expect(String(rows.find((r) => r[0] === '状态')![1])).toContain('录错农户')
    expect(receipt.worksheets[0]!.pageSetup).toMatchObject({ orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1 })
    const fresh = await workbook(await api['deposits.receipt']({ entryId: next.id }))
    const fr = rowsOf(fresh.worksheets[0]!)
    expect(fr[0]![0]).toBe('押金收据')
    expect(fr.find((r) => r[0] === '金额（小写）')![1]).toBe(1000)
    expect(fr.find((r) => r[0] === '金额（大写）')![1]).toBe('人民币壹仟元整')
    const notReceipt = await rejects(api['deposits.receipt']({ entryId: refund.id }))
    expect(notReceipt.message).toContain('只有收取押金的记录有收据')

    const reg = await workbook(await api['deposits.register']({ scopeCode: QUWO }))
    const regRows = rowsOf(reg.getWorksheet('押金台账')!)
    const total = regRows.find((r) => r[0] === '合计')!
    // 收取 1000 − 1000 (reversed) + 1000 = 1000; 退还 400 − 400 = 0
    expect(total.slice(8, 12)).toEqual([1000, 0, 0, 0])
    expect(regRows.some((r) => r[7] === '冲正（收取押金）' && r[8] === -1000)).toBe(true)
    expect(regRows.some((r) => r[13] === '已于 2026-11-02 冲正')).toBe(true)
    expect(regRows.some((r) => r[2] === '141021-2026-000001' && r[13] === '冲正 2026-09-01 收取押金：录错农户')).toBe(true)
    // A period that holds the reversal but not the receipt it voids still names that receipt.
    const nov = rowsOf((await workbook(await api['deposits.register']({ scopeCode: QUWO, from: '2026-11-02' }))).getWorksheet('押金台账')!)
    const voids = nov.find((r) => r[7] === '冲正（收取押金）')!
    expect([voids[2], voids[13]]).toEqual(['141021-2026-000001', '冲正 2026-09-01 收取押金：录错农户'])
    // A long note wraps inside its column and the row grows to show it.
    await api['deposits.offset']({ householdId: a!.id, amount: '1', date: '2026-11-03', note: '抵扣入户燃气管道材料费及壁挂炉安装辅材费用（按村委会核定清单，另附明细）' })
    const sheet = (await workbook(await api['deposits.register']({ scopeCode: QUWO }))).getWorksheet('押金台账')!
    let grown = false
    sheet.eachRow((row) => {
      if (String(row.getCell(14).value ?? '').startsWith('抵扣入户')) grown = (row.height ?? 0) > 20 && row.getCell(14).alignment.wrapText === true
    })
    expect(grown).toBe(true)

    // The refund prints its own voucher naming the receipt it draws on (not the reversed one).
    const later = await api['deposits.refund']({ householdId: a!.id, amount: '250.5', date: '2026-11-10' })
    const slip = await api['deposits.slip']({ entryId: later.id })
    expect(slip).toMatchObject({ kind: 'voucher', title: '押金退还凭证', copies: ['第一联 存根', '第二联 领款人收执', '第三联 财务记账'], void: null })
    expect(slip.fields.find((f) => f.label === '原收据编号')!.value).toBe('141021-2026-000002')
    expect(slip.fields.find((f) => f.label === '金额（大写）')!.value).toBe('人民币贰佰伍拾元伍角整')
    const voucher = await workbook(await api['deposits.voucher']({ entryId: later.id }))
    const vrows = rowsOf(voucher.worksheets[0]!)
    expect(vrows[0]![0]).toBe('押金退还凭证')
    expect(vrows.find((r) => r[0] === '原收据编号')![1]).toBe('141021-2026-000002')
    expect(vrows.find((r) => r[0] === '金额（小写）')![1]).toBe(250.5)
    // the reversed refund's voucher is marked void
    expect((await api['deposits.slip']({ entryId: refund.id })).title).toBe('押金退还凭证（已作废）')
    expect((await rejects(api['deposits.voucher']({ entryId: next.id }))).message).toContain('收取押金请打印收据')
    expect((await rejects(api['deposits.slip']({ entryId: rr.id }))).message).toContain('冲正记录没有收据或凭证')
  })
})

describe('policies, financial data and entitlements', () => {
  it('saves policy as data with a new revision each time, naming the rule and field of a mistake', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await loadPreset(core, 'datong')
    const p = await api['policies.get']({ season: SEASON })
    expect(p).toMatchObject({ revision: 1, name: '大同市煤改气补贴（示例）' })
    expect(p.summaries[1]).toBe('前 2,500 m³ 每 m³ 1.00 元；“点火通气”后享受；市级 50%、县级 50%；打卡发放')
    expect(p.texts[1]).toMatchObject({ method: 'perUnit', tiers: [{ width: '2500', rate: '1' }], shares: { city: '50', county: '50' } })

    const rules = p.texts.map((t) => ({ ...t }))
    rules[1] = { ...rules[1]!, shares: { central: '', province: '', city: '50', county: '40' } }
    const shares = await rejects(api['policies.save']({ season: SEASON, name: p.name, rules, baseRevision: 1 }))
    expect(shares.message).toBe('第 2 条（运行补贴）：各级资金分担比例合计应为 100%，现在是 90%')
    expect(shares.where?.field).toBe('rules.1.shares')
    rules[1] = { ...p.texts[1]!, cap: '2,500.5.0' }
    const cap = await rejects(api['policies.save']({ season: SEASON, name: p.name, rules, baseRevision: 1 }))
    expect(cap.message).toContain('第 2 条 封顶金额')
    expect(cap.where?.field).toBe('rules.1.cap')

    rules[1] = { ...p.texts[1]!, cap: '2,400' }
    const p2 = await api['policies.save']({ season: SEASON, name: p.name, rules, baseRevision: 1 })
    expect(p2.revision).toBe(2)
    const stale = await rejects(api['policies.save']({ season: SEASON, name: p.name, rules, baseRevision: 1 }))
    expect(stale.code).toBe('conflict')
    expect((await api['policies.list']({})).map((x) => [x.season, x.revision, x.rules])).toEqual([[SEASON, 2, 2]])
    const badSeason = await rejects(api['policies.get']({ season: '2026-2028' }))
    expect(badSeason.where?.field).toBe('season')
    // Every preset's text form reads back as the same rules.
    for (const preset of await api['policies.presets']({})) {
      const saved = await api['policies.save']({ season: '2030-2031', name: preset.name, rules: preset.rules })
      expect(saved.texts).toEqual(preset.rules)
    }
    // Shanxi 2017: each level's third is worked out on its own, and the rule says so.
    const shanxi = await api['policies.get']({ season: '2030-2031' })
    expect(shanxi.texts[0]).toMatchObject({ ratio: '2/3', shareMode: 'ofRate' })
    expect(shanxi.summaries[0]).toBe('设备费用的 2/3；封顶 20,000.00 元；“验收”后享受；省级 50%、市级 50%（各级分别计算）；打卡发放')
  })

  it('keeps bank cards masked unless asked (audited), imports readings all or nothing, and explains each entitlement', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await importQuwoYaodu(core)
    await loadPreset(core, 'taiyuan-2019')
    const [v] = await villagesOf(core, `${QUWO}100`, 1)
    const [a, b] = await addHouseholds(core, v!, 2, 'gas', 'accepted')
    const [e] = await addHouseholds(core, v!, 1, 'electric', 'accepted')
    await api['households.update']({ id: b!.id, headName: b!.headName, route: 'gas', stage: 'accepted', userCode: 'QW-0002' })

    const f = await api['finance.update']({ householdId: a!.id, lowIncome: 'dibao', bankCard: '6222 0212 3456 7890 123', bankName: '曲沃县农村信用社' })
    expect(f.bankCard).toBe('6222***********0123')
    await api['finance.update']({ householdId: a!.id, lowIncome: 'dibao', bankCard: f.bankCard, bankName: '曲沃县农村信用社' })
    const full = await api['finance.get']({ householdId: a!.id, reveal: true })
    expect(full.bankCard).toBe('6222021234567890123')
    const audit = await api['audit.history']({ collection: 'household-finance', key: a!.id })
    expect(audit[0]).toMatchObject({ method: 'finance.get', collection: 'note:household-finance' })
    const badCard = await rejects(api['finance.update']({ householdId: a!.id, lowIncome: 'none', bankCard: '12345' }))
    expect(badCard.where?.field).toBe('bankCard')
    await api['finance.update']({ householdId: e!.id, lowIncome: 'none', equipmentType: '空气源热泵', equipmentCost: '25,000' })

    const csv = ['农户编号,用户编码,季前读数,季后读数', `${a!.id},,1000,3250`, `,QW-0002,200.5,`, `${e!.id},,0,-5`, `141021999999-000001,,1,2`, `,QW-9999,1,2`].join('\n')
    const rejected = await rejects(api['readings.import']({ season: SEASON, file: textInput('表数.csv', csv) }))
    expect(rejected.code).toBe('import_rejected')
    expect(rejected.details.map((d) => [d.where?.row, d.where?.column])).toEqual([
      [4, '季后读数'],
      [5, '农户编号'],
      [6, '用户编码'],
    ])
    expect(rejected.details[0]!.message).toContain('不能为负数')
    expect((await api['entitlements.household']({ householdId: a!.id, season: SEASON })).reading).toBeUndefined()
    const ok = await api['readings.import']({ season: SEASON, file: textInput('表数.csv', csv.split('\n').slice(0, 3).join('\n')) })
    expect(ok).toMatchObject({ rows: 2, updated: 2, unchanged: 0 })
    const again = await api['readings.import']({ season: SEASON, file: textInput('表数.csv', csv.split('\n').slice(0, 3).join('\n')) })
    expect(again).toMatchObject({ updated: 0, unchanged: 2 })
    // An .xlsx with a title row above the header: the problem names the sheet, row and column.
    const xwb = new ExcelJS.Workbook()
    const ws = xwb.addWorksheet('十一月抄表')
    ws.addRow(['曲沃县 2026-2027 采暖季抄表记录'])
    ws.addRow(['户主身份证号', '季前读数', '季后读数'])
    ws.addRow(['11010519491231002X', 50, '1,050.5'])
    const xfile = { fileName: '抄表.xlsx', dataBase64: Buffer.from(await xwb.xlsx.writeBuffer()).toString('base64') }
    const noId = await rejects(api['readings.import']({ season: SEASON, file: xfile }))
    expect(noId.details[0]).toMatchObject({ where: { file: '抄表.xlsx', sheet: '十一月抄表', row: 3, column: '户主身份证号' } })
    expect(noId.details[0]!.message).toBe('找不到身份证号为 11010519491231002X 的农户。')
    await api['households.update']({ id: e!.id, headName: e!.headName, route: 'electric', stage: 'accepted', idNumber: '11010519491231002x' })
    expect(await api['readings.import']({ season: SEASON, file: xfile })).toMatchObject({ sheet: '十一月抄表', rows: 1, updated: 1 })
    expect((await api['entitlements.household']({ householdId: e!.id, season: SEASON })).reading).toMatchObject({ pre: 5000, post: 105050, source: 'import' })
    const lower = await rejects(api['readings.record']({ householdId: b!.id, season: SEASON, pre: '200.5', post: '100' }))
    expect(lower.where?.field).toBe('post')

    const ea = await api['entitlements.household']({ householdId: a!.id, season: SEASON })
    expect(ea.items.map((i) => [i.item, i.status, i.amount, i.payee])).toEqual([
      ['equipment', 'entitled', 10_000_00, 'company'],
      ['running', 'entitled', 2_865_00, 'bankCard'],
    ])
    expect(ea.items[1]!.words).toContain('1,500 m³ × 1.36 元 = 2,040.00 元；750 m³ × 1.10 元 = 825.00 元；合计 2,865.00 元，封顶 2,865.00 元')
    expect(ea.total).toEqual({ entitled: 12_865_00, paid: 0, outstanding: 12_865_00 })
    const eb = await api['entitlements.household']({ householdId: b!.id, season: SEASON })
    expect(eb.items[1]).toMatchObject({ status: 'missing', amount: 0, words: '尚无季后读数，无法计算' })
    const ee = await api['entitlements.household']({ householdId: e!.id, season: SEASON })
    expect(ee.items[0]).toMatchObject({ amount: 23_500_00 })
    expect(ee.items[0]!.words).toBe('设备费用 25,000.00 元 × 94% = 23,500.00 元，封顶 27,400.00 元；应享 23,500.00 元（市级 100% 23,500.00 元）')
    const ev = await api['entitlements.village']({ villageCode: v!, season: SEASON })
    expect(ev.rows.map((r) => r.items.running?.entitled ?? null)).toEqual([2_865_00, 0, null])
  })
})

describe('financial data import', () => {
  it('imports bank cards, low-income status and costs all or nothing, amounts through the yuan parser, each problem at its row and column', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await importQuwoYaodu(core)
    await loadPreset(core, 'taiyuan-2019')
    const [v] = await villagesOf(core, `${QUWO}100`, 1)
    const [a, b, c] = await addHouseholds(core, v!, 3, 'electric', 'accepted')
    await api['households.update']({ id: c!.id, headName: c!.headName, route: 'electric', stage: 'accepted', userCode: 'QW-0003' })
    await api['finance.update']({ householdId: b!.id, lowIncome: 'wubao', bankCard: '6222021234567890123', bankName: '曲沃县农村信用社' })

    const header = '农户编号,用户编码,银行卡号,开户行,低保/五保,设备类型,设备费用（元）,建设安装费用'
    const bad = [
      header,
      `${a!.id},,6222 0212 3456 7890 111,曲沃农商银行,低保户,空气源热泵,"1,000.5",`,
      `${b!.id},,6222***********0123,,,,12.345,`,
      `,QW-0003,,,困难户,,,１，０００`,
      `${c!.id},,,,,,,`,
    ].join('\n')
    const rejected = await rejects(api['finance.import']({ file: textInput('资金信息.csv', bad) }))
    expect(rejected.code).toBe('import_rejected')
    expect(rejected.message).toBe('文件 资金信息.csv 有 4 处问题，未导入任何资金信息。')
    expect(rejected.details.map((d) => [d.where?.row, d.where?.column, d.message])).toEqual([
      [3, '银行卡号', '银行卡号是脱敏的（含 *），请导入完整卡号（现在是“6222***********0123”）。'],
      [3, '设备费用（元）', '“设备费用（元）”最多两位小数（到分），现在是“12.345”。'],
      [4, '低保/五保', '“低保/五保”应填 低保户、五保户 或 否（现在是“困难户”）。'],
      [5, '农户编号', '同一农户出现了两次：第 4 行和第 5 行。'],
    ])
    expect((await api['finance.get']({ householdId: a!.id })).bankCard).toBeUndefined()

    const good = [header, `${a!.id},,6222 0212 3456 7890 111,曲沃农商银行,低保户,空气源热泵,"25,000",`, `${b!.id},,,,否,蓄热式电暖器,12345.67,`, `,QW-0003,,,,,,１，０００.５`].join('\n')
    expect(await api['finance.import']({ file: textInput('资金信息.csv', good) })).toMatchObject({ rows: 3, updated: 3, unchanged: 0 })
    expect(await api['finance.import']({ file: textInput('资金信息.csv', good) })).toMatchObject({ updated: 0, unchanged: 3 })
    const fa = await api['finance.get']({ householdId: a!.id, reveal: true })
    expect(fa).toMatchObject({ bankCard: '6222021234567890111', bankName: '曲沃农商银行', lowIncome: 'dibao', equipmentType: '空气源热泵', equipmentCost: 25_000_00 })
    // Empty cells keep what was stored; 否 clears the low-income status.
    expect(await api['finance.get']({ householdId: b!.id })).toMatchObject({ bankCard: '6222***********0123', bankName: '曲沃县农村信用社', lowIncome: 'none', equipmentCost: 12_345_67 })
    expect((await api['finance.get']({ householdId: c!.id })).constructionCost).toBe(1_000_50)
    // The imported cost is what the entitlement is worked out from: 12,345.67 × 89% = 10,987.65.
    const eb = await api['entitlements.household']({ householdId: b!.id, season: SEASON })
    expect(eb.items[0]).toMatchObject({ amount: 10_987_65 })

    // An .xlsx with numbers as numbers and a title row above the header.
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('银行卡')
    ws.addRow(['曲沃县清洁取暖补贴资金信息'])
    ws.addRow(['农户编号', '设备费用', '燃气卡号'])
    ws.addRow([c!.id, 8000.5, 'IC-77'])
    ws.addRow([a!.id, 1.005, ''])
    const file = { fileName: '资金.xlsx', dataBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') }
    const xbad = await rejects(api['finance.import']({ file }))
    expect(xbad.details[0]).toMatchObject({ where: { file: '资金.xlsx', sheet: '银行卡', row: 4, column: '设备费用' } })
    ws.getRow(4).getCell(2).value = 1.5
    const fixed = { fileName: '资金.xlsx', dataBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') }
    expect(await api['finance.import']({ file: fixed })).toMatchObject({ sheet: '银行卡', rows: 2, updated: 2 })
    expect(await api['finance.get']({ householdId: c!.id })).toMatchObject({ equipmentCost: 8_000_50, gasCardNo: 'IC-77', constructionCost: 1_000_50 })
  })
})

describe('payment batches and reconciliation', () => {
  it('draws a batch, exports the roster masked (full only on request, audited), pays it into the ledger, and reverses part of it', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await importQuwoYaodu(core)
    await loadPreset(core, 'datong')
    const [v1, v2] = await villagesOf(core, `${QUWO}100`, 2)
    const hs = [...(await addHouseholds(core, v1!, 3, 'gas', 'accepted')), ...(await addHouseholds(core, v2!, 1, 'gas', 'connected'))]
    const card = (i: number) => `6222021234567890${100 + i}`
    for (const [i, h] of hs.entries()) {
      if (i !== 1) await api['finance.update']({ householdId: h.id, lowIncome: 'none', bankCard: card(i), bankName: '曲沃农商银行' })
      await api['readings.record']({ householdId: h.id, season: SEASON, pre: '100', post: String(1100 + i * 1000) })
    }
    await api['households.update']({ id: hs[0]!.id, headName: hs[0]!.headName, route: 'gas', stage: 'accepted', idNumber: '11010519491231002X' })

    const created = await api['batches.create']({ scopeCode: `${QUWO}100`, season: SEASON, item: 'running' })
    expect(created.skipped).toEqual([{ householdId: hs[1]!.id, headName: hs[1]!.headName, reason: '未登记银行卡号' }])
    const b = created.batch
    expect(b).toMatchObject({ id: `${QUWO}-P2026-001`, status: 'draft', kind: 'payment', policyRevision: 1 })
    // 1,000 m³; 2,500 m³ (the cap of the tier: 3,000 used); 3,000 → 2,500
    expect(b.lines.map((l) => l.amount)).toEqual([1_000_00, 2_500_00, 2_500_00])
    expect(b.total).toBe(6_000_00)
    expect(b.byLevel).toMatchObject({ city: 3_000_00, county: 3_000_00 })
    expect(b.lines[0]).toMatchObject({ idNumber: '1101**********002X', bankCard: '6222***********0100' })
    const again = await rejects(api['batches.create']({ scopeCode: `${QUWO}100`, season: SEASON, item: 'running' }))
    expect(again.details.map((d) => d.message)).toContain(`${hs[0]!.headName}（${hs[0]!.id}）：已在草稿批次 ${b.id} 中`)

    const masked = await workbook(await api['batches.roster']({ batchId: b.id }))
    const mrows = rowsOf(masked.getWorksheet('花名册')!)
    expect(mrows[0]![0]).toBe('乐昌镇 2026-2027 采暖季运行补贴发放花名册')
    const header = mrows[3]!
    expect(header).toEqual(['序号', '乡镇', '村', '户主', '身份证号', '开户行', '银行卡号', '发放方式', '其中（元）', '其中（元）', '金额（元）', '备注'])
    expect(mrows[4]!.slice(8, 10)).toEqual(['市级', '县级'])
    expect(mrows[5]!.slice(3, 11)).toEqual([hs[0]!.headName, '1101**********002X', '曲沃农商银行', '6222***********0100', '打卡发放', 500, 500, 1000])
    expect(mrows.find((r) => r[0] === '合计')!.slice(8, 11)).toEqual([3000, 3000, 6000])
    expect(String(mrows.at(-2)![0])).toContain('已脱敏')
    expect((await api['audit.history']({ collection: 'payment-batches', key: b.id })).some((h) => h.method === 'batches.roster')).toBe(false)
    const fullRoster = await workbook(await api['batches.roster']({ batchId: b.id, full: true }))
    expect(rowsOf(fullRoster.worksheets[0]!)[5]!.slice(4, 7)).toEqual(['11010519491231002X', '曲沃农商银行', card(0)])
    const notes = await api['audit.history']({ collection: 'payment-batches', key: b.id })
    expect(notes[0]).toMatchObject({ method: 'batches.roster', collection: 'note:payment-batches', after: { full: ['idNumber', 'bankCard'] } })

    const trimmed = await api['batches.removeLines']({ batchId: b.id, householdIds: [hs[3]!.id] })
    expect(trimmed.total).toBe(3_500_00)
    const paid = await api['batches.pay']({ batchId: b.id, paidOn: '2026-11-18', voucherNo: '记-118' })
    expect(paid).toMatchObject({ status: 'paid', paidOn: '2026-11-18', voucherNo: '记-118' })
    expect(paid.lines.every((l) => l.entryId)).toBe(true)
    for (const call of [
      api['batches.pay']({ batchId: b.id, paidOn: '2026-11-19' }),
      api['batches.removeLines']({ batchId: b.id, householdIds: [hs[0]!.id] }),
      api['batches.cancel']({ batchId: b.id, reason: '错了' }),
    ]) {
      expect((await rejects(call)).message).toContain('不能修改；如有错误，请建立冲正批次')
    }
    const e0 = await api['entitlements.household']({ householdId: hs[0]!.id, season: SEASON })
    expect(e0.items[1]).toMatchObject({ paidTotal: 1_000_00, outstanding: 0 })
    const subsidyEntry = await rejects(api['ledger.reverse']({ entryId: paid.lines[0]!.entryId!, date: '2026-11-20', reason: 'x' }))
    expect(subsidyEntry.message).toContain('冲正批次')

    // The bank returned one transfer: reverse that line only; the household is due again.
    const rev = await api['batches.reverse']({ batchId: b.id, householdIds: [hs[2]!.id], date: '2026-11-20', reason: '银行退票：卡号已销户' })
    expect(rev).toMatchObject({ kind: 'reversal', reverses: b.id, status: 'paid', total: 2_500_00 })
    const twice = await rejects(api['batches.reverse']({ batchId: b.id, householdIds: [hs[2]!.id], date: '2026-11-20', reason: '再冲' }))
    expect(twice.message).toContain('不能重复冲正')
    const revOfRev = await rejects(api['batches.reverse']({ batchId: rev.id, date: '2026-11-20', reason: 'x' }))
    expect(revOfRev.message).toContain('本身是冲正批次')
    const after = await api['batches.get']({ batchId: b.id })
    expect(after.lines.map((l) => !!l.reversedBy)).toEqual([false, true])
    expect(after.reversals).toEqual([rev.id])

    const next = await api['batches.create']({ scopeCode: `${QUWO}100`, season: SEASON, item: 'running', minStage: 'accepted' })
    expect(next.batch.lines.map((l) => [l.householdId, l.amount])).toEqual([[hs[2]!.id, 2_500_00]])
    // Entitlement lowered after drawing: paying would overpay, so it is refused.
    await api['readings.record']({ householdId: hs[2]!.id, season: SEASON, pre: '100', post: '600' })
    const lowered = await rejects(api['batches.pay']({ batchId: next.batch.id, paidOn: '2026-11-20' }))
    expect(lowered.details[0]!.message).toContain('批次金额 2,500.00 元，现在应发 500.00 元')
    const cancelled = await api['batches.cancel']({ batchId: next.batch.id, reason: '表数更正后重做' })
    expect(cancelled.status).toBe('cancelled')
    expect((await api['batches.list']({ countyCode: QUWO })).map((x) => [x.id, x.status, x.kind])).toEqual([
      [next.batch.id, 'cancelled', 'payment'],
      [rev.id, 'paid', 'reversal'],
      [b.id, 'paid', 'payment'],
    ])
    const city = await rejects(api['batches.create']({ scopeCode: '141000', season: SEASON, item: 'running' }))
    expect(city.message).toContain('按县区建立')
  })

  it('reconciles deposits and subsidies per county, township, village and household, and exports them', async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await importQuwoYaodu(core)
    await loadPreset(core, 'datong')
    const [v1] = await villagesOf(core, `${QUWO}100`, 1)
    const [v2] = await villagesOf(core, `${QUWO}101`, 1)
    const [vy] = await villagesOf(core, `${YAODU}001`, 1)
    const a = (await addHouseholds(core, v1!, 2, 'gas', 'accepted'))
    const b = (await addHouseholds(core, v2!, 1, 'gas', 'connected'))
    const y = (await addHouseholds(core, vy!, 1, 'gas', 'accepted'))
    for (const h of [...a, ...b, ...y]) {
      await api['finance.update']({ householdId: h.id, lowIncome: 'none', bankCard: '6222021234567890123' })
      await api['readings.record']({ householdId: h.id, season: SEASON, pre: '0', post: '1234.56' })
      await api['deposits.receive']({ householdId: h.id, amount: '1000', date: '2026-09-01' })
    }
    await api['deposits.refund']({ householdId: a[0]!.id, amount: '300', date: '2026-10-01' })
    await api['deposits.convert']({ householdId: a[1]!.id, amount: '1000', date: '2026-10-02' })
    await api['deposits.offset']({ householdId: b[0]!.id, amount: '0.01', date: '2026-10-03', note: '抵扣' })
    const batch = await api['batches.create']({ scopeCode: QUWO, season: SEASON, item: 'equipment' })
    await api['batches.pay']({ batchId: batch.batch.id, paidOn: '2026-11-01' })

    const city = await api['reconcile.summary']({ season: SEASON })
    expect(city.rowLevel).toBe('county')
    // No 本级 set: the division list's one city.
    expect(city.scope).toMatchObject({ code: '141000', name: '临汾市', level: 'city' })
    expect(city.rows.map((r) => r.name)).toEqual(['尧都区', '曲沃县'])
    const quwo = city.rows.find((r) => r.code === QUWO)!
    expect(quwo.deposits).toEqual({ received: 3_000_00, refunded: 300_00, converted: 1_000_00, offset: 1, balance: 1_699_99 })
    // equipment: 2 accepted households × 8,000 paid; running: 3 × 1,234.56
    expect(quwo.byItem.equipment).toEqual({ entitled: 16_000_00, paid: 16_000_00, outstanding: 0 })
    expect(quwo.byItem.running).toEqual({ entitled: 3_703_68, paid: 0, outstanding: 3_703_68 })
    expect(quwo.byLevel.city).toEqual({ entitled: 9_851_84, paid: 8_000_00, outstanding: 1_851_84 })
    expect(quwo.households).toBe(3)
    expect(city.total.deposits.balance).toBe(quwo.deposits.balance + 1_000_00)
    expect(city.total.subsidy.entitled).toBe(city.rows.reduce((s, r) => s + r.subsidy.entitled, 0))

    const county = await api['reconcile.summary']({ scopeCode: QUWO, season: SEASON })
    expect(county.rowLevel).toBe('township')
    expect(county.total).toMatchObject({ deposits: quwo.deposits, subsidy: quwo.subsidy })
    expect(county.rows.filter((r) => r.subsidy.entitled > 0).map((r) => r.name)).toEqual(['乐昌镇', '史村镇'])
    const village = await api['reconcile.summary']({ scopeCode: v1!, season: SEASON })
    expect(village.rowLevel).toBe('household')
    expect(village.rows.map((r) => [r.name, r.deposits.balance, r.subsidy.outstanding])).toEqual([
      [a[0]!.headName, 700_00, 1_234_56],
      [a[1]!.headName, 0, 1_234_56],
    ])
    const asOf = await api['reconcile.summary']({ scopeCode: QUWO, season: SEASON, asOf: '2026-09-30' })
    expect(asOf.total.deposits.balance).toBe(3_000_00)
    expect(asOf.total.subsidy.paid).toBe(0)

    const wb = await workbook(await api['reconcile.export']({ season: SEASON }))
    expect(wb.worksheets.map((w) => w.name)).toEqual(['押金对账', '补贴对账（按项目）', '补贴对账（按资金层级）'])
    const dep = rowsOf(wb.worksheets[0]!)
    expect(dep[0]![0]).toBe('临汾市清洁取暖改造押金对账表')
    expect(dep.find((r) => r[0] === '曲沃县')).toEqual(['曲沃县', 3000, 300, 1000, 0.01, 1699.99])
    expect(dep.find((r) => r[0] === '合计')).toEqual(['合计', 4000, 300, 1000, 0.01, 2699.99])
    const items = rowsOf(wb.worksheets[1]!)
    expect(items[3]).toEqual(['县区', '应享户数', ...['设备购置补贴', '运行补贴', '合计'].flatMap((g) => [g, g, g])])
    expect(items[4]!.slice(2, 5)).toEqual(['应发', '已发', '未发'])
    expect(items.find((r) => r[0] === '曲沃县')).toEqual(['曲沃县', 3, 16000, 16000, 0, 3703.68, 0, 3703.68, 19703.68, 16000, 3703.68])
    const levels = rowsOf(wb.worksheets[2]!)
    expect(levels[3]).toEqual(['县区', ...['市级资金', '县级资金', '合计'].flatMap((g) => [g, g, g])])
    expect(levels.find((r) => r[0] === '合计')!.slice(7)).toEqual([28938.24, 16000, 12938.24])
    expect(wb.worksheets[1]!.getCell('C6').numFmt).toBe('#,##0.00')
  })
})

describe('money exports in a real spreadsheet program', () => {
  it.skipIf(!SOFFICE)('prints the roster with its title and page numbers on every page, and the reconciliation', { timeout: 180_000 }, async () => {
    core = openCore(undefined, '2026-11-20')
    const api = core.api
    await importQuwoYaodu(core)
    await loadPreset(core, 'datong')
    const villages = await villagesOf(core, `${QUWO}100`, 5)
    for (const v of villages) {
      for (const h of await addHouseholds(core, v, 12, 'gas', 'accepted')) {
        await api['finance.update']({ householdId: h.id, lowIncome: 'none', bankCard: '6222021234567890123', bankName: '曲沃县农村商业银行' })
      }
    }
    const b = await api['batches.create']({ scopeCode: `${QUWO}100`, season: SEASON, item: 'equipment' })
    const roster = await api['batches.roster']({ batchId: b.batch.id })
    const { pdf, pages } = xlsxToPdf(Buffer.from(roster.dataBase64, 'base64'), 'roster.xlsx')
    expect(pages).toBeGreaterThan(1)
    const texts = pdfText(pdf).split('\f').filter((p) => p.trim())
    expect(texts).toHaveLength(pages)
    for (const [i, p] of texts.entries()) {
      const flat = p.replace(/\s+/g, '')
      expect(flat).toContain(`乐昌镇${SEASON}采暖季设备购置补贴发放花名册`)
      expect(flat).toContain(`第${i + 1}页共${pages}页`)
    }
    expect(texts.at(-1)!.replace(/\s+/g, '')).toContain('合计60户，金额480,000.00元（人民币肆拾捌万元整）')
    const rec = await api['reconcile.export']({ scopeCode: QUWO, season: SEASON })
    const r = xlsxToPdf(Buffer.from(rec.dataBase64, 'base64'), 'recon.xlsx')
    const flat = pdfText(r.pdf).replace(/\s+/g, '')
    expect(flat).toContain('曲沃县清洁取暖改造押金对账表')
    expect(flat).toContain('曲沃县清洁取暖补贴对账表（按资金层级）')
    expect(flat).toContain('480,000.00')
  })
})
