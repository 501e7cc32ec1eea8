// The office's area (本级) as the interface shows it: the core names the rows' kind and the 合计
// row in Chinese (县（市、区）, 全县合计); the English interface takes its own words for them.
import type { Area } from '../../core/contract'
import { t } from './i18n'

/** The area with its rows' heading, their kind in prose and the 合计 row's name in the interface's language. */
export function localArea(area: Area): Area {
  return {
    ...area,
    unitLabel: t(`area.unitLabel.${area.unitLevel}`),
    unitWord: t(`area.unitWord.${area.unitLevel}`),
    totalName: t('area.total', { total: area.totalName }),
  }
}
