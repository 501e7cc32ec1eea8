// What every page needs to know: app.info (the caller, its account and what it may do, today,
// empty folder) and the settings (routes). In a folder with accounts and no live session the
// log-in page stands in for the app until someone logs in.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import type { AppInfo } from '../../core/contract'
import type { RouteDef, Settings } from '../../core/domain/types'
import { type ApiError, call, SIGNED_OUT_EVENT, toApiError } from './api'

export interface AppState {
  info: AppInfo
  settings: Settings
  /** Reloads app.info and settings, e.g. after an import, demo data or a restore. */
  refresh: () => Promise<void>
  /** Ends this window's session (退出登录) and shows the log-in page. */
  signOut: () => Promise<void>
}

const Ctx = createContext<AppState | null>(null)

export function useApp(): AppState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useApp outside AppProvider')
  return v
}

export function findRoute(routes: RouteDef[], id: string | undefined): RouteDef | undefined {
  return routes.find((r) => r.id === id)
}

export function AppProvider(props: {
  children: ReactNode
  loading: ReactNode
  failed: (error: ApiError, retry: () => void) => ReactNode
  /** The folder asks for logging in and this window has no session; `why` when one just ended. */
  signedOut: (onSignedIn: () => void, why?: string) => ReactNode
}) {
  const [state, setState] = useState<{ info: AppInfo; settings: Settings }>()
  const [error, setError] = useState<ApiError>()
  const [signedOut, setSignedOut] = useState<{ why?: string }>()
  /** A session was open in this window: its end is explained, a first visit is not. */
  const wasIn = useRef(false)

  const refresh = useCallback(async () => {
    try {
      const [info, settings] = await Promise.all([call('app.info', {}), call('settings.get', {})])
      setState({ info, settings })
      wasIn.current = info.account !== undefined
      setError(undefined)
      setSignedOut(undefined)
    } catch (e) {
      const err = toApiError(e)
      if (err.code === 'unauthenticated') {
        setState(undefined)
        setSignedOut((s) => s ?? {})
      } else setError(err)
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  // A session that ends while a page is open (expired, ended by the administrator, the account
  // disabled) takes the window back to the log-in page, saying why.
  useEffect(() => {
    const onSignedOut = (e: Event) => {
      const why = wasIn.current ? (e as CustomEvent<string>).detail : undefined
      wasIn.current = false
      setState(undefined)
      setSignedOut({ why })
    }
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut)
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut)
  }, [])

  const signOut = useCallback(async () => {
    wasIn.current = false
    try {
      await call('auth.logout', {})
    } catch {
      // The session had already ended: the log-in page follows all the same.
    }
    setState(undefined)
    setSignedOut({})
  }, [])

  if (signedOut) return <>{props.signedOut(() => void refresh(), signedOut.why)}</>
  if (error && !state) return <>{props.failed(error, () => void refresh())}</>
  if (!state) return <>{props.loading}</>
  return <Ctx.Provider value={{ ...state, refresh, signOut }}>{props.children}</Ctx.Provider>
}
