// A village's name, 城乡分类代码 and household count, editable (villages.update).
import { useState } from 'react'
import type { DivisionDetail } from '../../../../core/contract'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { fmtInt } from '../../format'
import { useAction } from '../../hooks'
import { t, tOr } from '../../i18n'
import { href } from '../../route'

export function VillageInfo({ detail, onChanged }: { detail: DivisionDetail; onChanged: () => void }) {
  const v = detail.division
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(v.name)
  const [urc, setUrc] = useState(v.urbanRuralCode ?? '')
  const save = useAction(() => call('villages.update', { code: v.code, name, urbanRuralCode: urc }))

  if (!editing) {
    return (
      <div className="info-grid">
        <dl>
          <dt>{t('village.name')}</dt>
          <dd data-testid="village-name">{v.name}</dd>
          <dt>{t('village.urc')}</dt>
          <dd data-testid="village-urc">
            {v.urbanRuralCode ? `${v.urbanRuralCode} ${tOr(`urc.${v.urbanRuralCode}`, '')}` : t('common.none')}
          </dd>
          <dt>{t('village.households')}</dt>
          <dd>
            <a href={href('households', v.code)} data-testid="village-households-link">
              {t('village.householdsLink', { n: fmtInt(detail.householdCount) })}
            </a>
          </dd>
        </dl>
        <button
          type="button"
          onClick={() => {
            setName(v.name)
            setUrc(v.urbanRuralCode ?? '')
            setEditing(true)
          }}
          data-testid="village-edit"
        >
          {t('common.edit')}
        </button>
      </div>
    )
  }
  return (
    <form
      className="form-grid"
      data-testid="village-form"
      onSubmit={async (e) => {
        e.preventDefault()
        if (await save.run()) {
          setEditing(false)
          onChanged()
        }
      }}
    >
      <label>
        {t('village.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} data-testid="village-name-input" />
      </label>
      <label>
        {t('village.urc')}
        <input value={urc} onChange={(e) => setUrc(e.target.value)} maxLength={3} inputMode="numeric" placeholder="220" data-testid="village-urc-input" />
        <span className="hint">{t('village.urcHint')}</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.busy} data-testid="village-save">
          {save.busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" onClick={() => setEditing(false)} disabled={save.busy}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorBanner error={save.error} onClose={save.clearError} />
    </form>
  )
}
