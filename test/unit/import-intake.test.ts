// Intake beyond one file: column mappings kept per layout (used again for another township the next
// day, listed, edited, deleted, audited), the 报送日期, plan lists (template, preview, commit, 任务调整),
// the plan grid's save, undo of a committed batch (figures, roster, plans; later edits kept and
// listed; counters never back), hand entry checked like an import, templates filled with the last
// figures, and a household found anywhere.

import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import { rejects } from './helpers/core'
import { counts, county, NEW, PREV, PREV_DAY, preview, stored, TODAY, TOWNSHIPS, upload, VILLAGES, type VKey, workbook } from './helpers/county'
import { validId } from './helpers/submissions'

let core: Core | undefined
afterEach(() => {
  core?.close()
  core = undefined
})

const STAGES = ['确户签约', '庭院管网', '入户装表', '壁挂炉安装', '点火通气', '验收']
/** A township's report in a layout of its own: a group title over stage columns named in words. */
async function groupLayout(fileName: string, title: string, keys: VKey[], values: (k: VKey) => readonly number[] = (k) => NEW[k]) {
  return upload(
    fileName,
    await workbook([
      {
        name: '进度',
        rows: [
          [title],
          ['村名', '工程进度（累计）', null, null, null, null, null, '管线（公里）'],
          [null, '签约户数', '管网完成', '户内安装（表）', '壁挂炉', '点火通气', '竣工验收', null],
          ...keys.map((k) => [VILLAGES[k].name, ...values(k)]),
        ],
        merges: ['A2:A3', 'B2:G2', 'H2:H3'],
      },
    ]),
  )
}

describe('column mappings: confirmed once per layout, used again without asking', () => {
  it('holds a new layout, keeps the confirmed mapping, and reads the next day’s file of another township with it', async () => {
    core = await county()
    const api = core.api
    const first = await preview(core, [await groupLayout('屯里镇.xlsx', '屯里镇进度 2026年11月19日', ['han', 'gou'], (k) => PREV[k]!)])
    const sheet = first.files[0]!.sheets[0]!
    expect(first.files[0]!.status).toBe('pending')
    expect(sheet).toMatchObject({ held: 2, added: 0, pending: { missing: [], unknown: [] } })
    expect(sheet.columns.map((c) => [c.label, c.as ?? null, c.how])).toEqual([
      ['村名', 'village', 'exact'],
      ['签约户数', 'confirmed', 'exact'],
      ['管网完成', 'network', 'guess'],
      ['户内安装（表）', 'meter', 'guess'],
      ['壁挂炉', 'equipment', 'exact'],
      ['点火通气', 'connected', 'exact'],
      ['竣工验收', 'accepted', 'exact'],
      ['管线（公里）', 'networkKm', 'exact'],
    ])
    expect(sheet.columns[2]!.samples).toEqual(['65', '48'])
    // Nothing of a held sheet is stored, whatever the choice for the rest.
    const none = await api['imports.commit']({ sessionId: first.sessionId, onConflict: 'replace' })
    expect(none).toMatchObject({ figures: { added: 0, replaced: 0, held: 2 } })
    expect(none.batchId).toBeUndefined()

    const again = await preview(core, [await groupLayout('屯里镇.xlsx', '屯里镇进度 2026年11月19日', ['han', 'gou'], (k) => PREV[k]!)])
    const mapping = await core.as({ who: '李会计' })['imports.mapColumns']({
      sessionId: again.sessionId,
      sheet: '0:0',
      columns: [
        { index: 2, as: 'network' },
        { index: 3, as: 'meter' },
      ],
    })
    expect(mapping).toMatchObject({ serial: 1, kind: 'figures', confirmedBy: '李会计', fileName: '屯里镇.xlsx' })
    expect(mapping.columns).toEqual(['village', 'confirmed', 'network', 'meter', 'equipment', 'connected', 'accepted', 'networkKm'])
    expect(mapping.labels).toEqual(['村名', '签约户数', '管网完成', '户内安装（表）', '壁挂炉', '点火通气', '竣工验收', '管线（公里）'])
    const settled = await api['imports.review']({ sessionId: again.sessionId })
    expect(settled.files[0]!.sheets[0]).toMatchObject({ held: 0, unchanged: 2, mapping: { serial: 1, confirmedBy: '李会计' } })
    expect(settled.files[0]!.sheets[0]!.columns.every((c) => c.how === 'mapping')).toBe(true)

    // The next day, another township sends the same layout: no question.
    const next = await preview(core, [await groupLayout('吴村镇-11.20.xlsx', '吴村镇进度', ['sun', 'wang'])])
    expect(next.totals).toMatchObject({ pendingSheets: 0, errors: 0 })
    expect(next.files[0]!.sheets[0]).toMatchObject({ townshipName: '吴村镇', date: TODAY, added: 2, held: 0, mapping: { serial: 1 } })
    const done = await api['imports.commit']({ sessionId: next.sessionId, onConflict: 'replace' })
    expect(done.figures.added).toBe(2)
    expect(stored(core, 'sun', TODAY)).toEqual([...NEW.sun])
    expect(stored(core, 'wang', TODAY)).toEqual([...NEW.wang])
    expect((await api['imports.history']({}))[0]!.files[0]!.sheets[0]).toMatchObject({ mapping: 1 })

    // Listed in 设置, audited, editable, deletable.
    const list = await api['imports.mappings']({})
    expect(list.map((m) => m.id)).toEqual([mapping.id])
    const trail = await api['audit.history']({ collection: 'columnMappings', key: mapping.id })
    expect(trail).toMatchObject([{ who: '李会计', method: 'imports.mapColumns', before: null }])
    const edited = await api['imports.updateMapping']({ id: mapping.id, columns: ['village', 'confirmed', 'network', 'meter', 'equipment', 'connected', 'accepted', 'ignored'] })
    expect(edited.columns.at(-1)).toBe('ignored')
    expect((await api['audit.history']({ collection: 'columnMappings', key: mapping.id }))[0]).toMatchObject({ method: 'imports.updateMapping' })
    const refused = await rejects(api['imports.updateMapping']({ id: mapping.id, columns: ['village', 'confirmed', 'confirmed', 'meter', 'equipment', 'connected', 'accepted', 'ignored'] }))
    expect(refused.message).toBe('“签约户数”和“管网完成”都读作“确户签约”，每一项只能对应一列。')
    await api['imports.deleteMapping']({ id: mapping.id })
    const held = await preview(core, [await groupLayout('吴村镇-11.20.xlsx', '吴村镇进度', ['sun'])])
    expect(held.totals.pendingSheets).toBe(1)
  })

  it('refuses a mapping without a village column or a stage, and one for a roster', async () => {
    core = await county()
    const review = await preview(core, [await groupLayout('屯里镇.xlsx', '屯里镇进度 2026年11月20日', ['han'])])
    const noVillage = await rejects(core.api['imports.mapColumns']({ sessionId: review.sessionId, sheet: '0:0', columns: [{ index: 0, as: 'ignored' }] }))
    expect(noVillage.message).toBe('没有一列读作“村名”或“村代码”，无法知道每行是哪个村。')
    const cols = [1, 2, 3, 4, 5, 6].map((index) => ({ index, as: 'ignored' as const }))
    const noStage = await rejects(core.api['imports.mapColumns']({ sessionId: review.sessionId, sheet: '0:0', columns: cols }))
    expect(noStage.message).toBe('没有一列读作某个阶段的户数，这种表没有可以导入的进度。')
    const missing = await rejects(core.api['imports.mapColumns']({ sessionId: review.sessionId, sheet: '0:9', columns: cols }))
    expect(missing.code).toBe('not_found')
    expect(await core.api['imports.mappings']({})).toEqual([])
  })
})

describe('报送日期', () => {
  it('defaults to the day most sheets carry, is taken by sheets without one, and is never a future day', async () => {
    core = await county()
    const sheet = (title: string, k: VKey) =>
      upload(`${k}.csv`, [title, `村名称,${STAGES.join(',')},管线公里数`, [VILLAGES[k].name, ...NEW[k]].join(',')].join('\n'))
    const review = await preview(core, [
      sheet('屯里镇 填报日期：2026-11-19', 'han'),
      sheet('屯里镇 填报日期：2026-11-19', 'gou'),
      sheet('屯里镇 填报日期：2026-11-20', 'jia'),
      sheet('屯里镇进度', 'dzb'),
    ])
    expect(review.reportDate).toEqual({ date: PREV_DAY, chosen: false, suggested: PREV_DAY, sheetsWithout: 1 })
    expect(review.files.map((f) => f.sheets[0]!.date)).toEqual([PREV_DAY, PREV_DAY, TODAY, PREV_DAY])
    expect(review.files[2]!.problems.map((p) => p.message)).toEqual(['本表的日期是 2026-11-20，与报送日期 2026-11-19 不同，按本表的日期导入。'])
    const chosen = await core.api['imports.review']({ sessionId: review.sessionId, date: TODAY })
    expect(chosen.reportDate).toMatchObject({ date: TODAY, chosen: true })
    expect(chosen.files[3]!.sheets[0]).toMatchObject({ date: TODAY, dateFrom: 'batch' })
    const future = await rejects(core.api['imports.review']({ sessionId: review.sessionId, date: '2026-11-21' }))
    expect(future.message).toBe('报送日期 2026-11-21 晚于今天（2026-11-20），不能导入未来日期的数据。')
    const result = await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(stored(core, 'dzb', TODAY)).toEqual([...NEW.dzb])
    expect((await core.api['imports.history']({}))[0]).toMatchObject({ id: result.batchId, date: TODAY })
  })
})

/** The plan template of 屯里镇, filled in: the given rows by village code → values. */
async function filledPlanList(c: Core, code: string, fill: Record<string, Array<string | number | Date | null>>) {
  const tpl = await c.api['imports.template']({ kind: 'plans', code })
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(tpl.dataBase64, 'base64') as unknown as ArrayBuffer)
  const ws = wb.getWorksheet('任务清单')!
  ws.eachRow((row) => {
    const values = fill[String(row.getCell(3).value)]
    if (values) values.forEach((v, j) => (row.getCell(5 + j).value = v))
  })
  return { tpl, file: upload('屯里镇任务清单.xlsx', Buffer.from(await wb.xlsx.writeBuffer())) }
}

describe('plan lists (任务清单)', () => {
  it('writes a template with the villages and their plans, drop-downs and a marker', async () => {
    core = await county()
    const tpl = await core.api['imports.template']({ kind: 'plans', code: TOWNSHIPS.tunli.code })
    expect(tpl.fileName).toBe('任务清单_尧都区屯里镇.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(tpl.dataBase64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('任务清单')!
    expect(ws.getCell('A1').value).toBe('尧都区屯里镇清洁取暖改造任务清单')
    const header = (ws.getRow(3).values as unknown[]).slice(1)
    expect(header).toEqual(['序号', '乡镇', '村代码', '村名称', '改造路线', '任务户数', '施工/城燃企业', '完成时限', '进度来源', '备注'])
    // 屯里镇 has 12 villages in the Linfen list, in code order; every one is listed, planned or not.
    const codes = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((r) => ws.getCell(`C${r}`).value)
    expect(codes).toEqual(['141002100001', '141002100002', ...['200', '203', '204', '205', '206', '207', '209', '210', '211', '212'].map((c) => `141002100${c}`)])
    expect(ws.getCell('E4').value).toBeNull()
    const han = ws.getRow(6)
    expect([han.getCell(3).value, han.getCell(4).value, han.getCell(5).value, han.getCell(6).value, han.getCell(7).value, han.getCell(9).value]).toEqual([
      VILLAGES.han.code,
      '韩村村委会',
      '煤改气',
      100,
      '演示企业',
      '直接填报户数',
    ])
    expect((han.getCell(8).value as Date).toISOString().slice(0, 10)).toBe('2026-12-31')
    expect(wb.worksheets.find((s) => s.name === '_模板信息')?.state).toBe('veryHidden')
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model
    const lists = [...new Set(Object.values(validations).filter((v) => v.type === 'list').map((v) => v.formulae[0]))]
    expect(lists.sort()).toEqual(["'_名单'!$A$2:$A$5", "'_名单'!$B$2:$B$3", "'_名单'!$C$2:$C$2"])
  })

  it('previews new, changed (old → new), unchanged and refused plans; commits them at once; a changed target is a 任务调整', async () => {
    core = await county()
    const deadline = new Date('2026-10-31T00:00:00Z')
    const { file } = await filledPlanList(core, TOWNSHIPS.tunli.code, {
      [VILLAGES.han.code]: ['煤改气', 120, '演示企业', new Date('2026-12-31T00:00:00Z'), '直接填报户数'], // target 100 → 120
      '141002100001': ['煤改电', 35, '屯里供电所', deadline, '直接填报户数'], // new
      '141002100209': ['煤改气', 20, '新奥燃气', deadline, '按农户统计'], // new, kept by households
      '141002100210': ['煤改柴', 10, '', deadline, null], // refused: no such route
      '141002100211': [null, 12, null, null, null], // refused: a new plan without route and deadline
    })
    const review = await preview(core, [file])
    const sheet = review.files[0]!.sheets[0]!
    expect(sheet.kind).toBe('plans')
    expect(review.totals.plans).toEqual({ added: 2, updated: 1, unchanged: 5, rejected: 2, held: 0 })
    const han = sheet.plans.find((p) => p.villageCode === VILLAGES.han.code)!
    expect(han).toMatchObject({ status: 'updated', stored: { targetHouseholds: 100 }, plan: { targetHouseholds: 120 } })
    expect(review.files[0]!.problems.map((p) => [p.severity, p.message, p.where.row, p.where.column])).toEqual([
      ['warning', '2 个村没有填写任何计划内容，未导入：滨港龙湾社区居委会、东芦梁村委会。', 5, undefined],
      ['warning', '任务调整：韩村村委会的任务户数由 100 改为 120。', 6, '任务户数'],
      ['error', '改造路线“煤改柴”无法识别，应为 煤改气、煤改电、集中供热、其他 之一。', 13, '改造路线'],
      ['error', '西芦村委会还没有改造计划，新计划要填写改造路线、完成时限。', 14, '村名称'],
    ])
    const result = await core.as({ who: '王主任' })['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(result.plans).toEqual({ added: 2, updated: 1, unchanged: 5, rejected: 2 })
    expect(core.store!.get('plans', '141002100209')).toEqual({
      villageCode: '141002100209',
      route: 'gas',
      targetHouseholds: 20,
      contractor: '新奥燃气',
      deadline: '2026-10-31',
      figureSource: 'households',
    })
    const trail = await core.api['audit.history']({ collection: 'plans', key: VILLAGES.han.code })
    expect(trail[0]).toMatchObject({ who: '王主任', method: 'imports.commit', targetAdjusted: { from: 100, to: 120 }, before: { targetHouseholds: 100 }, after: { targetHouseholds: 120 } })
    expect((await core.api['audit.history']({ collection: 'plans', key: '141002100001' }))[0]!.targetAdjusted).toBeUndefined()
  })

  it('reads a plan list not made from the template, and figures in the same batch follow the new plans', async () => {
    core = await county()
    const list = upload(
      '尧都区计划.csv',
      ['乡镇,村名,改造方式,计划户数,施工单位,完成时间,进度来源', '屯里镇,西高河村,煤改气,30,演示企业,2026年12月31日,直接填报', '吴村镇,北太涧村,煤改电,25,演示企业,2026/12/31,直接填报户数'].join('\n'),
    )
    const figures = upload('屯里镇进度.csv', ['屯里镇 填报日期：2026-11-20', `村名称,${STAGES.join(',')},管线公里数`, '西高河村,10,5,0,0,0,0,0.2'].join('\n'))
    const review = await preview(core, [list, figures])
    expect(review.totals).toMatchObject({ errors: 0, plans: { added: 2 }, figures: { added: 1 } })
    await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(core.store!.get('plans', '141002106203')).toMatchObject({ route: 'electric', targetHouseholds: 25, deadline: '2026-12-31' })
    expect(core.store!.get('figures', '141002100210|2026-11-20')).toMatchObject({ counts: counts([10, 5, 0, 0, 0, 0]) })
  })

  it('refuses a deadline without a year and a target that is no number, naming row and column', async () => {
    core = await county()
    const list = upload('计划.csv', ['乡镇,村名,改造路线,任务户数,完成时限', '屯里镇,韩村村,煤改气,一百,10月31日'].join('\n'))
    const review = await preview(core, [list])
    expect(review.files[0]!.problems.map((p) => [p.message, p.where.row, p.where.column])).toEqual([
      ['任务户数“一百”不是数字。', 2, '任务户数'],
      ['完成时限“10月31日”没有写年份，请写成“2026-10-31”这样的完整日期。', 2, '完成时限'],
    ])
  })
})

describe('the plan grid (villages.setPlans)', () => {
  it('saves a township’s plans at once, or none with every bad row named; offers the companies already used', async () => {
    core = await county()
    const api = core.api
    const row = (villageCode: string, targetHouseholds: number, route = 'gas') => ({
      villageCode,
      route,
      targetHouseholds,
      contractor: '新奥燃气',
      deadline: '2026-10-31',
      figureSource: 'counts' as const,
    })
    const bad = await rejects(api['villages.setPlans']({ plans: [row(VILLAGES.han.code, 90), row('141002100001', 10, 'coal'), row('141002100001', 11), row('141002100299', 5)] }))
    expect(bad.details.map((d) => d.message)).toEqual([
      '第 2 行（润泽园社区居委会）：没有编号为“coal”的改造路线。',
      '第 3 行（润泽园社区居委会）与第 2 行是同一个村。',
      '第 4 行（141002100299）：找不到代码为 141002100299 的区划，请先导入区划清单。',
    ])
    expect(core.store!.get('plans', VILLAGES.han.code)!.targetHouseholds).toBe(100)
    const saved = await api['villages.setPlans']({ plans: [row(VILLAGES.han.code, 90), row('141002100001', 10), { ...row(VILLAGES.gou.code, 80), contractor: '演示企业', deadline: '2026-12-31' }] })
    expect(saved).toEqual({ added: 1, updated: 1, unchanged: 1, targetsChanged: 1 })
    expect(await api['villages.contractors']({})).toEqual(['演示企业', '新奥燃气'])
    expect((await api['audit.history']({ collection: 'plans', key: VILLAGES.han.code }))[0]).toMatchObject({ method: 'villages.setPlans', targetAdjusted: { from: 100, to: 90 } })
  })
})

describe('undo an import', () => {
  it('puts back a batch of figures in one audited transaction, keeps and lists a later edit, and lets the files come again', async () => {
    core = await county()
    const api = core.api
    const file = upload('屯里镇.csv', ['屯里镇 填报日期：2026-11-19', `村名称,${STAGES.join(',')},管线公里数`, ...(['han', 'gou', 'jia'] as VKey[]).map((k) => [VILLAGES[k].name, ...NEW[k]].join(','))].join('\n'))
    const review = await preview(core, [file])
    const done = await api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    expect(done.figures.replaced).toBe(3)
    // Later, 贾村's figure of that day is corrected by hand.
    await api['figures.record']({ villageCode: VILLAGES.jia.code, date: PREV_DAY, counts: counts([91, 90, 85, 80, 70, 60]), networkKm: 3 })
    const look = await api['imports.undoPreview']({ batchId: done.batchId! })
    expect(look.restore).toEqual({ figures: 2, households: 0, plans: 0 })
    expect(look.conflicts).toEqual([{ collection: 'figures', key: `${VILLAGES.jia.code}|${PREV_DAY}`, label: `贾村村委会 ${PREV_DAY}`, reason: 'changed', by: expect.objectContaining({ method: 'figures.record' }) }])
    const counters = JSON.stringify([...core.store!.values('counters')])
    const undone = await core.as({ who: '张科长' })['imports.undo']({ batchId: done.batchId! })
    expect(undone.kept).toHaveLength(1)
    expect(stored(core, 'han', PREV_DAY)).toEqual([...PREV.han!])
    expect(stored(core, 'gou', PREV_DAY)).toEqual([...PREV.gou!])
    expect(stored(core, 'jia', PREV_DAY)).toEqual([91, 90, 85, 80, 70, 60, 3])
    expect(JSON.stringify([...core.store!.values('counters')])).toBe(counters)
    const trail = await api['audit.history']({ collection: 'figures', key: `${VILLAGES.han.code}|${PREV_DAY}` })
    expect(trail.map((e) => [e.method, e.who])).toEqual([
      ['imports.undo', '张科长'],
      ['imports.commit', expect.any(String)],
      ['figures.record', expect.any(String)],
    ])
    expect((await api['imports.history']({}))[0]!.undone).toMatchObject({ who: '张科长', restored: 2, kept: 1 })
    expect((await rejects(api['imports.undo']({ batchId: done.batchId! }))).message).toMatch(/^第 I000001 批导入已于 .* 由 张科长 撤销，不能再撤销一次。$/)
    // The file may be imported again: it is no longer "imported before", nor its day.
    const again = await preview(core, [file])
    expect(again.files[0]!.status).toBe('ok')
    expect(again.files[0]!.sheets[0]!.earlier).toBeUndefined()
  })

  it('undoes a roster: new households go, changed ones come back; one with a deposit since is kept', async () => {
    core = await county()
    const api = core.api
    await api['villages.setPlan']({ villageCode: '141002100209', route: 'gas', targetHouseholds: 20, contractor: '演示企业', deadline: '2026-12-31', figureSource: 'households' })
    const id = (n: number) => validId('141002', '19650304', n)
    const roster = (rows: string[][]) =>
      upload('花名册.csv', ['乡镇,村,户主姓名,身份证号,用户编码,当前阶段', ...rows.map((r) => ['屯里镇', '东高河村', ...r].join(','))].join('\n'))
    const base = await preview(core, [roster([['张建国', id(1), 'G1', '确户签约']])])
    await api['imports.commit']({ sessionId: base.sessionId, onConflict: 'replace' })
    const before = JSON.stringify([...core.store!.values('households')])
    const derivedBefore = core.store!.get('figures', `141002100209|${TODAY}`)
    const next = await preview(core, [roster([['张建国', id(1), 'G1', '入户装表'], ['李秀英', id(2), 'G2', '确户签约'], ['王明', id(3), 'G3', '确户签约']])])
    const done = await api['imports.commit']({ sessionId: next.sessionId, onConflict: 'replace' })
    expect(done.households).toMatchObject({ added: 2, updated: 1 })
    const wang = '141002100209-000003'
    await api['deposits.receive']({ householdId: wang, amount: '1000', date: TODAY })
    const undone = await api['imports.undo']({ batchId: done.batchId! })
    expect(undone.restored).toEqual({ figures: 1, households: 2, plans: 0 })
    expect(undone.kept).toEqual([{ collection: 'households', key: wang, label: '东高河村委会 王明（141002100209-000003）', reason: 'inUse' }])
    const after = [...core.store!.values('households')]
    expect(JSON.stringify(after.filter((h) => h.id !== wang))).toBe(before)
    expect(core.store!.get('figures', `141002100209|${TODAY}`)).toEqual(derivedBefore)
    // Serial numbers never go back: the next new household is the 4th.
    expect(core.store!.get('counters', 'households:141002100209')).toBe(3)
  })

  it('undoes a plan list: new plans go, changed ones come back; a plan whose village reported since is kept', async () => {
    core = await county()
    const api = core.api
    const list = upload('计划.csv', ['乡镇,村名,改造路线,任务户数,完成时限', '屯里镇,韩村村,煤改气,130,2026-12-31', '屯里镇,西高河村,煤改气,30,2026-12-31', '屯里镇,西芦村,煤改电,12,2026-12-31'].join('\n'))
    const review = await preview(core, [list])
    const done = await api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    await api['figures.record']({ villageCode: '141002100210', date: TODAY, counts: counts([5, 0, 0, 0, 0, 0]), networkKm: 0 })
    const undone = await api['imports.undo']({ batchId: done.batchId! })
    expect(undone.restored).toEqual({ figures: 0, households: 0, plans: 2 })
    expect(undone.kept.map((k) => [k.key, k.reason])).toEqual([['141002100210', 'inUse']])
    expect(core.store!.get('plans', VILLAGES.han.code)!.targetHouseholds).toBe(100)
    expect(core.store!.get('plans', '141002100211')).toBeUndefined()
    expect(core.store!.get('plans', '141002100210')).toBeDefined()
  })
})

describe('hand entry checked like an import (figures.check)', () => {
  it('warns on stage order, above the target and 回退 against the figure before, in the route’s words', async () => {
    core = await county()
    const check = await core.api['figures.check']({ villageCode: VILLAGES.han.code, date: TODAY, counts: counts([110, 60, 70, 50, 30, 20]), networkKm: 2 })
    expect(check.warnings.map((w) => w.message)).toEqual([
      '阶段顺序不对：入户装表 70 户多于上一阶段庭院管网 60 户。',
      '超过任务户数 100：确户签约 110 户（按所填导入，不截断）。',
      '回退：庭院管网 由 65 户降为 60 户，点火通气 由 35 户降为 30 户，验收 由 25 户降为 20 户，管线 由 2.4 公里降为 2 公里（上次 2026-11-19 的累计数）。',
    ])
    expect(check.previous).toMatchObject({ date: PREV_DAY })
    const clean = await core.api['figures.check']({ villageCode: VILLAGES.han.code, date: TODAY, counts: counts([...NEW.han]), networkKm: 2.5 })
    expect(clean.warnings).toEqual([])
  })
})

describe('templates filled with the last figures', () => {
  it('fills each village’s last stored figure when asked, and leaves the cells blank otherwise', async () => {
    core = await county()
    const read = async (prefill: boolean) => {
      const tpl = await core!.api['imports.template']({ kind: 'figures', code: TOWNSHIPS.tunli.code, date: TODAY, prefill })
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(tpl.dataBase64, 'base64') as unknown as ArrayBuffer)
      const ws = wb.worksheets[0]!
      const out = new Map<string, unknown[]>()
      ws.eachRow((r) => {
        const code = r.getCell(2).value
        if (typeof code === 'string' && /^\d{12}$/.test(code)) out.set(code, [6, 7, 8, 9, 10, 11, 12].map((c) => r.getCell(c).value))
      })
      return out
    }
    const filled = await read(true)
    expect(filled.get(VILLAGES.han.code)).toEqual([...PREV.han!])
    const blank = await read(false)
    expect(blank.get(VILLAGES.han.code)).toEqual([null, null, null, null, null, null, null])
    // Sent back untouched, the filled template is a day without progress: stored as it was.
    const tpl = await core.api['imports.template']({ kind: 'figures', code: TOWNSHIPS.tunli.code, date: TODAY, prefill: true })
    const review = await preview(core, [{ fileName: tpl.fileName, dataBase64: tpl.dataBase64 }])
    expect(review.files[0]!.sheets[0]).toMatchObject({ added: 6, rejected: 0 })
    expect(review.totals.warnings).toBe(0)
  })
})

describe('find a household anywhere (households.search)', () => {
  it('finds by name, whole or last digits of the ID number, phone and user code; masked', async () => {
    core = await county()
    const api = core.api
    const id = validId('141002', '19700101', 7)
    await api['households.create']({ villageCode: VILLAGES.han.code, headName: '张建国', idNumber: id, phone: '13835712345', userCode: 'TL-0007', route: 'gas', stage: 'meter' })
    await api['households.create']({ villageCode: VILLAGES.sun.code, headName: '张建华', route: 'electric', stage: 'none' })
    const byName = await api['households.search']({ q: '张建' })
    expect(byName.items.map((h) => [h.headName, h.villageName, h.townshipName, h.countyName, h.matched])).toEqual([
      ['张建国', '韩村村委会', '屯里镇', '尧都区', 'headName'],
      ['张建华', '孙曲村委会', '吴村镇', '尧都区', 'headName'],
    ])
    for (const q of [id, id.slice(-6), '13835712345', 'tl-0007']) {
      const r = await api['households.search']({ q })
      expect(r.items.map((h) => h.headName), q).toEqual(['张建国'])
      expect(r.items[0]!.idNumber).toBe(`1410**********${id.slice(-4)}`)
      expect(r.items[0]!.phone).toBe('138****2345')
    }
    expect((await api['households.search']({ q: '2345' })).total).toBe(0)
  })
})

describe('values shown under a header in the preview', () => {
  it('are masked when shaped like an ID number, a phone or a bank card, whatever the column', async () => {
    core = await county()
    const file = upload(
      '屯里镇.csv',
      ['屯里镇 填报日期：2026-11-20', `村名称,联系人电话,联系人身份证,${STAGES.join(',')},管线公里数`, `韩村村,138 3571 2345,${validId('141002', '19700101', 7)},${NEW.han.join(',')}`].join('\n'),
    )
    const review = await preview(core, [file])
    const samples = review.files[0]!.sheets[0]!.columns.map((c) => [c.label, c.samples[0]])
    expect(samples.slice(0, 3)).toEqual([
      ['村名称', '韩村村'],
      ['联系人电话', '138****2345'],
      ['联系人身份证', `1410**********${validId('141002', '19700101', 7).slice(-4)}`],
    ])
  })
})
