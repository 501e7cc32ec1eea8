// A committed import (one batch of township files) and the content hash of each file imported in full.

export interface ImportBatchSheet {
  sheet?: string
  kind: 'figures' | 'roster'
  townshipCode?: string
  date?: string
  added: number
  updated: number
  unchanged: number
  skipped: number
  rejected: number
}

export interface ImportBatch {
  id: string
  at: string
  who: string
  files: Array<{ fileName: string; hash: string; sheets: ImportBatchSheet[] }>
}

/** A file imported in full, by the SHA-256 of its bytes: the same file is never imported twice. */
export interface ImportHash {
  fileName: string
  at: string
  batchId: string
}
