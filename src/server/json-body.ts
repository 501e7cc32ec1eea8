// A request body as a JSON value, without letting its shape cost more than its size: strict
// UTF-8, then one linear pass bounding nesting and element count, and only then JSON.parse.

import { HttpError } from './http-error'

export interface JsonShapeLimits {
  maxDepth: number
  maxValues: number
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const COMMA = 0x2c

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The first limit `body` breaks, or null. Works on the bytes: in UTF-8 no byte of a multi-byte
 * character is below 0x80, so the ASCII punctuation found here is real punctuation. Strings are
 * skipped with indexOf, so a large base64 string costs almost nothing. Malformed JSON is left for
 * JSON.parse to reject; this only has to be right about well-formed input.
 */
export function jsonShapeProblem(bytes: Buffer, limits: JsonShapeLimits): string | null {
  let depth = 0
  // One for the top-level value, then one per container opened and per comma.
  let values = 1
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]
    if (c === QUOTE) {
      let end = i
      for (;;) {
        end = bytes.indexOf(QUOTE, end + 1)
        if (end === -1) return null
        let backslashes = 0
        while (bytes[end - 1 - backslashes] === BACKSLASH) backslashes++
        if (backslashes % 2 === 0) break
      }
      i = end
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limits.maxDepth) return `请求内容嵌套过深（超过 ${limits.maxDepth} 层）。`
      values++
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--
    } else if (c === COMMA) {
      values++
    }
    if (values > limits.maxValues) return `请求内容的元素过多（超过 ${limits.maxValues} 个）。`
  }
  return null
}

/** The JSON value of a request body; an empty body is `{}` (a method without input). */
export function parseJsonBody(body: Buffer, limits: JsonShapeLimits): unknown {
  let text: string
  try {
    text = utf8.decode(body)
  } catch {
    throw new HttpError(400, '请求内容不是有效的 UTF-8 文本。')
  }
  if (text.trim() === '') return {}
  const problem = jsonShapeProblem(body, limits)
  if (problem) throw new HttpError(413, problem)
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new HttpError(400, '请求内容不是有效的 JSON。')
  }
}
