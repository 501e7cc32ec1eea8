// 走访: draw the villages to visit (随机抽取, with a visible seed), keep the plans, record each
// visit's findings, and count them per county. The address picks the view: #/visits/draw,
// /plans, /records, /summary, /new (a new record), /JH2026-0001 (a plan), /ZF2026-0001 (a visit).
import { t } from '../../i18n'
import { href } from '../../route'
import { DrawPanel } from './DrawPanel'
import { PlanDetail } from './PlanDetail'
import { PlanList } from './PlanList'
import { VisitDetail } from './VisitDetail'
import { VisitForm } from './VisitForm'
import { VisitList } from './VisitList'
import { VisitSummaryPanel } from './VisitSummaryPanel'
import { Allowed } from '../../components/Allowed'

const TABS = ['draw', 'plans', 'records', 'summary'] as const
type Tab = (typeof TABS)[number]

function tabOf(arg: string | undefined): Tab {
  if (!arg) return 'draw'
  if ((TABS as readonly string[]).includes(arg)) return arg as Tab
  if (arg.startsWith('JH')) return 'plans'
  return 'records'
}

export function VisitsPage({ arg }: { arg?: string }) {
  const tab = tabOf(arg)
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.visits')}</h1>
        <nav className="field-tabs page-tabs" aria-label={t('nav.visits')}>
          {TABS.map((id) => (
            <a key={id} href={href('visits', id)} className={tab === id ? 'active' : undefined} data-testid={`visits-tab-${id}`}>
              {t(`visits.tab.${id}`)}
            </a>
          ))}
        </nav>
      </div>
      {arg === 'new' ? (
        <Allowed method="visits.create">
          <VisitForm />
        </Allowed>
      ) : arg?.startsWith('JH') ? (
        <PlanDetail key={arg} id={arg} />
      ) : arg?.startsWith('ZF') ? (
        <VisitDetail key={arg} id={arg} />
      ) : tab === 'draw' ? (
        <Allowed method="visitPlans.create">
          <DrawPanel />
        </Allowed>
      ) : tab === 'plans' ? (
        <PlanList />
      ) : tab === 'records' ? (
        <VisitList />
      ) : (
        <VisitSummaryPanel />
      )}
    </div>
  )
}
