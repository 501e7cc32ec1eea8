// A data folder for the intake tests: the Linfen divisions, plans for six villages of 屯里镇 and
// three of 吴村镇 (尧都区), and every village's figure of the day before (11-19) entered by hand,
// except 南太涧's (it has never reported). Files are then built in layouts the project's own
// templates never use, as township offices make them.

import ExcelJS from 'exceljs'
import type { Core } from '../../../src/core/api'
import type { DailyFigure } from '../../../src/core/domain/types'
import { STAGE_KEYS } from '../../../src/core/domain/types'
import { fileInput, openCore, SHARED } from './core'

export const TODAY = '2026-11-20'
export const PREV_DAY = '2026-11-19'

export interface VillageDef {
  code: string
  /** as townships write it */
  name: string
  /** as the division list has it */
  stored: string
  township: 'tunli' | 'wucun'
  route: 'gas' | 'electric'
  target: number
}

export const VILLAGES = {
  han: { code: '141002100200', name: '韩村村', stored: '韩村村委会', township: 'tunli', route: 'gas', target: 100 },
  gou: { code: '141002100203', name: '沟上村', stored: '沟上村委会', township: 'tunli', route: 'gas', target: 80 },
  jia: { code: '141002100204', name: '贾村', stored: '贾村村委会', township: 'tunli', route: 'gas', target: 100 },
  tun: { code: '141002100205', name: '屯里村', stored: '屯里村委会', township: 'tunli', route: 'gas', target: 150 },
  dzb: { code: '141002100206', name: '东张堡村', stored: '东张堡村委会', township: 'tunli', route: 'gas', target: 60 },
  xzb: { code: '141002100207', name: '西张堡村', stored: '西张堡村委会', township: 'tunli', route: 'electric', target: 40 },
  sun: { code: '141002106200', name: '孙曲村', stored: '孙曲村委会', township: 'wucun', route: 'electric', target: 50 },
  wang: { code: '141002106201', name: '王曲村', stored: '王曲村委会', township: 'wucun', route: 'electric', target: 50 },
  nan: { code: '141002106202', name: '南太涧村', stored: '南太涧村委会', township: 'wucun', route: 'electric', target: 40 },
} as const satisfies Record<string, VillageDef>
export type VKey = keyof typeof VILLAGES
export const TUNLI_KEYS: VKey[] = ['han', 'gou', 'jia', 'tun', 'dzb', 'xzb']
export const WUCUN_KEYS: VKey[] = ['sun', 'wang', 'nan']
export const TOWNSHIPS = { tunli: { code: '141002100', name: '屯里镇' }, wucun: { code: '141002106', name: '吴村镇' } } as const

/** Six stages (confirmed … accepted) and km. */
export type Fig = readonly [number, number, number, number, number, number, number]

/** 11-19, entered by hand (南太涧 has none). */
export const PREV: Partial<Record<VKey, Fig>> = {
  han: [75, 65, 55, 45, 35, 25, 2.4],
  gou: [58, 48, 38, 28, 18, 8, 1.1],
  jia: [88, 88, 83, 78, 68, 58, 2.9],
  tun: [118, 108, 98, 88, 78, 68, 4.2],
  dzb: [38, 28, 18, 8, 3, 0, 0.7],
  xzb: [28, 28, 18, 8, 0, 0, 0.9],
  sun: [18, 14, 9, 4, 0, 0, 1.4],
  wang: [28, 28, 23, 18, 10, 5, 1.9],
}

/** 11-20 as the townships report it: never below 11-19, stages in order, within the targets. */
export const NEW: Record<VKey, Fig> = {
  han: [80, 70, 60, 50, 40, 30, 2.5],
  gou: [60, 50, 40, 30, 20, 10, 1.2],
  jia: [90, 90, 85, 80, 70, 60, 3],
  tun: [120, 110, 100, 90, 80, 70, 4.25],
  dzb: [40, 30, 20, 10, 5, 0, 0.8],
  xzb: [30, 30, 20, 10, 0, 0, 1],
  sun: [20, 15, 10, 5, 0, 0, 1.5],
  wang: [30, 30, 25, 20, 12, 6, 2],
  nan: [10, 8, 6, 4, 2, 1, 0.5],
}

export const counts = (f: readonly number[]) => Object.fromEntries(STAGE_KEYS.map((k, i) => [k, f[i]!])) as DailyFigure['counts']

export async function county(): Promise<Core> {
  const core = openCore(undefined, TODAY)
  const api = core.api
  await api['divisions.import'](fileInput(`${SHARED}/linfen-divisions.csv`))
  for (const v of Object.values(VILLAGES)) {
    await api['villages.setPlan']({ villageCode: v.code, route: v.route, targetHouseholds: v.target, contractor: '演示企业', deadline: '2026-12-31', figureSource: 'counts' })
  }
  for (const [k, f] of Object.entries(PREV) as Array<[VKey, Fig]>) {
    await api['figures.record']({ villageCode: VILLAGES[k].code, date: PREV_DAY, counts: counts(f), networkKm: f[6] })
  }
  return core
}

/** The stored figure of a village on a day as [six stages, km], or undefined. */
export function stored(core: Core, k: VKey, date: string): number[] | undefined {
  const f = core.store!.get('figures', `${VILLAGES[k].code}|${date}`)
  return f ? [...STAGE_KEYS.map((s) => f.counts[s]), f.networkKm] : undefined
}

export type Cell = string | number | null | Date

export interface Sheet {
  name: string
  rows: Cell[][]
  merges?: string[]
  state?: 'visible' | 'hidden' | 'veryHidden'
}

export async function workbook(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state ?? 'visible' })
    s.rows.forEach((r, i) => r.forEach((v, j) => v !== null && (ws.getCell(i + 1, j + 1).value = v)))
    for (const m of s.merges ?? []) ws.mergeCells(m)
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** A CSV line as Excel writes one: cells with a comma or quote quoted. */
export function csvLine(cells: Cell[], sep = ','): string {
  return cells
    .map((c) => {
      const s = c === null ? '' : String(c)
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
    })
    .join(sep)
}

export const upload = (fileName: string, bytes: Buffer | string) => ({
  fileName,
  dataBase64: (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('base64'),
})
export type Upload = ReturnType<typeof upload>

/** Adds files to a new batch and reviews it (with a 报送日期 when given). */
export async function preview(core: Core, files: Upload[], date?: string) {
  let sessionId: string | undefined
  for (const f of files) sessionId = (await core.api['imports.addFile']({ sessionId, file: f })).sessionId
  return core.api['imports.review']({ sessionId: sessionId!, ...(date ? { date } : {}) })
}
