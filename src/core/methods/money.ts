// Money (issue 6): deposits, subsidy policy, entitlements, payment batches, reconciliation.

import type { MethodDefs } from './schemas'

export const moneyMethods = {} as const satisfies MethodDefs

// ---- outputs ----

export interface MoneyOutputs {}
