// 区划与村庄: import the division list, browse it as a tree, search it, and open a county,
// township or village (plan, daily figures, history, audit trail).
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useApp } from '../../AppContext'
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { Panel } from '../../components/Panel'
import { fmtInt } from '../../format'
import { t } from '../../i18n'
import { navigate } from '../../route'
import { DivisionDetailPanel } from './DivisionDetailPanel'
import { DivisionTree, type TreeState } from './DivisionTree'
import { ImportPanel } from './ImportPanel'
import { Allowed } from '../../components/Allowed'

export function DivisionsPage({ code }: { code?: string }) {
  const { info, refresh } = useApp()
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set())
  const [version, setVersion] = useState(0)
  const [showImport, setShowImport] = useState(info.counts.villages === 0)

  useEffect(() => {
    if (info.counts.villages === 0) setShowImport(true)
  }, [info.counts.villages])

  // Once the list is in, opening a place puts the import box away (the totals stay in the heading).
  useEffect(() => {
    if (code) setShowImport(false)
  }, [code])

  const toggle = useCallback((c: string, open?: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev)
      if (open ?? !prev.has(c)) next.add(c)
      else next.delete(c)
      return next
    })
  }, [])

  const expandPath = useCallback((codes: string[]) => {
    setExpanded((prev) => (codes.every((c) => prev.has(c)) ? prev : new Set([...prev, ...codes])))
  }, [])

  const changed = useCallback(() => {
    setVersion((v) => v + 1)
    void refresh()
  }, [refresh])

  const tree: TreeState = useMemo(() => ({ selected: code, expanded, toggle, version }), [code, expanded, toggle, version])
  const c = info.counts

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('nav.divisions')}</h1>
        <span className="muted" data-testid="division-totals">
          {t('divisions.totals', {
            counties: fmtInt(c.counties),
            townships: fmtInt(c.townships),
            villages: fmtInt(c.villages),
            plans: fmtInt(c.plans),
          })}
        </span>
        <Allowed method="divisions.import" hide>
          <button type="button" onClick={() => setShowImport((s) => !s)} data-testid="toggle-import">
            {showImport ? t('import.hide') : t('import.title')}
          </button>
        </Allowed>
      </div>
      {showImport && (
        <Panel title={t('import.title')} testId="import-section">
          <ImportPanel onImported={changed} />
        </Panel>
      )}
      <div className="split">
        <div className="split-left">
          <Panel title={t('divisions.browse')} className="tree-panel">
            <DivisionSearchBox selectedCode={code} onPick={(h) => navigate('divisions', h.code)} />
            <DivisionTree state={tree} />
          </Panel>
        </div>
        <div className="split-right">
          {code ? (
            <DivisionDetailPanel key={code} code={code} version={version} onChanged={changed} onPath={expandPath} />
          ) : (
            <Panel>
              <p className="muted">{c.villages === 0 ? t('divisions.emptyHint') : t('divisions.pickHint')}</p>
            </Panel>
          )}
        </div>
      </div>
    </div>
  )
}
