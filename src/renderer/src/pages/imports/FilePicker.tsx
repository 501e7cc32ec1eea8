// Two ways to hand over a day's submissions: some files, or a whole folder. Lock files Excel
// leaves behind (~$…), hidden and system files are set aside and named, never sent.
import { useRef } from 'react'
import { t } from '../../i18n'

export interface Picked {
  files: File[]
  /** names of files left out */
  skipped: string[]
}

const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', '.ds_store'])

function pathOf(f: File): string {
  return f.webkitRelativePath || f.name
}

export function sortPicked(list: FileList | null): Picked {
  const files: File[] = []
  const skipped: string[] = []
  for (const f of Array.from(list ?? [])) {
    const name = f.name
    if (name.startsWith('~$') || name.startsWith('.') || SYSTEM_FILES.has(name.toLowerCase())) skipped.push(name)
    else files.push(f)
  }
  files.sort((a, b) => pathOf(a).localeCompare(pathOf(b), 'zh-CN'))
  return { files, skipped }
}

export function FilePicker({ disabled, onPick }: { disabled: boolean; onPick: (p: Picked) => void }) {
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
