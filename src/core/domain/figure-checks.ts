// Plausibility of a village's cumulative figure: stages in order, within the target, not below the
// last figure (回退). These are warnings: the figure is stored as reported, never clipped.

import type { StageCounts, StageKey } from './types'
import { STAGE_KEYS } from './types'

export interface FigureIssue {
  kind: 'order' | 'target' | 'regression'
  /** the stages concerned, first the one to look at */
  stages: StageKey[]
  message: string
}

export interface FigureCheckInput {
  counts: StageCounts
  networkKm: number
  /** the route's name of each stage */
  stageNames: Readonly<Record<StageKey, string>>
  target?: number
  /** the village's latest figure before this one */
  previous?: { date: string; counts: StageCounts; networkKm: number }
}

const km = (n: number) => `${Math.round(n * 1000) / 1000} 公里`

export function figureIssues(f: FigureCheckInput): FigureIssue[] {
  const issues: FigureIssue[] = []
  const name = (k: StageKey) => f.stageNames[k]

  // A household reaches a stage only after the one before it, so each count is at most the previous one's.
  const order: StageKey[] = []
  const orderText: string[] = []
  for (let i = 1; i < STAGE_KEYS.length; i++) {
    const k = STAGE_KEYS[i]!
    const before = STAGE_KEYS[i - 1]!
    if (f.counts[k] > f.counts[before]) {
      order.push(k)
      orderText.push(`${name(k)} ${f.counts[k]} 户多于上一阶段${name(before)} ${f.counts[before]} 户`)
    }
  }
  if (order.length > 0) issues.push({ kind: 'order', stages: order, message: `阶段顺序不对：${orderText.join('；')}。` })

  if (f.target !== undefined) {
    const over = STAGE_KEYS.filter((k) => f.counts[k] > f.target!)
    if (over.length > 0) {
      issues.push({
        kind: 'target',
        stages: over,
        message: `超过任务户数 ${f.target}：${over.map((k) => `${name(k)} ${f.counts[k]} 户`).join('、')}（按所填导入，不截断）。`,
      })
    }
  }

  if (f.previous) {
    const p = f.previous
    const down = STAGE_KEYS.filter((k) => f.counts[k] < p.counts[k])
    const parts = down.map((k) => `${name(k)} 由 ${p.counts[k]} 户降为 ${f.counts[k]} 户`)
    if (f.networkKm < p.networkKm - 0.0005) parts.push(`管线 由 ${km(p.networkKm)}降为 ${km(f.networkKm)}`)
    if (parts.length > 0) {
      issues.push({ kind: 'regression', stages: down, message: `回退：${parts.join('，')}（上次 ${p.date} 的累计数）。` })
    }
  }
  return issues
}
