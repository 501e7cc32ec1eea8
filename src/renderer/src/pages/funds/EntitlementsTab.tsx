// 应享补贴: a village's households with what each is entitled to this season and what was paid;
// one household's calculation in words, its financial data and meter readings; readings import.
import { useState } from 'react'
import type { TableImportResult, VillageEntitlements } from '../../../../core/contract'
import { SUBSIDY_ITEMS } from '../../../../core/domain/policy'
import { call } from '../../api'
import { findRoute, useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FileButton } from '../../components/FileButton'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { readFileBase64 } from '../../files'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { stageLabel } from '../households/stage'
import { HouseholdMoney } from './HouseholdMoney'
import { fmtYuan } from './money-text'
import { VillageFrame } from './VillageFrame'
import { Allowed } from '../../components/Allowed'

export function EntitlementsTab(props: { season: string; villageCode?: string; onVillage: (code: string) => void }) {
  const [version, setVersion] = useState(0)
  const changed = () => setVersion((v) => v + 1)
  return (
    <VillageFrame
      villageCode={props.villageCode}
      onVillage={props.onVillage}
      top={
        <Allowed method="finance.import" hide>
          <TableImports season={props.season} onDone={changed} />
        </Allowed>
      }
      pickHint={t('money.entitlements.pickHint')}
      list={(code, selected, onSelect) => (
        <VillageEntitlementList key={code} villageCode={code} season={props.season} version={version} selected={selected} onSelect={onSelect} />
      )}
      detail={(id) => <HouseholdMoney key={id} householdId={id} season={props.season} version={version} onChanged={changed} />}
    />
  )
}

/** Readings for the season and households' financial data, each from a table; all or nothing. */
function TableImports({ season, onDone }: { season: string; onDone: () => void }) {
  return (
    <Panel title={t('money.readings.importTitle')} testId="readings-import">
      <p className="muted small">{t('money.readings.importHelp', { season })}</p>
      <ImportButton
        label={t('money.readings.pickFile', { season })}
        testId="readings-file"
        run={(file) => call('readings.import', { season, file })}
        onDone={onDone}
      />
      <ImportButton label={t('money.finance.pickFile')} testId="finance-file" secondary run={(file) => call('finance.import', { file })} onDone={onDone} />
    </Panel>
  )
}

function ImportButton(props: {
  label: string
  testId: string
  secondary?: boolean
  run: (file: { fileName: string; dataBase64: string }) => Promise<TableImportResult>
  onDone: () => void
}) {
  const run = useAction(async (file: File) => props.run({ fileName: file.name, dataBase64: await readFileBase64(file) }))
  const [result, setResult] = useState<string>()
  return (
    <div className="funds-import">
      <FileButton
        label={props.label}
        accept=".csv,.xlsx,.txt"
        busy={run.busy}
        secondary={props.secondary}
        testId={props.testId}
        onFile={async (file) => {
          setResult(undefined)
          const r = await run.run(file)
          if (r) {
            setResult(t('money.readings.imported', { file: r.fileName, rows: r.rows, updated: r.updated, unchanged: r.unchanged }))
            props.onDone()
          }
        }}
      />
      {result && <Notice testId={`${props.testId}-imported`}>{result}</Notice>}
      <ErrorBanner error={run.error} onClose={run.clearError} />
    </div>
  )
}

function VillageEntitlementList(props: { villageCode: string; season: string; version: number; selected?: string; onSelect: (id: string) => void }) {
  const list = useAsync(() => call('entitlements.village', { villageCode: props.villageCode, season: props.season }), [props.villageCode, props.season, props.version], { keep: true })
  const d = list.data
  return (
    <Panel testId="entitlement-village" title={d ? t('money.entitlements.villageTitle', { place: d.place, season: props.season }) : t('money.tab.entitlements')}>
      <ErrorBanner error={list.error} />
      {!d ? !list.error && <Loading /> : <EntitlementTable d={d} selected={props.selected} onSelect={props.onSelect} />}
    </Panel>
  )
}

function EntitlementTable({ d, selected, onSelect }: { d: VillageEntitlements; selected?: string; onSelect: (id: string) => void }) {
  const { settings } = useApp()
  if (!d.policy) return <Notice kind="warn">{t('money.noPolicy', { season: d.season })}</Notice>
  if (d.rows.length === 0) return <p className="muted">{t('money.noHouseholds')}</p>
  const items = SUBSIDY_ITEMS.filter((it) => d.rows.some((r) => r.items[it]))
  return (
    <>
      <p className="muted small">{t('money.entitlements.policyLine', { name: d.policy.name, revision: d.policy.revision })}</p>
      <div className="table-wrap tall">
        <table className="table money-table" data-testid="entitlement-table">
          <thead>
            <tr>
              <th rowSpan={2}>{t('field.headName')}</th>
              <th rowSpan={2}>{t('field.route')}</th>
              <th rowSpan={2}>{t('field.stage')}</th>
              <th rowSpan={2}>{t('money.lowIncome')}</th>
              {items.map((it) => (
                <th key={it} colSpan={2} className="group-start">
                  {t(`money.item.${it}`)}
                </th>
              ))}
            </tr>
            <tr className="subhead">
              {items.map((it) => [
                <th key={`${it}-e`} className="num group-start">
                  {t('money.col.entitled')}
                </th>,
                <th key={`${it}-p`} className="num">
                  {t('money.col.paid')}
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => {
              const route = findRoute(settings.routes, r.route)
              return (
                <tr key={r.householdId} className={r.householdId === selected ? 'selected' : undefined} data-testid={`entitlement-row-${r.householdId}`}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onSelect(r.householdId)} data-testid="entitlement-open">
                      {r.headName}
                    </button>
                  </td>
                  <td className="nowrap">{route?.name ?? r.route}</td>
                  <td className="nowrap">{stageLabel(route, r.stage)}</td>
                  <td>{r.lowIncome === 'none' ? '' : t(`money.lowIncome.${r.lowIncome}`)}</td>
                  {items.map((it) => {
                    const x = r.items[it]
                    return [
                      <td key={`${it}-e`} className="num group-start">
                        {!x ? '' : x.status === 'notYet' || x.status === 'missing' ? <span className="muted small">{t(`money.status.${x.status}`)}</span> : fmtYuan(x.entitled)}
                      </td>,
                      <td key={`${it}-p`} className="num">
                        {x && x.paid !== 0 ? fmtYuan(x.paid) : ''}
                      </td>,
                    ]
                  })}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </>
  )
}
