// 走访记录: the visits recorded, newest first, filtered by dates and county.
import { useState } from 'react'
import { call } from '../../api'
import { CountySelect } from '../../components/CountySelect'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Panel } from '../../components/Panel'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href } from '../../route'
import { Allowed } from '../../components/Allowed'

export function VisitList() {
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [county, setCounty] = useState('')
  const visits = useAsync(
    () => call('visits.list', { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(county ? { countyCode: county } : {}) }),
    [from, to, county],
    { keep: true },
  )
  return (
    <Panel
      title={t('visits.tab.records')}
      actions={
        <Allowed method="visits.create" hide>
          <a className="button-link primary" href={href('visits', 'new')} data-testid="visits-new">
            {t('visits.new')}
          </a>
        </Allowed>
      }
    >
      <div className="filter-row">
        <label>
          {t('visits.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('visits.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('level.county')}
          <CountySelect value={county} onChange={setCounty} />
        </label>
      </div>
      <ErrorBanner error={visits.error} />
      {!visits.data ? (
        <Loading />
      ) : visits.data.length === 0 ? (
        <p className="muted">{t('visits.none')}</p>
      ) : (
        <table className="table" data-testid="visit-list">
          <thead>
            <tr>
              <th>{t('visits.date')}</th>
              <th>{t('visits.id')}</th>
              <th>{t('visits.team')}</th>
              <th>{t('visits.villages')}</th>
              <th className="num">{t('visits.kind.problem')}</th>
              <th className="num">{t('visits.kind.suggestion')}</th>
              <th className="num">{t('visits.kind.highlight')}</th>
            </tr>
          </thead>
          <tbody>
            {visits.data.map((v) => (
              <tr key={v.id}>
                <td className="nowrap">{v.date}</td>
                <td>
                  <a href={href('visits', v.id)}>{v.id}</a>
                </td>
                <td>{v.team.join('、')}</td>
                <td>
                  {v.countyNames.join('、')}：{Object.values(v.villageNames).join('、')}
                </td>
                <td className="num">{v.counts.problems}</td>
                <td className="num">{v.counts.suggestions}</td>
                <td className="num">{v.counts.highlights}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  )
}
