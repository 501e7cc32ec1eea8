// One policy rule as the office writes it: route and item, how the amount is worked out (a fixed
// sum, a share of the cost, or metered use through a free band and tiers), the cap, the
// pre-season advance, the low-income top-up, the stage it waits for, who pays what share, and
// where the money goes. Numbers stay text: the core parses them and names the field it refuses.
import { useState } from 'react'
import type { RuleText } from '../../../../core/domain/policy-text'
import { FUNDING_LEVELS, PAYEES, SHARE_MODES, SUBSIDY_ITEMS } from '../../../../core/domain/policy'
import { UNIT_LABEL, UNITS } from '../../../../core/domain/quantity'
import { STAGE_KEYS } from '../../../../core/domain/types'
import type { ApiError } from '../../api'
import { findRoute, useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Panel } from '../../components/Panel'
import { t } from '../../i18n'
import { stageLabel } from '../households/stage'
import { sharesSum } from './money-text'

function blank(route: string): RuleText {
  return {
    route,
    item: 'equipment',
    method: 'fixed',
    amount: '',
    minStage: 'accepted',
    shares: { central: '', province: '', city: '100', county: '' },
    payee: 'bankCard',
    cap: '',
    advanceKind: 'none',
    advance: '',
    topUpDibao: '',
    topUpWubao: '',
  }
}

export function RuleForm(props: { rule?: RuleText; busy: boolean; error?: ApiError; onSave: (r: RuleText) => void; onCancel: () => void }) {
  const { settings } = useApp()
  const [r, setR] = useState<RuleText>(() => props.rule ?? blank(settings.routes[0]?.id ?? 'gas'))
  const set = (patch: Partial<RuleText>) => setR((x) => ({ ...x, ...patch }))
  const route = findRoute(settings.routes, r.route)
  const tiers = r.tiers?.length ? r.tiers : [{ width: '', rate: '' }]
  const sum = sharesSum(r.shares)
  const unit = UNIT_LABEL[r.unit ?? 'm3']
  const text = (key: keyof RuleText, label: string, hint?: string) => (
    <label>
      {label}
      <input value={(r[key] as string | undefined) ?? ''} onChange={(e) => set({ [key]: e.target.value })} placeholder={hint} data-testid={`rule-${key}`} />
    </label>
  )

  return (
    <Panel title={props.rule ? t('money.policy.editRule') : t('money.policy.addRule')} testId="rule-form">
      <form
        className="form-grid rule-form"
        onSubmit={(e) => {
          e.preventDefault()
          const out: RuleText = { ...r }
          if (out.method === 'perUnit') out.tiers = tiers
          else {
            // What only a metered rule has is not sent from a hidden field.
            delete out.tiers
            out.advanceKind = 'none'
            out.advance = ''
          }
          if (out.method === 'fixed' || out.shareMode !== 'ofRate') delete out.shareMode
          if (!out.variant?.trim()) delete out.variant
          props.onSave(out)
        }}
      >
        <label>
          {t('field.route')}
          <select value={r.route} onChange={(e) => set({ route: e.target.value })} data-testid="rule-route">
            {settings.routes.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('money.col.item')}
          <select value={r.item} onChange={(e) => set({ item: e.target.value as RuleText['item'] })} data-testid="rule-item">
            {SUBSIDY_ITEMS.map((x) => (
              <option key={x} value={x}>
                {t(`money.item.${x}`)}
              </option>
            ))}
          </select>
        </label>
        {text('variant', t('money.policy.variant'), t('money.policy.variantHint'))}
        <label>
          {t('money.policy.minStage')}
          <select value={r.minStage} onChange={(e) => set({ minStage: e.target.value as RuleText['minStage'] })} data-testid="rule-minStage">
            {STAGE_KEYS.map((k) => (
              <option key={k} value={k}>
                {stageLabel(route, k)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="radio-group span-all">
          <legend>{t('money.policy.method')}</legend>
          {(['fixed', 'percent', 'perUnit'] as const).map((m) => (
            <label key={m} className="radio">
              <input type="radio" name="rule-method" checked={r.method === m} onChange={() => set({ method: m, unit: m === 'perUnit' ? (r.unit ?? 'm3') : r.unit })} data-testid={`rule-method-${m}`} />
              {t(`money.method.${m}`)}
            </label>
          ))}
        </fieldset>
        {r.method === 'fixed' && text('amount', t('money.policy.amount'), t('money.yuanHint'))}
        {r.method === 'percent' && text('ratio', t('money.policy.ratio'), t('money.policy.ratioHint'))}
        {r.method === 'perUnit' && (
          <>
            <label>
              {t('money.policy.unit')}
              <select value={r.unit ?? 'm3'} onChange={(e) => set({ unit: e.target.value as RuleText['unit'] })} data-testid="rule-unit">
                {UNITS.map((u) => (
                  <option key={u} value={u}>
                    {t(`money.unit.${u}`)}
                  </option>
                ))}
              </select>
            </label>
            {text('freeBand', t('money.policy.freeBand'), t('money.policy.freeBandHint'))}
            <div className="span-all tier-list" data-testid="rule-tiers">
              <div className="muted small">{t('money.policy.tiers')}</div>
              {tiers.map((x, i) => (
                <div key={i} className="inline-field tier-row">
                  <span className="tier-no">{t('money.policy.tierNo', { n: i + 1 })}</span>
                  <input value={x.width} onChange={(e) => set({ tiers: tiers.map((y, j) => (j === i ? { ...y, width: e.target.value } : y)) })} placeholder={t('money.policy.tierWidthHint')} aria-label={t('money.policy.tierWidth')} data-testid={`rule-tier-width-${i}`} />
                  <span className="muted small">{unit}</span>
                  <input value={x.rate} onChange={(e) => set({ tiers: tiers.map((y, j) => (j === i ? { ...y, rate: e.target.value } : y)) })} placeholder={t('money.policy.tierRateHint')} aria-label={t('money.policy.tierRate')} data-testid={`rule-tier-rate-${i}`} />
                  <span className="muted small">{t('money.policy.perUnit', { unit })}</span>
                  {tiers.length > 1 && (
                    <button type="button" className="link-button" onClick={() => set({ tiers: tiers.filter((_, j) => j !== i) })}>
                      {t('money.remove')}
                    </button>
                  )}
                </div>
              ))}
              <button type="button" className="link-button" onClick={() => set({ tiers: [...tiers, { width: '', rate: '' }] })} data-testid="rule-add-tier">
                {t('money.policy.addTier')}
              </button>
            </div>
          </>
        )}
        {text('cap', t('money.policy.cap'), t('money.policy.capHint'))}
        {r.method === 'perUnit' && (
          <>
            <label>
              {t('money.policy.advance')}
              <select value={r.advanceKind ?? 'none'} onChange={(e) => set({ advanceKind: e.target.value as RuleText['advanceKind'] })} data-testid="rule-advanceKind">
                {(['none', 'fixed', 'ofCap'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`money.advance.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            {r.advanceKind && r.advanceKind !== 'none' && text('advance', t(`money.advance.${r.advanceKind}Value`), r.advanceKind === 'fixed' ? t('money.yuanHint') : t('money.policy.ratioHint'))}
          </>
        )}
        {text('topUpDibao', t('money.policy.topUpDibao'), t('money.yuanHint'))}
        {text('topUpWubao', t('money.policy.topUpWubao'), t('money.yuanHint'))}
        <fieldset className="radio-group span-all shares">
          <legend>{t('money.policy.shares')}</legend>
          {FUNDING_LEVELS.map((l) => (
            <label key={l} className="inline-field">
              {t(`money.level.${l}`)}
              <input value={r.shares[l]} onChange={(e) => set({ shares: { ...r.shares, [l]: e.target.value } })} size={6} data-testid={`rule-share-${l}`} />%
            </label>
          ))}
          <span className={`small ${sum === 100 ? 'muted' : 'warn-text'}`} data-testid="rule-share-sum">
            {sum === null ? t('money.policy.sharesBad') : t('money.policy.sharesSum', { sum })}
          </span>
          {r.method !== 'fixed' && (
            <div className="share-modes">
              {SHARE_MODES.map((m) => (
                <label key={m} className="radio">
                  <input type="radio" name="rule-share-mode" checked={(r.shareMode ?? 'ofTotal') === m} onChange={() => set({ shareMode: m })} data-testid={`rule-share-mode-${m}`} />
                  {t(`money.shareMode.${m}`)}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <label>
          {t('money.policy.payee')}
          <select value={r.payee} onChange={(e) => set({ payee: e.target.value as RuleText['payee'] })} data-testid="rule-payee">
            {PAYEES.map((p) => (
              <option key={p} value={p}>
                {t(`money.payee.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {text('note', t('money.col.note'))}
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={props.busy} data-testid="rule-save">
            {props.busy ? t('common.saving') : t('money.policy.saveRule')}
          </button>
          <button type="button" onClick={props.onCancel} disabled={props.busy}>
            {t('common.cancel')}
          </button>
        </div>
        <div className="span-all">
          <ErrorBanner error={props.error} />
        </div>
      </form>
    </Panel>
  )
}
