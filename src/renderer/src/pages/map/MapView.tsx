// The Leaflet map: the optional online tiles, imported boundaries, villages as canvas points (so
// thousands stay smooth), a visit plan's route per day, and clicks to pick a village's position.
// Everything it draws comes from the data folder; without tiles it needs no network at all.
import L from 'leaflet'
import 'leaflet/dist/leaflet.css'
import { useEffect, useMemo, useRef } from 'react'
import { MapContainer, TileLayer, useMap, useMapEvents } from 'react-leaflet'
import type { MapLayers, MapVillage, VisitPlanView } from '../../../../core/contract'
import { t } from '../../i18n'
import { type ColourMode, DAY_COLOURS, villageColour } from './colors'

export interface MapViewProps {
  layers: MapLayers
  /** the villages to draw (already filtered) */
  villages: readonly MapVillage[]
  mode: ColourMode
  selected?: string
  onSelect: (code: string) => void
  /** a click sets a position instead of selecting */
  picking: boolean
  onPick: (lng: number, lat: number) => void
  plan?: VisitPlanView
  /** a county (or township) to zoom to: the filter's, else the office's own area */
  focus?: string
  onDrawn: (points: number) => void
  onTileError: () => void
}

/** Chinese office PCs: a view of Linfen-sized areas without data is better than the whole world. */
const FALLBACK_CENTER: L.LatLngTuple = [35.5, 110]

function ensurePane(map: L.Map, name: string, z: number): string {
  if (!map.getPane(name)) map.createPane(name).style.zIndex = String(z)
  return name
}

/** Text as a DOM node, so names from the data never reach innerHTML. */
function textNode(s: string): HTMLElement {
  const el = document.createElement('span')
  el.textContent = s
  return el
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The view of an area: its boundary (a county's or a township's), else its villages' points; everything without one. */
function boundsOf(layers: MapLayers, villages: readonly MapVillage[], area?: string): L.LatLngBounds | undefined {
  const b = L.latLngBounds([])
  for (const layer of layers.boundaries) {
    for (const f of layer.features) {
      if (area && f.code !== area) continue
      b.extend(L.geoJSON(f.geometry).getBounds())
    }
  }
  if (!b.isValid()) {
    for (const v of villages) if (v.lat !== undefined && v.lng !== undefined && (!area || v.countyCode === area || v.townshipCode === area)) b.extend([v.lat, v.lng])
  }
  return b.isValid() ? b : undefined
}

export function MapView(props: MapViewProps) {
  const initial = useMemo(() => boundsOf(props.layers, props.villages, props.focus), [])
  const tiles = props.layers.tiles
  const tilesOn = tiles.enabled && tiles.urlTemplate !== ''
  return (
    <MapContainer
      className={`field-map${props.picking ? ' picking' : ''}`}
      {...(initial ? { bounds: initial, boundsOptions: { padding: [16, 16] } } : { center: FALLBACK_CENTER, zoom: 7 })}
      preferCanvas
      minZoom={3}
      maxZoom={tilesOn ? tiles.maxZoom : 18}
      attributionControl={tilesOn}
      zoomSnap={0.5}
    >
      {tilesOn && (
        <TileLayer
          url={tiles.urlTemplate}
          attribution={escapeHtml(tiles.attribution)}
          maxZoom={tiles.maxZoom}
          {...(tiles.subdomains ? { subdomains: tiles.subdomains } : {})}
          eventHandlers={{ tileerror: props.onTileError }}
        />
      )}
      <MapSetup />
      <Boundaries layers={props.layers} />
      <VillagePoints
        villages={props.villages}
        mode={props.mode}
        dim={props.plan !== undefined}
        picking={props.picking}
        onSelect={props.onSelect}
        onPick={props.onPick}
        onDrawn={props.onDrawn}
      />
      {props.plan && <PlanRoute plan={props.plan} />}
      <Selected villages={props.villages} code={props.selected} />
      <Clicks picking={props.picking} onPick={props.onPick} />
      <Focus layers={props.layers} villages={props.villages} county={props.focus} />
    </MapContainer>
  )
}

/** Attribution without the library's own link, and a size that follows the box (Leaflet measures once). */
function MapSetup() {
  const map = useMap()
  useEffect(() => {
    // Only the tile provider's own attribution is shown (no library link or flag).
    map.attributionControl?.setPrefix(false)
    const ro = new ResizeObserver(() => map.invalidateSize())
    ro.observe(map.getContainer())
    return () => ro.disconnect()
  }, [map])
  return null
}

function Boundaries({ layers }: { layers: MapLayers }) {
  const map = useMap()
  useEffect(() => {
    const pane = ensurePane(map, 'field-boundaries', 350)
    const renderer = L.canvas({ pane })
    const group = L.layerGroup()
    // Townships under counties: thin and dashed; counties bold with their names.
    for (const layer of [...layers.boundaries].sort((a) => (a.level === 'township' ? -1 : 1))) {
      const county = layer.level === 'county'
      for (const f of layer.features) {
        const shape = L.geoJSON(f.geometry, {
          pane,
          renderer,
          interactive: false,
          style: county
            ? { color: '#3b5b82', weight: 1.6, fillColor: '#dfe8f3', fillOpacity: 0.25 }
            : { color: '#7c93ad', weight: 0.8, dashArray: '3 3', fill: false },
        } as L.GeoJSONOptions)
        if (county) shape.bindTooltip(textNode(f.name), { permanent: true, direction: 'center', className: 'county-label' })
        group.addLayer(shape)
      }
    }
    group.addTo(map)
    return () => {
      group.remove()
      map.removeLayer(renderer)
    }
  }, [map, layers])
  return null
}

function VillagePoints(props: {
  villages: readonly MapVillage[]
  mode: ColourMode
  dim: boolean
  picking: boolean
  onSelect: (code: string) => void
  onPick: (lng: number, lat: number) => void
  onDrawn: (n: number) => void
}) {
  const map = useMap()
  // Read at click time, so a change of mode does not rebuild thousands of markers.
  const live = useRef(props)
  live.current = props
  useEffect(() => {
    const pane = ensurePane(map, 'field-villages', 450)
    const renderer = L.canvas({ pane, padding: 0.3 })
    const tip = L.tooltip({ direction: 'top', offset: [0, -6] })
    const group = L.layerGroup()
    let n = 0
    // Stand-ins first, so a village's own point is drawn on top and wins the click.
    const ordered = [...props.villages.filter((v) => v.approx), ...props.villages.filter((v) => !v.approx)]
    for (const v of ordered) {
      if (v.lat === undefined || v.lng === undefined) continue
      const colour = villageColour(v, props.mode)
      const marker = L.circleMarker([v.lat, v.lng], {
        pane,
        renderer,
        radius: v.approx ? 4 : 5.5,
        color: v.approx ? colour : '#ffffff',
        weight: v.approx ? 1.5 : 1,
        dashArray: v.approx ? '2 2' : undefined,
        fillColor: colour,
        fillOpacity: (v.approx ? 0.3 : 0.95) * (props.dim ? 0.5 : 1),
        opacity: props.dim ? 0.5 : 1,
        bubblingMouseEvents: false,
      })
      // While placing a village, a click on another village's point still means "here".
      marker.on('click', (e: L.LeafletMouseEvent) => (live.current.picking ? live.current.onPick(e.latlng.lng, e.latlng.lat) : live.current.onSelect(v.code)))
      marker.on('mouseover', () => {
        tip.setLatLng(marker.getLatLng()).setContent(textNode(v.approx ? t('map.approxName', { name: v.name }) : v.name))
        map.openTooltip(tip)
      })
      marker.on('mouseout', () => map.closeTooltip(tip))
      group.addLayer(marker)
      n++
    }
    group.addTo(map)
    // Leaflet draws the canvas on the next animation frame; this callback runs after it.
    const frame = requestAnimationFrame(() => {
      performance.mark('map-points-drawn')
      live.current.onDrawn(n)
    })
    return () => {
      cancelAnimationFrame(frame)
      map.closeTooltip(tip)
      group.remove()
      map.removeLayer(renderer)
    }
  }, [map, props.villages, props.mode, props.dim])
  return null
}

function Selected({ villages, code }: { villages: readonly MapVillage[]; code?: string }) {
  const map = useMap()
  useEffect(() => {
    const v = code ? villages.find((x) => x.code === code) : undefined
    if (!v || v.lat === undefined || v.lng === undefined) return
    const ring = L.circleMarker([v.lat, v.lng], { pane: ensurePane(map, 'field-plan', 460), radius: 11, color: '#111827', weight: 2.5, fill: false, interactive: false })
    ring.addTo(map)
    return () => {
      ring.remove()
    }
  }, [map, villages, code])
  return null
}

/** The plan's stops, numbered per day, joined in visiting order; one colour per team-day. */
function PlanRoute({ plan }: { plan: VisitPlanView }) {
  const map = useMap()
  useEffect(() => {
    const pane = ensurePane(map, 'field-plan', 460)
    const group = L.layerGroup()
    planDays(plan).forEach((day, i) => {
      const colour = DAY_COLOURS[i % DAY_COLOURS.length]!
      const stops = day.items.filter((it) => it.lat !== undefined && it.lng !== undefined)
      if (stops.length > 1) {
        group.addLayer(L.polyline(stops.map((s) => [s.lat!, s.lng!] as L.LatLngTuple), { pane, color: colour, weight: 3, opacity: 0.85, dashArray: '8 5', interactive: false }))
      }
      for (const s of stops) {
        // A style property rather than a style attribute in markup, which the page's CSP refuses.
        const badge = textNode(String(s.order))
        badge.style.background = colour
        const icon = L.divIcon({ className: 'plan-stop', html: badge, iconSize: [22, 22], iconAnchor: [11, 11] })
        const m = L.marker([s.lat!, s.lng!], { pane, icon, keyboard: false })
        m.bindTooltip(textNode(t('map.planStop', { date: s.date, team: s.teamName, order: s.order, name: s.villageName })), { direction: 'top', offset: [0, -10] })
        group.addLayer(m)
      }
    })
    group.addTo(map)
    const stops = plan.items.filter((it) => it.lat !== undefined && it.lng !== undefined).map((it) => [it.lat!, it.lng!] as L.LatLngTuple)
    if (stops.length > 0) map.fitBounds(L.latLngBounds(stops), { padding: [40, 40], maxZoom: 13 })
    return () => {
      group.remove()
    }
  }, [map, plan])
  return null
}

/** The plan's items grouped by team and date, in order: what the route and its legend show. */
export function planDays(plan: VisitPlanView): { team: number; teamName: string; date: string; items: VisitPlanView['items'] }[] {
  const days = new Map<string, { team: number; teamName: string; date: string; items: VisitPlanView['items'] }>()
  for (const it of plan.items) {
    const key = `${it.team}|${it.date}`
    let d = days.get(key)
    if (!d) days.set(key, (d = { team: it.team, teamName: it.teamName, date: it.date, items: [] }))
    d.items.push(it)
  }
  return [...days.values()]
    .sort((a, b) => a.team - b.team || (a.date < b.date ? -1 : 1))
    .map((d) => ({ ...d, items: [...d.items].sort((a, b) => a.order - b.order) }))
}

function Clicks({ picking, onPick }: { picking: boolean; onPick: (lng: number, lat: number) => void }) {
  useMapEvents({
    click(e) {
      if (picking) onPick(e.latlng.lng, e.latlng.lat)
    },
  })
  return null
}

/** Fits the view to the data when it first arrives (an empty map got the fallback view), and to a chosen county. */
function Focus({ layers, villages, county }: { layers: MapLayers; villages: readonly MapVillage[]; county?: string }) {
  const map = useMap()
  const fitted = useRef<boolean | undefined>(undefined)
  const lastCounty = useRef(county)
  useEffect(() => {
    const b = boundsOf(layers, villages, county)
    // The first render's view comes from MapContainer's bounds (when there was anything to fit).
    if (fitted.current === undefined) {
      fitted.current = b !== undefined
      return
    }
    if ((!fitted.current || lastCounty.current !== county) && b) {
      map.fitBounds(b, { padding: [16, 16] })
      fitted.current = true
    }
    lastCounty.current = county
  }, [map, layers, villages, county])
  return null
}
