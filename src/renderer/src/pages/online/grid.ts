// The 网上填报 grid's arithmetic, apart from React: its columns, a block pasted from Excel (tabs
// between cells, new lines between rows), and what each cell's text means.
import { STAGE_KEYS, type StageKey } from '../../../../core/domain/types'

/** The plan grid's reading of a block copied from Excel: the same cells, the same way. */
export { parseBlock } from '../divisions/plan-grid'

export const COLUMNS = [...STAGE_KEYS, 'networkKm'] as const
export type Column = (typeof COLUMNS)[number]
/** What is typed in each cell of a village's row. */
export type RowText = Record<Column, string>

export const emptyRow = (): RowText => Object.fromEntries(COLUMNS.map((c) => [c, ''])) as RowText

/** Whether a paste is a block to spread over the grid (more than one cell), not text for one cell. */
export const isBlock = (text: string) => /[\t\n]/.test(text.replace(/\r?\n$/, ''))

/**
 * The grid after a block is pasted with its top-left cell at (row, col): cells beyond the grid's
 * last row or column are dropped (and counted, so the page can say so).
 */
export function pasteBlock(rows: readonly RowText[], row: number, col: number, block: string[][]): { rows: RowText[]; dropped: number } {
  const next = rows.map((r) => ({ ...r }))
  let dropped = 0
  block.forEach((cells, i) => {
    cells.forEach((cell, j) => {
      const target = next[row + i]
      const column = COLUMNS[col + j]
      if (!target || !column) dropped++
      else target[column] = cell
    })
  })
  return { rows: next, dropped }
}

export type CellValue = { ok: true; value: number | null } | { ok: false }

/** A cell's number: blank keeps the last figure (null); 1,234 and full-width digits are read as Excel shows them. */
export function cellValue(text: string): CellValue {
  const s = text
    .trim()
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '')
  if (s === '') return { ok: true, value: null }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return { ok: false }
  return { ok: true, value: Number(s) }
}

export const isStage = (c: Column): c is StageKey => c !== 'networkKm'
