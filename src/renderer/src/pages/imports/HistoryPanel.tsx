// 最近的导入: committed batches, newest first, one line per file and sheet.
import { Fragment } from 'react'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { fmtDateTime, fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'

export function HistoryPanel({ version }: { version: number }) {
  const history = useAsync(() => call('imports.history', { limit: 20 }), [version], { keep: true })
  return (
    <Panel title={t('imports.history')} testId="imports-history">
      <ErrorBanner error={history.error} />
      {!history.data ? (
        <Loading />
      ) : history.data.length === 0 ? (
        <p className="muted">{t('imports.historyNone')}</p>
      ) : (
        <div className="table-wrap imports-history">
          <table className="table compact" data-testid="imports-history-table">
            <thead>
              <tr>
                <th>{t('imports.col.batch')}</th>
                <th>{t('imports.col.at')}</th>
                <th>{t('imports.col.who')}</th>
                <th>{t('imports.col.file')}</th>
                <th>{t('imports.col.sheet')}</th>
                <th>{t('imports.col.date')}</th>
                <th className="num">{t('imports.col.added')}</th>
                <th className="num">{t('imports.col.updated')}</th>
                <th className="num">{t('imports.col.unchanged')}</th>
                <th className="num">{t('imports.col.skipped')}</th>
                <th className="num">{t('imports.col.rejected')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((b) => {
                const lines = b.files.flatMap((f) => f.sheets.map((s, i) => ({ f, s, first: i === 0 })))
                return (
                  <Fragment key={b.id}>
                    {lines.map(({ f, s }, i) => (
                      <tr key={`${f.hash}-${i}`} data-testid={i === 0 ? 'imports-history-batch' : undefined}>
                        {i === 0 && (
                          <>
                            <td rowSpan={lines.length}>{b.id}</td>
                            <td rowSpan={lines.length} className="nowrap">
                              {fmtDateTime(b.at)}
                            </td>
                            <td rowSpan={lines.length}>{b.who}</td>
                          </>
                        )}
                        <td>{f.fileName}</td>
                        <td>{`${s.sheet ?? ''}${s.sheet ? ' · ' : ''}${t(`imports.kindLabel.${s.kind}`)}`}</td>
                        <td className="nowrap">{s.date ?? ''}</td>
                        <td className="num">{fmtInt(s.added)}</td>
                        <td className="num">{fmtInt(s.updated)}</td>
                        <td className="num">{fmtInt(s.unchanged)}</td>
                        <td className="num">{fmtInt(s.skipped)}</td>
                        <td className="num">{fmtInt(s.rejected)}</td>
                      </tr>
                    ))}
                  </Fragment>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}
