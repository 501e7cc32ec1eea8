// 登记问题: a complaint (信访、12345) or a township's report, with its place, the unit that must
// fix it, the deadline (整改时限) and how it will be accepted (验收标准).
import { useState } from 'react'
import type { DivisionHit, ProblemRow } from '../../../../core/contract'
import { call } from '../../api'
import { useApp } from '../../AppContext'
import { DivisionSearchBox } from '../../components/DivisionSearchBox'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useAction } from '../../hooks'
import { t } from '../../i18n'
import { plusDays } from './labels'

/** The usual time allowed to fix a problem found in the field. */
export const DEFAULT_DAYS = 15

export function ProblemForm({ onCreated }: { onCreated: (p: ProblemRow) => void }) {
  const { info } = useApp()
  const [village, setVillage] = useState<DivisionHit>()
  const [source, setSource] = useState<'complaint' | 'report'>('complaint')
  const [description, setDescription] = useState('')
  const [placeDetail, setPlaceDetail] = useState('')
  const [openedOn, setOpenedOn] = useState(info.today)
  const [unit, setUnit] = useState('')
  const [person, setPerson] = useState('')
  const [deadline, setDeadline] = useState(plusDays(info.today, DEFAULT_DAYS))
  const [standard, setStandard] = useState(t('problems.defaultStandard'))
  const save = useAction(() =>
    call('problems.create', {
      villageCode: village?.code ?? '',
      source,
      description,
      ...(placeDetail ? { placeDetail } : {}),
      openedOn,
      responsibleUnit: unit,
      responsiblePerson: person,
      deadline,
      acceptanceStandard: standard,
    }),
  )
  return (
    <form
      className="form-grid"
      data-testid="problem-form"
      onSubmit={async (e) => {
        e.preventDefault()
        const r = await save.run()
        if (r) onCreated(r.problem)
      }}
    >
      <div className="span-all">
        <div className="muted small">{t('problems.form.village')}</div>
        {village ? (
          <div data-testid="problem-form-village">
            <strong>{village.name}</strong> <span className="muted">{village.path}</span>{' '}
            <button type="button" className="link-button" onClick={() => setVillage(undefined)}>
              {t('problems.form.changeVillage')}
            </button>
          </div>
        ) : (
          <DivisionSearchBox level="village" placeholder={t('problems.form.findVillage')} onPick={setVillage} testId="problem-village" />
        )}
      </div>
      <label>
        {t('problems.col.source')}
        <select value={source} onChange={(e) => setSource(e.target.value as 'complaint' | 'report')} data-testid="problem-form-source">
          <option value="complaint">{t('value.source.complaint')}</option>
          <option value="report">{t('value.source.report')}</option>
        </select>
      </label>
      <label>
        {t('problems.form.openedOn')}
        <input type="date" value={openedOn} max={info.today} onChange={(e) => setOpenedOn(e.target.value)} required data-testid="problem-form-opened" />
      </label>
      <label className="span-all">
        {t('problems.col.description')}
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} required maxLength={1000} rows={3} data-testid="problem-form-description" />
      </label>
      <label>
        {t('problems.form.placeDetail')}
        <input value={placeDetail} onChange={(e) => setPlaceDetail(e.target.value)} maxLength={100} placeholder={t('problems.form.placeHint')} data-testid="problem-form-place" />
      </label>
      <label>
        {t('problems.col.deadline')}
        <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} required data-testid="problem-form-deadline" />
      </label>
      <label>
        {t('problems.col.unit')}
        <input value={unit} onChange={(e) => setUnit(e.target.value)} maxLength={100} data-testid="problem-form-unit" />
      </label>
      <label>
        {t('problems.col.person')}
        <input value={person} onChange={(e) => setPerson(e.target.value)} maxLength={50} data-testid="problem-form-person" />
      </label>
      <label className="span-all">
        {t('problems.col.standard')}
        <input value={standard} onChange={(e) => setStandard(e.target.value)} required maxLength={500} data-testid="problem-form-standard" />
      </label>
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={save.busy || !village} data-testid="problem-form-save">
          {save.busy ? t('common.saving') : t('problems.form.save')}
        </button>
        <span className="hint">{t('problems.form.hint')}</span>
      </div>
      <div className="span-all">
        <ErrorBanner error={save.error} onClose={save.clearError} />
      </div>
    </form>
  )
}
