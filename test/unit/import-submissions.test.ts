// Township submissions end to end through the API: what real sheets look like, templates made
// and filled in, a day's folder at once, all-or-nothing commits, replace or skip, content hashes,
// household rosters matched to stored households, and 未上报 after the import.

import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import { AppError } from '../../src/core/errors'
import { MARKER_SHEET, MARKER_TAG } from '../../src/core/import/marker'
import { pdfText, SOFFICE, xlsxToPdf } from './helpers/libreoffice'
import { logEntries } from './helpers/store-fixture'
import {
  BASE,
  type Cell,
  colOf,
  DONGGAOHE,
  figureSheet,
  importFiles,
  township,
  TOWNSHIP,
  upload,
  V,
  validId,
  type VillageKey,
  xlsx,
} from './helpers/submissions'

const WUCUN = { code: '141002106', villages: ['141002106200', '141002106201'] as const } // 吴村镇: 孙曲, 王曲
const DATE = '2026-11-20'

let core: Core | undefined
afterEach(() => {
  core?.close()
  core = undefined
})

async function withWucun(seed = true): Promise<Core> {
  const c = await township(seed)
  for (const v of WUCUN.villages) {
    await c.api['villages.setPlan']({ villageCode: v, route: 'electric', targetHouseholds: 50, contractor: '演示供电公司', deadline: '2026-12-31', figureSource: 'counts' })
  }
  return c
}

const figure = (c: Core, village: string, date = DATE) => c.store!.get('figures', `${village}|${date}`)
const counts = (n: number[]) => ({ confirmed: n[0], network: n[1], meter: n[2], equipment: n[3], connected: n[4], accepted: n[5] })

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected an error')
}

describe('what real sheets contain', () => {
  it('reads titles, a merged two-row header with synonyms, full-width digits, separators, text numbers, blank rows, 小计/合计 and names in every form', async () => {
    core = await township(false)
    const rows: Cell[][] = [
      ['屯里镇清洁取暖改造进度统计表'],
      ['填报单位：屯里镇人民政府    填报日期：２０２６年１１月２０日'],
      [],
      ['序号', '行政村', '累计完成情况', null, null, null, null, null, '管线长度（公里）'],
      [null, null, '签约', '管网', '入户', '壁挂炉', '点火', '验收'],
      ['１', '韩村', '８０', '70', 60, '50', '40', '30', '2.50'],
      [2, '沟上村委会', 60, 50, 40, 30, 20, 10, 1.2],
      [3, ' 贾 村 ', 90, 90, 85, 80, 70, 60, 3],
      ['小计', null, 230, 210, 185, 160, 130, 100, 6.7],
      [],
      [4, '屯里村', '120', '110', '100', '90', '80', '70', '4.25'],
      [5, '东张堡村村民委员会', 40, 30, 20, 10, 5, 0, 0.8],
      [6, '西张堡', 30, 30, 20, 10, 0, 0, 1],
      ['合计', null, '420', '380', '325', '270', '215', '170', '12.75'],
      ['填表人：王芳    审核人：李强'],
    ]
    const merges = ['A1:I1', 'A2:I2', 'A4:A5', 'B4:B5', 'C4:H4', 'I4:I5', 'A15:I15']
    const review = await importFiles(core, [upload('屯里镇进度.xlsx', await xlsx([{ name: '进度', rows, merges }]))])
    const file = review.files[0]!
    expect(file.problems).toEqual([])
    expect(file.sheets[0]).toMatchObject({ townshipCode: TOWNSHIP, townshipName: '屯里镇', date: DATE, dataRows: 6, added: 6, rejected: 0 })
    await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'skip' })
    for (const k of Object.keys(V) as VillageKey[]) {
      const f = figure(core, V[k].code)!
      expect(f.counts).toEqual(counts(BASE[k]))
      expect(f.networkKm).toBe(BASE[k][6])
      expect(f.source).toBe('import')
    }
  })

  it('reads a GBK CSV with the date in a 日期 column, and a county sheet whose rows name their township', async () => {
    core = await withWucun(false)
    const lines = [
      '尧都区各乡镇清洁取暖进度',
      '县区,乡镇,村名,日期,确户签约,线路改造,户表安装,设备安装,通电,验收,管线公里数',
      `尧都区,屯里镇,西张堡村,2026/11/20,30,30,20,10,0,0,1`,
      `尧都区,吴村镇,孙曲村,2026-11-20,"1,2",0,0,0,0,0,0`,
      `尧都区,吴村镇,王曲,2026-11-19,12,10,8,6,4,2,0.5`,
    ]
    const bytes = iconv.encode(lines.join('\r\n'), 'gbk')
    const review = await importFiles(core, [upload('尧都区.csv', bytes)])
    const f = review.files[0]!
    // "1,2" is no number: a typo for 12, or for 1 and 2? The row is refused, not guessed.
    expect(f.problems).toEqual([{ severity: 'error', message: '确户签约“1,2”不是数字。', where: { file: '尧都区.csv', row: 4, column: '确户签约' } }])
    expect(f.sheets[0]!.figures.map((x) => [x.villageName, x.date])).toEqual([
      ['西张堡村委会', '2026-11-20'],
      ['王曲村委会', '2026-11-19'],
    ])
  })

  it('matches by code first: a row whose code and name both fit is read by its code', async () => {
    core = await township(false)
    const review = await importFiles(core, [upload('屯里镇.xlsx', await xlsx([figureSheet((rows) => (rows[3]![2] = '韩村委会'))]))])
    expect(review.files[0]!.problems).toEqual([])
    expect(review.files[0]!.sheets[0]!.figures[0]).toMatchObject({ villageCode: V.han.code, villageName: '韩村村委会' })
  })
})

describe('templates', () => {
  it('writes a township template with its villages, the date, stage columns and a very hidden marker; filled in, it imports', async () => {
    core = await township(false)
    const out = await core.api['imports.template']({ kind: 'figures', code: TOWNSHIP, date: DATE })
    expect(out.fileName).toBe('进度日报表_尧都区屯里镇_2026-11-20.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(out.dataBase64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.state).toBe('visible')
    expect(ws.getCell('A1').value).toBe('尧都区屯里镇清洁取暖改造进度日报表')
    expect(ws.getCell('A2').value).toBe('填报日期：2026年11月20日')
    expect(ws.getCell('A3').value).toBe('制表单位：屯里镇（141002100）')
    expect(ws.getCell('F4').value).toBe('各阶段累计户数')
    expect([6, 7, 8, 9, 10, 11, 12].map((c) => ws.getRow(5).getCell(c).value)).toEqual(['确户签约', '管网/线路', '入户装表', '设备安装', '点火通气/通电', '验收', '管线公里数'])
    const listed = [6, 7, 8, 9, 10, 11].map((r) => [ws.getCell(`B${r}`).value, ws.getCell(`C${r}`).value, ws.getCell(`E${r}`).value])
    expect(listed).toEqual((Object.keys(V) as VillageKey[]).map((k) => [V[k].code, V[k].stored, V[k].target]))
    expect(String(ws.getCell('A14').value)).toContain('以下村的进度按农户信息自动统计，不在本表：东高河村委会。')
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '1:5' })
    const marker = wb.getWorksheet(MARKER_SHEET)!
    expect(marker.state).toBe('veryHidden')
    expect(marker.getCell('A1').value).toBe(MARKER_TAG)

    // A township fills in three villages; the others stay blank (not reported today).
    for (const [i, k] of (['han', 'gou', 'jia'] as VillageKey[]).entries()) {
      BASE[k].slice(0, 7).forEach((v, j) => (ws.getRow(6 + i).getCell(6 + j).value = v))
    }
    const filled = upload('屯里镇（已填）.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))
    const review = await importFiles(core, [filled])
    expect(review.files[0]!.template).toEqual({ kind: 'figures', version: 1 })
    expect(review.files[0]!.sheets[0]).toMatchObject({ added: 3, townshipCode: TOWNSHIP, date: DATE })
    expect(review.files[0]!.problems.map((p) => p.message)).toEqual(['3 个村没有填写任何数字，未导入（视为这些村当天未上报）：屯里村委会、东张堡村委会、西张堡村委会。'])
  })

  it.skipIf(!SOFFICE)('prints the daily template and the roster template in LibreOffice', { timeout: 180_000 }, async () => {
    core = await township(false)
    for (const kind of ['figures', 'roster'] as const) {
      const out = await core.api['imports.template']({ kind, code: TOWNSHIP, date: DATE })
      const { pdf, pages } = xlsxToPdf(Buffer.from(out.dataBase64, 'base64'), `${kind}.xlsx`)
      expect(pages).toBe(1)
      const text = pdfText(pdf).replace(/\s+/g, '')
      expect(text).toContain('第1页共1页')
      if (kind === 'figures') {
        expect(text).toContain('尧都区屯里镇清洁取暖改造进度日报表')
        expect(text).toContain('西张堡村委会')
      } else {
        expect(text).toContain('尧都区屯里镇清洁取暖改造农户花名册')
        expect(text).toContain('供气企业/施工企业')
      }
      // The hidden marker and lists never print.
      expect(text).not.toContain(MARKER_TAG)
    }
  })

  it('writes a county template with one sheet per township; each sheet imports for its township', async () => {
    core = await withWucun(false)
    const out = await core.api['imports.template']({ kind: 'figures', code: '141002', date: DATE })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(out.dataBase64, 'base64') as unknown as ArrayBuffer)
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual(['屯里镇', '吴村镇'])
    const wu = wb.getWorksheet('吴村镇')!
    expect([wu.getCell('B6').value, wu.getCell('B7').value]).toEqual(WUCUN.villages)
    // Someone renamed the sheets and cleared the unit line: the marker still says which township.
    wu.name = 'Sheet2'
    wu.getCell('A3').value = null
    wu.getRow(6).values = [1, WUCUN.villages[0], '孙曲村委会', '煤改电', 50, 20, 15, 10, 5, 0, 0, 1.5]
    const tun = wb.getWorksheet('屯里镇')!
    tun.getRow(6).values = [1, V.han.code, V.han.stored, '煤改气', 100, ...BASE.han]
    const review = await importFiles(core, [upload('尧都区.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))])
    const sheets = review.files[0]!.sheets
    expect(sheets.map((s) => [s.sheet, s.townshipName, s.added])).toEqual([
      ['屯里镇', '屯里镇', 1],
      ['Sheet2', '吴村镇', 1],
    ])
  })

  it('refuses a template for a place that is not a county or township, or has nothing to report', async () => {
    core = await township(false)
    expect((await rejection(core.api['imports.template']({ kind: 'figures', code: V.han.code }))).message).toBe(
      '找不到代码为 141002100200 的县区或乡镇。模板按乡镇或县区生成。',
    )
    expect((await rejection(core.api['imports.template']({ kind: 'figures', code: '141002106' }))).message).toBe(
      '尧都区吴村镇没有需要填报户数的村：村还没有改造计划，或进度都按农户信息统计。请先在“区划与村庄”中设置改造计划。',
    )
  })
})

describe('a day’s folder at once', () => {
  it('previews every file, commits all accepted rows in one write, and names the townships that sent nothing', async () => {
    core = await withWucun(false)
    await core.api['villages.setPlan']({ villageCode: '141002101200', route: 'gas', targetHouseholds: 30, contractor: 'x', deadline: '2026-12-31', figureSource: 'counts' })
    const tun = upload('屯里镇.xlsx', await xlsx([figureSheet()]))
    // A second 吴村镇 file lists a village of 屯里镇.
    const wuRows: Cell[][] = [
      ['吴村镇进度日报'],
      ['填报日期：2026-11-20'],
      ['序号', '村代码', '村名', '确户签约', '线路改造', '户表安装', '设备安装', '通电', '验收', '管线公里数'],
      [1, WUCUN.villages[0], '孙曲村', 20, 15, 10, 5, 0, 0, 1.5],
      [2, WUCUN.villages[1], '王曲村', 10, 10, 10, 10, 10, 10, 1],
    ]
    const wu = upload('吴村镇.xlsx', await xlsx([{ name: 'Sheet1', rows: wuRows }]))
    const stray = upload('吴村镇补充.xlsx', await xlsx([{ name: 'Sheet1', rows: [...wuRows.slice(0, 3), [1, V.han.code, '', 1, 1, 1, 1, 1, 1, 1]] }]))
    const broken = upload('乔李镇.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]))
    const review = await importFiles(core, [tun, wu, stray, broken])

    expect(review.files.map((f) => [f.fileName, f.status, f.errors])).toEqual([
      ['屯里镇.xlsx', 'ok', 0],
      ['吴村镇.xlsx', 'ok', 0],
      ['吴村镇补充.xlsx', 'ok', 1],
      ['乔李镇.xls', 'rejected', 1],
    ])
    expect(review.files[2]!.problems).toEqual([
      { severity: 'error', message: '韩村村委会（141002100200）属于屯里镇，不在本表的吴村镇。', where: { file: '吴村镇补充.xlsx', sheet: 'Sheet1', row: 4, column: '村代码' } },
    ])
    expect(review.totals.figures).toEqual({ added: 8, updated: 0, unchanged: 0, rejected: 1, held: 0 })
    expect(review.reporting).toEqual([
      { date: DATE, expected: 3, unreported: [expect.objectContaining({ townshipCode: '141002101', townshipName: '乔李镇', countyName: '尧都区' })] },
    ])

    const seq = core.store!.lastSeq
    const result = await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'skip' })
    expect(core.store!.lastSeq).toBe(seq + 1) // one transaction for the whole folder
    expect(result).toMatchObject({ batchId: 'I000001', figures: { added: 8, replaced: 0, unchanged: 0, skipped: 0, rejected: 1 } })
    expect(result.reporting[0]!.unreported.map((t) => t.townshipName)).toEqual(['乔李镇'])
    expect(figure(core, WUCUN.villages[1]!)!.counts.accepted).toBe(10)
    const status = await core.api['figures.reportingStatus']({ date: DATE })
    expect(status.unreported.map((t) => t.townshipName)).toEqual(['乔李镇'])

    const [batch] = await core.api['imports.history']({})
    expect(batch!.files.map((f) => [f.fileName, f.sheets.map((s) => [s.townshipCode, s.date, s.added, s.rejected])])).toEqual([
      ['屯里镇.xlsx', [[TOWNSHIP, DATE, 6, 0]]],
      ['吴村镇.xlsx', [[WUCUN.code, DATE, 2, 0]]],
      ['吴村镇补充.xlsx', [[WUCUN.code, DATE, 0, 1]]],
    ])
    expect(core.store!.recent(1)[0]!.method).toBe('imports.commit')
  })

  it('refuses both rows when two files give one village different figures, and keeps one when they agree', async () => {
    core = await township(false)
    const a = upload('a.xlsx', await xlsx([figureSheet()]))
    const b = upload('b.xlsx', await xlsx([figureSheet((rows) => (rows[3]![colOf('验收')] = 31), '另一份')]))
    const review = await importFiles(core, [a, b])
    expect(review.files[0]!.problems).toEqual([
      {
        severity: 'error',
        message: '韩村村委会 2026-11-20 的数字与b.xlsx 工作表“另一份” 第 4 行不同，无法确定哪个对，两行都没有导入。',
        where: { file: 'a.xlsx', sheet: '日报', row: 4, column: '村名称' },
      },
    ])
    expect(review.files[1]!.problems).toEqual([
      {
        severity: 'error',
        message: '韩村村委会 2026-11-20 的数字与a.xlsx 工作表“日报” 第 4 行不同，无法确定哪个对，两行都没有导入。',
        where: { file: 'b.xlsx', sheet: '另一份', row: 4, column: '村名称' },
      },
      ...Array.from({ length: 5 }, (_, i) => ({
        severity: 'warning',
        message: expect.stringMatching(/ 2026-11-20 的数字与a\.xlsx 工作表“日报” 第 \d 行相同，只导入一次。$/),
        where: { file: 'b.xlsx', sheet: '另一份', row: 5 + i, column: '村名称' },
      })),
    ])
    expect(review.totals.figures).toEqual({ added: 5, updated: 0, unchanged: 0, rejected: 2, held: 0 })
    await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(figure(core, V.han.code)).toBeUndefined()
    expect(figure(core, V.gou.code)!.counts).toEqual(counts(BASE.gou))
  })
})

describe('commit: all or nothing, replace or skip, never twice', () => {
  it('replaces a day already imported, keeping old and new figures in the audit trail; or skips it', async () => {
    core = await township()
    const corrected = (name: string) => async () => upload(name, await xlsx([figureSheet((rows) => (rows[3]![colOf('验收')] = 33))]))
    let review = await importFiles(core, [await corrected('屯里镇更正.xlsx')()])
    const sheet = review.files[0]!.sheets[0]!
    expect(sheet).toMatchObject({ updated: 1, unchanged: 5, earlier: { fileName: '屯里镇基础.xlsx' } })

    const skipped = await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'skip' })
    expect(skipped.batchId).toBeUndefined()
    expect(skipped.figures).toMatchObject({ skipped: 1, unchanged: 5, replaced: 0 })
    expect(figure(core, V.han.code)!.counts.accepted).toBe(30)

    review = await importFiles(core, [await corrected('屯里镇更正.xlsx')()])
    expect(review.files[0]!.status).toBe('ok') // a file only partly stored may come again
    const replaced = await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'skip', overrides: { [review.files[0]!.sheets[0]!.key]: 'replace' } })
    expect(replaced.figures).toEqual({ added: 0, replaced: 1, unchanged: 5, skipped: 0, rejected: 0, held: 0 })
    expect(figure(core, V.han.code)).toMatchObject({ source: 'import', counts: { accepted: 33 } })

    const trail = await core.api['audit.history']({ collection: 'figures', key: `${V.han.code}|${DATE}` })
    expect(trail[0]).toMatchObject({ method: 'imports.commit', before: { counts: { accepted: 30 } }, after: { counts: { accepted: 33 } } })
  })

  for (const onConflict of ['replace', 'skip'] as const) {
    it(`stores exactly what the preview showed, row for row (${onConflict})`, async () => {
      core = await withWucun()
      // 屯里镇 corrected: 韩村 changed, 贾村 refused (negative), 屯里 changed with a warning, the rest the same; 吴村镇 new.
      const tun = upload(
        '屯里镇更正.xlsx',
        await xlsx([
          figureSheet((rows) => {
            rows[3]![colOf('验收')] = 33
            rows[5]![colOf('点火通气')] = -1
            rows[6]![colOf('入户装表')] = 115
          }),
        ]),
      )
      const wuRows: Cell[][] = [['吴村镇进度日报'], ['填报日期：2026-11-20'], ['村代码', '村名', '确户签约', '线路改造', '户表安装', '设备安装', '通电', '验收', '管线公里数']]
      wuRows.push([WUCUN.villages[0], '孙曲村', 20, 15, 10, 5, 0, 0, 1.5], [WUCUN.villages[1], '王曲村', 10, 10, 10, 10, 10, 10, 1])
      const review = await importFiles(core, [tun, upload('吴村镇.xlsx', await xlsx([{ name: 'Sheet1', rows: wuRows }]))])
      const shown = review.files.flatMap((f) => f.sheets.flatMap((s) => s.figures))
      expect(shown.map((f) => [f.villageName, f.status, f.warnings])).toEqual([
        ['韩村村委会', 'updated', 0],
        ['沟上村委会', 'unchanged', 0],
        ['屯里村委会', 'updated', 1],
        ['东张堡村委会', 'unchanged', 0],
        ['西张堡村委会', 'unchanged', 0],
        ['孙曲村委会', 'new', 0],
        ['王曲村委会', 'new', 0],
      ])
      expect(review.totals.figures).toEqual({ added: 2, updated: 2, unchanged: 3, rejected: 1, held: 0 })

      const seq = core.store!.lastSeq
      const result = await core.api['imports.commit']({ sessionId: review.sessionId, onConflict })
      const written = shown.filter((f) => f.status === 'new' || (f.status === 'updated' && onConflict === 'replace'))
      expect(result.figures).toEqual({
        added: 2,
        replaced: onConflict === 'replace' ? 2 : 0,
        unchanged: 3,
        skipped: onConflict === 'skip' ? 2 : 0,
        rejected: 1,
        held: 0,
      })
      // One log line, whose figure changes are exactly the rows the preview said would be written, with its numbers.
      expect(core.store!.lastSeq).toBe(seq + 1)
      const entry = logEntries(core.store!.dataDir).at(-1)
      const changes = entry!.changes.filter((c) => c.c === 'figures')
      expect(changes.map((c) => c.k).sort()).toEqual(written.map((f) => `${f.villageCode}|${f.date}`).sort())
      for (const f of shown) {
        const stored = figure(core, f.villageCode)!
        const expected = written.includes(f) ? { counts: f.counts, networkKm: f.networkKm } : { counts: f.stored?.counts ?? f.counts, networkKm: f.stored?.networkKm ?? f.networkKm }
        expect({ counts: stored.counts, networkKm: stored.networkKm }).toEqual(expected)
      }
      expect(figure(core, V.jia.code)!.counts).toEqual(counts(BASE.jia)) // the refused row left the stored figure alone
    })
  }

  it('says a file was imported before, even saved again, and changes nothing', async () => {
    core = await township()
    const seq = core.store!.lastSeq
    // Written anew (other bytes, same content) under another name.
    const review = await importFiles(core, [upload('屯里镇（重发）.xlsx', await xlsx([figureSheet()]))])
    expect(review.files[0]!).toMatchObject({ status: 'duplicate', duplicateOf: { fileName: '屯里镇基础.xlsx', at: '2026-11-20T09:30:00.000Z' }, sheets: [] })
    expect(review.files[0]!.problems[0]!.message).toBe('与 2026-11-20 09:30 导入的“屯里镇基础.xlsx”内容完全相同，已导入过，这次不会重复导入。')
    const result = await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(result.batchId).toBeUndefined()
    expect(core.store!.lastSeq).toBe(seq)
  })

  it('asks for a new preview when the data changed after it, and forgets a cancelled batch', async () => {
    core = await township(false)
    const review = await importFiles(core, [upload('屯里镇.xlsx', await xlsx([figureSheet()]))])
    await core.api['figures.record']({ villageCode: V.han.code, date: DATE, counts: counts(BASE.han) as never, networkKm: 2.5 })
    const conflict = await rejection(core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' }))
    expect(conflict.code).toBe('conflict')
    expect(conflict.message).toBe('预览之后数据有了变化（或又加入了文件），请重新查看预览后再确认导入。')
    const again = await core.api['imports.review']({ sessionId: review.sessionId })
    expect(again.files[0]!.sheets[0]).toMatchObject({ added: 5, unchanged: 1 })
    expect(await core.api['imports.cancel']({ sessionId: review.sessionId })).toEqual({ cancelled: true })
    const gone = await rejection(core.api['imports.review']({ sessionId: review.sessionId }))
    expect(gone.code).toBe('not_found')
  })

  it('stores nothing when the write fails part-way (one transaction)', async () => {
    core = await township(false)
    const review = await importFiles(core, [upload('屯里镇.xlsx', await xlsx([figureSheet()]))])
    const seq = core.store!.lastSeq
    const store = core.store!
    const begin = store.begin.bind(store)
    // The disk fails as the batch is written: the store refuses the whole line.
    store.begin = ((meta: Parameters<typeof begin>[0]) => {
      const open = begin(meta)
      return {
        ...open,
        commit: () => {
          store.rollback()
          throw new AppError('io_error', '数据文件 db/log/000000000001.jsonl 磁盘空间不足。本次修改没有保存，数据文件夹保持原样。')
        },
      }
    }) as typeof store.begin
    const failed = await rejection(core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' }))
    expect(failed.message).toContain('本次修改没有保存')
    store.begin = begin
    expect(store.lastSeq).toBe(seq)
    for (const v of Object.values(V)) expect(figure(core, v.code)).toBeUndefined()
    // The batch is still there: once the disk is fine, the same commit goes through.
    const ok = await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(ok.figures.added).toBe(6)
  })
})

describe('household rosters', () => {
  const HEADER = ['序号', '县区', '乡镇', '村', '地址', '户主姓名', '身份证号', '联系电话', '用户编码', '改造类别', '供气企业/施工企业', '燃气表具号', '燃气表类型', '当前阶段']
  const id = (n: number) => validId('141002', '19700101', n)

  it('fills the roster template, creates households, and derives the village figure of a household-kept village', async () => {
    core = await township(false)
    const out = await core.api['imports.template']({ kind: 'roster', code: TOWNSHIP })
    expect(out.fileName).toBe('农户花名册_尧都区屯里镇.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(out.dataBase64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('农户花名册')!
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(HEADER)
    expect(ws.getColumn(7).numFmt).toBe('@')
    expect(wb.getWorksheet('_名单')!.state).toBe('hidden')
    const rows = [
      [1, '', '', '东高河村', '1组', '张建国', id(1), '13835712345', 'G1', '煤改气', '演示燃气公司', 'M1', '物联网表', '点火通气'],
      [2, '', '', '东高河', '2组', '李秀英', id(2), '', 'G2', '', '', '', '', '壁挂炉安装'],
      [3, '', '', '东高河村委会', '3组', '王明', '', '', '', '气代煤', '', '', '', ''],
    ]
    rows.forEach((r, i) => (ws.getRow(4 + i).values = r))
    const review = await importFiles(core, [upload('花名册.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))])
    expect(review.files[0]!.problems).toEqual([])
    expect(review.files[0]!.sheets[0]!.households.map((h) => [h.headName, h.idNumber, h.stage, h.status])).toEqual([
      ['张建国', `1410**********${id(1).slice(-4)}`, 'connected', 'new'],
      ['李秀英', `1410**********${id(2).slice(-4)}`, 'equipment', 'new'],
      ['王明', undefined, 'none', 'new'],
    ])
    expect(review.derivedVillages).toBe(1)
    await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'skip' })
    const h1 = core.store!.get('households', `${DONGGAOHE.code}-000001`)!
    expect(h1).toEqual({
      id: `${DONGGAOHE.code}-000001`,
      villageCode: DONGGAOHE.code,
      headName: '张建国',
      route: 'gas',
      stage: 'connected',
      idNumber: id(1),
      phone: '13835712345',
      address: '1组',
      userCode: 'G1',
      contractor: '演示燃气公司',
      meterNo: 'M1',
      meterType: '物联网表',
    })
    expect(figure(core, DONGGAOHE.code)).toMatchObject({ source: 'derived', counts: { confirmed: 2, equipment: 2, connected: 1, accepted: 0 } })
  })

  it('matches stored households by user code, then ID number, then a unique name; flags an ID of another village', async () => {
    core = await township(false)
    const sheet = (rows: Cell[][]) => [{ name: '花名册', rows: [['屯里镇花名册'], HEADER, ...rows] }]
    const first = await importFiles(core, [
      upload(
        'a.xlsx',
        await xlsx(
          sheet([
            [1, '', '', '东高河村', '', '张建国', id(1), '', 'G1', '煤改气', '', '', '', '确户签约'],
            [2, '', '', '东高河村', '', '李秀英', id(2), '', '', '煤改气', '', '', '', '确户签约'],
            [3, '', '', '东高河村', '', '王明', '', '', '', '煤改气', '', '', '', '确户签约'],
            [4, '', '', '韩村', '', '刘强', id(4), '', '', '煤改气', '', '', '', ''],
          ]),
        ),
      ),
    ])
    await core.api['imports.commit']({ sessionId: first.sessionId, onConflict: 'skip' })

    const second = await importFiles(core, [
      upload(
        'b.xlsx',
        await xlsx(
          sheet([
            [1, '', '', '东高河村', '', '张建国', '', '', 'G1', '', '', '', '', '点火通气'], // by user code
            [2, '', '', '东高河村', '', '李秀英', id(2), '', 'G2', '', '', '', '', '入户装表'], // by ID number
            [3, '', '', '东高河村', '', '王明', id(3), '', '', '', '', '', '', '确户签约'], // by name
            [4, '', '', '东高河村', '', '赵芳', id(4), '', '', '', '', '', '', ''], // new, ID of 韩村's 刘强
          ]),
        ),
      ),
    ])
    const s = second.files[0]!.sheets[0]!
    expect(s.households.map((h) => [h.headName, h.status, h.householdId])).toEqual([
      ['张建国', 'updated', `${DONGGAOHE.code}-000001`],
      ['李秀英', 'updated', `${DONGGAOHE.code}-000002`],
      ['王明', 'updated', `${DONGGAOHE.code}-000003`],
      ['赵芳', 'new', undefined],
    ])
    expect(second.files[0]!.problems).toEqual([
      {
        severity: 'warning',
        message: `身份证号与韩村村委会的农户“刘强”（编号 ${V.han.code}-000001）重复，请核实是否同一人。`,
        where: { file: 'b.xlsx', sheet: '花名册', row: 6, column: '身份证号' },
      },
    ])
    await core.api['imports.commit']({ sessionId: second.sessionId, onConflict: 'skip' })
    expect(core.store!.get('households', `${DONGGAOHE.code}-000002`)).toMatchObject({ userCode: 'G2', stage: 'meter', route: 'gas' })
    expect(core.store!.get('households', `${DONGGAOHE.code}-000004`)).toMatchObject({ headName: '赵芳', stage: 'none' })
    expect(figure(core, DONGGAOHE.code)!.counts).toMatchObject({ confirmed: 3, network: 2, meter: 2, connected: 1 })
    // The same roster again: everything unchanged, and it says so.
    const third = await importFiles(core, [upload('b（再次）.xlsx', await xlsx(sheet([[1, '', '', '东高河村', '', '张建国', '', '', 'G1', '', '', '', '', '点火通气']])))])
    expect(third.files[0]!.sheets[0]).toMatchObject({ added: 0, updated: 0, unchanged: 1 })
  })

  it('keeps a roster-only field when the household is edited in the form', async () => {
    core = await township(false)
    const review = await importFiles(core, [
      upload('a.xlsx', await xlsx([{ name: '花名册', rows: [['屯里镇'], HEADER, [1, '', '', '东高河村', '', '张建国', '', '', '', '煤改气', '', 'M1', 'IC卡表', '']] }])),
    ])
    await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'skip' })
    const hid = `${DONGGAOHE.code}-000001`
    await core.api['households.update']({ id: hid, headName: '张建国', route: 'gas', stage: 'confirmed', meterNo: 'M1' })
    expect(core.store!.get('households', hid)).toMatchObject({ stage: 'confirmed', meterType: 'IC卡表' })
  })
})

describe('marker', () => {
  it('is read from a very hidden sheet only', async () => {
    core = await township(false)
    const visibleMarker = { name: MARKER_SHEET, rows: [[MARKER_TAG], ['kind', 'figures'], ['version', '1'], ['scope', '141002106']] }
    const review = await importFiles(core, [upload('屯里镇.xlsx', await xlsx([figureSheet(), visibleMarker]))])
    expect(review.files[0]!.template).toBeUndefined()
  })
})
