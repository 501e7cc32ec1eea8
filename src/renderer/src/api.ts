// The renderer's only door to the core: `window.api`. In Electron it is built on the preload's
// generic `apiTransport.invoke`; in a browser it posts to the server (POST api/<method>). Both
// reply `{ ok: true, result }` or `{ ok: false, error }`, so one unwrapping serves both.
import type { Api, Input, MethodName, Outputs } from '../../core/contract'
import type { ErrorCode, ProblemDetail, SerializedError, Where } from '../../core/errors'
import { t } from './i18n'

/** A failed API call, carrying the core's Chinese message, location and details. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly where?: Where
  readonly details: ProblemDetail[]

  constructor(e: SerializedError) {
    super(e.message)
    this.name = 'ApiError'
    this.code = e.code
    this.where = e.where
    this.details = e.details ?? []
  }
}

function isSerializedError(v: unknown): v is SerializedError {
  return typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string' && 'code' in v
}

/** Whatever a call threw, as an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  if (isSerializedError(e)) return new ApiError({ ...e, details: Array.isArray(e.details) ? e.details : [] })
  const message = e instanceof Error ? e.message : String(e)
  return new ApiError({ code: 'internal', message, details: [] })
}

type Invoke = (method: string, input: unknown) => Promise<unknown>

function unwrap(reply: unknown, status?: number): unknown {
  const r = reply as { ok?: unknown; result?: unknown; error?: unknown } | null
  if (r && r.ok === true) return r.result
  if (r && isSerializedError(r.error)) throw toApiError(r.error)
  throw new ApiError({ code: 'internal', message: t('error.badResponse', { status: status ?? '—' }), details: [] })
}

const fetchInvoke: Invoke = async (method, input) => {
  let res: Response
  try {
    res = await fetch(`api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    })
  } catch {
    throw new ApiError({ code: 'internal', message: t('error.network'), details: [] })
  }
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = null
  }
  return unwrap(body, res.status)
}

/** Every property is a method, so new API methods need no change here. */
function apiOver(invoke: Invoke): Api {
  return new Proxy({} as Api, {
    get(_target, prop) {
      // Not a thenable, and no methods under symbol keys.
      if (typeof prop !== 'string' || prop === 'then') return undefined
      return (input: unknown) => invoke(prop, input)
    },
  })
}

/** Makes sure `window.api` exists: over the preload's transport in Electron, else over fetch. */
export function installApi(): void {
  if ('api' in window && window.api) return
  const transport = window.apiTransport
  window.api = transport ? apiOver(async (m, input) => unwrap(await transport.invoke(m, input ?? {}))) : apiOver(fetchInvoke)
}

/** Fired when a call finds the session gone (expired, ended by the administrator): the app shows the log-in page. */
export const SIGNED_OUT_EVENT = 'chd:signed-out'

/** Calls one API method through window.api; failures come back as ApiError. */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Outputs[M]> {
  try {
    return await window.api[method](input)
  } catch (e) {
    const err = toApiError(e)
    // A wrong password is also `unauthenticated`, but the log-in page itself shows that.
    if (err.code === 'unauthenticated' && method !== 'auth.login') window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT, { detail: err.message }))
    throw err
  }
}
