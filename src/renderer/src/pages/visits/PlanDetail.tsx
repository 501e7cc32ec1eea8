// A saved plan: the draw and its rule, contacts filled in per village (phones masked unless
// shown on purpose), the Excel export for printing, the route on the map, and deleting it.
import { useState } from 'react'
import type { PlanItemView } from '../../../../core/contract'
import { canReveal } from '../../access'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { ExportButton } from '../../components/ExportButton'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { fmtDateTime } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href, navigate } from '../../route'
import { PlanView } from './PlanView'
import { Allowed } from '../../components/Allowed'

export function PlanDetail({ id }: { id: string }) {
  const { info } = useApp()
  const [reveal, setReveal] = useState(false)
  const [version, setVersion] = useState(0)
  const plan = useAsync(() => call('visitPlans.get', { id, reveal }), [id, reveal, version], { keep: true })
  const [fullPhones, setFullPhones] = useState(false)
  const [editing, setEditing] = useState<string>()
  const [confirm, setConfirm] = useState(false)
  const remove = useAction(() => call('visitPlans.delete', { id }))

  if (plan.error) return <ErrorBanner error={plan.error} />
  if (!plan.data) return <Loading />
  const p = plan.data
  return (
    <Panel
      title={
        <>
          {p.title} <span className="muted small">{p.id}</span>
        </>
      }
      testId="plan-detail"
      actions={
        <>
          <a className="button-link" href={href('map', id)} data-testid="plan-on-map">
            {t('visits.plan.onMap')}
          </a>
          {canReveal(info) && (
            <label className="check small">
              <input type="checkbox" checked={fullPhones} onChange={(e) => setFullPhones(e.target.checked)} data-testid="plan-full-phones" />
              {t('visits.plan.fullPhones')}
            </label>
          )}
          <ExportButton label={t('visits.plan.export')} make={() => call('visitPlans.export', { id, fullPhones })} primary testId="plan-export" />
          <Allowed method="visitPlans.delete" hide>
            <button type="button" onClick={() => setConfirm(true)} data-testid="plan-delete">
              {t('visits.plan.delete')}
            </button>
          </Allowed>
        </>
      }
    >
      <p className="muted small">
        {t('visits.plan.created', { at: p.createdAt ? fmtDateTime(p.createdAt) : '', who: p.createdBy ?? '' })}{' '}
        {canReveal(info) && (
          <button type="button" className="link-button" onClick={() => setReveal(!reveal)} data-testid="plan-reveal">
            {reveal ? t('visits.plan.maskPhones') : t('visits.plan.showPhones')}
          </button>
        )}
      </p>
      <ErrorBanner error={remove.error} onClose={remove.clearError} />
      <PlanView
        plan={p}
        renderContact={(it) =>
          editing === it.villageCode ? (
            <ContactForm
              id={id}
              item={it}
              onDone={() => {
                setEditing(undefined)
                setVersion((n) => n + 1)
              }}
            />
          ) : (
            <span className="contact-cell">
              {[it.contactName, it.contactPhone].filter(Boolean).join(' ')}
              <Allowed method="visitPlans.updateItem" hide>
                <button type="button" className="link-button" onClick={() => setEditing(it.villageCode)} data-testid={`plan-contact-edit-${it.villageCode}`}>
                  {t('common.edit')}
                </button>
              </Allowed>
            </span>
          )
        }
      />
      {confirm && (
        <ConfirmDialog
          title={t('visits.plan.deleteTitle')}
          confirmLabel={t('visits.plan.delete')}
          busy={remove.busy}
          onCancel={() => setConfirm(false)}
          onConfirm={async () => {
            if (await remove.run()) navigate('visits', 'plans')
            setConfirm(false)
          }}
        >
          {t('visits.plan.deleteText', { id })}
        </ConfirmDialog>
      )}
    </Panel>
  )
}

function ContactForm({ id, item, onDone }: { id: string; item: PlanItemView; onDone: () => void }) {
  const [name, setName] = useState(item.contactName ?? '')
  const [phone, setPhone] = useState(item.contactPhone ?? '')
  const [purpose, setPurpose] = useState(item.purpose)
  const save = useAction(() => call('visitPlans.updateItem', { id, villageCode: item.villageCode, contactName: name, contactPhone: phone, purpose }))
  return (
    <form
      className="contact-form"
      onSubmit={async (e) => {
        e.preventDefault()
        if (await save.run()) onDone()
      }}
    >
      <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('visits.plan.contactName')} maxLength={50} data-testid="contact-name" />
      <input value={phone} onChange={(e) => setPhone(e.target.value)} placeholder={t('visits.plan.contactPhone')} maxLength={20} data-testid="contact-phone" />
      <input value={purpose} onChange={(e) => setPurpose(e.target.value)} placeholder={t('visits.plan.purpose')} maxLength={200} data-testid="contact-purpose" />
      <button type="submit" className="primary" disabled={save.busy} data-testid="contact-save">
        {t('common.save')}
      </button>
      <button type="button" onClick={onDone}>
        {t('common.cancel')}
      </button>
      <ErrorBanner error={save.error} onClose={save.clearError} />
    </form>
  )
}
