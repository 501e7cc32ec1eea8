// The .xlsx gate in front of exceljs: the zip directory reader against odd but honest zips (ZIP64
// fields, as some Java and .NET writers make) and dishonest ones, and the sheet XML scan against
// exceljs itself: whatever XML it is given, the scan never counts fewer rows or cells than exceljs
// builds, so no sheet can slip past a limit.

import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { AppError } from '../../src/core/errors'
import { scanSheetXml } from '../../src/core/import/sheet-xml'
import { readWorkbook } from '../../src/core/import/table'
import { checkXlsxPackage } from '../../src/core/import/xlsx-package'
import { readZipDirectory } from '../../src/core/import/zip-directory'
import { part, rowXml, SHEET_HEAD, SHEET_TAIL, workbookParts, zip } from './helpers/hostile'

const sheet = (rows: string, after = '') => part('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${rows}</sheetData>${after}</worksheet>`)
const book = (rows: string, after = '') => [...workbookParts(['日报']), sheet(rows, after)]

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    return e as AppError
  }
  throw new Error('expected a refusal')
}

const damaged = (reason: string) =>
  `文件 a.xlsx 是压缩包，但不是有效的 .xlsx 表格（文件已损坏：${reason}）。请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入。`

describe('zip directory', () => {
  it('reads sizes from ZIP64 extra fields', async () => {
    const parts = book(rowXml(1, ['村名', '户数']) + rowXml(2, ['韩村', '12']))
    const { entries } = readZipDirectory(zip(parts, { zip64: true }), 100)
    expect(entries.map((e) => [e.name, e.uncompressedSize, e.compressedSize])).toEqual(parts.map((p) => [p.name, p.size, p.raw.length]))
    expect((await readWorkbook('a.xlsx', zip(parts, { zip64: true })))[0]!.rows).toEqual([
      ['村名', '户数'],
      ['韩村', '12'],
    ])
  })

  it('refuses encrypted entries, entries sharing their data, a part named twice, a cut-off file, and a wrong checksum', async () => {
    const parts = book(rowXml(1, ['村名']))
    expect((await refusal(readWorkbook('a.xlsx', zip(parts, { flags: 1 })))).message).toBe(damaged('加密的压缩包'))
    expect((await refusal(readWorkbook('a.xlsx', zip(parts, { pointAt: { 1: 0 } })))).message).toBe(damaged('条目的数据互相重叠'))
    expect((await refusal(readWorkbook('a.xlsx', zip([...parts, parts[4]!])))).message).toBe(damaged('部分 xl/worksheets/sheet1.xml 出现了两次'))
    const whole = zip(parts)
    expect((await refusal(readWorkbook('a.xlsx', whole.subarray(0, whole.length - 30)))).message).toBe(damaged('找不到压缩包目录，文件不完整'))
    const wrongCrc = zip([...parts.slice(0, 4), { ...parts[4]!, crc: parts[4]!.crc ^ 1 }])
    expect((await refusal(readWorkbook('a.xlsx', wrongCrc))).message).toBe(damaged('部分 xl/worksheets/sheet1.xml 的数据校验不对'))
  })

  it('refuses a part that inflates to less than its directory says', async () => {
    const parts = book(rowXml(1, ['村名']))
    const bytes = zip(parts, { declare: { 'xl/worksheets/sheet1.xml': parts[4]!.size + 10 } })
    expect((await refusal(readWorkbook('a.xlsx', bytes))).message).toBe(damaged('部分 xl/worksheets/sheet1.xml 比写明的小'))
  })

  it('hands exceljs only the parts it reads, and media empty', () => {
    const parts = [...book(rowXml(1, ['村名'])), part('xl/media/image1.png', Buffer.alloc(100_000, 7)), part('xl/pivotCache/pivotCacheRecords1.xml', '<r/>'.repeat(1000))]
    const checked = checkXlsxPackage('a.xlsx', zip(parts))
    const { entries } = readZipDirectory(checked.zip, 100)
    expect(entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['_rels/.rels', parts[1]!.size],
      ['xl/workbook.xml', parts[2]!.size],
      ['xl/_rels/workbook.xml.rels', parts[3]!.size],
      ['xl/worksheets/sheet1.xml', parts[4]!.size],
      ['xl/media/image1.png', 0],
    ])
  })
})

/** What exceljs builds from a sheet's XML: its last row and the widest row (cells it makes). */
async function excelCounts(rows: string): Promise<{ rows: number; columns: number } | 'refused'> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(zip(book(rows)) as unknown as ArrayBuffer)
  } catch {
    return 'refused'
  }
  const ws = wb.worksheets[0]!
  let columns = 0
  for (let r = 1; r <= ws.rowCount; r++) columns = Math.max(columns, ws.getRow(r).cellCount)
  return { rows: ws.rowCount, columns }
}

describe('sheet XML scan', () => {
  const limits = { rows: 1e9, columns: 1e9, cells: 1e12 }
  // [what, rows XML, whether exceljs reads it exactly as written (else it builds less than is there)]
  const cases: Array<[string, string, boolean]> = [
    ['plain', rowXml(1, ['a', 'b']) + rowXml(3, ['c'], 5), true],
    ['single quotes and spaces around =', `<row r = '4' ><c r= 'D4' t="inlineStr"><is><t>x</t></is></c></row>`, true],
    ['a > inside an attribute value', `<row r="2" x="a>b"><c x=">" r="G2" t="inlineStr"><is><t>x</t></is></c></row>`, true],
    ['a fake row in a comment', `<!-- <row r="900"><c r="Z900"/></row> -->${rowXml(2, ['a'])}`, true],
    ['xr:r and other attributes ending in r', `<row xr:r="500" r="2"><c xr:r="K2" r="B2" t="inlineStr"><is><t>a</t></is></c></row>`, true],
    ['a fake row in CDATA', `<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<row r="9000"><c r="ZZ9000"/>]]></t></is></c></row>`, false],
    ['prefixed elements', `<x:row r="700"><x:c r="Q700"/></x:row>${rowXml(2, ['a'])}`, false],
    ['rows and cells without r', `<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>${rowXml(3, ['c'])}`, false],
  ]
  for (const [name, rows, exact] of cases) {
    it(`counts at least what exceljs builds: ${name}`, async () => {
      const scan = scanSheetXml(Buffer.from(`${SHEET_HEAD}${rows}${SHEET_TAIL}`), limits)
      if ('over' in scan) throw new Error('over a limit')
      const excel = await excelCounts(rows)
      if (excel === 'refused') return
      expect(scan.rows).toBeGreaterThanOrEqual(excel.rows)
      expect(scan.columns).toBeGreaterThanOrEqual(excel.columns)
      if (exact) expect([scan.rows, scan.columns]).toEqual([excel.rows, excel.columns])
    })
  }

  it('takes merges and validations out of the XML, and keeps everything else', () => {
    const after = '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><dataValidations count="1"><dataValidation sqref="A:A"/></dataValidations><pageMargins left="0.5"/>'
    const scan = scanSheetXml(Buffer.from(`${SHEET_HEAD}${rowXml(1, ['a'])}</sheetData>${after}</worksheet>`), limits)
    if ('over' in scan) throw new Error('over a limit')
    expect(scan.merges).toEqual([{ top: 1, left: 1, bottom: 1, right: 2 }])
    expect(scan.xml.toString()).toBe(`${SHEET_HEAD}${rowXml(1, ['a'])}</sheetData><pageMargins left="0.5"/></worksheet>`)
  })
})
