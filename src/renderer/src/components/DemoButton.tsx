// 生成演示数据: fills an empty data folder with generated (fictional) places, plans and figures.
import { call } from '../api'
import { useAction } from '../hooks'
import { t } from '../i18n'
import { ErrorBanner } from './ErrorBanner'

export function DemoButton({ onDone, disabled }: { onDone: () => void; disabled?: boolean }) {
  const demo = useAction(() => call('demo.generate', {}))
  return (
    <>
      <button
        type="button"
        disabled={disabled || demo.busy}
        onClick={async () => {
          if (await demo.run()) onDone()
        }}
        data-testid="demo-generate"
      >
        {demo.busy ? t('common.working') : t('demo.generate')}
      </button>
      <ErrorBanner error={demo.error} onClose={demo.clearError} />
    </>
  )
}
