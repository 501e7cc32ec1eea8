// After the commit: what was stored, replaced, skipped or refused, and who still has not reported.
import type { ImportCommitResult } from '../../../../core/contract'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtInt } from '../../format'
import { t } from '../../i18n'
import { href } from '../../route'
import { mapInts, Unreported } from './ReviewPanel'

export function CommitResult({ result, onAgain }: { result: ImportCommitResult; onAgain: () => void }) {
  const anyFigures = Object.values(result.figures).some((n) => n > 0)
  const anyHouseholds = Object.values(result.households).some((n) => n > 0)
  const anyPlans = Object.values(result.plans).some((n) => n > 0)
  return (
    <Panel title={result.batchId ? t('imports.done', { id: result.batchId }) : t('imports.review')} testId="imports-result">
      {result.batchId ? (
        <Notice testId="imports-done">
          {anyPlans && <div data-testid="imports-done-plans">{t('imports.done.plans', mapInts(result.plans))}</div>}
          {anyFigures && <div data-testid="imports-done-figures">{t('imports.done.figures', mapInts(result.figures))}</div>}
          {result.figures.held > 0 && <div data-testid="imports-done-held">{t('imports.done.held', { n: fmtInt(result.figures.held) })}</div>}
          {anyHouseholds && <div data-testid="imports-done-households">{t('imports.done.households', mapInts(result.households))}</div>}
          {result.derivedVillages > 0 && <div>{t('imports.derived', { n: result.derivedVillages })}</div>}
        </Notice>
      ) : (
        <Notice kind="info" testId="imports-done-nothing">
          {t('imports.doneNothing')}
        </Notice>
      )}
      {result.reporting.map((r) => (
        <Unreported key={r.date} r={r} />
      ))}
      <div className="button-row">
        <a className="button-link primary" href={href('dashboard')} data-testid="imports-to-dashboard">
          {t('imports.toDashboard')}
        </a>
        <button type="button" onClick={onAgain}>
          {t('imports.again')}
        </button>
      </div>
    </Panel>
  )
}
