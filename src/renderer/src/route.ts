// Hash routing without a library: "#/divisions/141002100001" → { page: 'divisions', arg: '141002100001' }.
import { useEffect, useState } from 'react'

export const PAGES = ['dashboard', 'divisions', 'households', 'imports', 'online', 'map', 'reports', 'funds', 'problems', 'visits', 'settings'] as const
export type PageId = (typeof PAGES)[number]

export interface Route {
  page: PageId
  arg?: string
}

export function parseHash(hash: string): Route {
  const [first, arg] = hash.replace(/^#\/?/, '').split('/')
  const page = (PAGES as readonly string[]).includes(first ?? '') ? (first as PageId) : 'dashboard'
  return arg ? { page, arg: decodeURIComponent(arg) } : { page }
}

export function href(page: PageId, arg?: string): string {
  return arg ? `#/${page}/${encodeURIComponent(arg)}` : `#/${page}`
}

export function navigate(page: PageId, arg?: string): void {
  window.location.hash = href(page, arg)
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
