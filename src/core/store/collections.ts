// The collections of the data folder and how each is split into files.

import type { CollectionDef } from './store'

/** A household id starts with its village code, whose first 6 digits are the county. */
const byCounty = (key: string) => key.slice(0, 6)
/** Figures are keyed `${villageCode}|${YYYY-MM-DD}` and filed per month. */
const byMonth = (key: string) => key.slice(13, 20)

export const COLLECTIONS: CollectionDef[] = [
  { name: 'settings' },
  { name: 'divisions' },
  { name: 'plans' },
  { name: 'counters' },
  { name: 'households', partitionOf: byCounty },
  { name: 'figures', partitionOf: byMonth },
  // map, field visits and the problem ledger
  { name: 'problems' },
  { name: 'visits' },
  { name: 'visitPlans' },
  { name: 'mapPoints', partitionOf: byCounty },
  { name: 'boundaries' },
  { name: 'fieldSettings' },
]

export const figureKey = (villageCode: string, date: string) => `${villageCode}|${date}`
