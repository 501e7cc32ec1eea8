// Handlers of src/core/methods/imports.ts.

import type { importsMethods } from '../methods/imports'
import type { HandlersOf } from './types'

export const importsHandlers: HandlersOf<typeof importsMethods> = {}
