// Real published subsidy policies (see ../shared/DOMAIN.md) as starting points the office loads
// into a season and then adjusts to its own documents; they are data, like any policy.
// Amounts are fen written as yuan_fen (27_400_00 = 27,400.00 yuan).

import { fen } from './money'
import type { PolicyRule, Shares } from './policy'
import { units } from './quantity'
import { ratio } from './ratio'

const shares = (s: Partial<Shares>): Shares => ({ central: 0, province: 0, city: 0, county: 0, ...s })
const noTopUp = { dibao: fen(0), wubao: fen(0) }

export interface PolicyPreset {
  id: string
  name: string
  /** where the figures come from, shown to the user */
  source: string
  rules: PolicyRule[]
}

export const POLICY_PRESETS: PolicyPreset[] = [
  {
    id: 'taiyuan-2019',
    name: '太原市 2019 年农村清洁取暖补贴（示例）',
    source: '热泵按设备价 94% 补贴、最高 27,400 元；蓄热式电暖器 89%、最高 14,400 元；煤改气每户 10,000 元拨付城燃企业；气价补贴前 1,500 m³ 每 m³ 1.36 元、其后 750 m³ 每 m³ 1.1 元，最高 2,865 元。资金分担比例请按本地文件调整。',
    rules: [
      {
        route: 'electric',
        item: 'equipment',
        variant: '空气源热泵',
        method: { kind: 'percent', ratio: ratio(94, 100) },
        cap: fen(27_400_00),
        topUp: noTopUp,
        minStage: 'accepted',
        shares: shares({ city: 10_000 }),
        payee: 'bankCard',
      },
      {
        route: 'electric',
        item: 'equipment',
        variant: '蓄热式电暖器',
        method: { kind: 'percent', ratio: ratio(89, 100) },
        cap: fen(14_400_00),
        topUp: noTopUp,
        minStage: 'accepted',
        shares: shares({ city: 10_000 }),
        payee: 'bankCard',
      },
      {
        route: 'gas',
        item: 'equipment',
        method: { kind: 'fixed', amount: fen(10_000_00) },
        topUp: noTopUp,
        minStage: 'accepted',
        shares: shares({ city: 10_000 }),
        payee: 'company',
      },
      {
        route: 'gas',
        item: 'running',
        method: {
          kind: 'perUnit',
          unit: 'm3',
          freeBand: units(0),
          tiers: [
            { width: units(1_500), rate: fen(1_36) },
            { width: units(750), rate: fen(1_10) },
          ],
        },
        cap: fen(2_865_00),
        topUp: noTopUp,
        minStage: 'connected',
        shares: shares({ city: 10_000 }),
        payee: 'bankCard',
      },
    ],
  },
  {
    id: 'datong',
    name: '大同市煤改气补贴（示例）',
    source: '设备每户 8,000 元、市县各 50%（农户自付 2,000 元）；气价补贴每 m³ 1 元、最多 2,500 m³，市县各 50%。',
    rules: [
      {
        route: 'gas',
        item: 'equipment',
        method: { kind: 'fixed', amount: fen(8_000_00) },
        topUp: noTopUp,
        minStage: 'accepted',
        shares: shares({ city: 5_000, county: 5_000 }),
        payee: 'company',
      },
      {
        route: 'gas',
        item: 'running',
        method: { kind: 'perUnit', unit: 'm3', freeBand: units(0), tiers: [{ width: units(2_500), rate: fen(1_00) }] },
        topUp: noTopUp,
        minStage: 'connected',
        shares: shares({ city: 5_000, county: 5_000 }),
        payee: 'bankCard',
      },
    ],
  },
  {
    id: 'shanxi-2017-electric',
    name: '山西省 2017 年煤改电补贴（示例）',
    source: '设备购置省、市各补贴三分之一，每户最高 20,000 元；电价补贴每度 0.1 元（省）+ 0.1 元（市），每户每季最多 12,000 度。',
    rules: [
      {
        route: 'electric',
        item: 'equipment',
        method: { kind: 'percent', ratio: ratio(2, 3) },
        cap: fen(20_000_00),
        topUp: noTopUp,
        minStage: 'accepted',
        shares: shares({ province: 5_000, city: 5_000 }),
        // "省、市各补贴三分之一", "0.1 元（省）+ 0.1 元（市）": each level's own part, rounded per level.
        shareMode: 'ofRate',
        payee: 'bankCard',
      },
      {
        route: 'electric',
        item: 'running',
        method: { kind: 'perUnit', unit: 'kWh', freeBand: units(0), tiers: [{ width: units(12_000), rate: fen(20) }] },
        topUp: noTopUp,
        minStage: 'connected',
        shares: shares({ province: 5_000, city: 5_000 }),
        // "省、市各补贴三分之一", "0.1 元（省）+ 0.1 元（市）": each level's own part, rounded per level.
        shareMode: 'ofRate',
        payee: 'bankCard',
      },
    ],
  },
]
