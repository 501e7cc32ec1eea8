// Printing what the page shows (a report preview: the page's print stylesheet leaves out the
// navigation and buttons), on paper through the system dialog or as a PDF the user saves.
import fs from 'node:fs/promises'
import type { WebContents } from 'electron'
import { AppError } from '../core/errors'

/** The system print dialog; resolves false when the user cancels it. */
export function printPage(contents: WebContents, landscape: boolean): Promise<boolean> {
  return new Promise((resolve, reject) => {
    contents.print({ silent: false, printBackground: true, landscape }, (success, failureReason) => {
      if (success) resolve(true)
      else if (/cancel/i.test(failureReason)) resolve(false)
      else reject(new AppError('internal', `打印失败：${failureReason}`))
    })
  })
}

/** The page as an A4 PDF written to `file` (a path the user chose in a save dialog). */
export async function printPageToPdf(contents: WebContents, file: string, landscape: boolean): Promise<void> {
  const pdf = await contents.printToPDF({ landscape, printBackground: true, pageSize: 'A4' })
  await fs.writeFile(file, pdf)
}
