// The renderer's built files, read-only: nothing outside its folder, no dotfiles, no listings;
// a path that is not an asset falls back to the page, so a reload on any address still works.

import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { HttpError } from './http-error'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

/** Vite names everything under assets/ after its content, so it never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

async function fileSize(file: string): Promise<number | null> {
  try {
    const stat = await fs.promises.stat(file)
    return stat.isFile() ? stat.size : null
  } catch {
    return null
  }
}

/**
 * Answers GET or HEAD for `segments` (already percent-decoded, each free of `/`, `\`, control
 * characters, `.` and `..`) from `root`; throws HttpError for what it refuses.
 */
export async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, segments: string[], root: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new HttpError(405, '只接受 GET 或 HEAD 请求。', { headers: { allow: 'GET, HEAD' } })
  }
  const parts = segments.filter((s) => s !== '')
  const notFound = new HttpError(404, `找不到 /${parts.join('/').slice(0, 200)}。`)
  // Dotfiles are never part of a build; a drive letter or stream name (a:b) means nothing here.
  if (parts.some((p) => p.startsWith('.') || p.includes(':'))) throw notFound
  const asset = parts[0] === 'assets' || (parts.at(-1)?.includes('.') ?? false)
  let file = path.join(root, ...parts)
  const rel = path.relative(root, file)
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw notFound
  let size = await fileSize(file)
  if (size === null) {
    if (asset) throw notFound
    file = path.join(root, 'index.html')
    size = await fileSize(file)
    if (size === null) throw new HttpError(500, '找不到页面文件 index.html，请先构建（npm run build）。')
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': parts[0] === 'assets' ? IMMUTABLE : 'no-cache',
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await pipeline(fs.createReadStream(file), res)
}
