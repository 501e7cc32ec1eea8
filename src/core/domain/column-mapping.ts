// How the columns of one layout of township sheet are read, once the office has confirmed it: the
// layout is the sequence of its header texts (normalised), whatever township sends it.

import type { StageKey } from './types'
import { STAGE_KEYS } from './types'

/** What a column of a daily-figures sheet can be read as. */
export const MAPPED_COLUMNS = [
  'ignored',
  'seq',
  'county',
  'township',
  'village',
  'villageCode',
  'date',
  'target',
  ...STAGE_KEYS,
  'networkKm',
  'remarks',
] as const
export type MappedColumn = (typeof MAPPED_COLUMNS)[number]

/** Columns that may appear once in a layout (ignored and remarks may repeat). */
export function isSingle(c: MappedColumn): boolean {
  return c !== 'ignored' && c !== 'remarks'
}

export const isStage = (c: string): c is StageKey => (STAGE_KEYS as readonly string[]).includes(c)

export interface ColumnMapping {
  /** the layout's key: a hash of its kind and header texts */
  id: string
  /** 列对应 N, as the office sees it (from the monotonic counter `columnMappings`) */
  serial: number
  kind: 'figures'
  /** each column's header, normalised (the layout); '' for a column without a header */
  headers: string[]
  /** each column's header as first written, for the office to recognise it */
  labels: string[]
  /** what each column is read as, by position */
  columns: MappedColumn[]
  confirmedAt: string
  confirmedBy: string
  /** the file it was first confirmed on */
  fileName: string
}
