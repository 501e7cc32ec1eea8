// Files picked for an import in a native dialog. The page only ever sees their names and refers
// to them by pick id and index, so it cannot make the main process read anything else; the main
// process reads each file itself and hands its bytes to the core.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../core/errors'
import type { ImportPick } from '../preload/bridge'

/** The file types a township sends (the browser picker offers the same). */
export const IMPORT_EXTENSIONS = ['xlsx', 'csv', 'xls', 'et', 'wps', 'txt']
/** Read no further than this per file: far above any day's sheet, far below what would hurt. */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024
/** A day's folder is tens of files; this is a mistake (a whole drive picked), not a day. */
export const MAX_FOLDER_FILES = 2000
const MAX_DEPTH = 4
/** Picks kept per window: a new pick does not invalidate one whose import is still running. */
const KEPT_PICKS = 4

const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', '.ds_store'])

/** Excel's lock files (~$…), hidden files and folder litter, which are named but never read. */
export function isSkipped(name: string): boolean {
  return name.startsWith('~$') || name.startsWith('.') || SYSTEM_FILES.has(name.toLowerCase())
}

interface PickedFile {
  /** as shown: relative to the picked folder, or the file name */
  label: string
  path: string
}

interface Pick {
  owner: number
  files: PickedFile[]
}

/** Every file under `dir` (hidden folders not entered), as paths relative to it. */
export async function listFolder(dir: string): Promise<string[]> {
  const out: string[] = []
  async function walk(rel: string, depth: number): Promise<void> {
    const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true })
    for (const e of entries) {
      const r = rel ? path.join(rel, e.name) : e.name
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH && !e.name.startsWith('.')) await walk(r, depth + 1)
      } else if (e.isFile()) {
        out.push(r)
        if (out.length > MAX_FOLDER_FILES) {
          throw new AppError('invalid_input', `文件夹 ${dir} 中的文件超过 ${MAX_FOLDER_FILES} 个，不像是一天的报送；请选择存放当天报送文件的文件夹。`, {
            where: { file: dir },
          })
        }
      }
    }
  }
  await walk('', 0)
  return out
}

export class ImportPicks {
  private readonly picks = new Map<string, Pick>()

  /** Records what the dialog returned for window `owner`; what the page may know of it. */
  add(owner: number, files: PickedFile[]): ImportPick {
    const kept: PickedFile[] = []
    const skipped: PickedFile[] = []
    for (const f of files) (isSkipped(path.basename(f.path)) ? skipped : kept).push(f)
    kept.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'))
    const pickId = randomUUID()
    this.picks.set(pickId, { owner, files: kept })
    const mine = [...this.picks.entries()].filter(([, p]) => p.owner === owner)
    for (const [id] of mine.slice(0, Math.max(0, mine.length - KEPT_PICKS))) this.picks.delete(id)
    return { pickId, files: kept.map((f) => f.label), skipped: skipped.map((f) => path.basename(f.path)) }
  }

  /** Every file of a picked folder (and its subfolders, as a browser's folder picker gives them). */
  async addFolder(owner: number, dir: string): Promise<ImportPick> {
    const rels = await listFolder(dir)
    return this.add(
      owner,
      rels.map((rel) => ({ label: rel.split(path.sep).join('/'), path: path.join(dir, rel) })),
    )
  }

  /** Files picked one by one. */
  addFiles(owner: number, paths: string[]): ImportPick {
    return this.add(
      owner,
      paths.map((p) => ({ label: path.basename(p), path: p })),
    )
  }

  /** The bytes of picked file `index`, for window `owner` only; refuses anything else. */
  async read(owner: number, pickId: string, index: number): Promise<{ fileName: string; data: Buffer }> {
    const pick = this.picks.get(pickId)
    const file = pick && pick.owner === owner ? pick.files[index] : undefined
    if (!file) throw new AppError('not_found', '找不到所选的文件，请重新选择。', { where: { field: 'pickId' } })
    const fileName = path.basename(file.path)
    let size: number
    try {
      size = (await fs.stat(file.path)).size
    } catch (e) {
      throw new AppError('not_found', `无法读取文件 ${file.label}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}。它可能已被移动或删除。`, {
        where: { file: fileName },
      })
    }
    if (size > MAX_IMPORT_FILE_BYTES) {
      throw new AppError('unsupported_file', `文件 ${file.label} 有 ${(size / 1048576).toFixed(0)} MB，超过每个文件 ${MAX_IMPORT_FILE_BYTES / 1048576} MB 的上限，不像是报送表。`, {
        where: { file: fileName },
      })
    }
    return { fileName, data: await fs.readFile(file.path) }
  }
}
