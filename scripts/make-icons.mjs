// `node scripts/make-icons.mjs`: regenerates every packaged image in resources/ from its SVG source
// (icon.svg, icon-small.svg for 32 px and below, installer-*.svg). The SVGs are drawn by the local
// Chromium (the one the e2e tests use), so nothing is downloaded; the outputs are committed, so
// packaging does not need this step or a browser.
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, findBrowser } from './lib/browser.mjs'
import { ROOT } from './lib/build.mjs'
import { encodeBmp24, encodeIcns, encodeIco, encodePng } from './lib/image-formats.mjs'

const RES = path.join(ROOT, 'resources')
/** hicolor sizes for Linux, plus 1024 for the .icns. */
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
/** What Windows picks from for title bars, the taskbar, Explorer views and high-DPI screens. */
const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
const SMALL_MAX = 32

const browser = await chromium.launch({ executablePath: await findBrowser({ install: false }), args: CHROMIUM_ARGS })
const page = await browser.newPage()

/** The SVG drawn at width×height by Chromium, as RGBA bytes (top row first, not premultiplied). */
async function rasterize(svg, width, height) {
  // Drawn at its target size (not scaled from another raster), so small sizes stay sharp.
  const sized = svg.replace(/<svg([^>]*?)\swidth="[^"]*"\s+height="[^"]*"/, `<svg$1 width="${width}" height="${height}"`)
  const base64 = await page.evaluate(
    async ({ text, w, h }) => {
      const img = new Image()
      img.src = `data:image/svg+xml;base64,${btoa(String.fromCharCode(...new TextEncoder().encode(text)))}`
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = w
      canvas.height = h
      const ctx = canvas.getContext('2d')
      ctx.drawImage(img, 0, 0, w, h)
      const data = ctx.getImageData(0, 0, w, h).data
      let s = ''
      for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000))
      return btoa(s)
    },
    { text: sized, w: width, h: height },
  )
  return Buffer.from(base64, 'base64')
}

try {
  const full = await readFile(path.join(RES, 'icon.svg'), 'utf8')
  const small = await readFile(path.join(RES, 'icon-small.svg'), 'utf8')
  const rgbaOf = new Map()
  for (const size of new Set([...PNG_SIZES, ...ICO_SIZES])) {
    rgbaOf.set(size, await rasterize(size <= SMALL_MAX ? small : full, size, size))
  }

  await mkdir(path.join(RES, 'icons'), { recursive: true })
  const pngOf = new Map()
  for (const size of PNG_SIZES) {
    const png = encodePng(size, size, rgbaOf.get(size))
    pngOf.set(size, png)
    await writeFile(path.join(RES, 'icons', `${size}x${size}.png`), png)
  }
  await writeFile(path.join(RES, 'icon.png'), pngOf.get(512))
  await writeFile(path.join(RES, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => ({ size, rgba: rgbaOf.get(size) }))))
  await writeFile(path.join(RES, 'icon.icns'), encodeIcns(pngOf))

  for (const [name, width, height] of [
    ['installer-sidebar', 164, 314],
    ['installer-header', 150, 57],
  ]) {
    const svg = await readFile(path.join(RES, `${name}.svg`), 'utf8')
    await writeFile(path.join(RES, `${name}.bmp`), encodeBmp24(width, height, await rasterize(svg, width, height)))
  }
  console.log(`已生成 resources/ 下的图标与安装程序图片（icons written: ${PNG_SIZES.length} PNG, .ico, .icns, 2 BMP）`)
} finally {
  await browser.close()
}
