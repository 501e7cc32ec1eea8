// The other side of the import limits: every importer holds a text field to its form's length;
// real material (the Linfen files in ../shared/data, a LibreOffice-saved workbook, a county-sized
// roster) passes with a wide margin; and names the office typed that reach a workbook formula
// (route names in the roster's drop-down, township names in print titles) cannot break it.

import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import { DEFAULT_ROUTES } from '../../src/core/domain/routes'
import { TEXT_MAX } from '../../src/core/domain/text-limits'
import { addPrintSheet, newWorkbook, sheetRange, workbookFile } from '../../src/core/excel/print-sheet'
import { parseDivisionFile } from '../../src/core/import/divisions'
import { scanJson } from '../../src/core/import/json-scan'
import { LIMITS } from '../../src/core/import/limits'
import { ROSTER_COLUMNS } from '../../src/core/import/templates'
import { readWorkbook } from '../../src/core/import/table'
import { fileInput, openCore, rejects, SHARED, textInput } from './helpers/core'
import { csvToXlsx, SOFFICE, xlsxToOds } from './helpers/libreoffice'
import { importFiles, TOWNSHIP, township, upload, validId } from './helpers/submissions'

let core: Core
afterEach(() => core?.close())

const shared = (file: string) => fs.readFileSync(path.join(SHARED, file))

describe('text fields are held to their form’s length in every importer', () => {
  it('division list: a name of 61 characters is refused at its cell, 60 are stored', async () => {
    core = openCore()
    const api = core.api
    await api['divisions.import'](fileInput(path.join(SHARED, 'linfen-divisions.csv')))
    const before = core.store!.lastSeq
    const long = '长'.repeat(TEXT_MAX.divisionName + 1)
    const csv = (name: string) => `level,code,name,parent_code\nvillage,141002100200,${name},141002100\n`
    const err = await rejects(api['divisions.import'](textInput('改名.csv', csv(long))))
    expect(err.message).toBe('文件 改名.csv 有 1 处问题，未导入任何数据。')
    expect(err.details).toEqual([{ message: `名称“${'长'.repeat(20)}…”有 61 个字，超过了 60 个字的上限。`, where: { file: '改名.csv', row: 2, column: 'name' } }])
    expect(core.store!.lastSeq).toBe(before)
    expect((await api['divisions.get']({ code: '141002100200' })).division.name).toBe('韩村村委会')
    await api['divisions.import'](textInput('改名.csv', csv(long.slice(1))))
    expect((await api['divisions.get']({ code: '141002100200' })).division.name).toBe(long.slice(1))
  })

  it('household roster: a head name and an address longer than the household form allows are errors of their row', async () => {
    core = await township(false)
    const header = ['村', '户主姓名', '身份证号', '地址', '改造类别']
    const rows = [
      ['东高河村', '名'.repeat(51), validId('141002', '19700101', 1), '1组', '煤改气'],
      ['东高河村', '李秀英', validId('141002', '19700101', 2), '址'.repeat(201), '煤改气'],
      ['东高河村', '王明', validId('141002', '19700101', 3), '址'.repeat(200), '煤改气'],
    ]
    const csv = [header, ...rows].map((r) => r.join(',')).join('\n')
    const review = await importFiles(core, [upload('屯里镇花名册.csv', csv)])
    expect(review.files[0]!.problems.map((p) => [p.severity, p.message, p.where])).toEqual([
      ['error', `户主姓名“${'名'.repeat(20)}…”有 51 个字，超过了 50 个字的上限。`, { file: '屯里镇花名册.csv', row: 2, column: '户主姓名' }],
      ['error', `地址“${'址'.repeat(20)}…”有 201 个字，超过了 200 个字的上限。`, { file: '屯里镇花名册.csv', row: 3, column: '地址' }],
    ])
    expect(review.totals.households).toMatchObject({ added: 1, rejected: 2 })
  })

  it('financial data: a bank name longer than the form allows is refused with its cell', async () => {
    core = await township(false)
    const api = core.api
    const h = await api['households.create']({ villageCode: '141002100209', headName: '张建国', route: 'gas', stage: 'none' })
    const err = await rejects(api['finance.import']({ file: textInput('资金.csv', `农户编号,开户行\n${h.id},${'银'.repeat(61)}\n`) }))
    expect(err.details).toEqual([{ message: `开户行“${'银'.repeat(20)}…”有 61 个字，超过了 60 个字的上限。`, where: { file: '资金.csv', row: 2, column: '开户行' } }])
    expect((await api['finance.get']({ householdId: h.id })).bankName).toBeUndefined()
  })
})

describe('real material passes the limits with room to spare', () => {
  it('the Linfen division list, as CSV and as saved by LibreOffice Calc, is far inside every limit', async () => {
    const csv = shared('linfen-divisions.csv')
    const rows = (await readWorkbook('linfen-divisions.csv', csv))[0]!.rows
    expect(rows.length).toBe(2506)
    expect(rows.length * 10).toBeLessThan(LIMITS.rows)
    expect(csv.length * 100).toBeLessThan(LIMITS.csvBytes)
    expect(Math.max(...rows.flat().map((c) => c.length))).toBeLessThanOrEqual(TEXT_MAX.divisionName)
    if (!SOFFICE) return
    const xlsx = csvToXlsx(csv, 'linfen-divisions.csv')
    expect((await parseDivisionFile('linfen-divisions.xlsx', xlsx)).counts).toEqual((await parseDivisionFile('linfen-divisions.csv', csv)).counts)
  })

  it('the Linfen county boundaries are a fiftieth of the GeoJSON limits, and import', async () => {
    const geo = shared('linfen-counties.geojson')
    const scan = scanJson(geo, LIMITS.geojson.depth)
    expect(scan).toEqual({ values: 11_770, positions: 3_766, tooDeep: false })
    expect(scan.positions * 25).toBeLessThan(LIMITS.geojson.points)
    expect(scan.values * 100).toBeLessThan(LIMITS.geojson.values)
    expect(geo.length * 200).toBeLessThan(LIMITS.geojson.fileBytes)
    core = openCore()
    await core.api['divisions.import'](fileInput(path.join(SHARED, 'linfen-divisions.csv')))
    expect(await core.api['map.importBoundaries']({ ...fileInput(path.join(SHARED, 'linfen-counties.geojson')), level: 'county' })).toMatchObject({ features: 17, matched: 17 })
    expect(await core.api['map.importPoints'](fileInput(path.join(SHARED, 'linfen-village-points-gcj02.csv')))).toMatchObject({ added: 100 })
  })

  it('a county roster of 20,000 households in the template’s columns is read whole', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('农户花名册')
    ws.addRow(ROSTER_COLUMNS.map((c) => c.header))
    for (let i = 0; i < 20_000; i++) {
      ws.addRow([i + 1, '尧都区', '屯里镇', '东高河村', `${i % 30}组`, `户主${i}`, validId('141002', '19700101', i), '13835712345', `G${i}`, '煤改气', '演示燃气公司', `M${i}`, '物联网表', '点火通气'])
    }
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    const sheets = await readWorkbook('花名册.xlsx', bytes)
    expect(sheets[0]!.rows.length).toBe(20_001)
    expect(sheets[0]!.rows[20_000]![5]).toBe('户主19999')
    // 20,000 × 14 cells against 1,000,000; the file itself against 50 MB.
    expect(20_001 * ROSTER_COLUMNS.length * 3).toBeLessThan(LIMITS.cells)
    expect(bytes.length * 30).toBeLessThan(LIMITS.xlsx.fileBytes)
  })
})

describe('names the office typed, in workbook formulas', () => {
  /** Route names with quotes and commas, 13 of them: as a written list ("a,b,…") Excel would split them, and refuse its 255+ characters. */
  const routes = [
    ...DEFAULT_ROUTES.map((r, i) => ({ ...r, name: [`煤改气"一期",村村通`, `煤改电,"二期"`][i] ?? r.name })),
    ...Array.from({ length: 9 }, (_, i) => ({ id: `r${i}`, name: `第${i + 1}批次，"试点"，路线,${'名'.repeat(15)}`, stages: DEFAULT_ROUTES[0]!.stages })),
  ]

  it('the roster template reads route choices from a hidden range, and a row filled with such a name imports', async () => {
    core = await township(false)
    await core.api['settings.update']({ routes })
    const names = routes.map((r) => r.name)
    expect(names.join(',').length).toBeGreaterThan(255)
    const out = await core.api['imports.template']({ kind: 'roster', code: TOWNSHIP })
    const bytes = Buffer.from(out.dataBase64, 'base64')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('农户花名册')!
    const validations = (ws as ExcelJS.Worksheet & { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model
    expect(validations.J4).toMatchObject({ type: 'list', formulae: [`'_名单'!$D$2:$D$${names.length + 1}`] })
    expect(validations.J5003).toMatchObject({ formulae: [`'_名单'!$D$2:$D$${names.length + 1}`] })
    const lists = wb.getWorksheet('_名单')!
    expect(lists.state).toBe('hidden')
    expect((lists.getColumn(4).values as unknown[]).slice(1)).toEqual(['改造类别', ...names])

    ws.getRow(4).values = [1, '', '', '东高河村', '1组', '张建国', validId('141002', '19700101', 1), '', '', names[0]!, '', '', '', '']
    ws.getRow(5).values = [2, '', '', '东高河村', '2组', '李秀英', validId('141002', '19700101', 2), '', '', names[6]!, '', '', '', '']
    const review = await importFiles(core, [upload('花名册.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))])
    expect(review.files[0]!.problems).toEqual([])
    await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'skip' })
    const page = await core.api['households.list']({ villageCode: '141002100209' })
    expect(page.items.map((h) => [h.headName, h.route])).toEqual([
      ['张建国', 'gas'],
      ['李秀英', 'r2'],
    ])
  })

  it.skipIf(!SOFFICE)('LibreOffice reads the same drop-down: the hidden range, holding the names as typed', async () => {
    core = await township(false)
    await core.api['settings.update']({ routes })
    const out = await core.api['imports.template']({ kind: 'roster', code: TOWNSHIP })
    const ods = xlsxToOds(Buffer.from(out.dataBase64, 'base64'), 'roster.xlsx')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-ods-'))
    fs.writeFileSync(path.join(dir, 'roster.ods'), ods)
    const content = execFileSync('unzip', ['-p', path.join(dir, 'roster.ods'), 'content.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    fs.rmSync(dir, { recursive: true, force: true })
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
    const validation = /<table:content-validation [^>]*table:base-cell-address="[^"]*\.J4"[^>]*>/.exec(content)?.[0]
    expect(validation).toContain(`table:condition="of:cell-content-is-in-list([$_名单.$D$2:.$D$${routes.length + 1}])"`)
    for (const r of routes) expect(content).toContain(`<text:p>${esc(r.name)}</text:p>`)
  })

  it('quotes a sheet in a range, and keeps apostrophes out of sheet names exceljs puts in print titles', async () => {
    expect(sheetRange('_名单', '$D$2:$D$5')).toBe("'_名单'!$D$2:$D$5")
    expect(sheetRange("O'Neil镇", '$A$1')).toBe("'O''Neil镇'!$A$1")
    const wb = newWorkbook('test')
    addPrintSheet(wb, { name: "O'Neil镇", title: '进度日报表', columns: [{ header: '村名称' }], rows: [['韩村']] })
    const back = new ExcelJS.Workbook()
    await back.xlsx.load(Buffer.from((await workbookFile(wb, 'a.xlsx')).dataBase64, 'base64') as unknown as ArrayBuffer)
    expect(back.worksheets[0]!.name).toBe('O’Neil镇')
    expect(back.worksheets[0]!.pageSetup.printTitlesRow).toBe('1:2')
  })
})
