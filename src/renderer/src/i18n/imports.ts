// UI strings of 导入乡镇报送 (township submissions): zh-CN first, English second.

import type { Messages } from './types'

export const importsMessages = {} as const satisfies Messages
