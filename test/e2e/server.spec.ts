// The built browser-mode server (out/main/server.js) as a browser and a careless network meet it:
// every page runs under its Content-Security-Policy without a violation; another page cannot frame
// it; another host name (DNS rebinding) gets nothing; SIGTERM mid-request unlocks the data folder.
import { readdirSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { expect, startServer, test, watchConsole } from './fixtures'

const PAGES = ['dashboard', 'divisions', 'households', 'imports', 'map', 'reports', 'funds', 'problems', 'visits', 'settings']

/** Sends raw HTTP and resolves with the status line and body of the answer (first 64 KB). */
function raw(url: string, request: string, keepOpenMs = 0): Promise<{ status: number; text: string }> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1')
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => {
      text += d
      if (text.includes('\r\n\r\n') && !keepOpenMs) socket.end()
    })
    socket.on('error', reject)
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }))
    socket.write(request)
    if (keepOpenMs) setTimeout(() => socket.destroy(), keepOpenMs)
  })
}

test('every page runs under the Content-Security-Policy, with nothing refused', async ({ page, server }) => {
  const problems = watchConsole(page)
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text())
  })
  const res = await page.goto(server.url)
  const headers = res!.headers()
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(headers['x-frame-options']).toBe('DENY')
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('no-referrer')
  await expect(page.getByTestId('app-name')).toHaveText('清洁取暖改造工作台')
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /script-src 'self'/)
  for (const p of PAGES) {
    await page.getByTestId(`nav-${p}`).click()
    await expect(page).toHaveURL(new RegExp(`#/${p}`))
    await page.waitForLoadState('networkidle')
  }
  expect(violations).toEqual([])
  expect(problems).toEqual([])
})

test('another site cannot frame it', async ({ page, server }) => {
  // The other site: a page on another port of this machine that frames the app.
  const other = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><title>other</title><iframe src="${server.url}" width="800" height="600"></iframe>`)
  })
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = other.address() as AddressInfo
    await page.goto(`http://127.0.0.1:${port}/`)
    const frame = page.frames().find((f) => f !== page.mainFrame())
    expect(frame).toBeDefined()
    await expect.poll(() => frame!.url()).toBe('chrome-error://chromewebdata/')
    expect(await frame!.locator('[data-testid="app-name"]').count()).toBe(0)
  } finally {
    await new Promise((resolve) => other.close(resolve))
  }
})

test('a request under another host name gets nothing (DNS rebinding)', async ({ server }) => {
  const port = new URL(server.url).port
  const attacker = `attacker.example:${port}`
  const body = JSON.stringify({ id: '141002001001-000001', reveal: true })
  const api = await raw(
    server.url,
    `POST /api/households.get HTTP/1.1\r\nHost: ${attacker}\r\nOrigin: http://${attacker}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
  expect(api.status).toBe(421)
  const pageAnswer = await raw(server.url, `GET / HTTP/1.1\r\nHost: ${attacker}\r\n\r\n`)
  expect(pageAnswer.status).toBe(421)
  expect(pageAnswer.text).not.toContain('<!doctype html>')
  // Its own name still works.
  expect((await raw(server.url, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).status).toBe(200)
})

test('SIGTERM in the middle of a request stops it and unlocks the data folder', async ({ dataDir }) => {
  const server = await startServer(dataDir)
  const port = new URL(server.url).port
  expect(readdirSync(dataDir).filter((f) => /^\.lock\.\d+$/.test(f))).toHaveLength(1)
  const midBody = raw(
    server.url,
    `POST /api/settings.update HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"operator":`,
    15_000,
  )
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(await server.stop()).toEqual({ code: 0, signal: null })
  expect((await midBody).status).toBe(503)
  expect(readdirSync(dataDir).filter((f) => /^\.lock(\.\d+)?$/.test(f))).toEqual([])
  const again = await startServer(dataDir)
  const res = await fetch(`${again.url}api/app.info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  expect(res.status).toBe(200)
  expect(await again.stop()).toEqual({ code: 0, signal: null })
})
