// The shell: header (app name, who is signed in, today), left navigation offering the pages the
// caller's role allows, and the current page; the log-in page when the folder asks for it.
import { Component, type ReactNode, useEffect } from 'react'
import { homePage, pageAllowed } from './access'
import { AppProvider, useApp } from './AppContext'
import { ErrorBanner } from './components/ErrorBanner'
import { Loading } from './components/Loading'
import { Panel } from './components/Panel'
import { listenForMenuImport } from './desktop'
import { fmtLongDate } from './format'
import { t } from './i18n'
import { DashboardPage } from './pages/dashboard/DashboardPage'
import { DivisionsPage } from './pages/divisions/DivisionsPage'
import { FundsPage } from './pages/funds/FundsPage'
import { LoginPage } from './pages/account/LoginPage'
import { PasswordForm } from './pages/account/PasswordForm'
import { OnlinePage } from './pages/online/OnlinePage'
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
      signedOut={(onSignedIn, why) => <LoginPage onSignedIn={onSignedIn} why={why} />}
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
  const { info, signOut } = useApp()
  const route = useRoute()
  const pages = PAGES.filter((p) => pageAllowed(info, p))
  const home = homePage(info, PAGES)
  useEffect(() => listenForMenuImport(() => navigate('imports')), [])
  // An address without a page opens the caller's own first page (a township's 网上填报).
  useEffect(() => {
    if (!window.location.hash.replace(/^#\/?/, '') && home !== route.page) navigate(home)
  }, [home, route.page])
  const account = info.account
  return (
    <div className="app">
      <header className="app-header">
        <div className="app-title">
          <span className="app-logo" aria-hidden="true" />
          <span data-testid="app-name">{t('app.name')}</span>
          {info.unitName && <span className="app-unit">{info.unitName}</span>}
        </div>
        <div className="app-meta">
          {account ? (
            <span className="app-account" data-testid="header-account">
              {t('header.account', { name: account.name, role: account.roleName, scope: account.scopeName })}
            </span>
          ) : (
            <span data-testid="header-operator">{t('header.operator', { name: info.user || t('header.noOperator') })}</span>
          )}
          <span data-testid="header-today">{fmtLongDate(info.today)}</span>
          {account && (
            <>
              <a href={href('settings', 'account')} className="app-header-link" data-testid="header-password">
                {t('header.password')}
              </a>
              <button type="button" className="app-header-button" onClick={() => void signOut()} data-testid="header-logout">
                {t('header.logout')}
              </button>
            </>
          )}
        </div>
      </header>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul>
          {pages.map((p) => (
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
        {account?.mustChangePassword ? (
          <MustChangePassword />
        ) : pageAllowed(info, route.page) ? (
          <PageBoundary key={route.page} at={route.arg}>
            <CurrentPage route={route} />
          </PageBoundary>
        ) : (
          <RefusedPage page={route.page} home={home} />
        )}
      </main>
    </div>
  )
}

/** A password the administrator set: the account changes it before it can do anything else. */
function MustChangePassword() {
  const { refresh } = useApp()
  return (
    <div className="page narrow-page">
      <h1 className="page-title">{t('password.title')}</h1>
      <Panel testId="must-change-password">
        <p>{t('password.mustChange')}</p>
        <PasswordForm onChanged={() => void refresh()} />
      </Panel>
    </div>
  )
}

/** A page the caller's role does not open: said in words, with the way back, never a blank page. */
function RefusedPage({ page, home }: { page: PageId; home: PageId }) {
  const { info } = useApp()
  return (
    <div className="page narrow-page">
      <h1 className="page-title">{t(`nav.${page}`)}</h1>
      <Panel testId="page-refused">
        <div className="error-banner" role="alert">
          <strong className="error-message" data-testid="refused-message">
            {t('refused.page', { page: t(`nav.${page}`), role: info.account?.roleName ?? '' })}
          </strong>
        </div>
        <p className="muted">{t('refused.hint')}</p>
        <a href={href(home)} className="button-link" data-testid="refused-home">
          {t('refused.home', { page: t(`nav.${home}`) })}
        </a>
      </Panel>
    </div>
  )
}

/**
 * A page that fails while drawing shows what went wrong instead of going blank. Moving within the
 * page (`at`: a tab, a village) tries again without remounting it, so its state (a report's
 * scope) stays.
 */
class PageBoundary extends Component<{ children: ReactNode; at?: string }, { error?: Error }> {
  override state: { error?: Error } = {}
  static getDerivedStateFromError(error: Error) {
    return { error }
  }
  override componentDidUpdate(prev: { at?: string }) {
    if (prev.at !== this.props.at && this.state.error) this.setState({ error: undefined })
  }
  override render() {
    if (!this.state.error) return this.props.children
    return (
      <div className="error-banner" role="alert" data-testid="page-crashed">
        <strong className="error-message">{t('error.page', { message: this.state.error.message })}</strong>
      </div>
    )
  }
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
    case 'online':
      return <OnlinePage />
    case 'settings':
      return <SettingsPage section={route.arg} />
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
