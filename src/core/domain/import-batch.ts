// A committed import (one batch of township files) and the content hash of each file imported in full.

export type ImportKind = 'figures' | 'roster' | 'plans'

export interface ImportBatchSheet {
  sheet?: string
  kind: ImportKind
  townshipCode?: string
  date?: string
  added: number
  updated: number
  unchanged: number
  skipped: number
  rejected: number
  /** rows held back because the sheet's columns were not confirmed (待确认) */
  held?: number
  /** the confirmed column mapping the sheet was read with (its serial) */
  mapping?: number
}

export interface ImportBatch {
  id: string
  at: string
  who: string
  /** 报送日期: the day given to sheets without one of their own */
  date?: string
  /** the townships (9-digit codes) whose records the batch wrote: who may see and undo it */
  places?: string[]
  files: Array<{ fileName: string; hash: string; sheets: ImportBatchSheet[] }>
  /** set when the batch was undone (imports.undo): what it put back and what it left */
  undone?: { at: string; who: string; restored: number; kept: number }
}

/** A file imported in full, by the SHA-256 of its bytes: the same file is never imported twice. */
export interface ImportHash {
  fileName: string
  at: string
  batchId: string
}

/**
 * The townships a batch wrote to; for a batch committed before they were recorded, its sheets'
 * townships — undefined when a sheet had none (then only an account over the whole area sees it).
 */
export function batchPlaces(batch: ImportBatch): string[] | undefined {
  if (batch.places) return batch.places
  const sheets = batch.files.flatMap((f) => f.sheets)
  return sheets.every((x) => x.townshipCode) ? [...new Set(sheets.map((x) => x.townshipCode!))] : undefined
}
