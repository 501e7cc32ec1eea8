// Default retrofit routes and their stage names; the office may edit them in 设置 (they are data).

import type { HouseholdStage, RouteDef, StageCounts, StageKey } from './types'
import { STAGE_KEYS } from './types'

export const DEFAULT_ROUTES: RouteDef[] = [
  {
    id: 'gas',
    name: '煤改气',
    stages: [
      { key: 'confirmed', name: '确户签约' },
      { key: 'network', name: '庭院管网' },
      { key: 'meter', name: '入户装表' },
      { key: 'equipment', name: '壁挂炉安装' },
      { key: 'connected', name: '点火通气' },
      { key: 'accepted', name: '验收' },
    ],
  },
  {
    id: 'electric',
    name: '煤改电',
    stages: [
      { key: 'confirmed', name: '确户签约' },
      { key: 'network', name: '线路改造' },
      { key: 'meter', name: '户表安装' },
      { key: 'equipment', name: '设备安装' },
      { key: 'connected', name: '通电' },
      { key: 'accepted', name: '验收' },
    ],
  },
  {
    id: 'district',
    name: '集中供热',
    stages: [
      { key: 'confirmed', name: '确户签约' },
      { key: 'network', name: '管网敷设' },
      { key: 'meter', name: '入户' },
      { key: 'equipment', name: '散热器安装' },
      { key: 'connected', name: '通热' },
      { key: 'accepted', name: '验收' },
    ],
  },
  {
    id: 'other',
    name: '其他',
    stages: [
      { key: 'confirmed', name: '确户签约' },
      { key: 'network', name: '配套工程' },
      { key: 'meter', name: '入户' },
      { key: 'equipment', name: '设备安装' },
      { key: 'connected', name: '投运' },
      { key: 'accepted', name: '验收' },
    ],
  },
]

export function emptyCounts(): StageCounts {
  return { confirmed: 0, network: 0, meter: 0, equipment: 0, connected: 0, accepted: 0 }
}

export function stageIndex(stage: HouseholdStage): number {
  return stage === 'none' ? -1 : STAGE_KEYS.indexOf(stage)
}

/** Cumulative counts: a household at stage k counts for every stage up to k. */
export function countsFromStages(stages: Iterable<HouseholdStage>): StageCounts {
  const counts = emptyCounts()
  for (const s of stages) {
    const idx = stageIndex(s)
    for (let i = 0; i <= idx; i++) counts[STAGE_KEYS[i] as StageKey]++
  }
  return counts
}

export function addCounts(a: StageCounts, b: StageCounts): StageCounts {
  const out = emptyCounts()
  for (const k of STAGE_KEYS) out[k] = a[k] + b[k]
  return out
}

export function subCounts(a: StageCounts, b: StageCounts): StageCounts {
  const out = emptyCounts()
  for (const k of STAGE_KEYS) out[k] = a[k] - b[k]
  return out
}
