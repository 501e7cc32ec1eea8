// The rectification state machine: the legal path to 销号, the way back from a failed
// verification, every illegal move refused with a clear Chinese message, and overdue on dates.
import { describe, expect, it } from 'vitest'
import { allowedActions, applyStep, daysOverdue, type FlowAction, TRANSITIONS } from '../../src/core/domain/problem-flow'
import { isOverdue, PROBLEM_STATUSES, type Problem, type ProblemStatus } from '../../src/core/domain/problems'
import { AppError } from '../../src/core/errors'

const TODAY = '2026-11-20'

function fresh(): Problem {
  return {
    id: 'WT2026-0001',
    villageCode: '141002100201',
    description: '庭院管网未完工，壁挂炉已安装无法点火',
    source: 'visit',
    responsibleUnit: '',
    responsiblePerson: '',
    deadline: '2026-11-30',
    acceptanceStandard: '现场点火通气',
    status: 'open',
    openedOn: '2026-11-02',
    steps: [{ status: 'open', action: 'open', date: '2026-11-02', at: '2026-11-02T09:00:00.000Z', who: '李明' }],
  }
}

const step = (action: FlowAction, date: string, extra: Partial<Parameters<typeof applyStep>[1]> = {}) => ({
  action,
  date,
  who: '王强',
  at: `${date}T10:00:00.000Z`,
  ...extra,
})

const assign = (date = '2026-11-03') => step('assign', date, { responsibleUnit: '屯里镇人民政府', responsiblePerson: '张伟', deadline: '2026-11-25' })

function refusal(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected a refusal')
}

/** A problem brought to `status` along the legal path. */
function at(status: ProblemStatus): Problem {
  let p = fresh()
  if (status === 'open') return p
  p = applyStep(p, assign(), TODAY)
  if (status === 'assigned') return p
  p = applyStep(p, step('start', '2026-11-05'), TODAY)
  if (status === 'rectifying') return p
  p = applyStep(p, step('verify', '2026-11-10'), TODAY)
  if (status === 'verified') return p
  return applyStep(p, step('close', '2026-11-12'), TODAY)
}

describe('problem flow', () => {
  it('goes open → assigned → rectifying → verified → closed, each step dated with who and a note', () => {
    let p = fresh()
    p = applyStep(p, assign(), TODAY)
    expect(p).toMatchObject({ status: 'assigned', responsibleUnit: '屯里镇人民政府', responsiblePerson: '张伟', deadline: '2026-11-25' })
    p = applyStep(p, step('start', '2026-11-05', { note: '施工队已进场' }), TODAY)
    p = applyStep(p, step('verify', '2026-11-10', { note: '入户核实已点火' }), TODAY)
    p = applyStep(p, step('close', '2026-11-12'), TODAY)
    expect(p.status).toBe('closed')
    expect(p.closedOn).toBe('2026-11-12')
    expect(p.steps.map((s) => [s.action, s.status, s.date, s.who])).toEqual([
      ['open', 'open', '2026-11-02', '李明'],
      ['assign', 'assigned', '2026-11-03', '王强'],
      ['start', 'rectifying', '2026-11-05', '王强'],
      ['verify', 'verified', '2026-11-10', '王强'],
      ['close', 'closed', '2026-11-12', '王强'],
    ])
    expect(p.steps[1]).toMatchObject({ responsibleUnit: '屯里镇人民政府', deadline: '2026-11-25' })
    expect(p.steps[2]!.note).toBe('施工队已进场')
  })

  it('sends a rejected verification back to rectifying, from rectifying or from verified', () => {
    const failedOnSite = applyStep(at('rectifying'), step('reject', '2026-11-10', { note: '仍未通气' }), TODAY)
    expect(failedOnSite.status).toBe('rectifying')
    const overturned = applyStep(at('verified'), step('reject', '2026-11-11', { note: '抽查发现未整改到位' }), TODAY)
    expect(overturned.status).toBe('rectifying')
    expect(overturned.closedOn).toBeUndefined()
    // …and then it can be verified and closed again
    const closed = applyStep(applyStep(overturned, step('verify', '2026-11-15'), TODAY), step('close', '2026-11-16'), TODAY)
    expect(closed.status).toBe('closed')
    expect(closed.steps.map((s) => s.action)).toEqual(['open', 'assign', 'start', 'verify', 'reject', 'verify', 'close'])
  })

  it('refuses every move the table does not allow, naming the status and the rule', () => {
    const actions = Object.keys(TRANSITIONS) as FlowAction[]
    let refused = 0
    for (const status of PROBLEM_STATUSES) {
      for (const action of actions) {
        if (allowedActions(status).includes(action)) continue
        const p = at(status)
        const e = refusal(() => applyStep(p, step(action, '2026-11-18', { note: '说明', responsibleUnit: '单位', deadline: '2026-11-30' }), TODAY))
        expect(e.code).toBe('conflict')
        expect(e.message).toContain(p.id)
        refused++
      }
    }
    expect(refused).toBe(5 * 5 - 7)
    expect(refusal(() => applyStep(at('assigned'), step('close', '2026-11-18'), TODAY)).message).toBe(
      '问题 WT2026-0001 当前为“已交办”，不能办理“销号”：只有验收通过的问题才能销号。',
    )
    expect(refusal(() => applyStep(fresh(), step('start', '2026-11-18'), TODAY)).message).toContain('须先交办给责任单位')
    expect(refusal(() => applyStep(at('closed'), step('reject', '2026-11-18', { note: 'x' }), TODAY)).message).toBe(
      '问题 WT2026-0001 已于 2026-11-12 销号，整改已闭环，不能再办理“验收不通过，退回整改”。',
    )
  })

  it('lists the allowed actions per status', () => {
    expect(allowedActions('open')).toEqual(['assign'])
    expect(allowedActions('assigned')).toEqual(['assign', 'start'])
    expect(allowedActions('rectifying')).toEqual(['verify', 'reject'])
    expect(allowedActions('verified')).toEqual(['reject', 'close'])
    expect(allowedActions('closed')).toEqual([])
  })

  it('checks dates: valid, not in the future, not before the previous step', () => {
    expect(refusal(() => applyStep(fresh(), { ...assign(), date: '2026-02-30' }, TODAY)).where?.field).toBe('date')
    expect(refusal(() => applyStep(fresh(), { ...assign(), date: '2026-11-21' }, TODAY)).message).toContain('还没到')
    expect(refusal(() => applyStep(fresh(), { ...assign(), date: '2026-11-01' }, TODAY)).message).toContain('早于上一步（2026-11-02）')
    expect(refusal(() => applyStep(at('rectifying'), step('verify', '2026-11-04'), TODAY)).message).toContain('早于上一步（2026-11-05）')
    // the same day as the previous step is fine
    expect(applyStep(at('rectifying'), step('verify', '2026-11-05'), TODAY).status).toBe('verified')
  })

  it('requires a unit and a sensible deadline to assign, a reason to reject, and who did it', () => {
    expect(refusal(() => applyStep(fresh(), { ...assign(), responsibleUnit: ' ' }, TODAY)).where?.field).toBe('responsibleUnit')
    expect(refusal(() => applyStep(fresh(), { ...assign(), deadline: '2026-11-02' }, TODAY)).message).toContain('早于交办日期')
    expect(refusal(() => applyStep(fresh(), { ...assign(), deadline: undefined }, TODAY)).where?.field).toBe('deadline')
    expect(refusal(() => applyStep(at('verified'), step('reject', '2026-11-12'), TODAY)).message).toBe('退回整改须写明验收不通过的原因。')
    expect(refusal(() => applyStep(fresh(), { ...assign(), who: '  ' }, TODAY)).where?.field).toBe('who')
  })

  it('lets a problem be re-assigned until the work starts', () => {
    const p = applyStep(at('assigned'), step('assign', '2026-11-04', { responsibleUnit: '临汾市燃气公司', deadline: '2026-12-10' }), TODAY)
    expect(p).toMatchObject({ status: 'assigned', responsibleUnit: '临汾市燃气公司', responsiblePerson: '', deadline: '2026-12-10' })
  })

  it('does not change the problem it was given', () => {
    const p = fresh()
    const copy = structuredClone(p)
    applyStep(p, assign(), TODAY)
    expect(p).toEqual(copy)
  })
})

describe('overdue', () => {
  it('counts days past the deadline until the day it is closed', () => {
    const p = at('rectifying') // deadline 2026-11-25
    expect(isOverdue(p, '2026-11-25')).toBe(false)
    expect(daysOverdue(p, '2026-11-25')).toBe(0)
    expect(daysOverdue(p, '2026-11-26')).toBe(1)
    expect(daysOverdue(p, '2026-12-25')).toBe(30)
    const late = { ...p, status: 'closed' as const, closedOn: '2026-12-01' }
    expect(daysOverdue(late, '2026-11-30')).toBe(5)
    expect(daysOverdue(late, '2026-12-01')).toBe(0)
    // across a month and a year end
    const due = (deadline: string) => ({ ...p, deadline, deadlines: [{ since: p.openedOn, deadline }] })
    expect(daysOverdue(due('2026-12-31'), '2027-01-02')).toBe(2)
    expect(daysOverdue(due('2028-02-28'), '2028-03-01')).toBe(2)
  })

  it('judges each day by the deadline then in force: a later extension does not undo past overdue days', () => {
    // opened 11-02 with 11-30, assigned 11-03 with 11-25, re-assigned 11-28 with 12-10
    const p = applyStep(at('assigned'), step('assign', '2026-11-28', { responsibleUnit: '屯里镇人民政府', deadline: '2026-12-10' }), '2026-12-31')
    expect(p.deadlines).toEqual([
      { since: '2026-11-02', deadline: '2026-11-30' },
      { since: '2026-11-03', deadline: '2026-11-25' },
      { since: '2026-11-28', deadline: '2026-12-10' },
    ])
    expect(daysOverdue(p, '2026-11-02')).toBe(0)
    expect(daysOverdue(p, '2026-11-27')).toBe(2)
    expect(daysOverdue(p, '2026-11-28')).toBe(0)
    expect(daysOverdue(p, '2026-12-12')).toBe(2)
  })

  it('is not overdue while verified, and again once the verification is overturned', () => {
    const verified = at('verified') // deadline 11-25, verified 11-10
    expect(isOverdue(verified, '2026-11-30')).toBe(false)
    const back = applyStep(verified, step('reject', '2026-11-28', { note: '复查发现仍漏气' }), TODAY.replace('11-20', '12-31'))
    expect(isOverdue(back, '2026-11-27')).toBe(false)
    expect(daysOverdue(back, '2026-11-28')).toBe(3)
  })
})
