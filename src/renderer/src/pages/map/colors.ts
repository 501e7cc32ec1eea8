// Colours of the village points: by completion rate (红→绿) or by the stage most households reached.
import type { MapVillage } from '../../../../core/contract'
import { STAGE_KEYS, type StageKey } from '../../../../core/domain/types'

export type ColourMode = 'rate' | 'stage'

export const NO_PLAN = '#9aa5b1'

/** Completion-rate bands: upper bound (exclusive) and colour. */
export const RATE_BANDS: readonly { below: number; colour: string; key: 'r0' | 'r30' | 'r60' | 'r90' }[] = [
  { below: 0.3, colour: '#d64545', key: 'r0' },
  { below: 0.6, colour: '#ee8a2a', key: 'r30' },
  { below: 0.9, colour: '#c9a227', key: 'r60' },
  { below: Infinity, colour: '#2f9e57', key: 'r90' },
]

/** Light to dark as the work moves on (YlGnBu). */
export const STAGE_COLOURS: Record<StageKey | 'none', string> = {
  none: '#d9d4c7',
  confirmed: '#c7e9b4',
  network: '#7fcdbb',
  meter: '#41b6c4',
  equipment: '#1d91c0',
  connected: '#225ea8',
  accepted: '#0c2c84',
}

export function villageColour(v: MapVillage, mode: ColourMode): string {
  if (v.target === undefined) return NO_PLAN
  if (mode === 'stage') return STAGE_COLOURS[v.stage]
  if (v.completionRate === null) return NO_PLAN
  return RATE_BANDS.find((b) => v.completionRate! < b.below)!.colour
}

export const STAGE_ORDER = ['none', ...STAGE_KEYS] as const

/** One colour per day of a plan's route. */
export const DAY_COLOURS = ['#1f6fd1', '#d1491f', '#2f9e57', '#8e44ad', '#c9a227', '#16a2b8', '#b8336a', '#5d6d7e']
