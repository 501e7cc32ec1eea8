// A refusal decided by the browser-mode server itself, before or instead of the core.

import type { ErrorCode } from '../core/errors'

export class HttpError extends Error {
  readonly status: number
  readonly code: ErrorCode
  /** Extra response headers, e.g. `Allow` with a 405. */
  readonly headers: Record<string, string>
  /** Whether the connection must not be reused after this answer. */
  readonly close: boolean

  constructor(status: number, message: string, opts: { code?: ErrorCode; headers?: Record<string, string>; close?: boolean } = {}) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.code = opts.code ?? (status === 404 ? 'not_found' : status >= 500 ? 'internal' : 'invalid_input')
    this.headers = opts.headers ?? {}
    this.close = opts.close ?? false
  }
}
