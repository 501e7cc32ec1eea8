// 查找农户: a household anywhere in the office's area by 户主姓名, ID number (whole or its last
// digits), phone or 用户编码; the list shows ID numbers and phones masked, like every list.
import { useState } from 'react'
import type { HouseholdSearch } from '../../../../core/contract'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { fmtInt } from '../../format'
import { useAction } from '../../hooks'
import { t, tOr } from '../../i18n'
import { href } from '../../route'

export function HouseholdFinder() {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<HouseholdSearch & { q: string }>()
  const search = useAction(async (text: string) => ({ ...(await call('households.search', { q: text, limit: 50 })), q: text }))
  return (
    <div className="household-finder" data-testid="household-finder">
      <form
        className="finder-form"
        onSubmit={async (e) => {
          e.preventDefault()
          if (!q.trim()) return
          const r = await search.run(q.trim())
          if (r) setFound(r)
        }}
      >
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('finder.placeholder')}
          aria-label={t('finder.placeholder')}
          data-testid="finder-q"
        />
        <button type="submit" disabled={search.busy} data-testid="finder-go">
          {search.busy ? t('common.searching') : t('finder.go')}
        </button>
      </form>
      <ErrorBanner error={search.error} onClose={search.clearError} />
      {found && (
        <div data-testid="finder-results">
          <p className="muted small">
            {found.total === 0 ? t('finder.none', { q: found.q }) : t('finder.count', { n: fmtInt(found.total), shown: fmtInt(found.items.length) })}
          </p>
          <ul className="finder-list">
            {found.items.map((h) => (
              <li key={h.id} data-testid="finder-hit">
                <a href={href('households', h.villageCode)} className="finder-name">
                  {h.headName}
                </a>
                <span className="badge">{t(`finder.matched.${h.matched}`)}</span>
                <div className="muted small">
                  {[h.countyName, h.townshipName, h.villageName].filter(Boolean).join(' / ')}
                  {' · '}
                  {tOr(`value.stage.${h.stage}`, h.stage)}
                </div>
                <div className="small code">
                  {[h.idNumber, h.phone, h.userCode].filter(Boolean).join('　')}
                  <span className="muted"> {h.id}</span>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
