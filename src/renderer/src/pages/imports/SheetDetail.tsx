// One sheet's rows as they would be stored: each village's figure (and what is stored for that day
// now, when it differs), or each household with its match.
import type { SheetPreview } from '../../../../core/contract'
import type { StageKey } from '../../../../core/domain/types'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { fmtInt, fmtKm } from '../../format'
import { t, tOr } from '../../i18n'

const stageLabel = (k: StageKey) => tOr(`field.counts.${k}`, k)

export function SheetDetail({ sheet }: { sheet: SheetPreview }) {
  if (sheet.kind === 'roster') {
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
          <tbody>
            {sheet.households.map((h) => (
              <tr key={h.row}>
                <td className="num">{h.row}</td>
                <td>{h.villageName}</td>
                <td>{h.headName}</td>
                <td className="code">{h.idNumber ?? ''}</td>
                <td>{tOr(`value.stage.${h.stage}`, h.stage)}</td>
                <td className={`imports-row-${h.status}`}>{t(`imports.rowStatus.${h.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {sheet.households.length < sheet.added + sheet.updated + sheet.unchanged && (
          <p className="muted small">{t('imports.moreHouseholds', { n: sheet.households.length })}</p>
        )}
      </div>
    )
  }
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
        <tbody>
          {sheet.figures.map((f) => (
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
              <td className={`imports-row-${f.status}`}>{t(`imports.rowStatus.${f.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
