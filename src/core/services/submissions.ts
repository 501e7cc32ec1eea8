// 网上填报: a township's daily figures entered in the browser (or read from its usual sheet by the
// importer's reader), checked as the importer checks a row, kept as a submission until the office
// accepts it — then stored in one transaction as figures of source 网上填报 naming who submitted —
// or returns it with a reason the township sees.

import type {
  FigureChange,
  ImportProblem,
  Input,
  SheetPreview,
  SubmissionAcceptResult,
  SubmissionCheck,
  SubmissionFileRead,
  SubmissionForm,
  SubmissionPreview,
  SubmissionView,
  FormVillage,
} from '../contract'
import { addDays, isValidDate } from '../domain/dates'
import { type Submission, type SubmissionRow, type SubmissionStatus, submissionId } from '../domain/submission'
import type { DailyFigure, Division, StageCounts } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { AppError, type ProblemDetail } from '../errors'
import { uploadBytes } from '../import/limits'
import { interpretSubmission, readSubmission } from '../import/submission'
import { figureKey } from '../store/collections'
import type { Ctx } from './context'
import { checkFigureRow, figureRefusal, sameCounts } from './figure-row'
import { placesOf } from './import-plan'

const RECENT = 10
/** How `SubmissionRow.kept` names the network length left blank. */
const KM = 'networkKm'
const ONLINE = '网上填报'

function township(ctx: Ctx, code: string | undefined): Division {
  const d = code ? ctx.division(code) : undefined
  if (!d || d.level !== 'township') {
    throw new AppError('invalid_input', code && ctx.division(code) ? `${ctx.division(code)!.name}不是乡镇：网上填报按乡镇填写，请选择一个乡镇。` : '请选择要填报的乡镇。', {
      where: { field: 'townshipCode' },
    })
  }
  return d
}

function checkDate(ctx: Ctx, date: string): void {
  if (!isValidDate(date)) throw new AppError('invalid_input', `日期 ${date} 不是有效日期。`, { where: { field: 'date' } })
  if (date > ctx.today()) throw new AppError('invalid_input', `不能填报未来日期（${date}）的进度。`, { where: { field: 'date' } })
}

function villagesOf(ctx: Ctx, townshipCode: string): Division[] {
  return (ctx.divisions().children.get(townshipCode) ?? []).map((c) => ctx.division(c)!).filter((d) => d?.level === 'village')
}

/** Submissions of a township on a day (every status), oldest first. */
function ofDay(ctx: Ctx, townshipCode: string, date: string): Submission[] {
  const out: Submission[] = []
  for (const s of ctx.store.partitionEntries('submissions', date.slice(0, 7)).values()) if (s.townshipCode === townshipCode && s.date === date) out.push(s)
  return out.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id))
}

/** The day's submission that counts: the latest one not replaced. */
function currentOf(ctx: Ctx, townshipCode: string, date: string): Submission | undefined {
  return ofDay(ctx, townshipCode, date)
    .filter((s) => s.status !== 'replaced')
    .at(-1)
}

/** For 未上报: each township's submission status on a day (pending and accepted ones have reported). */
export function onlineStatus(ctx: Ctx, date: string): Map<string, SubmissionStatus> {
  const latest = new Map<string, Submission>()
  for (const s of ctx.store.partitionEntries('submissions', date.slice(0, 7)).values()) {
    if (s.date !== date || s.status === 'replaced') continue
    const seen = latest.get(s.townshipCode)
    if (!seen || seen.submittedAt < s.submittedAt) latest.set(s.townshipCode, s)
  }
  return new Map([...latest].map(([k, s]) => [k, s.status]))
}

export function view(ctx: Ctx, s: Submission): SubmissionView {
  const t = ctx.division(s.townshipCode)
  const county = t ? ctx.division(t.parentCode) : undefined
  const v: SubmissionView = {
    id: s.id,
    townshipCode: s.townshipCode,
    townshipName: t?.name ?? s.townshipCode,
    countyName: county?.name ?? '',
    date: s.date,
    status: s.status,
    by: s.by,
    submittedAt: s.submittedAt,
    villages: s.rows.length,
    warnings: s.warnings,
  }
  if (s.fileName) v.fileName = s.fileName
  if (s.decidedBy) v.decidedBy = s.decidedBy
  if (s.decidedAt) v.decidedAt = s.decidedAt
  if (s.reason) v.reason = s.reason
  if (s.result) v.result = s.result
  return v
}

export function form(ctx: Ctx, input: Input<'submissions.form'>): SubmissionForm {
  const t = township(ctx, input.townshipCode)
  const date = input.date ?? ctx.today()
  checkDate(ctx, date)
  const current = currentOf(ctx, t.code, date)
  const open = current && (current.status === 'pending' || current.status === 'returned') ? new Map(current.rows.map((r) => [r.villageCode, r])) : new Map<string, SubmissionRow>()
  const villages: FormVillage[] = []
  const householdVillages: SubmissionForm['householdVillages'] = []
  for (const v of villagesOf(ctx, t.code)) {
    const plan = ctx.plan(v.code)
    if (!plan) continue
    if (plan.figureSource === 'households') {
      householdVillages.push({ code: v.code, name: v.name })
      continue
    }
    const row: FormVillage = { code: v.code, name: v.name, route: plan.route, target: plan.targetHouseholds }
    const last = ctx.figureAsOf(v.code, addDays(date, -1))
    if (last) row.last = { date: last.date, counts: last.counts, networkKm: last.networkKm }
    const stored = ctx.store.get('figures', figureKey(v.code, date))
    if (stored) row.stored = { counts: stored.counts, networkKm: stored.networkKm, source: stored.source }
    const sent = open.get(v.code)
    if (sent) row.submitted = { counts: sent.counts, networkKm: sent.networkKm }
    villages.push(row)
  }
  const county = ctx.division(t.parentCode)
  const out: SubmissionForm = {
    townshipCode: t.code,
    townshipName: t.name,
    countyName: county?.name ?? '',
    date,
    today: ctx.today(),
    villages,
    householdVillages,
    recent: recent(ctx, t.code, date),
  }
  if (current) out.current = view(ctx, current)
  return out
}

function recent(ctx: Ctx, townshipCode: string, date: string): SubmissionView[] {
  const months = new Set([date.slice(0, 7), addDays(`${date.slice(0, 7)}-01`, -1).slice(0, 7), ctx.today().slice(0, 7)])
  const all: Submission[] = []
  for (const m of months) for (const s of ctx.store.partitionEntries('submissions', m).values()) if (s.townshipCode === townshipCode && s.status !== 'replaced') all.push(s)
  return all
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || b.id.localeCompare(a.id))
    .slice(0, RECENT)
    .map((s) => view(ctx, s))
}

export async function readFile(ctx: Ctx, input: Input<'submissions.readFile'>): Promise<SubmissionFileRead> {
  const t = township(ctx, input.townshipCode)
  const file = await readSubmission(input.file.fileName, uploadBytes(input.file, 'table'))
  const settings = ctx.settings()
  const interp = interpretSubmission(file, {
    places: placesOf(ctx),
    routes: settings.routes,
    today: ctx.today(),
    plan: (v) => ctx.plan(v),
    mappings: ctx.store.count('columnMappings') > 0 ? (layout: string) => ctx.store.get('columnMappings', layout) : undefined,
  })
  const problems: ImportProblem[] = [...interp.problems]
  const rows: SubmissionFileRead['rows'] = []
  const dates = new Set<string>()
  const mine = new Set(villagesOf(ctx, t.code).map((v) => v.code))
  for (const sheet of interp.sheets) {
    if (sheet.kind !== 'figures') {
      const what = sheet.kind === 'roster' ? '农户花名册' : '任务清单'
      problems.push({ severity: 'warning', message: `工作表“${sheet.name ?? ''}”是${what}，网上填报只填进度，已跳过。`, where: { file: file.fileName, sheet: sheet.name } })
      continue
    }
    if (sheet.data.pending) {
      // The importer holds such a sheet until the office confirms its columns; a township cannot confirm them.
      problems.push({
        severity: 'error',
        message: `工作表“${sheet.name ?? ''}”的表头有列没有认出来（${[...sheet.data.pending.unknown, ...sheet.data.pending.guessed.map((g) => g.label)].join('、') || '缺少阶段列'}），没有填入。请用本乡镇的报送模板，或直接在网上填报表中填写。`,
        where: { file: file.fileName, sheet: sheet.name },
      })
      continue
    }
    for (const r of sheet.data.rows) {
      if (!mine.has(r.villageCode)) {
        const v = ctx.division(r.villageCode)
        problems.push({ severity: 'warning', message: `${v?.name ?? r.villageCode}不是${t.name}的村，没有填入。`, where: { file: file.fileName, sheet: sheet.name, row: r.row } })
        continue
      }
      if (rows.some((x) => x.villageCode === r.villageCode)) {
        problems.push({ severity: 'warning', message: `${ctx.division(r.villageCode)?.name ?? r.villageCode}在表中出现了不止一次，只填入第一次的数字。`, where: { file: file.fileName, sheet: sheet.name, row: r.row } })
        continue
      }
      if (r.date) dates.add(r.date)
      // A blank cell stays blank (null): submitting keeps the village's last figure there, and says so.
      const counts = Object.fromEntries(STAGE_KEYS.map((k) => [k, r.counts[k] ?? null])) as SubmissionFileRead['rows'][number]['counts']
      rows.push({ villageCode: r.villageCode, counts, networkKm: r.networkKm ?? null })
    }
  }
  if (file.error === undefined && rows.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push({ severity: 'error', message: `文件中没有${t.name}各村的进度数字。`, where: { file: file.fileName } })
  }
  const out: SubmissionFileRead = { fileName: file.fileName, rows, problems }
  if (dates.size === 1) out.date = [...dates][0]!
  else if (dates.size > 1) {
    problems.push({ severity: 'warning', message: `表中有几个不同的日期（${[...dates].sort().join('、')}），请确认填报日期。`, where: { file: file.fileName } })
  }
  return out
}

interface CheckedRow {
  row: SubmissionRow
  village: Division
  problems: ImportProblem[]
  error: boolean
  change?: FigureChange
}

/** The importer's checks on each row, as of now; blanks take the village's last figure (0 when it has none). */
function checkRows(
  ctx: Ctx,
  t: Division,
  date: string,
  rows: ReadonlyArray<{ villageCode: string; counts: Record<string, number | null>; networkKm: number | null; kept?: readonly string[] }>,
): CheckedRow[] {
  const file = `${ONLINE} ${t.name}`
  const seen = new Set<string>()
  return rows.map((r, i): CheckedRow => {
    const where = { file, row: i + 1 }
    const village = ctx.division(r.villageCode)
    const problems: ImportProblem[] = []
    const fail = (message: string): CheckedRow => ({
      row: { villageCode: r.villageCode, counts: fill(r.counts), networkKm: r.networkKm ?? 0 },
      village: village ?? { code: r.villageCode, name: r.villageCode, level: 'village', parentCode: '' },
      problems: [{ severity: 'error', message, where: { ...where, column: '村' } }],
      error: true,
    })
    if (!village || village.level !== 'village') return fail(`找不到代码为 ${r.villageCode} 的村。`)
    if (village.parentCode !== t.code) return fail(`${village.name}不是${t.name}的村。`)
    if (seen.has(r.villageCode)) return fail(`${village.name}填了不止一行。`)
    seen.add(r.villageCode)
    const plan = ctx.plan(r.villageCode)
    const refusal = figureRefusal(village.name, plan)
    if (refusal || !plan) return fail(refusal!)
    const previous = ctx.figureAsOf(r.villageCode, addDays(date, -1))
    // A stored submission has its blanks filled already; `kept` still says which they were.
    const kept = STAGE_KEYS.filter((k) => r.counts[k] === null || r.kept?.includes(k))
    const kmKept = r.networkKm === null || r.kept?.includes(KM) === true
    const counts = Object.fromEntries(STAGE_KEYS.map((k) => [k, r.counts[k] ?? previous?.counts[k] ?? 0])) as StageCounts
    const networkKm = Math.round((r.networkKm ?? previous?.networkKm ?? 0) * 1000) / 1000
    const check = checkFigureRow(ctx, plan, date, counts, networkKm)
    if (kept.length > 0 || kmKept) {
      const names = [...kept.map((k) => check.names[k]), ...(kmKept ? ['管线公里数'] : [])]
      problems.push({
        severity: 'warning',
        message: previous ? `${names.join('、')}没有填，沿用 ${previous.date} 的数字。` : `${names.join('、')}没有填，以前也没有数字，按 0 计。`,
        where: { ...where, column: names[0] },
      })
    }
    for (const issue of check.issues) problems.push({ severity: 'warning', message: `${village.name}：${issue.message}`, where: { ...where, column: issue.stages[0] ? check.names[issue.stages[0]] : '管线公里数' } })
    const keptAll = kmKept ? [...kept, KM] : kept
    const row: SubmissionRow = keptAll.length > 0 ? { villageCode: r.villageCode, counts, networkKm, kept: keptAll } : { villageCode: r.villageCode, counts, networkKm }
    const stored = check.stored
    const change: FigureChange = {
      row: i + 1,
      villageCode: r.villageCode,
      villageName: village.name,
      date,
      status: !stored ? 'new' : sameCounts(stored, row) ? 'unchanged' : 'updated',
      counts,
      networkKm,
      warnings: problems.length,
    }
    if (stored) change.stored = { counts: stored.counts, networkKm: stored.networkKm, source: stored.source }
    return { row, village, problems, error: false, change }
  })
}

function fill(counts: Record<string, number | null>): StageCounts {
  return Object.fromEntries(STAGE_KEYS.map((k) => [k, counts[k] ?? 0])) as StageCounts
}

/** The checks `submit` makes, without submitting: what the township sees before it sends. */
export function check(ctx: Ctx, input: Input<'submissions.check'>): SubmissionCheck {
  const t = township(ctx, input.townshipCode)
  checkDate(ctx, input.date)
  const checked = checkRows(ctx, t, input.date, input.rows)
  return { rows: checked.flatMap((c) => (c.change ? [c.change] : [])), problems: checked.flatMap((c) => c.problems) }
}

export function submit(ctx: Ctx, input: Input<'submissions.submit'>): SubmissionView {
  const t = township(ctx, input.townshipCode)
  checkDate(ctx, input.date)
  const checked = checkRows(ctx, t, input.date, input.rows)
  const errors = checked.flatMap((c) => c.problems.filter((p) => p.severity === 'error'))
  if (errors.length > 0) {
    const details: ProblemDetail[] = errors.map((p) => ({ message: p.message, where: p.where }))
    throw new AppError('invalid_input', `有 ${errors.length} 处错误，没有提交：${errors[0]!.message}${errors.length > 1 ? ' 等' : ''}`, { details })
  }
  const account = ctx.caller.account
  const submittedAt = ctx.now().toISOString()
  return ctx.write((tx) => {
    for (const s of ofDay(ctx, t.code, input.date)) {
      if (s.status === 'pending' || s.status === 'returned') tx.put('submissions', s.id, { ...s, status: 'replaced' })
    }
    const counter = `submissions:${t.code}|${input.date}`
    const n = (tx.get('counters', counter) ?? 0) + 1
    tx.put('counters', counter, n)
    const s: Submission = {
      id: submissionId(input.date, t.code, n),
      townshipCode: t.code,
      date: input.date,
      rows: checked.map((c) => c.row),
      status: 'pending',
      by: ctx.who,
      submittedAt,
      warnings: checked.reduce((sum, c) => sum + c.problems.length, 0),
    }
    if (account) s.account = account.id
    if (input.fileName) s.fileName = input.fileName
    tx.put('submissions', s.id, s)
    return view(ctx, s)
  })
}

export function list(ctx: Ctx, input: Input<'submissions.list'>): SubmissionView[] {
  const date = input.date ?? ctx.today()
  const out: Submission[] = []
  for (const s of ctx.store.partitionEntries('submissions', date.slice(0, 7)).values()) {
    if (s.date !== date || s.status === 'replaced') continue
    if (input.status && s.status !== input.status) continue
    out.push(s)
  }
  return out.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || b.id.localeCompare(a.id)).map((s) => view(ctx, s))
}

function get(ctx: Ctx, id: string): Submission {
  const s = ctx.store.get('submissions', id)
  if (!s) throw new AppError('not_found', `没有编号为 ${id} 的网上填报。`, { where: { field: 'id' } })
  return s
}

function previewOf(ctx: Ctx, s: Submission): { sheet: SheetPreview; problems: ImportProblem[]; checked: CheckedRow[] } {
  const t = ctx.division(s.townshipCode)!
  const checked = checkRows(ctx, t, s.date, s.rows)
  const county = ctx.division(t.parentCode)
  const sheet: SheetPreview = {
    key: s.id,
    kind: 'figures',
    townshipCode: t.code,
    townshipName: t.name,
    date: s.date,
    dataRows: s.rows.length,
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    held: 0,
    columns: [],
    figures: [],
    households: [],
    plans: [],
  }
  if (county) sheet.countyName = county.name
  for (const c of checked) {
    if (c.error || !c.change) {
      sheet.rejected++
      continue
    }
    sheet.figures.push(c.change)
    sheet[c.change.status === 'new' ? 'added' : c.change.status === 'updated' ? 'updated' : 'unchanged']++
  }
  return { sheet, problems: checked.flatMap((c) => c.problems), checked }
}

export function preview(ctx: Ctx, input: Input<'submissions.preview'>): SubmissionPreview {
  const s = get(ctx, input.id)
  const { sheet, problems } = previewOf(ctx, s)
  return { submission: view(ctx, s), sheet, problems }
}

function mustBePending(s: Submission): void {
  if (s.status === 'pending') return
  const why: Record<Exclude<SubmissionStatus, 'pending'>, string> = {
    accepted: '已经接收过了',
    returned: '已经退回了',
    replaced: '已被同一天后来提交的一份取代',
  }
  throw new AppError('conflict', `这份网上填报${why[s.status]}，不能再审核。`, { where: { field: 'id' } })
}

export function accept(ctx: Ctx, input: Input<'submissions.accept'>): SubmissionAcceptResult {
  const s = get(ctx, input.id)
  mustBePending(s)
  const { checked } = previewOf(ctx, s)
  const result = { added: 0, replaced: 0, unchanged: 0, skipped: 0 }
  const figures: DailyFigure[] = []
  for (const c of checked) {
    if (c.error || !c.change) {
      result.skipped++
      continue
    }
    const status = c.change.status
    if (status === 'unchanged') result.unchanged++
    else if (status === 'updated' && input.onConflict === 'skip') result.skipped++
    else {
      result[status === 'new' ? 'added' : 'replaced']++
      figures.push({ villageCode: c.row.villageCode, date: s.date, counts: c.row.counts, networkKm: c.row.networkKm, source: 'online', submittedBy: s.by, submission: s.id })
    }
  }
  const decided: Submission = { ...s, status: 'accepted', decidedBy: ctx.who, decidedAt: ctx.now().toISOString(), result }
  ctx.write((tx) => {
    for (const f of figures) tx.put('figures', figureKey(f.villageCode, f.date), f)
    tx.put('submissions', s.id, decided)
  })
  return { submission: view(ctx, decided), figures: result }
}

export function returnSubmission(ctx: Ctx, input: Input<'submissions.return'>): SubmissionView {
  const s = get(ctx, input.id)
  mustBePending(s)
  const decided: Submission = { ...s, status: 'returned', reason: input.reason, decidedBy: ctx.who, decidedAt: ctx.now().toISOString() }
  ctx.write((tx) => tx.put('submissions', s.id, decided))
  return view(ctx, decided)
}
