// 演示数据: an invented city generated in code (names, codes, plans, households, figures), then
// its map and a few problems (demo-field.ts).

import type { DemoResult, Input } from '../contract'
import { addDays } from '../domain/dates'
import { idCheckChar } from '../domain/id-number'
import { seededRng, type Rng } from '../domain/random'
import { countsFromStages, emptyCounts } from '../domain/routes'
import type { DailyFigure, Division, Household, HouseholdStage, StageCounts, VillagePlan } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { AppError } from '../errors'
import { figureKey } from '../store/collections'
import type { Ctx } from './context'
import { generateField } from './demo-field'

const SYL = '安平清河丰宁泰和兴隆永乐新庄东西南北上下后前堡沟坡峪营寨岭杏槐柳桥店川源坪'.split('')
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾'.split('')
const GIVEN = '建国军华明伟芳秀英丽强磊洋艳勇杰娟涛超兰霞平刚桂凤玉'.split('')
const CONTRACTORS = { gas: ['演示城燃有限公司', '演示天然气有限公司'], electric: ['演示供电公司'] }

function uniqueName(rng: Rng, used: Set<string>, suffix: string): string {
  for (;;) {
    const n = rng.pick(SYL) + rng.pick(SYL) + suffix
    if (!used.has(n)) {
      used.add(n)
      return n
    }
  }
}

function idNumber(rng: Rng, county: string, serial: number): string {
  const birth = `19${rng.int(40, 89)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`
  const first17 = `${county}${birth}${String(serial % 1000).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

/** Share of target reached at stage k by day d of n (an S-curve, later stages lagging). */
function progress(k: number, d: number, n: number, speed: number): number {
  const x = (d / n) * speed - k * 0.12
  return Math.max(0, Math.min(1, x))
}

export async function generate(ctx: Ctx, input: Input<'demo.generate'>): Promise<DemoResult> {
  if (ctx.store.count('divisions') > 0 || ctx.store.count('households') > 0) {
    throw new AppError('conflict', '数据文件夹中已有数据，演示数据只能在空的数据文件夹中生成。')
  }
  const rng = seededRng(input.seed ?? 2026)
  const today = ctx.today()
  const days = 30
  const result: DemoResult = { counties: 0, townships: 0, villages: 0, households: 0, figures: 0, points: 0, problems: 0 }
  ctx.write((tx) => {
    const city = '149900'
    tx.put('divisions', city, { code: city, name: '演示市', level: 'city', parentCode: '140000' } satisfies Division)
    const countyNames = new Set<string>()
    for (let c = 1; c <= 4; c++) {
      const county = `1499${String(c).padStart(2, '0')}`
      tx.put('divisions', county, { code: county, name: uniqueName(rng, countyNames, '县'), level: 'county', parentCode: city })
      result.counties++
      const speed = 0.7 + rng.next() * 0.6
      const townNames = new Set<string>()
      const towns = rng.int(4, 6)
      for (let t = 1; t <= towns; t++) {
        const town = `${county}${String(100 + t)}`
        tx.put('divisions', town, {
          code: town,
          name: uniqueName(rng, townNames, rng.next() < 0.7 ? '镇' : '乡'),
          level: 'township',
          parentCode: county,
        })
        result.townships++
        const villageNames = new Set<string>()
        const villages = rng.int(6, 10)
        for (let v = 1; v <= villages; v++) {
          const village = `${town}${String(200 + v)}`
          tx.put('divisions', village, {
            code: village,
            name: uniqueName(rng, villageNames, '村'),
            level: 'village',
            parentCode: town,
            urbanRuralCode: '220',
          })
          result.villages++
          const route = rng.next() < 0.7 ? 'gas' : 'electric'
          const keepsHouseholds = v === 1
          const target = keepsHouseholds ? rng.int(20, 40) : rng.int(80, 400)
          const plan: VillagePlan = {
            villageCode: village,
            route,
            targetHouseholds: target,
            contractor: rng.pick(CONTRACTORS[route]),
            deadline: addDays(today, rng.int(20, 90)),
            figureSource: keepsHouseholds ? 'households' : 'counts',
          }
          tx.put('plans', village, plan)
          if (keepsHouseholds) {
            const stages: HouseholdStage[] = []
            for (let h = 1; h <= target; h++) {
              const id = `${village}-${String(h).padStart(6, '0')}`
              const reached = Math.floor(rng.next() * (STAGE_KEYS.length + 1)) - 1
              const stage: HouseholdStage = reached < 0 ? 'none' : STAGE_KEYS[reached]!
              stages.push(stage)
              const hh: Household = {
                id,
                villageCode: village,
                headName: rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.next() < 0.5 ? rng.pick(GIVEN) : ''),
                idNumber: idNumber(rng, county, h),
                phone: `1${rng.pick(['35', '38', '39', '52', '58', '87'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
                address: `${[...villageNames].at(-1)}${rng.int(1, 12)}组${rng.int(1, 60)}号`,
                route,
                stage,
                contractor: plan.contractor,
              }
              tx.put('households', id, hh)
              result.households++
            }
            tx.put('counters', `households:${village}`, target)
            const fig: DailyFigure = { villageCode: village, date: today, counts: countsFromStages(stages), networkKm: 0, source: 'derived' }
            tx.put('figures', figureKey(village, today), fig)
            result.figures++
            continue
          }
          const km = Math.round(target * (0.02 + rng.next() * 0.03) * 100) / 100
          for (let d = 0; d < days; d++) {
            const date = addDays(today, d - days + 1)
            const counts: StageCounts = emptyCounts()
            STAGE_KEYS.forEach((k, i) => {
              counts[k] = Math.round(target * progress(i, d + 1, days, speed))
            })
            const fig: DailyFigure = {
              villageCode: village,
              date,
              counts,
              networkKm: Math.round(km * progress(1, d + 1, days, speed) * 100) / 100,
              source: 'manual',
            }
            tx.put('figures', figureKey(village, date), fig)
            result.figures++
          }
        }
      }
    }
  })
  ctx.commit() // the field demo places points and problems on the villages just written
  Object.assign(result, await generateField(ctx, rng))
  return result
}
