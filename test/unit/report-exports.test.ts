// Each report's .xlsx read back with exceljs: title, header, sample cells as numbers with their
// formats, totals, merges, print setup; then opened by LibreOffice, which must print it to PDF.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { FileOutput } from '../../src/core/contract'
import { FMT } from '../../src/core/excel/print-sheet'
import { openCore } from './helpers/core'
import { pageFill, pdfText, SOFFICE, xlsxToPdf } from './helpers/libreoffice'
import { loadDataset, problem, V } from './helpers/report-dataset'
import { packSection } from './helpers/sheet'

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
    // Two header rows: 序号 | 县 | 煤改气 ×4 | 煤改电 ×4 | 合计 ×4 | 排名 | 当日上报
    expect([ws.getCell('A4').value, ws.getCell('B4').value, ws.getCell('C4').value, ws.getCell('G4').value, ws.getCell('K4').value, ws.getCell('O4').value, ws.getCell('P4').value]).toEqual([
      '序号',
      '县（市、区）',
      '煤改气',
      '煤改电',
      '合计',
      '排名',
      '当日上报',
    ])
    expect([ws.getCell('C5').value, ws.getCell('D5').value, ws.getCell('E5').value, ws.getCell('F5').value]).toEqual(['任务户数', '累计完成', '完成率', '当日新增'])
    expect(merges(ws)).toEqual(expect.arrayContaining(['A1:P1', 'A4:A5', 'C4:F4', 'G4:J4', 'K4:N4', 'O4:O5', 'P4:P5']))
    // 尧都区: gas 140/84 (+19), electric 50/30 (+2), all 190/114 (+21), rank 1
    expect([6, 7, 8].map((r) => ws.getCell(r, 2).value)).toEqual(['尧都区', '曲沃县', '襄汾县'])
    expect([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16].map((c) => ws.getCell(6, c).value)).toEqual([140, 84, 0.6, 19, 50, 30, 0.6, 2, 190, 114, 0.6, 21, 1, '已报'])
    // 曲沃县 reads 60% too, but its one village did not report that day: not ranked, marked 未报
    expect([ws.getCell(7, 15).value, ws.getCell(7, 16).value]).toEqual(['未报', '未报'])
    expect(ws.getCell(8, 15).value).toBe(2)
    expect(ws.getCell(9, 16).value).toBe('5/6村')
    // 襄汾县 electric above 100%, kept as it is
    expect(ws.getCell(8, 9).value).toBe(1.1)
    expect(ws.getCell('E6').numFmt).toBe(FMT.pct)
    expect(ws.getCell('C6').numFmt).toBe(FMT.int)
    // an increase: signed, a fall printed as 回退 (the cell keeps the negative number)
    expect(ws.getCell('F6').numFmt).toBe('+#,##0;"回退"#,##0;0')
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
    expect(gas.getCell('B9').value).toBe('全市合计')
    expect(gas.getCell('L9').value).toBe(224)
    // 襄汾县 electric on its own sheet: 55 of 50, shown as it is and flagged in dark red
    const electric = wb.getWorksheet('煤改电')!
    expect(electric.getCell('M7').value).toBe(1.1)
    expect(electric.getCell('M7').font.color?.argb).toBe('FFB42318')
    expect(electric.getCell('M6').font.color?.argb).toBeUndefined()
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
  it('one document: the narrative, then the tables in meeting order on packed pages; the problem section labelled even when empty', async () => {
    const empty = await read(await core.api['reports.tenDayExport']({ date: '2026-11-20' }))
    expect(packSection(empty, '四、').notes[0]).toBe('问题台账暂无记录：本旬没有新发现、整改销号或逾期的问题。')

    core.store!.transact({ who: '测试', method: 'test' }, (tx) => {
      tx.put('problems', 'P1', problem('P1', V.A1, '2026-11-12', '2026-11-18'))
      tx.put('problems', 'P2', problem('P2', V.A3, '2026-11-05', '2026-11-25', '2026-11-15'))
    })
    const file = await core.api['reports.tenDayExport']({ date: '2026-11-20' })
    pdfs.set('tenday', file)
    expect(file.fileName).toBe('临汾市农村清洁取暖改造旬例会材料_2026年11月中旬.xlsx')
    const wb = await read(file)
    // One sheet per printed page, named by the sections on it, each printed fit to one A4 page.
    expect(wb.worksheets.map((w) => w.name).join('、')).toBe('一、二、三、四、五、六')
    expect(wb.worksheets.length).toBeLessThanOrEqual(3)
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1, printTitlesRow: '1:3' })
      expect(ws.getCell('A1').value).toBe('临汾市农村清洁取暖改造旬例会材料')
      expect(ws.getCell('A2').value).toBe('2026年11月中旬（11月11日—11月20日）')
      expect(ws.getCell('A1').font.name).toBe('黑体')
      expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页')
    }
    const first = wb.worksheets[0]!
    expect(first.getCell('A4').value).toBe('一、情况综述')
    const narrative = [5, 6, 7, 8, 9].map((r) => String(first.getCell(r, 1).value))
    // 旬初 (11-10) the schedule asked 尧都区 66, 曲沃县 70 (140 left over 20 days), 襄汾县 72 (C1's 70
    // due 11-15, C2 ⌈10/51×10⌉ = 2); they did 79, 60, 25: 44 short at 27.73 a day = 1.6 days.
    expect(narrative[0]).toBe(
      '\u3000\u3000（一）进度与工期。截至11月20日，全市累计完成清洁取暖改造309户（以点火通气/通电计），占任务总数520户的59.4%；11月中旬新增164户，日均16.4户，较11月上旬多19户。按旬初倒排工期，本旬应完成208户，实际完成164户，欠44户，折合滞后1.6天。欠完成的有襄汾县（欠47户）、曲沃县（欠10户）。目前尧都区、曲沃县按近7日进度滞后，襄汾县有户数已过完成时限。',
    )
    expect(narrative[2]).toBe(
      '\u3000\u3000（三）问题整改。本旬新发现问题1个（尧都区1个），整改销号1个（尧都区1个）；截至11月20日，逾期未整改1个（尧都区1个），未销号1个。逾期的是：尧都区屯里镇韩村村委会壁挂炉已安装但庭院管网未通（责任单位屯里镇人民政府，整改时限11月18日）。',
    )
    expect(narrative[4]).toMatch(/^\u3000\u3000（五）11月下旬安排。2026年11月下旬（11月21日—11月30日，10天）按倒排工期全市应完成201户，需日均.*户。各县（市、区）所需日均：/)

    const progress = packSection(wb, '二、')
    // The 旬 before is named, not called 上旬 (which is also days 1–10 of a month).
    expect(progress.header).toEqual(['县（市、区）', '排名', '任务户数', '累计完成', '完成率', '本旬新增', '11月上旬新增', '环比增减', '本旬日均'])
    expect(progress.rows[0]).toEqual(['尧都区', 1, 190, 114, 0.6, 79, 35, 44, 7.9])
    expect(progress.rows.at(-1)![0]).toBe('全市合计')

    const inc = packSection(wb, '三、')
    expect(inc.header.slice(0, 3)).toEqual(['县（市、区）', '路线', '确户签约'])
    expect(inc.header[6]).toBe('通气/通电')
    expect(inc.rows[0]!.slice(0, 2).concat(inc.rows[0]![6]!)).toEqual(['尧都区', '煤改气', 59])
    const gasTotal = inc.rows.findIndex((r) => r[0] === '全市合计' && r[1] === '煤改气')
    expect(inc.rows[gasTotal]![6]).toBe(59 + 60 + 10)
    expect(inc.ws.getCell(inc.firstRow + gasTotal, 1).font.bold).toBe(true)

    const problems = packSection(wb, '四、')
    expect(problems.header).toEqual(['县（市、区）', '本旬新发现', '本旬整改销号', '逾期未整改', '旬末未销号'])
    expect(problems.rows[0]).toEqual(['尧都区', 1, 1, 1, 1])
    expect(problems.rows.at(-1)).toEqual(['全市合计', 1, 1, 1, 1])
    expect(problems.notes[0]).toBe('截至11月20日，问题台账共 2 条记录。')

    const slip = packSection(wb, '五、')
    const quwo = slip.rows.find((r) => r[0] === '曲沃县')!
    expect([quwo[2], quwo[3], quwo[4], quwo[6]]).toEqual([70, 60, -10, '滞后'])
    expect(quwo[5]).toBeCloseTo(10 / 7, 12)
    expect(slip.ws.getCell(slip.firstRow + slip.rows.indexOf(quwo), 5).numFmt).toBe(FMT.delta)

    const next = packSection(wb, '六、')
    expect(next.ws.getCell(next.headingRow, 1).value).toBe('六、11月下旬进度安排（11月21日—11月30日，10天）')
    expect(next.header[5]).toBe('11月下旬应完成')
    expect(next.rows[0]![2]).toEqual(new Date(Date.UTC(2026, 10, 30)))
    expect(next.ws.getCell(next.firstRow, 3).numFmt).toBe(FMT.date)
    expect([next.rows.at(-1)![1], next.rows.at(-1)![5]]).toEqual([216, 201])
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
    expect(ws.getCell(8, 2).value).toBe('全市合计')
    expect([3, 4, 5, 6].map((c) => ws.getCell(8, c).value)).toEqual([420, 224, 196, 60])
    // 襄汾县 electric: done; its finish column says so
    expect(ws.getCell(10, 11).value).toBe('已完成')
    expect(String(ws.getCell(13, 1).value)).toBe('预警：按近7日进度不能按期完成或已超期的有 3 个：襄汾县（煤改气）、曲沃县（煤改气）、尧都区（煤改气）。')
    // Paces are summed unrounded, as official statistics are: the note says a total may differ from the sum of the printed rows.
    expect(String(ws.getCell(14, 1).value)).toMatch(/合计行为各县（市、区）之和.*因四舍五入，合计与分项之和可能略有出入。$/)
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
    tenday: ['一、情况综述', '二、11月中旬进度与排名', '四、11月中旬问题整改情况', '六、11月下旬进度安排'],
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
      // The pack: no page less than a third used (see pageFill), and no more pages than needed.
      if (key === 'tenday') {
        expect(pages).toBeLessThanOrEqual(3)
        for (const [i, f] of pageFill(pdf).entries()) expect(f, `page ${i + 1}`).toBeGreaterThanOrEqual(1 / 3)
      }
    })
  }
})
