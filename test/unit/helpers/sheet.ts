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
