// One household's panel on the deposit and entitlement tabs: below the village column and list, at
// the page's full width, so its tables show every column at 1366×768; brought into view when picked.
import { type ReactNode, useEffect, useRef } from 'react'

export function HouseholdDetail({ householdId, children }: { householdId: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' })
  }, [householdId])
  return (
    <div ref={ref} className="funds-detail">
      {children}
    </div>
  )
}
