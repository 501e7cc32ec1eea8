// Opens exported workbooks in a real spreadsheet program: LibreOffice headless converts .xlsx to
// PDF (each run with its own profile, so parallel runs do not collide); pdfinfo counts pages.

import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

function which(name: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' })
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null
}

/** LibreOffice's soffice, or null where it is not installed (.ci/run installs it). */
export const SOFFICE = which('soffice') ?? which('libreoffice')

export interface PdfResult {
  pdf: string
  pages: number
  /** the folder holding the .xlsx (the .pdf is in its out/) */
  dir: string
}

/** Converts .xlsx bytes to PDF; throws with LibreOffice's output when it cannot. */
export function xlsxToPdf(bytes: Uint8Array | Buffer, name = 'export.xlsx'): PdfResult {
  const { file: pdf, dir } = convert(bytes, name, 'pdf')
  return { pdf, pages: pdfPages(pdf), dir }
}

/** Saves .xlsx bytes as old Excel 97–2003 (.xls), as a township's old Excel would; returns its bytes. */
export function xlsxToXls(bytes: Uint8Array | Buffer, name = 'export.xlsx'): Buffer {
  const { file, dir } = convert(bytes, name, 'xls')
  const out = fs.readFileSync(file)
  fs.rmSync(dir, { recursive: true, force: true })
  return out
}

/** Saves .xlsx bytes as OpenDocument (.ods), to see how LibreOffice understood the workbook; returns its bytes. */
export function xlsxToOds(bytes: Uint8Array | Buffer, name = 'export.xlsx'): Buffer {
  const { file, dir } = convert(bytes, name, 'ods')
  const out = fs.readFileSync(file)
  fs.rmSync(dir, { recursive: true, force: true })
  return out
}

/** Opens a UTF-8 CSV in LibreOffice Calc and saves it as .xlsx, as an office would; returns its bytes. */
export function csvToXlsx(bytes: Uint8Array | Buffer, name = 'list.csv'): Buffer {
  // 44 comma, 34 quote, 76 UTF-8, start at line 1
  const { file, dir } = convert(bytes, name, 'xlsx', 'CSV:44,34,76,1')
  const out = fs.readFileSync(file)
  fs.rmSync(dir, { recursive: true, force: true })
  return out
}

function convert(bytes: Uint8Array | Buffer, name: string, to: 'pdf' | 'xls' | 'ods' | 'xlsx', infilter?: string): { file: string; dir: string } {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) is not installed')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-lo-'))
  const outDir = path.join(dir, 'out')
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-lo-profile-'))
  const input = path.join(dir, name)
  fs.writeFileSync(input, bytes)
  const r = spawnSync(
    SOFFICE,
    [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      ...(infilter ? [`--infilter=${infilter}`] : []),
      '--convert-to',
      to,
      '--outdir',
      outDir,
      input,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  )
  fs.rmSync(profile, { recursive: true, force: true })
  const file = path.join(outDir, name.replace(/\.[^.]+$/, `.${to}`))
  if (r.status !== 0 || !fs.existsSync(file)) {
    throw new Error(`LibreOffice could not convert ${name}: status ${r.status}\n${r.stdout}\n${r.stderr}`)
  }
  return { file, dir }
}

export function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
  const m = /^Pages:\s+(\d+)/m.exec(info)
  if (!m) throw new Error(`pdfinfo gave no page count for ${pdf}`)
  return Number(m[1])
}

/** Text of the PDF (pdftotext -layout), to check that what prints is what was exported. */
export function pdfText(pdf: string): string {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
}

/**
 * How much of each page's printable height the printed content takes: from the top margin down to
 * the lowest line of text that is not the page footer (第 N 页 共 M 页), over the height between
 * the margins (0.6 in top, 0.7 in bottom, as every export sets them), from `pdftotext -bbox`.
 * A page that holds only a couple of rows reads about 0.1; a full one about 1.
 */
export function pageFill(pdf: string, margins = { top: 0.6 * 72, bottom: 0.7 * 72 }): number[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' })
  const out: number[] = []
  for (const page of html.split('<page ').slice(1)) {
    const height = Number(/height="([\d.]+)"/.exec(page)![1])
    let bottom = margins.top
    for (const m of page.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const yMax = Number(m[2])
      // the footer sits in the bottom margin
      if (Number(m[1]) > height - margins.bottom) continue
      bottom = Math.max(bottom, yMax)
    }
    out.push((bottom - margins.top) / (height - margins.top - margins.bottom))
  }
  return out
}
