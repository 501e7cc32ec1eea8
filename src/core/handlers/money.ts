// Handlers of src/core/methods/money.ts.

import type { moneyMethods } from '../methods/money'
import * as batches from '../services/batches'
import * as deposits from '../services/deposits'
import * as entitlements from '../services/entitlements'
import * as finance from '../services/household-finance'
import { depositSlip, receiptFile, voucherFile } from '../services/deposit-slips'
import { reconcileFile, registerFile, rosterFile } from '../services/money-sheets'
import * as policies from '../services/policies'
import * as reconcile from '../services/reconcile'
import type { HandlersOf } from './types'

export const moneyHandlers: HandlersOf<typeof moneyMethods> = {
  'deposits.receive': deposits.receive,
  'deposits.refund': deposits.refund,
  'deposits.convert': deposits.convert,
  'deposits.offset': deposits.offset,
  'ledger.reverse': deposits.reverse,
  'deposits.household': deposits.household,
  'deposits.village': deposits.village,
  'deposits.receipt': (ctx, input) => receiptFile(ctx, input.entryId),
  'deposits.voucher': (ctx, input) => voucherFile(ctx, input.entryId),
  'deposits.slip': (ctx, input) => depositSlip(ctx, input.entryId),
  'deposits.register': registerFile,
  'policies.list': policies.list,
  'policies.get': policies.get,
  'policies.save': policies.save,
  'policies.presets': policies.presets,
  'finance.get': finance.get,
  'finance.update': finance.update,
  'finance.import': finance.importFinance,
  'readings.record': finance.record,
  'readings.import': finance.importReadings,
  'entitlements.household': entitlements.household,
  'entitlements.village': entitlements.village,
  'batches.create': batches.create,
  'batches.list': batches.list,
  'batches.get': batches.get,
  'batches.removeLines': batches.removeLines,
  'batches.cancel': batches.cancel,
  'batches.pay': batches.pay,
  'batches.reverse': batches.reverse,
  'batches.roster': rosterFile,
  'reconcile.summary': reconcile.summary,
  'reconcile.export': reconcileFile,
}
