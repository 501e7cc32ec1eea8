// The one way an error reaches the user: the core's message, where it happened, and the details.
import type { Where } from '../../../core/errors'
import type { ApiError } from '../api'
import { t, tOr } from '../i18n'

/**
 * A form field's name as the office calls it ("counts.confirmed" → 确户签约 when the table knows
 * the last part), or nothing: a code name like "seasonStart" means nothing to a clerk, and the
 * message itself already says what is wrong.
 */
function fieldLabel(field: string | undefined): string {
  if (!field) return ''
  const last = field.split('.').pop() ?? ''
  return tOr(`field.${last}`, '') || tOr(`stage.${last}`, '')
}

/** "文件 a.csv 第 3 行 code 列" */
function describeWhere(w: Where | undefined): string {
  if (!w) return ''
  const parts: string[] = []
  if (w.file) parts.push(t('where.file', { v: w.file }))
  if (w.sheet) parts.push(t('where.sheet', { v: w.sheet }))
  if (w.row !== undefined) parts.push(t('where.row', { v: w.row }))
  if (w.column) parts.push(t('where.column', { v: w.column }))
  const field = fieldLabel(w.field)
  if (field) parts.push(t('where.field', { v: field }))
  return parts.join(' ')
}

export function ErrorBanner({ error, onClose }: { error: ApiError | undefined; onClose?: () => void }) {
  if (!error) return null
  const where = describeWhere(error.where)
  const showFieldColumn = error.details.some((d) => fieldLabel(d.where?.field))
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <div className="error-head">
        <strong className="error-message" data-testid="error-message">
          {error.message}
        </strong>
        {onClose && (
          <button type="button" className="link-button" onClick={onClose}>
            {t('common.close')}
          </button>
        )}
      </div>
      {where && (
        <div className="error-where" data-testid="error-where">
          {t('error.where', { where })}
        </div>
      )}
      {error.details.length > 0 && (
        <div className="table-wrap error-details">
          <table className="table" data-testid="error-details">
            <thead>
              <tr>
                <th>{t('error.col.file')}</th>
                <th>{t('error.col.row')}</th>
                <th>{t('error.col.column')}</th>
                {showFieldColumn && <th>{t('error.col.field')}</th>}
                <th>{t('error.col.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {error.details.map((d, i) => (
                <tr key={i} data-testid="error-detail-row">
                  <td>{d.where?.file ?? ''}</td>
                  <td className="num">{d.where?.row ?? ''}</td>
                  <td>{d.where?.column ?? ''}</td>
                  {showFieldColumn && <td>{fieldLabel(d.where?.field)}</td>}
                  <td>{d.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
