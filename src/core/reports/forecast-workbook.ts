// 用气/用电预测 as a print-ready workbook: one sheet for gas (万m³), one for power (万kWh), a row per unit.

import type ExcelJS from 'exceljs'
import { addPrintSheet, FMT } from '../excel/print-sheet'
import type { DemandCountyRow, DemandForecast, DemandTable } from '../methods/reports'
import { reportWorkbook, ROUNDING_NOTE, titleBlock } from './report-cells'

const WORDS = {
  gas: { sheet: '用气预测', use: '用气', on: '已通气', awaiting: '已装炉待通气', notInstalled: '未装炉', unit: '万m³', perUnit: 'm³' },
  electric: { sheet: '用电预测', use: '用电', on: '已通电', awaiting: '已装设备待通电', notInstalled: '未装设备', unit: '万kWh', perUnit: 'kWh' },
} as const

/** Totals are shown in 万 (10,000) units, as the office reports them. */
const wan = (x: number) => x / 10_000

export function forecastWorkbook(f: DemandForecast): ExcelJS.Workbook {
  const wb = reportWorkbook(f.header)
  for (const t of [f.gas, f.electric] as DemandTable[]) {
    const w = WORDS[t.route as keyof typeof WORDS]
    const cells = (r: DemandCountyRow, name: string) => [
      name,
      r.target,
      r.connected,
      r.awaiting,
      r.notInstalled,
      r.expected,
      wan(r.seasonNow),
      wan(r.seasonExpected),
      wan(r.peakNow),
      wan(r.peakExpected),
    ]
    addPrintSheet(wb, {
      name: w.sheet,
      ...titleBlock(f.header, `${f.header.title.includes('用气用电') ? f.header.title.replace('用气用电', w.use) : `${f.header.title}：${w.sheet}`}（${t.routeName}）`),
      columns: [
        { header: f.area.unitLabel },
        { header: '任务户数', numFmt: FMT.int },
        { header: w.on, group: '户数', numFmt: FMT.int },
        { header: w.awaiting, group: '户数', numFmt: FMT.int },
        { header: w.notInstalled, group: '户数', numFmt: FMT.int },
        { header: '预计用户', group: '户数', numFmt: FMT.int },
        { header: `按${w.on}`, group: `采暖季${w.use}量（${w.unit}）`, numFmt: FMT.dec2 },
        { header: '按预计用户', group: `采暖季${w.use}量（${w.unit}）`, numFmt: FMT.dec2 },
        { header: `按${w.on}`, group: `高峰日${w.use}量（${w.unit}）`, numFmt: FMT.dec2 },
        { header: '按预计用户', group: `高峰日${w.use}量（${w.unit}）`, numFmt: FMT.dec2 },
      ],
      rows: [...t.rows.map((r) => cells(r, r.countyName)), cells(t.total, f.area.totalName)],
      totalRows: [t.rows.length],
      // Narrow tables: portrait keeps a city's counties and the note on one page.
      orientation: 'portrait',
      notes: [
        `参数：户均采暖季${w.use}量 ${t.perHousehold.toLocaleString('en-US')} ${w.perUnit}；采暖季 ${f.season.from} 至 ${f.season.to}，共 ${f.season.days} 天；高峰系数 ${f.peakFactor}（可在“报表”页的报表设置中修改）。`,
        `说明：预计用户 = 任务户数，已装设备超过任务数的村按已装户数；${w.on} + ${w.awaiting} + ${w.notInstalled} = 预计用户。采暖季${w.use}量 = 户数 × 户均${w.use}量；高峰日${w.use}量 = 采暖季${w.use}量 ÷ 采暖季天数 × 高峰系数。${ROUNDING_NOTE}`,
      ],
    })
  }
  return wb
}
