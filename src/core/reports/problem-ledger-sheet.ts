// The problem ledger (问题整改台账) as a print-ready workbook: one row per problem, overdue rows in
// red, the counts per status and the filter under the title.

import type { Input, ProblemLedger } from '../contract'
import { addPrintSheet, madeAtText, FMT, newWorkbook, safeFileName, workbookFile } from '../excel/print-sheet'
import type { FileOutput } from '../methods/schemas'
import { ACTION_LABEL, STATUS_LABEL } from '../domain/problem-flow'
import { PROBLEM_STATUSES, type ProblemSource } from '../domain/problems'

export const SOURCE_LABEL: Record<ProblemSource, string> = { visit: '走访发现', complaint: '群众投诉', report: '乡镇上报' }

const OVERDUE_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE4E1' } } as const
const OVERDUE_FONT_COLOR = { argb: 'FFB42318' }

function chineseDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export async function ledgerWorkbook(
  l: ProblemLedger,
  opts: { unit: string; operator: string; now: Date; county?: string; filter: Input<'problems.list'> },
): Promise<FileOutput> {
  const f = opts.filter
  const filters = [
    opts.county,
    f.status === 'unclosed' ? '未销号' : f.status ? STATUS_LABEL[f.status] : undefined,
    f.responsibleUnit ? `责任单位：${f.responsibleUnit}` : undefined,
    f.overdueOnly ? '仅逾期' : undefined,
    f.q ? `含“${f.q}”` : undefined,
  ].filter(Boolean)
  const wb = newWorkbook(opts.operator, opts.now)
  const rows = l.items.map((p) => [
    p.id,
    p.countyName,
    [p.townshipName, p.villageName, p.placeDetail].filter(Boolean).join(' '),
    p.description,
    SOURCE_LABEL[p.source],
    p.openedOn,
    [p.responsibleUnit, p.responsiblePerson ? `（${p.responsiblePerson}）` : ''].join('') || '（待交办）',
    p.deadline,
    p.acceptanceStandard,
    p.status === 'closed' ? `${STATUS_LABEL.closed}（${p.closedOn}）` : STATUS_LABEL[p.status],
    p.overdue ? p.daysOverdue : null,
    p.steps
      .slice(1)
      .map((s) => `${s.date.slice(5)} ${s.action ? ACTION_LABEL[s.action] : STATUS_LABEL[s.status]}${s.note ? `：${s.note}` : ''}`)
      .join('；'),
  ])
  const c = l.counts
  const layout = addPrintSheet(wb, {
    name: '问题台账',
    title: `${opts.county ?? ''}清洁取暖问题整改台账`,
    subtitle: `截至${chineseDate(l.date)}${filters.length ? `（${filters.join('，')}）` : ''}　共 ${l.items.length} 条`,
    unit: opts.unit,
    madeAt: madeAtText(opts.now),
    columns: [
      { header: '问题编号', width: 13 },
      { header: '县区', width: 9 },
      { header: '地点', width: 18 },
      { header: '问题描述', width: 30 },
      { header: '来源', width: 9, align: 'center' },
      { header: '发现日期', width: 11, align: 'center' },
      { header: '责任单位（责任人）', width: 20 },
      { header: '整改时限', width: 11, align: 'center' },
      { header: '验收标准', width: 18 },
      { header: '状态', width: 9, align: 'center' },
      { header: '逾期天数', width: 10, numFmt: FMT.int },
      { header: '整改过程', width: 28 },
    ],
    rows,
    fitRowHeights: true,
    notes: [
      `全部 ${c.total} 条：${PROBLEM_STATUSES.map((s) => `${STATUS_LABEL[s]} ${c[s]}`).join('，')}；逾期 ${c.overdue} 条。`,
      '逾期：过了当时的整改时限仍未整改到位（未验收通过、未销号，红色标出）。整改一个、销号一个：销号须先验收通过。',
    ],
  })
  l.items.forEach((p, i) => {
    if (!p.overdue) return
    const r = layout.sheet.getRow(layout.firstDataRow + i)
    for (let col = 1; col <= 12; col++) r.getCell(col).fill = OVERDUE_FILL
    for (const col of [8, 10, 11]) r.getCell(col).font = { ...r.getCell(col).font, color: OVERDUE_FONT_COLOR, bold: true }
  })
  return workbookFile(wb, safeFileName(`问题整改台账_${l.date}.xlsx`))
}
