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
  /** the reports' own settings (one record) */
  { name: 'reportSettings' },
  /** the problem ledger: the field part owns it; the ten-day pack reads it */
  { name: 'problems' },
  // Township submissions: one record per committed import, and the content hash of each file fully imported.
  { name: 'imports' },
  { name: 'importHashes' },
  // money (issue 6): ledger entries, batches and per-household financial data are keyed by
  // something that starts with the county code, so one write touches one county's file.
  { name: 'ledger', partitionOf: byCounty },
  { name: 'household-finance', partitionOf: byCounty },
  { name: 'meter-readings', partitionOf: byCounty },
  { name: 'payment-batches', partitionOf: byCounty },
  { name: 'subsidy-policies' },
  // map, field visits and the problem ledger
  { name: 'visits' },
  { name: 'visitPlans' },
  { name: 'mapPoints', partitionOf: byCounty },
  { name: 'boundaries' },
  { name: 'fieldSettings' },
]

export const figureKey = (villageCode: string, date: string) => `${villageCode}|${date}`
