// Property-based tests of intake through the core's API.
// 1. No column the reader did not understand can produce a stored figure: whatever the headers
//    (stage names, words that only suggest a stage, two stages' words, codes, junk) and whatever the
//    numbers under them, a sheet is either held (待确认, nothing stored) or every stored stage is
//    exactly the number under the column named for that stage; the numbers under the other columns
//    change nothing.
// 2. Import then undo leaves every village-day, household and plan exactly as before, and the audit
//    trail keeps both moves with their values.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import { type StageKey, STAGE_KEYS } from '../../src/core/domain/types'
import { county, csvLine, preview, TODAY, TUNLI_KEYS, upload, VILLAGES, type VKey } from './helpers/county'
import { validId } from './helpers/submissions'

/** Headers that name a stage outright. */
const EXACT: Record<StageKey, readonly string[]> = {
  confirmed: ['确户签约', '签约', '签约户数', '累计签约户数'],
  network: ['庭院管网', '管网', '已管网户数'],
  meter: ['入户装表', '装表', '户表安装'],
  equipment: ['壁挂炉安装', '壁挂炉', '设备安装'],
  connected: ['点火通气', '通气', '点火'],
  accepted: ['验收', '竣工验收'],
}
/** Headers a reader might take for a stage, for two stages, or for nothing. */
const OTHER = ['管网完成', '户内安装（表）', '燃气表安装户数', '入户管网', '开工户数', '本日新增', '指标1', '项目二', '签约率', '壁挂炉到货', '通气（户）日增', '合计', '完成比例', '']

interface Column {
  header: string
  /** the stage it names outright, when it does */
  stage?: StageKey
}

/** Most stages named outright (some left out), a few other headers, in any order. */
const columnsArb: fc.Arbitrary<Column[]> = fc
  .tuple(
    fc.tuple(...STAGE_KEYS.map((stage) => fc.option(fc.constantFrom(...EXACT[stage]).map((header): Column => ({ header, stage })), { freq: 8 }))),
    fc.array(fc.constantFrom(...OTHER).map((header): Column => ({ header })), { maxLength: 3 }),
  )
  .chain(([stages, others]) => {
    const all = [...stages.filter((c): c is Column => c !== null), ...others]
    return all.length === 0 ? fc.constant(all) : fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length })
  })

const sheetArb = fc.record({
  columns: columnsArb,
  villages: fc.shuffledSubarray(TUNLI_KEYS, { minLength: 1, maxLength: 4 }),
  seed: fc.array(fc.nat(40), { minLength: 40, maxLength: 40 }),
  other: fc.array(fc.nat(99_999), { minLength: 40, maxLength: 40 }),
})

/** A CSV of the sheet: numbers under stage columns from `seed`, under the others from `other`. */
function csv(columns: Column[], villages: VKey[], seed: number[], other: number[]): string {
  const rows = villages.map((k, r) => [VILLAGES[k].name, ...columns.map((c, i) => (c.stage ? seed[(r * 9 + i) % 40]! : other[(r * 9 + i) % 40]!))])
  return ['屯里镇 填报日期：2026-11-20', csvLine(['村名称', ...columns.map((c) => c.header)]), ...rows.map((r) => csvLine(r))].join('\n')
}

let core: Core

function allOf(c: Core) {
  const s = c.store!
  return { figures: JSON.stringify([...s.values('figures')]), households: JSON.stringify([...s.values('households')]), plans: JSON.stringify([...s.values('plans')]) }
}

describe('intake properties', () => {
  beforeAll(async () => {
    core = await county()
  }, 60_000)
  afterAll(() => core.close())

  it('never stores a figure from a column it did not understand', async () => {
    await fc.assert(
      fc.asyncProperty(sheetArb, async ({ columns, villages, seed, other }) => {
        const before = allOf(core)
        const one = await preview(core, [upload('屯里镇.csv', csv(columns, villages, seed, other))])
        // The same sheet with other numbers under every column that names no stage outright.
        const two = await preview(core, [upload('屯里镇.csv', csv(columns, villages, seed, other.map((v) => (v * 7 + 13) % 100_000)))])
        await core.api['imports.cancel']({ sessionId: two.sessionId })
        const sheet = one.files[0]!.sheets[0]
        const named = new Map<StageKey, number>()
        columns.forEach((c, i) => c.stage && !named.has(c.stage) && named.set(c.stage, i))
        const settled = STAGE_KEYS.every((k) => named.has(k))
        if (!sheet || sheet.pending || !settled) {
          // Held or refused: nothing would be stored, and committing stores nothing.
          expect(sheet?.figures ?? []).toEqual([])
          const result = await core.api['imports.commit']({ sessionId: one.sessionId, onConflict: 'replace' })
          expect(result.batchId).toBeUndefined()
          expect(allOf(core)).toEqual(before)
          return
        }
        expect(two.files[0]!.sheets[0]!.figures).toEqual(sheet.figures)
        const result = await core.api['imports.commit']({ sessionId: one.sessionId, onConflict: 'replace' })
        for (const [r, k] of villages.entries()) {
          const f = core.store!.get('figures', `${VILLAGES[k].code}|${TODAY}`)
          // A village whose row is refused (two rows, a bad number) stores nothing; one stored has exactly the named columns' numbers.
          if (!sheet.figures.some((x) => x.villageCode === VILLAGES[k].code)) continue
          for (const stage of STAGE_KEYS) expect(f!.counts[stage]).toBe(seed[(r * 9 + named.get(stage)!) % 40])
        }
        if (result.batchId) await core.api['imports.undo']({ batchId: result.batchId })
        expect(allOf(core)).toEqual(before)
      }),
      { numRuns: 80 },
    )
  }, 240_000)

  const batchArb = fc.record({
    figures: fc.array(
      fc.record({ village: fc.constantFrom(...TUNLI_KEYS, 'sun' as const, 'wang' as const), day: fc.integer({ min: 15, max: 20 }), values: fc.array(fc.nat(40), { minLength: 7, maxLength: 7 }) }),
      { maxLength: 8 },
    ),
    roster: fc.array(fc.record({ person: fc.nat(5), stage: fc.constantFrom('none', ...STAGE_KEYS) }), { maxLength: 5 }),
    plans: fc.array(fc.record({ village: fc.constantFrom(...TUNLI_KEYS), target: fc.integer({ min: 1, max: 300 }) }), { maxLength: 3 }),
  })
  const PEOPLE = ['张建国', '李秀英', '王明', '赵芳', '刘强', '孙丽']

  it('import then undo leaves every touched village-day, household and plan exactly as before; the audit trail keeps both', async () => {
    await core.api['villages.setPlan']({ villageCode: '141002100209', route: 'gas', targetHouseholds: 20, contractor: '演示企业', deadline: '2026-12-31', figureSource: 'households' })
    await fc.assert(
      fc.asyncProperty(batchArb, async (batch) => {
        const files = []
        const seen = new Set<string>()
        const figureRows = batch.figures.filter((f) => !seen.has(`${f.village}|${f.day}`) && seen.add(`${f.village}|${f.day}`))
        if (figureRows.length > 0) {
          files.push(
            upload(
              '进度.csv',
              [
                '尧都区各乡镇进度',
                csvLine(['乡镇', '村名称', '日期', '确户签约', '庭院管网', '入户装表', '壁挂炉安装', '点火通气', '验收', '管线公里数']),
                ...figureRows.map((f) => csvLine([VILLAGES[f.village].township === 'tunli' ? '屯里镇' : '吴村镇', VILLAGES[f.village].name, `2026-11-${f.day}`, ...f.values])),
              ].join('\n'),
            ),
          )
        }
        const people = new Set<number>()
        const rosterRows = batch.roster.filter((r) => !people.has(r.person) && people.add(r.person))
        if (rosterRows.length > 0) {
          files.push(
            upload(
              '花名册.csv',
              [csvLine(['乡镇', '村', '户主姓名', '身份证号', '当前阶段']), ...rosterRows.map((r) => csvLine(['屯里镇', '东高河村', PEOPLE[r.person]!, validId('141002', '19700101', r.person + 1), r.stage === 'none' ? '未确户' : r.stage]))].join(
                '\n',
              ),
            ),
          )
        }
        const planned = new Set<string>()
        const planRows = batch.plans.filter((p) => !planned.has(p.village) && planned.add(p.village))
        if (planRows.length > 0) {
          files.push(upload('计划.csv', [csvLine(['乡镇', '村名', '改造路线', '任务户数', '完成时限']), ...planRows.map((p) => csvLine(['屯里镇', VILLAGES[p.village].name, VILLAGES[p.village].route === 'gas' ? '煤改气' : '煤改电', p.target, '2026-12-31']))].join('\n')))
        }
        fc.pre(files.length > 0)
        const before = allOf(core)
        const review = await preview(core, files)
        const result = await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
        if (!result.batchId) {
          expect(allOf(core)).toEqual(before)
          return
        }
        const entry = (await core.api['audit.history']({ collection: 'imports', key: result.batchId }))[0]!
        const undone = await core.api['imports.undo']({ batchId: result.batchId })
        expect(undone.kept).toEqual([])
        expect(allOf(core)).toEqual(before)
        // Both moves are in the trail with their values: the import's after is the undo's before.
        const written = review.files.flatMap((f) => f.sheets.flatMap((x) => x.figures)).filter((f) => f.status !== 'unchanged')
        for (const f of written.slice(0, 3)) {
          const [undo, imported] = await core.api['audit.history']({ collection: 'figures', key: `${f.villageCode}|${f.date}` })
          expect(imported!.method).toBe('imports.commit')
          expect(undo!.method).toBe('imports.undo')
          expect(undo!.before).toEqual(imported!.after)
          expect(undo!.after).toEqual(imported!.before)
          expect(imported!.seq).toBe(entry.seq)
        }
      }),
      { numRuns: 40 },
    )
  }, 240_000)
})
