/** A table of UI strings: key → [Simplified Chinese, English]. */
export type Messages = Record<string, readonly [string, string]>
