// 数据与底图: import boundaries (GeoJSON) and coordinates (CSV/Excel), see and remove what is
// there, and set the optional online tile layer (nothing is built in; the map works without it).
import { useState } from 'react'
import type { MapLayers } from '../../../../core/contract'
import type { CoordSystem } from '../../../../core/domain/coords'
import type { TileSettings } from '../../../../core/domain/map-layers'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FileButton } from '../../components/FileButton'
import { Notice } from '../../components/Notice'
import { fmtInt } from '../../format'
import { readFileBase64 } from '../../files'
import { useAction } from '../../hooks'
import { t } from '../../i18n'

type SystemChoice = CoordSystem | 'auto'

function SystemSelect({ value, onChange, auto, testId }: { value: SystemChoice; onChange: (v: SystemChoice) => void; auto: string; testId: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as SystemChoice)} data-testid={testId}>
      <option value="auto">{auto}</option>
      <option value="GCJ-02">{t('map.sys.gcj')}</option>
      <option value="WGS-84">{t('map.sys.wgs')}</option>
    </select>
  )
}

/** An upload: sends the picked file, keeps the result to show, and tells the page the data changed. */
function useUpload<T>(send: (file: File, dataBase64: string) => Promise<T>, onChanged: () => void) {
  const [result, setResult] = useState<T>()
  const run = useAction(async (file: File) => send(file, await readFileBase64(file)))
  const onFile = async (file: File) => {
    setResult(undefined)
    const r = await run.run(file)
    if (r) {
      setResult(r)
      onChanged()
    }
  }
  return { result, onFile, run }
}

export function MapData({ layers, onChanged }: { layers: MapLayers; onChanged: () => void }) {
  return (
    <div className="map-data">
      <Boundaries layers={layers} onChanged={onChanged} />
      <Points onChanged={onChanged} />
      <Tiles tiles={layers.tiles} onChanged={onChanged} />
    </div>
  )
}

function Boundaries({ layers, onChanged }: { layers: MapLayers; onChanged: () => void }) {
  const [level, setLevel] = useState<'county' | 'township'>('county')
  const [system, setSystem] = useState<SystemChoice>('auto')
  const up = useUpload(
    (file, dataBase64) => call('map.importBoundaries', { fileName: file.name, dataBase64, level, ...(system === 'auto' ? {} : { system }) }),
    onChanged,
  )
  const result = up.result
  const remove = useAction((lv: 'county' | 'township') => call('map.removeBoundaries', { level: lv }))
  return (
    <section>
      <h3 className="section-title">{t('map.data.boundaries')}</h3>
      <ul className="plain-list small" data-testid="map-boundary-layers">
        {layers.boundaries.length === 0 && <li className="muted">{t('map.data.noBoundaries')}</li>}
        {layers.boundaries.map((b) => (
          <li key={b.level}>
            {t(`map.level.${b.level}`)}：{b.fileName}（{t('map.data.features', { n: b.features.length })}，{b.sourceSystem}）
            <button
              type="button"
              className="link-button"
              onClick={async () => {
                if (await remove.run(b.level)) onChanged()
              }}
            >
              {t('map.data.remove')}
            </button>
          </li>
        ))}
      </ul>
      <div className="stack">
        <label>
          {t('map.data.level')}
          <select value={level} onChange={(e) => setLevel(e.target.value as 'county' | 'township')} data-testid="map-boundary-level">
            <option value="county">{t('map.level.county')}</option>
            <option value="township">{t('map.level.township')}</option>
          </select>
        </label>
        <label>
          {t('map.data.system')}
          <SystemSelect value={system} onChange={setSystem} auto={t('map.sys.autoFile')} testId="map-boundary-system" />
        </label>
        <FileButton
          label={t('map.data.importBoundaries')}
          accept=".geojson,.json,application/geo+json,application/json"
          busy={up.run.busy}
          testId="map-boundary-file"
          onFile={up.onFile}
        />
      </div>
      {result && (
        <Notice testId="map-boundary-result">
          {t('map.data.boundaryDone', { level: t(`map.level.${result.level}`), n: result.features, matched: result.matched, system: result.system })}
          {result.unmatched.length > 0 && <div>{t('map.data.unmatched', { names: result.unmatched.join('、') })}</div>}
        </Notice>
      )}
      <ErrorBanner error={up.run.error ?? remove.error} onClose={up.run.error ? up.run.clearError : remove.clearError} />
    </section>
  )
}

function Points({ onChanged }: { onChanged: () => void }) {
  const [system, setSystem] = useState<SystemChoice>('auto')
  const up = useUpload((file, dataBase64) => call('map.importPoints', { fileName: file.name, dataBase64, ...(system === 'auto' ? {} : { system }) }), onChanged)
  const result = up.result
  return (
    <section>
      <h3 className="section-title">{t('map.data.points')}</h3>
      <p className="muted small">{t('map.data.pointsHint')}</p>
      <div className="stack">
        <label>
          {t('map.data.pointsSystem')}
          <SystemSelect value={system} onChange={setSystem} auto={t('map.sys.autoColumn')} testId="map-points-system" />
        </label>
        <FileButton
          label={t('map.data.importPoints')}
          accept=".csv,.xlsx,text/csv"
          busy={up.run.busy}
          testId="map-points-file"
          onFile={up.onFile}
        />
      </div>
      {result && (
        <Notice testId="map-points-result">
          {t('map.data.pointsDone', {
            village: fmtInt(result.counts.village),
            township: fmtInt(result.counts.township),
            county: fmtInt(result.counts.county),
            added: fmtInt(result.added),
            updated: fmtInt(result.updated),
          })}
          {result.outsideCounty.length > 0 && (
            <div className="notice-warn-text">{t('map.data.outside', { names: result.outsideCounty.map((o) => o.name).join('、') })}</div>
          )}
        </Notice>
      )}
      <ErrorBanner error={up.run.error} onClose={up.run.clearError} />
    </section>
  )
}

function Tiles({ tiles, onChanged }: { tiles: TileSettings; onChanged: () => void }) {
  const [form, setForm] = useState<TileSettings>(tiles)
  const [saved, setSaved] = useState(false)
  const save = useAction(() => call('map.setTiles', form))
  const set = (patch: Partial<TileSettings>) => {
    setSaved(false)
    setForm({ ...form, ...patch })
  }
  return (
    <section>
      <h3 className="section-title">{t('map.data.tiles')}</h3>
      <p className="muted small">{t('map.data.tilesHint')}</p>
      <form
        className="stack"
        data-testid="map-tiles-form"
        onSubmit={async (e) => {
          e.preventDefault()
          if (await save.run()) {
            setSaved(true)
            onChanged()
          }
        }}
      >
        <label className="check">
          <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="map-tiles-enabled" />
          {t('map.data.tilesEnabled')}
        </label>
        <label>
          {t('map.data.tilesUrl')}
          <input value={form.urlTemplate} onChange={(e) => set({ urlTemplate: e.target.value })} placeholder="https://…/{z}/{x}/{y}.png" maxLength={500} data-testid="map-tiles-url" />
        </label>
        <label>
          {t('map.data.tilesSubdomains')}
          <input value={form.subdomains} onChange={(e) => set({ subdomains: e.target.value })} maxLength={20} data-testid="map-tiles-subdomains" />
        </label>
        <label>
          {t('map.data.tilesAttribution')}
          <input value={form.attribution} onChange={(e) => set({ attribution: e.target.value })} maxLength={300} data-testid="map-tiles-attribution" />
        </label>
        <label>
          {t('map.data.tilesSystem')}
          <select value={form.system} onChange={(e) => set({ system: e.target.value as CoordSystem })} data-testid="map-tiles-system">
            <option value="GCJ-02">{t('map.sys.gcj')}</option>
            <option value="WGS-84">{t('map.sys.wgs')}</option>
          </select>
        </label>
        <label>
          {t('map.data.tilesMaxZoom')}
          <input type="number" min={1} max={22} value={form.maxZoom} onChange={(e) => set({ maxZoom: Number(e.target.value) || 18 })} data-testid="map-tiles-maxzoom" />
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.busy} data-testid="map-tiles-save">
            {save.busy ? t('common.saving') : t('common.save')}
          </button>
          {saved && <Notice testId="map-tiles-saved">{t('map.data.tilesSaved')}</Notice>}
        </div>
      </form>
      <ErrorBanner error={save.error} onClose={save.clearError} />
    </section>
  )
}
