// The pages as the desktop app shows them: the real renderer with a stand-in for the preload's
// `window.desktop` bridge (Electron cannot run here), so what the pages do with it is checked in a
// real browser: native pickers instead of upload inputs, files read by reference (never as
// base64 from the page), a folder picked from the menu, 打印 / 导出 PDF, and the data folder.
import type { Page } from '@playwright/test'
import { apiCall, expect, snap, test, watchConsole } from './fixtures'

interface FakeDesk {
  calls: Array<[string, ...unknown[]]>
  menu: (pick: unknown) => void
}

/**
 * Installs the stand-in before the page loads. Picked files are read by the "main process"
 * (here: the test's contents) and added through the API, as src/main/actions.ts does.
 */
async function fakeDesktop(page: Page, files: Record<string, string>): Promise<void> {
  await page.addInitScript((contents: Record<string, string>) => {
    const names = Object.keys(contents)
    const calls: Array<[string, ...unknown[]]> = []
    let menuListener: ((pick: unknown) => void) | null = null
    const ok = <T,>(result: T) => Promise.resolve({ ok: true, result })
    const post = async (method: string, input: unknown) => (await fetch(`api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json()
    const w = window as unknown as { desktop: unknown; __desk: FakeDesk }
    w.__desk = { calls, menu: (pick) => menuListener?.(pick) }
    w.desktop = {
      pickImport: (kind: string) => {
        calls.push(['pickImport', kind])
        return ok({ pickId: 'pick-1', files: names, skipped: ['~$屯里镇.xlsx'] })
      },
      importPicked: (pickId: string, index: number, sessionId?: string) => {
        calls.push(['importPicked', pickId, index, sessionId])
        const name = names[index]!
        const dataBase64 = btoa(String.fromCharCode(...new TextEncoder().encode(contents[name]!)))
        return post('imports.addFile', { sessionId, file: { fileName: name.split('/').pop(), dataBase64 } })
      },
      print: (opts: unknown) => (calls.push(['print', opts]), ok(true)),
      printToPdf: (fileName: string, opts: unknown) => (calls.push(['printToPdf', fileName, opts]), ok(`D:\\报表\\${fileName}.pdf`)),
      dataFolder: () => ok({ path: 'C:\\Users\\王建国\\AppData\\Roaming\\清洁取暖改造工作台\\data', defaultPath: 'C:\\Users\\王建国\\AppData\\Roaming\\清洁取暖改造工作台\\data', isDefault: true }),
      moveDataFolder: () => (calls.push(['moveDataFolder']), ok({ from: 'C:\\Users\\王建国\\AppData\\Roaming\\清洁取暖改造工作台\\data', to: 'D:\\清洁取暖\\数据', copied: true })),
      openDataFolder: () => (calls.push(['openDataFolder']), ok(null)),
      onMenuImport: (listener: (pick: unknown) => void) => {
        menuListener = listener
        return () => (menuListener = null)
      },
    }
  }, files)
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { __desk: FakeDesk }).__desk.calls)

const DAY = {
  '补报/段店乡.csv': '村名,确户签约\n段店村,3\n',
  '屯里镇.csv': '村名,确户签约\n韩村,5\n',
}

test('报送导入 in the desktop app: native pickers, files read by the main process, a folder from the menu', async ({ page, server }) => {
  const problems = watchConsole(page)
  await fakeDesktop(page, DAY)
  await page.goto(`${server.url}#/imports`)
  // No upload inputs: the native dialogs replace them.
  await expect(page.getByTestId('imports-folder-native')).toBeVisible()
  await expect(page.getByTestId('imports-files')).toHaveCount(0)
  await expect(page.getByTestId('imports-folder')).toHaveCount(0)
  await snap(page, 'desktop-01-imports')

  await page.getByTestId('imports-folder-native').click()
  await expect(page.getByTestId('imports-review')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('imports-skipped')).toContainText('~$屯里镇.xlsx')
  await expect(page.getByTestId('imports-summary')).toContainText('共 2 个文件')
  const made = await calls(page)
  expect(made[0]).toEqual(['pickImport', 'folder'])
  const reads = made.filter((c) => c[0] === 'importPicked')
  // Each file by its index in the pick, all into the batch the first one opened.
  expect(reads.map((c) => c[2])).toEqual([0, 1])
  expect(reads[0]![3]).toBeUndefined()
  expect(typeof reads[1]![3]).toBe('string')
  await page.getByTestId('imports-cancel').click()

  // 文件 → 导入报送文件夹… while on another page: 报送导入 opens and reads the picked folder.
  await page.goto(`${server.url}#/dashboard`)
  await expect(page.getByTestId('page-dashboard')).toBeVisible()
  await page.evaluate(() => (window as unknown as { __desk: FakeDesk }).__desk.menu({ pickId: 'menu-pick', files: ['补报/段店乡.csv'], skipped: [] }))
  await expect(page.getByTestId('page-imports')).toBeVisible()
  await expect(page.getByTestId('imports-review')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('imports-summary')).toContainText('共 1 个文件')
  expect((await calls(page)).filter((c) => c[0] === 'importPicked' && c[1] === 'menu-pick')).toHaveLength(1)
  await snap(page, 'desktop-02-imports-from-menu')
  expect(problems).toEqual([])
})

test('报表 in the desktop app: 打印 and 导出 PDF go to the shell; 设置 shows and moves the data folder', async ({ page, server }) => {
  const problems = watchConsole(page)
  const demo = await apiCall<{ ok: boolean }>(server, 'demo.generate', { seed: 3 })
  expect(demo.ok).toBe(true)
  await fakeDesktop(page, {})
  await page.goto(`${server.url}#/reports/daily`)
  await expect(page.getByTestId('daily-preview')).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('daily-print').click()
  await page.getByTestId('daily-pdf').click()
  await expect(page.getByTestId('daily-pdf-done')).toContainText('.pdf')
  const { today } = (await apiCall<{ result: { today: string } }>(server, 'app.info')).result
  const made = await calls(page)
  expect(made).toContainEqual(['print', { landscape: true }])
  expect(made).toContainEqual(['printToPdf', `日报 ${today}`, { landscape: true }])
  await snap(page, 'desktop-03-report-printed')

  await page.goto(`${server.url}#/settings`)
  const panel = page.getByTestId('data-folder')
  await expect(page.getByTestId('data-folder-path')).toContainText('清洁取暖改造工作台\\data')
  await expect(panel).toContainText('（默认位置）')
  await page.getByTestId('data-folder-open').click()
  await page.getByTestId('data-folder-move').click()
  await expect(page.getByTestId('data-folder-moved')).toContainText('数据已移到 D:\\清洁取暖\\数据')
  expect((await calls(page)).map((c) => c[0])).toEqual(expect.arrayContaining(['openDataFolder', 'moveDataFolder']))
  await panel.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/desktop-04-data-folder.png' })
  expect(problems).toEqual([])
})

test('in a browser the pages keep their upload inputs and print through the browser', async ({ page, server }) => {
  await apiCall(server, 'demo.generate', { seed: 3 })
  await page.goto(`${server.url}#/imports`)
  await expect(page.getByTestId('imports-files')).toHaveCount(1)
  await expect(page.getByTestId('imports-folder-native')).toHaveCount(0)
  await page.goto(`${server.url}#/reports/daily`)
  await expect(page.getByTestId('daily-preview')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('daily-print')).toBeVisible()
  await expect(page.getByTestId('daily-pdf')).toHaveCount(0) // the browser's print dialog saves PDFs
  await page.goto(`${server.url}#/settings`)
  await expect(page.getByTestId('data-folder')).toContainText('--data')
  await expect(page.getByTestId('data-folder-move')).toHaveCount(0)
})
