// 待审核 / 已接收 / 已退回 / 已被取代 as a small coloured tag.
import type { SubmissionStatus } from '../../../../core/contract'
import { t } from '../../i18n'

export function SubmissionStatusTag({ status }: { status: SubmissionStatus }) {
  return (
    <span className={`submission-tag submission-${status}`} data-testid="submission-status">
      {t(`submission.${status}`)}
    </span>
  )
}
