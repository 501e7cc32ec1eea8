// A short success or info message (e.g. "已保存").
import type { ReactNode } from 'react'

export function Notice({ children, kind = 'ok', testId }: { children: ReactNode; kind?: 'ok' | 'info' | 'warn'; testId?: string }) {
  return (
    <div className={`notice notice-${kind}`} role="status" data-testid={testId}>
      {children}
    </div>
  )
}
