// The shell: header (app name, operator, today), left navigation, and the current page.
import { useEffect } from 'react'
import { AppProvider, useApp } from './AppContext'
import { ErrorBanner } from './components/ErrorBanner'
import { Loading } from './components/Loading'
import { listenForMenuImport } from './desktop'
import { fmtLongDate } from './format'
import { t } from './i18n'
import { DashboardPage } from './pages/dashboard/DashboardPage'
import { DivisionsPage } from './pages/divisions/DivisionsPage'
import { FundsPage } from './pages/funds/FundsPage'
import { HouseholdsPage } from './pages/households/HouseholdsPage'
import { ImportsPage } from './pages/imports/ImportsPage'
import { MapPage } from './pages/map/MapPage'
import { ProblemsPage } from './pages/problems/ProblemsPage'
import { FOLDER_ERRORS, RecoveryPage } from './pages/recovery/RecoveryPage'
import { ReportsPage } from './pages/reports/ReportsPage'
import { SettingsPage } from './pages/settings/SettingsPage'
import { VisitsPage } from './pages/visits/VisitsPage'
import { PAGES, type PageId, type Route, href, navigate, useRoute } from './route'

export function App() {
  return (
    <AppProvider
      loading={<Loading label={t('app.starting')} />}
      failed={(error, retry) =>
        FOLDER_ERRORS.has(error.code) ? (
          <RecoveryPage error={error} retry={retry} />
        ) : (
          <div className="startup-failed">
            <h1>{t('app.name')}</h1>
            <ErrorBanner error={error} />
            <button type="button" className="primary" onClick={retry}>
              {t('common.retry')}
            </button>
          </div>
        )
      }
    >
      <Shell />
    </AppProvider>
  )
}

function Shell() {
  const { info } = useApp()
  const route = useRoute()
  useEffect(() => listenForMenuImport(() => navigate('imports')), [])
  return (
    <div className="app">
      <header className="app-header">
        <div className="app-title">
          <span className="app-logo" aria-hidden="true" />
          <span data-testid="app-name">{t('app.name')}</span>
          {info.unitName && <span className="app-unit">{info.unitName}</span>}
        </div>
        <div className="app-meta">
          <span data-testid="header-operator">{t('header.operator', { name: info.user || t('header.noOperator') })}</span>
          <span data-testid="header-today">{fmtLongDate(info.today)}</span>
        </div>
      </header>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul>
          {PAGES.map((p) => (
            <li key={p}>
              <a
                href={href(p)}
                className={p === route.page ? 'active' : undefined}
                aria-current={p === route.page ? 'page' : undefined}
                data-testid={`nav-${p}`}
              >
                {t(`nav.${p}`)}
              </a>
            </li>
          ))}
        </ul>
        <div className="app-version">{t('app.version', { v: info.version })}</div>
      </nav>
      <main className="app-main" data-testid={`page-${route.page}`}>
        {info.warning && (
          <div className="app-warning" role="alert" data-testid="app-warning">
            {t('app.warning', { message: info.warning })}
          </div>
        )}
        <CurrentPage route={route} />
      </main>
    </div>
  )
}

function CurrentPage({ route }: { route: Route }) {
  const page: PageId = route.page
  switch (page) {
    case 'dashboard':
      return <DashboardPage />
    case 'divisions':
      return <DivisionsPage code={route.arg} />
    case 'households':
      return <HouseholdsPage villageCode={route.arg} />
    case 'imports':
      return <ImportsPage />
    case 'settings':
      return <SettingsPage />
    case 'map':
      return <MapPage key={route.arg ?? ''} planId={route.arg} />
    case 'reports':
      return <ReportsPage tab={route.arg} />
    case 'funds':
      return <FundsPage tab={route.arg} />
    case 'problems':
      return <ProblemsPage id={route.arg} />
    case 'visits':
      return <VisitsPage arg={route.arg} />
  }
}
