// 批量编辑改造计划: every village of a township in one grid — arrow keys and Enter move from cell to
// cell, a block of rows copied from Excel is pasted with Ctrl+V, company names already used are
// offered — saved at once (all rows or none; each bad row named).
import { type ClipboardEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react'
import type { PlansSaved, VillageRow } from '../../../../core/contract'
import type { VillagePlan } from '../../../../core/domain/types'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'
import { applyPaste, GRID_COLUMNS, type GridColumn, type GridRow, type PasteProblem, parseBlock } from './plan-grid'

function rowOf(v: VillageRow): GridRow {
  const p = v.plan
  return {
    code: v.division.code,
    name: v.division.name,
    route: p?.route ?? '',
    target: p ? String(p.targetHouseholds) : '',
    contractor: p?.contractor ?? '',
    deadline: p?.deadline ?? '',
    figureSource: p?.figureSource ?? '',
  }
}

const same = (a: GridRow, b: GridRow) => GRID_COLUMNS.every((c) => a[c] === b[c])
const blank = (r: GridRow) => GRID_COLUMNS.every((c) => r[c] === '')

/** A row's plan, or the fields it still lacks. */
function planOf(r: GridRow): { plan: VillagePlan } | { lacking: GridColumn[] } {
  const lacking = (['route', 'target', 'deadline'] as const).filter((c) => r[c] === '')
  if (lacking.length > 0) return { lacking }
  return {
    plan: {
      villageCode: r.code,
      route: r.route,
      targetHouseholds: Number(r.target),
      contractor: r.contractor.trim(),
      deadline: r.deadline,
      figureSource: r.figureSource || 'counts',
    },
  }
}

export function PlanGrid({ township, onSaved, onClose }: { township: string; onSaved: () => void; onClose: () => void }) {
  const { settings } = useApp()
  const villages = useAsync(() => call('villages.list', { parentCode: township }), [township])
  const contractors = useAsync(() => call('villages.contractors', {}), [])
  const [loaded, setLoaded] = useState<GridRow[]>()
  const [rows, setRows] = useState<GridRow[]>()
  const [problems, setProblems] = useState<PasteProblem[]>([])
  const [saved, setSaved] = useState<PlansSaved>()
  const cells = useRef(new Map<string, HTMLInputElement | HTMLSelectElement>())

  useEffect(() => {
    if (!villages.data) return
    const r = villages.data.map(rowOf)
    setLoaded(r)
    setRows(r)
  }, [villages.data])

  const changed = useMemo(() => (rows && loaded ? rows.map((r, i) => !same(r, loaded[i]!)) : []), [rows, loaded])
  const dirty = changed.filter(Boolean).length
  const incomplete = useMemo(
    () => (rows ? rows.flatMap((r, i) => (changed[i] && !blank(r) && 'lacking' in planOf(r) ? [{ i, lacking: (planOf(r) as { lacking: GridColumn[] }).lacking }] : [])) : []),
    [rows, changed],
  )

  const save = useAction(async () => {
    const plans = rows!.flatMap((r, i) => {
      if (!changed[i] || blank(r)) return []
      const p = planOf(r)
      return 'plan' in p ? [p.plan] : []
    })
    return call('villages.setPlans', { plans })
  })

  if (villages.error) return <ErrorBanner error={villages.error} />
  if (!rows) return <Loading />

  const set = (i: number, column: GridColumn, value: string) => {
    setSaved(undefined)
    setRows((rs) => rs!.map((r, j) => (j === i ? { ...r, [column]: value } : r)))
  }
  const focus = (row: number, col: number) => {
    const el = cells.current.get(`${row}:${col}`)
    if (el) {
      el.focus()
      if (el instanceof HTMLInputElement) el.select()
    }
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>, row: number, col: number) => {
    const el = e.currentTarget
    const atStart = !(el instanceof HTMLInputElement) || (el.selectionStart === 0 && el.selectionEnd === 0)
    const atEnd = !(el instanceof HTMLInputElement) || el.selectionEnd === el.value.length
    const move = (r: number, c: number) => {
      e.preventDefault()
      focus(Math.max(0, Math.min(rows.length - 1, r)), Math.max(0, Math.min(GRID_COLUMNS.length - 1, c)))
    }
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) move(row + 1, col)
    else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) move(row - 1, col)
    else if (e.key === 'ArrowLeft' && atStart && !e.altKey) move(row, col - 1)
    else if (e.key === 'ArrowRight' && atEnd && !e.altKey) move(row, col + 1)
  }
  const onPaste = (e: ClipboardEvent<HTMLInputElement | HTMLSelectElement>, row: number, col: number) => {
    const text = e.clipboardData.getData('text/plain')
    // A single value typed into one cell is an ordinary paste; a block spreads over the grid.
    if (!/[\t\n]/.test(text.replace(/\r?\n$/, ''))) {
      if (e.currentTarget instanceof HTMLInputElement) return
    }
    e.preventDefault()
    setSaved(undefined)
    const r = applyPaste(rows, { row, column: col }, parseBlock(text), settings.routes)
    setRows(r.rows)
    setProblems(r.problems)
  }
  const cellProps = (i: number, c: number) => ({
    ref: (el: HTMLInputElement | HTMLSelectElement | null) => {
      if (el) cells.current.set(`${i}:${c}`, el)
      else cells.current.delete(`${i}:${c}`)
    },
    onKeyDown: (e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => onKey(e, i, c),
    onPaste: (e: ClipboardEvent<HTMLInputElement | HTMLSelectElement>) => onPaste(e, i, c),
    'data-testid': `grid-${i}-${GRID_COLUMNS[c]}`,
  })
  const lacks = (i: number, c: GridColumn) => incomplete.some((x) => x.i === i && x.lacking.includes(c))

  return (
    <div className="plan-grid" data-testid="plan-grid">
      <p className="muted small">{t('grid.hint')}</p>
      <datalist id="plan-grid-contractors">
        {contractors.data?.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <div className="table-wrap tall">
        <table className="table compact plan-grid-table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>{t('level.village')}</th>
              <th>{t('divisions.plan.route')}</th>
              <th>{t('divisions.plan.target')}</th>
              <th>{t('divisions.plan.contractor')}</th>
              <th>{t('divisions.plan.deadline')}</th>
              <th>{t('divisions.plan.source')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.code} className={changed[i] ? 'grid-changed' : undefined} data-testid="grid-row" data-code={r.code}>
                <td className="num muted">{i + 1}</td>
                <td className="nowrap">{r.name}</td>
                <td className={lacks(i, 'route') ? 'grid-lacking' : undefined}>
                  <select value={r.route} onChange={(e) => set(i, 'route', e.target.value)} aria-label={`${r.name} ${t('divisions.plan.route')}`} {...cellProps(i, 0)}>
                    <option value="" />
                    {settings.routes.map((rt) => (
                      <option key={rt.id} value={rt.id}>
                        {rt.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td className={lacks(i, 'target') ? 'grid-lacking' : undefined}>
                  <input
                    className="grid-num"
                    inputMode="numeric"
                    value={r.target}
                    onChange={(e) => set(i, 'target', e.target.value.replace(/[^\d]/g, ''))}
                    aria-label={`${r.name} ${t('divisions.plan.target')}`}
                    {...cellProps(i, 1)}
                  />
                </td>
                <td>
                  <input
                    className="grid-contractor"
                    list="plan-grid-contractors"
                    value={r.contractor}
                    maxLength={100}
                    onChange={(e) => set(i, 'contractor', e.target.value)}
                    aria-label={`${r.name} ${t('divisions.plan.contractor')}`}
                    {...cellProps(i, 2)}
                  />
                </td>
                <td className={lacks(i, 'deadline') ? 'grid-lacking' : undefined}>
                  <input
                    className="grid-date"
                    placeholder={t('grid.datePlaceholder')}
                    value={r.deadline}
                    onChange={(e) => set(i, 'deadline', e.target.value)}
                    aria-label={`${r.name} ${t('divisions.plan.deadline')}`}
                    {...cellProps(i, 3)}
                  />
                </td>
                <td>
                  <select
                    value={r.figureSource}
                    onChange={(e) => set(i, 'figureSource', e.target.value)}
                    aria-label={`${r.name} ${t('divisions.plan.source')}`}
                    {...cellProps(i, 4)}
                  >
                    <option value="" />
                    <option value="counts">{t('value.figureSource.counts')}</option>
                    <option value="households">{t('value.figureSource.households')}</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problems.length > 0 && (
        <Notice kind="warn" testId="grid-paste-problems">
          {t('grid.pasteProblems', {
            list: problems
              .slice(0, 8)
              .map((p) => t('grid.pasteProblem', { village: rows[p.row]?.name ?? '', column: t(`grid.col.${p.column}`), text: p.text }))
              .join(t('common.listSep')),
          })}
        </Notice>
      )}
      {incomplete.length > 0 && (
        <Notice kind="warn" testId="grid-incomplete">
          {t('grid.incomplete', {
            list: incomplete
              .slice(0, 8)
              .map((x) => `${rows[x.i]!.name}（${x.lacking.map((c) => t(`grid.col.${c}`)).join('、')}）`)
              .join(t('common.listSep')),
          })}
        </Notice>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={save.busy || dirty === 0 || incomplete.length > 0}
          onClick={async () => {
            const r = await save.run()
            if (r) {
              setSaved(r)
              setLoaded(rows)
              setProblems([])
              onSaved()
            }
          }}
          data-testid="grid-save"
        >
          {save.busy ? t('common.saving') : t('grid.save', { n: dirty })}
        </button>
        <button type="button" onClick={onClose} disabled={save.busy} data-testid="grid-close">
          {t('common.close')}
        </button>
        {saved && (
          <Notice testId="grid-saved">
            {t('grid.saved', { added: saved.added, updated: saved.updated, adjusted: saved.targetsChanged })}
          </Notice>
        )}
      </div>
      <ErrorBanner error={save.error} onClose={save.clearError} />
    </div>
  )
}
