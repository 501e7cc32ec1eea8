// The shell's small settings files: read through a schema (a missing, damaged or hand-edited
// file reads as "no setting"), written whole to a temp file and renamed so a crash leaves the
// old or the new file, never half of one.
import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'

export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function writeJsonFile(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  const fd = fs.openSync(tmp, 'w')
  try {
    fs.writeFileSync(fd, JSON.stringify(value, null, 2))
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
}
