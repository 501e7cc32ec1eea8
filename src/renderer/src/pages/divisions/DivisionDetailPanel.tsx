// The right-hand side of 区划与村庄: the selected county, township or village.
import { useEffect } from 'react'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { href } from '../../route'
import { AreaDetail } from './AreaDetail'
import { VillageDetail } from './VillageDetail'

export function DivisionDetailPanel(props: {
  code: string
  version: number
  onChanged: () => void
  /** the codes to open in the tree so the selection is visible */
  onPath: (codes: string[]) => void
}) {
  const { code, version, onPath } = props
  const detail = useAsync(() => call('divisions.get', { code }), [code, version], { keep: true })
  const d = detail.data

  useEffect(() => {
    if (!d) return
    const codes = d.path.map((p) => p.code)
    if (d.division.level !== 'village') codes.push(d.division.code)
    onPath(codes)
  }, [d, onPath])

  if (detail.error) return <ErrorBanner error={detail.error} />
  if (!d) return <Loading />
  const ancestors = d.path.filter((p) => p.code !== d.division.code)
  return (
    <div className="detail" data-testid="division-detail" data-code={d.division.code}>
      {ancestors.length > 0 && (
        <nav className="breadcrumb" aria-label={t('divisions.path')} data-testid="detail-path">
          {ancestors.map((p) => (
            <span key={p.code}>
              <a href={href('divisions', p.code)}>{p.name}</a>
              <span className="crumb-sep">/</span>
            </span>
          ))}
          <span>{d.division.name}</span>
        </nav>
      )}
      <div className="detail-title">
        <h2 data-testid="detail-name">{d.division.name}</h2>
        <span className={`level-tag level-${d.division.level}`}>{t(`level.${d.division.level}`)}</span>
        <span className="code" data-testid="detail-code">
          {d.division.code}
        </span>
      </div>
      {d.division.level === 'village' ? (
        <VillageDetail detail={d} version={version} onChanged={props.onChanged} />
      ) : (
        <AreaDetail division={d.division} version={version} onChanged={props.onChanged} />
      )}
    </div>
  )
}
