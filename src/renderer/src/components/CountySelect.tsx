// A county drop-down (全部 + the counties in the division list) for filters.
import { call } from '../api'
import { useAsync } from '../hooks'
import { t } from '../i18n'

export function CountySelect({ value, onChange, testId }: { value: string; onChange: (code: string) => void; testId?: string }) {
  const counties = useAsync(() => call('divisions.children', {}), [])
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">{t('map.all')}</option>
      {(counties.data ?? []).map((c) => (
        <option key={c.code} value={c.code}>
          {c.name}
        </option>
      ))}
    </select>
  )
}
