// One sheet's rows as they would be stored: each village's figure (and what is stored for that day
// now, when it differs; a blank cell marked as keeping the last figure), each household with its
// match, or each village's plan (old → new); rows refused for an error are listed in their place
// with the reason, so what is left out is plain to see.
import type { ReactNode } from 'react'
import type { ImportProblem, PlanChange, SheetPreview } from '../../../../core/contract'
import type { StageKey, VillagePlan } from '../../../../core/domain/types'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { findRoute, useApp } from '../../AppContext'
import { fmtInt, fmtKm } from '../../format'
import { t, tOr } from '../../i18n'

const stageLabel = (k: StageKey) => tOr(`field.counts.${k}`, k)

/** Rows in sheet order: the accepted ones as given, each refused row once with all its reasons. */
function inSheetOrder(accepted: Array<{ row: number; node: ReactNode }>, refused: readonly ImportProblem[], span: number): ReactNode[] {
  const reasons = new Map<number, string[]>()
  for (const p of refused) {
    const row = p.where.row!
    const list = reasons.get(row)
    if (list) list.push(p.message)
    else reasons.set(row, [p.message])
  }
  const lines = [
    ...accepted,
    ...[...reasons].map(([row, messages]) => ({
      row,
      node: (
        <tr key={`refused-${row}`} className="imports-detail-refused" data-testid="imports-detail-refused">
          <td className="num">{row}</td>
          <td colSpan={span}>{messages.join('；')}</td>
          <td className="imports-refused">{t('imports.rowStatus.refused')}</td>
        </tr>
      ),
    })),
  ]
  return lines.sort((a, b) => a.row - b.row).map((l) => l.node)
}

/** A value kept from the last figure because its cell was blank. */
function Carried() {
  return (
    <span className="imports-carried" title={t('imports.carriedTitle')}>
      {t('imports.carried')}
    </span>
  )
}

function PlanRows({ sheet, refused }: { sheet: SheetPreview; refused: readonly ImportProblem[] }) {
  const { settings } = useApp()
  const routeName = (id: string) => findRoute(settings.routes, id)?.name ?? id
  const cell = (p: PlanChange, field: keyof VillagePlan, show: (v: VillagePlan) => string) => (
    <td className={field === 'targetHouseholds' ? 'num' : undefined}>
      {show(p.plan)}
      {p.status === 'updated' && p.stored && p.stored[field] !== p.plan[field] && <div className="imports-was">{t('imports.was', { v: show(p.stored) })}</div>}
    </td>
  )
  const accepted = sheet.plans.map((p) => ({
    row: p.row,
    node: (
      <tr key={`${p.row}-${p.villageCode}`} data-testid="imports-plan-row">
        <td className="num">{p.row}</td>
        <td>{p.townshipName}</td>
        <td>{p.villageName}</td>
        {cell(p, 'route', (v) => routeName(v.route))}
        {cell(p, 'targetHouseholds', (v) => fmtInt(v.targetHouseholds))}
        {cell(p, 'contractor', (v) => v.contractor)}
        {cell(p, 'deadline', (v) => v.deadline)}
        {cell(p, 'figureSource', (v) => t(`value.figureSource.${v.figureSource}`))}
        <td className={`imports-row-${p.status}`}>{t(`imports.rowStatus.${p.status}`)}</td>
      </tr>
    ),
  }))
  return (
    <div className="imports-detail" data-testid="imports-detail">
      <table className="table compact">
        <thead>
          <tr>
            <th className="num">{t('imports.col.row')}</th>
            <th>{t('imports.col.township2')}</th>
            <th>{t('imports.col.village')}</th>
            <th>{t('imports.col.route')}</th>
            <th className="num">{t('imports.col.target')}</th>
            <th>{t('imports.col.contractor')}</th>
            <th>{t('imports.col.deadline')}</th>
            <th>{t('imports.col.source')}</th>
            <th>{t('imports.col.change')}</th>
          </tr>
        </thead>
        <tbody>{inSheetOrder(accepted, refused, 7)}</tbody>
      </table>
      {sheet.plans.length < sheet.added + sheet.updated + sheet.unchanged && <p className="muted small">{t('imports.morePlans', { n: sheet.plans.length })}</p>}
    </div>
  )
}

export function SheetDetail({ sheet, refused }: { sheet: SheetPreview; refused: readonly ImportProblem[] }) {
  if (sheet.kind === 'plans') return <PlanRows sheet={sheet} refused={refused} />
  if (sheet.kind === 'roster') {
    const accepted = sheet.households.map((h) => ({
      row: h.row,
      node: (
        <tr key={h.row}>
          <td className="num">{h.row}</td>
          <td>{h.villageName}</td>
          <td>{h.headName}</td>
          <td className="code">{h.idNumber ?? ''}</td>
          <td>{tOr(`value.stage.${h.stage}`, h.stage)}</td>
          <td className={`imports-row-${h.status}`}>{t(`imports.rowStatus.${h.status}`)}</td>
        </tr>
      ),
    }))
    return (
      <div className="imports-detail" data-testid="imports-detail">
        <table className="table compact">
          <thead>
            <tr>
              <th className="num">{t('imports.col.row')}</th>
              <th>{t('imports.col.village')}</th>
              <th>{t('imports.col.head')}</th>
              <th>{t('imports.col.idNumber')}</th>
              <th>{t('imports.col.stage')}</th>
              <th>{t('imports.col.change')}</th>
            </tr>
          </thead>
          <tbody>{inSheetOrder(accepted, refused, 4)}</tbody>
        </table>
        {sheet.households.length < sheet.added + sheet.updated + sheet.unchanged && (
          <p className="muted small">{t('imports.moreHouseholds', { n: sheet.households.length })}</p>
        )}
      </div>
    )
  }
  const accepted = sheet.figures.map((f) => ({
    row: f.row,
    node: (
      <tr key={`${f.row}-${f.villageCode}`} data-testid="imports-detail-row">
        <td className="num">{f.row}</td>
        <td>{f.villageName}</td>
        <td className="nowrap">{f.date}</td>
        {STAGE_KEYS.map((k) => (
          <td key={k} className="num">
            {fmtInt(f.counts[k])}
            {f.carried?.includes(k) && <Carried />}
            {f.status === 'updated' && f.stored && f.stored.counts[k] !== f.counts[k] && (
              <div className="imports-was">{t('imports.stored', { v: fmtInt(f.stored.counts[k]) })}</div>
            )}
          </td>
        ))}
        <td className="num">
          {fmtKm(f.networkKm)}
          {f.carried?.includes('networkKm') && <Carried />}
          {f.status === 'updated' && f.stored && f.stored.networkKm !== f.networkKm && (
            <div className="imports-was">{t('imports.stored', { v: fmtKm(f.stored.networkKm) })}</div>
          )}
        </td>
        <td className={`nowrap imports-row-${f.status}`}>
          {t(`imports.rowStatus.${f.status}`)}
          {f.warnings > 0 && <span className="imports-row-warnings">{t('imports.rowWarnings', { n: f.warnings })}</span>}
        </td>
      </tr>
    ),
  }))
  return (
    <div className="imports-detail" data-testid="imports-detail">
      <table className="table compact">
        <thead>
          <tr>
            <th className="num">{t('imports.col.row')}</th>
            <th>{t('imports.col.village')}</th>
            <th>{t('imports.col.date')}</th>
            {STAGE_KEYS.map((k) => (
              <th key={k} className="num">
                {stageLabel(k)}
              </th>
            ))}
            <th className="num">{t('imports.col.km')}</th>
            <th>{t('imports.col.change')}</th>
          </tr>
        </thead>
        <tbody>{inSheetOrder(accepted, refused, 2 + STAGE_KEYS.length + 1)}</tbody>
      </table>
    </div>
  )
}
