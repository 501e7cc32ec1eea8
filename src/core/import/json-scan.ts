// Measures a JSON text without parsing it: how deep it nests, how many values it holds, and how many
// positions ([x, y, …] arrays of numbers) sit under a "coordinates" member. JSON.parse of 20 MB can
// build a gigabyte of objects (`[{},{},…]`) or nest millions deep; this pass allocates nothing.

export interface JsonScan {
  /** every value, keys included */
  values: number
  /** arrays of two or more numbers inside a "coordinates" member (a GeoJSON position) */
  positions: number
  /** true when the text nests deeper than the limit: scanning stopped there */
  tooDeep: boolean
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COORDINATES = Buffer.from('"coordinates"', 'latin1')

/**
 * One pass over the bytes. Exact for valid JSON; for invalid JSON it stops at the first byte that
 * cannot start a value (JSON.parse then says what is wrong).
 */
export function scanJson(bytes: Uint8Array, maxDepth: number): JsonScan {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // per open container: 1 array / 2 object; for arrays, whether only numbers so far, and how many
  const kind = new Uint8Array(maxDepth + 2)
  const onlyNumbers = new Uint8Array(maxDepth + 2)
  const numbers = new Uint32Array(maxDepth + 2)
  let depth = 0
  let values = 0
  let positions = 0
  /** depth of the container that is a "coordinates" member's value (0: not inside one) */
  let coordinatesAt = 0
  let keyIsCoordinates = false
  let valueIsCoordinates = false

  const notNumber = () => {
    if (kind[depth] === 1) onlyNumbers[depth] = 0
  }

  let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0
  while (i < buf.length) {
    const b = buf[i]!
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x2c) {
      i++
    } else if (b === QUOTE) {
      let end = i + 1
      for (;;) {
        end = buf.indexOf(QUOTE, end)
        if (end === -1) return { values, positions, tooDeep: false }
        let slashes = 0
        while (buf[end - 1 - slashes] === BACKSLASH) slashes++
        if (slashes % 2 === 0) break
        end++
      }
      values++
      notNumber()
      keyIsCoordinates = kind[depth] === 2 && end + 1 - i === COORDINATES.length && buf.subarray(i, end + 1).equals(COORDINATES)
      valueIsCoordinates = false
      i = end + 1
    } else if (b === 0x3a) {
      // ':' — the value that follows is the member's
      valueIsCoordinates = keyIsCoordinates
      keyIsCoordinates = false
      i++
    } else if (b === 0x5b || b === 0x7b) {
      values++
      notNumber()
      if (++depth > maxDepth) return { values, positions, tooDeep: true }
      kind[depth] = b === 0x5b ? 1 : 2
      onlyNumbers[depth] = 1
      numbers[depth] = 0
      if (valueIsCoordinates && coordinatesAt === 0) coordinatesAt = depth
      valueIsCoordinates = false
      i++
    } else if (b === 0x5d || b === 0x7d) {
      if (depth === 0) return { values, positions, tooDeep: false }
      if (kind[depth] === 1 && onlyNumbers[depth] === 1 && numbers[depth]! >= 2 && coordinatesAt !== 0 && depth >= coordinatesAt) positions++
      if (depth === coordinatesAt) coordinatesAt = 0
      depth--
      i++
    } else if (b === 0x2d || (b >= 0x30 && b <= 0x39)) {
      values++
      if (kind[depth] === 1) numbers[depth] = numbers[depth]! + 1
      valueIsCoordinates = false
      i++
      while (i < buf.length && isNumberByte(buf[i]!)) i++
    } else if (b === 0x74 || b === 0x66 || b === 0x6e) {
      // true, false, null
      values++
      notNumber()
      valueIsCoordinates = false
      i++
      while (i < buf.length && buf[i]! >= 0x61 && buf[i]! <= 0x7a) i++
    } else {
      return { values, positions, tooDeep: false }
    }
  }
  return { values, positions, tooDeep: false }
}

function isNumberByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x2d || b === 0x2b || b === 0x65 || b === 0x45
}
