// Recovering from a damaged data folder through the core itself: the broken folder is refused with
// store_corrupt, yet the backups can be listed and one restored, after which the app works again.

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Core } from '../../src/core/api'
import type { Household } from '../../src/core/domain/types'
import type { BackupInfo } from '../../src/core/store/backups'
import { tempDir } from './helpers/store-fixture'

const dirs: string[] = []
const cores: Core[] = []
afterAll(() => {
  for (const c of cores) c.close()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

function core(dataDir: string): Core {
  const c = new Core({ dataDir, version: '0.1.0-test' })
  cores.push(c)
  return c
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string; where?: { file?: string } }> {
  try {
    await p
  } catch (e) {
    return e as { code: string; message: string; where?: { file?: string } }
  }
  throw new Error('expected the call to be rejected')
}

const H1 = '141002001001-000001'
const H2 = '141002001001-000002'
const H3 = '141023100200-000001'
const hh = (id: string): Household => ({ id, villageCode: id.slice(0, 12), headName: '王建国', route: 'gas', stage: 'confirmed' })

/**
 * A folder with a manual backup taken while the unit was 甲单位 with households H1 and H3, then
 * changed (乙单位, H2 added) — closed cleanly.
 */
async function folderWithBackup(prefix: string): Promise<{ dir: string; backup: BackupInfo }> {
  const dir = tempDir(prefix)
  dirs.push(dir)
  const c = core(dir)
  expect(c.error).toBeNull()
  await c.call('settings.update', { unitName: '甲单位' })
  c.store!.transact({ who: '测试', method: 'test' }, (tx) => {
    tx.put('households', H1, hh(H1))
    tx.put('households', H3, hh(H3))
    tx.put('counters', 'receipt:141002:2026', 3)
  })
  const backup = (await c.call('backups.create', { note: '改动之前' })) as BackupInfo
  await c.call('settings.update', { unitName: '乙单位' })
  c.store!.transact({ who: '测试', method: 'test' }, (tx) => {
    tx.put('households', H2, hh(H2))
    // Receipts 4–9 were printed after the backup: they must never be given out again.
    tx.put('counters', 'receipt:141002:2026', 9)
  })
  expect(((await c.call('app.info', {})) as { counts: { households: number } }).counts.households).toBe(3)
  c.close()
  return { dir, backup }
}

async function expectRecovered(c: Core, dir: string, backup: BackupInfo, damagedRel: string, damagedBytes: Buffer) {
  const list = (await c.call('backups.list', {})) as BackupInfo[]
  expect(list.map((b) => b.id)).toContain(backup.id)

  const r = (await c.call('backups.restore', { id: backup.id })) as { restored: string; undoId: string }
  expect(r.restored).toBe(backup.id)

  // Working again, with the backup's data.
  const info = (await c.call('app.info', {})) as { unitName: string; counts: { households: number } }
  expect(info.unitName).toBe('甲单位')
  expect(info.counts.households).toBe(2)
  expect(c.store!.get('households', H2)).toBeUndefined()
  // The serial numbers did not go back with the data, even though the folder could not be read.
  expect(c.store!.get('counters', 'receipt:141002:2026')).toBe(9)
  await c.call('settings.update', { unitName: '丙单位' })
  expect(((await c.call('settings.get', {})) as { unitName: string }).unitName).toBe('丙单位')

  // The damaged data was kept, as it was, in the pre-restore backup, marked as damaged so it is
  // never restored by mistake.
  const after = (await c.call('backups.list', {})) as BackupInfo[]
  const undo = after.find((b) => b.id === r.undoId)
  expect(undo?.reason).toBe('pre-restore')
  expect(undo?.damaged?.[0]).toContain(damagedRel)
  expect(fs.readFileSync(path.join(dir, 'backups', r.undoId, damagedRel)).equals(damagedBytes)).toBe(true)
  expect((await rejection(c.call('backups.restore', { id: r.undoId }))).code).toBe('conflict')

  // And it stays working after a restart.
  c.close()
  const again = core(dir)
  expect(again.error).toBeNull()
  expect(((await again.call('app.info', {})) as { unitName: string }).unitName).toBe('丙单位')
  again.close()
}

describe('Core on a damaged data folder', () => {
  it('store.json corrupt: calls fail with store_corrupt, backups.list and backups.restore still work', async () => {
    const { dir, backup } = await folderWithBackup('core-manifest-')
    const rel = 'db/store.json'
    fs.writeFileSync(path.join(dir, rel), '{"schema":2,"checkpointSeq":')
    const damaged = fs.readFileSync(path.join(dir, rel))

    const c = core(dir)
    expect(c.error?.code).toBe('store_corrupt')
    expect(c.store).toBeNull()
    const err = await rejection(c.call('app.info', {}))
    expect(err.code).toBe('store_corrupt')
    expect(err.where?.file).toBe(rel)
    expect(err.message).toContain(rel)
    expect((await rejection(c.call('settings.update', { unitName: 'x' }))).code).toBe('store_corrupt')
    expect(fs.readFileSync(path.join(dir, rel)).equals(damaged)).toBe(true) // nothing "repaired" behind our back
    expect((await rejection(c.call('backups.restore', { id: 'no-such-backup' }))).code).toBe('not_found')

    await expectRecovered(c, dir, backup, rel, damaged)
    expect(c.error).toBeNull()
  })

  it('a county household file cut short: refused at open naming it, restore brings the folder back', async () => {
    const { dir, backup } = await folderWithBackup('core-part-')
    const rel = 'db/households/141002.json'
    fs.writeFileSync(path.join(dir, rel), fs.readFileSync(path.join(dir, rel), 'utf8').slice(0, 25))
    const damaged = fs.readFileSync(path.join(dir, rel))

    const c = core(dir)
    // Every snapshot's checksum is checked at open (without parsing it), so the damage shows at
    // once, not when the county happens to be read mid-session.
    expect(c.error?.where?.file).toBe(rel)
    const err = await rejection(c.call('households.get', { id: H1 }))
    expect(err.code).toBe('store_corrupt')
    expect(err.where?.file).toBe(rel)
    expect(err.message).toContain(rel)
    expect(fs.readFileSync(path.join(dir, rel)).equals(damaged)).toBe(true)

    await expectRecovered(c, dir, backup, rel, damaged)
  })

  it('a snapshot that still reads as JSON but was changed (one digit): refused at open, never backed up as if sound', async () => {
    const { dir, backup } = await folderWithBackup('core-digit-')
    const rel = 'db/counters.json'
    const text = fs.readFileSync(path.join(dir, rel), 'utf8')
    expect(text).toContain('"receipt:141002:2026":9')
    fs.writeFileSync(path.join(dir, rel), text.replace('"receipt:141002:2026":9', '"receipt:141002:2026":1'))
    const damaged = fs.readFileSync(path.join(dir, rel))

    const c = core(dir)
    expect(c.error?.code).toBe('store_corrupt')
    expect(c.error?.message).toContain('校验和不符')
    // The automatic backup that opening takes when one is due did not run on damaged data.
    const autos = ((await c.call('backups.list', {})) as BackupInfo[]).filter((b) => b.reason === 'auto')
    expect(autos.every((b) => !b.damaged)).toBe(true)
    for (const b of autos) expect(fs.readFileSync(path.join(dir, 'backups', b.id, rel)).equals(damaged)).toBe(false)

    await expectRecovered(c, dir, backup, rel, damaged)
  })

  it('settings file corrupt: app.info fails naming it, restore brings the folder back', async () => {
    const { dir, backup } = await folderWithBackup('core-settings-')
    const rel = 'db/settings.json'
    fs.writeFileSync(path.join(dir, rel), '\u0000\u0000\u0000') // e.g. zeroed by a bad disk
    const damaged = fs.readFileSync(path.join(dir, rel))

    const c = core(dir)
    const err = await rejection(c.call('app.info', {}))
    expect(err.code).toBe('store_corrupt')
    expect(err.where?.file).toBe(rel)

    await expectRecovered(c, dir, backup, rel, damaged)
  })
})
