// THE contract: every user action is one method, with its input schema and output type. Each
// part of the product declares its methods in src/core/methods/<part>.ts; this file joins them.
// Shells (Electron IPC, HTTP) and the renderer see only this; services implement it (api.ts).

import type { z } from 'zod'
import { type AccountsOutputs, accountsMethods } from './methods/accounts'
import { type FieldOutputs, fieldMethods } from './methods/field'
import { type FoundationOutputs, foundationMethods } from './methods/foundation'
import { type ImportsOutputs, importsMethods } from './methods/imports'
import { type MoneyOutputs, moneyMethods } from './methods/money'
import { type ReportsOutputs, reportsMethods } from './methods/reports'
import { type SubmissionsOutputs, submissionsMethods } from './methods/submissions'

export const methods = {
  ...foundationMethods,
  ...importsMethods,
  ...reportsMethods,
  ...fieldMethods,
  ...moneyMethods,
  ...accountsMethods,
  ...submissionsMethods,
} as const

/** Where each method is declared, for docs/API.md. */
export const METHOD_MODULES = ['foundation', 'imports', 'reports', 'field', 'money', 'accounts', 'submissions'] as const

export type MethodName = keyof typeof methods
/** What a caller sends. */
export type Input<M extends MethodName> = z.input<(typeof methods)[M]['input']>
/** What a handler receives: the input after the schema parsed it (defaults filled, text trimmed). */
export type Parsed<M extends MethodName> = z.output<(typeof methods)[M]['input']>

export interface Outputs extends FoundationOutputs, ImportsOutputs, ReportsOutputs, FieldOutputs, MoneyOutputs, AccountsOutputs, SubmissionsOutputs {}

/** What the renderer calls as `window.api`. */
export type Api = { [M in MethodName]: (input: Input<M>) => Promise<Outputs[M]> }

export type * from './methods/field'
export type * from './methods/foundation'
export type * from './methods/imports'
export type * from './methods/money'
export type * from './methods/reports'
export type * from './methods/accounts'
export type * from './methods/submissions'
export type { FileOutput } from './methods/schemas'
export type { HouseholdStage } from './domain/types'
