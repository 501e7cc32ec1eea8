// A small real place for the money tests: 临汾市 with 曲沃县 and 尧都区, read from the shared
// Linfen division list (never copied into the repo), plus households made through the API.

import fs from 'node:fs'
import path from 'node:path'
import type { Core } from '../../../src/core/api'
import type { HouseholdStage } from '../../../src/core/domain/types'
import { SHARED, textInput } from './core'

export const QUWO = '141021'
export const YAODU = '141002'

/** Imports the city, 曲沃县 and 尧都区 with all their townships and villages. */
export async function importQuwoYaodu(core: Core): Promise<void> {
  const lines = fs.readFileSync(path.join(SHARED, 'linfen-divisions.csv'), 'utf8').split(/\r?\n/)
  const keep = lines.filter((l, i) => {
    if (i === 0) return true
    const [level, code = '', , parent = ''] = l.split(',')
    if (level === 'city') return true
    return [QUWO, YAODU].some((c) => code.startsWith(c) || parent.startsWith(c))
  })
  await core.api['divisions.import'](textInput('linfen.csv', keep.join('\n')))
}

/** The first `n` village codes of a township, in code order. */
export async function villagesOf(core: Core, township: string, n: number): Promise<string[]> {
  const rows = await core.api['divisions.children']({ parentCode: township })
  return rows.slice(0, n).map((r) => r.code)
}

export interface MadeHousehold {
  id: string
  headName: string
  villageCode: string
}

const NAMES = ['王建国', '李秀英', '张伟', '刘芳', '陈强', '杨丽', '赵军', '黄敏', '周涛', '吴娟', '徐磊', '孙兰']

/** `n` households in a village on a route and stage, named from a fixed list. */
export async function addHouseholds(core: Core, villageCode: string, n: number, route = 'gas', stage: HouseholdStage = 'accepted'): Promise<MadeHousehold[]> {
  const out: MadeHousehold[] = []
  for (let i = 0; i < n; i++) {
    const h = await core.api['households.create']({ villageCode, headName: NAMES[i % NAMES.length]!, route, stage })
    out.push({ id: h.id, headName: h.headName, villageCode })
  }
  return out
}
