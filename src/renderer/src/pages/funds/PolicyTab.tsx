// 补贴政策: the season's policy as data the office edits. Each change (a rule added, edited or
// removed, a preset loaded, the name) is saved at once, checked by the core as a whole, and
// becomes a new revision; earlier revisions stay in the audit trail.
import { useState } from 'react'
import type { PolicyView } from '../../../../core/contract'
import type { RuleText } from '../../../../core/domain/policy-text'
import { call } from '../../api'
import { findRoute, useApp } from '../../AppContext'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtDateTime } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { RuleForm } from './RuleForm'
import { Allowed } from '../../components/Allowed'

export function PolicyTab({ season, onSaved }: { season: string; onSaved: () => void }) {
  const [version, setVersion] = useState(0)
  // Kept here: the editor is remounted on each new revision.
  const [saved, setSaved] = useState<{ season: string; revision: number }>()
  // A season without a policy yet is the normal start, not an error: look in the list first.
  const policy = useAsync(async () => {
    const list = await call('policies.list', {})
    return list.some((p) => p.season === season) ? call('policies.get', { season }) : null
  }, [season, version])
  if (policy.error) return <ErrorBanner error={policy.error} />
  if (policy.data === undefined) return <Loading />
  return (
    <PolicyEditor
      key={`${season}-${policy.data?.revision ?? 0}`}
      season={season}
      policy={policy.data}
      saved={saved?.season === season ? saved.revision : undefined}
      onSaved={(revision) => {
        setSaved({ season, revision })
        setVersion((v) => v + 1)
        onSaved()
      }}
    />
  )
}

function PolicyEditor(props: { season: string; policy: PolicyView | null; saved?: number; onSaved: (revision: number) => void }) {
  const { season, policy } = props
  const { settings } = useApp()
  const [name, setName] = useState(policy?.name ?? t('money.policy.defaultName', { season }))
  const [editing, setEditing] = useState<number | 'new'>()
  const [removing, setRemoving] = useState<number>()
  const [preset, setPreset] = useState('')
  const [confirmPreset, setConfirmPreset] = useState(false)
  const presets = useAsync(() => call('policies.presets', {}), [])
  const rules = policy?.texts ?? []
  const save = useAction((next: RuleText[], nextName: string) => call('policies.save', { season, name: nextName, rules: next, baseRevision: policy?.revision ?? 0 }))
  const commit = async (next: RuleText[], nextName = name) => {
    const p = await save.run(next, nextName)
    if (p) props.onSaved(p.revision)
    return !!p
  }
  const chosen = presets.data?.find((p) => p.id === preset)

  return (
    <>
      <Panel
        testId="policy"
        title={t('money.policy.title', { season })}
        actions={
          policy && (
            <span className="muted small" data-testid="policy-revision">
              {t('money.policy.revision', { revision: policy.revision, who: policy.savedBy, at: fmtDateTime(policy.savedAt) })}
            </span>
          )
        }
      >
        {!policy && <Notice kind="info">{t('money.policy.none', { season })}</Notice>}
        {props.saved && <Notice testId="policy-saved">{t('money.policy.saved', { revision: props.saved })}</Notice>}
        {/* While a rule is open, its form shows the error next to the fields. */}
        <ErrorBanner error={editing === undefined ? save.error : undefined} onClose={save.clearError} />
        <Allowed method="policies.save">
          <div className="inline-field policy-name">
            <label className="inline-field">
              {t('money.policy.name')}
              <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} size={40} data-testid="policy-name" />
            </label>
            {policy && name !== policy.name && (
              <button type="button" onClick={() => void commit(rules, name)} disabled={save.busy} data-testid="policy-save-name">
                {t('common.save')}
              </button>
            )}
          </div>
          <h3 className="section-title">{t('money.policy.rules')}</h3>
          {rules.length === 0 ? (
            <p className="muted">{t('money.policy.noRules')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table money-table" data-testid="policy-rules">
                <thead>
                  <tr>
                    <th>{t('money.col.no')}</th>
                    <th>{t('field.route')}</th>
                    <th>{t('money.col.item')}</th>
                    <th>{t('money.policy.variant')}</th>
                    <th>{t('money.policy.howMuch')}</th>
                    <th>{t('money.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rules.map((r, i) => (
                    <tr key={i} data-testid={`policy-rule-${i}`}>
                      <td className="num">{i + 1}</td>
                      <td className="nowrap">{findRoute(settings.routes, r.route)?.name ?? r.route}</td>
                      <td className="nowrap">{t(`money.item.${r.item}`)}</td>
                      <td>{r.variant ?? ''}</td>
                      <td data-testid="policy-rule-summary">{policy?.summaries[i] ?? ''}</td>
                      <td className="nowrap">
                        <button type="button" className="link-button" onClick={() => setEditing(i)} disabled={editing !== undefined} data-testid="policy-rule-edit">
                          {t('common.edit')}
                        </button>
                        <button type="button" className="link-button" onClick={() => setRemoving(i)} disabled={editing !== undefined} data-testid="policy-rule-remove">
                          {t('money.remove')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="button-row">
            <button type="button" className="primary" onClick={() => setEditing('new')} disabled={editing !== undefined} data-testid="policy-add-rule">
              {t('money.policy.addRule')}
            </button>
            <span className="inline-field">
              <select value={preset} onChange={(e) => setPreset(e.target.value)} data-testid="policy-preset">
                <option value="">{t('money.policy.pickPreset')}</option>
                {presets.data?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              <button type="button" disabled={!chosen || save.busy} onClick={() => setConfirmPreset(true)} data-testid="policy-load-preset">
                {t('money.policy.loadPreset')}
              </button>
            </span>
          </div>
        </Allowed>
        {chosen && <p className="muted small">{chosen.source}</p>}
        <p className="muted small">{t('money.policy.rounding')}</p>
      </Panel>
      {editing !== undefined && (
        <RuleForm
          key={String(editing)}
          rule={editing === 'new' ? undefined : rules[editing]}
          busy={save.busy}
          error={save.error}
          onCancel={() => {
            setEditing(undefined)
            save.clearError()
          }}
          onSave={async (rule) => {
            const next = editing === 'new' ? [...rules, rule] : rules.map((r, i) => (i === editing ? rule : r))
            if (await commit(next)) setEditing(undefined)
          }}
        />
      )}
      {removing !== undefined && (
        <ConfirmDialog
          title={t('money.policy.removeTitle')}
          confirmLabel={t('money.remove')}
          busy={save.busy}
          onCancel={() => setRemoving(undefined)}
          onConfirm={async () => {
            await commit(rules.filter((_, i) => i !== removing))
            setRemoving(undefined)
          }}
        >
          <p>{policy?.summaries[removing]}</p>
        </ConfirmDialog>
      )}
      {confirmPreset && chosen && (
        <ConfirmDialog
          title={t('money.policy.presetTitle')}
          confirmLabel={t('money.policy.loadPreset')}
          busy={save.busy}
          onCancel={() => setConfirmPreset(false)}
          onConfirm={async () => {
            setName(chosen.name)
            await commit(chosen.rules, chosen.name)
            setConfirmPreset(false)
          }}
        >
          <p>{t('money.policy.presetText', { name: chosen.name, season })}</p>
          <ul className="small">
            {chosen.summaries.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </>
  )
}
