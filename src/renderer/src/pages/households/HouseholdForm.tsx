// 新增 / 修改农户. Masked ID and phone sent back unchanged keep the stored values (core rule).
import { useState } from 'react'
import type { MaskedHousehold } from '../../../../core/contract'
import type { HouseholdStage } from '../../../../core/domain/types'
import { STAGE_KEYS } from '../../../../core/domain/types'
import { call } from '../../api'
import { findRoute, useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useAction } from '../../hooks'
import { t } from '../../i18n'
import { stageLabel } from './stage'

const TEXT_FIELDS = ['idNumber', 'phone', 'address', 'userCode', 'contractor', 'meterNo'] as const
type TextField = (typeof TEXT_FIELDS)[number]
const MAX: Record<TextField, number> = { idNumber: 18, phone: 20, address: 200, userCode: 50, contractor: 100, meterNo: 50 }

export function HouseholdForm(props: {
  villageCode: string
  household?: MaskedHousehold
  defaultRoute?: string
  onDone: (changed: boolean) => void
}) {
  const { settings } = useApp()
  const h = props.household
  const [headName, setHeadName] = useState(h?.headName ?? '')
  const [route, setRoute] = useState(h?.route ?? props.defaultRoute ?? settings.routes[0]?.id ?? '')
  const [stage, setStage] = useState<HouseholdStage>(h?.stage ?? 'none')
  const [text, setText] = useState<Record<TextField, string>>(
    () => Object.fromEntries(TEXT_FIELDS.map((f) => [f, h?.[f] ?? ''])) as Record<TextField, string>,
  )
  const save = useAction(async () => {
    const fields = { headName, route, stage, ...text }
    return h ? call('households.update', { id: h.id, ...fields }) : call('households.create', { villageCode: props.villageCode, ...fields })
  })
  const routeDef = findRoute(settings.routes, route)

  return (
    <form
      className="form-grid household-form"
      data-testid="household-form"
      onSubmit={async (e) => {
        e.preventDefault()
        if (await save.run()) props.onDone(true)
      }}
    >
      <h3 className="span-all section-title">{h ? t('households.editTitle', { name: h.headName }) : t('households.addTitle')}</h3>
      <label>
        {t('households.col.head')}
        <input value={headName} onChange={(e) => setHeadName(e.target.value)} required maxLength={50} data-testid="hh-headName" />
      </label>
      {TEXT_FIELDS.map((f) => (
        <label key={f}>
          {t(`field.${f}`)}
          <input
            value={text[f]}
            onChange={(e) => setText((s) => ({ ...s, [f]: e.target.value }))}
            maxLength={MAX[f]}
            data-testid={`hh-${f}`}
          />
        </label>
      ))}
      <label>
        {t('households.col.route')}
        <select value={route} onChange={(e) => setRoute(e.target.value)} data-testid="hh-route">
          {settings.routes.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('households.col.stage')}
        <select value={stage} onChange={(e) => setStage(e.target.value as HouseholdStage)} data-testid="hh-stage">
          <option value="none">{t('households.stageNone')}</option>
          {STAGE_KEYS.map((k) => (
            <option key={k} value={k}>
              {stageLabel(routeDef, k)}
            </option>
          ))}
        </select>
      </label>
      {h && !h.revealed && (h.idNumber || h.phone) && <p className="span-all muted small">{t('households.maskedKept')}</p>}
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={save.busy} data-testid="hh-save">
          {save.busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" onClick={() => props.onDone(false)} disabled={save.busy}>
          {t('common.cancel')}
        </button>
      </div>
      <div className="span-all">
        <ErrorBanner error={save.error} onClose={save.clearError} />
      </div>
    </form>
  )
}
