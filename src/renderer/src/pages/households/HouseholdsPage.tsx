// 农户: find a household anywhere, or pick a village, then list, search, add and edit its
// households; personal data is masked unless the user asks to see one household in full (which
// the audit trail records).
import { useState } from 'react'
import type { DivisionDetail, MaskedHousehold } from '../../../../core/contract'
import { can, canReveal } from '../../access'
import { call } from '../../api'
import { findRoute, useApp } from '../../AppContext'
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href, navigate } from '../../route'
import { HouseholdFinder } from './HouseholdFinder'
import { HouseholdForm } from './HouseholdForm'
import { HouseholdTable } from './HouseholdTable'

const PAGE_SIZE = 50

export function HouseholdsPage({ villageCode }: { villageCode?: string }) {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.households')}</h1>
      </div>
      <div className="split">
        <div className="split-left">
          <Panel title={t('households.pickVillage')}>
            <DivisionSearchBox
              level="village"
              selectedCode={villageCode}
              placeholder={t('households.searchVillage')}
              onPick={(h) => navigate('households', h.code)}
              testId="village-search"
            />
          </Panel>
          <Panel title={t('finder.title')} testId="household-finder-panel" className="finder-panel">
            <HouseholdFinder />
          </Panel>
        </div>
        <div className="split-right">
          {villageCode ? (
            <VillageHouseholds key={villageCode} villageCode={villageCode} />
          ) : (
            <Panel>
              <p className="muted">{t('households.pickHint')}</p>
            </Panel>
          )}
        </div>
      </div>
    </div>
  )
}

function VillageHouseholds({ villageCode }: { villageCode: string }) {
  const [version, setVersion] = useState(0)
  const detail = useAsync(() => call('divisions.get', { code: villageCode }), [villageCode, version], { keep: true })
  if (detail.error) return <ErrorBanner error={detail.error} />
  if (!detail.data) return <Loading />
  return <HouseholdList detail={detail.data} onChanged={() => setVersion((v) => v + 1)} version={version} />
}

function HouseholdList({ detail, onChanged, version }: { detail: DivisionDetail; onChanged: () => void; version: number }) {
  const { settings, info } = useApp()
  const code = detail.division.code
  const [q, setQ] = useState('')
  const [offset, setOffset] = useState(0)
  const [editing, setEditing] = useState<MaskedHousehold | 'new'>()
  const list = useAsync(
    () => call('households.list', { villageCode: code, q: q.trim() || undefined, offset, limit: PAGE_SIZE }),
    [code, q, offset, version],
    { keep: true },
  )
  const plan = detail.plan
  const route = findRoute(settings.routes, plan?.route)
  const township = detail.path.find((p) => p.level === 'township')
  const county = detail.path.find((p) => p.level === 'county')
  const total = list.data?.total ?? 0

  return (
    <>
      <Panel
        testId="household-village"
        title={
          <span>
            <a href={href('divisions', code)} data-testid="household-village-name">
              {detail.division.name}
            </a>
            <span className="muted small title-path">{[county?.name, township?.name].filter(Boolean).join(' / ')}</span>
          </span>
        }
        actions={
          can(info, 'households.create') && (
            <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="household-add" disabled={editing !== undefined}>
              {t('households.add')}
            </button>
          )
        }
      >
        <p className="muted small" data-testid="household-plan-line">
          {plan
            ? t('households.planLine', {
                route: route?.name ?? plan.route,
                target: fmtInt(plan.targetHouseholds),
                source: t(`value.figureSource.${plan.figureSource}`),
              })
            : t('households.noPlan')}
        </p>
        {plan?.figureSource === 'counts' && <p className="muted small">{t('households.countsNote')}</p>}
        {editing && (
          <HouseholdForm
            key={editing === 'new' ? 'new' : editing.id}
            villageCode={code}
            household={editing === 'new' ? undefined : editing}
            defaultRoute={plan?.route}
            onDone={(changed) => {
              setEditing(undefined)
              if (changed) onChanged()
            }}
          />
        )}
      </Panel>
      <Panel
        title={t('households.listTitle', { n: fmtInt(total) })}
        testId="household-list"
        actions={
          <input
            type="search"
            value={q}
            onChange={(e) => {
              setQ(e.target.value)
              setOffset(0)
            }}
            placeholder={t('households.filter')}
            aria-label={t('households.filter')}
            data-testid="household-filter"
          />
        }
      >
        <p className="muted small privacy-note">{canReveal(info) ? t('households.privacyNote') : t('households.privacyNoteMasked')}</p>
        <ErrorBanner error={list.error} />
        {!list.data ? (
          !list.error && <Loading />
        ) : (
          <>
            <HouseholdTable items={list.data.items} onEdit={(h) => setEditing(h)} />
            {total > PAGE_SIZE && (
              <div className="pager">
                <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                  {t('common.prevPage')}
                </button>
                <span>{t('common.pageInfo', { from: fmtInt(offset + 1), to: fmtInt(Math.min(total, offset + PAGE_SIZE)), total: fmtInt(total) })}</span>
                <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
                  {t('common.nextPage')}
                </button>
              </div>
            )}
          </>
        )}
      </Panel>
    </>
  )
}
