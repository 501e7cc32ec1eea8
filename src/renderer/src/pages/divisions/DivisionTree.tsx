// The division tree: counties, then townships, then villages, each level loaded when opened.
import { useEffect, useRef } from 'react'
import type { DivisionNode } from '../../../../core/contract'
import { call } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { fmtInt } from '../../format'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { navigate } from '../../route'

export interface TreeState {
  selected?: string
  expanded: ReadonlySet<string>
  toggle: (code: string, open?: boolean) => void
  /** bumped after writes so open levels reload their counts */
  version: number
}

export function DivisionTree({ state }: { state: TreeState }) {
  return (
    <div className="tree" role="tree" data-testid="division-tree">
      <TreeLevel state={state} depth={0} />
    </div>
  )
}

function TreeLevel({ parentCode, state, depth }: { parentCode?: string; state: TreeState; depth: number }) {
  const nodes = useAsync(() => call('divisions.children', parentCode ? { parentCode } : {}), [parentCode, state.version], { keep: true })
  if (nodes.error) return <ErrorBanner error={nodes.error} />
  if (!nodes.data) return <Loading />
  if (nodes.data.length === 0) {
    return <div className="muted tree-empty">{parentCode ? t('tree.noChildren') : t('tree.empty')}</div>
  }
  return (
    <ul role={depth === 0 ? undefined : 'group'} data-testid={parentCode ? `tree-children-${parentCode}` : 'tree-roots'}>
      {nodes.data.map((n) => (
        <TreeNode key={n.code} node={n} state={state} depth={depth} />
      ))}
    </ul>
  )
}

/** Scrolls the tree box (not the page) so the row is visible. */
function scrollIntoTree(row: HTMLElement): void {
  const box = row.closest('.tree')
  if (!(box instanceof HTMLElement)) return
  const top = row.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop
  if (top < box.scrollTop) box.scrollTop = top
  else if (top + row.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = top + row.offsetHeight - box.clientHeight
}

function TreeNode({ node, state, depth }: { node: DivisionNode; state: TreeState; depth: number }) {
  const open = state.expanded.has(node.code)
  const selected = state.selected === node.code
  const rowRef = useRef<HTMLDivElement>(null)
  const hasChildren = node.level !== 'village' && node.childCount > 0
  useEffect(() => {
    if (selected && rowRef.current) scrollIntoTree(rowRef.current)
  }, [selected])
  return (
    <li role="treeitem" aria-expanded={hasChildren ? open : undefined} aria-selected={selected} data-testid={`tree-node-${node.code}`} data-level={node.level}>
      <div ref={rowRef} className={`tree-row${selected ? ' selected' : ''}`} style={{ paddingLeft: depth * 16 + 4 }}>
        {hasChildren ? (
          <button
            type="button"
            className="twisty"
            aria-label={open ? t('tree.collapse') : t('tree.expand')}
            onClick={() => state.toggle(node.code)}
            data-testid={`tree-toggle-${node.code}`}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="twisty" aria-hidden="true" />
        )}
        <button
          type="button"
          className="tree-label"
          onClick={() => {
            navigate('divisions', node.code)
            if (hasChildren) state.toggle(node.code, true)
          }}
          data-testid={`tree-label-${node.code}`}
        >
          {node.name}
        </button>
        <span className="tree-counts" data-testid={`tree-counts-${node.code}`}>
          {node.level === 'village'
            ? node.plannedCount > 0 && <span className="badge">{t('tree.planned')}</span>
            : t('tree.counts', { villages: fmtInt(node.villageCount), planned: fmtInt(node.plannedCount) })}
        </span>
      </div>
      {open && hasChildren && <TreeLevel parentCode={node.code} state={state} depth={depth + 1} />}
    </li>
  )
}
