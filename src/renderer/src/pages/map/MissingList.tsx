// 无坐标的村: villages without their own position (drawn near their township or county when one
// is known, marked approximate), with a button to place each by a click on the map.
import type { MapVillage, MapVillages } from '../../../../core/contract'
import { fmtInt } from '../../format'
import { t } from '../../i18n'

const SHOWN = 300

export function MissingList(props: { data: MapVillages; county: string; onPick: (v: MapVillage) => void; onSelect: (code: string) => void }) {
  const missing = props.data.villages.filter((v) => (v.lng === undefined || v.approx) && (!props.county || v.countyCode === props.county))
  const nowhere = missing.filter((v) => v.lng === undefined).length
  return (
    <div data-testid="map-missing">
      <p className="small">
        {t('map.missingText', { n: fmtInt(missing.length), approx: fmtInt(missing.length - nowhere), nowhere: fmtInt(nowhere) })}
      </p>
      <p className="muted small">{t('map.missingHint')}</p>
      <ul className="missing-list">
        {missing.slice(0, SHOWN).map((v) => (
          <li key={v.code} data-testid={`missing-${v.code}`}>
            <span className="missing-name">
              {v.lng !== undefined ? (
                <button type="button" className="link-button" onClick={() => props.onSelect(v.code)}>
                  {v.name}
                </button>
              ) : (
                v.name
              )}
              <span className="muted small">
                {' '}
                {props.data.names[v.townshipCode]} · {v.approx ? t(`map.approx.${v.approx}`) : t('map.nowhere')}
              </span>
            </span>
            <button type="button" onClick={() => props.onPick(v)} data-testid={`missing-pick-${v.code}`}>
              {t('map.pick')}
            </button>
          </li>
        ))}
      </ul>
      {missing.length > SHOWN && <p className="muted small">{t('map.missingMore', { n: fmtInt(missing.length - SHOWN) })}</p>}
    </div>
  )
}
