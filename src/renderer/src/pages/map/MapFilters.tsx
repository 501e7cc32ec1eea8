// 筛选: which villages the map shows (county, route, stage, behind schedule, open problems,
// stand-in positions) and how they are coloured, with the legend.
import type { MapVillages } from '../../../../core/contract'
import type { StageKey } from '../../../../core/domain/types'
import { useApp } from '../../AppContext'
import { fmtInt } from '../../format'
import { t } from '../../i18n'
import { type ColourMode, NO_PLAN, RATE_BANDS, STAGE_COLOURS, STAGE_ORDER } from './colors'

export interface VillageFilter {
  county: string
  route: string
  stage: StageKey | 'none' | ''
  behindOnly: boolean
  problemsOnly: boolean
  showApprox: boolean
}

export const EMPTY_FILTER: VillageFilter = { county: '', route: '', stage: '', behindOnly: false, problemsOnly: false, showApprox: true }

export function stageName(stage: StageKey | 'none'): string {
  return stage === 'none' ? t('map.stage.none') : t(`value.stage.${stage}`)
}

export function MapFilters(props: {
  data: MapVillages
  filter: VillageFilter
  onFilter: (f: VillageFilter) => void
  mode: ColourMode
  onMode: (m: ColourMode) => void
  shown: number
  drawn: number | undefined
}) {
  const { settings } = useApp()
  const f = props.filter
  const set = (patch: Partial<VillageFilter>) => props.onFilter({ ...f, ...patch })
  return (
    <div className="map-filters" data-testid="map-filters">
      <label>
        {t('level.county')}
        <select value={f.county} onChange={(e) => set({ county: e.target.value })} data-testid="map-filter-county">
          <option value="">{t('map.all')}</option>
          {props.data.counties.map((c) => (
            <option key={c} value={c}>
              {props.data.names[c]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('field.route')}
        <select value={f.route} onChange={(e) => set({ route: e.target.value })} data-testid="map-filter-route">
          <option value="">{t('map.all')}</option>
          {settings.routes.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('map.stage')}
        <select value={f.stage} onChange={(e) => set({ stage: e.target.value as VillageFilter['stage'] })} data-testid="map-filter-stage">
          <option value="">{t('map.all')}</option>
          {STAGE_ORDER.map((s) => (
            <option key={s} value={s}>
              {stageName(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={f.behindOnly} onChange={(e) => set({ behindOnly: e.target.checked })} data-testid="map-filter-behind" />
        {t('map.behindOnly')}
      </label>
      <label className="check">
        <input type="checkbox" checked={f.problemsOnly} onChange={(e) => set({ problemsOnly: e.target.checked })} data-testid="map-filter-problems" />
        {t('map.problemsOnly')}
      </label>
      <label className="check">
        <input type="checkbox" checked={f.showApprox} onChange={(e) => set({ showApprox: e.target.checked })} data-testid="map-filter-approx" />
        {t('map.showApprox')}
      </label>
      <p className="muted small" data-testid="map-shown">
        {t('map.shown', { n: fmtInt(props.shown), drawn: props.drawn === undefined ? '…' : fmtInt(props.drawn) })}
      </p>

      <fieldset className="radio-group">
        <legend>{t('map.colourBy')}</legend>
        {(['rate', 'stage'] as const).map((m) => (
          <label key={m} className="radio">
            <input type="radio" name="colourMode" checked={props.mode === m} onChange={() => props.onMode(m)} data-testid={`map-mode-${m}`} />
            {t(`map.mode.${m}`)}
          </label>
        ))}
      </fieldset>
      <ul className="map-legend" data-testid="map-legend">
        {props.mode === 'rate'
          ? RATE_BANDS.map((b) => <LegendItem key={b.key} colour={b.colour} label={t(`map.band.${b.key}`)} />)
          : STAGE_ORDER.map((s) => <LegendItem key={s} colour={STAGE_COLOURS[s]} label={stageName(s)} />)}
        <LegendItem colour={NO_PLAN} label={t('map.noPlan')} />
        <LegendItem colour="#8a97a6" label={t('map.approxLegend')} approx />
      </ul>
      <p className="muted small">{t(props.mode === 'rate' ? 'map.rateNote' : 'map.stageNote')}</p>
    </div>
  )
}

function LegendItem({ colour, label, approx }: { colour: string; label: string; approx?: boolean }) {
  return (
    <li>
      <span className={`swatch${approx ? ' approx' : ''}`} style={approx ? { borderColor: colour } : { background: colour }} />
      {label}
    </li>
  )
}
