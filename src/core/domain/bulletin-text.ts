// The 周通报 text an office edited and saved for one week of one area: shown again when the week is
// reopened and printed by the export, until 恢复草稿 deletes it.

import type { Period } from './periods'

export interface SavedBulletin {
  text: string
  /** ISO timestamp */
  savedAt: string
  savedBy: string
  /** the draft when the text was saved: when today's draft differs, the figures changed since */
  draftAtSave: string
}

/** `141021|2026-11-16|2026-11-22`: one text per area and week (a changed week end makes other weeks). */
export function bulletinKey(areaCode: string, week: Pick<Period, 'from' | 'to'>): string {
  return `${areaCode || 'all'}|${week.from}|${week.to}`
}
