// Handlers of src/core/methods/money.ts.

import type { moneyMethods } from '../methods/money'
import type { HandlersOf } from './types'

export const moneyHandlers: HandlersOf<typeof moneyMethods> = {}
