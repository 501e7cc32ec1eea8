// One sheet's rows as they would be stored: each village's figure (and what is stored for that day
// now, when it differs), or each household with its match; rows refused for an error are listed
// in their place with the reason, so what is left out is plain to see.
import type { ReactNode } from 'react'
import type { ImportProblem, SheetPreview } from '../../../../core/contract'
import type { StageKey } from '../../../../core/domain/types'
import { STAGE_KEYS } from '../../../../core/domain/types'
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

export function SheetDetail({ sheet, refused }: { sheet: SheetPreview; refused: readonly ImportProblem[] }) {
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
            {f.status === 'updated' && f.stored && f.stored.counts[k] !== f.counts[k] && (
              <div className="imports-was">{t('imports.stored', { v: fmtInt(f.stored.counts[k]) })}</div>
            )}
          </td>
        ))}
        <td className="num">
          {fmtKm(f.networkKm)}
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
