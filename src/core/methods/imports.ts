// Township submissions (issue 3): templates, preview and commit of daily figures and household rosters.

import type { MethodDefs } from './schemas'

export const importsMethods = {} as const satisfies MethodDefs

// ---- outputs ----

export interface ImportsOutputs {}
