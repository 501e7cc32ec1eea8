// The main window's size and position, remembered between runs in userData/window-state.json,
// and brought back onto a screen that exists today (a second monitor may have gone).
import type { BrowserWindow, Rectangle } from 'electron'
import { screen } from 'electron'
import { z } from 'zod'
import { readJsonFile, writeJsonFile } from './json-file'

export interface WindowState {
  /** absent: let the system centre the window */
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const DEFAULT_WINDOW: WindowState = { width: 1366, height: 768, maximized: false }
export const MIN_WINDOW = { width: 1024, height: 640 }

const coord = z.number().int().min(-100_000).max(100_000)
const extent = z.number().int().min(1).max(100_000)
const stateSchema = z.object({
  x: coord.optional(),
  y: coord.optional(),
  width: extent,
  height: extent,
  maximized: z.boolean(),
})

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v))

/**
 * The state fitted to the displays' work areas: on the display it overlaps most (the primary,
 * the first area, when it overlaps none), no larger than that area and wholly inside it.
 */
export function fitToDisplays(state: WindowState, workAreas: Rectangle[]): WindowState {
  const primary = workAreas[0]
  if (!primary) return { ...state }
  const width = state.width
  const height = state.height
  let area = primary
  let positioned = state.x !== undefined && state.y !== undefined
  if (positioned) {
    const rect = { x: state.x!, y: state.y!, width, height }
    let best = 0
    for (const a of workAreas) {
      const o = overlap(rect, a)
      if (o > best) {
        best = o
        area = a
      }
    }
    // Not on any screen today: centre it on the primary one.
    if (best === 0) positioned = false
  }
  const fitted = {
    width: clamp(width, Math.min(MIN_WINDOW.width, area.width), area.width),
    height: clamp(height, Math.min(MIN_WINDOW.height, area.height), area.height),
  }
  if (!positioned) return { ...fitted, maximized: state.maximized }
  return {
    x: clamp(state.x!, area.x, area.x + area.width - fitted.width),
    y: clamp(state.y!, area.y, area.y + area.height - fitted.height),
    ...fitted,
    maximized: state.maximized,
  }
}

/** The remembered state fitted to today's displays, or the default. */
export function loadWindowState(file: string): WindowState {
  const saved = readJsonFile(file, stateSchema) ?? DEFAULT_WINDOW
  const primary = screen.getPrimaryDisplay().workArea
  const others = screen
    .getAllDisplays()
    .map((d) => d.workArea)
    .filter((a) => a.x !== primary.x || a.y !== primary.y || a.width !== primary.width || a.height !== primary.height)
  return fitToDisplays(saved, [primary, ...others])
}

/** Saves the window's normal (not maximized) bounds and whether it was maximized, when it closes. */
export function rememberWindowState(win: BrowserWindow, file: string): void {
  win.on('close', () => {
    const b = win.getNormalBounds()
    const state: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() }
    try {
      writeJsonFile(file, state)
    } catch (e) {
      // Losing the window position is not worth stopping the app over.
      console.warn(`无法保存窗口位置（cannot save the window state）：${(e as Error).message}`)
    }
  })
}
