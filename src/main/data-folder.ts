// Where the data folder is (userData/data-folder.json, the default otherwise), and moving it:
// copy, verify every file, then the caller switches; the old folder is kept.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { AppError } from '../core/errors'
import { readJsonFile, writeJsonFile } from './json-file'

const configSchema = z.object({
  dataDir: z.string().min(1).max(1000).refine((p) => path.isAbsolute(p)),
})

/** The configured data folder, or `fallback` when none is set (or the setting is unreadable). */
export function configuredDataDir(configFile: string, fallback: string): string {
  return readJsonFile(configFile, configSchema)?.dataDir ?? fallback
}

export function saveDataDir(configFile: string, dataDir: string): void {
  writeJsonFile(configFile, { dataDir })
}

/** Back to the default location. */
export function forgetDataDir(configFile: string): void {
  rmSync(configFile, { force: true })
}

/** Whether `dir` holds this program's data (what a configured folder must, to be opened). */
export function holdsData(dir: string): boolean {
  return existsSync(path.join(dir, 'db', 'store.json'))
}

/** Files that belong to one running program, not to the data: its lock (numbered, or the older `.lock`). */
const isLockFile = (name: string) => name === '.lock' || /^\.lock(\.\d+|-tmp-.*)$/.test(name)

/**
 * What a chosen folder is: `empty` (or not there yet) to move into, `data` already a data folder
 * of this program, `foreign` anything else, `same`/`nested` the current folder or inside/around it.
 */
export type TargetKind = 'empty' | 'data' | 'foreign' | 'same' | 'nested'

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
}

export function inspectTarget(current: string, target: string): TargetKind {
  const a = path.resolve(current)
  const b = path.resolve(target)
  if (a === b) return 'same'
  if (isInside(a, b) || isInside(b, a)) return 'nested'
  if (!existsSync(b)) return 'empty'
  if (!statSync(b).isDirectory()) return 'foreign'
  const entries = readdirSync(b)
  if (entries.length === 0) return 'empty'
  return holdsData(b) ? 'data' : 'foreign'
}

async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = []
  for (const e of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? path.join(rel, e.name) : e.name
    if (!rel && isLockFile(e.name)) continue
    if (e.isDirectory()) out.push(...(await listFiles(root, r)))
    else if (e.isFile()) out.push(r)
  }
  return out
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Copies the data folder (everything but its lock) into `to`, then checks every file's bytes. */
export async function copyDataFolder(from: string, to: string): Promise<{ files: number; bytes: number }> {
  const files = await listFiles(from)
  await fs.mkdir(to, { recursive: true })
  let bytes = 0
  for (const rel of files) {
    const src = path.join(from, rel)
    const dst = path.join(to, rel)
    await fs.mkdir(path.dirname(dst), { recursive: true })
    // COPYFILE_EXCL: never overwrite something that appeared in the target meanwhile.
    await fs.copyFile(src, dst, fs.constants.COPYFILE_EXCL)
    const fh = await fs.open(dst, 'r')
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
    bytes += (await fs.stat(dst)).size
  }
  for (const rel of files) {
    if ((await sha256(path.join(from, rel))) !== (await sha256(path.join(to, rel)))) {
      throw new AppError('internal', `复制后核对不一致：${rel}。数据仍在原位置，未做任何改变。`, { where: { file: rel } })
    }
  }
  return { files: files.length, bytes }
}

/** Removes what `copyDataFolder` put into a folder that was empty before (after a failed move). */
export async function removeCopy(to: string): Promise<void> {
  for (const name of await fs.readdir(to).catch(() => [] as string[])) {
    await fs.rm(path.join(to, name), { recursive: true, force: true })
  }
}
