// UI strings of 报表 (reports): zh-CN first, English second.

import type { Messages } from './types'

export const reportsMessages = {} as const satisfies Messages
