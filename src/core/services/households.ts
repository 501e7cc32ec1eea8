// Households of a village: list (masked), add, edit; villages that keep households get their
// daily figure derived from the households' stages in the same write.

import type { HouseholdHit, HouseholdPage, HouseholdSearch, Input, MaskedHousehold } from '../contract'
import { idNumberProblem, phoneProblem } from '../domain/id-number'
import { maskIdNumber, maskPhone } from '../domain/mask'
import { countsFromStages } from '../domain/routes'
import type { DailyFigure, Division, Household, HouseholdStage } from '../domain/types'
import { AppError } from '../errors'
import { figureKey } from '../store/collections'
import type { Tx } from './context'
import { inScope } from './access'
import type { Ctx } from './context'
import { containsVillage, officeArea } from './office'

export function masked(h: Household, reveal = false): MaskedHousehold {
  if (reveal) return { ...h, revealed: true }
  const out: MaskedHousehold = { ...h, revealed: false }
  if (h.idNumber) out.idNumber = maskIdNumber(h.idNumber)
  if (h.phone) out.phone = maskPhone(h.phone)
  return out
}

function requireVillage(ctx: Ctx, code: string): Division {
  const d = ctx.division(code)
  if (!d || d.level !== 'village') {
    throw new AppError('not_found', `找不到代码为 ${code} 的村，请先导入区划清单。`, { where: { field: 'villageCode' } })
  }
  return d
}

function requireHousehold(ctx: Ctx, id: string): Household {
  const h = ctx.store.get('households', id)
  if (!h) throw new AppError('not_found', `找不到编号为 ${id} 的农户。`, { where: { field: 'id' } })
  return h
}

type Fields = Omit<Input<'households.create'>, 'villageCode'>

function checkFields(ctx: Ctx, f: Fields, selfId?: string, villageCode?: string): void {
  if (!ctx.settings().routes.some((r) => r.id === f.route)) {
    throw new AppError('invalid_input', `没有编号为“${f.route}”的改造路线。`, { where: { field: 'route' } })
  }
  if (f.idNumber) {
    const p = idNumberProblem(f.idNumber)
    if (p) throw new AppError('invalid_input', p, { where: { field: 'idNumber' } })
    const id = f.idNumber.trim().toUpperCase()
    // Duplicate ID numbers within the same village are almost always a typing error.
    if (villageCode) {
      for (const other of ctx.householdIdsOf(villageCode)) {
        if (other === selfId) continue
        const o = ctx.store.get('households', other)
        if (o?.idNumber === id) {
          throw new AppError('conflict', `身份证号与本村农户“${o.headName}”重复。`, { where: { field: 'idNumber' } })
        }
      }
    }
  }
  if (f.phone) {
    const p = phoneProblem(f.phone)
    if (p) throw new AppError('invalid_input', p, { where: { field: 'phone' } })
  }
}

function build(id: string, villageCode: string, f: Fields): Household {
  const h: Household = { id, villageCode, headName: f.headName, route: f.route, stage: f.stage as HouseholdStage }
  if (f.idNumber) h.idNumber = f.idNumber.trim().toUpperCase()
  if (f.phone) h.phone = f.phone.replace(/\s/g, '')
  for (const k of ['address', 'userCode', 'contractor', 'meterNo', 'meterType'] as const) if (f[k]) h[k] = f[k]
  return h
}

/**
 * Today's figure of a household-kept village, recomputed inside the same transaction; `added`
 * are the ids of households created in it (the village's index does not hold them yet).
 */
export function deriveFigure(ctx: Ctx, tx: Tx, villageCode: string, added: Iterable<string> = []): void {
  const plan = ctx.plan(villageCode)
  if (plan?.figureSource !== 'households') return
  const ids = new Set(ctx.householdIdsOf(villageCode))
  for (const id of added) ids.add(id)
  const stages: HouseholdStage[] = []
  for (const id of ids) {
    const h = tx.get('households', id)
    if (h) stages.push(h.stage)
  }
  const today = ctx.today()
  const prev = ctx.figureAsOf(villageCode, today)
  const fig: DailyFigure = {
    villageCode,
    date: today,
    counts: countsFromStages(stages),
    networkKm: prev?.networkKm ?? 0,
    source: 'derived',
  }
  tx.put('figures', figureKey(villageCode, today), fig)
}

export function list(ctx: Ctx, input: Input<'households.list'>): HouseholdPage {
  requireVillage(ctx, input.villageCode)
  const q = input.q?.trim()
  const all: Household[] = []
  for (const id of ctx.householdIdsOf(input.villageCode)) {
    const h = ctx.store.get('households', id)
    if (!h) continue
    if (q && !(h.headName.includes(q) || h.address?.includes(q) || h.userCode?.includes(q) || h.id.includes(q))) continue
    all.push(h)
  }
  all.sort((a, b) => a.id.localeCompare(b.id))
  const offset = input.offset ?? 0
  const limit = input.limit ?? 100
  return { total: all.length, items: all.slice(offset, offset + limit).map((h) => masked(h)) }
}

export function get(ctx: Ctx, input: Input<'households.get'>): MaskedHousehold {
  const h = requireHousehold(ctx, input.id)
  if (input.reveal) {
    ctx.note('households', h.id, {
      revealed: ['idNumber', 'phone'],
    })
  }
  return masked(h, input.reveal)
}

export function create(ctx: Ctx, input: Input<'households.create'>): MaskedHousehold {
  requireVillage(ctx, input.villageCode)
  checkFields(ctx, input, undefined, input.villageCode)
  return ctx.write((tx) => {
    const counterKey = `households:${input.villageCode}`
    const serial = (tx.get('counters', counterKey) ?? 0) + 1
    tx.put('counters', counterKey, serial)
    const id = `${input.villageCode}-${String(serial).padStart(6, '0')}`
    const h = build(id, input.villageCode, input)
    tx.put('households', id, h)
    deriveFigure(ctx, tx, input.villageCode, [id])
    return masked(h)
  })
}

export function update(ctx: Ctx, input: Input<'households.update'>): MaskedHousehold {
  const prev = requireHousehold(ctx, input.id)
  const { id, ...fields } = input
  // A masked value sent back unchanged from the form keeps the stored one.
  const merged: Fields = { ...fields }
  if (merged.idNumber?.includes('*')) merged.idNumber = prev.idNumber
  if (merged.phone?.includes('*')) merged.phone = prev.phone
  // The form has no meter type (it comes from imported rosters); editing must not drop it.
  merged.meterType ??= prev.meterType
  checkFields(ctx, merged, id, prev.villageCode)
  const h = build(id, prev.villageCode, merged)
  return ctx.write((tx) => {
    tx.put('households', id, h)
    deriveFigure(ctx, tx, prev.villageCode)
    return masked(h)
  })
}

type Matched = HouseholdHit['matched']

/** What a query matches in a household, and how closely (0: the whole value, 1: part of it). */
function matchOf(h: Household, q: string, upper: string, digits: boolean): { on: Matched; rank: number } | undefined {
  if (h.idNumber) {
    if (h.idNumber === upper) return { on: 'idNumber', rank: 0 }
    if (digits && upper.length >= 4 && upper.length < 18 && h.idNumber.endsWith(upper)) return { on: 'idNumber', rank: 1 }
  }
  if (h.phone && digits) {
    const phone = h.phone.replace(/-/g, '')
    const asked = q.replace(/-/g, '')
    if (phone === asked) return { on: 'phone', rank: 0 }
    if (asked.length >= 7 && phone.endsWith(asked)) return { on: 'phone', rank: 1 }
  }
  if (h.userCode) {
    const code = h.userCode.toUpperCase()
    if (code === upper) return { on: 'userCode', rank: 0 }
    if (upper.length >= 4 && code.startsWith(upper)) return { on: 'userCode', rank: 1 }
  }
  if (h.headName === q) return { on: 'headName', rank: 0 }
  if (!digits && h.headName.includes(q)) return { on: 'headName', rank: 1 }
  return undefined
}

/**
 * A household anywhere in the office's area (本级: its city, county or township) by 户主姓名, ID
 * number (whole or its last digits), phone or 用户编码. Results are masked like every list; the
 * closest first.
 */
export function search(ctx: Ctx, input: Input<'households.search'>): HouseholdSearch {
  const q = input.q.normalize('NFKC').replace(/\s+/g, '')
  const upper = q.toUpperCase()
  const digits = /^[\d-]+[\dX]?$/i.test(q)
  const limit = input.limit ?? 50
  const area = officeArea(ctx)
  const hits: Array<{ h: Household; on: Matched; rank: number }> = []
  // Households are kept per county: a county outside the area is not read at all.
  for (const county of ctx.store.partitionNames('households')) {
    if (area.level === 'city' ? ctx.division(county)?.parentCode !== area.code : area.level !== 'all' && county !== area.code.slice(0, 6)) continue
    for (const h of ctx.store.partitionEntries('households', county).values()) {
      if (area.level === 'township' && !containsVillage(ctx, area, h.villageCode)) continue
      if (!inScope(ctx, h.villageCode)) continue
      const m = matchOf(h, q, upper, digits)
      if (m) hits.push({ h, ...m })
    }
  }
  hits.sort((a, b) => a.rank - b.rank || a.h.id.localeCompare(b.h.id))
  const names = new Map<string, string>()
  const name = (code: string) => {
    let n = names.get(code)
    if (n === undefined) names.set(code, (n = ctx.division(code)?.name ?? ''))
    return n
  }
  return {
    total: hits.length,
    items: hits.slice(0, limit).map(({ h, on }) => {
      const township = ctx.division(h.villageCode)?.parentCode ?? ''
      return { ...masked(h), villageName: name(h.villageCode), townshipName: name(township), countyName: name(h.villageCode.slice(0, 6)), matched: on }
    }),
  }
}
