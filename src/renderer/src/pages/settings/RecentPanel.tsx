// 最近操作: the latest writes, who made them and when.
import { call } from '../../api'
import { methodLabel } from '../../components/AuditTable'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { fmtDateTime, fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'

export function RecentPanel({ version }: { version: number }) {
  const recent = useAsync(() => call('audit.recent', { limit: 50 }), [version], { keep: true })
  return (
    <Panel title={t('recent.title')} testId="recent" actions={<button type="button" onClick={recent.reload}>{t('common.refresh')}</button>}>
      <ErrorBanner error={recent.error} />
      {!recent.data ? (
        !recent.error && <Loading />
      ) : recent.data.length === 0 ? (
        <p className="muted">{t('recent.none')}</p>
      ) : (
        <div className="table-wrap tall">
          <table className="table" data-testid="recent-table">
            <thead>
              <tr>
                <th>{t('audit.col.at')}</th>
                <th>{t('audit.col.who')}</th>
                <th>{t('audit.col.method')}</th>
                <th>{t('recent.col.changes')}</th>
                <th>{t('recent.col.key')}</th>
              </tr>
            </thead>
            <tbody>
              {recent.data.map((r) => (
                <tr key={r.seq}>
                  <td className="nowrap">{fmtDateTime(r.at)}</td>
                  <td>
                    {r.who}
                    {r.from && <div className="muted small">{r.from}</div>}
                  </td>
                  <td>{methodLabel(r.method)}</td>
                  <td className="num">{fmtInt(r.changes)}</td>
                  <td className="code">{r.firstKey ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}
