// 发放批次: draw a batch of households with subsidy still due (by area, item and stage), the
// season's batches, and one batch's roster, payment and reversal.
import { useState } from 'react'
import type { BatchSkip, DivisionHit } from '../../../../core/contract'
import { SUBSIDY_ITEMS, type SubsidyItem } from '../../../../core/domain/policy'
import { STAGE_KEYS, type StageKey } from '../../../../core/domain/types'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { BatchDetail } from './BatchDetail'
import { fmtYuan } from './money-text'
import { Allowed } from '../../components/Allowed'

export function BatchesTab({ season }: { season: string }) {
  const [version, setVersion] = useState(0)
  const [selected, setSelected] = useState<string>()
  const list = useAsync(() => call('batches.list', { season }), [season, version], { keep: true })
  const changed = () => setVersion((v) => v + 1)
  return (
    <>
      <Allowed method="batches.create" hide>
        <CreateBatch
          season={season}
          onCreated={(id) => {
            setSelected(id)
            changed()
          }}
        />
      </Allowed>
      <Panel title={t('money.batches.listTitle', { season })} testId="batch-list">
        <ErrorBanner error={list.error} />
        {!list.data ? (
          !list.error && <Loading />
        ) : list.data.length === 0 ? (
          <p className="muted">{t('money.batches.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table money-table" data-testid="batch-table">
              <thead>
                <tr>
                  <th>{t('money.batches.id')}</th>
                  <th>{t('money.batches.name')}</th>
                  <th>{t('money.col.item')}</th>
                  <th>{t('money.batches.status')}</th>
                  <th className="num">{t('money.batches.households')}</th>
                  <th className="num">{t('money.col.amount')}</th>
                  <th>{t('money.batches.paidOn')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((b) => (
                  <tr key={b.id} className={b.id === selected ? 'selected' : undefined} data-testid={`batch-row-${b.id}`}>
                    <td className="code">
                      <button type="button" className="link-button" onClick={() => setSelected(b.id)} data-testid="batch-open">
                        {b.id}
                      </button>
                    </td>
                    <td>{b.name}</td>
                    <td className="nowrap">{t(`money.item.${b.item}`)}</td>
                    <td className="nowrap">
                      <span className={`tag tag-${b.status}`}>{t(b.kind === 'reversal' ? 'money.batches.kind.reversal' : `money.batches.status.${b.status}`)}</span>
                    </td>
                    <td className="num">{b.households}</td>
                    <td className="num">{b.kind === 'reversal' ? `-${fmtYuan(b.total)}` : fmtYuan(b.total)}</td>
                    <td className="nowrap">{b.paidOn ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      {selected && <BatchDetail key={`${selected}-${version}`} batchId={selected} onChanged={changed} onOpen={setSelected} />}
    </>
  )
}

function CreateBatch({ season, onCreated }: { season: string; onCreated: (id: string) => void }) {
  const [scope, setScope] = useState<DivisionHit>()
  const [item, setItem] = useState<SubsidyItem>('running')
  const [stage, setStage] = useState<StageKey | ''>('')
  const [name, setName] = useState('')
  const [skipped, setSkipped] = useState<BatchSkip[]>()
  const create = useAction(() => call('batches.create', { scopeCode: scope!.code, season, item, minStage: stage || undefined, name: name.trim() || undefined }))
  return (
    <Panel title={t('money.batches.createTitle')} testId="batch-create">
      <div className="batch-create">
        <div>
          <div className="muted small">{t('money.batches.scope')}</div>
          {scope ? (
            <div className="inline-field" data-testid="batch-scope">
              <strong>{scope.name}</strong>
              <span className="muted small">{scope.path}</span>
              <button type="button" className="link-button" onClick={() => setScope(undefined)}>
                {t('money.change')}
              </button>
            </div>
          ) : (
            <DivisionSearchBox onPick={setScope} placeholder={t('money.batches.scopeHint')} testId="batch-scope-search" />
          )}
        </div>
        <div className="form-grid">
          <label>
            {t('money.col.item')}
            <select value={item} onChange={(e) => setItem(e.target.value as SubsidyItem)} data-testid="batch-item">
              {SUBSIDY_ITEMS.map((x) => (
                <option key={x} value={x}>
                  {t(`money.item.${x}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('money.batches.stage')}
            <select value={stage} onChange={(e) => setStage(e.target.value as StageKey | '')} data-testid="batch-stage">
              <option value="">{t('money.batches.anyStage')}</option>
              {STAGE_KEYS.map((k) => (
                <option key={k} value={k}>
                  {t('money.batches.atLeast', { stage: t(`stage.${k}`) })}
                </option>
              ))}
            </select>
          </label>
          <label className="span-all">
            {t('money.batches.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('money.batches.nameHint')} maxLength={100} data-testid="batch-name" />
          </label>
        </div>
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={!scope || create.busy}
          onClick={async () => {
            setSkipped(undefined)
            const r = await create.run()
            if (r) {
              setSkipped(r.skipped)
              onCreated(r.batch.id)
            }
          }}
          data-testid="batch-create-submit"
        >
          {create.busy ? t('common.working') : t('money.batches.create')}
        </button>
        <span className="muted small">{t('money.batches.createHelp')}</span>
      </div>
      <ErrorBanner error={create.error} onClose={create.clearError} />
      {skipped && skipped.length > 0 && (
        <Notice kind="warn" testId="batch-skipped">
          <div>{t('money.batches.skipped', { n: skipped.length })}</div>
          <ul className="small skipped-list">
            {skipped.slice(0, 50).map((s) => (
              <li key={s.householdId}>
                {s.headName}（{s.householdId}）：{s.reason}
              </li>
            ))}
          </ul>
        </Notice>
      )}
    </Panel>
  )
}
