// One finding of a visit: a problem (which opens a ledger entry, so it needs the unit, deadline and
// acceptance standard), a suggestion or a highlight (亮点), tied to a visited village and, where
// it concerns one, a household.
import { useState } from 'react'
import type { Input } from '../../../../core/contract'
import { FINDING_KINDS, type FindingKind } from '../../../../core/domain/visits'
import { call } from '../../api'
import { useAsync } from '../../hooks'
import { t } from '../../i18n'
import { DEFAULT_DAYS } from '../problems/ProblemForm'
import { kindLabel, plusDays } from '../problems/labels'

export type FindingInput = Input<'visits.addFinding'>['finding']

export interface VisitedPlace {
  code: string
  name: string
  /** 乡镇 name, the usual unit answerable for a problem in its village */
  township: string
}

export function FindingEditor(props: { villages: VisitedPlace[]; date: string; busy?: boolean; onAdd: (f: FindingInput) => Promise<boolean> | boolean }) {
  const [kind, setKind] = useState<FindingKind>('problem')
  const [village, setVillage] = useState(props.villages[0]?.code ?? '')
  const [household, setHousehold] = useState('')
  const [place, setPlace] = useState('')
  const [text, setText] = useState('')
  const [unit, setUnit] = useState('')
  const [person, setPerson] = useState('')
  const [deadline, setDeadline] = useState('')
  const [standard, setStandard] = useState(t('problems.defaultStandard'))
  const current = props.villages.some((v) => v.code === village) ? village : (props.villages[0]?.code ?? '')
  const households = useAsync(() => (current ? call('households.list', { villageCode: current, limit: 1000 }) : Promise.resolve(undefined)), [current])
  const townshipUnit = props.villages.find((v) => v.code === current)?.township ?? ''

  if (props.villages.length === 0) return <p className="muted small">{t('visits.finding.needVillage')}</p>
  return (
    <div className="finding-editor" data-testid="finding-editor">
      <div className="form-grid">
        <label>
          {t('visits.finding.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as FindingKind)} data-testid="finding-kind">
            {FINDING_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('level.village')}
          <select value={current} onChange={(e) => setVillage(e.target.value)} data-testid="finding-village">
            {props.villages.map((v) => (
              <option key={v.code} value={v.code}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        {(households.data?.total ?? 0) > 0 && (
          <label>
            {t('visits.finding.household')}
            <select value={household} onChange={(e) => setHousehold(e.target.value)} data-testid="finding-household">
              <option value="">{t('visits.finding.noHousehold')}</option>
              {households.data!.items.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.headName} {h.address ?? ''}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('problems.form.placeDetail')}
          <input value={place} onChange={(e) => setPlace(e.target.value)} maxLength={100} placeholder={t('problems.form.placeHint')} data-testid="finding-place" />
        </label>
        <label className="span-all">
          {t('visits.finding.text')}
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={1000} data-testid="finding-text" />
        </label>
        {kind === 'problem' && (
          <>
            <label>
              {t('problems.col.unit')}
              <input value={unit} onChange={(e) => setUnit(e.target.value)} placeholder={townshipUnit} maxLength={100} data-testid="finding-unit" />
            </label>
            <label>
              {t('problems.col.person')}
              <input value={person} onChange={(e) => setPerson(e.target.value)} maxLength={50} data-testid="finding-person" />
            </label>
            <label>
              {t('problems.col.deadline')}
              <input type="date" value={deadline || plusDays(props.date, DEFAULT_DAYS)} onChange={(e) => setDeadline(e.target.value)} data-testid="finding-deadline" />
            </label>
            <label>
              {t('problems.col.standard')}
              <input value={standard} onChange={(e) => setStandard(e.target.value)} maxLength={500} data-testid="finding-standard" />
            </label>
          </>
        )}
      </div>
      <div className="form-actions">
        <button
          type="button"
          disabled={props.busy || text.trim() === ''}
          onClick={async () => {
            const f: FindingInput = {
              kind,
              villageCode: current,
              text,
              ...(household ? { householdId: household } : {}),
              ...(place.trim() ? { placeDetail: place } : {}),
              ...(kind === 'problem'
                ? { problem: { responsibleUnit: unit.trim() || townshipUnit, responsiblePerson: person, deadline: deadline || plusDays(props.date, DEFAULT_DAYS), acceptanceStandard: standard } }
                : {}),
            }
            if (await props.onAdd(f)) {
              setText('')
              setPlace('')
              setHousehold('')
            }
          }}
          data-testid="finding-add"
        >
          {t('visits.finding.add')}
        </button>
        {kind === 'problem' && <span className="hint">{t('visits.finding.problemHint')}</span>}
      </div>
    </div>
  )
}
