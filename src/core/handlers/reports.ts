// Handlers of src/core/methods/reports.ts.

import type { reportsMethods } from '../methods/reports'
import type { HandlersOf } from './types'

export const reportsHandlers: HandlersOf<typeof reportsMethods> = {}
