// UI strings of 地图、走访、问题台账 (map, visits, problem ledger): zh-CN first, English second.

import type { Messages } from './types'

export const fieldMessages = {} as const satisfies Messages
