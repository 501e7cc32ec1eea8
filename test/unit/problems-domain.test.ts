import { describe, expect, it } from 'vitest'
import { deadlineOn, isOverdue, type Problem, problemCountsInPeriod, problemOn, statusOn } from '../../src/core/domain/problems'

const p = (openedOn: string, deadline: string, closedOn?: string): Problem => ({
  id: `${openedOn}-${deadline}`,
  villageCode: '141002100201',
  description: '壁挂炉未安装',
  source: 'visit',
  responsibleUnit: '屯里镇',
  responsiblePerson: '张三',
  deadline,
  acceptanceStandard: '入户核实',
  status: closedOn ? 'closed' : 'open',
  openedOn,
  ...(closedOn ? { closedOn } : {}),
  steps: [],
})

describe('problem ledger counts', () => {
  it('is overdue only after the deadline day and until closed', () => {
    expect(isOverdue(p('2026-11-01', '2026-11-10'), '2026-11-10')).toBe(false)
    expect(isOverdue(p('2026-11-01', '2026-11-10'), '2026-11-11')).toBe(true)
    expect(isOverdue(p('2026-11-01', '2026-11-10', '2026-11-15'), '2026-11-14')).toBe(true)
    expect(isOverdue(p('2026-11-01', '2026-11-10', '2026-11-15'), '2026-11-15')).toBe(false)
    expect(isOverdue(p('2026-12-01', '2026-11-10'), '2026-11-20')).toBe(false)
  })

  it('reads the deadline and status in force on a day from the dated history (records without it: the current ones)', () => {
    const step = (status: Problem['status'], date: string) => ({ status, date, at: `${date}T08:00:00Z`, who: '王强' })
    const q: Problem = {
      ...p('2026-11-01', '2026-11-20', '2026-11-18'),
      deadlines: [
        { since: '2026-11-01', deadline: '2026-11-05' },
        { since: '2026-11-08', deadline: '2026-11-20' },
      ],
      steps: [step('open', '2026-11-01'), step('assigned', '2026-11-02'), step('rectifying', '2026-11-03'), step('verified', '2026-11-17'), step('closed', '2026-11-18')],
    }
    expect(['2026-10-31', '2026-11-07', '2026-11-08'].map((d) => deadlineOn(q, d))).toEqual(['2026-11-05', '2026-11-05', '2026-11-20'])
    expect(['2026-10-31', '2026-11-02', '2026-11-17', '2026-12-01'].map((d) => statusOn(q, d))).toEqual([undefined, 'assigned', 'verified', 'closed'])
    expect(['2026-11-05', '2026-11-06', '2026-11-08', '2026-11-18'].map((d) => isOverdue(q, d))).toEqual([false, true, false, false])
    expect(problemOn(q, '2026-11-06')).toMatchObject({ status: 'rectifying', deadline: '2026-11-05', steps: q.steps.slice(0, 3) })
    expect(problemOn(q, '2026-11-06').closedOn).toBeUndefined()
    expect(problemOn(q, '2026-11-30')).toEqual(q)
    // an older record without the history: judged by its current deadline
    expect(deadlineOn(p('2026-11-01', '2026-11-10'), '2026-11-02')).toBe('2026-11-10')
  })

  it('counts a 旬 as opened, closed, overdue and open at its end', () => {
    const ledger = [
      p('2026-11-02', '2026-11-30'), // opened in 上旬, still open
      p('2026-11-05', '2026-11-08', '2026-11-09'), // opened and closed in 上旬
      p('2026-10-25', '2026-11-05'), // before, overdue at the end
      p('2026-10-20', '2026-10-31', '2026-11-03'), // closed in 上旬
      p('2026-11-12', '2026-11-20'), // after
    ]
    expect(problemCountsInPeriod(ledger, '2026-11-01', '2026-11-10')).toEqual({ opened: 2, closed: 2, overdue: 1, openAtEnd: 2 })
    expect(problemCountsInPeriod(ledger, '2026-11-11', '2026-11-20')).toEqual({ opened: 1, closed: 0, overdue: 1, openAtEnd: 3 })
    expect(() => problemCountsInPeriod(ledger, '2026-11-10', '2026-11-01')).toThrow()
  })
})
