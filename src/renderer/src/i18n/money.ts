// UI strings of 资金 (money): zh-CN first, English second.

import type { Messages } from './types'

export const moneyMessages = {} as const satisfies Messages
