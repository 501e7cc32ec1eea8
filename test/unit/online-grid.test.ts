// The 网上填报 grid's arithmetic: a block pasted from Excel lands from the focused cell, cells
// past the grid are counted rather than lost silently, and a cell's text is read as Excel shows a
// number or refused — never guessed.
import { describe, expect, it } from 'vitest'
import { COLUMNS, cellValue, emptyRow, isBlock, parseBlock, pasteBlock } from '../../src/renderer/src/pages/online/grid'

describe('网上填报 grid', () => {
  it('tells a block from text for one cell', () => {
    expect(isBlock('12')).toBe(false)
    expect(isBlock('12\r\n')).toBe(false) // one cell copied from Excel ends with a line break
    expect(isBlock('12\t13')).toBe(true)
    expect(isBlock('12\n13\n')).toBe(true)
  })

  it('pastes from the focused cell across and down, dropping and counting what falls outside', () => {
    const rows = [emptyRow(), emptyRow()]
    const { rows: next, dropped } = pasteBlock(rows, 1, COLUMNS.length - 2, parseBlock('1\t2\t3\r\n4\t5\t6\r\n'))
    expect(next[0]).toEqual(emptyRow())
    expect(next[1]!.accepted).toBe('1')
    expect(next[1]!.networkKm).toBe('2')
    expect(dropped).toBe(4) // the third column of the first line, and the whole second line
    expect(rows[1]!.accepted).toBe('') // the grid it was given is left as it was
  })

  it('reads numbers as Excel shows them, blank as “keep the last figure”, and refuses the rest', () => {
    expect(cellValue('')).toEqual({ ok: true, value: null })
    expect(cellValue('  ')).toEqual({ ok: true, value: null })
    expect(cellValue('1,234')).toEqual({ ok: true, value: 1234 })
    expect(cellValue('１２')).toEqual({ ok: true, value: 12 })
    expect(cellValue('2.5')).toEqual({ ok: true, value: 2.5 })
    expect(cellValue('-3')).toEqual({ ok: true, value: -3 }) // refused by the core's check, in its words
    for (const bad of ['abc', '12户', '1.2.3', '1e3', '—']) expect(cellValue(bad)).toEqual({ ok: false })
  })
})
