// Township submissions (issue 3): templates, preview and commit of daily figures and household rosters.

import { z } from 'zod'
import type { DailyFigure, HouseholdStage, StageCounts } from '../domain/types'
import type { ImportProblem } from '../import/problems'
import { date, divisionCode, type FileOutput, type MethodDefs, uploadedFile } from './schemas'
import type { TownshipReporting } from './foundation'

const sessionId = z.string().trim().min(1, '缺少导入批次编号').max(60)
const conflictChoice = z.enum(['replace', 'skip'])

export const importsMethods = {
  'imports.template': {
    mutates: false,
    access: 'progress.read', scope: { place: ['code'] },
    summary: '生成报送模板（.xlsx）：进度日报表（乡镇一张表，或全县每个乡镇一张工作表，村已填好）或农户花名册',
    input: z.object({
      kind: z.enum(['figures', 'roster']),
      /** a township (9 digits) or a county (6 digits) */
      code: divisionCode,
      date: date.optional(),
    }),
  },
  'imports.addFile': {
    mutates: false,
    access: 'progress.write', scope: 'folder',
    summary: '把一个报送文件加入导入批次（不给 sessionId 时新建批次），返回这个文件的预览；不写入数据',
    input: z.object({ sessionId: sessionId.optional(), file: uploadedFile }),
  },
  'imports.review': {
    mutates: false,
    access: 'progress.write', scope: 'folder',
    summary: '整个导入批次的预览：每个文件、每张表的新增/更新/不变行数，全部错误和提醒（文件、工作表、行、列），未上报的乡镇',
    input: z.object({ sessionId }),
  },
  'imports.commit': {
    mutates: true,
    access: 'progress.write', scope: 'folder',
    summary: '确认导入：所有通过检查的行在一次写入中全部保存（要么全部保存，要么都不保存）；已有数据的日期按选择替换或跳过',
    input: z.object({
      sessionId,
      /** what to do with villages whose figure for that date differs from the one stored */
      onConflict: conflictChoice,
      /** per sheet (SheetPreview.key), overriding onConflict */
      overrides: z.record(z.string(), conflictChoice).optional(),
    }),
  },
  'imports.cancel': {
    mutates: false,
    access: 'progress.write', scope: 'folder',
    summary: '放弃一个导入批次（未保存任何数据）',
    input: z.object({ sessionId }),
  },
  'imports.history': {
    mutates: false,
    access: 'progress.write', scope: 'folder',
    summary: '已确认的导入记录（新的在前）：文件、乡镇、日期、各类行数',
    input: z.object({ limit: z.number().int().min(1).max(500).optional() }),
  },
} as const satisfies MethodDefs

// ---- outputs ----

export type { ImportProblem }

/** new: nothing stored for that village and date (or household); updated: stored differently; unchanged: the same. */
export type RowStatus = 'new' | 'updated' | 'unchanged'

export interface FigureChange {
  /** row in the sheet */
  row: number
  villageCode: string
  villageName: string
  date: string
  status: RowStatus
  counts: StageCounts
  networkKm: number
  /** what is stored for that date now (updated and unchanged rows) */
  stored?: { counts: StageCounts; networkKm: number; source: DailyFigure['source'] }
  /** warnings on this row (回退, order, target) */
  warnings: number
}

export interface HouseholdChange {
  row: number
  villageCode: string
  villageName: string
  headName: string
  /** masked */
  idNumber?: string
  stage: HouseholdStage
  status: RowStatus
  /** the matched household (updated and unchanged rows) */
  householdId?: string
}

export interface SheetPreview {
  /** `${file}:${sheet}`: names the sheet in `imports.commit` overrides */
  key: string
  sheet?: string
  kind: 'figures' | 'roster'
  countyName?: string
  townshipCode?: string
  townshipName?: string
  /** the day the sheet reports (daily figures) */
  date?: string
  /** rows with village data, accepted or not */
  dataRows: number
  added: number
  updated: number
  unchanged: number
  /** rows not imported because of an error */
  rejected: number
  /** the whole sheet is not imported (an error above its table: date, township, county); its rows count as rejected */
  refused?: boolean
  /** an earlier import for the same township and day */
  earlier?: { fileName: string; at: string }
  figures: FigureChange[]
  /** the first 200 households of the sheet */
  households: HouseholdChange[]
}

export interface FilePreview {
  index: number
  fileName: string
  /** rejected: unreadable, no recognisable sheet, or every sheet refused; duplicate: this content was imported before (or twice in this batch) */
  status: 'ok' | 'rejected' | 'duplicate'
  duplicateOf?: { fileName: string; at?: string }
  template?: { kind: 'figures' | 'roster'; version: number }
  sheets: SheetPreview[]
  /** file, sheet and row problems in reading order (the first 500) */
  problems: ImportProblem[]
  errors: number
  warnings: number
}

export interface RowTotals {
  added: number
  updated: number
  unchanged: number
  rejected: number
}

export interface ReportingAfter {
  date: string
  /** townships expected to report that day */
  expected: number
  /** townships still without any figure for that day after this import (未上报) */
  unreported: TownshipReporting[]
}

export interface ImportReview {
  sessionId: string
  files: FilePreview[]
  totals: { files: number; rejectedFiles: number; duplicateFiles: number; figures: RowTotals; households: RowTotals; errors: number; warnings: number }
  dates: string[]
  /** household-kept villages whose figure for today is recomputed from the imported households */
  derivedVillages: number
  reporting: ReportingAfter[]
}

export interface ImportCommitResult {
  /** absent when nothing needed storing */
  batchId?: string
  figures: { added: number; replaced: number; unchanged: number; skipped: number; rejected: number }
  households: { added: number; updated: number; unchanged: number; rejected: number }
  derivedVillages: number
  reporting: ReportingAfter[]
}

export type { ImportBatch, ImportBatchSheet } from '../domain/import-batch'
import type { ImportBatch } from '../domain/import-batch'

export interface ImportsOutputs {
  'imports.template': FileOutput
  'imports.addFile': { sessionId: string; file: FilePreview }
  'imports.review': ImportReview
  'imports.commit': ImportCommitResult
  'imports.cancel': { cancelled: boolean }
  'imports.history': ImportBatch[]
}
