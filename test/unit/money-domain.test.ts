// The money domain: the one yuan parser, exact formatting and 大写金额, fractions and shares, and
// the real policies of DOMAIN.md applied to known households, checked to the fen.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chineseUpper, type Fen, fen, mulDivRound, parseYuan, yuanNumber, yuanText } from '../../src/core/domain/money'
import {
  entitle,
  householdEntitlements,
  type HouseholdFacts,
  type PolicyRule,
  policyProblems,
  seasonOf,
  splitByShares,
  FUNDING_LEVELS,
} from '../../src/core/domain/policy'
import { POLICY_PRESETS } from '../../src/core/domain/policy-presets'
import { parseQuantity, quantityText, units } from '../../src/core/domain/quantity'
import { parseRatio, parseShare, ratioText } from '../../src/core/domain/ratio'
import type { HouseholdStage } from '../../src/core/domain/types'
import { AppError } from '../../src/core/errors'

const STAGE_NAMES: Record<HouseholdStage, string> = {
  none: '未签约',
  confirmed: '确户签约',
  network: '庭院管网',
  meter: '入户装表',
  equipment: '壁挂炉安装',
  connected: '点火通气',
  accepted: '验收',
}
const stageName = (k: HouseholdStage) => STAGE_NAMES[k]

function preset(id: string) {
  const p = POLICY_PRESETS.find((x) => x.id === id)
  if (!p) throw new Error(`no preset ${id}`)
  return p
}
function rule(presetId: string, route: string, item: string, variant?: string): PolicyRule {
  const r = preset(presetId).rules.find((x) => x.route === route && x.item === item && x.variant === variant)
  if (!r) throw new Error(`no rule ${presetId} ${route} ${item} ${variant}`)
  return r
}
const gasHousehold = (pre: number, post: number, extra: Partial<HouseholdFacts> = {}): HouseholdFacts => ({
  route: 'gas',
  stage: 'accepted',
  lowIncome: 'none',
  reading: { pre: units(pre), post: units(post) },
  ...extra,
})

function refusal(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('parseYuan: the one way from user text to fen', () => {
  it.each([
    ['1000', 100000],
    ['1,000.5', 100050],
    ['１０００', 100000],
    ['１，０００．５０', 100050],
    [' 2865.00 ', 286500],
    ['0.01', 1],
    ['0', 0],
    ['12,345,678.9', 1234567890],
    ['7.', 700],
  ])('reads %j as %i fen', (text, f) => {
    expect(parseYuan(text, '押金金额')).toBe(f)
  })

  it.each([
    ['12.345', '最多两位小数'],
    ['-5', '不能为负数'],
    ['1000,50', '应填写金额'],
    ['10,00', '应填写金额'],
    ['1,0000', '应填写金额'],
    ['1e3', '应填写金额'],
    ['一千', '应填写金额'],
    ['¥1000', '应填写金额'],
    ['', '请填写'],
    ['.5', '应填写金额'],
    ['200000000', '过大'],
  ])('refuses %j, naming the field', (text, why) => {
    const e = refusal(() => parseYuan(text, '押金金额', 'amount'))
    expect(e.message).toContain('押金金额')
    expect(e.message).toContain(why)
    expect(e.where?.field).toBe('amount')
  })

  it('round-trips every amount through its text exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (n) => {
        expect(parseYuan(yuanText(n), 'x')).toBe(n)
        expect(Math.round(yuanNumber(n) * 100)).toBe(n)
        expect(yuanNumber(n).toFixed(2)).toBe(yuanText(n).replace(/,/g, ''))
      }),
    )
  })
})

describe('大写金额', () => {
  it.each([
    [100000, '壹仟元整'],
    [100550, '壹仟零伍元伍角整'],
    [100005, '壹仟元零伍分'],
    [286500, '贰仟捌佰陆拾伍元整'],
    [1000, '壹拾元整'],
    [50, '伍角整'],
    [5, '伍分'],
    [55, '伍角伍分'],
    [0, '零元整'],
    [1000500, '壹万零伍元整'],
    [10000000000, '壹亿元整'],
    [10001000000, '壹亿零壹万元整'],
    [123456789, '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
  ])('%i fen → %s', (f, text) => {
    expect(chineseUpper(f)).toBe(text)
  })
})

describe('ratios, shares and rounding', () => {
  it('keeps a third a third and shows percents as typed', () => {
    expect(parseRatio('1/3', '比例')).toEqual({ num: 1, den: 3 })
    expect(parseRatio('２／３', '比例')).toEqual({ num: 2, den: 3 })
    expect(ratioText(parseRatio('94%', '比例'))).toBe('94%')
    expect(ratioText(parseRatio('33.33', '比例'))).toBe('33.33%')
    expect(refusal(() => parseRatio('120%', '补贴比例')).message).toContain('不能超过 100%')
    expect(refusal(() => parseRatio('0', '补贴比例')).message).toContain('应大于 0')
    expect(parseShare('50', 'x')).toBe(5000)
    expect(parseShare('', 'x')).toBe(0)
    expect(refusal(() => parseShare('101', '市级分担比例')).message).toContain('市级分担比例')
  })

  it('rounds half up to the fen', () => {
    expect(mulDivRound(100_001, 1, 2)).toBe(50_001)
    expect(mulDivRound(100_000, 1, 3)).toBe(33_333)
    expect(mulDivRound(200_000, 1, 3)).toBe(66_667)
    expect(mulDivRound(150_000, 136, 100)).toBe(204_000)
  })

  it('rounds exactly however large the product', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 1, max: 10_000_000_000 }), (a, n, d) => {
        const exact = (2n * BigInt(a) * BigInt(n) + BigInt(d)) / (2n * BigInt(d))
        // Results are amounts: at most 100 million yuan.
        fc.pre(exact <= 10_000_000_000n)
        expect(mulDivRound(a, n, d)).toBe(Number(exact))
      }),
    )
    // A product past 2^53, where floating point gives one fen too many.
    expect(mulDivRound(5_386_256_543, 4_012_384, 4_012_585)).toBe(5_385_986_732)
  })

  it('splits by shares so the levels add up to the fen, remainders to the largest fractions', () => {
    expect(splitByShares(fen(286_501), { central: 0, province: 0, city: 5000, county: 5000 })).toEqual({ central: 0, province: 0, city: 143_251, county: 143_250 })
    expect(splitByShares(fen(100), { central: 3333, province: 3333, city: 3334, county: 0 })).toEqual({ central: 33, province: 33, city: 34, county: 0 })
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 3, maxLength: 3 }),
        (amount, cuts) => {
          const [a, b, c] = [...cuts].sort((x, y) => x - y) as [number, number, number]
          const shares = { central: a, province: b - a, city: c - b, county: 10_000 - c }
          const s = splitByShares(amount as Fen, shares)
          expect(FUNDING_LEVELS.reduce((t, l) => t + s[l], 0)).toBe(amount)
          for (const l of FUNDING_LEVELS) {
            expect(Number.isInteger(s[l])).toBe(true)
            expect(Math.abs(s[l] - (amount * shares[l]) / 10_000)).toBeLessThan(1)
          }
        },
      ),
    )
  })

  it('reads quantities with two decimals', () => {
    expect(parseQuantity('1,234.5', '季后读数')).toBe(123450)
    expect(quantityText(123450)).toBe('1,234.5')
    expect(quantityText(150000)).toBe('1,500')
    expect(refusal(() => parseQuantity('12.345', '季后读数')).message).toContain('季后读数')
  })

  it('names the heating season of a date', () => {
    expect(seasonOf('2026-11-20')).toBe('2026-2027')
    expect(seasonOf('2027-03-15')).toBe('2026-2027')
    expect(seasonOf('2027-07-01')).toBe('2027-2028')
  })
})

describe('Taiyuan 2019 gas tiers: 1.36 for the first 1,500 m³, 1.10 for the next 750, cap 2,865', () => {
  const running = rule('taiyuan-2019', 'gas', 'running')

  it('pays the cap exactly at 2,250 m³, with the calculation in words', () => {
    const e = entitle(running, gasHousehold(1000, 3250), stageName)
    expect(e.status).toBe('entitled')
    expect(e.amount).toBe(286_500)
    expect(e.words).toBe(
      '季前读数 1,000，季后读数 3,250，用量 2,250 m³；1,500 m³ × 1.36 元 = 2,040.00 元；750 m³ × 1.10 元 = 825.00 元；合计 2,865.00 元，封顶 2,865.00 元；应享 2,865.00 元（市级 100% 2,865.00 元）',
    )
  })

  it('pays the first tier only below 1,500 m³, to the fen', () => {
    const e = entitle(running, { ...gasHousehold(0, 0), reading: { pre: parseQuantity('120.5', 'pre'), post: parseQuantity('1,333.33', 'post') } }, stageName)
    // 1,212.83 m³ × 1.36 = 1,649.4488 → 1,649.45
    expect(e.amount).toBe(164_945)
  })

  it('stops at the tiers: use beyond 2,250 m³ is not subsidised', () => {
    const e = entitle(running, gasHousehold(0, 3000), stageName)
    expect(e.amount).toBe(286_500)
    expect(e.words).toContain('超出各档的 750 m³ 不补贴')
  })

  it('waits for the connection and for both readings', () => {
    expect(entitle(running, gasHousehold(0, 2000, { stage: 'equipment' }), stageName)).toMatchObject({ status: 'notYet', amount: 0 })
    expect(entitle(running, gasHousehold(0, 2000, { stage: 'equipment' }), stageName).words).toContain('未到“点火通气”阶段')
    expect(entitle(running, { route: 'gas', stage: 'connected', lowIncome: 'none', reading: { pre: units(10) } }, stageName)).toMatchObject({
      status: 'missing',
      amount: 0,
    })
  })

  it('gives heat pumps 94% up to 27,400 and storage heaters 89% up to 14,400', () => {
    const taiyuan = preset('taiyuan-2019')
    const electric = (type: string, cost: number): HouseholdFacts => ({ route: 'electric', stage: 'accepted', lowIncome: 'none', equipmentType: type, equipmentCost: fen(cost) })
    const [pump] = householdEntitlements(taiyuan, electric('空气源热泵', 25_000_00), stageName)
    expect(pump!.amount).toBe(23_500_00)
    const [pumpCapped] = householdEntitlements(taiyuan, electric('空气源热泵', 31_000_00), stageName)
    expect(pumpCapped!.amount).toBe(27_400_00)
    const [heater] = householdEntitlements(taiyuan, electric('蓄热式电暖器', 12_345_67), stageName)
    // 12,345.67 × 89% = 10,987.6463 → 10,987.65
    expect(heater!.amount).toBe(10_987_65)
    const [unknown] = householdEntitlements(taiyuan, { route: 'electric', stage: 'accepted', lowIncome: 'none' }, stageName)
    expect(unknown).toMatchObject({ status: 'missing', amount: 0 })
    expect(unknown!.words).toContain('未登记设备类型')
  })
})

describe('Datong: 1 yuan/m³ up to 2,500 m³, city and county 50/50', () => {
  const running = rule('datong', 'gas', 'running')
  const equipment = rule('datong', 'gas', 'equipment')

  it('splits an odd fen deterministically', () => {
    const e = entitle(running, { ...gasHousehold(0, 0), reading: { pre: units(100), post: parseQuantity('1,333.33', 'post') } }, stageName)
    expect(e.amount).toBe(123_333)
    expect(e.byLevel).toEqual({ central: 0, province: 0, city: 61_667, county: 61_666 })
  })

  it('stops at 2,500 m³', () => {
    const e = entitle(running, gasHousehold(500, 4000), stageName)
    expect(e.amount).toBe(2_500_00)
    expect(e.byLevel).toMatchObject({ city: 1_250_00, county: 1_250_00 })
  })

  it('says the cap after the use beyond the tiers, not on that line', () => {
    const e = entitle({ ...running, cap: fen(2_000_00) }, gasHousehold(0, 3000), stageName)
    expect(e.amount).toBe(2_000_00)
    expect(e.words).toContain('2,500 m³ × 1.00 元 = 2,500.00 元；超出各档的 500 m³ 不补贴；合计 2,500.00 元，超过封顶 2,000.00 元，按 2,000.00 元计；应享 2,000.00 元')
  })

  it('gives 8,000 for the equipment once accepted, half city, half county', () => {
    const e = entitle(equipment, gasHousehold(0, 0), stageName)
    expect(e).toMatchObject({ amount: 8_000_00, byLevel: { city: 4_000_00, county: 4_000_00 }, payee: 'company' })
    expect(e.words).toBe('定额 8,000.00 元；应享 8,000.00 元（其中 市级 50% 4,000.00 元、县级 50% 4,000.00 元）')
  })
})

describe('Shanxi 2017 electric: province and city each a third of the equipment, at most 20,000', () => {
  const equipment = rule('shanxi-2017-electric', 'electric', 'equipment')
  const running = rule('shanxi-2017-electric', 'electric', 'running')
  const facts = (cost: number): HouseholdFacts => ({ route: 'electric', stage: 'accepted', lowIncome: 'none', equipmentCost: fen(cost) })
  const metered = (post: string): HouseholdFacts => ({ route: 'electric', stage: 'connected', lowIncome: 'none', reading: { pre: units(0), post: parseQuantity(post, 'post') } })

  it('pays each level its own third', () => {
    const e = entitle(equipment, facts(24_000_00), stageName)
    expect(e.amount).toBe(16_000_00)
    expect(e.byLevel).toMatchObject({ province: 8_000_00, city: 8_000_00 })
    expect(e.words).toBe(
      '设备费用 24,000.00 元 × 2/3，各级分别计算：省级 × 1/3 = 8,000.00 元，市级 × 1/3 = 8,000.00 元，合计 16,000.00 元，封顶 20,000.00 元；应享 16,000.00 元（其中 省级 50% 8,000.00 元、市级 50% 8,000.00 元）',
    )
  })

  it('rounds each third on its own, as the province and the city each work out their part', () => {
    // 10,000.00 ÷ 3 = 3,333.333… → 3,333.33 for each level: 6,666.66, not 2/3 rounded (6,666.67)
    expect(entitle(equipment, facts(10_000_00), stageName)).toMatchObject({ amount: 6_666_66, byLevel: { province: 3_333_33, city: 3_333_33 } })
    // 15,800.00 ÷ 3 = 5,266.666… → 5,266.67 each: 10,533.34, and the city is not a fen short
    expect(entitle(equipment, facts(15_800_00), stageName)).toMatchObject({ amount: 10_533_34, byLevel: { province: 5_266_67, city: 5_266_67 } })
    // 10,000.01 ÷ 3 = 3,333.336… → 3,333.34 each
    expect(entitle(equipment, facts(10_000_01), stageName)).toMatchObject({ amount: 6_666_68, byLevel: { province: 3_333_34, city: 3_333_34 } })
  })

  it('caps at 20,000, split half and half', () => {
    const e = entitle(equipment, facts(45_000_00), stageName)
    expect(e.amount).toBe(20_000_00)
    expect(e.byLevel).toMatchObject({ province: 10_000_00, city: 10_000_00 })
    expect(e.words).toContain('合计 30,000.00 元，超过封顶 20,000.00 元，按 20,000.00 元计；应享 20,000.00 元')
  })

  it('pays 0.1 yuan per kWh from the province and 0.1 from the city, up to 12,000 kWh', () => {
    const e = entitle(running, { route: 'electric', stage: 'connected', lowIncome: 'none', reading: { pre: units(3_000), post: units(8_400) } }, stageName)
    expect(e.amount).toBe(1_080_00)
    expect(e.byLevel).toMatchObject({ province: 540_00, city: 540_00 })
    // 5,400.05 kWh × 0.10 = 540.005 → 540.01 for each level
    const odd = entitle(running, metered('5,400.05'), stageName)
    expect(odd).toMatchObject({ amount: 1_080_02, byLevel: { province: 540_01, city: 540_01 } })
    expect(odd.words).toBe(
      '季前读数 0，季后读数 5,400.05，用量 5,400.05 kWh；5,400.05 kWh × 0.20 元，各级分别计算：省级 × 0.10 元 = 540.01 元，市级 × 0.10 元 = 540.01 元，合计 1,080.02 元；应享 1,080.02 元（其中 省级 50% 540.01 元、市级 50% 540.01 元）',
    )
    const most = entitle(running, metered('20,000'), stageName)
    expect(most).toMatchObject({ amount: 2_400_00, byLevel: { province: 1_200_00, city: 1_200_00 } })
  })

  it('matches the amount of each level to its words and adds the levels up to the amount, for any cost or use', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom<HouseholdFacts['lowIncome']>('none', 'dibao'), (n, lowIncome) => {
        const withTop = (r: PolicyRule): PolicyRule => ({ ...r, topUp: { dibao: fen(300_01), wubao: fen(0) } })
        for (const e of [
          entitle(withTop(equipment), { ...facts(n), lowIncome }, stageName),
          entitle(withTop(running), { ...metered(quantityText(n)), lowIncome }, stageName),
        ]) {
          expect(e.byLevel.province + e.byLevel.city).toBe(e.amount)
          if (e.amount > 0) expect(e.words).toContain(`省级 50% ${yuanText(e.byLevel.province)} 元、市级 50% ${yuanText(e.byLevel.city)} 元`)
          // Below the cap and with no top-up, each level is its own third (or 0.10 per kWh), rounded.
          if (lowIncome === 'none' && e.amount < 20_000_00 && e.item === 'equipment') expect(e.byLevel.province).toBe(mulDivRound(n, 1, 3))
        }
      }),
    )
  })
})

describe('policy features: free band, advance, low-income top-up, checks', () => {
  const base: PolicyRule = {
    route: 'gas',
    item: 'running',
    method: { kind: 'perUnit', unit: 'm3', freeBand: units(200), tiers: [{ width: units(1000), rate: fen(1_00) }, { width: null, rate: fen(50) }] },
    cap: fen(1_500_00),
    advance: { kind: 'ofCap', ratio: { num: 1, den: 2 } },
    topUp: { dibao: fen(300_00), wubao: fen(500_00) },
    minStage: 'connected',
    shares: { central: 0, province: 2000, city: 3000, county: 5000 },
    payee: 'bankCard',
  }

  it('pays half the cap before the season and settles on metered use after', () => {
    const before = entitle(base, { route: 'gas', stage: 'connected', lowIncome: 'none', reading: { pre: units(10) } }, stageName)
    expect(before).toMatchObject({ status: 'advance', amount: 750_00 })
    expect(before.words).toContain('季前预拨：封顶 1,500.00 元 × 50% = 750.00 元')
    const after = entitle(base, gasHousehold(0, 1700, { stage: 'connected' }), stageName)
    // 200 free; 1,000 × 1.00 = 1,000.00; 500 × 0.50 = 250.00 → 1,250.00
    expect(after).toMatchObject({ status: 'entitled', amount: 1_250_00 })
    expect(after.words).toContain('免补 200 m³（不补贴）')
  })

  it('adds the low-income top-up after the cap', () => {
    const e = entitle(base, gasHousehold(0, 5000, { stage: 'connected', lowIncome: 'wubao' }), stageName)
    expect(e.amount).toBe(2_000_00)
    expect(e.words).toContain('五保户加补 500.00 元')
    expect(e.byLevel).toEqual({ central: 0, province: 400_00, city: 600_00, county: 1_000_00 })
  })

  it('computes each level on its own when the rule says so, splitting the cap and the top-up', () => {
    const each: PolicyRule = { ...base, advance: undefined, shareMode: 'ofRate', method: { kind: 'perUnit', unit: 'm3', freeBand: units(0), tiers: [{ width: null, rate: fen(1_36) }] } }
    // 1,000.01 m³ × 1.36 元: province 20% = 272.00272 → 272.00; city 30% = 408.00408 → 408.00; county 50% = 680.0068 → 680.01
    const e = entitle(each, gasHousehold(0, 0, { stage: 'connected', reading: { pre: units(0), post: parseQuantity('1000.01', 'post') } }), stageName)
    expect(e).toMatchObject({ amount: 1_360_01, byLevel: { central: 0, province: 272_00, city: 408_00, county: 680_01 } })
    expect(e.words).toContain('省级 × 1.36 元 × 20% = 272.00 元，市级 × 1.36 元 × 30% = 408.00 元，县级 × 0.68 元 = 680.01 元，合计 1,360.01 元')
    // Over the cap: the cap is split by shares; the top-up too, and added per level.
    const capped = entitle(each, gasHousehold(0, 2000, { stage: 'connected', lowIncome: 'dibao' }), stageName)
    expect(capped).toMatchObject({ amount: 1_800_00, byLevel: { central: 0, province: 360_00, city: 540_00, county: 900_00 } })
    expect(policyProblems([{ ...each, method: { kind: 'fixed', amount: fen(100_00) } }]).map((p) => p.message)).toEqual([
      '第 1 条（运行补贴）：每户定额按分担比例分摊，不能“各级分别计算”',
    ])
  })

  it('refuses shares that do not add up, duplicate rules and a running subsidy by cost', () => {
    const problems = policyProblems([
      { ...base, shares: { central: 0, province: 0, city: 5000, county: 4000 } },
      { ...base },
      { ...base, route: 'electric', method: { kind: 'percent', ratio: { num: 1, den: 2 } }, advance: undefined },
    ])
    expect(problems.map((p) => p.message)).toEqual([
      '第 1 条（运行补贴）：各级资金分担比例合计应为 100%，现在是 90%',
      '第 2 条（运行补贴）：同一路线的运行补贴重复了',
      '第 3 条（运行补贴）：运行补贴不能按费用比例计算，请选按用量或定额',
    ])
    for (const p of POLICY_PRESETS) expect(policyProblems(p.rules)).toEqual([])
  })
})
