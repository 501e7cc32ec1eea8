// 已完成 / 正常 / 滞后 / 超期 as a coloured badge.
import type { ScheduleStatus } from '../../../../core/contract'
import { t } from '../../i18n'

export function StatusBadge({ status, testId }: { status: ScheduleStatus; testId?: string }) {
  return (
    <span className={`report-status status-${status}`} data-testid={testId}>
      {t(`reports.status.${status}`)}
    </span>
  )
}
