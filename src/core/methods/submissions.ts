// 网上填报 (issue 14): a township enters its villages' daily figures in the browser (or uploads its
// usual sheet) and submits them; the office reviews the day's submissions in 报送导入 (待审核),
// with the importer's checks and preview, and accepts them (stored in one transaction) or returns
// them with a reason the township sees.

import { z } from 'zod'
import type { DailyFigure, StageCounts, StageKey } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import type { Submission, SubmissionStatus } from '../domain/submission'
import type { FigureChange, ImportProblem, SheetPreview } from './imports'
import { count, date, type MethodDefs, townshipCode, uploadedFile, villageCode } from './schemas'

/** A village's row: each stage's cumulative count, or null for a cell left blank (the last figure stands). */
const row = z.object({
  villageCode,
  counts: z.object(
    Object.fromEntries(STAGE_KEYS.map((k) => [k, count.nullable()])) as Record<(typeof STAGE_KEYS)[number], z.ZodNullable<typeof count>>,
  ),
  networkKm: z.number().min(0, '管线长度不能为负数').max(100_000, '管线长度过大').nullable(),
})

const submissionId = z.string().trim().min(1, '请选择一份填报').max(60)

export const submissionsMethods = {
  'submissions.form': {
    mutates: false,
    access: 'submissions.own', scope: { area: 'townshipCode' },
    summary: '网上填报表：本乡镇直接填报户数的村、各村最近一次的累计数与该日已有的数字，以及该日和最近的填报（待审核、已接收、已退回及原因）',
    input: z.object({ townshipCode: townshipCode.optional(), date: date.optional() }),
  },
  'submissions.readFile': {
    mutates: false,
    access: 'submissions.own', scope: { area: 'townshipCode' },
    summary: '读取乡镇平时报送的进度表（与报送导入同样的读取和检查），把本乡镇各村的数字填入网上填报表；不保存',
    input: z.object({ townshipCode: townshipCode.optional(), date: date.optional(), file: uploadedFile }),
  },
  'submissions.check': {
    mutates: false,
    access: 'submissions.own', scope: { area: 'townshipCode', place: ['rows[].villageCode'] },
    summary: '提交前检查网上填报：与导入同样的检查（错误与提醒），以及各村与已存数字相比是新增、更新还是不变；不保存',
    input: z.object({ townshipCode: townshipCode.optional(), date, rows: z.array(row).min(1, '请至少填写一个村').max(2000) }),
  },
  'submissions.submit': {
    mutates: true,
    access: 'submissions.own', scope: { area: 'townshipCode', place: ['rows[].villageCode'] },
    summary: '提交网上填报：某日本乡镇各村的累计数（空格沿用上次的数），与导入同样检查；有错误的不能提交，提醒随填报一并交给县办审核。同一天再次提交取代未审核或已退回的那份',
    input: z.object({
      townshipCode: townshipCode.optional(),
      date,
      rows: z.array(row).min(1, '请至少填写一个村').max(2000),
      /** the sheet the figures were read from, when uploaded */
      fileName: z.string().trim().max(260).optional(),
    }),
  },
  'submissions.list': {
    mutates: false,
    access: 'submissions.review', scope: { rows: ['/townshipCode'] },
    summary: '某日的网上填报（默认今天），新的在前；可只看待审核的',
    input: z.object({ date: date.optional(), status: z.enum(['pending', 'accepted', 'returned']).optional() }),
  },
  'submissions.preview': {
    mutates: false,
    access: 'submissions.review', scope: { place: ['id:submission'] },
    summary: '一份网上填报的预览：与报送导入相同的新增/更新/不变与全部提醒（回退、阶段顺序、超任务）',
    input: z.object({ id: submissionId }),
  },
  'submissions.accept': {
    mutates: true,
    access: 'submissions.review', scope: { place: ['id:submission'] },
    summary: '接收一份网上填报：各村的数字在一次写入中保存（来源“网上填报”，注明填报人）；该日已有不同数字的村按选择替换或跳过',
    input: z.object({ id: submissionId, onConflict: z.enum(['replace', 'skip']) }),
  },
  'submissions.return': {
    mutates: true,
    access: 'submissions.review', scope: { place: ['id:submission'] },
    summary: '退回一份网上填报，写明原因（乡镇在填报页看到），乡镇改正后重新提交',
    input: z.object({ id: submissionId, reason: z.string().trim().min(1, '请写明退回原因').max(200, '退回原因最多 200 字') }),
  },
} as const satisfies MethodDefs

// ---- outputs ----

export type { Submission, SubmissionStatus }

export interface SubmissionView {
  id: string
  townshipCode: string
  townshipName: string
  countyName: string
  date: string
  status: SubmissionStatus
  /** who submitted: 姓名（登录名） */
  by: string
  submittedAt: string
  fileName?: string
  villages: number
  /** warnings at submission (回退, order, above target, blanks that kept the last figure) */
  warnings: number
  decidedBy?: string
  decidedAt?: string
  /** why it was returned */
  reason?: string
  result?: Submission['result']
}

export interface FormVillage {
  code: string
  name: string
  route: string
  target: number
  /** the latest figure before the form's day */
  last?: { date: string; counts: StageCounts; networkKm: number }
  /** what is stored for the form's day already (an import, an accepted submission) */
  stored?: { counts: StageCounts; networkKm: number; source: DailyFigure['source'] }
  /** what the day's open submission (pending or returned) says */
  submitted?: { counts: StageCounts; networkKm: number }
}

export interface SubmissionForm {
  townshipCode: string
  townshipName: string
  countyName: string
  date: string
  today: string
  /** villages that report counts, in code order */
  villages: FormVillage[]
  /** villages whose figures come from their households: not in the form */
  householdVillages: Array<{ code: string; name: string }>
  /** the day's latest submission */
  current?: SubmissionView
  /** the township's latest submissions, newest first */
  recent: SubmissionView[]
}

export interface SubmissionFileRead {
  fileName: string
  /** the day the sheet reports (else the form's) */
  date?: string
  /** a blank cell is null (the village's last figure stands when submitted) */
  rows: Array<{ villageCode: string; counts: Record<StageKey, number | null>; networkKm: number | null }>
  /** what the reader found: unreadable cells, villages of other townships, a sheet without a date … */
  problems: ImportProblem[]
}

export interface SubmissionPreview {
  submission: SubmissionView
  /** the importer's sheet preview: each village new, updated or unchanged against what is stored */
  sheet: SheetPreview
  problems: ImportProblem[]
}

/** What a submission would be, checked before it is submitted. */
export interface SubmissionCheck {
  /** each village's row as it would be submitted (blanks filled from the last figure), against what is stored */
  rows: FigureChange[]
  /** errors (the submission is refused while there are any) and warnings (sent along to the office) */
  problems: ImportProblem[]
}

export interface SubmissionAcceptResult {
  submission: SubmissionView
  figures: { added: number; replaced: number; unchanged: number; skipped: number }
}

export interface SubmissionsOutputs {
  'submissions.form': SubmissionForm
  'submissions.readFile': SubmissionFileRead
  'submissions.check': SubmissionCheck
  'submissions.submit': SubmissionView
  'submissions.list': SubmissionView[]
  'submissions.preview': SubmissionPreview
  'submissions.accept': SubmissionAcceptResult
  'submissions.return': SubmissionView
}
