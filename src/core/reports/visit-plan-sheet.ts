// The visit plan (走访计划表) as a print-ready workbook: one row per village in visiting order per
// team and day, and under it how the villages were drawn, so the draw can be repeated.

import type { VisitPlanView } from '../contract'
import { addPrintSheet, madeAtText, newWorkbook, safeFileName, workbookFile } from '../excel/print-sheet'
import type { FileOutput } from '../methods/schemas'
import { DRAW_METHOD } from '../domain/visit-draw'
import type { DrawReason } from '../domain/visits'

export const REASON_LABEL: Record<DrawReason, string> = { behind: '进度滞后', complaint: '有群众投诉' }

/** The rule the villages were drawn by, in words, with the seed: read out to show the draw was fair. */
export function drawDescription(plan: Pick<VisitPlanView, 'seed' | 'params'>): string {
  const p = plan.params
  const count = p.min === p.max ? `${p.min} 个` : `${p.min}–${p.max} 个`
  const parts = [`随机种子 ${plan.seed}`, `每个乡镇从有改造计划的村中随机抽取 ${count}`]
  if (p.weightBehind > 1) parts.push(`进度滞后的村被抽中的机会为其他村的 ${p.weightBehind} 倍`)
  if (p.weightComplaint > 1) parts.push(`有未销号群众投诉的村为 ${p.weightComplaint} 倍`)
  if (p.excludeDays > 0) parts.push(`不抽 ${p.asOf} 前 ${p.excludeDays} 天内走访过的村`)
  return `抽取方法：${parts.join('；')}（依据 ${p.asOf} 的进度和台账）。用同一随机种子和条件可重现本次抽取结果。`
}

export async function visitPlanWorkbook(plan: VisitPlanView, opts: { unit: string; operator: string; now: Date }): Promise<FileOutput> {
  const items = [...plan.items].sort((a, b) => a.team - b.team || (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order))
  const dates = items.map((i) => i.date).sort()
  const wb = newWorkbook(opts.operator, opts.now)
  const short = plan.townships.filter((t) => t.drawn < t.wanted)
  addPrintSheet(wb, {
    name: '走访计划',
    title: plan.title,
    subtitle: `${dates[0] ?? ''} 至 ${dates.at(-1) ?? ''}　${new Set(items.map((i) => i.countyCode)).size} 个县区、${new Set(items.map((i) => i.townshipCode)).size} 个乡镇、${items.length} 个村${plan.id ? `　计划编号 ${plan.id}` : ''}`,
    unit: opts.unit,
    madeAt: madeAtText(opts.now),
    columns: [
      { header: '序号', width: 6, align: 'center' },
      { header: '日期', width: 12, align: 'center' },
      { header: '走访组' },
      { header: '顺序', width: 6, align: 'center' },
      { header: '县区' },
      { header: '乡镇' },
      { header: '村' },
      { header: '联系人', width: 10 },
      { header: '联系电话', width: 14 },
      { header: '走访目的' },
      { header: '抽取说明' },
    ],
    rows: items.map((it, i) => [
      i + 1,
      it.date,
      it.teamName,
      it.order,
      it.countyName,
      it.townshipName,
      it.villageName,
      it.contactName ?? '',
      it.contactPhone ?? '',
      it.purpose,
      it.reasons.length ? `重点：${it.reasons.map((r) => REASON_LABEL[r]).join('、')}` : '随机',
    ]),
    fitRowHeights: true,
    notes: [
      drawDescription(plan),
      DRAW_METHOD,
      ...(short.length
        ? [`可抽的村不足的乡镇：${short.map((t) => `${t.countyName}${t.townshipName}（应抽 ${t.wanted}，可抽 ${t.available}${t.excluded ? `，近期已走访 ${t.excluded}` : ''}）`).join('；')}。`]
        : []),
      '走访顺序按就近原则建议，可根据路况调整。',
    ],
  })
  return workbookFile(wb, safeFileName(`走访计划_${plan.id ?? '预览'}_${dates[0] ?? ''}.xlsx`))
}
