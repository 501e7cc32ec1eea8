// Summaries: derived state the store keeps in step with every change and saves next to its
// snapshots (db/summaries/<name>.json) at each checkpoint, so a question over the whole season (a
// village's latest figure) is answered at open without parsing every partition.
//
// A summary is never trusted over the data: its file is checksummed and names the log sequence it
// reflects, which the manifest confirms; entries replayed from the log at open are applied to it;
// a file that is missing, damaged, from another version or not confirmed is ignored and the
// summary is built again from the partitions when first asked.

import type { Change } from './log'

/** The folder of summary files inside db/. */
export const SUMMARIES_DIR = 'summaries'

/** What a summary reads of the store (its partitions as they are now). */
export interface SummaryReads<R> {
  get<C extends keyof R & string>(collection: C, key: string): R[C] | undefined
  partitionNames<C extends keyof R & string>(collection: C): string[]
  partitionEntries<C extends keyof R & string>(collection: C, part?: string): ReadonlyMap<string, R[C]>
}

export interface Summary<R, T> {
  /** its file is db/summaries/<name>.json */
  name: string
  /** bumped when `encode` writes something different: a file of another version is rebuilt */
  version: number
  watches: ReadonlyArray<keyof R & string>
  /** A value when it has no sound file (a summary filled in on demand starts empty). */
  build(read: SummaryReads<R>): T
  /** Whether reading it filled in parts since this was last asked (they are then saved); clears the mark. */
  takeFilled?(value: T): boolean
  /** Keeps `value` in step with one change, already applied to the store. */
  apply(value: T, change: Change, read: SummaryReads<R>): void
  encode(value: T): unknown
  /** null when the saved form does not read as expected (it is then rebuilt) */
  decode(saved: unknown): T | null
}
