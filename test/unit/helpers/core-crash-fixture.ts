// The small place the whole-core crash test works in: one county, one township, five villages
// (three reporting counts, one keeping households), made through the API; and the township's
// daily CSV, different for every n so no two files are the same.

import { Core } from '../../../src/core/api'
import { textInput } from './core'

const COUNTY = '141021'
const TOWNSHIP = '141021100'
/** villages reporting counts: enough that a commit takes a few milliseconds to write */
const VILLAGES = Array.from({ length: 40 }, (_, i) => `141021100${String(301 + i)}`)
const HOUSEHOLD_VILLAGE = '141021100204'
const STAGES = ['确户签约', '庭院管网', '入户装表', '壁挂炉安装', '点火通气', '验收']

export const CRASH_FIXTURE = {
  today: '2026-11-20',
  county: COUNTY,
  receiptCounter: `receipt:${COUNTY}:2026`,
  householdVillage: HOUSEHOLD_VILLAGE,
  /** made by `prepareCrashFolder`, in this order */
  households: [1, 2, 3, 4, 5].map((n) => `${HOUSEHOLD_VILLAGE}-${String(n).padStart(6, '0')}`),
  villages: VILLAGES,
}

export async function prepareCrashFolder(dir: string): Promise<void> {
  const core = new Core({ dataDir: dir, version: 'crash', now: () => new Date(`${CRASH_FIXTURE.today}T09:00:00`), store: { checkpointIdleMs: 0 } })
  const api = core.api
  const rows = [
    'level,code,name,parent_code,urban_rural_code',
    'city,141000,临汾市,,',
    `county,${COUNTY},曲沃县,141000,`,
    `township,${TOWNSHIP},乐昌镇,${COUNTY},`,
    ...[...VILLAGES, HOUSEHOLD_VILLAGE, '141021100205'].map((v, i) => `village,${v},第${i + 1}村,${TOWNSHIP},220`),
  ]
  await api['divisions.import'](textInput('曲沃县.csv', rows.join('\n')))
  for (const v of VILLAGES) {
    await api['villages.setPlan']({ villageCode: v, route: 'gas', targetHouseholds: 500, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
  }
  await api['villages.setPlan']({ villageCode: HOUSEHOLD_VILLAGE, route: 'gas', targetHouseholds: 50, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'households' })
  for (let i = 0; i < CRASH_FIXTURE.households.length; i++) {
    const h = await api['households.create']({ villageCode: HOUSEHOLD_VILLAGE, headName: `户主${i + 1}`, route: 'gas', stage: 'confirmed' })
    if (h.id !== CRASH_FIXTURE.households[i]) throw new Error(`unexpected household id ${h.id}`)
  }
  core.close()
}

/** The township's daily sheet, with figures that depend on `n`. */
export function crashFigureCsv(n: number): string {
  const lines = ['曲沃县乐昌镇清洁取暖改造进度日报表', '填报日期：2026年11月20日', ['序号', '村代码', '村名称', ...STAGES, '管线公里数'].join(',')]
  VILLAGES.forEach((v, i) => {
    const base = 100 + ((n * 7 + i * 13) % 300)
    const counts = STAGES.map((_, k) => Math.max(0, base - k * 10))
    lines.push([i + 1, v, `第${i + 1}村`, ...counts, ((n % 50) / 10).toFixed(1)].join(','))
  })
  return lines.join('\n')
}
