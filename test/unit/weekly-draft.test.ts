// The weekly bulletin's drafted text on hand-made weeks: leading and trailing three with ties,
// nobody behind, a county with no increase, a single route, a week still running.
import { describe, expect, it } from 'vitest'
import type { ScheduleRow, WeeklyRow } from '../../src/core/contract'
import type { ScheduleStatus } from '../../src/core/domain/backward-schedule'
import { period } from '../../src/core/domain/periods'
import { rankRows } from '../../src/core/domain/report-source'
import { DEFAULT_ROUTES } from '../../src/core/domain/routes'
import { areaOfDivision } from '../../src/core/domain/office-area'
import { type BulletinFacts, draftBulletin } from '../../src/core/domain/weekly-bulletin'

const week = period('2026-11-14', '2026-11-20')

function schedule(status: ScheduleStatus, remaining: number, overdue = 0): ScheduleRow {
  return {
    countyCode: '',
    countyName: '',
    route: '',
    routeName: '全部路线',
    target: 0,
    done: 0,
    remaining,
    overdue,
    deadline: '2026-11-30',
    daysLeft: 10,
    requiredPace: status === 'overdue' ? null : 5,
    recentPace: status === 'behind' ? 1 : 10,
    projectedFinish: null,
    status,
  }
}

function row(name: string, target: number, done: number, increase: number, lastIncrease: number, status: ScheduleStatus = 'on_track', overdue = 0): WeeklyRow {
  return {
    code: name,
    name,
    target,
    done,
    rate: target > 0 ? done / target : null,
    increase,
    byRoute: { gas: { target, done, rate: target > 0 ? done / target : null, increase } },
    rank: null,
    reporting: { expected: 1, reported: 1, lastDate: week.to, status: 'reported' },
    lastIncrease,
    change: increase - lastIncrease,
    schedule: schedule(status, target - done, overdue),
  }
}

const CITY = areaOfDivision({ code: '141000', name: '临汾市', level: 'city' })

function bulletin(rows: WeeklyRow[], asOf = week.to): BulletinFacts {
  const ranked = rankRows(rows).sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))
  const total = row('合计', 0, 0, 0, 0)
  for (const r of rows) {
    total.target += r.target
    total.done += r.done
    total.increase += r.increase
    total.lastIncrease! += r.lastIncrease!
  }
  total.rate = total.done / total.target
  total.change = total.increase - total.lastIncrease!
  total.byRoute = { gas: { target: total.target, done: total.done, rate: total.rate, increase: total.increase } }
  return {
    area: CITY,
    week,
    asOf,
    compareWith: period('2026-11-07', '2026-11-13'),
    completionName: '点火通气',
    routes: [DEFAULT_ROUTES[0]!],
    rows: ranked,
    total,
    behind: ranked.filter((r) => r.schedule.status === 'behind' || r.schedule.status === 'overdue'),
    laggards: [],
    regressions: [],
    firstReport: false,
  }
}

describe('drafted bulletin text', () => {
  it('names the first and last three, a tie taking in every county of the rank', () => {
    const b = bulletin([
      row('甲县', 100, 90, 10, 8),
      row('乙县', 100, 80, 10, 8),
      row('丙县', 100, 70, 10, 8),
      row('丁县', 100, 70, 10, 8),
      row('戊县', 100, 50, 10, 8),
      row('己县', 100, 40, 10, 8),
      row('庚县', 100, 30, 0, 8, 'behind'),
    ])
    const text = draftBulletin(b, week)
    expect(text).toContain('截至11月20日，全市累计完成清洁取暖改造430户（以点火通气计），占任务总数700户的61.4%；本周（11月14日—11月20日）新增60户，较上周多4户。')
    // 丙县 and 丁县 share third place
    expect(text).toContain('完成率居前三位（含并列）的是甲县（90.0%）、乙县（80.0%）、丙县（70.0%）、丁县（70.0%），居后三位的是庚县（30.0%）、己县（40.0%）、戊县（50.0%）。')
    expect(text).toContain('庚县进度滞后，按近7日进度不能在完成时限前完成任务。')
    expect(text).toContain('请相关县（市、区）倒排工期、加快进度，确保按期完成改造任务。')
    expect(text).toContain('庚县本周无新增。')
    // one route: no sentence per route
    expect(text).not.toContain('其中')
    expect(text.split('\n')).toHaveLength(2)
  })

  it('says when every county keeps to schedule, and compares a running week with the same days', () => {
    const b = bulletin([row('甲县', 100, 60, 5, 9), row('乙县', 100, 60, 5, 1)], '2026-11-18')
    const text = draftBulletin(b, week)
    expect(text).toContain('截至11月18日')
    expect(text).toContain('本周（11月14日—11月18日）新增10户，与上周同期持平。')
    expect(text).toContain('完成率居首位（含并列）的是甲县（60.0%）、乙县（60.0%）。')
    expect(text).toContain('按近7日进度，各县（市、区）均能在完成时限前完成任务。')
    expect(text).not.toContain('滞后')
  })

  it('names households past their deadline and a fall against last week', () => {
    const b = bulletin([row('甲县', 100, 60, 2, 9, 'overdue', 40), row('乙县', 100, 70, 3, 1)])
    const text = draftBulletin(b, week)
    expect(text).toContain('新增5户，较上周少5户。')
    expect(text).toContain('甲县40户已过完成时限仍未完成。')
    expect(text).toContain('完成率居首位的是乙县（70.0%），居末位的是甲县（60.0%）。')
  })

  it('a tie at the top leaving one county below names it as the last, not the last two', () => {
    // ranks 1, 2, 2, 4: the first two places take three counties, and only 丁县 is left
    const b = bulletin([row('甲县', 100, 90, 10, 8), row('乙县', 100, 80, 10, 8), row('丙县', 100, 80, 10, 8), row('丁县', 100, 50, 10, 8)])
    expect(draftBulletin(b, week)).toContain('完成率居前两位（含并列）的是甲县（90.0%）、乙县（80.0%）、丙县（80.0%），居末位的是丁县（50.0%）。')
  })
})
