// How large and how deeply nested a method's JSON input may be, read off the contract: a method
// whose input carries an uploaded file (the shared `uploadedFile` schema) may be large.

import { type MethodName, methods } from './contract'
import { uploadedFile } from './methods/schemas'

const MiB = 1024 * 1024

/** Largest JSON body of a method that uploads a file (base64 makes a file a third larger). */
export const UPLOAD_INPUT_BYTES = 64 * MiB
/** Largest JSON body of every other method. */
export const INPUT_BYTES = 1 * MiB
/** Deepest nesting of arrays and objects in any input; the contract's deepest is a handful. */
export const INPUT_MAX_DEPTH = 64
/**
 * Most array elements and object members in one input. Above what a 1 MB body can hold of real
 * data, so it only bites on a large body made of tiny values, whose parsed form would be many
 * times its size.
 */
export const INPUT_MAX_VALUES = 200_000

interface SchemaNode {
  _zod: { def: Record<string, unknown> }
}

function isSchema(v: unknown): v is SchemaNode {
  return typeof v === 'object' && v !== null && '_zod' in v
}

/**
 * Whether `schema` contains the uploaded file's bytes anywhere (as `uploadedFile` itself, inside
 * an object, or in an `.extend()` of it, which reuses the same field schema). Walks zod's
 * definitions generically so wrappers (optional, pipe, union …) need no case of their own.
 */
export function carriesUpload(schema: unknown, seen = new Set<unknown>()): boolean {
  if (schema === uploadedFile.shape.dataBase64) return true
  if (seen.has(schema)) return false
  seen.add(schema)
  const children = (v: unknown): unknown[] => {
    if (Array.isArray(v)) return v
    if (isSchema(v)) return [v]
    if (typeof v === 'object' && v !== null) return Object.values(v) // an object's shape
    return []
  }
  if (!isSchema(schema)) return false
  return Object.values(schema._zod.def).some((v) => children(v).some((c) => isSchema(c) && carriesUpload(c, seen)))
}

/** The methods that upload a file, in contract order. */
export const UPLOAD_METHODS: ReadonlySet<MethodName> = new Set(
  (Object.keys(methods) as MethodName[]).filter((name) => carriesUpload(methods[name].input)),
)

/** The largest JSON body `method` accepts. */
export function inputByteLimit(method: MethodName): number {
  return UPLOAD_METHODS.has(method) ? UPLOAD_INPUT_BYTES : INPUT_BYTES
}
