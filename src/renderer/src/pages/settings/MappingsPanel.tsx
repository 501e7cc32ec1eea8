// 表格列对应: the sheet layouts confirmed during imports, each header with what it is read as;
// the office corrects one (the next import reads it so) or deletes it (the next file asks again).
import { useState } from 'react'
import type { ColumnMapping, MappedColumn } from '../../../../core/contract'
import { MAPPED_COLUMNS } from '../../../../core/domain/column-mapping'
import { call } from '../../api'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loading } from '../../components/Loading'
import { Notice } from '../../components/Notice'
import { Panel } from '../../components/Panel'
import { fmtDateTime } from '../../format'
import { useAction, useAsync } from '../../hooks'
import { t, tOr } from '../../i18n'

const asLabel = (key: string) => tOr(`imports.as.${key}`, key)

function Editor({ mapping, onDone }: { mapping: ColumnMapping; onDone: (saved?: ColumnMapping) => void }) {
  const [columns, setColumns] = useState<MappedColumn[]>(mapping.columns)
  const save = useAction(() => call('imports.updateMapping', { id: mapping.id, columns }))
  return (
    <div className="mapping-editor" data-testid="mapping-editor">
      <table className="table compact column-table">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>{t('imports.col.header')}</th>
            <th>{t('imports.col.as')}</th>
          </tr>
        </thead>
        <tbody>
          {mapping.labels.map((label, i) => (
            <tr key={i}>
              <td className="num muted">{i + 1}</td>
              <td className="column-header-text">{label || <span className="muted">{t('mappings.blankHeader')}</span>}</td>
              <td>
                <select
                  value={columns[i] ?? 'ignored'}
                  onChange={(e) => setColumns((c) => c.map((v, j) => (j === i ? (e.target.value as MappedColumn) : v)))}
                  aria-label={`${t('imports.col.as')}：${label}`}
                  data-testid={`mapping-as-${i}`}
                >
                  {MAPPED_COLUMNS.map((k) => (
                    <option key={k} value={k}>
                      {asLabel(k)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          disabled={save.busy}
          onClick={async () => {
            const saved = await save.run()
            if (saved) onDone(saved)
          }}
          data-testid="mapping-save"
        >
          {save.busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" onClick={() => onDone()} disabled={save.busy}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorBanner error={save.error} onClose={save.clearError} />
    </div>
  )
}

export function MappingsPanel({ version }: { version: number }) {
  const [tick, setTick] = useState(0)
  const list = useAsync(() => call('imports.mappings', {}), [version, tick], { keep: true })
  const [editing, setEditing] = useState<string>()
  const [deleting, setDeleting] = useState<ColumnMapping>()
  const [saved, setSaved] = useState<number>()
  const remove = useAction((id: string) => call('imports.deleteMapping', { id }))
  return (
    <Panel title={t('mappings.title')} testId="settings-mappings">
      <p className="muted small">{t('mappings.hint')}</p>
      <ErrorBanner error={list.error ?? remove.error} onClose={remove.clearError} />
      {saved !== undefined && <Notice testId="mapping-saved">{t('mappings.saved', { serial: saved })}</Notice>}
      {!list.data ? (
        <Loading />
      ) : list.data.length === 0 ? (
        <p className="muted" data-testid="mappings-none">
          {t('mappings.none')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table compact" data-testid="mappings-table">
            <thead>
              <tr>
                <th>{t('mappings.col.no')}</th>
                <th>{t('mappings.col.columns')}</th>
                <th>{t('mappings.col.confirmed')}</th>
                <th>{t('mappings.col.file')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((m) => (
                <tr key={m.id} data-testid="mapping-row">
                  <td className="num">{m.serial}</td>
                  <td>
                    {editing === m.id ? (
                      <Editor
                        mapping={m}
                        onDone={(s) => {
                          setEditing(undefined)
                          if (s) {
                            setSaved(s.serial)
                            setTick((n) => n + 1)
                          }
                        }}
                      />
                    ) : (
                      <ul className="mapping-columns">
                        {m.labels.map((label, i) => (
                          <li key={i} className={m.columns[i] === 'ignored' ? 'muted' : undefined}>
                            <span className="column-header-text">{label || t('mappings.blankHeader')}</span> → {asLabel(m.columns[i] ?? 'ignored')}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="nowrap">
                    {m.confirmedBy}
                    <br />
                    <span className="muted small">{fmtDateTime(m.confirmedAt)}</span>
                  </td>
                  <td className="small mapping-file">{m.fileName}</td>
                  <td className="nowrap">
                    {editing !== m.id && (
                      <>
                        <button type="button" className="link-button" onClick={() => (setSaved(undefined), setEditing(m.id))} data-testid="mapping-edit">
                          {t('common.edit')}
                        </button>{' '}
                        <button type="button" className="link-button" onClick={() => setDeleting(m)} data-testid="mapping-delete">
                          {t('mappings.delete')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('mappings.deleteTitle', { serial: deleting.serial })}
          confirmLabel={t('mappings.delete')}
          busy={remove.busy}
          onCancel={() => setDeleting(undefined)}
          onConfirm={async () => {
            const ok = await remove.run(deleting.id)
            setDeleting(undefined)
            if (ok) setTick((n) => n + 1)
          }}
        >
          <p>{t('mappings.deleteText')}</p>
        </ConfirmDialog>
      )}
    </Panel>
  )
}
