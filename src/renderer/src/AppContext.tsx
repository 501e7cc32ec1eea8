// What every page needs to know: app.info (operator, today, empty folder) and the settings (routes).
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import type { AppInfo } from '../../core/contract'
import type { RouteDef, Settings } from '../../core/domain/types'
import { type ApiError, call, toApiError } from './api'

export interface AppState {
  info: AppInfo
  settings: Settings
  /** Reloads app.info and settings, e.g. after an import, demo data or a restore. */
  refresh: () => Promise<void>
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
}) {
  const [state, setState] = useState<{ info: AppInfo; settings: Settings }>()
  const [error, setError] = useState<ApiError>()

  const refresh = useCallback(async () => {
    try {
      const [info, settings] = await Promise.all([call('app.info', {}), call('settings.get', {})])
      setState({ info, settings })
      setError(undefined)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  if (error && !state) return <>{props.failed(error, () => void refresh())}</>
  if (!state) return <>{props.loading}</>
  return <Ctx.Provider value={{ ...state, refresh }}>{props.children}</Ctx.Provider>
}
