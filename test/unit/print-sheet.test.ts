import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { addPrintSheet, FMT, newWorkbook, safeFileName, safeSheetName, textWidth, titleBlockWidth, workbookFile } from '../../src/core/excel/print-sheet'
import { pdfText, SOFFICE, xlsxToPdf } from './helpers/libreoffice'

async function sample(rows = 3) {
  const wb = newWorkbook('测试', new Date('2026-11-20T09:00:00'))
  const data: (string | number)[][] = []
  for (let i = 0; i < rows; i++) data.push([`县区${i + 1}`, 1000 + i, 980 + i, (980 + i) / (1000 + i), 12.5])
  data.push(['合计', 1000 * rows, 980 * rows, 0.98, 12.5 * rows])
  const layout = addPrintSheet(wb, {
    name: '日报',
    title: '临汾市农村清洁取暖改造进度日报',
    subtitle: '统计日期：2026年11月20日',
    unit: '市清洁取暖办',
    madeAt: '2026-11-20 09:00',
    columns: [
      { header: '县区' },
      { header: '任务户数', numFmt: FMT.int },
      { header: '累计', group: '点火通气', numFmt: FMT.int },
      { header: '比例', group: '点火通气', numFmt: FMT.pct },
      { header: '管线(km)', numFmt: FMT.km },
    ],
    rows: data,
    totalRows: [rows],
    notes: ['未上报：尧都区屯里镇、襄汾县新城镇'],
  })
  return { wb, layout, file: await workbookFile(wb, '日报.xlsx') }
}

describe('print-ready sheets', () => {
  it('measures Chinese text as double width', () => {
    expect(textWidth('abc')).toBe(3)
    expect(textWidth('尧都区')).toBe(6)
    expect(textWidth('１２')).toBe(4)
  })

  it('makes sheet and file names Excel and Windows accept', () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('a')
    expect(safeSheetName(wb, 'a')).toBe('a(2)')
    expect(safeSheetName(wb, '1/2:3')).toBe('1_2_3')
    expect(safeSheetName(wb, 'x'.repeat(40))).toHaveLength(31)
    expect(safeFileName('日报:11/20.xlsx')).toBe('日报_11_20.xlsx')
  })

  it('writes title, two-row header with merges, numbers with formats and the print setup', async () => {
    const { layout, file } = await sample()
    expect(layout).toMatchObject({ headerFirstRow: 4, headerLastRow: 5, firstDataRow: 6, lastDataRow: 9 })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('日报')!
    expect(ws.getCell('A1').value).toBe('临汾市农村清洁取暖改造进度日报')
    expect(ws.getCell('A1').font.name).toBe('黑体')
    expect(ws.getCell('A3').value).toBe('制表单位：市清洁取暖办')
    expect(ws.getCell('A4').value).toBe('县区')
    expect(ws.getCell('C4').value).toBe('点火通气')
    expect(ws.getCell('C5').value).toBe('累计')
    expect(ws.getCell('D5').value).toBe('比例')
    const merges = (ws.model as unknown as { merges: string[] }).merges
    expect(merges).toEqual(expect.arrayContaining(['A1:E1', 'A4:A5', 'C4:D4']))
    expect(ws.getCell('B6').value).toBe(1000)
    expect(ws.getCell('B6').numFmt).toBe('#,##0')
    expect(ws.getCell('D6').numFmt).toBe('0.0%')
    expect(typeof ws.getCell('D6').value).toBe('number')
    expect(ws.getCell('A9').font.bold).toBe(true)
    expect(ws.getCell('A11').value).toBe('未上报：尧都区屯里镇、襄汾县新城镇')
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:5' })
    expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页')
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 })
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(textWidth('县区1') + 2)
  })

  it('widens a narrow table so a long title is not cut off when printed', () => {
    const wb = newWorkbook('测试')
    const spec = {
      name: '问题',
      title: '临汾市农村清洁取暖改造旬例会材料之三：2026年11月中旬问题整改情况',
      subtitle: '2026年11月中旬（11月11日—11月20日）',
      unit: '清洁取暖工作领导小组办公室',
      madeAt: '2026-11-20 09:00',
      columns: [{ header: '县（市、区）' }, { header: '新发现', numFmt: FMT.int }],
      rows: [['尧都区', 3]],
    }
    const { sheet } = addPrintSheet(wb, spec)
    const widths = [1, 2].map((c) => sheet.getColumn(c).width!)
    // 18 pt title: about 18/11 of its body width
    expect(titleBlockWidth(spec)).toBeGreaterThanOrEqual(Math.ceil((textWidth(spec.title) * 18) / 11))
    expect(widths[0]! + widths[1]!).toBeGreaterThanOrEqual(titleBlockWidth(spec))
    // both columns grow alike: the county column stays the wider
    expect(widths[0]).toBeGreaterThan(widths[1]!)
    // a wide table is left as it was
    const { sheet: wide } = addPrintSheet(wb, { ...spec, name: '宽', title: '短标题', unit: '', madeAt: '', subtitle: '', columns: [{ header: '县区', width: 30 }, { header: '新发现', width: 30 }] })
    expect([wide.getColumn(1).width, wide.getColumn(2).width]).toEqual([30, 30])
  })

  it.skipIf(!SOFFICE)('opens in LibreOffice and prints the title on every page', { timeout: 180_000 }, async () => {
    const { file } = await sample(120)
    const { pdf, pages } = xlsxToPdf(Buffer.from(file.dataBase64, 'base64'), '日报.xlsx')
    expect(pages).toBeGreaterThan(1)
    const text = pdfText(pdf)
    const pagesText = text.split('\f').filter((p) => p.trim())
    expect(pagesText).toHaveLength(pages)
    for (const [i, p] of pagesText.entries()) {
      const flat = p.replace(/\s+/g, '')
      expect(flat).toContain('临汾市农村清洁取暖改造进度日报')
      expect(flat).toContain(`第${i + 1}页共${pages}页`)
    }
  })
})
