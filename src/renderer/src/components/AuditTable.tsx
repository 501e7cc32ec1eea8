// 修改记录: the audit entries of one or more records (who, when, which operation, before → after);
// a plan's changed 任务户数 is marked 任务调整.
import type { AuditEntry } from '../../../core/contract'
import type { RouteDef } from '../../../core/domain/types'
import { call } from '../api'
import { useApp } from '../AppContext'
import { fmtDateTime } from '../format'
import { useAsync } from '../hooks'
import { t, tOr } from '../i18n'
import { ErrorBanner } from './ErrorBanner'
import { Loading } from './Loading'

export interface AuditSource {
  collection: string
  key: string
  /** what the record is, shown in the 对象 column */
  label: string
}

export function AuditTable({ sources, version, testId }: { sources: AuditSource[]; version?: unknown; testId?: string }) {
  const { settings } = useApp()
  const ids = sources.map((s) => `${s.collection}/${s.key}`).join(',')
  const entries = useAsync(async () => {
    // One call for every record shown: the trail's index finds their lines without reading the season.
    const found = await call('audit.history', { records: sources.map((s) => ({ collection: s.collection, key: s.key })), limit: 200 })
    const label = new Map(sources.map((s) => [`${s.collection}\u0000${s.key}`, s]))
    return found.map((e) => ({ e, s: label.get(`${e.collection.replace(/^note:/, '')}\u0000${e.key}`)! })).filter((x) => x.s)
  }, [ids, version])

  if (entries.error) return <ErrorBanner error={entries.error} />
  if (!entries.data) return <Loading />
  if (entries.data.length === 0) return <div className="muted" data-testid={testId}>{t('audit.none')}</div>
  return (
    <div className="table-wrap audit-wrap">
      <table className="table audit-table" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('audit.col.at')}</th>
            <th>{t('audit.col.who')}</th>
            <th>{t('audit.col.method')}</th>
            <th>{t('audit.col.what')}</th>
            <th>{t('audit.col.before')}</th>
            <th>{t('audit.col.after')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.data.map(({ e, s }) => {
            const changes = diff(e, settings.routes)
            return (
              <tr key={`${e.seq}-${s.collection}-${s.key}`} data-testid="audit-row">
                <td className="nowrap">{fmtDateTime(e.at)}</td>
                <td>
                  {e.who}
                  {e.from && <div className="muted small">{e.from}</div>}
                </td>
                <td>
                  {methodLabel(e.method)}
                  {e.targetAdjusted && (
                    <span className="badge audit-adjusted" data-testid="audit-target-adjusted">
                      {t('audit.targetAdjusted')}
                    </span>
                  )}
                </td>
                <td>{s.label}</td>
                <td>
                  <ChangeList items={changes.map((c) => [c.field, c.before])} emptyLabel={e.before == null ? t('audit.created') : t('audit.noChange')} />
                </td>
                <td>
                  <ChangeList items={changes.map((c) => [c.field, c.after])} emptyLabel={e.after == null ? t('audit.deleted') : t('audit.noChange')} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function ChangeList({ items, emptyLabel }: { items: [string, string | undefined][]; emptyLabel: string }) {
  const shown = items.filter(([, v]) => v !== undefined)
  if (shown.length === 0) return <span className="muted">{emptyLabel}</span>
  return (
    <ul className="change-list">
      {shown.map(([f, v]) => (
        <li key={f}>
          <span className="muted">{f}：</span>
          {v}
        </li>
      ))}
    </ul>
  )
}

export function methodLabel(method: string): string {
  return tOr(`method.${method}`, method)
}

/** Flattens one level of nesting: { counts: { connected: 3 } } → { 'counts.connected': 3 }. */
function flatten(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return {}
  const out: Record<string, unknown> = {}
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'object' && val !== null && !Array.isArray(val)) {
      for (const [k2, v2] of Object.entries(val)) out[`${k}.${k2}`] = v2
    } else out[k] = val
  }
  return out
}

function fieldLabel(field: string): string {
  return tOr(`field.${field}`, field)
}

function valueLabel(field: string, v: unknown, routes: RouteDef[]): string {
  if (v === undefined || v === null || v === '') return t('audit.empty')
  if (field === 'route') return routes.find((r) => r.id === v)?.name ?? String(v)
  if (field === 'figureSource' || field === 'stage' || field === 'level' || field === 'source') return tOr(`value.${field}.${String(v)}`, String(v))
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/** Fields that name the record itself; the 对象 column already says which record it is. */
const IDENTITY_FIELDS = new Set(['code', 'villageCode', 'date', 'id'])

/** The fields that differ between before and after (all of them for a new or deleted record). */
function diff(e: AuditEntry, routes: RouteDef[]): { field: string; before?: string; after?: string }[] {
  const b = flatten(e.before)
  const a = flatten(e.after)
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
  const out: { field: string; before?: string; after?: string }[] = []
  for (const k of keys) {
    if (JSON.stringify(b[k]) === JSON.stringify(a[k]) || IDENTITY_FIELDS.has(k)) continue
    const leaf = k.split('.').pop() ?? k
    out.push({
      field: fieldLabel(k),
      before: e.before == null ? undefined : valueLabel(leaf, b[k], routes),
      after: e.after == null ? undefined : valueLabel(leaf, a[k], routes),
    })
  }
  return out
}
