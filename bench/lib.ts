// Helpers shared by the bench scripts: paths, fixture copies, percentiles, child processes.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = import.meta.dirname
export const ROOT = path.resolve(BENCH_DIR, '..')
export const TMP_DIR = path.join(BENCH_DIR, 'tmp')

/**
 * A fresh copy of `from` at bench/tmp/<name> (the measured folder; the fixture stays pristine).
 * Every file is fsync'd, so the measurement that follows reads from a warm cache without the
 * copy's writeback competing for the disk.
 */
export function freshCopy(from: string, name: string): string {
  const to = path.join(TMP_DIR, name)
  fs.rmSync(to, { recursive: true, force: true })
  fs.mkdirSync(TMP_DIR, { recursive: true })
  fs.cpSync(from, to, { recursive: true })
  fsyncTree(to)
  return to
}

function fsyncTree(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) fsyncTree(p)
    const fd = fs.openSync(p, 'r')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  }
}

export function removeCopy(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
}

export function dirBytes(dir: string): number {
  let n = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    n += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size
  }
  return n
}

/** Nearest-rank percentile (p in 0..100): the smallest value with at least p% of values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]!
}

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

export const round = (x: number, digits = 2): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

export const mb = (bytes: number): number => round(bytes / (1024 * 1024), 1)

/**
 * Runs `node --import tsx <script> ...args` from the project root (a fresh V8 heap) and returns
 * the JSON object on the last line of its stdout; its stderr passes through.
 */
export function runTsChild<T>(script: string, args: string[], nodeArgs: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(BENCH_DIR, script), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    })
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (s: string) => (out += s))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      const last = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code ?? signal}: ${out.trim().slice(-2000)}`))
        return
      }
      try {
        resolve(JSON.parse(last) as T)
      } catch {
        reject(new Error(`${script} printed no JSON result: ${out.trim().slice(-2000)}`))
      }
    })
  })
}

/** The main module check for `node --import tsx bench/x.ts`. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1]
  return !!entry && path.resolve(entry) === path.resolve(fileURLToPath(metaUrl))
}
