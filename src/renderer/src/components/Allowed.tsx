// What the caller's role may use, as the pages show it: a part it may not use is left out, and a
// form it may only read (a 领导, a 乡镇填报员 on the office's pages) keeps its values with every
// field disabled and its buttons left out, so nothing on a page offers what the core would refuse.
import type { ReactNode } from 'react'
import type { MethodName } from '../../../core/contract'
import { can } from '../access'
import { useApp } from '../AppContext'

/** Children as they are when the caller may use `method`; else read-only (or nothing, with `hide`). */
export function Allowed({ method, hide, children }: { method: MethodName; hide?: boolean; children: ReactNode }) {
  const { info } = useApp()
  if (can(info, method)) return <>{children}</>
  if (hide) return null
  return (
    <fieldset className="read-only" disabled data-testid="read-only">
      {children}
    </fieldset>
  )
}
