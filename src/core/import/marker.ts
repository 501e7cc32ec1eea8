// The hidden marker sheet a template carries: which template (daily figures, household roster or plan list),
// its version, and which township each sheet is for. Files without it are read too.

import type { SheetKind } from './columns'
import type { SheetTable } from './table'

/** A very hidden sheet: not shown in Excel's "unhide" list, not printed. */
export const MARKER_SHEET = '_模板信息'
export const MARKER_TAG = 'clean-heating-desk-template'
/** Bump when a template's layout changes in a way an older importer would misread. */
export const TEMPLATE_VERSION = 1

export interface TemplateMarker {
  kind: SheetKind
  version: number
  /** the township or county the template was made for */
  scope: string
  date?: string
  /** sheet name → township code */
  sheets: Map<string, string>
}

/** Rows of the marker sheet: a key in column A, values after it. */
export function markerRows(m: TemplateMarker): string[][] {
  const rows = [[MARKER_TAG, '本工作表供导入程序识别模板，请勿修改'], ['kind', m.kind], ['version', String(m.version)], ['scope', m.scope]]
  if (m.date) rows.push(['date', m.date])
  for (const [sheet, township] of m.sheets) rows.push(['sheet', sheet, township])
  return rows
}

export function readMarker(sheets: readonly SheetTable[]): TemplateMarker | undefined {
  const s = sheets.find((x) => x.sheet === MARKER_SHEET && x.state !== 'visible')
  if (!s || s.rows[0]?.[0] !== MARKER_TAG) return undefined
  const m: TemplateMarker = { kind: 'figures', version: 0, scope: '', sheets: new Map() }
  for (const [key = '', a = '', b = ''] of s.rows.slice(1)) {
    if (key === 'kind' && (a === 'figures' || a === 'roster' || a === 'plans')) m.kind = a
    else if (key === 'version') m.version = Number(a) || 0
    else if (key === 'scope') m.scope = a
    else if (key === 'date') m.date = a
    else if (key === 'sheet' && a !== '') m.sheets.set(a, b)
  }
  return m
}
