// Builds township submission files in memory (xlsx through exceljs, CSV as text) and a data folder
// with the Linfen divisions and plans for 屯里镇, so import tests need no binary fixtures.

import ExcelJS from 'exceljs'
import type { Core } from '../../../src/core/api'
import type { FilePreview, ImportProblem } from '../../../src/core/contract'
import { idCheckChar } from '../../../src/core/domain/id-number'
import { fileInput, openCore, SHARED } from './core'

export type Cell = string | number | null | Date

export interface SheetSpec {
  name: string
  rows: Cell[][]
  /** e.g. 'D3:I3' */
  merges?: string[]
  state?: 'visible' | 'hidden' | 'veryHidden'
}

export async function xlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state ?? 'visible' })
    s.rows.forEach((r, i) => {
      r.forEach((v, j) => {
        if (v !== null) ws.getCell(i + 1, j + 1).value = v
      })
    })
    for (const m of s.merges ?? []) ws.mergeCells(m)
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export const upload = (fileName: string, bytes: Buffer | Uint8Array | string) => ({
  fileName,
  dataBase64: (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)).toString('base64'),
})

export const TOWNSHIP = '141002100' // 屯里镇, 尧都区
export const TODAY = '2026-11-20'

/** Villages of 屯里镇 the corpus uses: code, name as the township writes it, plan. */
export const V = {
  han: { code: '141002100200', name: '韩村村', stored: '韩村村委会', target: 100, route: 'gas' },
  gou: { code: '141002100203', name: '沟上村', stored: '沟上村委会', target: 80, route: 'gas' },
  jia: { code: '141002100204', name: '贾村', stored: '贾村村委会', target: 100, route: 'gas' },
  tun: { code: '141002100205', name: '屯里村', stored: '屯里村委会', target: 150, route: 'gas' },
  dzb: { code: '141002100206', name: '东张堡村', stored: '东张堡村委会', target: 60, route: 'gas' },
  xzb: { code: '141002100207', name: '西张堡村', stored: '西张堡村委会', target: 40, route: 'electric' },
} as const
export type VillageKey = keyof typeof V
/** Kept by households (its figure is derived). */
export const DONGGAOHE = { code: '141002100209', name: '东高河村' }
/** No plan at all. */
export const XIGAOHE = { code: '141002100210', name: '西高河村' }

/** 11-20 figures of the base file: confirmed, network, meter, equipment, connected, accepted, km. */
export const BASE: Record<VillageKey, number[]> = {
  han: [80, 70, 60, 50, 40, 30, 2.5],
  gou: [60, 50, 40, 30, 20, 10, 1.2],
  jia: [90, 90, 85, 80, 70, 60, 3],
  tun: [120, 110, 100, 90, 80, 70, 4.25],
  dzb: [40, 30, 20, 10, 5, 0, 0.8],
  xzb: [30, 30, 20, 10, 0, 0, 1],
}
/** 韩村's figure the day before, entered by hand: what 回退 compares with. */
export const HAN_1119 = [75, 65, 55, 45, 35, 25, 2.4]

export const STAGE_HEADER = ['确户签约', '庭院管网', '入户装表', '壁挂炉安装', '点火通气', '验收']
export const HEADER = ['序号', '村代码', '村名称', ...STAGE_HEADER, '管线公里数']
export const TITLE = '尧都区屯里镇清洁取暖改造进度日报表'
export const DATE_LINE = '填报日期：2026年11月20日'

/** Rows 4.. of the base sheet, one per village in V order. */
export function baseRows(): Cell[][] {
  return (Object.keys(V) as VillageKey[]).map((k, i) => [i + 1, V[k].code, V[k].name, ...BASE[k]])
}

/** The base sheet (title, date line, header, six villages), with `edit` applied to its rows. */
export function figureSheet(edit: (rows: Cell[][]) => void = () => {}, name = '日报'): SheetSpec {
  const rows: Cell[][] = [[TITLE], [DATE_LINE], [...HEADER], ...baseRows()]
  edit(rows)
  return { name, rows }
}

/** Sheet row (1-based) of a village in the base sheet. */
export const rowOf = (k: VillageKey) => 4 + (Object.keys(V) as VillageKey[]).indexOf(k)
/** 0-based cell index of a header in the base sheet. */
export const colOf = (header: string) => HEADER.indexOf(header)

export function validId(county: string, birth: string, serial: number): string {
  const first17 = `${county}${birth}${String(serial).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

/**
 * A data folder with the Linfen divisions, plans for the V villages (counts), 东高河 kept by
 * households, 韩村's figure of 11-19 entered by hand, and (unless `seed` is false) the base
 * file of 11-20 imported.
 */
export async function township(seed = true): Promise<Core> {
  const core = openCore(undefined, TODAY)
  const api = core.api
  await api['divisions.import'](fileInput(`${SHARED}/linfen-divisions.csv`))
  for (const v of Object.values(V)) {
    await api['villages.setPlan']({ villageCode: v.code, route: v.route, targetHouseholds: v.target, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'counts' })
  }
  await api['villages.setPlan']({ villageCode: DONGGAOHE.code, route: 'gas', targetHouseholds: 20, contractor: '演示燃气公司', deadline: '2026-12-31', figureSource: 'households' })
  const [a, b, c, d, e, f, km] = HAN_1119 as [number, number, number, number, number, number, number]
  await api['figures.record']({
    villageCode: V.han.code,
    date: '2026-11-19',
    counts: { confirmed: a, network: b, meter: c, equipment: d, connected: e, accepted: f },
    networkKm: km,
  })
  if (seed) {
    const r = await importFiles(core, [upload('屯里镇基础.xlsx', await xlsx([figureSheet()]))])
    await api['imports.commit']({ sessionId: r.sessionId, onConflict: 'replace' })
  }
  return core
}

/** Adds files to a new batch and reviews it. */
export async function importFiles(core: Core, files: Array<{ fileName: string; dataBase64: string }>) {
  let sessionId: string | undefined
  for (const f of files) sessionId = (await core.api['imports.addFile']({ sessionId, file: f })).sessionId
  return core.api['imports.review']({ sessionId: sessionId! })
}

/** Problems as plain objects, for exact comparison. */
export function problemsOf(f: FilePreview): Array<Pick<ImportProblem, 'severity' | 'message' | 'where'>> {
  return f.problems.map((p) => ({ severity: p.severity, message: p.message, where: p.where }))
}
