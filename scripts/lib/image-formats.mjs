// Writers for the few image formats the packaged app needs, from raw RGBA pixels: PNG, the
// Windows .ico (small sizes as BMP entries, which every Windows and NSIS reads; 128 px and up as
// PNG), the macOS .icns, and the 24-bit BMP NSIS wants for installer artwork.
import zlib from 'node:zlib'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function chunk(type, data) {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

/** A truecolour-with-alpha PNG of `width`×`height` pixels (`rgba`: 4 bytes a pixel, rows top-down). */
export function encodePng(width, height, rgba) {
  checkPixels(width, height, rgba)
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bits per channel
  ihdr[9] = 6 // RGBA
  // Filter type 0 on every row: simple, and deflate does well enough on flat icon art.
  const stride = width * 4
  const raw = Buffer.alloc((stride + 1) * height)
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride)
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function checkPixels(width, height, rgba) {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new Error(`bad size ${width}×${height}`)
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} bytes of RGBA, got ${rgba.length}`)
}

/** The icon-image form of a BMP inside an .ico: header, BGRA rows bottom-up, then the AND mask. */
function icoBitmap(size, rgba) {
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(size, 4)
  header.writeInt32LE(size * 2, 8) // XOR bitmap and AND mask stacked
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  header.writeUInt32LE(0, 16) // BI_RGB
  const pixels = Buffer.alloc(size * size * 4)
  const maskStride = Math.ceil(size / 32) * 4
  const mask = Buffer.alloc(maskStride * size)
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4
      const d = (row * size + x) * 4
      pixels[d] = rgba[s + 2]
      pixels[d + 1] = rgba[s + 1]
      pixels[d + 2] = rgba[s]
      pixels[d + 3] = rgba[s + 3]
      // Old renderers ignore alpha and use the mask: fully transparent pixels are masked out.
      if (rgba[s + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7)
    }
  }
  return Buffer.concat([header, pixels, mask])
}

/** A Windows .ico from `{ size, rgba }` images (square, 1–256 px). */
export function encodeIco(images) {
  const sorted = [...images].sort((a, b) => a.size - b.size)
  const bodies = sorted.map(({ size, rgba }) => {
    checkPixels(size, size, rgba)
    if (size > 256) throw new Error(`an .ico image is at most 256 px, not ${size}`)
    return size >= 128 ? encodePng(size, size, rgba) : icoBitmap(size, rgba)
  })
  const head = Buffer.alloc(6 + 16 * sorted.length)
  head.writeUInt16LE(0, 0)
  head.writeUInt16LE(1, 2) // icon
  head.writeUInt16LE(sorted.length, 4)
  let offset = head.length
  sorted.forEach(({ size }, i) => {
    const e = 6 + 16 * i
    head[e] = size === 256 ? 0 : size // 0 means 256
    head[e + 1] = size === 256 ? 0 : size
    head.writeUInt16LE(1, e + 4) // planes
    head.writeUInt16LE(32, e + 6) // bits per pixel
    head.writeUInt32LE(bodies[i].length, e + 8)
    head.writeUInt32LE(offset, e + 12)
    offset += bodies[i].length
  })
  return Buffer.concat([head, ...bodies])
}

/** The PNG-based .icns element types, by pixel size of the image they hold. */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
]

/** A macOS .icns holding every PNG element type whose size is in `pngBySize` (size → PNG bytes). */
export function encodeIcns(pngBySize) {
  const elements = []
  for (const [type, size] of ICNS_TYPES) {
    const png = pngBySize.get(size)
    if (!png) continue
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(png.length + 8, 4)
    elements.push(head, png)
  }
  const body = Buffer.concat(elements)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(body.length + 8, 4)
  return Buffer.concat([head, body])
}

/** A 24-bit BMP (what NSIS's MUI accepts for its bitmaps), alpha blended over `background`. */
export function encodeBmp24(width, height, rgba, background = [255, 255, 255]) {
  checkPixels(width, height, rgba)
  const stride = Math.ceil((width * 3) / 4) * 4
  const file = Buffer.alloc(54 + stride * height)
  file.write('BM', 0, 'ascii')
  file.writeUInt32LE(file.length, 2)
  file.writeUInt32LE(54, 10)
  file.writeUInt32LE(40, 14)
  file.writeInt32LE(width, 18)
  file.writeInt32LE(height, 22) // positive: rows bottom-up
  file.writeUInt16LE(1, 26)
  file.writeUInt16LE(24, 28)
  file.writeUInt32LE(stride * height, 34)
  file.writeInt32LE(2835, 38) // 72 dpi
  file.writeInt32LE(2835, 42)
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * stride
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 4
      const a = rgba[s + 3] / 255
      const blend = (c, bg) => Math.round(c * a + bg * (1 - a))
      file[row + x * 3] = blend(rgba[s + 2], background[2])
      file[row + x * 3 + 1] = blend(rgba[s + 1], background[1])
      file[row + x * 3 + 2] = blend(rgba[s], background[0])
    }
  }
  return file
}
