// The left column of the deposit and entitlement tabs: find a village by name or code.
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { Panel } from '../../components/Panel'
import { t } from '../../i18n'

export function VillagePicker(props: { villageCode?: string; onPick: (code: string) => void }) {
  return (
    <div className="split-left">
      <Panel title={t('money.pickVillage')}>
        <DivisionSearchBox level="village" selectedCode={props.villageCode} placeholder={t('money.searchVillage')} onPick={(h) => props.onPick(h.code)} testId="funds-village" />
      </Panel>
    </div>
  )
}
