// The plan grid's reading of a block pasted from Excel: by position from the focused cell, or by
// village name when each line starts with one; values it cannot read are named, never guessed.
import { describe, expect, it } from 'vitest'
import { DEFAULT_ROUTES } from '../../src/core/domain/routes'
import { applyPaste, type GridRow, parseBlock, readDateText, readSourceText } from '../../src/renderer/src/pages/divisions/plan-grid'

const row = (code: string, name: string): GridRow => ({ code, name, route: '', target: '', contractor: '', deadline: '', figureSource: '' })
const ROWS = [row('1', '润泽园社区居委会'), row('2', '韩村村委会'), row('3', '沟上村委会'), row('4', '贾村村委会')]

describe('plan grid paste', () => {
  it('splits Excel’s block into rows and cells, a trailing line break being no row', () => {
    expect(parseBlock('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
  })

  it('reads dates as offices write them, and refuses days that do not exist', () => {
    expect(['2026/10/31', '2026-10-31', '2026.10.31', '2026年10月31日', '20261031', ' 2026-10-31 '].map(readDateText)).toEqual(Array(6).fill('2026-10-31'))
    expect(readDateText('2026-02-30')).toBeUndefined()
    expect(readDateText('10月31日')).toBeUndefined()
    expect(readSourceText('按农户统计')).toBe('households')
    expect(readSourceText('直接填报')).toBe('counts')
  })

  it('fills from the focused cell onwards, row by row', () => {
    const r = applyPaste(ROWS, { row: 1, column: 1 }, parseBlock('120\t新奥燃气\t2026/10/31\n80\t新奥燃气\t2026-10-31'), DEFAULT_ROUTES)
    expect(r.problems).toEqual([])
    expect([...r.changed]).toEqual([1, 2])
    expect(r.rows[1]).toMatchObject({ target: '120', contractor: '新奥燃气', deadline: '2026-10-31', route: '' })
    expect(r.rows[0]).toEqual(ROWS[0])
  })

  it('matches each line to its village when the lines start with village names, in any order', () => {
    const r = applyPaste(ROWS, { row: 0, column: 3 }, parseBlock('贾村\t煤改电\t64\t供电所\t2026-10-31\t户数\n韩村村\t煤改气\t100\t新奥\t2026-10-31\t按农户统计'), DEFAULT_ROUTES)
    expect(r.rows[3]).toMatchObject({ route: 'electric', target: '64', figureSource: 'counts' })
    expect(r.rows[1]).toMatchObject({ route: 'gas', target: '100', figureSource: 'households' })
    expect([...r.changed].sort()).toEqual([1, 3])
  })

  it('names what it cannot read and leaves those cells as they were', () => {
    const r = applyPaste(ROWS, { row: 0, column: 0 }, parseBlock('煤改柴\t一百\t企业\t10月31日\t其他'), DEFAULT_ROUTES)
    expect(r.problems).toEqual([
      { row: 0, column: 'route', text: '煤改柴' },
      { row: 0, column: 'target', text: '一百' },
      { row: 0, column: 'deadline', text: '10月31日' },
      { row: 0, column: 'figureSource', text: '其他' },
    ])
    expect(r.rows[0]).toMatchObject({ route: '', target: '', contractor: '企业', deadline: '', figureSource: '' })
  })
})
