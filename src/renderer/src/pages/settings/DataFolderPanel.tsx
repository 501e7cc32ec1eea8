// 数据文件夹: where the data is; in the desktop app, open it or move it elsewhere (a safe move:
// copied, checked, switched; the old folder kept). In browser mode the server's --data decides.
import { useState } from 'react'
import type { DataFolderChange, DesktopBridge } from '../../../../preload/bridge'
import { useApp } from '../../AppContext'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { desktop, unwrapReply } from '../../desktop'
import { useAction, useAsync } from '../../hooks'
import { t } from '../../i18n'

export function DataFolderPanel({ onMoved }: { onMoved: () => void }) {
  const bridge = desktop()
  return bridge ? <DesktopDataFolder bridge={bridge} onMoved={onMoved} /> : <BrowserDataFolder />
}

function BrowserDataFolder() {
  const { info } = useApp()
  return (
    <Panel title={t('dataFolder.title')} testId="data-folder">
      <p className="data-folder-path" data-testid="data-folder-path">
        {info.dataDir}
      </p>
      <p className="muted small">{t('dataFolder.browser')}</p>
    </Panel>
  )
}

function DesktopDataFolder({ bridge, onMoved }: { bridge: DesktopBridge; onMoved: () => void }) {
  const [version, setVersion] = useState(0)
  const [done, setDone] = useState<DataFolderChange>()
  const folder = useAsync(() => unwrapReply(bridge.dataFolder()), [version], { keep: true })
  const open = useAction(() => unwrapReply(bridge.openDataFolder()))
  const move = useAction(() => unwrapReply(bridge.moveDataFolder()))
  const busy = open.busy || move.busy
  return (
    <Panel
      title={t('dataFolder.title')}
      testId="data-folder"
      actions={
        <>
          <button type="button" disabled={busy} onClick={() => void open.run()} data-testid="data-folder-open">
            {t('dataFolder.open')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={async () => {
              setDone(undefined)
              const change = await move.run()
              if (change) {
                setDone(change)
                setVersion((v) => v + 1)
                onMoved()
              }
            }}
            data-testid="data-folder-move"
          >
            {move.busy ? t('dataFolder.moving') : t('dataFolder.move')}
          </button>
        </>
      }
    >
      {folder.data && (
        <p className="data-folder-path" data-testid="data-folder-path">
          <span className="muted">{t('dataFolder.current')}</span>
          {folder.data.path}
          {folder.data.isDefault && <span className="muted small"> {t('dataFolder.default')}</span>}
        </p>
      )}
      <p className="muted small">{t('dataFolder.moveHint')}</p>
      {done && (
        <Notice testId="data-folder-moved">
          {t(done.copied ? 'dataFolder.moved' : 'dataFolder.switched', { from: done.from, to: done.to })}
        </Notice>
      )}
      <ErrorBanner error={folder.error ?? open.error ?? move.error} onClose={() => (open.clearError(), move.clearError())} />
    </Panel>
  )
}
