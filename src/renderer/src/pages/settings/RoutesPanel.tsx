// 改造路线与阶段名称: the office's own list of routes and what each calls its six stages (data,
// not code). A route still used by a plan or a household cannot be removed; the core says which.
import { useEffect, useState } from 'react'
import { STAGE_KEYS, type RouteDef } from '../../../../core/domain/types'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { useAction } from '../../hooks'
import { t } from '../../i18n'

/** A new route gets an id the clerk never sees; ids only have to be unique and stable. */
function newRouteId(existing: RouteDef[]): string {
  for (let i = existing.length + 1; ; i++) {
    const id = `route${i}`
    if (!existing.some((r) => r.id === id)) return id
  }
}

export function RoutesPanel({ onSaved }: { onSaved: () => void }) {
  const { settings } = useApp()
  const [routes, setRoutes] = useState<RouteDef[]>(() => structuredClone(settings.routes))
  const [dirty, setDirty] = useState(false)
  const [saved, setSaved] = useState(false)
  const save = useAction(() => call('settings.update', { routes }))
  // The stored routes can change underneath (a restore); show them unless the clerk is editing.
  useEffect(() => {
    if (!dirty) setRoutes(structuredClone(settings.routes))
  }, [settings.routes, dirty])
  const change = (fn: (rs: RouteDef[]) => RouteDef[]) => {
    setSaved(false)
    setDirty(true)
    setRoutes(fn)
  }
  const edit = (i: number, fn: (r: RouteDef) => RouteDef) => change((rs) => rs.map((r, j) => (j === i ? fn(r) : r)))
  return (
    <Panel
      title={t('settings.routes')}
      testId="settings-routes"
      actions={
        <button
          type="button"
          data-testid="route-add"
          onClick={() =>
            change((rs) => [...rs, { id: newRouteId(rs), name: '', stages: STAGE_KEYS.map((key) => ({ key, name: t(`stage.${key}`) })) }])
          }
        >
          {t('settings.routeAdd')}
        </button>
      }
    >
      <p className="muted small">{t('settings.routesHint')}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault()
          setSaved(false)
          if (await save.run()) {
            setDirty(false)
            setSaved(true)
            onSaved()
          }
        }}
      >
        <div className="table-wrap">
          <table className="table routes-table" data-testid="routes-table">
            <thead>
              <tr>
                <th>{t('settings.routeName')}</th>
                {STAGE_KEYS.map((k) => (
                  <th key={k}>{t(`stage.${k}`)}</th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {routes.map((r, i) => (
                <tr key={r.id} data-testid={`route-row-${r.id}`}>
                  <td>
                    <input
                      value={r.name}
                      required
                      maxLength={30}
                      aria-label={t('settings.routeName')}
                      data-testid="route-name"
                      onChange={(e) => edit(i, (x) => ({ ...x, name: e.target.value }))}
                    />
                  </td>
                  {r.stages.map((s, k) => (
                    <td key={s.key}>
                      <input
                        value={s.name}
                        required
                        maxLength={30}
                        aria-label={t(`stage.${s.key}`)}
                        data-testid={`route-stage-${s.key}`}
                        onChange={(e) =>
                          edit(i, (x) => ({ ...x, stages: x.stages.map((y, m) => (m === k ? { ...y, name: e.target.value } : y)) }))
                        }
                      />
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      disabled={routes.length === 1}
                      data-testid="route-remove"
                      onClick={() => change((rs) => rs.filter((_, j) => j !== i))}
                    >
                      {t('settings.routeRemove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.busy} data-testid="routes-save">
            {save.busy ? t('common.saving') : t('common.save')}
          </button>
          <button
            type="button"
            disabled={save.busy}
            onClick={() => {
              setSaved(false)
              setDirty(false)
              save.clearError()
            }}
          >
            {t('settings.routesReset')}
          </button>
          {saved && <Notice testId="routes-saved">{t('settings.routesSaved')}</Notice>}
        </div>
        <ErrorBanner error={save.error} onClose={save.clearError} />
      </form>
    </Panel>
  )
}
