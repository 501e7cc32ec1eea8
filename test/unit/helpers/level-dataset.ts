// A dataset for reports made at two levels, worked out by hand in test/unit/report-levels.test.ts:
// seven 曲沃县 villages (one per township, two in 乐昌镇) and one village in each of three other
// Linfen counties. On 2026-11-20 (a Friday; weeks end on Friday):
// - 北董乡 (county view) and 侯马市 (city view) did not report that day;
// - 曲村镇's only village fell from 40 to 10 (a correction): a negative increase (回退), which
//   makes 曲沃县's day negative in the city view too;
// - 杨谈乡 and 翼城县 reported for the first time on 11-16: the week before has no figures;
// - 高显镇 (44 of 40) and 襄汾县 (25 of 20) are above their targets.

import path from 'node:path'
import type { Core } from '../../../src/core/api'
import { fileInput, SHARED } from './core'
import { countsFor } from './report-dataset'

export const Q = {
  /** 乐昌镇 */
  V1: '141021100001',
  V2: '141021100002',
  /** 史村镇 */
  V3: '141021101200',
  /** 曲村镇: 40 → 10 on 11-20 */
  V4: '141021102200',
  /** 高显镇: above target */
  V5: '141021103200',
  /** 北董乡: no report on 11-20 */
  V6: '141021200200',
  /** 杨谈乡: first figures on 11-16 */
  V7: '141021201200',
  /** 侯马市: no report on 11-20 */
  H1: '141081001001',
  /** 翼城县: first figures on 11-16 */
  Y1: '141022100001',
  /** 襄汾县: above target */
  X1: '141023100003',
} as const

export const LEVEL_PLANS: [string, number][] = [
  [Q.V1, 100],
  [Q.V2, 50],
  [Q.V3, 80],
  [Q.V4, 60],
  [Q.V5, 40],
  [Q.V6, 70],
  [Q.V7, 50],
  [Q.H1, 100],
  [Q.Y1, 60],
  [Q.X1, 20],
]

/** Connected households per village and day; a day missing is a day not reported. */
export const LEVEL_CONNECTED: Record<string, Record<string, number>> = {
  [Q.V1]: { '2026-11-06': 20, '2026-11-13': 40, '2026-11-19': 50, '2026-11-20': 55 },
  [Q.V2]: { '2026-11-06': 10, '2026-11-13': 20, '2026-11-19': 25, '2026-11-20': 27 },
  [Q.V3]: { '2026-11-06': 30, '2026-11-13': 40, '2026-11-19': 48, '2026-11-20': 50 },
  [Q.V4]: { '2026-11-06': 10, '2026-11-13': 30, '2026-11-19': 40, '2026-11-20': 10 },
  [Q.V5]: { '2026-11-06': 30, '2026-11-13': 38, '2026-11-19': 42, '2026-11-20': 44 },
  [Q.V6]: { '2026-11-06': 20, '2026-11-13': 30, '2026-11-19': 35 },
  [Q.V7]: { '2026-11-16': 15, '2026-11-19': 20, '2026-11-20': 24 },
  [Q.H1]: { '2026-11-06': 10, '2026-11-13': 20, '2026-11-19': 30 },
  [Q.Y1]: { '2026-11-16': 12, '2026-11-20': 18 },
  [Q.X1]: { '2026-11-06': 10, '2026-11-13': 18, '2026-11-19': 24, '2026-11-20': 25 },
}

/** Imports the Linfen list, sets the plans (煤改气, due 2026-12-31) and records every figure; weeks end on Friday. */
export async function loadLevels(core: Core): Promise<void> {
  const api = core.api
  await api['divisions.import'](fileInput(path.join(SHARED, 'linfen-divisions.csv')))
  for (const [villageCode, target] of LEVEL_PLANS) {
    await api['villages.setPlan']({ villageCode, route: 'gas', targetHouseholds: target, contractor: '临汾燃气有限公司', deadline: '2026-12-31', figureSource: 'counts' })
  }
  for (const [village, days] of Object.entries(LEVEL_CONNECTED)) {
    for (const [date, connected] of Object.entries(days)) {
      await api['figures.record']({ villageCode: village, date, counts: countsFor(connected), networkKm: connected / 10 })
    }
  }
  await api['reports.saveSettings']({ weekEndsOn: 5 })
}
