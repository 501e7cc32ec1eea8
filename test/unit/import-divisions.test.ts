// Division list import: the real Linfen list in every encoding and container a user may bring, and each kind of bad file.

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import type { Division } from '../../src/core/domain/types'
import { AppError } from '../../src/core/errors'
import { parseDivisionFile, validateDivisionRows } from '../../src/core/import/divisions'
import { readTable } from '../../src/core/import/table'

const here = path.dirname(fileURLToPath(import.meta.url))
const LINFEN_CSV = path.resolve(here, '../../../shared/data/linfen-divisions.csv')
const linfenBytes = new Uint8Array(readFileSync(LINFEN_CSV))
const linfenText = new TextDecoder().decode(linfenBytes)
const LINFEN_COUNTS = { city: 1, county: 17, township: 158, village: 2329 }

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

const HEADER = 'level,code,name,parent_code,urban_rural_code'
/** Rows 2-5 of a small valid file; tests append or alter lines from row 6 on. */
const GOOD_LINES = [
  'city,141000,临汾市,140000,',
  'county,141002,尧都区,141000,',
  'township,141002001,解放路街道,141002,',
  'village,141002001001,商会社区居委会,141002001,111',
]
const csv = (...lines: string[]): Uint8Array => utf8([HEADER, ...lines].join('\n') + '\n')

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected the import to be rejected')
}

/** The single problem a one-mistake file must produce. */
async function onlyProblem(fileName: string, bytes: Uint8Array, existing?: ReadonlyMap<string, Division>) {
  const err = await rejection(parseDivisionFile(fileName, bytes, existing))
  expect(err.code).toBe('import_rejected')
  expect(err.message).toBe(`文件 ${fileName} 有 1 处问题，未导入任何数据。`)
  expect(err.where).toEqual({ file: fileName })
  expect(err.details).toHaveLength(1)
  return err.details[0]!
}

async function linfenXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('区划')
  const lines = linfenText.trimEnd().split('\n')
  lines.forEach((line, i) => {
    const cells: (string | number | null)[] = line.split(',')
    if (i > 0) {
      // Users' sheets mix numeric and text cells in the same column; both must give the same code.
      if (i % 2 === 0) cells[1] = Number(cells[1])
      if (i % 3 === 0) cells[3] = Number(cells[3])
      if (cells[4] !== '' && i % 5 === 0) cells[4] = Number(cells[4])
      if (cells[4] === '') cells[4] = null
    }
    ws.addRow(cells)
  })
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

// A minimal "stored" zip, so the test can hand over a real zip that is not a workbook without a binary fixture.
function crc32(data: Uint8Array): number {
  let crc = 0xffffffff
  for (const b of data) {
    crc ^= b
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

function zipOf(name: string, content: string): Uint8Array {
  const nameBytes = Buffer.from(name, 'utf8')
  const data = Buffer.from(content, 'utf8')
  const crc = crc32(data)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(nameBytes.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(nameBytes.length, 28)
  const centralOffset = local.length + nameBytes.length + data.length
  const centralSize = central.length + nameBytes.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(centralOffset, 16)
  return new Uint8Array(Buffer.concat([local, nameBytes, data, central, nameBytes, end]))
}

function pseudoRandomBytes(n: number, seed = 12345): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

describe('parseDivisionFile: the real Linfen list', () => {
  it('reads the UTF-8 CSV: 1 city, 17 counties, 158 townships, 2,329 villages', async () => {
    const { divisions, counts } = await parseDivisionFile('linfen-divisions.csv', linfenBytes)
    expect(counts).toEqual(LINFEN_COUNTS)
    expect(divisions).toHaveLength(2505)
    expect(divisions[0]).toEqual({ code: '141000', name: '临汾市', level: 'city', parentCode: '140000' })
    expect(divisions[3]).toEqual({
      code: '141002001001',
      name: '商会社区居委会',
      level: 'village',
      parentCode: '141002001',
      urbanRuralCode: '111',
    })
    // File order is kept.
    const codesInFile = linfenText.trimEnd().split('\n').slice(1).map((l) => l.split(',')[1])
    expect(divisions.map((d) => d.code)).toEqual(codesInFile)
  })

  it('reads the same list saved in GBK (Chinese Windows Excel) identically', async () => {
    const expected = await parseDivisionFile('linfen-divisions.csv', linfenBytes)
    const gbk = new Uint8Array(iconv.encode(linfenText, 'gbk'))
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow()
    expect(await parseDivisionFile('区划.csv', gbk)).toEqual(expected)
  })

  it('reads the same list as .xlsx with codes stored as numbers in some cells and text in others', async () => {
    const expected = await parseDivisionFile('linfen-divisions.csv', linfenBytes)
    const bytes = await linfenXlsx()
    const table = await readTable('区划.xlsx', bytes)
    expect(table.sheet).toBe('区划')
    expect(await parseDivisionFile('区划.xlsx', bytes)).toEqual(expected)
  })

  it('reads the same list with a UTF-8 BOM', async () => {
    const expected = await parseDivisionFile('linfen-divisions.csv', linfenBytes)
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...linfenBytes])
    expect(await parseDivisionFile('bom.csv', bom)).toEqual(expected)
  })

  it('reads the same list with CRLF line endings', async () => {
    const expected = await parseDivisionFile('linfen-divisions.csv', linfenBytes)
    expect(await parseDivisionFile('crlf.csv', utf8(linfenText.replace(/\n/g, '\r\n')))).toEqual(expected)
  })

  it('reads the same list as GBK with a BOM-less CRLF, tab-separated text (Excel "文本文件(制表符分隔)")', async () => {
    const expected = await parseDivisionFile('linfen-divisions.csv', linfenBytes)
    const tsv = linfenText.replace(/,/g, '\t').replace(/\n/g, '\r\n')
    expect(await parseDivisionFile('区划.txt', new Uint8Array(iconv.encode(tsv, 'gbk')))).toEqual(expected)
  })

  it('reads UTF-16 text with a byte-order mark (Excel "Unicode 文本")', async () => {
    const expected = await parseDivisionFile('linfen-divisions.csv', linfenBytes)
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(linfenText.replace(/,/g, '\t'), 'utf16le')])
    expect(await parseDivisionFile('unicode.txt', utf16)).toEqual(expected)
  })
})

describe('parseDivisionFile: accepted variations', () => {
  it('accepts Chinese headers, Chinese level names, full-width digits and spaces around values', async () => {
    const text = [
      ' 级别 ,区划代码,区划名称,上级代码,城乡分类代码',
      '市,141000,临汾市,140000,',
      '区县, １４１００２ ,尧都区,141000,',
      '街道,141002001,解放路街道,141002,',
      '社区,141002001001, 商会社区居委会 ,141002001,１１１',
    ].join('\n')
    const { divisions, counts } = await parseDivisionFile('中文表头.csv', utf8(text))
    expect(counts).toEqual({ city: 1, county: 1, township: 1, village: 1 })
    expect(divisions[1]).toEqual({ code: '141002', name: '尧都区', level: 'county', parentCode: '141000' })
    expect(divisions[3]).toMatchObject({ name: '商会社区居委会', urbanRuralCode: '111' })
  })

  it('accepts a county-only list (no city row), parents listed after children, and parents from existing data', async () => {
    const countyOnly = csv(
      'township,141002001,解放路街道,141002,',
      'county,141002,尧都区,141000,',
    )
    expect((await parseDivisionFile('县.csv', countyOnly)).counts).toEqual({ city: 0, county: 1, township: 1, village: 0 })

    const existing = new Map<string, Division>([
      ['141002001', { code: '141002001', name: '解放路街道', level: 'township', parentCode: '141002' }],
    ])
    const villagesOnly = csv('village,141002001002,东城社区居委会,141002001,111')
    expect((await parseDivisionFile('村.csv', villagesOnly, existing)).divisions).toEqual([
      { code: '141002001002', name: '东城社区居委会', level: 'village', parentCode: '141002001', urbanRuralCode: '111' },
    ])
  })

  it('finds the header below a title row in an .xlsx and reports rows and the sheet as the user sees them', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('说明').state = 'hidden'
    wb.getWorksheet('说明')!.addRow(['下拉选项', 'city'])
    const ws = wb.addWorksheet('清单')
    ws.addRow(['临汾市区划代码表'])
    ws.mergeCells('A1:E1')
    ws.addRow(HEADER.split(','))
    ws.addRow(['city', 141000, '临汾市', 140000])
    ws.addRow([])
    ws.addRow(['county', 141002, '', 141000])
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
    const problem = await onlyProblem('清单.xlsx', bytes)
    expect(problem.message).toContain('名称为空')
    expect(problem.where).toEqual({ file: '清单.xlsx', sheet: '清单', row: 5, column: 'name' })
  })
})

describe('parseDivisionFile: bad rows', () => {
  it('rejects a duplicate code, naming both rows', async () => {
    const problem = await onlyProblem('dup.csv', csv(...GOOD_LINES, 'village,141002001001,又一个,141002001,220'))
    expect(problem.message).toContain('代码 141002001001 重复：第 5 行和第 6 行')
    expect(problem.where).toEqual({ file: 'dup.csv', row: 6, column: 'code' })
  })

  it('rejects a code of the wrong length for its level', async () => {
    const problem = await onlyProblem('len.csv', csv(...GOOD_LINES, 'village,14100200100,短代码村,141002001,220'))
    expect(problem.message).toContain('代码 14100200100 是 11 位，村级代码应为 12 位')
    expect(problem.where).toEqual({ file: 'len.csv', row: 6, column: 'code' })
  })

  it('rejects a village whose code does not begin with its parent township code', async () => {
    const problem = await onlyProblem('under.csv', csv(...GOOD_LINES, 'village,141002002001,错位村,141002001,220'))
    expect(problem.message).toContain('代码 141002002001 不在上级 141002001 之下')
    expect(problem.where).toEqual({ file: 'under.csv', row: 6, column: 'code' })
  })

  it('rejects a missing parent, but not when existing data has it', async () => {
    const bytes = csv(...GOOD_LINES, 'village,141002009001,无上级村,141002009,220')
    const problem = await onlyProblem('parent.csv', bytes)
    expect(problem.message).toContain('上级代码 141002009 在本文件和已导入的区划中都找不到')
    expect(problem.where).toEqual({ file: 'parent.csv', row: 6, column: 'parent_code' })

    const existing = new Map<string, Division>([
      ['141002009', { code: '141002009', name: '某镇', level: 'township', parentCode: '141002' }],
    ])
    expect((await parseDivisionFile('parent.csv', bytes, existing)).counts.village).toBe(2)
  })

  it('rejects a county whose parent is missing when the file does have a city row', async () => {
    const problem = await onlyProblem('county.csv', csv(...GOOD_LINES, 'county,141021,曲沃县,141100,'))
    expect(problem.message).toContain('上级代码 141100 在本文件和已导入的区划中都找不到')
    expect(problem.where).toEqual({ file: 'county.csv', row: 6, column: 'parent_code' })
  })

  it('rejects a parent of the wrong level', async () => {
    const problem = await onlyProblem('lvl.csv', csv(...GOOD_LINES, 'village,141002001002,挂错村,141002,220'))
    expect(problem.message).toContain('上级代码 141002 是县级区划，村级区划的上级应为乡镇级')
    expect(problem.where).toEqual({ file: 'lvl.csv', row: 6, column: 'parent_code' })
  })

  it('rejects an unknown level', async () => {
    const problem = await onlyProblem('level.csv', csv(...GOOD_LINES, 'hamlet,141002001002,某组,141002001,220'))
    expect(problem.message).toContain('级别“hamlet”无法识别')
    expect(problem.where).toEqual({ file: 'level.csv', row: 6, column: 'level' })
  })

  it('rejects an empty name, reporting the column as written in the file', async () => {
    const text = ['级别,代码,名称,上级代码', ...GOOD_LINES.map((l) => l.split(',').slice(0, 4).join(',')), '村,141002001002,  ,141002001']
    const problem = await onlyProblem('name.csv', utf8(text.join('\n')))
    expect(problem.message).toBe('名称为空。')
    expect(problem.where).toEqual({ file: 'name.csv', row: 6, column: '名称' })
  })

  it('rejects a bad urban-rural code and codes that Excel turned into scientific notation', async () => {
    const err = await rejection(
      parseDivisionFile('misc.csv', csv(...GOOD_LINES, 'village,1.41002E+11,科学计数村,141002001,220', 'village,141002001003,某村,141002001,22')),
    )
    expect(err.message).toBe('文件 misc.csv 有 2 处问题，未导入任何数据。')
    expect(err.details[0]!.message).toContain('科学计数法')
    expect(err.details[0]!.where).toEqual({ file: 'misc.csv', row: 6, column: 'code' })
    expect(err.details[1]!.message).toContain('城乡分类代码“22”应为 3 位数字')
    expect(err.details[1]!.where).toEqual({ file: 'misc.csv', row: 7, column: 'urban_rural_code' })
  })

  it('keeps row numbers true across blank lines and collects every problem, in row order', async () => {
    const text = [HEADER, '', ...GOOD_LINES, '', '', 'village,141002001002,,141002001,', 'town,141002002,某镇,141002,'].join('\r\n')
    const err = await rejection(parseDivisionFile('many.csv', utf8(text)))
    expect(err.message).toBe('文件 many.csv 有 2 处问题，未导入任何数据。')
    expect(err.details.map((d) => [d.where?.row, d.where?.column])).toEqual([
      [9, 'name'],
      [10, 'level'],
    ])
  })

  it('caps details at 200 but states the true total', async () => {
    const bad = Array.from({ length: 250 }, (_, i) => `village,${141002001100 + i},,141002001,220`)
    const err = await rejection(parseDivisionFile('big.csv', csv(...GOOD_LINES, ...bad)))
    expect(err.message).toBe('文件 big.csv 有 250 处问题，未导入任何数据。')
    expect(err.details).toHaveLength(200)
    expect(err.details[0]!.where?.row).toBe(6)
  })

  it('rejects a header without parent_code, listing what is missing and what was found', async () => {
    const text = ['level,code,name', 'city,141000,临汾市'].join('\n')
    const problem = await onlyProblem('cols.csv', utf8(text))
    expect(problem.message).toContain('缺少必需的列：parent_code（上级代码）')
    expect(problem.message).toContain('文件中的列是：“level”、“code”、“name”')
    expect(problem.where).toEqual({ file: 'cols.csv', row: 1 })
  })

  it('reports the header row as the first non-blank row when columns are missing', async () => {
    const problem = await onlyProblem('cols2.csv', utf8('\n\n名称,代码\n临汾市,141000\n'))
    expect(problem.message).toContain('level（级别）、parent_code（上级代码）')
    expect(problem.where).toEqual({ file: 'cols2.csv', row: 3 })
  })

  it('rejects a file with only a header', async () => {
    const problem = await onlyProblem('head.csv', utf8(HEADER + '\n'))
    expect(problem.message).toBe('表头下面没有任何区划数据。')
    expect(problem.where).toEqual({ file: 'head.csv', row: 1 })
  })

  it('validateDivisionRows is pure and returns problems instead of throwing', () => {
    const rows = [HEADER.split(','), ...GOOD_LINES.map((l) => l.split(',')), ['village', 'x', '某村', '141002001', '']]
    const result = validateDivisionRows(rows, { file: 'f.csv' })
    expect(result.divisions).toEqual([])
    expect(result.problems).toEqual([{ message: '代码“x”只能包含数字。', where: { file: 'f.csv', row: 6, column: 'code' } }])
  })
})

describe('parseDivisionFile: files that are not tables', () => {
  it('rejects an empty file', async () => {
    for (const bytes of [new Uint8Array(0), utf8(' \n\r\n  \n'), new Uint8Array([0xef, 0xbb, 0xbf])]) {
      const err = await rejection(parseDivisionFile('empty.csv', bytes))
      expect(err.code).toBe('import_rejected')
      expect(err.message).toBe('文件 empty.csv 是空的，没有可导入的内容。')
      expect(err.where).toEqual({ file: 'empty.csv' })
    }
  })

  it('rejects an .xlsx whose sheets are all empty as empty', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('Sheet1')
    const err = await rejection(parseDivisionFile('空.xlsx', new Uint8Array(await wb.xlsx.writeBuffer())))
    expect(err.code).toBe('import_rejected')
    expect(err.message).toBe('文件 空.xlsx 是空的，没有可导入的内容。')
  })

  it('rejects an old .xls / WPS .et (OLE2) file', async () => {
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...pseudoRandomBytes(512)])
    const err = await rejection(parseDivisionFile('区划.xls', bytes))
    expect(err.code).toBe('unsupported_file')
    expect(err.message).toBe(
      '文件 区划.xls 是旧版 Excel（.xls）或 WPS（.et）格式，本程序不能直接读取。请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入。',
    )
    expect(err.where).toEqual({ file: '区划.xls' })
  })

  it('rejects a password-protected workbook (also OLE2) with its own message', async () => {
    const bytes = new Uint8Array([
      0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(64), ...Buffer.from('EncryptionInfo', 'utf16le'),
    ])
    const err = await rejection(parseDivisionFile('加密.xlsx', bytes))
    expect(err.code).toBe('unsupported_file')
    expect(err.message).toContain('设置了打开密码')
  })

  it('rejects a PDF', async () => {
    const err = await rejection(parseDivisionFile('区划.pdf', utf8('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n')))
    expect(err.code).toBe('unsupported_file')
    expect(err.message).toBe('文件 区划.pdf 不是表格文件（CSV 或 .xlsx），无法导入。')
    expect(err.where).toEqual({ file: '区划.pdf' })
  })

  it('rejects random binary, even named .csv', async () => {
    const err = await rejection(parseDivisionFile('photo.csv', pseudoRandomBytes(4096)))
    expect(err.code).toBe('unsupported_file')
    expect(err.message).toBe('文件 photo.csv 不是表格文件（CSV 或 .xlsx），无法导入。')
  })

  it('rejects a zip that is not an .xlsx, and a corrupt zip', async () => {
    for (const bytes of [zipOf('readme.txt', 'hello'), new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...pseudoRandomBytes(200)])]) {
      const err = await rejection(parseDivisionFile('区划.xlsx', bytes))
      expect(err.code).toBe('unsupported_file')
      expect(err.message).toContain('文件 区划.xlsx 是压缩包，但不是有效的 .xlsx 表格')
      expect(err.where).toEqual({ file: '区划.xlsx' })
    }
  })

  it('rejects an HTML page saved under a .xls name', async () => {
    const err = await rejection(parseDivisionFile('导出.xls', utf8('<html><body><table><tr><td>level</td></tr></table></body></html>')))
    expect(err.code).toBe('unsupported_file')
    expect(err.message).toContain('网页（HTML）')
  })

  it('rejects a CSV with an unclosed quote at the row where it starts', async () => {
    const err = await rejection(parseDivisionFile('quote.csv', csv(...GOOD_LINES, 'village,141002001002,"某村,141002001,220', 'village,141002001003,某村,141002001,220')))
    expect(err.code).toBe('import_rejected')
    expect(err.message).toContain('引号')
    expect(err.where).toEqual({ file: 'quote.csv', row: 6 })
  })
})

describe('readTable', () => {
  it('turns .xlsx cell values into the text the user sees', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('S')
    ws.addRow([
      141002001001,
      { richText: [{ text: '商会' }, { text: '社区' }] },
      { formula: '1+1', result: 2 },
      new Date(Date.UTC(2024, 2, 1)),
      null,
      '  x  ',
      3.5,
      { text: '链接', hyperlink: 'http://example.invalid' },
    ])
    ws.addRow([1.5e21])
    const table = await readTable('cells.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()))
    expect(table.rows).toEqual([
      ['141002001001', '商会社区', '2', '2024-03-01', '', 'x', '3.5', '链接'],
      ['1500000000000000000000'],
    ])
  })

  it('keeps quoted commas and embedded newlines in one cell', async () => {
    const table = await readTable('q.csv', utf8('a,b\n"x, y","line1\nline2"\n'))
    expect(table.rows).toEqual([
      ['a', 'b'],
      ['x, y', 'line1\nline2'],
    ])
  })
})
