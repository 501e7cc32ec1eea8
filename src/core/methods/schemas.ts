// Zod atoms shared by the method modules: codes, dates, counts, routes, stages.

import { z } from 'zod'
import type { Permission } from '../domain/roles'
import type { StageKey } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'

/**
 * What names a place, for the scope check: a field path of the input (`villageCode`,
 * `villages[].villageCode`; `''` is the input itself), and what its value is — a division code
 * (the default) or something that leads to one: `householdId:household` (its village is the id's
 * first 12 digits), `id:problem` (the problem's village) …
 */
export type PlaceRef = string

/** How a method's input and output relate to divisions, so one generic check applies the caller's scope. */
export type ScopeRule =
  /** not about any place (the caller's own account, the settings every page reads, policies) */
  | 'none'
  /** the whole data folder at once (division list, backups, the office's column mappings): only an account over the whole area */
  | 'folder'
  /**
   * gathered over the caller's area by the service itself (本级 narrowed to the account's division:
   * services/office.ts `officeArea`, services/access.ts `inScope`), so totals and limits are the area's
   */
  | 'area'
  | {
      /** each place the input names must lie within the caller's division */
      place?: PlaceRef[]
      /** the input field choosing the area a summary is made over: absent, it is the caller's division; given, it must lie within */
      area?: string
      /** lists in the output whose items are dropped unless all their places lie within (`items[].villageCode`, `[].code`) */
      rows?: PlaceRef[]
    }

/** What every method module declares per method. */
export interface MethodDef {
  /** writes to the data folder: recorded in the audit trail */
  mutates: boolean
  /** the permission a caller's role must hold (domain/roles.ts) */
  access: Permission
  /** how the caller's scope applies */
  scope: ScopeRule
  /** the boolean input field that asks for personal data in full: the `reveal` permission, audited */
  reveal?: string
  /** a method whose success opens (log-in) or ends (log-out) the caller's session: shells keep or drop it */
  session?: 'start' | 'end'
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
