// Two ways to hand over a day's submissions: some files, or a whole folder. In a browser the
// files are read here and sent as base64; in the desktop app native dialogs pick them and the
// main process reads them, so the page only sees their names. Either way, lock files Excel leaves
// behind (~$…), hidden and system files are set aside and named, never sent.
import { useRef } from 'react'
import type { Outputs } from '../../../../core/contract'
import type { ImportPick } from '../../../../preload/bridge'
import { call } from '../../api'
import { desktop, unwrapReply } from '../../desktop'
import { readFileBase64 } from '../../files'
import { t } from '../../i18n'

type Added = Outputs['imports.addFile']

/** One file to read: its name as shown, and how to add it to the import batch. */
export interface PickedFile {
  name: string
  add: (sessionId: string | undefined) => Promise<Added>
}

export interface Picked {
  files: PickedFile[]
  /** names of files left out */
  skipped: string[]
}

const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', '.ds_store'])

function pathOf(f: File): string {
  return f.webkitRelativePath || f.name
}

/** Files from a browser file input, in name order, without the ones never to send. */
export function sortPicked(list: FileList | null): Picked {
  const files: File[] = []
  const skipped: string[] = []
  for (const f of Array.from(list ?? [])) {
    const name = f.name
    if (name.startsWith('~$') || name.startsWith('.') || SYSTEM_FILES.has(name.toLowerCase())) skipped.push(name)
    else files.push(f)
  }
  files.sort((a, b) => pathOf(a).localeCompare(pathOf(b), 'zh-CN'))
  return {
    files: files.map((f) => ({
      name: f.name,
      add: async (sessionId) => call('imports.addFile', { sessionId, file: { fileName: f.name, dataBase64: await readFileBase64(f) } }),
    })),
    skipped,
  }
}

/** Files a native dialog picked (already sorted and sifted by the main process). */
export function fromDesktopPick(pick: ImportPick): Picked {
  const bridge = desktop()
  return {
    files: pick.files.map((name, index) => ({
      name,
      add: (sessionId) => {
        if (!bridge) throw new Error('no desktop bridge')
        return unwrapReply(bridge.importPicked(pick.pickId, index, sessionId))
      },
    })),
    skipped: pick.skipped,
  }
}

export function FilePicker({ disabled, onPick, onError }: { disabled: boolean; onPick: (p: Picked) => void; onError: (e: unknown) => void }) {
  const bridge = desktop()
  if (bridge) {
    const pick = async (kind: 'files' | 'folder') => {
      try {
        const picked = await unwrapReply(bridge.pickImport(kind))
        if (picked) onPick(fromDesktopPick(picked))
      } catch (e) {
        onError(e)
      }
    }
    return (
      <div className="button-row">
        <button type="button" className="primary" disabled={disabled} onClick={() => void pick('files')} data-testid="imports-files-native">
          {t('imports.chooseFiles')}
        </button>
        <button type="button" disabled={disabled} onClick={() => void pick('folder')} data-testid="imports-folder-native">
          {t('imports.chooseFolder')}
        </button>
      </div>
    )
  }
  return <BrowserPicker disabled={disabled} onPick={onPick} />
}

function BrowserPicker({ disabled, onPick }: { disabled: boolean; onPick: (p: Picked) => void }) {
  const filesRef = useRef<HTMLInputElement>(null)
  const folderRef = useRef<HTMLInputElement>(null)
  const pick = (input: HTMLInputElement | null) => {
    if (!input) return
    const picked = sortPicked(input.files)
    // Let the same files be chosen again after they were fixed.
    input.value = ''
    onPick(picked)
  }
  return (
    <div className="button-row">
      <label className={`file-label${disabled ? ' disabled' : ''}`}>
        <span className="file-button">{t('imports.chooseFiles')}</span>
        <input
          ref={filesRef}
          type="file"
          multiple
          accept=".xlsx,.csv,.xls,.et,.wps,.txt"
          disabled={disabled}
          data-testid="imports-files"
          onChange={() => pick(filesRef.current)}
        />
      </label>
      <label className={`file-label${disabled ? ' disabled' : ''}`}>
        <span className="file-button secondary">{t('imports.chooseFolder')}</span>
        <input
          ref={(el) => {
            folderRef.current = el
            // Not in React's types: lets the browser pick a folder and hand over every file in it.
            el?.setAttribute('webkitdirectory', '')
          }}
          type="file"
          multiple
          disabled={disabled}
          data-testid="imports-folder"
          onChange={() => pick(folderRef.current)}
        />
      </label>
    </div>
  )
}
