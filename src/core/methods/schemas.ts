// Zod atoms shared by the method modules: codes, dates, counts, routes, stages.

import { z } from 'zod'
import type { StageKey } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'

/** What every method module declares per method. */
export interface MethodDef {
  /** writes to the data folder: recorded in the audit trail */
  mutates: boolean
  /** one line, Chinese, shown in docs/API.md */
  summary: string
  input: z.ZodType
}
export type MethodDefs = Record<string, MethodDef>

export const code = (len: number[], label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${label}只能由数字组成`)
    .refine((s) => len.includes(s.length), `${label}应为 ${len.join(' 或 ')} 位数字`)

export const villageCode = code([12], '村代码')
export const townshipCode = code([9], '乡镇代码')
export const countyCode = code([6], '县区代码')
export const divisionCode = code([6, 9, 12], '区划代码')
export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
export const count = z.number().int('户数必须是整数').min(0, '户数不能为负数').max(10_000_000, '户数过大')
export const stageKey = z.enum(STAGE_KEYS)
export const householdStage = z.union([stageKey, z.literal('none')])
export const countsSchema = z.object(
  Object.fromEntries(STAGE_KEYS.map((k) => [k, count])) as Record<StageKey, typeof count>,
)
export const routeId = z.string().trim().min(1, '请选择改造路线')
export const optText = (max = 200) => z.string().trim().max(max).optional()
/** An uploaded file: its name (for messages) and its bytes as base64. */
export const uploadedFile = z.object({
  fileName: z.string().min(1).max(260),
  dataBase64: z.string(),
})

/** A file the core produced for the user to keep (an Excel export, a template): the Electron
 * shell writes it through a save dialog, the browser downloads it. */
export interface FileOutput {
  fileName: string
  mime: string
  dataBase64: string
}
