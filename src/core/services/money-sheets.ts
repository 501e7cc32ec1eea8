// The money part's printable Excel files, all in the house print style (print-sheet.ts): the
// deposit register (押金台账), the payment roster (花名册) and the reconciliation (对账表); the
// receipts and vouchers are in deposit-slips.ts. Amounts are yuan numbers computed exactly from fen, shown as #,##0.00.

import type { FileOutput, Input, ReconRow } from '../contract'
import { DEPOSIT_KIND_LABEL, type DepositEntry } from '../domain/ledger'
import { chineseUpper, yuanNumber, yuanText } from '../domain/money'
import { FUNDING_LEVELS, ITEM_LABEL, LEVEL_LABEL, PAYEE_LABEL, SUBSIDY_ITEMS } from '../domain/policy'

import { addPrintSheet, type CellValue, FMT, newWorkbook, safeFileName, type SheetColumn, workbookFile } from '../excel/print-sheet'
import { requireBatch, view } from './batches'
import type { Ctx } from './context'
import { moneyIndex } from './money-index'
import { placeOf, scopeOf } from './money-lookup'
import { summary } from './reconcile'

const pad = (n: number) => String(n).padStart(2, '0')

function madeAt(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** 2026-11-20 → 2026年11月20日 */
function dateCn(ymd: string): string {
  const [y, m, d] = ymd.split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

const yuanCol = (header: string, group?: string): SheetColumn => ({ header, group, numFmt: FMT.yuan })

function yuanCells(values: number[]): number[] {
  return values.map(yuanNumber)
}

// ---------- deposit register ----------

export async function registerFile(ctx: Ctx, input: Input<'deposits.register'>): Promise<FileOutput> {
  const scope = scopeOf(ctx, input.scopeCode)
  const idx = moneyIndex(ctx)
  const entries: DepositEntry[] = []
  for (const county of scope.counties) {
    for (const e of idx.ledger(county).entries) {
      if (e.account !== 'deposit' || !scope.contains(e.villageCode)) continue
      if ((input.from && e.date < input.from) || (input.to && e.date > input.to)) continue
      entries.push(e)
    }
  }
  const reversedBy = new Map<string, DepositEntry>()
  for (const e of entries) if (e.reverses) reversedBy.set(e.reverses, e)
  // The entry a reversal voids, even when it lies before the period: its receipt number and date show.
  const original = (id: string) => {
    const e = ctx.store.get('ledger', id)
    return e?.account === 'deposit' ? e : undefined
  }
  /** "2026-09-01 收取押金": the entry a reversal cancels */
  const named = (e: DepositEntry | undefined, id: string) => (e ? `${e.date} ${DEPOSIT_KIND_LABEL[e.kind]}` : id)
  const sums = [0, 0, 0, 0]
  const kinds = ['receive', 'refund', 'convert', 'offset'] as const
  const rows: CellValue[][] = entries.map((e, i) => {
    const h = ctx.store.get('households', e.householdId)
    const p = placeOf(ctx, e.villageCode)
    const cols: Array<number | null> = kinds.map((k) => (k === e.kind ? (e.reverses ? -e.amount : e.amount) : null))
    cols.forEach((v, j) => (sums[j]! += v ?? 0))
    const by = reversedBy.get(e.id)
    const reversed = e.reverses ? original(e.reverses) : undefined
    const note = e.reverses ? `冲正 ${named(reversed, e.reverses)}：${e.note ?? ''}` : [by ? `已于 ${by.date} 冲正` : '', e.note ?? ''].filter(Boolean).join('；')
    return [
      i + 1,
      e.date,
      // A voided receipt's number shows again on the line that voids it.
      e.receiptNo ?? reversed?.receiptNo ?? '',
      p.township,
      p.village,
      h?.headName ?? '',
      e.householdId,
      e.reverses ? `冲正（${DEPOSIT_KIND_LABEL[e.kind]}）` : DEPOSIT_KIND_LABEL[e.kind],
      ...cols.map((v) => (v === null ? null : yuanNumber(v))),
      e.who,
      note,
    ]
  })
  const balance = sums[0]! - sums[1]! - sums[2]! - sums[3]!
  rows.push(['合计', '', '', '', '', '', '', `${entries.length} 笔`, ...yuanCells(sums), '', ''])
  const period = input.from || input.to ? `${input.from ? dateCn(input.from) : '开始'} 至 ${input.to ? dateCn(input.to) : '今'}` : `截至 ${dateCn(ctx.today())}`
  const wb = newWorkbook(ctx.settings().operator, ctx.now())
  addPrintSheet(wb, {
    name: '押金台账',
    title: `${scope.name}清洁取暖改造押金台账`,
    subtitle: period,
    unit: ctx.settings().unitName,
    madeAt: madeAt(ctx.now()),
    columns: [
      { header: '序号', align: 'center' },
      { header: '日期' },
      { header: '收据编号' },
      { header: '乡镇' },
      { header: '村' },
      { header: '户主' },
      { header: '农户编号' },
      { header: '业务' },
      ...['收取', '退还', '转充燃气费', '抵扣'].map((h) => ({ ...yuanCol(h, '金额（元）'), width: 14 })),
      { header: '经办人' },
      { header: '备注', width: 30 },
    ],
    rows,
    totalRows: [rows.length - 1],
    fitRowHeights: true,
    notes: [
      `本期收取 ${yuanText(sums[0]!)} 元 − 退还 ${yuanText(sums[1]!)} 元 − 转充燃气费 ${yuanText(sums[2]!)} 元 − 抵扣 ${yuanText(sums[3]!)} 元 = ${yuanText(balance)} 元。冲正记录以负数列在原业务的金额栏。`,
      '制表人：　　　　　　　　审核人：　　　　　　　　负责人：',
    ],
  })
  return workbookFile(wb, safeFileName(`押金台账_${scope.name}_${ctx.today()}.xlsx`))
}

// ---------- roster ----------

export async function rosterFile(ctx: Ctx, input: Input<'batches.roster'>): Promise<FileOutput> {
  const batch = requireBatch(ctx, input.batchId)
  const full = !!input.full
  if (full) {
    ctx.note('payment-batches', batch.id, {
      exported: 'roster',
      full: ['idNumber', 'bankCard'],
      households: batch.lines.length,
    })
  }
  const b = view(ctx, batch, full)
  const levels = FUNDING_LEVELS.filter((l) => b.byLevel[l] !== 0)
  const rows: CellValue[][] = b.lines.map((l, i) => {
    const p = placeOf(ctx, l.villageCode)
    const remark = [l.accountHolder ? `持卡人：${l.accountHolder}` : '', l.payee === 'gasCard' && l.gasCardNo ? `燃气卡：${l.gasCardNo}` : '', l.reversedBy ? '已冲正' : '']
    return [
      i + 1,
      p.township,
      p.village,
      l.headName,
      l.idNumber ?? '',
      l.bankName ?? '',
      l.bankCard ?? '',
      PAYEE_LABEL[l.payee],
      ...levels.map((lv) => yuanNumber(l.byLevel[lv])),
      yuanNumber(l.amount),
      remark.filter(Boolean).join('；'),
    ]
  })
  rows.push(['合计', '', '', `${b.lines.length} 户`, '', '', '', '', ...levels.map((lv) => yuanNumber(b.byLevel[lv])), yuanNumber(b.total), ''])
  const status =
    b.status === 'paid' ? `已发放（${dateCn(b.paidOn!)}${b.voucherNo ? `，凭证号 ${b.voucherNo}` : ''}）` : b.status === 'draft' ? '待发放' : '已作废'
  const wb = newWorkbook(ctx.settings().operator, ctx.now())
  addPrintSheet(wb, {
    name: '花名册',
    title: `${b.kind === 'reversal' ? '冲正 ' : ''}${b.scopeName} ${b.season} 采暖季${ITEM_LABEL[b.item]}发放花名册`,
    subtitle: `批次 ${b.id}　${status}${b.reverses ? `　冲正批次 ${b.reverses}` : ''}`,
    unit: ctx.settings().unitName,
    madeAt: madeAt(ctx.now()),
    columns: [
      { header: '序号', align: 'center' },
      { header: '乡镇' },
      { header: '村' },
      { header: '户主' },
      { header: '身份证号' },
      { header: '开户行' },
      { header: '银行卡号' },
      { header: '发放方式' },
      ...levels.map((lv) => yuanCol(LEVEL_LABEL[lv], '其中（元）')),
      yuanCol('金额（元）'),
      { header: '备注', width: 24 },
    ],
    rows,
    totalRows: [rows.length - 1],
    fitRowHeights: true,
    notes: [
      `合计 ${b.lines.length} 户，金额 ${yuanText(b.total)} 元（人民币${chineseUpper(Math.abs(b.total))}）。`,
      full ? '本表含完整身份证号和银行卡号，仅供银行代发使用，请妥善保管，用后销毁。' : '身份证号、银行卡号已脱敏；银行代发需要完整号码时，另行导出完整版（导出操作记入审计记录）。',
      '制表人：　　　　　　　　审核人：　　　　　　　　财务负责人：　　　　　　　　单位负责人：',
    ],
  })
  return workbookFile(wb, safeFileName(`花名册_${b.id}${full ? '_完整号码' : ''}.xlsx`))
}

// ---------- reconciliation ----------

const LEVEL_ROW_LABEL: Record<ReconRow['level'], string> = { city: '县区', county: '县区', township: '乡镇', village: '村', household: '户主' }

export async function reconcileFile(ctx: Ctx, input: Input<'reconcile.export'>): Promise<FileOutput> {
  const r = summary(ctx, input)
  const rowHead = r.rowLevel === 'county' ? '县区' : LEVEL_ROW_LABEL[r.rowLevel]
  const all = [...r.rows, r.total]
  const name = (x: ReconRow) => (x === r.total ? '合计' : x.name)
  const asOf = `截至 ${dateCn(r.asOf ?? ctx.today())}`
  const subtitle = `${r.season} 采暖季　${asOf}${r.policy ? `　政策：${r.policy.name}（第 ${r.policy.revision} 版）` : '　（本采暖季尚无补贴政策）'}`
  const common = { unit: ctx.settings().unitName, madeAt: madeAt(ctx.now()), subtitle, totalRows: [r.rows.length] }
  const wb = newWorkbook(ctx.settings().operator, ctx.now())
  // Six columns would be narrower than the title block (制表单位 and 制表时间 share one line), so
  // the amounts are given room: wide enough for the unit's name over the left half.
  const amount = (header: string): SheetColumn => ({ ...yuanCol(header), width: 18 })
  addPrintSheet(wb, {
    ...common,
    subtitle: asOf,
    name: '押金对账',
    title: `${r.scope.name}清洁取暖改造押金对账表`,
    columns: [{ header: rowHead }, amount('收取'), amount('退还'), amount('转充燃气费'), amount('抵扣'), amount('余额')],
    rows: all.map((x) => [name(x), ...yuanCells([x.deposits.received, x.deposits.refunded, x.deposits.converted, x.deposits.offset, x.deposits.balance])]),
    notes: ['余额 = 收取 − 退还 − 转充燃气费 − 抵扣（均已扣除冲正）。单位：元。', '制表人：　　　　　　　　审核人：　　　　　　　　负责人：'],
  })
  const items = SUBSIDY_ITEMS.filter((it) => r.total.byItem[it].entitled !== 0 || r.total.byItem[it].paid !== 0)
  const triple = (group: string): SheetColumn[] => [yuanCol('应发', group), yuanCol('已发', group), yuanCol('未发', group)]
  addPrintSheet(wb, {
    ...common,
    name: '补贴对账（按项目）',
    title: `${r.scope.name}清洁取暖补贴对账表（按补贴项目）`,
    columns: [{ header: rowHead }, { header: '应享户数', numFmt: FMT.int }, ...items.flatMap((it) => triple(ITEM_LABEL[it])), ...triple('合计')],
    rows: all.map((x) => [
      name(x),
      x.households,
      ...items.flatMap((it) => yuanCells([x.byItem[it].entitled, x.byItem[it].paid, x.byItem[it].outstanding])),
      ...yuanCells([x.subsidy.entitled, x.subsidy.paid, x.subsidy.outstanding]),
    ]),
    notes: ['未发 = 应发 − 已发；负数表示多发，需核实追回或在后续结算中抵减。单位：元。', '制表人：　　　　　　　　审核人：　　　　　　　　负责人：'],
  })
  const levels = FUNDING_LEVELS.filter((l) => r.total.byLevel[l].entitled !== 0 || r.total.byLevel[l].paid !== 0)
  addPrintSheet(wb, {
    ...common,
    name: '补贴对账（按资金层级）',
    title: `${r.scope.name}清洁取暖补贴对账表（按资金层级）`,
    columns: [{ header: rowHead }, ...levels.flatMap((l) => triple(`${LEVEL_LABEL[l]}资金`)), ...triple('合计')],
    rows: all.map((x) => [
      name(x),
      ...levels.flatMap((l) => yuanCells([x.byLevel[l].entitled, x.byLevel[l].paid, x.byLevel[l].outstanding])),
      ...yuanCells([x.subsidy.entitled, x.subsidy.paid, x.subsidy.outstanding]),
    ]),
    notes: ['各级资金按政策规定的分担比例计算，分到分，尾差按余数大小依次分配，各级之和等于应发总额。单位：元。', '制表人：　　　　　　　　审核人：　　　　　　　　负责人：'],
  })
  return workbookFile(wb, safeFileName(`对账表_${r.scope.name}_${r.season}_${r.asOf ?? ctx.today()}.xlsx`))
}
