// Map, field visits and the problem ledger (issue 5).

import type { MethodDefs } from './schemas'

export const fieldMethods = {} as const satisfies MethodDefs

// ---- outputs ----

export interface FieldOutputs {}
