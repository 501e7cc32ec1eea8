// Each report's .xlsx read back with exceljs: title, header, sample cells as numbers with their
// formats, totals, merges, print setup; then opened by LibreOffice, which must print it to PDF.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { FileOutput } from '../../src/core/contract'
import { FMT } from '../../src/core/excel/print-sheet'
import { openCore } from './helpers/core'
import { pdfText, SOFFICE, xlsxToPdf } from './helpers/libreoffice'
import { loadDataset, problem, V } from './helpers/report-dataset'

let core: Core
beforeAll(async () => {
  core = openCore()
  await loadDataset(core)
})
afterAll(() => core?.close())

async function read(file: FileOutput): Promise<ExcelJS.Workbook> {
  expect(file.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer)
  return wb
}

const merges = (ws: ExcelJS.Worksheet) => (ws.model as unknown as { merges: string[] }).merges

/** Row number of the first row whose column-`col` cell reads `text`. */
function rowOf(ws: ExcelJS.Worksheet, text: string, col = 2): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, col).value === text) return r
  throw new Error(`${ws.name}: no row with ${text} in column ${col}`)
}

/** Every sheet: A4 landscape, fit to one page wide, title rows repeated, page numbers, frozen header, CJK fonts. */
function expectPrintSetup(ws: ExcelJS.Worksheet, headerLastRow: number, opts: { orientation?: string; repeatFrom?: number } = {}): void {
  expect(ws.pageSetup).toMatchObject({
    paperSize: 9,
    orientation: opts.orientation ?? 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${opts.repeatFrom ?? 1}:${headerLastRow}`,
  })
  expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页')
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerLastRow })
  expect(ws.getCell('A1').font.name).toBe('黑体')
  expect(ws.getCell(headerLastRow + 1, 1).font.name).toBe('宋体')
}

/** Every number cell of the data rows holds a number (never text that looks like one). */
function expectNoNumericText(ws: ExcelJS.Worksheet, from: number, to: number): void {
  for (let r = from; r <= to; r++) {
    ws.getRow(r).eachCell((cell) => {
      if (typeof cell.value === 'string') expect(cell.value, `${ws.name}!${cell.address}`).not.toMatch(/^[+-]?[\d,.]+%?$/)
    })
  }
}

const pdfs = new Map<string, FileOutput>()

describe('日报 export', () => {
  it('汇总, a sheet per route and per county by township, with numbers, formats, totals and 未上报', async () => {
    const file = await core.api['reports.dailyExport']({ date: '2026-11-20', byTownship: true })
    pdfs.set('daily', file)
    expect(file.fileName).toBe('临汾市农村清洁取暖改造进度日报_2026-11-20.xlsx')
    const wb = await read(file)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['日报汇总', '煤改气', '煤改电', '尧都区分乡镇', '曲沃县分乡镇', '襄汾县分乡镇'])

    const ws = wb.getWorksheet('日报汇总')!
    expect(ws.getCell('A1').value).toBe('临汾市农村清洁取暖改造进度日报')
    expect(ws.getCell('A2').value).toBe('统计日期：2026年11月20日')
    expect(ws.getCell('A3').value).toBe('制表单位：清洁取暖工作领导小组办公室')
    expect(String(ws.getCell(3, 11).value)).toBe('制表时间：2026-11-20 09:30')
    // Two header rows: 序号 | 县 | 煤改气 ×4 | 煤改电 ×4 | 合计 ×4 | 排名
    expect([ws.getCell('A4').value, ws.getCell('B4').value, ws.getCell('C4').value, ws.getCell('G4').value, ws.getCell('K4').value, ws.getCell('O4').value]).toEqual([
      '序号',
      '县（市、区）',
      '煤改气',
      '煤改电',
      '合计',
      '排名',
    ])
    expect([ws.getCell('C5').value, ws.getCell('D5').value, ws.getCell('E5').value, ws.getCell('F5').value]).toEqual(['任务户数', '累计完成', '完成率', '当日新增'])
    expect(merges(ws)).toEqual(expect.arrayContaining(['A1:O1', 'A4:A5', 'C4:F4', 'G4:J4', 'K4:N4', 'O4:O5']))
    // 尧都区: gas 140/84 (+19), electric 50/30 (+2), all 190/114 (+21), rank 1 (tied with 曲沃县)
    expect([6, 7, 8].map((r) => ws.getCell(r, 2).value)).toEqual(['尧都区', '曲沃县', '襄汾县'])
    expect([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((c) => ws.getCell(6, c).value)).toEqual([140, 84, 0.6, 19, 50, 30, 0.6, 2, 190, 114, 0.6, 21, 1])
    expect(ws.getCell(7, 15).value).toBe(1)
    expect(ws.getCell(8, 15).value).toBe(3)
    // 襄汾县 electric above 100%, kept as it is
    expect(ws.getCell(8, 9).value).toBe(1.1)
    expect(ws.getCell('E6').numFmt).toBe(FMT.pct)
    expect(ws.getCell('C6').numFmt).toBe(FMT.int)
    expect(ws.getCell('F6').numFmt).toBe(FMT.delta)
    // The total row is the sum of the county rows, bold.
    expect(ws.getCell('B9').value).toBe('全市合计')
    for (const c of [3, 4, 6, 7, 8, 10, 11, 12, 14]) {
      expect(ws.getCell(9, c).value, `column ${c}`).toBe([6, 7, 8].reduce((n, r) => n + ((ws.getCell(r, c).value as number | null) ?? 0), 0))
    }
    // 309/520 = 59.423…%: written as printed, 59.4%
    expect(ws.getCell(9, 13).value).toBe(0.594)
    expect(ws.getCell('B9').font.bold).toBe(true)
    expect(ws.getCell(11, 1).value).toBe('未上报（1 个乡镇，应报 4 个）：曲沃县乐昌镇')
    expect(String(ws.getCell(12, 1).value)).toContain('完成指点火通气/通电')
    expectPrintSetup(ws, 5)
    expectNoNumericText(ws, 6, 9)

    const gas = wb.getWorksheet('煤改气')!
    expect(gas.getCell('A1').value).toBe('临汾市农村清洁取暖改造进度日报（煤改气）')
    expect(gas.getCell('D4').value).toBe('确户签约')
    expect(gas.getCell('L4').value).toBe('点火通气')
    expect([gas.getCell('D5').value, gas.getCell('E5').value]).toEqual(['累计', '比例'])
    expect(gas.getCell('P4').value).toBe('管线(km)')
    expect(gas.getCell('Q4').value).toBe('当日新增\n点火通气')
    // 尧都区 gas: connected 84 of 140, confirmed 124, km 8.4
    expect([gas.getCell('C6').value, gas.getCell('D6').value, gas.getCell('L6').value, gas.getCell('M6').value, gas.getCell('Q6').value, gas.getCell('R6').value, gas.getCell('S6').value]).toEqual([
      140, 124, 84, 0.6, 19, 0.6, 1,
    ])
    expect(gas.getCell('P6').value).toBeCloseTo(8.4, 9)
    expect(gas.getCell('P6').numFmt).toBe(FMT.km)
    expect(gas.getCell('B9').value).toBe('合计')
    expect(gas.getCell('L9').value).toBe(224)
    expect(merges(gas)).toEqual(expect.arrayContaining(['D4:E4', 'L4:M4', 'C4:C5']))
    expectPrintSetup(gas, 5)

    const town = wb.getWorksheet('尧都区分乡镇')!
    expect([town.getCell('B6').value, town.getCell('B7').value, town.getCell('B8').value]).toEqual(['屯里镇', '乔李镇', '尧都区合计'])
    expect(town.getCell('K8').value).toBe(190)
    expectPrintSetup(town, 5)
  })
})

describe('周通报 export', () => {
  it('puts the edited text above the ranking, numbers as numbers', async () => {
    await core.api['reports.saveSettings']({ weekEndsOn: 5 })
    const draft = (await core.api['reports.weekly']({ date: '2026-11-20' })).draft
    const edited = `${draft}\n经市清洁办研究，对进度滞后的县予以通报。`
    const file = await core.api['reports.weeklyExport']({ date: '2026-11-20', text: edited })
    pdfs.set('weekly', file)
    expect(file.fileName).toBe('临汾市农村清洁取暖改造工作周通报_2026-11-14至2026-11-20.xlsx')
    const wb = await read(file)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['周通报', '分路线'])
    const ws = wb.getWorksheet('周通报')!
    expect(ws.getCell('A1').value).toBe('临汾市农村清洁取暖改造工作周通报')
    expect(ws.getCell('A2').value).toBe('2026年11月14日—11月20日')
    expect(String(ws.getCell('A4').value)).toMatch(/^\u3000\u3000截至11月20日，全市累计完成清洁取暖改造309户/)
    expect(ws.getCell('A6').value).toBe('\u3000\u3000经市清洁办研究，对进度滞后的县予以通报。')
    expect(ws.getCell('A4').alignment.wrapText).toBe(true)
    const head = 7
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((c) => ws.getCell(head, c).value)).toEqual([
      '排名',
      '县（市、区）',
      '任务户数',
      '累计完成',
      '完成率',
      '本周新增',
      '上周新增',
      '环比增减',
      '近7日日均',
      '所需日均',
      '进度状态',
    ])
    expect([1, 2, 3, 4, 5, 6, 7, 8, 11].map((c) => ws.getCell(head + 1, c).value)).toEqual([1, '尧都区', 190, 114, 0.6, 44, 35, 9, '滞后'])
    expect(ws.getCell(head + 3, 8).value).toBe(-5)
    expect(ws.getCell(head + 3, 11).value).toBe('超期')
    expect(ws.getCell(head + 1, 9).value).toBeCloseTo(44 / 7, 12)
    expect(ws.getCell(head + 1, 9).numFmt).toBe(FMT.dec1)
    expect(ws.getCell(head + 1, 8).numFmt).toBe(FMT.delta)
    const total = rowOf(ws, '全市合计')
    expect(total).toBe(head + 4)
    expect([3, 4, 6, 7, 8].map((c) => ws.getCell(total, c).value)).toEqual([520, 309, 84, 80, 4])
    expect(String(ws.getCell(total + 2, 1).value)).toBe('进度滞后或超期的县（市、区）：襄汾县（超期）、曲沃县（滞后）、尧都区（滞后）。')
    // A bulletin prints portrait, its text once; the table's header repeats on each page.
    expectPrintSetup(ws, head, { orientation: 'portrait', repeatFrom: head })
    expectNoNumericText(ws, head + 1, total)
    expect(wb.getWorksheet('分路线')!.getCell('C4').value).toBe('煤改气')

    // Without text, the draft goes in.
    const plain = await read(await core.api['reports.weeklyExport']({ date: '2026-11-20' }))
    expect(String(plain.getWorksheet('周通报')!.getCell('A4').value)).toBe(`\u3000\u3000${draft.split('\n')[0]}`)
    await core.api['reports.saveSettings']({ weekEndsOn: 0 })
  })
})

describe('旬例会 export', () => {
  it('five sheets in meeting order, the problem section labelled even when empty', async () => {
    const empty = await read(await core.api['reports.tenDayExport']({ date: '2026-11-20' }))
    const emptyProblems = empty.getWorksheet('三、问题整改')!
    expect(emptyProblems.getCell(rowOf(emptyProblems, '全市合计', 1) + 2, 1).value).toBe('问题台账暂无记录：本旬没有新发现、整改销号或逾期的问题。')

    core.store!.transact({ who: '测试', method: 'test' }, (tx) => {
      tx.put('problems', 'P1', problem('P1', V.A1, '2026-11-12', '2026-11-18'))
      tx.put('problems', 'P2', problem('P2', V.A3, '2026-11-05', '2026-11-25', '2026-11-15'))
    })
    const file = await core.api['reports.tenDayExport']({ date: '2026-11-20' })
    pdfs.set('tenday', file)
    expect(file.fileName).toBe('临汾市农村清洁取暖改造旬例会材料_2026年11月中旬.xlsx')
    const wb = await read(file)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['一、进度与排名', '二、本旬新增', '三、问题整改', '四、工期滞后', '五、下一旬安排'])

    const progress = wb.getWorksheet('一、进度与排名')!
    expect(progress.getCell('A1').value).toBe('临汾市农村清洁取暖改造旬例会材料之一：2026年11月中旬进度与排名')
    expect(progress.getCell('A2').value).toBe('2026年11月中旬（11月11日—11月20日）')
    // The 旬 before is named, not called 上旬 (which is also days 1–10 of a month).
    expect(progress.getCell('G4').value).toBe('11月上旬新增')
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((c) => progress.getCell(5, c).value)).toEqual([1, '尧都区', 190, 114, 0.6, 79, 35, 44, 7.9])
    expectPrintSetup(progress, 4)

    const inc = wb.getWorksheet('二、本旬新增')!
    expect(inc.getCell('C4').value).toBe('本旬新增户数')
    expect(inc.getCell('G5').value).toBe('通气/通电')
    expect([inc.getCell('A6').value, inc.getCell('B6').value, inc.getCell('G6').value]).toEqual(['煤改气', '尧都区', 59])
    const gasTotal = rowOf(inc, '合计')
    expect(inc.getCell(gasTotal, 7).value).toBe(59 + 60 + 10)
    expect(inc.getCell(gasTotal, 1).font.bold).toBe(true)
    expectPrintSetup(inc, 5)

    const problems = wb.getWorksheet('三、问题整改')!
    expect([1, 2, 3, 4, 5].map((c) => problems.getCell(4, c).value)).toEqual(['县（市、区）', '本旬新发现', '本旬整改销号', '逾期未整改', '旬末未销号'])
    expect([1, 2, 3, 4, 5].map((c) => problems.getCell(5, c).value)).toEqual(['尧都区', 1, 1, 1, 1])
    expect([2, 3, 4, 5].map((c) => problems.getCell(8, c).value)).toEqual([1, 1, 1, 1])
    expect(problems.getCell(10, 1).value).toBe('截至11月20日，问题台账共 2 条记录。')

    const slip = wb.getWorksheet('四、工期滞后')!
    expect([1, 3, 4, 5, 7].map((c) => slip.getCell(6, c).value)).toEqual(['曲沃县', 70, 60, -10, '滞后'])
    expect(slip.getCell(6, 6).value).toBeCloseTo(10 / 7, 12)
    expect(slip.getCell(6, 5).numFmt).toBe(FMT.delta)

    const next = wb.getWorksheet('五、下一旬安排')!
    expect(next.getCell('A1').value).toBe('临汾市农村清洁取暖改造旬例会材料之五：2026年11月下旬进度安排')
    expect(next.getCell('F4').value).toBe('2026年11月下旬应完成')
    expect(next.getCell('C5').value).toEqual(new Date(Date.UTC(2026, 10, 30)))
    expect(next.getCell('C5').numFmt).toBe(FMT.date)
    expect([next.getCell('B8').value, next.getCell('F8').value]).toEqual([216, 201])
  })
})

describe('倒排工期 export', () => {
  it('rows by route with 合计, dates as dates, and the warning sheet', async () => {
    const file = await core.api['reports.scheduleExport']({ date: '2026-11-20' })
    pdfs.set('schedule', file)
    const wb = await read(file)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['倒排工期', '滞后预警'])
    const ws = wb.getWorksheet('倒排工期')!
    expect(ws.getCell('A1').value).toBe('临汾市农村清洁取暖改造倒排工期表')
    expect(ws.getCell('A2').value).toBe('统计日期：2026年11月20日（近7日进度：11月14日—11月20日）')
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map((c) => ws.getCell(5, c).value)).toEqual([
      '煤改气',
      '尧都区',
      140,
      84,
      56,
      0,
      new Date(Date.UTC(2026, 10, 30)),
      10,
      '滞后',
    ])
    expect(ws.getCell(5, 9).value).toBeCloseTo(5.6, 12)
    expect(ws.getCell(5, 11).value).toEqual(new Date(Date.UTC(2026, 11, 2)))
    expect(ws.getCell(5, 11).numFmt).toBe(FMT.date)
    expect(ws.getCell(7, 12).value).toBe('超期')
    expect(ws.getCell(8, 2).value).toBe('合计')
    expect([3, 4, 5, 6].map((c) => ws.getCell(8, c).value)).toEqual([420, 224, 196, 60])
    // 襄汾县 electric: done; its finish column says so
    expect(ws.getCell(10, 11).value).toBe('已完成')
    expect(String(ws.getCell(13, 1).value)).toBe('预警：按近7日进度不能按期完成或已超期的有 3 个：襄汾县（煤改气）、曲沃县（煤改气）、尧都区（煤改气）。')
    // Paces are summed unrounded, as official statistics are: the note says a total may differ from the sum of the printed rows.
    expect(String(ws.getCell(14, 1).value)).toMatch(/合计行为各县之和.*因四舍五入，合计与分项之和可能略有出入。$/)
    expectPrintSetup(ws, 4)
    const warn = wb.getWorksheet('滞后预警')!
    expect([warn.getCell('B5').value, warn.getCell('J5').value]).toEqual(['襄汾县', '超期'])
    expect(warn.getCell('H6').value).toBeCloseTo(8 - 30 / 7, 12)
  })
})

describe('用气/用电预测 export', () => {
  it('one sheet per route in 万 units, with the parameters printed', async () => {
    const file = await core.api['reports.forecastExport']({ date: '2026-11-20' })
    pdfs.set('forecast', file)
    const wb = await read(file)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['用气预测', '用电预测'])
    const gas = wb.getWorksheet('用气预测')!
    expect(gas.getCell('A1').value).toBe('临汾市清洁取暖用气需求预测（煤改气）')
    expect(gas.getCell('G4').value).toBe('采暖季用气量（万m³）')
    expect([1, 2, 3, 4, 5, 6].map((c) => gas.getCell(6, c).value)).toEqual(['尧都区', 140, 84, 10, 46, 140])
    expect(gas.getCell(6, 7).value).toBeCloseTo((84 * 1500) / 10_000, 9)
    expect(gas.getCell(6, 7).numFmt).toBe(FMT.dec2)
    expect(gas.getCell(9, 1).value).toBe('全市合计')
    expect(gas.getCell(9, 9).value).toBeCloseTo((((224 * 1500) / 121) * 1.5) / 10_000, 9)
    expect(String(gas.getCell(11, 1).value)).toBe('参数：户均采暖季用气量 1,500 m³；采暖季 2026-11-15 至 2027-03-15，共 121 天；高峰系数 1.5（可在“报表”页的报表设置中修改）。')
    expect(merges(gas)).toEqual(expect.arrayContaining(['C4:F4', 'G4:H4', 'I4:J4', 'A4:A5']))
    expectPrintSetup(gas, 5, { orientation: 'portrait' })
    expect(wb.getWorksheet('用电预测')!.getCell('C5').value).toBe('已通电')
  })
})

describe.skipIf(!SOFFICE)('LibreOffice prints every export', { timeout: 180_000 }, () => {
  const expected: Record<string, string[]> = {
    daily: ['临汾市农村清洁取暖改造进度日报', '未上报', '曲沃县乐昌镇'],
    weekly: ['临汾市农村清洁取暖改造工作周通报', '经市清洁办研究'],
    tenday: ['之一：2026年11月中旬进度与排名', '之三：2026年11月中旬问题整改情况', '之五：2026年11月下旬进度安排'],
    schedule: ['临汾市农村清洁取暖改造倒排工期表', '滞后预警'],
    forecast: ['临汾市清洁取暖用气需求预测', '临汾市清洁取暖用电需求预测'],
  }
  for (const [key, words] of Object.entries(expected)) {
    it(`${key}: converts to PDF with its titles and 第 N 页 共 M 页 on every page`, () => {
      const file = pdfs.get(key)
      expect(file, `the ${key} export test must run first`).toBeDefined()
      const { pdf, pages } = xlsxToPdf(Buffer.from(file!.dataBase64, 'base64'), `${key}.xlsx`)
      const text = pdfText(pdf)
      const flat = text.replace(/\s+/g, '')
      for (const w of words) expect(flat).toContain(w)
      const pageTexts = text.split('\f').filter((p) => p.trim())
      expect(pageTexts).toHaveLength(pages)
      pageTexts.forEach((p, i) => expect(p.replace(/\s+/g, '')).toContain(`第${i + 1}页共${pages}页`))
      // The bulletin's text is printed once, however many pages the table takes.
      if (key === 'weekly') expect(flat.split('全市累计完成清洁取暖改造').length - 1).toBe(1)
    })
  }
})
