// A damaged data folder in the browser: the app says which file is damaged and offers the
// backups; restoring one brings the app back with the backup's data (the damaged copy is kept).
import path from 'node:path'
import { apiCall, corruptFile, expect, snap, startServer, test } from './fixtures'

test('数据文件夹损坏：打开时指出损坏的文件，从备份恢复后照常使用', async ({ page, server, dataDir }) => {
  await apiCall(server, 'settings.update', { unitName: '曲沃县清洁取暖办（备份时）' })
  const backup = await apiCall<{ ok: boolean; result: { id: string } }>(server, 'backups.create', { note: '恢复演练' })
  expect(backup.ok).toBe(true)
  await apiCall(server, 'settings.update', { unitName: '曲沃县清洁取暖办（损坏前）' })
  await server.stop()

  // A bad disk zeroes the settings file while the app is closed.
  await corruptFile(path.join(dataDir, 'db', 'settings.json'), '\u0000\u0000\u0000\u0000')
  const again = await startServer(dataDir)
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(again.url)
  const recovery = page.getByTestId('recovery')
  await expect(recovery).toBeVisible()
  await expect(recovery.getByTestId('error-message')).toContainText('db/settings.json')
  await expect(recovery.getByTestId('error-message')).toContainText('损坏')
  const row = page.getByTestId(`backup-row-${backup.result.id}`)
  await expect(row).toContainText('恢复演练')
  await snap(page, 'recovery-damaged-folder')

  await row.getByTestId('backup-restore').click()
  await page.getByRole('button', { name: '恢复' }).last().click()
  await expect(page.getByTestId('app-name')).toBeVisible()
  await expect(page.locator('.app-unit')).toHaveText('曲沃县清洁取暖办（备份时）')

  // The damaged data was kept as it was, marked, and cannot be restored by mistake.
  await page.getByTestId('nav-settings').click()
  const damaged = page.getByTestId('backup-damaged')
  await expect(damaged).toHaveCount(1)
  await expect(page.locator('tr', { has: damaged }).getByTestId('backup-restore')).toBeDisabled()
  await snap(page, 'recovery-after-restore')
})
