// What a deposit operation prints (押金收据 for money received; 退还/转充/抵扣凭证 for money going
// out, naming the receipts the deposit was taken on): one A4 page of three parts — 存根, the
// payer's (or payee's) copy, 财务联 — with cut lines between them. The same slip is printed from
// the app (deposits.slip) and as an .xlsx (deposits.receipt, deposits.voucher).

import type ExcelJS from 'exceljs'
import type { DepositSlip, FileOutput, SlipField } from '../contract'
import { type DepositEntry, reversalId } from '../domain/ledger'
import { maskIdNumber } from '../domain/mask'
import { chineseUpper, yuanNumber } from '../domain/money'
import { slipRows } from '../domain/slip-rows'
import { AppError } from '../errors'
import { font, newWorkbook, safeFileName, safeSheetName, workbookFile } from '../excel/print-sheet'
import type { Ctx } from './context'
import { moneyIndex } from './money-index'
import { placeOf } from './money-lookup'

/** 2026-11-20 → 2026年11月20日 */
function dateCn(ymd: string): string {
  const [y, m, d] = ymd.split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

const VOUCHER = {
  refund: { title: '押金退还凭证', date: '退款日期', person: '领款人', copy: '第二联 领款人收执', business: '退还押金' },
  convert: { title: '押金转充凭证', date: '转充日期', person: '户主', copy: '第二联 户主收执', business: '押金转充燃气费' },
  offset: { title: '押金抵扣凭证', date: '抵扣日期', person: '户主', copy: '第二联 户主收执', business: '押金抵扣' },
} as const

const CUT = '✂ - - - - - - - - - - - - - - - - - - 沿 此 线 剪 开 - - - - - - - - - - - - - - - - - -'

function requireDepositEntry(ctx: Ctx, entryId: string): DepositEntry {
  const e = ctx.store.get('ledger', entryId)
  if (!e || e.account !== 'deposit') throw new AppError('not_found', `找不到押金记录 ${entryId}。`, { where: { field: 'entryId' } })
  if (e.reverses) throw new AppError('invalid_input', '冲正记录没有收据或凭证；原记录的收据或凭证上标明“已作废”。', { where: { field: 'entryId' } })
  return e
}

/** The household's receipts a refund, conversion or offset draws on: those taken by its day and not reversed. */
function receiptsOf(ctx: Ctx, e: DepositEntry): string[] {
  const out: string[] = []
  for (const x of moneyIndex(ctx).ledger(e.householdId.slice(0, 6)).entries) {
    if (x.account !== 'deposit' || x.householdId !== e.householdId || x.kind !== 'receive' || x.reverses || !x.receiptNo || x.date > e.date) continue
    if (ctx.store.get('ledger', reversalId(x.id))) continue
    out.push(x.receiptNo)
  }
  return out.sort()
}

/** A deposit operation as it prints: a receipt for money received, a voucher for money paid out. */
export function depositSlip(ctx: Ctx, entryId: string): DepositSlip {
  const e = requireDepositEntry(ctx, entryId)
  const h = ctx.store.get('households', e.householdId)
  const p = placeOf(ctx, e.villageCode)
  const rev = ctx.store.get('ledger', reversalId(e.id))
  const s = ctx.settings()
  const address: SlipField = { label: '住址', value: [p.county, p.township, p.village, h?.address].filter(Boolean).join(' '), wide: true }
  const common = {
    void: rev ? `已作废：${dateCn(rev.date)}冲正，原因：${rev.note ?? ''}（${rev.who}）` : null,
    unitName: s.unitName,
  }
  const tail = (extra: SlipField[]): SlipField[] => [
    ...extra,
    ...(e.note ? [{ label: '备注', value: e.note, wide: true }] : []),
    ...(common.void ? [{ label: '状态', value: common.void, wide: true }] : []),
  ]
  const amount: SlipField = { label: '金额（小写）', value: yuanNumber(e.amount), money: true }
  const upper: SlipField = { label: '金额（大写）', value: `人民币${chineseUpper(e.amount)}`, wide: true }
  if (e.kind === 'receive') {
    const title = rev ? '押金收据（已作废）' : '押金收据'
    return {
      kind: 'receipt',
      entryId: e.id,
      title,
      number: e.receiptNo ?? e.id,
      copies: ['第一联 存根', '第二联 交款人收执', '第三联 财务记账'],
      fields: tail([
        { label: '收据编号', value: e.receiptNo ?? '' },
        { label: '收款日期', value: dateCn(e.date) },
        { label: '交款人', value: e.payer ?? h?.headName ?? '' },
        { label: '户主', value: h?.headName ?? '' },
        { label: '身份证号', value: maskIdNumber(h?.idNumber) ?? '' },
        { label: '农户编号', value: e.householdId },
        address,
        amount,
        { label: '款项', value: '清洁取暖改造押金' },
        upper,
        { label: '收款单位', value: s.unitName },
        { label: '经办人', value: e.who },
      ]),
      notes: ['押金退还、转充燃气费或抵扣时，请出示本收据。'],
      signatures: '收款单位（盖章）：　　　　　　　　经办人（签字）：　　　　　　　　交款人（签字）：',
      ...common,
    }
  }
  const v = VOUCHER[e.kind]
  const receipts = receiptsOf(ctx, e)
  return {
    kind: 'voucher',
    entryId: e.id,
    title: rev ? `${v.title}（已作废）` : v.title,
    number: e.id,
    copies: ['第一联 存根', v.copy, '第三联 财务记账'],
    fields: tail([
      { label: '凭证编号', value: e.id },
      { label: v.date, value: dateCn(e.date) },
      { label: v.person, value: e.payer ?? h?.headName ?? '' },
      { label: '户主', value: h?.headName ?? '' },
      { label: '身份证号', value: maskIdNumber(h?.idNumber) ?? '' },
      { label: '农户编号', value: e.householdId },
      address,
      amount,
      { label: '业务', value: v.business },
      upper,
      { label: '原收据编号', value: receipts.length > 0 ? receipts.join('、') : '（无）', wide: true },
      ...(e.kind === 'convert' && e.gasCardNo ? [{ label: '燃气卡号', value: e.gasCardNo, wide: true }] : []),
      { label: '办理单位', value: s.unitName },
      { label: '经办人', value: e.who },
    ]),
    notes: [`本凭证所列金额从押金余额中${e.kind === 'refund' ? '退还' : e.kind === 'convert' ? '转充燃气费' : '抵扣'}，原收据编号见上。`],
    signatures: `办理单位（盖章）：　　　　　　　　经办人（签字）：　　　　　　　　${v.person}（签字）：`,
    ...common,
  }
}

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } }
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN }
const DASHED: Partial<ExcelJS.Border> = { style: 'dashed', color: { argb: 'FF808080' } }

/** The slip as one A4 portrait sheet, its three parts stacked with cut lines, fit to one page. */
export function slipWorkbook(ctx: Ctx, slip: DepositSlip): ExcelJS.Workbook {
  const wb = newWorkbook(ctx.settings().operator, ctx.now())
  const ws = wb.addWorksheet(safeSheetName(wb, slip.kind === 'receipt' ? '收据' : '凭证'))
  ws.columns = [{ width: 14 }, { width: 32 }, { width: 14 }, { width: 32 }]
  let r = 1
  const line = (text: string, f: Partial<ExcelJS.Font>, height: number, align: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle' }) => {
    ws.mergeCells(r, 1, r, 4)
    const c = ws.getCell(r, 1)
    c.value = text
    c.font = f
    c.alignment = align
    ws.getRow(r++).height = height
  }
  slip.copies.forEach((copy, i) => {
    line(slip.title, font(16, true, '黑体'), 28)
    line(`No. ${slip.number}　　${copy}`, font(10.5), 18)
    for (const pair of slipRows(slip.fields)) {
      const row = ws.getRow(r)
      row.height = 22
      const put = (col: number, f: SlipField, span: number) => {
        const label = row.getCell(col)
        label.value = f.label
        label.font = font(10.5, true)
        label.alignment = { horizontal: 'center', vertical: 'middle' }
        label.border = BOX
        if (span > 1) ws.mergeCells(r, col + 1, r, col + span)
        const value = row.getCell(col + 1)
        value.value = f.value
        value.font = font(f.money ? 11 : 10.5, !!f.money)
        value.alignment = { horizontal: 'left', vertical: 'middle', shrinkToFit: true }
        value.border = BOX
        if (f.money) value.numFmt = '"¥"#,##0.00'
        for (let c = col + 2; c <= col + span; c++) row.getCell(c).border = BOX
      }
      if (pair.length === 1 && pair[0]!.wide) put(1, pair[0]!, 3)
      else {
        put(1, pair[0]!, 1)
        if (pair[1]) put(3, pair[1], 1)
        else for (const c of [3, 4]) row.getCell(c).border = BOX
      }
      r++
    }
    for (const n of slip.notes) line(n, font(9.5), 16, { horizontal: 'left', vertical: 'middle' })
    line(slip.signatures, font(10.5), 26, { horizontal: 'left', vertical: 'bottom' })
    if (i < slip.copies.length - 1) {
      line(CUT, { ...font(9), color: { argb: 'FF808080' } }, 22)
      for (let c = 1; c <= 4; c++) ws.getCell(r - 1, c).border = { bottom: DASHED }
      ws.getRow(r++).height = 6
    }
  })
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 1,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.4, bottom: 0.4, header: 0.2, footer: 0.2 },
  }
  return wb
}

/** 押金收据_141021-2026-000001.xlsx; 押金退还凭证_…; _已作废 when reversed. */
export async function slipFile(ctx: Ctx, slip: DepositSlip): Promise<FileOutput> {
  const base = slip.title.replace('（已作废）', '')
  return workbookFile(slipWorkbook(ctx, slip), safeFileName(`${base}_${slip.number}${slip.void ? '_已作废' : ''}.xlsx`))
}

export async function receiptFile(ctx: Ctx, entryId: string): Promise<FileOutput> {
  const e = ctx.store.get('ledger', entryId)
  if (!e || e.account !== 'deposit' || e.kind !== 'receive' || e.reverses) {
    throw new AppError('invalid_input', '只有收取押金的记录有收据；退还、转充、抵扣请打印凭证。', { where: { field: 'entryId' } })
  }
  return slipFile(ctx, depositSlip(ctx, entryId))
}

export async function voucherFile(ctx: Ctx, entryId: string): Promise<FileOutput> {
  const e = ctx.store.get('ledger', entryId)
  if (!e || e.account !== 'deposit' || e.kind === 'receive' || e.reverses) {
    throw new AppError('invalid_input', '只有退还、转充、抵扣押金的记录有凭证；收取押金请打印收据。', { where: { field: 'entryId' } })
  }
  return slipFile(ctx, depositSlip(ctx, entryId))
}
