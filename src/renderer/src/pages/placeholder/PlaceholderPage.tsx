// Pages planned for later releases: say plainly what they will do and when, show nothing fake.
import { Panel } from '../../components/Panel'
import { t } from '../../i18n'

type PlannedPage = 'map' | 'reports' | 'funds' | 'problems' | 'visits'

export function PlaceholderPage({ page }: { page: PlannedPage }) {
  return (
    <div className="page">
      <h1 className="page-title">{t(`nav.${page}`)}</h1>
      <Panel testId="placeholder">
        <p className="placeholder-text" data-testid="placeholder-text">
          {t(`planned.${page}`)}
        </p>
        <p className="muted">{t('planned.meanwhile')}</p>
      </Panel>
    </div>
  )
}
