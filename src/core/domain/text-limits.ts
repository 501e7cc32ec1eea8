// The longest text, in characters, each field a user gives may have: the forms' schemas
// (methods/*.ts) and every importer take their limits from here, so a file cannot store more than
// the form allows.

export const TEXT_MAX = {
  /** county, township and village names (the village form's 村名称) */
  divisionName: 60,
  headName: 50,
  idNumber: 18,
  phone: 20,
  address: 200,
  userCode: 50,
  /** 施工/城燃企业 of a plan and 供气企业/施工企业 of a household */
  contractor: 100,
  meterNo: 50,
  meterType: 50,
  bankCard: 30,
  bankName: 60,
  accountHolder: 50,
  equipmentType: 30,
  gasCardNo: 40,
} as const

export type TextField = keyof typeof TEXT_MAX
