// In-memory indexes over the money collections: a county's ledger entries by household, and each
// county's entitlement totals per season. Built per county on first use and kept in step with the
// store's change events (entries are only ever added, so the ledger index just appends).

import type { LedgerEntry } from '../domain/ledger'
import type { LevelAmounts, SubsidyItem } from '../domain/policy'
import type { Change } from '../store/store'
import type { AppStore, Ctx, Derived } from './context'

interface CountyLedger {
  /** in order of recording */
  entries: LedgerEntry[]
  byHousehold: Map<string, LedgerEntry[]>
}

/** Entitlement totals of one village for one season: per item, by funding level, and households. */
export interface VillageEntitled {
  byItem: Map<SubsidyItem, LevelAmounts>
  households: number
}


export class MoneyIndex {
  private ledgers = new Map<string, CountyLedger>()
  /** `${season}|${county}` → village → totals */
  private entitled = new Map<string, Map<string, VillageEntitled>>()

  constructor(private readonly store: AppStore) {}

  ledger(county: string): CountyLedger {
    let l = this.ledgers.get(county)
    if (!l) {
      const entries = [...this.store.partitionEntries('ledger', county).values()].sort((a, b) => a.serial - b.serial)
      const byHousehold = new Map<string, LedgerEntry[]>()
      for (const e of entries) push(byHousehold, e)
      l = { entries, byHousehold }
      this.ledgers.set(county, l)
    }
    return l
  }

  householdEntries(householdId: string): readonly LedgerEntry[] {
    return this.ledger(householdId.slice(0, 6)).byHousehold.get(householdId) ?? []
  }

  /** A county's entitlement totals for a season, computed by `build` once until its inputs change. */
  entitledTotals(season: string, county: string, build: () => Map<string, VillageEntitled>): Map<string, VillageEntitled> {
    const key = `${season}|${county}`
    let t = this.entitled.get(key)
    if (!t) this.entitled.set(key, (t = build()))
    return t
  }

  /** Keeps the index in step with one change; the ledger index appends, totals are dropped. */
  apply(ch: Change): void {
    if (ch.c === 'ledger') {
      const l = this.ledgers.get(ch.k.slice(0, 6))
      // Entries are never changed or deleted: a write is always a new one.
      if (l && ch.a) {
        const entry = ch.a as LedgerEntry
        l.entries.push(entry)
        push(l.byHousehold, entry)
      }
    } else if (ch.c === 'subsidy-policies') {
      for (const key of [...this.entitled.keys()]) if (key.startsWith(`${ch.k}|`)) this.entitled.delete(key)
    } else {
      // households, household-finance, meter-readings: the entitlement inputs of one county
      const county = ch.k.slice(0, 6)
      for (const key of [...this.entitled.keys()]) if (key.endsWith(`|${county}`)) this.entitled.delete(key)
    }
  }
}

function push(map: Map<string, LedgerEntry[]>, e: LedgerEntry): void {
  let list = map.get(e.householdId)
  if (!list) map.set(e.householdId, (list = []))
  list.push(e)
}

const moneyIndexDef: Derived<MoneyIndex> = {
  name: 'money',
  watches: ['ledger', 'subsidy-policies', 'households', 'household-finance', 'meter-readings'],
  build: (env) => new MoneyIndex(env.store),
  apply: (idx, ch) => {
    idx.apply(ch)
    return true
  },
}

/** The money index of the folder the call works on. */
export function moneyIndex(ctx: Ctx): MoneyIndex {
  return ctx.derived(moneyIndexDef)
}
