// Handlers of src/core/methods/field.ts.

import type { fieldMethods } from '../methods/field'
import type { HandlersOf } from './types'

export const fieldHandlers: HandlersOf<typeof fieldMethods> = {}
