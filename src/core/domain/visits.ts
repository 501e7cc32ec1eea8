// Field visits (走访/调研): the drawn visit plan, the record of each visit with its findings
// (problem, suggestion, highlight 亮点), and the per-county counts read out at meetings.

import type { DrawCandidate } from './visit-draw'

export const FINDING_KINDS = ['problem', 'suggestion', 'highlight'] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

export const FINDING_LABEL: Record<FindingKind, string> = { problem: '问题', suggestion: '建议', highlight: '亮点' }

export interface Finding {
  id: string
  kind: FindingKind
  villageCode: string
  householdId?: string
  /** where in the village, in the office's words (三组 12 号) */
  placeDetail?: string
  text: string
  /** the ledger entry a problem finding opened */
  problemId?: string
}

export interface VisitedVillage {
  villageCode: string
  /** households gone into (入户) */
  households: number
  /** the ones on the household list, when the office picked them */
  householdIds?: string[]
}

export interface VisitRecord {
  id: string
  date: string
  /** team members, as written */
  team: string[]
  /** the plan the visit carried out, if any */
  planId?: string
  villages: VisitedVillage[]
  findings: Finding[]
  note?: string
}

/** Why a village's chance in the draw was raised. */
export type DrawReason = 'behind' | 'complaint'

export interface VisitPlanItem {
  villageCode: string
  townshipCode: string
  countyCode: string
  /** index into the plan's teams */
  team: number
  date: string
  /** 1-based order within the team's day */
  order: number
  weight: number
  reasons: DrawReason[]
  purpose: string
  contactName?: string
  contactPhone?: string
}

export interface TownshipDrawRecord {
  townshipCode: string
  /**
   * what the township drew from, in code order with their weights, so the draw can be repeated
   * from the seed later (the standing it was weighted by changes); absent on older plans
   */
  candidates?: DrawCandidate[]
  wanted: number
  /** candidates after exclusions */
  available: number
  /** villages left out because they were visited recently */
  excluded: number
  drawn: number
}

export interface VisitPlanParams {
  countyCodes: string[]
  /** empty: every township of the counties */
  townshipCodes: string[]
  min: number
  max: number
  weightBehind: number
  weightComplaint: number
  /** villages visited within this many days before `asOf` are left out (0: none) */
  excludeDays: number
  /** the day the standing (behind, complaints, recent visits) was read */
  asOf: string
  startDate: string
  perDay: number
}

export interface VisitPlan {
  id: string
  title: string
  seed: number
  params: VisitPlanParams
  teams: string[]
  purpose: string
  createdAt: string
  createdBy: string
  townships: TownshipDrawRecord[]
  items: VisitPlanItem[]
}

export interface CountyVisitSummary {
  countyCode: string
  visits: number
  villages: number
  households: number
  problems: number
  suggestions: number
  highlights: number
}

/**
 * Counts per county over the visits dated within [from, to], and for all counties together
 * (countyCode ''): villages counted once however often visited, households summed over visits,
 * findings by kind and by the county of the village they concern.
 */
export function summarizeVisits(
  visits: Iterable<VisitRecord>,
  from?: string,
  to?: string,
): { rows: CountyVisitSummary[]; total: CountyVisitSummary } {
  type Acc = { sum: CountyVisitSummary; villages: Set<string>; visits: Set<string> }
  const acc = new Map<string, Acc>()
  const rowOf = (county: string): Acc => {
    let r = acc.get(county)
    if (!r) {
      r = {
        sum: { countyCode: county, visits: 0, villages: 0, households: 0, problems: 0, suggestions: 0, highlights: 0 },
        villages: new Set(),
        visits: new Set(),
      }
      acc.set(county, r)
    }
    return r
  }
  const total = rowOf('')
  for (const v of visits) {
    if ((from && v.date < from) || (to && v.date > to)) continue
    for (const vv of v.villages) {
      for (const r of [rowOf(vv.villageCode.slice(0, 6)), total]) {
        r.visits.add(v.id)
        r.villages.add(vv.villageCode)
        r.sum.households += vv.households
      }
    }
    for (const f of v.findings) {
      for (const r of [rowOf(f.villageCode.slice(0, 6)), total]) {
        r.visits.add(v.id)
        if (f.kind === 'problem') r.sum.problems++
        else if (f.kind === 'suggestion') r.sum.suggestions++
        else r.sum.highlights++
      }
    }
  }
  const done = (r: Acc): CountyVisitSummary => ({ ...r.sum, visits: r.visits.size, villages: r.villages.size })
  acc.delete('')
  return {
    rows: [...acc.values()].sort((a, b) => (a.sum.countyCode < b.sum.countyCode ? -1 : 1)).map(done),
    total: done(total),
  }
}
