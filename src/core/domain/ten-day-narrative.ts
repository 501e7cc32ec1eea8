// The ten-day pack's narrative (情况综述), in the office's words, drafted from the pack's own
// numbers: progress and pace against the backward schedule, the ranking, problems with the units
// named, what visits found worth praising or suggesting, and the daily pace each unit needs next 旬.

import type { TenDayPack } from '../contract'
import { SCHEDULE_STATUS_NAMES } from './backward-schedule'
import { monthDay } from './periods'
import { deadlineOn, isOverdue, type Problem } from './problems'
import { rateText } from './rank'

type PackFacts = Omit<TenDayPack, 'narrative'>

/** How many names a sentence lists before 等 N 个. */
const LIST_MAX = 5

const pct = (r: number | null) => (r === null ? '—' : rateText(r))
const dec1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1)

function list(items: string[], what: string): string {
  if (items.length <= LIST_MAX) return items.join('、')
  return `${items.slice(0, LIST_MAX).join('、')}等${items.length}${what}`
}

/** "（甲镇2个、乙镇1个）" for the units with a count above 0. */
function byUnit(rows: readonly { name: string; n: number }[]): string {
  const named = rows.filter((r) => r.n > 0).map((r) => `${r.name}${r.n}个`)
  return named.length > 0 ? `（${named.join('、')}）` : ''
}

export function tenDayNarrative(
  p: PackFacts,
  problems: readonly Problem[],
  visited: { visits: number; villages: number; households: number },
  place: (villageCode: string) => string,
): string[] {
  const { area } = p
  const unit = area.unitWord
  const total = p.progress.total
  const out: string[] = []

  // (一) progress and pace against the schedule set at the 旬's start
  const soFar = p.asOf < p.period.to ? `（截至${monthDay(p.asOf)}）` : ''
  const cmp =
    total.previousIncrease === null
      ? `${p.compareLabel}无数据，无法比较`
      : total.increase > total.previousIncrease
        ? `较${p.compareLabel}多${total.increase - total.previousIncrease}户`
        : total.increase < total.previousIncrease
          ? `较${p.compareLabel}少${total.previousIncrease - total.increase}户`
          : `与${p.compareLabel}持平`
  const s = p.slippage.total
  const against =
    s.planned === 0 && s.actual === 0
      ? ''
      : s.difference >= 0
        ? `按旬初倒排工期，本旬应完成${s.planned}户，实际完成${s.actual}户，${s.difference > 0 ? `超额${s.difference}户` : '完成要求'}。`
        : `按旬初倒排工期，本旬应完成${s.planned}户，实际完成${s.actual}户，欠${-s.difference}户${s.slipDays !== null ? `，折合滞后${dec1(s.slipDays)}天` : ''}。`
  const short = p.slippage.rows.filter((r) => r.difference < 0).sort((a, b) => a.difference - b.difference)
  const shortText = short.length > 0 ? `欠完成的有${list(short.map((r) => `${r.countyName}（欠${-r.difference}户）`), `个${unit}`)}。` : ''
  const slow = p.nextPlan.rows.filter((r) => r.status === 'behind').map((r) => r.countyName)
  const late = p.nextPlan.rows.filter((r) => r.status === 'overdue').map((r) => r.countyName)
  const status = [
    slow.length > 0 ? `${list(slow, `个${unit}`)}按近7日进度${SCHEDULE_STATUS_NAMES.behind}` : '',
    late.length > 0 ? `${list(late, `个${unit}`)}有户数已过完成时限` : '',
  ].filter(Boolean)
  out.push(
    `（一）进度与工期。截至${monthDay(p.asOf)}，${area.areaWord}累计完成清洁取暖改造${total.done}户（以${p.completionName}计），占任务总数${total.target}户的${pct(total.rate)}；` +
      `${p.label.slice(5)}${soFar}${total.increase < 0 ? `回退${-total.increase}户` : `新增${total.increase}户`}，日均${dec1(total.dailyAverage)}户，${cmp}。` +
      against +
      shortText +
      (status.length > 0 ? `目前${status.join('，')}。` : ''),
  )

  // (二) ranking, who did not report, the units one level down furthest behind, 回退
  const ranked = p.progress.rows.filter((r) => r.rank !== null)
  const rank: string[] = []
  if (ranked.length >= 2) {
    const first = ranked.filter((r) => r.rank === 1)
    const lastRank = ranked[ranked.length - 1]!.rank
    const last = ranked.filter((r) => r.rank === lastRank && !first.includes(r))
    rank.push(`完成率居首位的是${first.map((r) => `${r.name}（${pct(r.rate)}）`).join('、')}`)
    if (last.length > 0) rank.push(`居末位的是${last.map((r) => `${r.name}（${pct(r.rate)}）`).join('、')}`)
  }
  const unreported = p.progress.rows.filter((r) => r.reporting.status === 'unreported').map((r) => r.name)
  const parts = [rank.length > 0 ? `${rank.join('，')}。` : '']
  if (unreported.length > 0) parts.push(`${list(unreported, `个${unit}`)}本旬未上报进度，未参加排名。`)
  if (p.laggards.length > 0) {
    parts.push(`完成率最低的${area.unitLevel === 'county' ? '乡镇' : '村'}是${p.laggards.map((l) => `${l.parentName}${l.name}（${pct(l.rate)}）`).join('、')}。`)
  }
  if (p.regressions.length > 0) {
    const fall = p.regressions.reduce((n, g) => n - g.change, 0)
    parts.push(`${list([...new Set(p.regressions.map((g) => `${g.place}${g.villageName}`))], '个村')}累计数回退，共${fall}户，请核实原因。`)
  }
  if (parts.join('') !== '') out.push(`（二）排名情况。${parts.join('')}`)

  // (三) problems: found, closed, overdue — with the units and who is responsible
  const pr = p.problems
  if (pr.recorded === 0) out.push('（三）问题整改。问题台账暂无记录。')
  else {
    const overdue = problems
      .filter((x) => isOverdue(x, p.asOf))
      .sort((a, b) => deadlineOn(a, p.asOf).localeCompare(deadlineOn(b, p.asOf)) || a.id.localeCompare(b.id))
      .map((x) => `${place(x.villageCode)}${x.description}（${x.responsibleUnit ? `责任单位${x.responsibleUnit}，` : '尚未交办，'}整改时限${monthDay(deadlineOn(x, p.asOf))}）`)
    out.push(
      `（三）问题整改。本旬新发现问题${pr.total.opened}个${byUnit(pr.rows.map((r) => ({ name: r.name, n: r.opened })))}，` +
        `整改销号${pr.total.closed}个${byUnit(pr.rows.map((r) => ({ name: r.name, n: r.closed })))}；` +
        `截至${monthDay(p.asOf)}，逾期未整改${pr.total.overdue}个${byUnit(pr.rows.map((r) => ({ name: r.name, n: r.overdue })))}，未销号${pr.total.openAtEnd}个。` +
        (overdue.length > 0 ? `逾期的是：${list(overdue, '个')}。` : ''),
    )
  }

  // (四) visits: how much, and what they found worth praising or suggesting
  if (visited.visits === 0) out.push('（四）走访调研。本旬没有走访记录。')
  else {
    const notes = (kind: 'highlight' | 'suggestion') => p.visitNotes.filter((n) => n.kind === kind).map((n) => `${n.text}（${n.place}）`)
    const highlights = notes('highlight')
    const suggestions = notes('suggestion')
    out.push(
      `（四）走访调研。本旬走访${visited.visits}次，到${visited.villages}个村，入户${visited.households}户。` +
        (highlights.length > 0 ? `亮点：${list(highlights, '条')}。` : '没有记录亮点。') +
        (suggestions.length > 0 ? `建议：${list(suggestions, '条')}。` : '没有记录建议。'),
    )
  }

  // (五) next 旬: the daily pace each unit needs
  const n = p.nextPlan
  const paced = n.rows.filter((r) => r.requiredPace !== null && r.remaining > 0).sort((a, b) => b.requiredPace! - a.requiredPace! || a.countyCode.localeCompare(b.countyCode))
  const lapsed = n.rows.filter((r) => r.requiredPace === null && r.remaining > 0)
  out.push(
    `（五）${p.nextLabel.slice(5)}安排。${p.nextLabel}（${monthDay(p.next.from)}—${monthDay(p.next.to)}，${p.next.days}天）按倒排工期${area.areaWord}应完成${n.total.planned}户` +
      (n.total.requiredPace !== null ? `，需日均${dec1(n.total.requiredPace)}户` : '') +
      '。' +
      (paced.length > 0 ? `各${unit}所需日均：${paced.map((r) => `${r.countyName}${dec1(r.requiredPace!)}户`).join('、')}。` : '') +
      (lapsed.length > 0 ? `${lapsed.map((r) => `${r.countyName}剩余${r.remaining}户`).join('、')}已过完成时限，须尽快完成。` : '') +
      (n.total.remaining === 0 ? `${area.areaWord}改造任务已全部完成。` : ''),
  )
  return out
}
