// The households of one page of the list; "显示完整信息" reveals one household (audited).
import { useEffect, useState } from 'react'
import type { MaskedHousehold } from '../../../../core/contract'
import { type ApiError, call, toApiError } from '../../api'
import { can, canReveal } from '../../access'
import { findRoute, useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { t } from '../../i18n'
import { stageLabel } from './stage'

export function HouseholdTable({ items, onEdit }: { items: MaskedHousehold[]; onEdit: (h: MaskedHousehold) => void }) {
  const { settings, info } = useApp()
  const [revealed, setRevealed] = useState<Record<string, MaskedHousehold>>({})
  const [error, setError] = useState<ApiError>()
  // A reloaded list (after an edit) shows masked values again rather than stale full ones.
  useEffect(() => setRevealed({}), [items])
  if (items.length === 0) return <p className="muted" data-testid="household-empty">{t('households.none')}</p>

  const reveal = async (id: string) => {
    try {
      const h = await call('households.get', { id, reveal: true })
      setRevealed((r) => ({ ...r, [id]: h }))
      setError(undefined)
    } catch (e) {
      setError(toApiError(e))
    }
  }

  return (
    <>
      <ErrorBanner error={error} onClose={() => setError(undefined)} />
      <div className="table-wrap tall">
        <table className="table" data-testid="household-table">
          <thead>
            <tr>
              <th>{t('households.col.head')}</th>
              <th>{t('households.col.idNumber')}</th>
              <th>{t('households.col.phone')}</th>
              <th>{t('households.col.address')}</th>
              <th>{t('households.col.route')}</th>
              <th>{t('households.col.stage')}</th>
              <th>{t('households.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const h = revealed[item.id] ?? item
              const route = findRoute(settings.routes, h.route)
              return (
                <tr key={h.id} data-testid={`household-row-${h.id}`}>
                  <td>{h.headName}</td>
                  <td className="code" data-testid="household-id-number">
                    {h.idNumber ?? ''}
                  </td>
                  <td className="code" data-testid="household-phone">
                    {h.phone ?? ''}
                  </td>
                  <td>{h.address ?? ''}</td>
                  <td>{route?.name ?? h.route}</td>
                  <td data-testid="household-stage">{stageLabel(route, h.stage)}</td>
                  <td className="nowrap">
                    {can(info, 'households.update') && (
                      <button type="button" className="link-button" onClick={() => onEdit(h)} data-testid="household-edit">
                        {t('common.edit')}
                      </button>
                    )}
                    {canReveal(info) && !h.revealed && (h.idNumber || h.phone) && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => void reveal(h.id)}
                        title={t('households.revealNote')}
                        data-testid="household-reveal"
                      >
                        {t('households.reveal')}
                      </button>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </>
  )
}
