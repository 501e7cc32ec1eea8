// Reports (issue 4): daily report, weekly bulletin, ten-day pack, backward schedule, demand forecast.

import type { MethodDefs } from './schemas'

export const reportsMethods = {} as const satisfies MethodDefs

// ---- outputs ----

export interface ReportsOutputs {}
