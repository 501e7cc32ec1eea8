// Shown on 总览 while the data folder is empty: import the division list, or try demo data.
import { useApp } from '../../AppContext'
import { DemoButton } from '../../components/DemoButton'
import { Panel } from '../../components/Panel'
import { t } from '../../i18n'
import { navigate } from '../../route'

export function Welcome() {
  const { info, refresh } = useApp()
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.dashboard')}</h1>
      <Panel testId="welcome" className="welcome">
        <h2 className="welcome-title">{t('welcome.title')}</h2>
        <p>{t('welcome.text')}</p>
        <ol className="welcome-steps">
          <li>{t('welcome.step1')}</li>
          <li>{t('welcome.step2')}</li>
          <li>{t('welcome.step3')}</li>
        </ol>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => navigate('divisions')} data-testid="welcome-import">
            {t('welcome.import')}
          </button>
          <DemoButton onDone={() => void refresh()} />
        </div>
        <p className="muted">{t('welcome.demoNote')}</p>
        <p className="muted small">{t('welcome.dataDir', { dir: info.dataDir })}</p>
      </Panel>
    </div>
  )
}
