// 地图: villages on the office's own boundaries, coloured by completion rate or stage, filtered;
// a click opens a village's card; villages without coordinates are listed and can be placed by a
// click; boundaries, points and the optional tile layer are imported or set here. With a plan id
// in the address (#/map/JH2026-0001) it also draws that visit plan's route.
import { useCallback, useMemo, useState } from 'react'
import type { MapVillage } from '../../../../core/contract'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { fmtInt } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href } from '../../route'
import type { ColourMode } from './colors'
import { MapData } from './MapData'
import { EMPTY_FILTER, MapFilters, type VillageFilter } from './MapFilters'
import { MapView } from './MapView'
import { MissingList } from './MissingList'
import { PlanLegend } from './PlanLegend'
import { VillageCard } from './VillageCard'
import { Allowed } from '../../components/Allowed'

type Tab = 'filters' | 'village' | 'missing' | 'plan' | 'data'

export function MapPage({ planId }: { planId?: string }) {
  const { info } = useApp()
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((v) => v + 1), [])
  const layers = useAsync(() => call('map.layers', {}), [version], { keep: true })
  const data = useAsync(() => call('map.villages', {}), [version], { keep: true })
  const plan = useAsync(() => (planId ? call('visitPlans.get', { id: planId }) : Promise.resolve(undefined)), [planId, version])
  const [mode, setMode] = useState<ColourMode>('rate')
  const [filter, setFilter] = useState<VillageFilter>(EMPTY_FILTER)
  const [selected, setSelected] = useState<string>()
  const [tab, setTab] = useState<Tab>(planId ? 'plan' : 'filters')
  const [picking, setPicking] = useState<MapVillage>()
  const [drawn, setDrawn] = useState<number>()
  const [tileErrors, setTileErrors] = useState(0)
  const [placed, setPlaced] = useState<string>()

  const pick = useAction(async (v: MapVillage, lng: number, lat: number) => {
    await call('map.setPoint', { code: v.code, lng, lat, system: data.data!.system })
    return v
  })

  const shown = useMemo(() => {
    const all = data.data?.villages ?? []
    return all.filter(
      (v) =>
        (!filter.county || v.countyCode === filter.county) &&
        (!filter.route || v.route === filter.route) &&
        (!filter.stage || (v.target !== undefined && v.stage === filter.stage)) &&
        (!filter.behindOnly || v.behind) &&
        (!filter.problemsOnly || v.openProblems > 0) &&
        (filter.showApprox || !v.approx),
    )
  }, [data.data, filter])

  const openTab = useCallback((id: Tab) => {
    setPlaced(undefined)
    setTab(id)
  }, [])
  const onSelect = useCallback(
    (code: string) => {
      setSelected(code)
      openTab('village')
    },
    [openTab],
  )
  const onTileError = useCallback(() => setTileErrors((n) => n + 1), [])

  if (layers.error || data.error) return <ErrorBanner error={layers.error ?? data.error} />
  if (!layers.data || !data.data) return <Loading />
  const all = data.data.villages
  // A county or township office's map opens on its own area (本级); a city's on everything it has.
  const area = data.data.area
  const officeFocus = area.level === 'county' || area.level === 'township' ? area.code : undefined
  const own = all.filter((v) => v.lng !== undefined && !v.approx).length
  const approx = all.filter((v) => v.approx).length
  const nothingToDraw = layers.data.boundaries.length === 0 && own + approx === 0

  const tabs: Tab[] = ['filters', 'village', 'missing', ...(planId ? (['plan'] as const) : []), 'data']
  return (
    <div className="page map-page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.map')}</h1>
        <span className="muted" data-testid="map-totals">
          {t('map.totals', { all: fmtInt(all.length), own: fmtInt(own), approx: fmtInt(approx), none: fmtInt(all.length - own - approx) })}
        </span>
        <span className="muted small">{t('map.system', { system: data.data.system })}</span>
        {planId && (
          <span className="map-plan-head">
            {t('map.showingPlan', { id: planId })} <a href={href('visits', planId)}>{t('map.planOpen')}</a> · <a href={href('map')}>{t('map.planHide')}</a>
          </span>
        )}
      </div>
      {info.counts.villages === 0 && (
        <Notice kind="warn" testId="map-no-divisions">
          {t('map.noDivisions')} <a href={href('divisions')}>{t('nav.divisions')}</a>
        </Notice>
      )}
      {info.counts.villages > 0 && nothingToDraw && <Notice kind="info" testId="map-empty">{t('map.emptyHint')}</Notice>}
      <div className="map-layout">
        <aside className="panel map-side">
          <div className="field-tabs" role="tablist">
            {tabs.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={tab === id}
                className={tab === id ? 'active' : undefined}
                onClick={() => openTab(id)}
                data-testid={`map-tab-${id}`}
              >
                {id === 'missing' ? t('map.tab.missing', { n: fmtInt(all.length - own) }) : t(`map.tab.${id}`)}
              </button>
            ))}
          </div>
          <div className="map-side-body">
            {tab === 'filters' && (
              <MapFilters
                data={data.data}
                filter={filter}
                onFilter={setFilter}
                mode={mode}
                onMode={setMode}
                shown={shown.length}
                drawn={drawn}
              />
            )}
            {tab === 'village' &&
              (selected ? (
                <VillageCard
                  key={`${selected}-${version}`}
                  code={selected}
                  onPick={() => {
                    const v = all.find((x) => x.code === selected)
                    if (v) setPicking(v)
                  }}
                  onChanged={reload}
                />
              ) : (
                <p className="muted">{t('map.pickVillageHint')}</p>
              ))}
            {tab === 'missing' && (
              <MissingList
                data={data.data}
                county={filter.county}
                onPick={(v) => {
                  setPlaced(undefined)
                  setPicking(v)
                }}
                onSelect={onSelect}
              />
            )}
            {tab === 'plan' && planId && (plan.data ? <PlanLegend plan={plan.data} /> : plan.error ? <ErrorBanner error={plan.error} /> : <Loading />)}
            {tab === 'data' && (
              <Allowed method="map.importBoundaries">
                <MapData layers={layers.data} onChanged={reload} />
              </Allowed>
            )}
          </div>
        </aside>
        <div className="map-wrap" data-testid="map" data-points={drawn ?? ''} data-ready={drawn === undefined ? undefined : '1'}>
          <div className="map-overlay">
            {picking && (
              <Notice kind="info" testId="map-picking">
                {t('map.pickPrompt', { name: picking.name })}{' '}
                <button type="button" onClick={() => setPicking(undefined)} data-testid="map-pick-cancel">
                  {t('common.cancel')}
                </button>
              </Notice>
            )}
            {placed && !picking && <Notice testId="map-placed">{t('map.placed', { name: placed })}</Notice>}
            <ErrorBanner error={pick.error} onClose={pick.clearError} />
            {tileErrors > 0 && (
              <Notice kind="warn" testId="map-tile-errors">
                {t('map.tileErrors', { n: fmtInt(tileErrors) })}
              </Notice>
            )}
          </div>
          <MapView
            key={`${layers.data.system}`}
            layers={layers.data}
            villages={shown}
            mode={mode}
            selected={selected}
            onSelect={onSelect}
            picking={picking !== undefined}
            onPick={async (lng, lat) => {
              if (!picking) return
              const done = await pick.run(picking, lng, lat)
              setPicking(undefined)
              if (done) {
                setPlaced(done.name)
                setSelected(done.code)
                setTab('village')
                reload()
              }
            }}
            {...(plan.data ? { plan: plan.data } : {})}
            {...(filter.county ? { focus: filter.county } : officeFocus ? { focus: officeFocus } : {})}
            onDrawn={setDrawn}
            onTileError={onTileError}
          />
        </div>
      </div>
    </div>
  )
}
