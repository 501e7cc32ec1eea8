// Find a county, township or village by name or code (divisions.search), optionally villages only.
import { useEffect, useState } from 'react'
import type { DivisionHit } from '../../../core/contract'
import type { DivisionLevel } from '../../../core/domain/types'
import { call, toApiError, type ApiError } from '../api'
import { t } from '../i18n'
import { ErrorBanner } from './ErrorBanner'

const DEBOUNCE_MS = 250

export function DivisionSearchBox(props: {
  onPick: (hit: DivisionHit) => void
  level?: DivisionLevel
  placeholder?: string
  selectedCode?: string
  testId?: string
}) {
  const [q, setQ] = useState('')
  const [hits, setHits] = useState<DivisionHit[]>()
  const [error, setError] = useState<ApiError>()
  const [searching, setSearching] = useState(false)
  const testId = props.testId ?? 'division-search'

  useEffect(() => {
    const query = q.trim()
    if (!query) {
      setHits(undefined)
      setError(undefined)
      return
    }
    let live = true
    const timer = setTimeout(() => {
      setSearching(true)
      // Ask for more when filtering by level, so villages are not crowded out by townships.
      call('divisions.search', { q: query, limit: props.level ? 200 : 50 }).then(
        (res) => {
          if (!live) return
          setHits(props.level ? res.filter((h) => h.level === props.level) : res)
          setError(undefined)
          setSearching(false)
        },
        (e: unknown) => {
          if (!live) return
          setError(toApiError(e))
          setSearching(false)
        },
      )
    }, DEBOUNCE_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [q, props.level])

  return (
    <div className="search-box">
      <input
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={props.placeholder ?? t('search.placeholder')}
        aria-label={props.placeholder ?? t('search.placeholder')}
        data-testid={`${testId}-input`}
      />
      <ErrorBanner error={error} />
      {searching && !hits && <div className="muted small">{t('common.searching')}</div>}
      {hits && (
        <div className="search-results" data-testid={`${testId}-results`}>
          <div className="muted small">{t('search.count', { n: hits.length })}</div>
          {hits.length === 0 ? (
            <div className="muted">{t('search.none')}</div>
          ) : (
            <ul>
              {hits.map((h) => (
                <li key={h.code}>
                  <button
                    type="button"
                    className={`search-hit${h.code === props.selectedCode ? ' selected' : ''}`}
                    onClick={() => props.onPick(h)}
                    data-testid={`${testId}-hit-${h.code}`}
                  >
                    <span className="hit-name">{h.name}</span>
                    <span className={`level-tag level-${h.level}`}>{t(`level.${h.level}`)}</span>
                    <span className="hit-code">{h.code}</span>
                    {h.path && <span className="hit-path">{h.path}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}
