// Typed errors with a user-facing Chinese message and where the problem is.

export interface Where {
  file?: string
  sheet?: string
  row?: number
  column?: string
  field?: string
}

export interface ProblemDetail {
  message: string
  where?: Where
}

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'import_rejected'
  | 'store_locked'
  | 'store_corrupt'
  | 'store_too_new'
  /** the disk refused a read or write (full, failing): the call did not change the data */
  | 'io_error'
  | 'unsupported_file'
  /** a folder with accounts and no valid session (HTTP 401) */
  | 'unauthenticated'
  /** the caller's role or division does not allow this (HTTP 403) */
  | 'forbidden'
  /** too many failed log-ins: slowed or locked for a while (HTTP 429) */
  | 'rate_limited'
  | 'internal'

/** The one error type that reaches a user: message in Chinese, plus where and details. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly where?: Where
  readonly details: ProblemDetail[]

  constructor(code: ErrorCode, message: string, opts: { where?: Where; details?: ProblemDetail[] } = {}) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.where = opts.where
    this.details = opts.details ?? []
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, where: this.where, details: this.details }
  }
}

export interface SerializedError {
  code: ErrorCode
  message: string
  where?: Where
  details: ProblemDetail[]
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof AppError) return err.toJSON()
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'internal', message: `内部错误：${message}`, details: [] }
}

/** "文件 a.csv 第 3 行 code 列" — the location phrase used in every message. */
export function describeWhere(w: Where | undefined): string {
  if (!w) return ''
  const parts: string[] = []
  if (w.file) parts.push(`文件 ${w.file}`)
  if (w.sheet) parts.push(`工作表 ${w.sheet}`)
  if (w.row !== undefined) parts.push(`第 ${w.row} 行`)
  if (w.column) parts.push(`${w.column} 列`)
  if (w.field) parts.push(`字段 ${w.field}`)
  return parts.join(' ')
}
