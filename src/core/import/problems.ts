// What the importer tells the user about a file: errors (the row or sheet is not imported) and
// warnings (imported as written, but worth a look), each with file, sheet, row and column.

import type { Where } from '../errors'

export type Severity = 'error' | 'warning'

export interface ImportProblem {
  severity: Severity
  message: string
  where: Where
}

/** Builds problems for one sheet of one file. */
export class ProblemList {
  readonly items: ImportProblem[] = []

  constructor(
    private readonly file: string,
    private readonly sheet?: string,
  ) {}

  where(row?: number, column?: string): Where {
    const w: Where = { file: this.file }
    if (this.sheet !== undefined) w.sheet = this.sheet
    if (row !== undefined) w.row = row
    if (column !== undefined) w.column = column
    return w
  }

  error(message: string, row?: number, column?: string): void {
    this.items.push({ severity: 'error', message, where: this.where(row, column) })
  }

  warn(message: string, row?: number, column?: string): void {
    this.items.push({ severity: 'warning', message, where: this.where(row, column) })
  }
}

/** Problems in the order a user reads the file: by row, sheet-wide ones first. */
export function byRow(a: ImportProblem, b: ImportProblem): number {
  return (a.where.row ?? 0) - (b.where.row ?? 0)
}
