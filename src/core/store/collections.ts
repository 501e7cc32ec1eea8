// The collections of the data folder, declared once: the type of their records, how each is split
// into files, and which only ever count upwards. The store is typed by this map, so call sites
// read `store.get('households', id)` and get a Household without a cast.

import type { SavedBulletin } from '../domain/bulletin-text'
import type { ColumnMapping } from '../domain/column-mapping'
import type { ImportBatch, ImportHash } from '../domain/import-batch'
import type { HouseholdFinance, MeterReading } from '../domain/household-finance'
import type { LedgerEntry } from '../domain/ledger'
import type { BoundaryLayer, PlacePoint, TileSettings } from '../domain/map-layers'
import type { PaymentBatch } from '../domain/payment-batch'
import type { Policy } from '../domain/policy'
import type { Problem } from '../domain/problems'
import type { ReportSettings } from '../domain/report-settings'
import type { DailyFigure, Division, Household, Settings, VillagePlan } from '../domain/types'
import type { VisitPlan, VisitRecord } from '../domain/visits'
import type { Account, SessionRecord } from '../domain/accounts'
import type { Submission } from '../domain/submission'
import { figureMonthEnds, figureTails } from './figure-latest'
import type { Summary } from './summary'

/** What each collection holds (record type by collection name). */
export interface Records {
  /** one record, key `settings` */
  settings: Partial<Settings>
  divisions: Division
  plans: VillagePlan
  /** serial numbers (receipts, households, ledger entries, batches, imports …): never go down */
  counters: number
  households: Household
  figures: DailyFigure
  /** the reports' own settings, one record */
  reportSettings: Partial<ReportSettings>
  /** 周通报 texts as edited and saved, keyed `${areaCode}|${weekFrom}|${weekTo}` (bulletin-text.ts) */
  bulletinTexts: SavedBulletin
  /** the problem ledger: the field part owns it; the ten-day pack reads it */
  problems: Problem
  /** one record per committed import */
  imports: ImportBatch
  /** the content hash of each file fully imported */
  importHashes: ImportHash
  /** the confirmed column mappings of township sheet layouts, by layout key */
  columnMappings: ColumnMapping
  ledger: LedgerEntry
  'household-finance': HouseholdFinance
  'meter-readings': MeterReading
  'payment-batches': PaymentBatch
  'subsidy-policies': Policy
  visits: VisitRecord
  visitPlans: VisitPlan
  mapPoints: PlacePoint
  boundaries: BoundaryLayer
  /** map settings, key `tiles` */
  fieldSettings: Partial<TileSettings>
  /** who may log in (key: account id); the first one turns log-in on for the folder */
  accounts: Account
  /** open sessions, keyed by the SHA-256 of their token (the token itself is never stored) */
  sessions: SessionRecord
  /** 网上填报: townships' submitted daily figures, filed per month */
  submissions: Submission
}

export type CollectionName = keyof Records

export interface CollectionDef {
  /** Partition of a record from its key; absent for a collection kept in one file. */
  partitionOf?: (key: string) => string
  /** Values are numbers that never go down: not by a write, a restore, an undo or a repair. */
  monotonic?: boolean
}

export type CollectionDefs<R> = { [C in keyof R]: CollectionDef }

/** A household id starts with its village code, whose first 6 digits are the county. */
const byCounty = (key: string) => key.slice(0, 6)
/** Figures are keyed `${villageCode}|${YYYY-MM-DD}` and filed per month. */
const byMonth = (key: string) => key.slice(13, 20)

export const COLLECTIONS: CollectionDefs<Records> = {
  settings: {},
  divisions: {},
  plans: {},
  counters: { monotonic: true },
  households: { partitionOf: byCounty },
  figures: { partitionOf: byMonth },
  reportSettings: {},
  bulletinTexts: {},
  problems: {},
  imports: {},
  importHashes: {},
  columnMappings: {},
  // Money records are keyed by something that starts with the county code, so one write touches
  // one county's file.
  ledger: { partitionOf: byCounty },
  'household-finance': { partitionOf: byCounty },
  'meter-readings': { partitionOf: byCounty },
  'payment-batches': { partitionOf: byCounty },
  'subsidy-policies': {},
  visits: {},
  visitPlans: {},
  mapPoints: { partitionOf: byCounty },
  boundaries: {},
  fieldSettings: {},
  accounts: {},
  sessions: {},
  submissions: { partitionOf: (key) => key.slice(0, 7) },
}

export const figureKey = (villageCode: string, date: string) => `${villageCode}|${date}`

/** Derived state the store keeps in step and saves at checkpoints (see summary.ts). */
export const SUMMARIES: ReadonlyArray<Summary<Records, unknown>> = [figureTails, figureMonthEnds]
