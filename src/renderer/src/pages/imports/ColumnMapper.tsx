// 列对应: every header of a daily-figures sheet with what it was read as (by name, a guess, the
// office's confirmed mapping, or not understood), its first values, and a choice for each; the
// office confirms once per layout and the sheet is previewed again.
import { useState } from 'react'
import type { ColumnReading, MappedColumn, SheetPreview } from '../../../../core/contract'
import { MAPPED_COLUMNS } from '../../../../core/domain/column-mapping'
import { Notice } from '../../components/Notice'
import { fmtDateTime } from '../../format'
import { t, tOr } from '../../i18n'

const asLabel = (key: string) => tOr(`imports.as.${key}`, key)
const mappable = (key: string | undefined): key is MappedColumn => key !== undefined && (MAPPED_COLUMNS as readonly string[]).includes(key)

/** What a column would be confirmed as: its reading when that is a choice, else 忽略. */
function initial(c: ColumnReading): MappedColumn | '' {
  if (!c.as) return ''
  return mappable(c.as) ? c.as : 'ignored'
}

export function ColumnMapper(props: {
  sheet: SheetPreview
  busy: boolean
  onConfirm: (columns: Array<{ index: number; as: MappedColumn }>) => void
}) {
  const { sheet } = props
  const [choice, setChoice] = useState<Record<number, MappedColumn | ''>>(() => Object.fromEntries(sheet.columns.map((c) => [c.index, initial(c)])))
  const missing = sheet.pending?.missing ?? []
  return (
    <div className="column-mapper" data-testid="column-mapper">
      <p className="muted small">{t('imports.columnsHint')}</p>
      {sheet.mapping && (
        <p className="small" data-testid="column-mapping-used">
          {t('imports.mappingUsed', { serial: sheet.mapping.serial, who: sheet.mapping.confirmedBy, at: fmtDateTime(sheet.mapping.confirmedAt) })}
        </p>
      )}
      {missing.length > 0 && (
        <Notice kind="warn" testId="column-missing">
          {t('imports.missingStages', { names: missing.map((k) => asLabel(k)).join(t('imports.nameSep')) })}
        </Notice>
      )}
      <table className="table compact column-table">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>{t('imports.col.header')}</th>
            <th>{t('imports.col.how')}</th>
            <th>{t('imports.col.as')}</th>
            <th>{t('imports.col.samples')}</th>
          </tr>
        </thead>
        <tbody>
          {sheet.columns.map((c) => {
            const value = choice[c.index] ?? ''
            return (
              <tr key={c.index} data-testid="column-row" data-how={c.how}>
                <td className="num muted">{c.index + 1}</td>
                <td className="column-header-text">{c.label || <span className="muted">{t('mappings.blankHeader')}</span>}</td>
                <td>
                  <span className={`badge column-how-${c.how}`}>{t(`imports.how.${c.how}`)}</span>
                </td>
                <td>
                  <select
                    value={value}
                    onChange={(e) => setChoice((x) => ({ ...x, [c.index]: e.target.value as MappedColumn | '' }))}
                    aria-label={`${t('imports.col.as')}：${c.label}`}
                    data-testid={`column-as-${c.index}`}
                  >
                    {value === '' && <option value="">{t('imports.as.none')}</option>}
                    {MAPPED_COLUMNS.map((k) => (
                      <option key={k} value={k}>
                        {asLabel(k)}
                      </option>
                    ))}
                  </select>
                  {c.as && !mappable(c.as) && <span className="muted small"> {t('imports.was', { v: asLabel(c.as) })}</span>}
                </td>
                <td className="muted small column-samples">{c.samples.filter((v) => v !== '').join(' · ')}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          disabled={props.busy}
          onClick={() => props.onConfirm(sheet.columns.map((c) => ({ index: c.index, as: choice[c.index] || 'ignored' })))}
          data-testid="column-confirm"
        >
          {props.busy ? t('common.working') : t('imports.confirmColumns')}
        </button>
      </div>
    </div>
  )
}
