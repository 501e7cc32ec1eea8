// 报表范围: the office's own area (本级), or one of its children — a city office makes a county's
// reports from here, titled for that county; a county office one township's.
import type { Area } from '../../../../core/contract'
import { call } from '../../api'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'

export function ScopePicker({ office, value, onChange }: { office: Area; value: string | undefined; onChange: (code: string | undefined) => void }) {
  // a township office has only its villages below it: nothing to pick
  const children = useAsync(
    () => (office.level === 'township' ? Promise.resolve([]) : call('divisions.children', office.level === 'county' ? { parentCode: office.code } : {})),
    [office.code, office.level],
  )
  const units = (children.data ?? []).filter((d) => d.plannedCount > 0)
  if (office.level === 'township') return null
  return (
    <label className="inline-field no-print">
      {t('reports.scope')}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} data-testid="report-scope">
        <option value="">{t('reports.scope.own', { name: office.name || t('reports.scope.all') })}</option>
        {units.map((d) => (
          <option key={d.code} value={d.code}>
            {d.name}
          </option>
        ))}
      </select>
    </label>
  )
}
