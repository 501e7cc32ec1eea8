// The plan grid's reading of what is typed or pasted (a block of rows copied from Excel): route
// names, whole numbers, dates in the forms offices write, 进度来源 in words. Pure, so it is tested
// without a browser.
import type { FigureSource, RouteDef } from '../../../../core/domain/types'

export const GRID_COLUMNS = ['route', 'target', 'contractor', 'deadline', 'figureSource'] as const
export type GridColumn = (typeof GRID_COLUMNS)[number]

/** One village's row as edited: text as typed, route and source as chosen. */
export interface GridRow {
  code: string
  name: string
  route: string
  target: string
  contractor: string
  deadline: string
  figureSource: FigureSource | ''
}

const compact = (s: string) => s.normalize('NFKC').replace(/\s+/g, '')

/** A block copied from Excel: rows by line, cells by tab; a trailing line break is no row. */
export function parseBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n')
  return lines.map((l) => l.split('\t').map((c) => c.trim()))
}

export function readRouteText(text: string, routes: readonly RouteDef[]): string | undefined {
  const s = compact(text).toLowerCase()
  if (s === '') return ''
  return routes.find((r) => compact(r.name).toLowerCase() === s || r.id === s)?.id
}

export function readSourceText(text: string): FigureSource | '' | undefined {
  const s = compact(text)
  if (s === '') return ''
  if (/^(直接填报户数|直接填报|填报户数|户数|counts)$/i.test(s)) return 'counts'
  if (/^(按农户统计|按农户|农户|农户信息|households)$/i.test(s)) return 'households'
  return undefined
}

/** 2026-10-31, 2026/10/31, 2026.10.31, 2026年10月31日, 20261031 → 2026-10-31; '' stays ''. */
export function readDateText(text: string): string | undefined {
  const s = compact(text)
  if (s === '') return ''
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** The forms a village name is written in: as is, without 村委会/居委会, without the 村/社区 ending. */
export function nameKeys(name: string): string[] {
  const k0 = compact(name)
  const k1 = k0.replace(/(村民委员会|居民委员会|村委会|居委会|委员会)$/, '') || k0
  const k2 = k1.replace(/(社区|村)$/, '') || k1
  return [...new Set([k0, k1, k2])]
}

/** Row index by every form of its village's name (a form two villages share is left out). */
function nameIndex(rows: readonly GridRow[]): (name: string) => number | undefined {
  const byKey = new Map<string, number | null>()
  rows.forEach((r, i) => {
    for (const k of nameKeys(r.name)) byKey.set(k, byKey.has(k) && byKey.get(k) !== i ? null : i)
  })
  return (name) => {
    for (const k of nameKeys(name)) {
      const i = byKey.get(k)
      if (i !== undefined && i !== null) return i
    }
    return undefined
  }
}

export interface PasteProblem {
  row: number
  column: GridColumn
  text: string
}

/**
 * Applies a pasted block to the rows: from the focused cell onwards, or — when each pasted line
 * starts with a village name of the grid — to the row of that village, its cells from 改造路线 on.
 * Values that cannot be read are left out and returned, so the grid can say which.
 */
export function applyPaste(
  rows: readonly GridRow[],
  at: { row: number; column: number },
  block: string[][],
  routes: readonly RouteDef[],
): { rows: GridRow[]; changed: Set<number>; problems: PasteProblem[] } {
  const next = rows.map((r) => ({ ...r }))
  const changed = new Set<number>()
  const problems: PasteProblem[] = []
  const rowOfName = nameIndex(rows)
  const named = block.length > 0 && block.every((cells) => rowOfName(cells[0] ?? '') !== undefined)
  block.forEach((cells, i) => {
    const rowIndex = named ? rowOfName(cells[0]!)! : at.row + i
    const row = next[rowIndex]
    if (!row) return
    const values = named ? cells.slice(1) : cells
    const startCol = named ? 0 : at.column
    values.forEach((text, j) => {
      const column = GRID_COLUMNS[startCol + j]
      if (!column) return
      const bad = () => problems.push({ row: rowIndex, column, text })
      if (column === 'route') {
        const id = readRouteText(text, routes)
        if (id === undefined) return bad()
        row.route = id
      } else if (column === 'figureSource') {
        const s = readSourceText(text)
        if (s === undefined) return bad()
        row.figureSource = s
      } else if (column === 'deadline') {
        const d = readDateText(text)
        if (d === undefined) return bad()
        row.deadline = d
      } else if (column === 'target') {
        const n = compact(text).replace(/户$/, '').replace(/,/g, '')
        if (n !== '' && !/^\d+$/.test(n)) return bad()
        row.target = n
      } else row.contractor = text
      changed.add(rowIndex)
    })
  })
  return { rows: next, changed, problems }
}
