// The log as a season's audit trail: opening reads the snapshots and the newest segment only, so
// it does not grow with history; 修改记录 and 最近的操作 read only the lines they show; the index
// of sealed segments catches up after a crash, an upgrade or a lost index file.

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type FileOps, realFileOps } from '../../src/core/store/file-ops'
import { Store } from '../../src/core/store/store'
import { type Loose, looseOpts, ramDir, readSegments, seqProblems } from './helpers/store-fixture'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})
const newDir = (p: string) => {
  const d = ramDir(p)
  dirs.push(d)
  return d
}

/** The real file layer, counting the bytes read from each file. */
class CountingOps implements FileOps {
  read = new Map<string, number>()
  private fds = new Map<number, string>()
  constructor(private readonly root: string) {}
  private add(file: string, n: number) {
    const rel = path.relative(this.root, file)
    this.read.set(rel, (this.read.get(rel) ?? 0) + n)
  }
  total(filter: (rel: string) => boolean = () => true): number {
    let n = 0
    for (const [rel, b] of this.read) if (filter(rel)) n += b
    return n
  }
  openSync = (f: string, flags: string) => {
    const fd = realFileOps.openSync(f, flags)
    this.fds.set(fd, f)
    return fd
  }
  readSync = (fd: number, buf: Buffer, off: number, len: number, pos: number) => {
    const n = realFileOps.readSync(fd, buf, off, len, pos)
    this.add(this.fds.get(fd) ?? '?', n)
    return n
  }
  readFileSync = (f: string) => {
    const b = realFileOps.readFileSync(f)
    this.add(f, b.length)
    return b
  }
  closeSync = realFileOps.closeSync
  writeSync = realFileOps.writeSync
  fsyncSync = realFileOps.fsyncSync
  ftruncateSync = realFileOps.ftruncateSync
  fstatSize = realFileOps.fstatSize
  renameSync = realFileOps.renameSync
  linkSync = realFileOps.linkSync
  unlinkSync = realFileOps.unlinkSync
  rmSync = realFileOps.rmSync
  mkdirSync = realFileOps.mkdirSync
  readdirSync = realFileOps.readdirSync
  stat = realFileOps.stat
}

const SEGMENT = 20_000
const opts = (extra = {}) => looseOpts({ segmentBytes: SEGMENT, checkpointBytes: 10_000, ...extra })
const village = (i: number) => `1410021002${String(i % 50).padStart(2, '0')}`
const hh = (i: number) => `${village(i)}-${String(i).padStart(6, '0')}`

/** `n` writes a clerk would make over a season: figures, households edited again and again, deposits. */
function season(s: Store<Loose>, from: number, n: number): void {
  for (let i = from; i < from + n; i++) {
    s.transact({ who: `科员${i % 3}`, method: i % 4 === 0 ? 'figures.record' : 'households.update' }, (tx) => {
      if (i % 4 === 0) tx.put('figures', `${village(i)}|2026-${String(9 + (i % 3)).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`, { n: i })
      else tx.put('households', hh(i % 200), { id: hh(i % 200), stage: ['confirmed', 'network', 'meter'][i % 3], edit: i })
      tx.put('counters', 'ledger:141002', i)
    })
  }
}

describe('a season of history', () => {
  it('opening reads the snapshots and the newest segment, whatever the length of history', () => {
    const dir = newDir('season-')
    const readAtOpen: number[] = []
    let written = 0
    for (const writes of [500, 2_000, 4_000]) {
      const s = Store.open(dir, opts())
      season(s, written + 1, writes - written)
      written = writes
      s.close()
      const ops = new CountingOps(dir)
      const t = Store.open(dir, opts({ fileOps: ops }))
      expect(t.error).toBeNull()
      expect(t.lastSeq).toBe(writes)
      t.close()
      const logRead = ops.total((r) => r.startsWith(path.join('db', 'log')))
      const snapshots = ops.total((r) => !r.startsWith(path.join('db', 'log')))
      readAtOpen.push(logRead)
      // The log read at open is at most the newest segment (plus its last line), never the season.
      expect(logRead).toBeLessThanOrEqual(SEGMENT + 2_000)
      expect(snapshots).toBeLessThan(200_000)
    }
    const segs = readSegments(dir)
    expect(segs.length).toBeGreaterThan(20) // the season filled many segments
    const seasonBytes = segs.reduce((n, x) => n + x.bytes, 0)
    expect(Math.max(...readAtOpen)).toBeLessThan(seasonBytes / 10)
    expect(seqProblems(dir)).toEqual([])
  })

  it('修改记录 reads only the lines of the records asked for; 最近的操作 only the newest lines', () => {
    const dir = newDir('history-index-')
    const s = Store.open(dir, opts())
    season(s, 1, 3_000)
    s.close()
    const ops = new CountingOps(dir)
    const t = Store.open(dir, opts({ fileOps: ops }))
    try {
      ops.read.clear()
      const target = hh(7)
      const h = t.history([{ c: 'households', k: target }], 1_000)
      // Every write that touched it (i ≡ 7 mod 200, not a figures write), newest first.
      const expected = [...Array(3_000).keys()].map((i) => i + 1).filter((i) => i % 4 !== 0 && i % 200 === 7)
      expect(h.map((x) => (x.change.a as { edit: number }).edit)).toEqual(expected.reverse())
      expect(h[0]!.entry.who).toMatch(/^科员/)
      const seasonBytes = readSegments(dir).reduce((n, x) => n + x.bytes, 0)
      const historyRead = ops.total()
      expect(historyRead).toBeLessThan(seasonBytes / 10)

      ops.read.clear()
      const recent = t.recent(50)
      expect(recent.map((e) => e.seq)).toEqual([...Array(50).keys()].map((i) => 3_000 - i))
      expect(recent[0]).toMatchObject({ seq: 3_000, changes: 2, firstCollection: 'figures', method: 'figures.record' })
      expect(recent[1]).toMatchObject({ seq: 2_999, changes: 2, firstCollection: 'households', who: '科员2' })
      expect(ops.total()).toBeLessThan(SEGMENT * 3)
    } finally {
      t.close()
    }
  })

  it('the index catches up when it was lost or left behind by a crash, and ignores a torn index line', () => {
    const dir = newDir('history-catchup-')
    const s = Store.open(dir, opts())
    season(s, 1, 1_500)
    s.close()
    const indexDir = path.join(dir, 'db', 'log', 'index')
    const target = hh(11)
    const fresh = Store.open(dir, opts())
    const full = fresh.history([{ c: 'households', k: target }], 1_000).map((x) => x.entry.seq)
    fresh.close()
    expect(full.length).toBeGreaterThan(3)
    // A crash between sealing a segment and writing its index (state says "not yet"), a torn last
    // line in a shard, and a shard file lost altogether.
    fs.writeFileSync(path.join(indexDir, 'state.json'), JSON.stringify({ through: 0 }))
    const shards = fs.readdirSync(indexDir).filter((f) => f.endsWith('.jsonl'))
    fs.appendFileSync(path.join(indexDir, shards[0]!), '[12,3')
    fs.rmSync(path.join(indexDir, shards[1]!))
    const again = Store.open(dir, opts())
    try {
      expect(again.history([{ c: 'households', k: target }], 1_000).map((x) => x.entry.seq)).toEqual(full)
      // Every record's history is whole, though the index now holds some refs twice.
      for (let i = 0; i < 200; i += 37) {
        const seqs = again.history([{ c: 'households', k: hh(i) }], 1_000).map((x) => x.entry.seq)
        expect(new Set(seqs).size).toBe(seqs.length)
      }
    } finally {
      again.close()
    }
    // Without any index at all (a folder from before the index), history is rebuilt from the segments.
    fs.rmSync(indexDir, { recursive: true })
    const rebuilt = Store.open(dir, opts())
    expect(rebuilt.history([{ c: 'households', k: target }], 1_000).map((x) => x.entry.seq)).toEqual(full)
    rebuilt.close()
  })
})

describe('the active segment at open', () => {
  it('checks its lines before the checkpoint from their bytes, finds their changes when asked, and indexes them when it is sealed', () => {
    const big = (extra = {}) => looseOpts({ segmentBytes: 1_000_000, checkpointBytes: 1_000_000_000, ...extra })
    const dir = newDir('history-active-')
    const s = Store.open(dir, big())
    season(s, 1, 1_000) // one segment, all of it folded into the snapshots at close
    const target = hh(13)
    // A day's import: one long line (its changes are read where they stand, not the whole line).
    s.transact({ who: '科员1', method: 'imports.commit' }, (tx) => {
      for (let i = 0; i < 200; i++) tx.put('households', hh(i), { id: hh(i), stage: 'meter', edit: 5_000, note: `{"c":"households","k":"${hh(13)}"} ${'备注'.repeat(40)}` })
    })
    s.close()
    expect(readSegments(dir)).toHaveLength(1)
    expect(Math.max(...readSegments(dir)[0]!.lines.map((l) => Buffer.byteLength(l)))).toBeGreaterThan(64 * 1024)
    const want = [5_000, ...[...Array(1_000).keys()].map((i) => i + 1).filter((i) => i % 4 !== 0 && i % 200 === 13).reverse()]
    const editsOf = (t: Store<Loose>) => t.history([{ c: 'households', k: target }], 1_000).map((x) => (x.change.a as { edit: number }).edit)

    const t = Store.open(dir, big())
    try {
      expect(editsOf(t)).toEqual(want)
      // Written after the open: the new change is found with the old ones, newest first.
      season(t, 1_001, 200)
      expect(editsOf(t)).toEqual([...[...Array(200).keys()].map((i) => i + 1_001).filter((i) => i % 4 !== 0 && i % 200 === 13).reverse(), ...want])
      const imported = t.history([{ c: 'households', k: target }], 1_000).find((x) => x.entry.method === 'imports.commit')!
      expect(imported.change.a).toMatchObject({ id: target, edit: 5_000 })
      expect(imported.change.b).toMatchObject({ id: target, edit: 813 })
      // Sealing the segment indexes the lines that were never parsed too.
      season(t, 1_201, 3_000)
      t.checkpoint()
    } finally {
      t.close()
    }
    expect(readSegments(dir).length).toBeGreaterThan(1)
    const u = Store.open(dir, big())
    try {
      const edits = editsOf(u)
      expect(edits.slice(-want.length)).toEqual(want)
      expect(new Set(edits).size).toBe(edits.length)
    } finally {
      u.close()
    }
  })

  it('refuses a damaged line before the checkpoint naming it, as one after it', () => {
    const dir = newDir('history-active-damage-')
    const s = Store.open(dir, looseOpts({ segmentBytes: 400_000 }))
    season(s, 1, 300)
    s.close()
    const [seg] = readSegments(dir)
    const file = path.join(dir, 'db', 'log', seg!.name)
    const text = fs.readFileSync(file, 'utf8')
    // A changed digit in line 102's record (a household edit), well before the checkpoint at 300.
    const lines = text.split('\n')
    expect(lines[101]).toContain('"edit":102')
    lines[101] = lines[101]!.replace('"edit":102', '"edit":902')
    fs.writeFileSync(file, lines.join('\n'))
    const t = Store.open(dir, looseOpts({ segmentBytes: 400_000 }))
    try {
      expect(t.error?.code).toBe('store_corrupt')
      expect(t.error?.message).toContain('第 102 行已损坏')
    } finally {
      t.close()
    }
  })
})

describe('big snapshot files', () => {
  it('are checked for their ends at open, in full when first read or in the background; damage inside one is found either way', async () => {
    const dir = newDir('big-')
    const s = Store.open(dir, opts())
    season(s, 1, 400)
    s.close()
    const file = path.join(dir, 'db', 'households', '141002.json')
    const text = fs.readFileSync(file, 'utf8')
    // One character changes inside the file; its length and trailer stay as they were.
    const at = text.indexOf('"confirmed"')
    fs.writeFileSync(file, text.slice(0, at) + '"confirmeD"' + text.slice(at + 11))
    // Treated as big (every file is, here): opening looks at the ends only and succeeds…
    const t = Store.open(dir, opts({ verifyAtOpenBytes: 0 }))
    try {
      expect(t.error).toBeNull()
      // …and reading it computes the checksum and refuses it, naming it.
      expect(() => t.get('households', hh(1))).toThrow(expect.objectContaining({ code: 'store_corrupt', where: { file: 'db/households/141002.json' } }))
    } finally {
      t.close()
    }
    // Left unread, the background check finds it within moments and the folder goes to recovery mode.
    const u = Store.open(dir, opts({ verifyAtOpenBytes: 0 }))
    try {
      for (let i = 0; i < 50 && !u.error; i++) await new Promise((r) => setTimeout(r, 10))
      expect(u.error?.code).toBe('store_corrupt')
      expect(u.error?.where?.file).toBe('db/households/141002.json')
    } finally {
      u.close()
    }
    // While a call is being answered the background check waits (an export yielding as it zips
    // must not wait for every big file to be checksummed); it goes on when the call is done.
    const w = Store.open(dir, opts({ verifyAtOpenBytes: 0 }))
    try {
      let during: unknown = 'unset'
      await w.busy(async () => {
        for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10))
        during = w.error
      })
      expect(during).toBeNull()
      for (let i = 0; i < 50 && !w.error; i++) await new Promise((r) => setTimeout(r, 10))
      expect(w.error?.where?.file).toBe('db/households/141002.json')
    } finally {
      w.close()
    }
    // Cut short, it is refused at open already.
    fs.writeFileSync(file, text.slice(0, text.length - 40))
    const v = Store.open(dir, opts({ verifyAtOpenBytes: 0 }))
    expect(v.error?.where?.file).toBe('db/households/141002.json')
    v.close()
  })
})
