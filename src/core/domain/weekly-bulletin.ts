// 周通报: counties ranked by completion rate, the week's increase against the same days of the
// week before, who is behind the backward schedule, and a drafted text the user may edit.

import type { ProgressRow, ScheduleRow, WeeklyBulletin, WeeklyRow } from '../contract'
import { SCHEDULE_STATUS_NAMES } from './backward-schedule'
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
  header,
  PACE_DAYS,
  progressRows,
  type ReportSource,
  routesShown,
  scheduleRows,
} from './report-source'

const noSchedule = (r: ProgressRow): ScheduleRow => ({ ...citySchedule([], ''), countyCode: r.code, countyName: r.name })

/** The week holding `date` (ending on the settings' weekday), counted up to `today` while it runs. */
export function weeklyBulletin(src: ReportSource, date: string, today: string): WeeklyBulletin {
  const stage = src.settings.completionStage
  const week = weekOf(date, src.settings.weekEndsOn)
  const asOf = week.to <= today ? week.to : today
  const counted = period(week.from, asOf)
  const before = previousPeriod(week)
  const compareWith = period(before.from, addDays(before.from, counted.days - 1))

  const dash = dashboardBetween(src, asOf, addDays(week.from, -1))
  const routes = routesShown(src, dash)
  const now = progressRows(dash, stage)
  const then = progressRows(dashboardBetween(src, compareWith.to, addDays(compareWith.from, -1)), stage)
  const routeSchedules = scheduleRows(src, asOf)
  const schedules = new Map(groupSchedules(routeSchedules, asOf, 'county').map((s) => [s.countyCode, s]))

  const lastIncrease = new Map(then.rows.map((r) => [r.code, r.increase]))
  const weekly = (r: ProgressRow, last: number, schedule: ScheduleRow): WeeklyRow => ({ ...r, lastIncrease: last, change: r.increase - last, schedule })
  const rows = byRank(
    now.rows.map((r) => weekly(r, lastIncrease.get(r.code) ?? 0, schedules.get(r.code) ?? noSchedule(r))),
  )
  const total = weekly(now.total, then.total.increase, citySchedule(routeSchedules, asOf))
  const behind = rows.filter((r) => r.schedule.status === 'behind' || r.schedule.status === 'overdue').sort((a, b) => behindFirst(a.schedule, b.schedule))

  const doneName = completionName(routes, stage)
  const base = { week, asOf, compareWith, completionName: doneName, routes, rows, total, behind }
  const running = asOf < week.to ? `（截至${monthDay(asOf)}）` : ''
  return {
    header: header(src, '农村清洁取暖改造工作周通报', `${periodLabel(week)}${running}`),
    ...base,
    draft: draftBulletin(base, week),
  }
}

const pct = (r: number | null) => (r === null ? '—' : rateText(r))
const joinNames = (names: string[]) => names.join('、')

/**
 * The bulletin's text, in the office's words: where the city stands, the week's increase against
 * the week before, each route, the leading and trailing counties, who is behind and who made no
 * progress. Plain numbers (no thousands separators), as prose in official documents has them.
 */
export function draftBulletin(b: Omit<WeeklyBulletin, 'header' | 'draft'>, week: Period): string {
  const { total, rows, routes } = b
  const complete = b.asOf === week.to
  const sentences: string[] = []
  const vs = complete ? '较上周' : '较上周同期'
  const change = total.change > 0 ? `${vs}多${total.change}户` : total.change < 0 ? `${vs}少${-total.change}户` : `与上周${complete ? '' : '同期'}持平`
  sentences.push(
    `截至${monthDay(b.asOf)}，全市累计完成清洁取暖改造${total.done}户（以${b.completionName}计），占任务总数${total.target}户的${pct(total.rate)}；` +
      `本周（${monthDay(week.from)}—${monthDay(b.asOf)}）新增${total.increase}户，${change}。`,
  )
  if (routes.length > 1) {
    const parts = routes
      .map((r) => ({ r, p: total.byRoute[r.id] }))
      .filter((x) => x.p && x.p.target > 0)
      .map(({ r, p }) => `${r.name}累计完成${p!.done}户、完成率${pct(p!.rate)}，本周新增${p!.increase}户`)
    if (parts.length > 1) sentences.push(`其中，${parts.join('；')}。`)
  }
  const overview = sentences.length
  const ranked = rows.filter((r) => r.rank !== null)
  if (ranked.length >= 2) {
    // The first and last n by rank; a tie takes in every county sharing the rank.
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
  const overdue = b.behind.filter((r) => r.schedule.status === 'overdue')
  const slow = b.behind.filter((r) => r.schedule.status === 'behind')
  if (slow.length > 0) {
    sentences.push(`${joinNames(slow.map((r) => r.name))}进度${SCHEDULE_STATUS_NAMES.behind}，按近${PACE_DAYS}日进度不能在完成时限前完成任务。`)
  }
  if (overdue.length > 0) {
    sentences.push(`${joinNames(overdue.map((r) => `${r.name}${r.schedule.overdue}户`))}已过完成时限仍未完成。`)
  }
  if (b.behind.length > 0) sentences.push('请相关县（市、区）倒排工期、加快进度，确保按期完成改造任务。')
  else if (rows.length > 0) sentences.push(`按近${PACE_DAYS}日进度，各县（市、区）均能在完成时限前完成任务。`)
  const idle = rows.filter((r) => r.increase <= 0 && r.schedule.remaining > 0)
  if (idle.length > 0) sentences.push(`${joinNames(idle.map((r) => r.name))}本周无新增。`)
  // Two paragraphs: the city as a whole, then the counties.
  return `${sentences.slice(0, overview).join('')}\n${sentences.slice(overview).join('')}`.trim()
}
