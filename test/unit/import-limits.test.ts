// Hostile files against every reader's limits (src/core/import/limits.ts): each one is refused with
// the exact message and place, nothing is stored, and the refusal takes bounded memory (the peak
// RSS it adds stays under 300 MB; no timings here, see docs/IMPORTS.md for those).

import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { AppError } from '../../src/core/errors'
import { LIMITS } from '../../src/core/import/limits'
import { readWorkbook } from '../../src/core/import/table'
import { SHARED, fileInput, openCore, rejects, textInput } from './helpers/core'
import { letters, part, peakGrowthMb, repeatedPart, rowXml, SHEET_HEAD, SHEET_TAIL, workbookParts, zip } from './helpers/hostile'
import { upload } from './helpers/submissions'

const MB = 1024 * 1024
const BOUND_MB = 300
const ADVICE = '请删去不需要的工作表、行和列（包括表格下方设置了格式的空行），或分成几个文件后再导入。'
const CSV_ADVICE = '请删去不需要的行和列，或分成几个文件后再导入。'
const GEO_ADVICE = '请先在 GIS 软件中简化边界（如 QGIS 的“简化”、mapshaper），或只导入需要的区域。'

let core: Core
beforeAll(async () => {
  core = openCore()
  await core.api['divisions.import'](fileInput(path.join(SHARED, 'linfen-divisions.csv')))
})
afterAll(() => core?.close())

/** What a refused call must leave as it was. */
async function state() {
  const api = core.api
  return {
    seq: core.store!.lastSeq,
    counties: await api['divisions.children']({}),
    layers: await api['map.layers']({}),
    imports: await api['imports.history']({}),
  }
}

/** The refusal of `call`, which must take less than BOUND_MB and change nothing. */
async function refusedWithin(call: () => Promise<unknown>): Promise<AppError> {
  const before = await state()
  const { value: err, mb } = await peakGrowthMb(() => rejects(call()))
  expect(mb).toBeLessThan(BOUND_MB)
  expect(await state()).toEqual(before)
  return err
}

/** A workbook of one sheet 日报 whose XML is `part`. */
const oneSheet = (sheet: ReturnType<typeof part>, declare: Record<string, number> = {}) => zip([...workbookParts(['日报']), sheet], { declare })
const sheetPart = (rows: string) => part('xl/worksheets/sheet1.xml', SHEET_HEAD + rows + SHEET_TAIL)

/** The same file through a township batch: one rejected file with the reader's message, nothing kept. */
async function rejectedInBatch(fileName: string, bytes: Buffer, message: string, where: Record<string, unknown>): Promise<void> {
  const before = await state()
  const { value: added, mb } = await peakGrowthMb(() => core.api['imports.addFile']({ file: upload(fileName, bytes) }))
  expect(mb).toBeLessThan(BOUND_MB)
  expect(added.file.status).toBe('rejected')
  expect(added.file.problems.map((p) => ({ severity: p.severity, message: p.message, where: p.where }))).toEqual([{ severity: 'error', message, where }])
  await core.api['imports.cancel']({ sessionId: added.sessionId })
  expect(await state()).toEqual(before)
}

describe('.xlsx packages', () => {
  it('refuses a zip bomb (a 1 GB sheet in 1 MB) from its central directory, before inflating anything', async () => {
    const sheet = repeatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD, Buffer.alloc(MB, ' '), 1024, SHEET_TAIL)
    const bytes = oneSheet(sheet)
    expect(bytes.length).toBeLessThan(1.1 * MB)
    const message = `文件 炸弹.xlsx 的工作表“日报”（xl/worksheets/sheet1.xml）解压后有 1024 MB，超过了每个部分 100 MB 的上限，未读取。${ADVICE}`
    const err = await refusedWithin(() => core.api['divisions.import'](upload('炸弹.xlsx', bytes)))
    expect(err.code).toBe('import_rejected')
    expect(err.message).toBe(message)
    expect(err.where).toEqual({ file: '炸弹.xlsx', sheet: '日报' })
    await rejectedInBatch('炸弹.xlsx', bytes, message, { file: '炸弹.xlsx', sheet: '日报' })
  })

  it('refuses a smaller bomb by its compression ratio', async () => {
    const sheet = repeatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD, Buffer.alloc(MB, ' '), 90, SHEET_TAIL)
    const ratio = Math.round(sheet.size / sheet.raw.length).toLocaleString('en-US')
    expect(sheet.size / sheet.raw.length).toBeGreaterThan(500)
    const err = await refusedWithin(() => readWorkbook('小炸弹.xlsx', oneSheet(sheet)))
    expect(err.message).toBe(
      `文件 小炸弹.xlsx 的工作表“日报”（xl/worksheets/sheet1.xml）压缩比为 ${ratio}:1，超过了 100:1 的上限（Excel 保存的表格一般在 20:1 以内），可能是有意构造的“压缩炸弹”，未读取。`,
    )
    expect(err.where).toEqual({ file: '小炸弹.xlsx', sheet: '日报' })
  })

  it('stops inflating a part whose directory entry understates its size, at the size it states', async () => {
    const sheet = repeatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD, Buffer.alloc(MB, ' '), 1024, SHEET_TAIL)
    // 4 KB declared for 1 GB: small, and its ratio (4 KB from 1 MB) looks harmless.
    const bytes = oneSheet(sheet, { 'xl/worksheets/sheet1.xml': 4096 })
    const err = await refusedWithin(() => core.api['divisions.import'](upload('谎报.xlsx', bytes)))
    expect(err.message).toBe('文件 谎报.xlsx 的工作表“日报”（xl/worksheets/sheet1.xml）解压后比压缩包目录写明的 4 KB 还大：文件已损坏或是有意构造的，未读取。')
    expect(err.where).toEqual({ file: '谎报.xlsx', sheet: '日报' })
  })

  it('refuses a package whose parts, each plausible, add up to too much', async () => {
    // Incompressible megabytes declared as 90 MB each: a ratio of ~90, under the limit.
    const noise = (name: string) => ({ ...part(name, randomBytes(MB)), size: 90 * MB })
    const total = await refusedWithin(() => readWorkbook('总量.xlsx', zip([...workbookParts(['日报']), sheetPart(''), noise('xl/media/a.png'), noise('xl/media/b.png')])))
    expect(total.message).toMatch(/^文件 总量\.xlsx 解压后共有 180 MB，超过了 160 MB 的上限，未读取。/)
    // 150 parts of 1 MB of zeros: none big enough for its own ratio to count, the package's does.
    const zeros = Array.from({ length: 150 }, (_, i) => part(`xl/media/z${i}.png`, Buffer.alloc(MB)))
    const ratio = await refusedWithin(() => readWorkbook('比例.xlsx', zip([...workbookParts(['日报']), sheetPart(''), ...zeros])))
    expect(ratio.message).toMatch(/^文件 比例\.xlsx 的内容压缩比为 [\d,]+:1，超过了 100:1 的上限/)
  })

  it('refuses more than 32 MB of styles, comments and drawings, which exceljs builds objects for', async () => {
    const xfs = Array.from({ length: 600_000 }, (_, i) => `<xf numFmtId="${i % 200}" fontId="0" fillId="0" borderId="0" xfId="0"/>`).join('')
    const styles = part('xl/styles.xml', `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>${xfs}</cellXfs></styleSheet>`)
    expect(styles.size / styles.raw.length).toBeLessThan(LIMITS.xlsx.ratio)
    const err = await refusedWithin(() => readWorkbook('样式.xlsx', zip([...workbookParts(['日报']), styles, sheetPart(rowXml(1, ['村名']))])))
    expect(err.message).toMatch(/^文件 样式\.xlsx 中表格以外的部分（样式、批注、图形等）解压后共有 [\d.]+ MB，超过了 32 MB 的上限，未读取。/)
  })

  it('refuses a sheet of 1,048,576 rows from its XML, before exceljs builds a row', async () => {
    const chunks: string[] = []
    for (let r = 1; r <= 1_048_576; r++) chunks.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`)
    const bytes = oneSheet(sheetPart(chunks.join('')))
    chunks.length = 0
    const message = `文件 满表.xlsx 的工作表“日报”有 1,048,576 行，超过了每个工作表 50,000 行的上限，未读取。${ADVICE}`
    const err = await refusedWithin(() => core.api['divisions.import'](upload('满表.xlsx', bytes)))
    expect(err.message).toBe(message)
    expect(err.where).toEqual({ file: '满表.xlsx', sheet: '日报', row: 50_001 })
    await rejectedInBatch('满表.xlsx', bytes, message, { file: '满表.xlsx', sheet: '日报', row: 50_001 })
  })

  it('refuses one cell at the last row Excel has: exceljs would build every row above it', async () => {
    const err = await refusedWithin(() => readWorkbook('末行.xlsx', oneSheet(sheetPart(rowXml(1, ['村名']) + rowXml(1_048_576, ['x'])))))
    expect(err.message).toBe(`文件 末行.xlsx 的工作表“日报”有 1,048,576 行，超过了每个工作表 50,000 行的上限，未读取。${ADVICE}`)
    expect(err.where).toEqual({ file: '末行.xlsx', sheet: '日报', row: 1_048_576 })
  })

  it('refuses a sheet wider than 256 columns, naming the row and the column', async () => {
    const err = await refusedWithin(() => readWorkbook('宽表.xlsx', oneSheet(sheetPart(rowXml(1, ['村名', '户数']) + rowXml(2, ['x'], 16_384)))))
    expect(err.message).toBe(`文件 宽表.xlsx 的工作表“日报”第 2 行用到了第 16,384 列（XFD 列），超过了每个工作表 256 列的上限，未读取。${ADVICE}`)
    expect(err.where).toEqual({ file: '宽表.xlsx', sheet: '日报', row: 2, column: 'XFD' })
  })

  it('refuses more than a million cells in a file, counting each row to its last cell', async () => {
    const rows: string[] = []
    for (let r = 1; r <= 20_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>1</v></c><c r="BH${r}"><v>1</v></c></row>`)
    // Two cells a row as written, but the reader builds all 60 of each row.
    const err = await refusedWithin(() => readWorkbook('单元格.xlsx', oneSheet(sheetPart(rows.join('')))))
    expect(err.message).toBe(`文件 单元格.xlsx 读到工作表“日报”第 16,667 行时已有 1,000,020 个单元格（含合并的单元格），超过了每个文件 1,000,000 个的上限，未读取。${ADVICE}`)
    expect(err.where).toEqual({ file: '单元格.xlsx', sheet: '日报', row: 16_667 })
  })

  it('refuses a cell longer than Excel allows, naming sheet, row and column', async () => {
    const err = await refusedWithin(() => readWorkbook('长字.xlsx', oneSheet(sheetPart(rowXml(1, ['村名', '备注']) + rowXml(2, ['韩村', '长'.repeat(40_000)])))))
    expect(err.message).toBe('文件 长字.xlsx 工作表 日报 第 2 行 B 列的文字有 40,000 个字，超过了每个单元格 32,767 个字的上限（Excel 也放不下更多），未导入。')
    expect(err.where).toEqual({ file: '长字.xlsx', sheet: '日报', row: 2, column: 'B' })
  })

  it('refuses more distinct strings than a file may have cells', async () => {
    const strings = Array.from({ length: LIMITS.cells + 1 }, (_, i) => String(i))
    const bytes = zip([...workbookParts(['日报'], strings), sheetPart(rowXml(1, ['村名']))])
    const err = await refusedWithin(() => readWorkbook('文字.xlsx', bytes))
    expect(err.message).toBe(`文件 文字.xlsx 有超过 1,000,000 段不同的文字，超过了每个文件 1,000,000 个单元格的上限，未读取。${ADVICE}`)
  })

  it('refuses more sheets or parts than a workbook has', async () => {
    const names = Array.from({ length: 201 }, (_, i) => `表${i + 1}`)
    const sheets = names.map((_, i) => part(`xl/worksheets/sheet${i + 1}.xml`, SHEET_HEAD + rowXml(1, ['村名']) + SHEET_TAIL))
    const many = await refusedWithin(() => readWorkbook('多表.xlsx', zip([...workbookParts(names), ...sheets])))
    expect(many.message).toBe('文件 多表.xlsx 有 201 个工作表，超过了 200 个的上限，未读取。请把工作表分到几个文件中。')
    const junk = Array.from({ length: 2_001 }, (_, i) => part(`customXml/item${i}.xml`, '<a/>'))
    const parts = await refusedWithin(() => readWorkbook('部件.xlsx', zip([...workbookParts(['日报']), sheetPart(''), ...junk])))
    expect(parts.message).toBe('文件 部件.xlsx 的压缩包里有 2,006 个部分，超过了 2,000 个的上限，不像是 Excel 保存的表格，未读取。')
  })

  it('reads a sheet with whole-column drop-downs and thousands of merges without expanding them', async () => {
    const rows = [rowXml(1, ['村名', '户数'])]
    const merges: string[] = []
    for (let r = 2; r <= 20_001; r++) {
      rows.push(rowXml(r, [`村${r}`, '', String(r)]))
      merges.push(`<mergeCell ref="A${r}:B${r}"/>`)
    }
    const validations =
      '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>'
    const xml = `${SHEET_HEAD}${rows.join('')}</sheetData><mergeCells count="${merges.length}">${merges.join('')}</mergeCells>${validations}</worksheet>`
    const { value: sheets, mb } = await peakGrowthMb(() => readWorkbook('合并.xlsx', zip([...workbookParts(['日报']), part('xl/worksheets/sheet1.xml', xml)])))
    expect(mb).toBeLessThan(BOUND_MB)
    expect(sheets[0]!.rows.length).toBe(20_001)
    // Each merge shows its text once, in its top-left cell.
    expect(sheets[0]!.rows[1]).toEqual(['村2', '', '2'])
    expect(sheets[0]!.merges.length).toBe(20_000)
    expect(sheets[0]!.merges[0]).toEqual({ top: 2, left: 1, bottom: 2, right: 2 })
  })
})

describe('CSV files', () => {
  it('refuses past 50,000 rows at the first row over, not after reading all of them', async () => {
    const text = 'level,code,name,parent_code\n' + 'x\n'.repeat(1_048_575)
    const err = await refusedWithin(() => core.api['divisions.import'](textInput('行数.csv', text)))
    expect(err.message).toBe(`文件 行数.csv 超过了每个表格 50,000 行的上限（第 50,001 行起），未读取。${CSV_ADVICE}`)
    expect(err.where).toEqual({ file: '行数.csv', row: 50_001 })
  })

  it('reads a trailing line break after the last allowed row', async () => {
    const text = 'a\n'.repeat(LIMITS.rows) + '\n\n'
    expect((await readWorkbook('满.csv', Buffer.from(text)))[0]!.rows.length).toBe(LIMITS.rows)
  })

  it('refuses a row of more than 256 columns and a file of more than a million cells', async () => {
    const wide = await refusedWithin(() => readWorkbook('宽.csv', Buffer.from(`a,b\n${'x,'.repeat(299)}x\n`)))
    expect(wide.message).toBe(`文件 宽.csv 第 2 行有 300 列，超过了每个表格 256 列的上限，未读取。${CSV_ADVICE}`)
    expect(wide.where).toEqual({ file: '宽.csv', row: 2, column: letters(300) })
    const row = `${'1,'.repeat(99)}1\n`
    const many = await refusedWithin(() => readWorkbook('多.csv', Buffer.from(row.repeat(10_001))))
    expect(many.message).toBe(`文件 多.csv 读到第 10,001 行时已有 1,000,100 个单元格，超过了每个文件 1,000,000 个的上限，未读取。${CSV_ADVICE}`)
  })

  it('refuses a 10 MB village name in a division list at its cell, and stores nothing', async () => {
    const text = `level,code,name,parent_code\nvillage,141002100200,${'x'.repeat(10 * MB)},141002100\n`
    const err = await refusedWithin(() => core.api['divisions.import'](textInput('区划.csv', text)))
    expect(err.message).toBe('文件 区划.csv 第 2 行 C 列的文字有 10,485,760 个字，超过了每个单元格 32,767 个字的上限（Excel 也放不下更多），未导入。')
    expect(err.where).toEqual({ file: '区划.csv', row: 2, column: 'C' })
  })

  it('refuses a CSV over 20 MB before decoding it, and any upload over 50 MB before decoding its base64', async () => {
    const big = await refusedWithin(() => readWorkbook('大.csv', Buffer.alloc(21 * MB, 'a')))
    expect(big.message).toBe('文件 大.csv 有 21 MB，超过了 CSV 文件 20 MB 的上限，未导入。请删去不需要的工作表、图片或行，或分成几个文件后再导入。')
    const huge = { fileName: '巨大.xlsx', dataBase64: 'A'.repeat(Math.ceil((51 * MB * 4) / 3)) }
    const upload = await refusedWithin(() => core.api['divisions.import'](huge))
    expect(upload.message).toBe('文件 巨大.xlsx 有 51 MB，超过了表格文件 50 MB 的上限，未导入。请删去不需要的工作表、图片或行，或分成几个文件后再导入。')
    expect(upload.where).toEqual({ file: '巨大.xlsx' })
  })
})

describe('import batches', () => {
  it('refuses a file that would take a batch past 2,000,000 cells held in memory', async () => {
    const csv = `${'1,'.repeat(99)}1\n`.repeat(8_000)
    let sessionId: string | undefined
    for (const name of ['a.csv', 'b.csv']) sessionId = (await core.api['imports.addFile']({ sessionId, file: upload(name, csv) })).sessionId
    const third = await core.api['imports.addFile']({ sessionId, file: upload('c.csv', csv) })
    expect(third.file.problems.map((p) => [p.message, p.where])).toEqual([
      [
        '文件 c.csv 有 800,000 个单元格，本批次已有 1,600,000 个，合计超过了每个导入批次 2,000,000 个的上限，这个文件不导入。请先确认导入本批次，再把其余文件放在新批次中导入。',
        { file: 'c.csv' },
      ],
    ])
    await core.api['imports.cancel']({ sessionId: sessionId! })
  })
})

describe('GeoJSON boundaries', () => {
  const ring = (n: number, x0 = 111, y0 = 36) => {
    const pts: string[] = []
    for (let i = 0; i < n - 1; i++) pts.push(`[${x0 + (i % 1000) / 1000},${y0 + Math.floor(i / 1000) / 1000}]`)
    pts.push(pts[0]!)
    return `[${pts.join(',')}]`
  }
  const feature = (name: string, rings: string) => `{"type":"Feature","properties":{"name":"${name}"},"geometry":{"type":"Polygon","coordinates":[${rings}]}}`
  const collection = (features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`
  const importGeo = (fileName: string, text: string) => core.api['map.importBoundaries']({ ...textInput(fileName, text), level: 'county', system: 'GCJ-02' })

  it('refuses 10⁶ points before parsing them, with the count, and map.layers stays as it was', async () => {
    const features = Array.from({ length: 17 }, (_, i) => feature(`县${i}`, ring(i < 16 ? 60_000 : 40_000)))
    const err = await refusedWithin(() => importGeo('百万点.geojson', collection(features)))
    expect(err.message).toBe(`文件 百万点.geojson 有 1,000,000 个坐标点，超过了每个文件 100,000 个的上限，未导入（地图每次打开都要传送全部坐标）。${GEO_ADVICE}`)
    expect(err.where).toEqual({ file: '百万点.geojson' })
  })

  it('refuses a boundary of more than 50,000 points, and more than 1,000 boundaries', async () => {
    const one = await refusedWithin(() => importGeo('细.geojson', collection([feature('尧都区', ring(5)), feature('细县', ring(60_001))])))
    expect(one.message).toBe(`文件 细.geojson 的第 2 个边界（细县）有 60,001 个坐标点，超过了每个边界 50,000 个的上限，未导入。${GEO_ADVICE}`)
    expect(one.where).toEqual({ file: '细.geojson', field: 'features.1.geometry' })
    const many = await refusedWithin(() => importGeo('多.geojson', collection(Array.from({ length: 1_001 }, (_, i) => feature(`区${i}`, ring(4))))))
    expect(many.message).toBe('文件 多.geojson 有 1,001 个边界，超过了每个文件 1,000 个的上限，未导入。请只导入需要的区域。')
  })

  it('refuses deep nesting and a flood of empty objects before JSON.parse builds them', async () => {
    const deep = await refusedWithin(() => importGeo('深.geojson', '['.repeat(8 * MB) + ']'.repeat(8 * MB)))
    expect(deep.message).toBe('文件 深.geojson 的括号嵌套超过 20 层（GeoJSON 边界只需 8 层），不是边界文件，未导入。')
    const flood = await refusedWithin(() => importGeo('空对象.geojson', `[${'{},'.repeat(6 * MB)}{}]`))
    expect(flood.message).toBe(`文件 空对象.geojson 有 6,291,458 个数值、文字和对象，超过了 1,500,000 个的上限，未导入。${GEO_ADVICE}`)
  })

  it('refuses a GeoJSON file over 20 MB before decoding it', async () => {
    const err = await refusedWithin(() => importGeo('大.geojson', ' '.repeat(21 * MB)))
    expect(err.message).toBe(`文件 大.geojson 有 21 MB，超过了 GeoJSON 文件 20 MB 的上限，未导入。${GEO_ADVICE}`)
  })

  it('keeps the name of an outline it cannot match only when it fits a division name', async () => {
    const err = await refusedWithin(() => importGeo('长名.geojson', collection([feature('尧都区', ring(5)), feature('名'.repeat(61), ring(5))])))
    expect(err.message).toBe('文件 长名.geojson 有 1 处问题，未导入边界。')
    expect(err.details).toEqual([
      { message: `第 2 个边界的名称“${'名'.repeat(20)}…”有 61 个字，超过了名称 60 个字的上限。`, where: { file: '长名.geojson', field: 'features.1.properties.name' } },
    ])
  })
})
