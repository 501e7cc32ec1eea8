// Opens a Core on a fresh temp folder with a fixed clock, and cleans up after.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { Core } from '../../../src/core/api'
import { AppError } from '../../../src/core/errors'

export const SHARED = path.resolve(import.meta.dirname, '../../../../shared/data')

export function tempDir(prefix = 'chd-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export function openCore(dataDir = tempDir(), today = '2026-11-20'): Core {
  return new Core({ dataDir, version: 'test', now: () => new Date(`${today}T09:30:00`), store: { checkpointIdleMs: 0 } })
}

export function fileInput(file: string): { fileName: string; dataBase64: string } {
  return { fileName: path.basename(file), dataBase64: fs.readFileSync(file).toString('base64') }
}

export function textInput(fileName: string, text: string): { fileName: string; dataBase64: string } {
  return { fileName, dataBase64: Buffer.from(text, 'utf8').toString('base64') }
}

/** The AppError a call was refused with; fails the test when it was not refused. */
export async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected the call to be refused')
}
