// A county or township: its townships (for a county) and its villages with their plans; a
// township's plans can be edited all at once in a grid.
import { type ReactNode, useState } from 'react'
import type { VillageRow } from '../../../../core/contract'
import type { Division } from '../../../../core/domain/types'
import { call } from '../../api'
import { findRoute, useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { fmtInt, fmtRate } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href } from '../../route'
import { PlanGrid } from './PlanGrid'
import { Allowed } from '../../components/Allowed'

export function AreaDetail({ division, version, onChanged }: { division: Division; version: number; onChanged: () => void }) {
  const isCounty = division.level === 'county' || division.level === 'city'
  const [grid, setGrid] = useState(false)
  if (division.level === 'township' && grid) {
    return (
      <Panel title={t('grid.title', { township: division.name })} testId="plan-grid-panel">
        <PlanGrid township={division.code} onSaved={onChanged} onClose={() => setGrid(false)} />
      </Panel>
    )
  }
  return (
    <>
      {isCounty && <TownshipTable code={division.code} version={version} />}
      <VillageTable
        code={division.code}
        version={version}
        plannedOnly={isCounty}
        actions={
          division.level === 'township' ? (
            <Allowed method="villages.setPlans" hide>
              <button type="button" onClick={() => setGrid(true)} data-testid="plan-grid-open">
                {t('grid.open')}
              </button>
            </Allowed>
          ) : undefined
        }
      />
    </>
  )
}

function TownshipTable({ code, version }: { code: string; version: number }) {
  const rows = useAsync(() => call('divisions.children', { parentCode: code }), [code, version], { keep: true })
  return (
    <Panel title={t('area.townships')} testId="area-townships">
      <ErrorBanner error={rows.error} />
      {!rows.data ? (
        !rows.error && <Loading />
      ) : (
        <div className="table-wrap tall">
          <table className="table">
            <thead>
              <tr>
                <th>{t('level.township')}</th>
                <th>{t('common.code')}</th>
                <th>{t('area.col.villages')}</th>
                <th>{t('area.col.planned')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.data.map((n) => (
                <tr key={n.code}>
                  <td>
                    <a href={href('divisions', n.code)}>{n.name}</a>
                  </td>
                  <td className="code">{n.code}</td>
                  <td className="num">{fmtInt(n.villageCount)}</td>
                  <td className="num">{fmtInt(n.plannedCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}

function VillageTable({ code, version, plannedOnly, actions }: { code: string; version: number; plannedOnly: boolean; actions?: ReactNode }) {
  const { settings } = useApp()
  const rows = useAsync(() => call('villages.list', { parentCode: code }), [code, version], { keep: true })
  const shown: VillageRow[] | undefined = rows.data && (plannedOnly ? rows.data.filter((r) => r.plan) : rows.data)
  return (
    <Panel title={plannedOnly ? t('area.plannedVillages') : t('area.villages')} testId="area-villages" actions={actions}>
      <ErrorBanner error={rows.error} />
      {!shown ? (
        !rows.error && <Loading />
      ) : shown.length === 0 ? (
        <p className="muted">{plannedOnly ? t('area.noPlannedVillages') : t('area.noVillages')}</p>
      ) : (
        <div className="table-wrap tall">
          <table className="table">
            <thead>
              <tr>
                <th>{t('level.village')}</th>
                <th>{t('common.code')}</th>
                <th>{t('divisions.plan.route')}</th>
                <th>{t('divisions.plan.target')}</th>
                <th>{t('divisions.plan.deadline')}</th>
                <th>{t('area.col.latestDate')}</th>
                <th>{t('area.col.connected')}</th>
                <th>{t('area.col.rate')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ division: v, plan, latest }) => {
                const connected = latest?.counts.connected
                return (
                  <tr key={v.code} data-testid={`area-village-${v.code}`}>
                    <td>
                      <a href={href('divisions', v.code)}>{v.name}</a>
                    </td>
                    <td className="code">{v.code}</td>
                    <td>{plan ? (findRoute(settings.routes, plan.route)?.name ?? plan.route) : <span className="muted">{t('area.noPlan')}</span>}</td>
                    <td className="num">{plan ? fmtInt(plan.targetHouseholds) : ''}</td>
                    <td>{plan?.deadline ?? ''}</td>
                    <td>{latest?.date ?? ''}</td>
                    <td className="num">{connected === undefined ? '' : fmtInt(connected)}</td>
                    <td className="num">{plan && connected !== undefined ? fmtRate(plan.targetHouseholds > 0 ? connected / plan.targetHouseholds : null) : ''}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}
