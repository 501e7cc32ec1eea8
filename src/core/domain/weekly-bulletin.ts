// 周通报: the area's units ranked by completion rate (a unit that did not report in the week is
// not ranked), the week's increase against the same days of the week before (上期无数据 when
// there were no figures then), who is behind the backward schedule, the units one level down
// furthest behind, 回退 villages, and a drafted text the user may edit and keep.

import type { ProgressRow, ScheduleRow, WeeklyBulletin, WeeklyRow } from '../contract'
import { SCHEDULE_STATUS_NAMES } from './backward-schedule'
import type { SavedBulletin } from './bulletin-text'
import { addDays } from './dates'
import { monthDay, type Period, period, periodLabel, previousPeriod, weekOf } from './periods'
import { rateText } from './rank'
import {
  behindFirst,
  byRank,
  citySchedule,
  completionName,
  dashboardBetween,
  groupSchedules,
  hasFiguresBy,
  header,
  laggardsOf,
  PACE_DAYS,
  progressRows,
  readVillages,
  regressionsOf,
  reportingBy,
  type ReportSource,
  routesShown,
  scheduleRows,
} from './report-source'

const noSchedule = (r: ProgressRow): ScheduleRow => ({ ...citySchedule([], ''), countyCode: r.code, countyName: r.name })

/**
 * The week holding `date` (ending on the settings' weekday), counted up to `today` while it runs;
 * `saved` is the text the office kept for it.
 */
export function weeklyBulletin(src: ReportSource, date: string, today: string, saved: SavedBulletin | null = null): WeeklyBulletin {
  const stage = src.settings.completionStage
  const week = weekOf(date, src.settings.weekEndsOn)
  const asOf = week.to <= today ? week.to : today
  const counted = period(week.from, asOf)
  const before = previousPeriod(week)
  const compareWith = period(before.from, addDays(before.from, counted.days - 1))

  const since = addDays(week.from, -1)
  const reads = readVillages(src, asOf, since)
  const dash = dashboardBetween(src, asOf, since, undefined, reads)
  const routes = routesShown(src, dash)
  const now = progressRows(dash, stage, reportingBy(src, reads, week.from))
  const then = progressRows(dashboardBetween(src, compareWith.to, addDays(compareWith.from, -1)), stage)
  // A unit with no figures in the days compared with has nothing to compare: 上期无数据.
  const known = hasFiguresBy(src, compareWith.from, compareWith.to)
  const routeSchedules = scheduleRows(src, asOf)
  const schedules = new Map(groupSchedules(routeSchedules, asOf, 'county').map((s) => [s.countyCode, s]))

  const lastIncrease = new Map(then.rows.map((r) => [r.code, r.increase]))
  const weekly = (r: ProgressRow, last: number | null, schedule: ScheduleRow): WeeklyRow => ({ ...r, lastIncrease: last, change: last === null ? null : r.increase - last, schedule })
  const rows = byRank(
    now.rows.map((r) => weekly(r, known.has(r.code) ? (lastIncrease.get(r.code) ?? 0) : null, schedules.get(r.code) ?? noSchedule(r))),
  )
  const total = weekly(now.total, known.has('') ? then.total.increase : null, citySchedule(routeSchedules, asOf))
  const behind = rows.filter((r) => r.schedule.status === 'behind' || r.schedule.status === 'overdue').sort((a, b) => behindFirst(a.schedule, b.schedule))

  const doneName = completionName(routes, stage)
  const base = {
    area: src.area,
    week,
    asOf,
    compareWith,
    completionName: doneName,
    routes,
    rows,
    total,
    behind,
    laggards: laggardsOf(src, reads, week.from),
    firstReport: !hasFiguresBy(src, '0001-01-01', since).has(''),
    regressions: regressionsOf(src, reads),
  }
  const running = asOf < week.to ? `（截至${monthDay(asOf)}）` : ''
  return {
    header: header(src, 'weekly', periodLabel(week), `${periodLabel(week)}${running}`),
    ...base,
    draft: draftBulletin(base, week),
    saved,
  }
}

const pct = (r: number | null) => (r === null ? '—' : rateText(r))
const joinNames = (names: string[]) => names.join('、')

/** What the draft reads from a bulletin. */
export type BulletinFacts = Omit<WeeklyBulletin, 'header' | 'draft' | 'saved'>

/**
 * The bulletin's text, in the office's words: where the area stands, the week's increase against
 * the week before (or that there is nothing to compare with), each route, the leading and trailing
 * units, who did not report, who is behind, the units one level down furthest behind, 回退 and
 * who made no progress. Plain numbers (no thousands separators), as prose in official documents
 * has them.
 */
export function draftBulletin(b: BulletinFacts, week: Period): string {
  const { total, rows, routes, area } = b
  const unit = area.unitWord
  const complete = b.asOf === week.to
  const sentences: string[] = []
  const vs = complete ? '较上周' : '较上周同期'
  const change =
    total.change === null
      ? `上周${complete ? '' : '同期'}无数据，无法比较${b.firstReport ? '（本周为首次上报，新增含此前已完成的户数）' : ''}`
      : total.change > 0
        ? `${vs}多${total.change}户`
        : total.change < 0
          ? `${vs}少${-total.change}户`
          : `与上周${complete ? '' : '同期'}持平`
  const increase = total.increase < 0 ? `回退${-total.increase}户` : `新增${total.increase}户`
  sentences.push(
    `截至${monthDay(b.asOf)}，${area.areaWord}累计完成清洁取暖改造${total.done}户（以${b.completionName}计），占任务总数${total.target}户的${pct(total.rate)}；` +
      `本周（${monthDay(week.from)}—${monthDay(b.asOf)}）${increase}，${change}。`,
  )
  if (routes.length > 1) {
    const parts = routes
      .map((r) => ({ r, p: total.byRoute[r.id] }))
      .filter((x) => x.p && x.p.target > 0)
      .map(({ r, p }) => `${r.name}累计完成${p!.done}户、完成率${pct(p!.rate)}，本周${p!.increase < 0 ? `回退${-p!.increase}` : `新增${p!.increase}`}户`)
    if (parts.length > 1) sentences.push(`其中，${parts.join('；')}。`)
  }
  const overview = sentences.length
  const ranked = rows.filter((r) => r.rank !== null)
  if (ranked.length >= 2) {
    // The first and last n by rank; a tie takes in every unit sharing the rank.
    const n = Math.min(3, Math.floor(ranked.length / 2))
    const top = ranked.filter((r) => r.rank! <= n)
    const cut = ranked[ranked.length - n]!.rank!
    const bottom = ranked.filter((r) => r.rank! >= cut && !top.includes(r)).reverse()
    const named = (list: WeeklyRow[]) => joinNames(list.map((r) => `${r.name}（${pct(r.rate)}）`))
    const tie = (list: WeeklyRow[]) => (list.length > n ? '（含并列）' : '')
    const first = ['首位', '前两位', '前三位'][n - 1]
    // Ties at the top can leave fewer than n below them (1, 2, 2, 4): name the places left.
    const last = ['末位', '后两位', '后三位'][Math.min(n, bottom.length) - 1]
    const lastPart = bottom.length > 0 ? `，居${last}${tie(bottom)}的是${named(bottom)}` : ''
    sentences.push(`完成率居${first}${tie(top)}的是${named(top)}${lastPart}。`)
  }
  const unreported = rows.filter((r) => r.reporting.status === 'unreported')
  if (unreported.length > 0) sentences.push(`${joinNames(unreported.map((r) => r.name))}本周未上报进度，未参加排名。`)
  const noPrevious = rows.filter((r) => r.lastIncrease === null)
  if (total.change !== null && noPrevious.length > 0) sentences.push(`${joinNames(noPrevious.map((r) => r.name))}上周${complete ? '' : '同期'}无数据，未与上周比较。`)
  const overdue = b.behind.filter((r) => r.schedule.status === 'overdue')
  const slow = b.behind.filter((r) => r.schedule.status === 'behind')
  if (slow.length > 0) {
    sentences.push(`${joinNames(slow.map((r) => r.name))}进度${SCHEDULE_STATUS_NAMES.behind}，按近${PACE_DAYS}日进度不能在完成时限前完成任务。`)
  }
  if (overdue.length > 0) {
    sentences.push(`${joinNames(overdue.map((r) => `${r.name}${r.schedule.overdue}户`))}已过完成时限仍未完成。`)
  }
  if (b.behind.length > 0) sentences.push(`请相关${unit}倒排工期、加快进度，确保按期完成改造任务。`)
  else if (rows.length > 0) sentences.push(`按近${PACE_DAYS}日进度，各${unit}均能在完成时限前完成任务。`)
  if (b.laggards.length > 0) {
    const level = area.unitLevel === 'county' ? '乡镇' : '村'
    sentences.push(`完成率最低的${level}是${joinNames(b.laggards.map((l) => `${l.parentName}${l.name}（${pct(l.rate)}）`))}。`)
  }
  const idle = rows.filter((r) => r.increase === 0 && r.schedule.remaining > 0 && r.reporting.status !== 'unreported')
  if (idle.length > 0) sentences.push(`${joinNames(idle.map((r) => r.name))}本周无新增。`)
  if (b.regressions.length > 0) {
    const units = [...new Set(b.regressions.map((g) => rows.find((r) => r.code === g.unitCode)?.name ?? g.place))]
    const fall = b.regressions.reduce((n, g) => n - g.change, 0)
    sentences.push(`${joinNames(units)}有${b.regressions.length}个村累计数回退（共${fall}户），请核实原因。`)
  }
  // Two paragraphs: the area as a whole, then its units.
  return `${sentences.slice(0, overview).join('')}\n${sentences.slice(overview).join('')}`.trim()
}
