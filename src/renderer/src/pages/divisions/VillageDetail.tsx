// One village: its name and class, its plan, its daily figures and the history of changes.
import type { DivisionDetail } from '../../../../core/contract'
import { call } from '../../api'
import { findRoute, useApp } from '../../AppContext'
import { AuditTable, type AuditSource } from '../../components/AuditTable'
import { Panel } from '../../components/Panel'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { FigureForm } from './FigureForm'
import { FigureHistory } from './FigureHistory'
import { PlanForm } from './PlanForm'
import { VillageInfo } from './VillageInfo'
import { Allowed } from '../../components/Allowed'

/** How many recent dates' figure records the 修改记录 section looks up. */
const AUDITED_FIGURE_DATES = 10

export function VillageDetail({ detail, version, onChanged }: { detail: DivisionDetail; version: number; onChanged: () => void }) {
  const { settings } = useApp()
  const code = detail.division.code
  const history = useAsync(() => call('figures.history', { villageCode: code, limit: 60 }), [code, version], { keep: true })
  const route = findRoute(settings.routes, detail.plan?.route)

  const auditSources: AuditSource[] = [
    { collection: 'divisions', key: code, label: t('audit.what.division') },
    { collection: 'plans', key: code, label: t('audit.what.plan') },
    ...(history.data ?? []).slice(0, AUDITED_FIGURE_DATES).map((f) => ({
      collection: 'figures',
      key: `${code}|${f.date}`,
      label: t('audit.what.figure', { date: f.date }),
    })),
  ]

  return (
    <div className="village-detail">
      <Panel title={t('village.info')} testId="village-info">
        <Allowed method="villages.update">
          <VillageInfo detail={detail} onChanged={onChanged} />
        </Allowed>
      </Panel>
      <Panel title={t('village.plan')} testId="village-plan">
        <Allowed method="villages.setPlan">
          <PlanForm key={code} villageCode={code} plan={detail.plan} onSaved={onChanged} />
        </Allowed>
      </Panel>
      <Panel title={t('village.figures')} testId="village-figures">
        {!detail.plan || !route ? (
          <p className="muted" data-testid="figures-need-plan">
            {t('figures.needPlan')}
          </p>
        ) : (
          <Allowed method="figures.record" hide>
            <FigureForm key={code} villageCode={code} plan={detail.plan} route={route} latest={detail.latest} onSaved={onChanged} />
          </Allowed>
        )}
        <h3 className="section-title">{t('figures.history')}</h3>
        <FigureHistory history={history} route={route} />
      </Panel>
      <Allowed method="audit.history" hide>
        <Panel title={t('village.audit')} testId="village-audit">
          <AuditTable sources={auditSources} version={version} testId="audit-table" />
        </Panel>
      </Allowed>
    </div>
  )
}
