// A small known dataset for the report tests: six Linfen villages in three counties on two
// routes, with figures on a few days, worked out by hand in test/unit/reports.test.ts.

import path from 'node:path'
import type { Core } from '../../../src/core/api'
import type { Problem } from '../../../src/core/domain/problems'
import { fileInput, SHARED } from './core'

/** [confirmed, network, meter, equipment, connected, accepted] from the connected count. */
export const countsFor = (connected: number) => ({
  confirmed: connected + 20,
  network: connected + 15,
  meter: connected + 10,
  equipment: connected + 5,
  connected,
  accepted: Math.floor(connected / 2),
})

export const V = {
  /** 尧都区 屯里镇 */
  A1: '141002100200',
  A2: '141002100203',
  /** 尧都区 乔李镇 */
  A3: '141002101201',
  /** 曲沃县 乐昌镇 */
  B1: '141021100205',
  /** 襄汾县 新城镇 */
  C1: '141023100203',
  C2: '141023100204',
} as const

export const PLANS: { code: string; route: 'gas' | 'electric'; target: number; deadline: string }[] = [
  { code: V.A1, route: 'gas', target: 100, deadline: '2026-11-30' },
  { code: V.A2, route: 'electric', target: 50, deadline: '2026-12-31' },
  { code: V.A3, route: 'gas', target: 40, deadline: '2026-11-30' },
  { code: V.B1, route: 'gas', target: 200, deadline: '2026-11-30' },
  // already past its deadline on 11-20
  { code: V.C1, route: 'gas', target: 80, deadline: '2026-11-15' },
  // its target was revised below what is connected: 110%
  { code: V.C2, route: 'electric', target: 50, deadline: '2026-12-31' },
]

/** Connected households per village and day; a missing day is a day not reported. */
export const CONNECTED: Record<string, Record<string, number>> = {
  [V.A1]: { '2026-11-06': 20, '2026-11-13': 40, '2026-11-19': 55, '2026-11-20': 60 },
  [V.A2]: { '2026-11-06': 10, '2026-11-13': 20, '2026-11-19': 28, '2026-11-20': 30 },
  [V.A3]: { '2026-11-06': 5, '2026-11-13': 10, '2026-11-20': 24 },
  // 曲沃县 乐昌镇 did not report on 11-20 (未上报)
  [V.B1]: { '2026-11-06': 60, '2026-11-13': 90, '2026-11-19': 120 },
  [V.C1]: { '2026-11-06': 10, '2026-11-13': 15, '2026-11-20': 20 },
  [V.C2]: { '2026-11-06': 40, '2026-11-13': 50, '2026-11-19': 52, '2026-11-20': 55 },
}

/** Imports the Linfen list, sets the plans and records every figure (the core's today is 2026-11-20). */
export async function loadDataset(core: Core): Promise<void> {
  const api = core.api
  await api['divisions.import'](fileInput(path.join(SHARED, 'linfen-divisions.csv')))
  for (const p of PLANS) {
    await api['villages.setPlan']({
      villageCode: p.code,
      route: p.route,
      targetHouseholds: p.target,
      contractor: p.route === 'gas' ? '临汾燃气有限公司' : '国网临汾供电公司',
      deadline: p.deadline,
      figureSource: 'counts',
    })
  }
  for (const [village, days] of Object.entries(CONNECTED)) {
    for (const [date, connected] of Object.entries(days)) {
      await api['figures.record']({ villageCode: village, date, counts: countsFor(connected), networkKm: connected / 10 })
    }
  }
}

export function problem(id: string, villageCode: string, openedOn: string, deadline: string, closedOn?: string): Problem {
  return {
    id,
    villageCode,
    description: '壁挂炉已安装但庭院管网未通',
    source: 'visit',
    responsibleUnit: '屯里镇人民政府',
    responsiblePerson: '张建国',
    deadline,
    acceptanceStandard: '入户核实点火通气',
    status: closedOn ? 'closed' : 'open',
    openedOn,
    ...(closedOn ? { closedOn } : {}),
    steps: [{ status: 'open', date: openedOn, at: `${openedOn}T09:00:00.000Z`, who: '调研组' }],
  }
}
