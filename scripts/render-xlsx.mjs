// `node scripts/render-xlsx.mjs file.xlsx [outdir]`: prints an exported workbook the way an office
// printer would (LibreOffice headless → PDF → one PNG per page via pdftoppm), to look at.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { findLibreOffice } from './lib/browser.mjs'

const [file, out = path.join(os.tmpdir(), 'chd-render')] = process.argv.slice(2)
if (!file) {
  console.error('用法（usage）：node scripts/render-xlsx.mjs 文件.xlsx [输出文件夹]')
  process.exit(2)
}
const soffice = findLibreOffice()
if (!soffice) {
  console.error('未找到 LibreOffice，请先运行：sudo apt-get install -y libreoffice-calc-nogui poppler-utils')
  process.exit(1)
}
mkdirSync(out, { recursive: true })
const profile = mkdtempSync(path.join(os.tmpdir(), 'chd-lo-profile-'))
const conv = spawnSync(soffice, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pdf', '--outdir', out, file], { stdio: 'inherit' })
rmSync(profile, { recursive: true, force: true })
if (conv.status !== 0) process.exit(conv.status ?? 1)
const pdf = path.join(out, path.basename(file).replace(/\.xlsx$/i, '.pdf'))
const prefix = pdf.replace(/\.pdf$/, '')
const png = spawnSync('pdftoppm', ['-png', '-r', '80', pdf, prefix], { stdio: 'inherit' })
if (png.status !== 0) process.exit(png.status ?? 1)
console.log(`PDF: ${pdf}\nPNG: ${prefix}-*.png`)
