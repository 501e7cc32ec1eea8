// A quiet "loading" line for any panel waiting on the API.
import { t } from '../i18n'

export function Loading({ label }: { label?: string }) {
  return (
    <div className="loading" data-testid="loading" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  )
}
