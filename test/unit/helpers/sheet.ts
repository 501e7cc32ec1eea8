// Reads an exported workbook back: its first sheet, and that sheet as rows of cell text.
import ExcelJS from 'exceljs'

export async function firstSheet(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  return wb.worksheets[0]!
}

/** Row i of the result is sheet row i + 1; empty cells are ''. */
export function sheetTexts(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = []
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = []
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value
      cells.push(v === null || v === undefined ? '' : String(v))
    }
    out[n - 1] = cells
  })
  return out
}

export interface PackSection {
  ws: ExcelJS.Worksheet
  /** the heading's row, 1-based */
  headingRow: number
  header: string[]
  /** cell values of the table's rows, the columns of its header */
  rows: ExcelJS.CellValue[][]
  /** 1-based row of the first data row */
  firstRow: number
  /** the lines under the table */
  notes: string[]
}

/**
 * A section of a document laid out by excel/print-document.ts (the ten-day pack), found by the
 * start of its heading (四、) on whichever page sheet it landed: its header, rows (bordered cells)
 * and the note lines under it.
 */
export function packSection(wb: ExcelJS.Workbook, heading: string): PackSection {
  for (const ws of wb.worksheets) {
    for (let r = 1; r <= ws.rowCount; r++) {
      const v = ws.getCell(r, 1).value
      if (typeof v !== 'string' || !v.startsWith(heading)) continue
      const header: string[] = []
      for (let c = 1; c <= ws.columnCount && ws.getCell(r + 1, c).value !== null; c++) header.push(String(ws.getCell(r + 1, c).value))
      const rows: ExcelJS.CellValue[][] = []
      let i = r + 2
      for (; i <= ws.rowCount && ws.getCell(i, 1).border?.top; i++) rows.push(header.map((_, c) => ws.getCell(i, c + 1).value))
      const notes: string[] = []
      for (; i <= ws.rowCount && typeof ws.getCell(i, 1).value === 'string' && !String(ws.getCell(i, 1).value).match(/^[一二三四五六七八九十]、/); i++) notes.push(String(ws.getCell(i, 1).value))
      return { ws, headingRow: r, header, rows, firstRow: r + 2, notes }
    }
  }
  throw new Error(`no section starting ${heading}`)
}
