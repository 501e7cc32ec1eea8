// The frame of the deposit and entitlement tabs: find a village in the left column, its households
// on the right, and the picked household's panel below at the page's full width, so its tables
// show every column at 1366×768; the panel is brought into view when a household is picked.
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { Panel } from '../../components/Panel'
import { t } from '../../i18n'

/** The list is given the picked household and how to pick one; picking a village lets go of it. */
export type VillageList = (villageCode: string, selected: string | undefined, onSelect: (householdId: string) => void) => ReactNode

export function VillageFrame(props: {
  villageCode?: string
  onVillage: (code: string) => void
  /** panels above the village's list (e.g. imports) */
  top?: ReactNode
  /** said until a village is picked */
  pickHint: string
  list: VillageList
  detail: (householdId: string) => ReactNode
}) {
  const [householdId, setHouseholdId] = useState<string>()
  return (
    <>
      <div className="split">
        <div className="split-left">
          <Panel title={t('money.pickVillage')}>
            <DivisionSearchBox level="village" selectedCode={props.villageCode} placeholder={t('money.searchVillage')} onPick={(h) => {
                props.onVillage(h.code)
                setHouseholdId(undefined)
              }} testId="funds-village" />
          </Panel>
        </div>
        <div className="split-right">
          {props.top}
          {props.villageCode ? (
            props.list(props.villageCode, householdId, setHouseholdId)
          ) : (
            <Panel>
              <p className="muted">{props.pickHint}</p>
            </Panel>
          )}
        </div>
      </div>
      {householdId && <HouseholdDetail householdId={householdId}>{props.detail(householdId)}</HouseholdDetail>}
    </>
  )
}

function HouseholdDetail({ householdId, children }: { householdId: string; children: ReactNode }) {
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
