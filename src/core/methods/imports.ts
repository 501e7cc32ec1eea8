// Township submissions (issues 3 and 11): templates, preview and commit of daily figures, household
// rosters and plan lists; column mappings of sheet layouts; undo of a committed batch.

import { z } from 'zod'
import { type ColumnMapping, MAPPED_COLUMNS, type MappedColumn } from '../domain/column-mapping'
import type { ImportKind } from '../domain/import-batch'
import type { DailyFigure, HouseholdStage, StageCounts, StageKey, VillagePlan } from '../domain/types'
import type { ColumnKey } from '../import/columns'
import type { PendingColumns } from '../import/figure-sheet'
import type { ImportProblem } from '../import/problems'
import { date, divisionCode, type FileOutput, type MethodDefs, uploadedFile } from './schemas'
import type { TownshipReporting } from './foundation'

const sessionId = z.string().trim().min(1, '缺少导入批次编号').max(60)
const conflictChoice = z.enum(['replace', 'skip'])
const batchId = z.string().trim().regex(/^I\d{6,}$/, '导入批次编号应为 I 加 6 位数字，如 I000012')
const mappedColumn = z.enum(MAPPED_COLUMNS)

export const importsMethods = {
  'imports.template': {
    mutates: false,
    access: 'progress.read', scope: { place: ['code'] },
    summary:
      '生成报送模板（.xlsx）：进度日报表（乡镇一张表，或全县每个乡镇一张工作表，村已填好；prefill 时填入各村最近一次的数）、农户花名册，或任务清单（县或乡镇的村已列出，已有计划已填入）',
    input: z.object({
      kind: z.enum(['figures', 'roster', 'plans']),
      /** a township (9 digits) or a county (6 digits) */
      code: divisionCode,
      date: date.optional(),
      /** daily figures: fill in each village's last stored figure (on or before the date) */
      prefill: z.boolean().optional(),
    }),
  },
  'imports.addFile': {
    mutates: false,
    access: 'progress.write', scope: 'area',
    summary: '把一个报送文件加入导入批次（不给 sessionId 时新建批次），返回这个文件的预览；不写入数据。管辖一个县或乡镇的账号：不在管辖范围内的工作表和行不导入，并说明原因',
    input: z.object({ sessionId: sessionId.optional(), file: uploadedFile }),
  },
  'imports.review': {
    mutates: false,
    access: 'progress.write', scope: 'area',
    summary:
      '整个导入批次的预览：每个文件、每张表的新增/更新/不变行数，每列读作什么，待确认的表，全部错误和提醒（文件、工作表、行、列），未上报的乡镇；date 设定本批的报送日期（表内没有日期的表按它导入）',
    input: z.object({
      sessionId,
      /** 报送日期 of the batch (kept for later reviews and the commit); default: the day most sheets carry, else today */
      date: date.optional(),
    }),
  },
  'imports.mapColumns': {
    mutates: true,
    access: 'progress.write', scope: 'folder',
    summary: '确认一张表各列读作什么（列对应），按这种表头保存；同样表头的文件以后直接按它读取（任何乡镇）。列对应是全办的设置，只有管辖全部范围的账号可以确认。写入审计；之后请重新预览',
    input: z.object({
      sessionId,
      /** SheetPreview.key */
      sheet: z.string().trim().min(1).max(40),
      /** each column of the header (SheetPreview.columns[].index) and what it is; columns not listed keep their current reading */
      columns: z.array(z.object({ index: z.number().int().min(0).max(500), as: mappedColumn })).min(1).max(500),
    }),
  },
  'imports.commit': {
    mutates: true,
    access: 'progress.write', scope: 'area',
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
    access: 'progress.write', scope: 'area',
    summary: '放弃一个导入批次（未保存任何数据）',
    input: z.object({ sessionId }),
  },
  'imports.history': {
    mutates: false,
    access: 'progress.write', scope: 'area',
    summary: '已确认的导入记录（新的在前）：文件、乡镇、日期、各类行数，是否已撤销；管辖一个县或乡镇的账号只看到全部写在管辖范围内的批次',
    input: z.object({ limit: z.number().int().min(1).max(500).optional() }),
  },
  'imports.undoPreview': {
    mutates: false,
    access: 'progress.write', scope: { place: ['batchId:importBatch'] },
    summary: '撤销一批导入之前看一看：会恢复多少条进度、农户、计划，哪些此后又被改过（这些不会被覆盖）',
    input: z.object({ batchId }),
  },
  'imports.undo': {
    mutates: true,
    access: 'progress.write', scope: { place: ['batchId:importBatch'] },
    summary: '撤销一批已确认的导入：一次写入，把这批改过的进度、农户、计划恢复原样；此后又被改过的记录保留并列出；编号不倒退。改动过管辖范围以外数据的批次不能撤销',
    input: z.object({ batchId }),
  },
  'imports.mappings': {
    mutates: false,
    access: 'progress.write', scope: 'none',
    summary: '已确认的表格列对应（每种表头一条）：表头、各列读作什么、谁何时确认',
    input: z.object({}),
  },
  'imports.updateMapping': {
    mutates: true,
    access: 'progress.write', scope: 'folder',
    summary: '修改一种表头的列对应（每一列读作什么），写入审计；只有管辖全部范围的账号可以修改',
    input: z.object({ id: z.string().trim().min(1).max(40), columns: z.array(mappedColumn).min(1).max(500) }),
  },
  'imports.deleteMapping': {
    mutates: true,
    access: 'progress.write', scope: 'folder',
    summary: '删除一种表头的列对应；这种表头的文件以后导入时重新确认；只有管辖全部范围的账号可以删除',
    input: z.object({ id: z.string().trim().min(1).max(40) }),
  },
} as const satisfies MethodDefs

// ---- outputs ----

export type { ImportProblem, PendingColumns, ColumnMapping, MappedColumn, ImportKind, ColumnKey }

/** new: nothing stored for that village and date (or household, or plan); updated: stored differently; unchanged: the same. */
export type RowStatus = 'new' | 'updated' | 'unchanged'

/** One column of a sheet's header as the importer read it. */
export interface ColumnReading {
  /** 0-based column */
  index: number
  /** the header as written (a group and its column: 工程进度（累计）/管网完成) */
  label: string
  /** what it is read as (absent: not understood, not imported) */
  as?: ColumnKey
  /** by its name, by a guess from its words, by the office's confirmed mapping, or not at all */
  how: 'exact' | 'guess' | 'mapping' | 'unknown'
  /** the first few values under it */
  samples: string[]
}

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
  /** blank cells (or columns the layout has not got) that kept the village's last stored value */
  carried?: Array<StageKey | 'networkKm'>
}

export interface PlanChange {
  row: number
  villageCode: string
  villageName: string
  townshipName: string
  status: RowStatus
  plan: VillagePlan
  /** the plan stored now (updated and unchanged rows) */
  stored?: VillagePlan
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
  /** `${file}:${sheet}`: names the sheet in `imports.commit` overrides and `imports.mapColumns` */
  key: string
  sheet?: string
  kind: ImportKind
  countyName?: string
  townshipCode?: string
  townshipName?: string
  /** the day the sheet reports (daily figures) */
  date?: string
  /** where that day was read: above the table, the file's name, the batch's 报送日期 (rows with their own 日期: absent) */
  dateFrom?: 'sheet' | 'fileName' | 'batch'
  /** rows with village data, accepted or not */
  dataRows: number
  added: number
  updated: number
  unchanged: number
  /** rows not imported because of an error */
  rejected: number
  /** the whole sheet is not imported (an error above its table: date, township, county); its rows count as rejected */
  refused?: boolean
  /** 待确认: the columns are not settled (a stage not found, or found only by a guess); nothing of it is imported */
  pending?: PendingColumns
  /** village rows held back while the sheet is 待确认 */
  held: number
  /** every column of its header and what it was read as */
  columns: ColumnReading[]
  /** the office's confirmed column mapping it was read with */
  mapping?: { id: string; serial: number; confirmedBy: string; confirmedAt: string }
  /** an earlier import for the same township and day */
  earlier?: { fileName: string; at: string }
  figures: FigureChange[]
  /** the first 200 households of the sheet */
  households: HouseholdChange[]
  /** the first 1,000 plan rows of a plan list */
  plans: PlanChange[]
}

export interface FilePreview {
  index: number
  fileName: string
  /**
   * rejected: unreadable, no recognisable sheet, or every sheet refused; duplicate: this content was
   * imported before (or twice in this batch); pending: nothing importable until its columns are confirmed
   */
  status: 'ok' | 'rejected' | 'duplicate' | 'pending'
  duplicateOf?: { fileName: string; at?: string }
  template?: { kind: ImportKind; version: number }
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
  /** held back in sheets whose columns are 待确认 */
  held: number
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
  totals: {
    files: number
    rejectedFiles: number
    duplicateFiles: number
    /** sheets whose columns are 待确认 */
    pendingSheets: number
    figures: RowTotals
    households: RowTotals
    plans: RowTotals
    errors: number
    warnings: number
  }
  /** 报送日期: the day sheets without one of their own are imported for */
  reportDate: {
    date: string
    /** set by the caller (imports.review date), not the default */
    chosen: boolean
    /** the default: the day most sheets carry, else today */
    suggested: string
    /** daily-figure sheets that take it (no day of their own) */
    sheetsWithout: number
  }
  dates: string[]
  /** household-kept villages whose figure for today is recomputed from the imported households */
  derivedVillages: number
  reporting: ReportingAfter[]
}

export interface ImportCommitResult {
  /** absent when nothing needed storing */
  batchId?: string
  figures: { added: number; replaced: number; unchanged: number; skipped: number; rejected: number; held: number }
  households: { added: number; updated: number; unchanged: number; rejected: number }
  plans: { added: number; updated: number; unchanged: number; rejected: number }
  derivedVillages: number
  reporting: ReportingAfter[]
}

/** A record the batch changed that was changed again afterwards: an undo keeps it as it is now. */
export interface UndoConflict {
  collection: 'figures' | 'households' | 'plans'
  key: string
  /** the village (and day), or the household, in the office's words */
  label: string
  /** changed later (by whom, when, how), or still in use (households with money records, plans of villages with later figures) */
  reason: 'changed' | 'inUse'
  /** the later change, when it is in the audit trail */
  by?: { who: string; at: string; method: string }
}

export interface UndoCounts {
  figures: number
  households: number
  plans: number
}

export interface UndoPreview {
  batchId: string
  at: string
  who: string
  /** records the undo puts back (deleting what the batch created) */
  restore: UndoCounts
  /** records left as they are now */
  conflicts: UndoConflict[]
  undone?: ImportBatch['undone']
}

export interface UndoResult {
  batchId: string
  restored: UndoCounts
  kept: UndoConflict[]
}

export type { ImportBatch, ImportBatchSheet } from '../domain/import-batch'
import type { ImportBatch } from '../domain/import-batch'

export interface ImportsOutputs {
  'imports.template': FileOutput
  'imports.addFile': { sessionId: string; file: FilePreview }
  'imports.review': ImportReview
  'imports.mapColumns': ColumnMapping
  'imports.commit': ImportCommitResult
  'imports.cancel': { cancelled: boolean }
  'imports.history': ImportBatch[]
  'imports.undoPreview': UndoPreview
  'imports.undo': UndoResult
  'imports.mappings': ColumnMapping[]
  'imports.updateMapping': ColumnMapping
  'imports.deleteMapping': { deleted: boolean }
}
