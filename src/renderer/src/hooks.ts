// Small hooks shared by the pages: loading data from the API and running an action with its state.
import { useCallback, useEffect, useRef, useState } from 'react'
import { type ApiError, toApiError } from './api'

export interface Async<T> {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
  reload: () => void
}

/**
 * Runs `load` when the deps change (and on reload); the latest call wins. Old data stays on
 * screen during a reload; on a deps change it is cleared unless `keep` is set.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[], opts: { keep?: boolean } = {}): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true })
  const [tick, setTick] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load
  const lastTick = useRef(tick)
  useEffect(() => {
    let live = true
    const keep = opts.keep || lastTick.current !== tick
    lastTick.current = tick
    setState((s) => (keep ? { ...s, loading: true } : { loading: true }))
    loadRef.current().then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) => live && setState({ error: toApiError(e), loading: false }),
    )
    return () => {
      live = false
    }
  }, [...deps, tick])
  const reload = useCallback(() => setTick((n) => n + 1), [])
  return { data: state.data, error: state.error, loading: state.loading, reload }
}

export interface Action<A extends unknown[], T> {
  run: (...args: A) => Promise<T | undefined>
  busy: boolean
  error: ApiError | undefined
  clearError: () => void
}

/** Wraps a write: tracks busy and the last error; resolves undefined when it failed. */
export function useAction<A extends unknown[], T>(fn: (...args: A) => Promise<T>): Action<A, T> {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()
  const fnRef = useRef(fn)
  fnRef.current = fn
  const run = useCallback(async (...args: A) => {
    setBusy(true)
    setError(undefined)
    try {
      return await fnRef.current(...args)
    } catch (e) {
      setError(toApiError(e))
      return undefined
    } finally {
      setBusy(false)
    }
  }, [])
  const clearError = useCallback(() => setError(undefined), [])
  return { run, busy, error, clearError }
}
