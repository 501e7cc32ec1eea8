// A household's stage in its route's own words ('none' → 未确户).
import type { HouseholdStage, RouteDef } from '../../../../core/domain/types'
import { t } from '../../i18n'

export function stageLabel(route: RouteDef | undefined, stage: HouseholdStage): string {
  if (stage === 'none') return t('households.stageNone')
  return route?.stages.find((s) => s.key === stage)?.name ?? t(`stage.${stage}`)
}
