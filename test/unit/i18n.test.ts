// The UI string table is joined from one file per part of the product: a key defined twice
// would silently hide one text, and an empty text shows as a blank in the UI.
import { describe, expect, it } from 'vitest'
import { desktopMessages } from '../../src/renderer/src/i18n/desktop'
import { fieldMessages } from '../../src/renderer/src/i18n/field'
import { foundationMessages } from '../../src/renderer/src/i18n/foundation'
import { importsMessages } from '../../src/renderer/src/i18n/imports'
import { moneyMessages } from '../../src/renderer/src/i18n/money'
import { reportsMessages } from '../../src/renderer/src/i18n/reports'

const parts: Record<string, Record<string, readonly [string, string]>> = {
  foundation: foundationMessages,
  imports: importsMessages,
  reports: reportsMessages,
  field: fieldMessages,
  money: moneyMessages,
  desktop: desktopMessages,
}

describe('i18n table', () => {
  it('defines each key once across the parts, with Chinese and English text', () => {
    const seen = new Map<string, string>()
    for (const [part, table] of Object.entries(parts)) {
      for (const [key, [zh, en]] of Object.entries(table)) {
        expect(seen.get(key), `${key} is in both ${seen.get(key)} and ${part}`).toBeUndefined()
        seen.set(key, part)
        expect(zh.trim(), `${part}: ${key} has no Chinese text`).not.toBe('')
        expect(en.trim(), `${part}: ${key} has no English text`).not.toBe('')
      }
    }
    expect(seen.size).toBeGreaterThan(100)
  })
})
