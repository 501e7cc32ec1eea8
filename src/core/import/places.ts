// Finds counties, townships and villages by the names townships write: with or without 村委会,
// 居民委员会, 人民政府, or the 村/镇/县 ending; names repeat across counties, so a name is always
// looked up inside its parent when the parent is known.

import type { Division } from '../domain/types'
import { compact } from './cells'

export type PlaceLevel = 'county' | 'township' | 'village'

const SUFFIXES: Record<PlaceLevel, readonly [RegExp, RegExp]> = {
  county: [/(人民政府|政府)$/, /(自治县|县|区|市)$/],
  township: [/(人民政府|政府|办事处|便民服务中心)$/, /(街道|镇|乡)$/],
  village: [/(村民委员会|居民委员会|村委会|居委会|委员会)$/, /(社区|村)$/],
}

/**
 * The forms a name is known by, most specific first: as written; without the committee or
 * government suffix (东关村委会 → 东关); without the 村/社区/镇/乡/县 ending (屯里村 → 屯里).
 */
export function nameKeys(name: string, level: PlaceLevel): [string, string, string] {
  const k0 = compact(name)
  const [office, kind] = SUFFIXES[level]
  const k1 = k0.replace(office, '') || k0
  const k2 = k1.replace(kind, '') || k1
  return [k0, k1, k2]
}

export type NameMatch = { code: string } | { ambiguous: string[] } | null

/** Names of one level under one parent (or of all townships), matched by their most specific shared form. */
class NameIndex {
  private readonly byKey = new Map<string, Array<{ code: string; rank: number }>>()

  constructor(
    private readonly level: PlaceLevel,
    entries: Iterable<Division>,
  ) {
    for (const d of entries) {
      nameKeys(d.name, level).forEach((key, rank) => {
        let list = this.byKey.get(key)
        if (!list) this.byKey.set(key, (list = []))
        if (!list.some((e) => e.code === d.code)) list.push({ code: d.code, rank })
      })
    }
  }

  find(name: string): NameMatch {
    const best = new Map<string, number>()
    nameKeys(name, this.level).forEach((key, rank) => {
      for (const e of this.byKey.get(key) ?? []) {
        const score = Math.max(rank, e.rank)
        best.set(e.code, Math.min(best.get(e.code) ?? 9, score))
      }
    })
    if (best.size === 0) return null
    const top = Math.min(...best.values())
    const codes = [...best].filter(([, s]) => s === top).map(([c]) => c)
    return codes.length === 1 ? { code: codes[0]! } : { ambiguous: codes.sort() }
  }
}

export interface DivisionSource {
  division(code: string): Division | undefined
  children(code: string): readonly string[]
  counties: readonly string[]
}

export class Places {
  private countyIndex: NameIndex | null = null
  private allTownships: NameIndex | null = null
  private readonly childIndex = new Map<string, NameIndex>()

  constructor(private readonly src: DivisionSource) {}

  division(code: string): Division | undefined {
    return this.src.division(code)
  }

  name(code: string): string {
    return this.src.division(code)?.name ?? code
  }

  county(name: string): NameMatch {
    this.countyIndex ??= new NameIndex('county', this.divisions(this.src.counties))
    return this.countyIndex.find(name)
  }

  /** A township by name, inside a county when it is known (township names repeat across counties). */
  township(name: string, countyCode?: string): NameMatch {
    if (countyCode) return this.under(countyCode, 'township').find(name)
    this.allTownships ??= new NameIndex('township', this.divisions(this.src.counties.flatMap((c) => this.src.children(c))))
    return this.allTownships.find(name)
  }

  village(name: string, townshipCode: string): NameMatch {
    return this.under(townshipCode, 'village').find(name)
  }

  /** Villages of that name in the county's other townships: to say "it is in 某镇, not here". */
  villageElsewhere(name: string, townshipCode: string): string[] {
    const county = this.src.division(townshipCode)?.parentCode
    if (!county) return []
    const out: string[] = []
    for (const t of this.src.children(county)) {
      if (t === townshipCode) continue
      const m = this.village(name, t)
      if (m && 'code' in m) out.push(m.code)
    }
    return out
  }

  /**
   * Townships whose name appears in a text (a sheet title, a file name), longest name first;
   * names shorter than two characters are never looked for.
   */
  townshipsIn(text: string, countyCode?: string): string[] {
    const hay = compact(text)
    const counties = countyCode ? [countyCode] : this.src.counties
    const hits: Array<{ code: string; len: number }> = []
    for (const c of counties) {
      for (const t of this.src.children(c)) {
        const d = this.src.division(t)
        if (!d || d.level !== 'township') continue
        const [k0, k1] = nameKeys(d.name, 'township')
        const key = hay.includes(k0) ? k0 : hay.includes(k1) ? k1 : ''
        if (key.length >= 2) hits.push({ code: t, len: key.length })
      }
    }
    if (hits.length === 0) return []
    const longest = Math.max(...hits.map((h) => h.len))
    return hits.filter((h) => h.len === longest).map((h) => h.code)
  }

  /** Counties whose name appears in a text. */
  countiesIn(text: string): string[] {
    const hay = compact(text)
    return this.src.counties.filter((c) => {
      const d = this.src.division(c)
      return d ? hay.includes(nameKeys(d.name, 'county')[0]) : false
    })
  }

  private under(parent: string, level: PlaceLevel): NameIndex {
    let idx = this.childIndex.get(parent)
    if (!idx) {
      idx = new NameIndex(level, this.divisions(this.src.children(parent)).filter((d) => d.level === level))
      this.childIndex.set(parent, idx)
    }
    return idx
  }

  private divisions(codes: readonly string[]): Division[] {
    const out: Division[] = []
    for (const c of codes) {
      const d = this.src.division(c)
      if (d) out.push(d)
    }
    return out
  }
}
