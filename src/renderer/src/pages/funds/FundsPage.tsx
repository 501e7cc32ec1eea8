// 资金: deposits, subsidy policy, entitlements, payment batches and reconciliation, one tab each.
// The tab is in the address (#/funds/batches); the season and the picked village carry across tabs.
import { useState } from 'react'
import { seasonOf } from '../../../../core/domain/policy'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href } from '../../route'
import { BatchesTab } from './BatchesTab'
import { DepositsTab } from './DepositsTab'
import { EntitlementsTab } from './EntitlementsTab'
import { seasonChoices } from './money-text'
import { PolicyTab } from './PolicyTab'
import { ReconcileTab } from './ReconcileTab'

const TABS = ['deposits', 'policy', 'entitlements', 'batches', 'reconcile'] as const
type Tab = (typeof TABS)[number]

export function FundsPage({ tab }: { tab?: string }) {
  const { info } = useApp()
  const current: Tab = (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'deposits'
  const [season, setSeason] = useState(() => seasonOf(info.today))
  const [villageCode, setVillageCode] = useState<string>()
  const [policyVersion, setPolicyVersion] = useState(0)
  const policies = useAsync(() => call('policies.list', {}), [policyVersion], { keep: true })
  const seasons = seasonChoices(info.today, policies.data?.map((p) => p.season) ?? [])

  return (
    <div className="page funds-page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.funds')}</h1>
        <nav className="funds-tabs" aria-label={t('money.tabs')}>
          {TABS.map((id) => (
            <a key={id} href={href('funds', id)} className={id === current ? 'active' : undefined} aria-current={id === current ? 'page' : undefined} data-testid={`funds-tab-${id}`}>
              {t(`money.tab.${id}`)}
            </a>
          ))}
        </nav>
        {current !== 'deposits' && (
          <label className="inline-field funds-season">
            {t('money.season')}
            <select value={season} onChange={(e) => setSeason(e.target.value)} data-testid="funds-season">
              {seasons.map((s) => (
                <option key={s} value={s}>
                  {t('money.seasonName', { s })}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {current === 'deposits' && <DepositsTab villageCode={villageCode} onVillage={setVillageCode} />}
      {current === 'policy' && <PolicyTab season={season} onSaved={() => setPolicyVersion((v) => v + 1)} />}
      {current === 'entitlements' && <EntitlementsTab season={season} villageCode={villageCode} onVillage={setVillageCode} />}
      {current === 'batches' && <BatchesTab season={season} />}
      {current === 'reconcile' && <ReconcileTab season={season} />}
    </div>
  )
}
