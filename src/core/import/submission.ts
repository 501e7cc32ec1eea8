// One file a township sent: read once (every sheet, the template marker, a hash of its content),
// then interpreted sheet by sheet as daily figures, a household roster or a plan list against the
// current data.

import { createHash } from 'node:crypto'
import type { RouteDef, VillagePlan } from '../domain/types'
import { AppError } from '../errors'
import { findHeader, type MappingLookup, type SheetHeader } from './columns'
import { type FigureSheet, readFigureSheet } from './figure-sheet'
import { MARKER_SHEET, readMarker, TEMPLATE_VERSION, type TemplateMarker } from './marker'
import type { Places } from './places'
import { type PlanSheet, readPlanSheet } from './plan-sheet'
import { type ImportProblem, ProblemList } from './problems'
import { readRosterSheet, type RosterSheet } from './roster-sheet'
import { readWorkbook, type SheetTable } from './table'

export interface SubmissionFile {
  fileName: string
  /** sha-256 of what the sheets show (not of the bytes: saving again in Excel changes those) */
  hash?: string
  marker?: TemplateMarker
  sheets: SheetTable[]
  /** why the file could not be read at all */
  error?: ImportProblem
}

export async function readSubmission(fileName: string, bytes: Uint8Array): Promise<SubmissionFile> {
  try {
    const all = await readWorkbook(fileName, bytes)
    const marker = readMarker(all)
    const sheets = all.filter((s) => s.state === 'visible' && s.sheet !== MARKER_SHEET)
    const hash = createHash('sha256')
      .update(JSON.stringify(sheets.map((s) => [s.sheet ?? '', s.rows])))
      .digest('hex')
    return marker ? { fileName, hash, marker, sheets } : { fileName, hash, sheets }
  } catch (e) {
    if (!(e instanceof AppError)) throw e
    return unreadable(fileName, e)
  }
}

/** A file of the batch that could not be read: shown in the preview as 不导入 with the reason. */
export function unreadable(fileName: string, e: AppError): SubmissionFile {
  return { fileName, sheets: [], error: { severity: 'error', message: e.message, where: e.where ?? { file: fileName } } }
}

export interface SubmissionLookup {
  places: Places
  routes: readonly RouteDef[]
  today: string
  plan(villageCode: string): VillagePlan | undefined
  /** the office's confirmed column mappings, by layout (absent when there are none) */
  mappings?: MappingLookup
}

export type SheetResult =
  | { kind: 'figures'; index: number; name?: string; header: SheetHeader; data: FigureSheet }
  | { kind: 'roster'; index: number; name?: string; header: SheetHeader; data: RosterSheet }
  | { kind: 'plans'; index: number; name?: string; header: SheetHeader; data: PlanSheet }

export interface Interpretation {
  sheets: SheetResult[]
  problems: ImportProblem[]
}

/** Each visible sheet with a recognisable header, read against the data as it is now. */
export function interpretSubmission(file: SubmissionFile, lookup: SubmissionLookup): Interpretation {
  const problems: ImportProblem[] = []
  if (file.error) return { sheets: [], problems: [file.error] }
  const fileProblems = new ProblemList(file.fileName)
  if (file.marker && file.marker.version > TEMPLATE_VERSION) {
    fileProblems.warn(`这个模板由更新版本的程序生成（模板版本 ${file.marker.version}，本程序认识到 ${TEMPLATE_VERSION}），新增的列可能没有导入。`)
  }
  const sheets: SheetResult[] = []
  const skipped: string[] = []
  file.sheets.forEach((sheet, index) => {
    if (!sheet.rows.some((r) => r.some((c) => c !== ''))) return
    const header = findHeader(sheet, lookup.routes, lookup.mappings)
    if (!header) {
      skipped.push(sheet.sheet ?? '')
      return
    }
    const list = new ProblemList(file.fileName, sheet.sheet)
    const input = { fileName: file.fileName, sheet, header, marker: file.marker, places: lookup.places, today: lookup.today, needsDate: header.kind === 'figures' }
    if (header.kind === 'figures') {
      sheets.push({ kind: 'figures', index, name: sheet.sheet, header, data: readFigureSheet(input, list) })
    } else if (header.kind === 'plans') {
      sheets.push({ kind: 'plans', index, name: sheet.sheet, header, data: readPlanSheet({ ...input, needsDate: false, routes: lookup.routes }, list) })
    } else {
      sheets.push({ kind: 'roster', index, name: sheet.sheet, header, data: readRosterSheet({ ...input, routes: lookup.routes, plan: lookup.plan }, list) })
    }
    problems.push(...list.items)
  })
  if (sheets.length === 0) {
    const empty = file.sheets.every((s) => !s.rows.some((r) => r.some((c) => c !== '')))
    fileProblems.error(
      empty
        ? `文件 ${file.fileName} 是空的，没有可导入的内容。`
        : `文件 ${file.fileName} 中没有找到报送表的表头${skipped.some(Boolean) ? `（看过的工作表：${skipped.join('、')}）` : ''}。` +
            '进度日报表应有“村名”或“村代码”列和各阶段户数列（确户签约、管网、入户装表…）；农户花名册应有“户主姓名”和“村”列；任务清单应有“村名”或“村代码”列和“改造路线”“任务户数”“完成时限”等列。',
    )
  } else {
    for (const name of skipped) fileProblems.warn(`工作表“${name}”中没有找到报送表的表头，已跳过。`)
  }
  return { sheets, problems: [...fileProblems.items, ...problems] }
}
