// File imports by an account over one county or one township (issue 14): the real Linfen divisions,
// 尧都区's townships 屯里镇 and 吴村镇 planned and reporting, and 曲沃县's 乐昌镇 beside them. A county
// office's day of files holds a sheet of 乐昌镇: it is refused with its file and sheet named, a row
// of another county's village is refused with its row, and only what lies within is previewed and
// committed; 最近的导入 and undo keep to the account's division; column mappings stay office-wide.

import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { ImportReview } from '../../src/core/contract'
import { account, firstAdmin, type Session } from './helpers/accounts'
import { rejects } from './helpers/core'
import { counts, county, type Fig, NEW, PREV_DAY, stored, TODAY, upload, type Upload, VILLAGES, type VKey, workbook } from './helpers/county'

let core: Core | undefined
afterEach(() => {
  core?.close()
  core = undefined
})

/** 曲沃县 乐昌镇: two of its villages planned, with a figure of the day before. */
const LECHANG = { county: '141021', township: '141021100', v1: '141021100001', v2: '141021100002' } as const
const LECHANG_ROWS: Array<[string, Fig]> = [
  ['东北街社区居民委员会', [30, 25, 20, 15, 10, 5, 1]],
  ['西南街社区居民委员会', [20, 15, 10, 5, 0, 0, 0.5]],
]
const HEAD = ['村名', '确户签约', '庭院管网', '入户装表', '壁挂炉安装', '点火通气', '验收', '管线公里数']
const TUNLI: VKey[] = ['han', 'gou', 'jia', 'tun', 'dzb', 'xzb']
const WUCUN: VKey[] = ['sun', 'wang', 'nan']

const rowsOf = (keys: VKey[]): Array<[string, Fig]> => keys.map((k) => [VILLAGES[k].name, NEW[k]])
/** A township's sheet as offices make it: the township (and county) above, the day, then the table. */
function townshipSheet(name: string, lines: string[], rows: Array<[string, Fig]>) {
  return { name, rows: [...lines.map((l) => [l]), [`填报日期：${TODAY}`], HEAD, ...rows.map(([v, f]) => [v, ...f])] }
}
const tunliSheet = () => townshipSheet('屯里镇', ['乡镇：屯里镇'], rowsOf(TUNLI))
const wucunSheet = () => townshipSheet('吴村镇', ['乡镇：吴村镇'], rowsOf(WUCUN))
const lechangSheet = () => townshipSheet('乐昌镇', ['县区：曲沃县', '乡镇：乐昌镇'], LECHANG_ROWS)

interface Setup {
  admin: Session
  /** 办公室 over 尧都区 */
  yaodu: Session
  /** 办公室 over 吴村镇 */
  wucun: Session
}

async function setup(): Promise<Setup> {
  core = await county()
  for (const [i, v] of [LECHANG.v1, LECHANG.v2].entries()) {
    await core.api['villages.setPlan']({ villageCode: v, route: 'gas', targetHouseholds: 100, contractor: '演示企业', deadline: '2026-12-31', figureSource: 'counts' })
    await core.api['figures.record']({ villageCode: v, date: PREV_DAY, counts: counts([10 + i, 5, 5, 5, 0, 0]), networkKm: 0.2 })
  }
  const admin = await firstAdmin(core)
  const yaodu = await account(core, admin, { login: 'yaodu', name: '尧都区办公室', role: 'office', scope: '141002', password: 'Yaodu-Pass-2026' })
  const wucun = await account(core, admin, { login: 'wucun', name: '吴村镇办公室', role: 'office', scope: '141002106', password: 'Wucun-Pass-2026' })
  return { admin, yaodu, wucun }
}

async function previewAs(who: Session, files: Upload[]): Promise<ImportReview> {
  let sessionId: string | undefined
  for (const f of files) sessionId = (await who.api['imports.addFile']({ sessionId, file: f })).sessionId
  return who.api['imports.review']({ sessionId: sessionId! })
}

const storedAt = (villageCode: string, date: string) => core!.store!.get('figures', `${villageCode}|${date}`)
const errors = (r: ImportReview) => r.files.flatMap((f) => f.problems.filter((p) => p.severity === 'error'))

describe('a county office imports its county’s files', () => {
  it('refuses the sheet of another county, naming file and sheet, and previews and commits only its own', async () => {
    const { yaodu } = await setup()
    const file = upload('尧都区1120报送.xlsx', await workbook([tunliSheet(), lechangSheet(), wucunSheet()]))
    const review = await previewAs(yaodu, [file])
    const sheets = review.files[0]!.sheets
    expect(review.files[0]!.status).toBe('ok')
    expect(sheets.map((s) => [s.sheet, s.refused ?? false, s.added, s.rejected])).toEqual([
      ['屯里镇', false, 6, 0],
      ['乐昌镇', true, 0, 2],
      ['吴村镇', false, 3, 0],
    ])
    expect(errors(review)).toEqual([
      { severity: 'error', message: '本表是曲沃县的数据，不在您的管辖范围（尧都区）内，本表未导入。', where: { file: '尧都区1120报送.xlsx', sheet: '乐昌镇' } },
    ])
    expect(sheets[1]!.figures).toEqual([])
    expect(review.totals.figures).toMatchObject({ added: 9, rejected: 2 })
    // 未上报 is of 尧都区's townships only.
    expect(review.reporting).toEqual([{ date: TODAY, expected: 2, unreported: [] }])

    const result = await yaodu.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(result.figures).toMatchObject({ added: 9, rejected: 2 })
    expect(stored(core!, 'han', TODAY)).toEqual([...NEW.han])
    expect(stored(core!, 'nan', TODAY)).toEqual([...NEW.nan])
    expect(storedAt(LECHANG.v1, TODAY)).toBeUndefined()
    expect(storedAt(LECHANG.v2, TODAY)).toBeUndefined()
    const batch = core!.store!.get('imports', result.batchId!)!
    expect(batch.places).toEqual(['141002100', '141002106'])
    expect(batch.who).toBe('尧都区办公室（yaodu）')
  })

  it('refuses, by its row, a village of another county in a sheet that names no township', async () => {
    const { yaodu } = await setup()
    const sheet = {
      name: '汇总',
      rows: [
        [`填报日期：${TODAY}`],
        ['村代码', ...HEAD.slice(1)],
        [VILLAGES.han.code, ...NEW.han],
        [LECHANG.v1, ...LECHANG_ROWS[0]![1]],
        [VILLAGES.sun.code, ...NEW.sun],
      ],
    }
    const review = await previewAs(yaodu, [upload('汇总.xlsx', await workbook([sheet]))])
    expect(errors(review)).toEqual([
      { severity: 'error', message: '乐昌镇东北街社区居民委员会不在您的管辖范围（尧都区）内，这一行没有导入。', where: { file: '汇总.xlsx', sheet: '汇总', row: 4, column: '村代码' } },
    ])
    expect(review.files[0]!.sheets[0]).toMatchObject({ added: 2, rejected: 1 })
    await yaodu.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(stored(core!, 'sun', TODAY)).toEqual([...NEW.sun])
    expect(storedAt(LECHANG.v1, TODAY)).toBeUndefined()
  })

  it('a township office imports only its township: the other township of its county and the other county are refused', async () => {
    const { wucun } = await setup()
    const review = await previewAs(wucun, [upload('尧都区1120报送.xlsx', await workbook([tunliSheet(), lechangSheet(), wucunSheet()]))])
    expect(review.files[0]!.sheets.map((s) => [s.sheet, s.refused ?? false, s.added])).toEqual([
      ['屯里镇', true, 0],
      ['乐昌镇', true, 0],
      ['吴村镇', false, 3],
    ])
    expect(errors(review).map((p) => p.message)).toEqual([
      '本表是屯里镇的数据，不在您的管辖范围（吴村镇）内，本表未导入。',
      '本表是曲沃县的数据，不在您的管辖范围（吴村镇）内，本表未导入。',
    ])
    await wucun.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(stored(core!, 'sun', TODAY)).toEqual([...NEW.sun])
    expect(stored(core!, 'han', TODAY)).toBeUndefined()
  })

  it('a file wholly of another county is rejected and nothing is written', async () => {
    const { yaodu } = await setup()
    const review = await previewAs(yaodu, [upload('乐昌镇.xlsx', await workbook([lechangSheet()]))])
    expect(review.files[0]!.status).toBe('rejected')
    const result = await yaodu.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(result.batchId).toBeUndefined()
    expect(storedAt(LECHANG.v1, TODAY)).toBeUndefined()
  })

  it('an import batch belongs to the division that opened it', async () => {
    const { yaodu, wucun, admin } = await setup()
    const review = await previewAs(yaodu, [upload('吴村镇.xlsx', await workbook([wucunSheet()]))])
    for (const other of [wucun, admin]) {
      const e = await rejects(other.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' }))
      expect(e.code).toBe('not_found')
      expect(await other.api['imports.cancel']({ sessionId: review.sessionId })).toEqual({ cancelled: false })
    }
    expect((await yaodu.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })).figures.added).toBe(3)
  })
})

describe('最近的导入 and undo keep to the account’s division', () => {
  it('lists only batches within it, and refuses to undo a batch that also wrote elsewhere', async () => {
    const { admin, yaodu, wucun } = await setup()
    // The city's batch: 屯里镇 and 乐昌镇 in one file.
    const cityReview = await previewAs(admin, [upload('市汇总.xlsx', await workbook([tunliSheet(), lechangSheet()]))])
    const city = (await admin.api['imports.commit']({ sessionId: cityReview.sessionId, onConflict: 'replace' })).batchId!
    expect(core!.store!.get('imports', city)!.places).toEqual(['141002100', '141021100'])
    const own = await previewAs(yaodu, [upload('吴村镇.xlsx', await workbook([wucunSheet()]))])
    const county = (await yaodu.api['imports.commit']({ sessionId: own.sessionId, onConflict: 'replace' })).batchId!

    expect((await admin.api['imports.history']({})).map((b) => b.id)).toEqual([county, city])
    expect((await yaodu.api['imports.history']({})).map((b) => b.id)).toEqual([county])
    expect((await wucun.api['imports.history']({})).map((b) => b.id)).toEqual([county])

    for (const m of ['imports.undoPreview', 'imports.undo'] as const) {
      const e = await rejects(yaodu.api[m]({ batchId: city }))
      expect([e.code, e.message]).toEqual(['forbidden', '没有权限：乐昌镇（141021100）不在您的管辖范围（尧都区）内。'])
    }
    expect(stored(core!, 'han', TODAY)).toEqual([...NEW.han])
    expect(storedAt(LECHANG.v1, TODAY)).toBeDefined()

    const undone = await wucun.api['imports.undo']({ batchId: county })
    expect(undone.restored.figures).toBe(3)
    expect(stored(core!, 'sun', TODAY)).toBeUndefined()
    expect((await admin.api['imports.undo']({ batchId: city })).restored.figures).toBe(8)
  })

  it('an undo is checked against what the batch wrote, even when the batch does not say where', async () => {
    const { admin, yaodu } = await setup()
    const review = await previewAs(admin, [upload('市汇总.xlsx', await workbook([wucunSheet(), lechangSheet()]))])
    const id = (await admin.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })).batchId!
    // A batch as committed before the townships were recorded, its sheets naming only 吴村镇.
    const batch = core!.store!.get('imports', id)!
    const { places: _dropped, ...old } = batch
    const only = { ...old, files: old.files.map((f) => ({ ...f, sheets: f.sheets.filter((s) => s.townshipCode === '141002106') })) }
    await core!.store!.transact({ who: 'test', method: 'test' }, (tx) => tx.put('imports', id, only))
    const e = await rejects(yaodu.api['imports.undo']({ batchId: id }))
    expect([e.code, e.message]).toEqual(['forbidden', `没有权限：第 ${id} 批导入也改动了东北街社区居民委员会的数据，不在您的管辖范围（尧都区）内，只有管辖全部范围的账号可以撤销这一批。`])
    expect(stored(core!, 'sun', TODAY)).toEqual([...NEW.sun])
  })
})

describe('column mappings stay office-wide settings', () => {
  it('are read by a county office and confirmed, changed or deleted only over the whole area', async () => {
    const { admin, yaodu } = await setup()
    expect(await yaodu.api['imports.mappings']({})).toEqual([])
    const refusal = '没有权限：这项操作涉及整个数据文件夹，只有管辖全部范围的账号可以使用（您的管辖范围是尧都区）。'
    for (const call of [
      () => yaodu.api['imports.updateMapping']({ id: 'x', columns: ['village'] }),
      () => yaodu.api['imports.deleteMapping']({ id: 'x' }),
      () => yaodu.api['imports.mapColumns']({ sessionId: 'x', sheet: '0:0', columns: [{ index: 0, as: 'village' }] }),
    ]) {
      const e = await rejects(call())
      expect([e.code, e.message]).toEqual(['forbidden', refusal])
    }
    expect(await admin.api['imports.mappings']({})).toEqual([])
  })
})
