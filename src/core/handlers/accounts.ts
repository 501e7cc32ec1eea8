// Handlers of src/core/methods/accounts.ts.

import type { accountsMethods } from '../methods/accounts'
import * as accounts from '../services/accounts'
import * as sessions from '../services/sessions'
import type { HandlersOf } from './types'

export const accountsHandlers: HandlersOf<typeof accountsMethods> = {
  'auth.login': { prepare: sessions.prepareLogin, run: sessions.login },
  'auth.logout': (ctx) => sessions.logout(ctx),
  'auth.changePassword': { prepare: sessions.prepareChangePassword, run: sessions.changePassword },
  'accounts.list': (ctx) => accounts.list(ctx),
  'accounts.create': { prepare: accounts.prepareNewPassword, run: accounts.create },
  'accounts.update': accounts.update,
  'accounts.resetPassword': { prepare: accounts.prepareNewPassword, run: accounts.resetPassword },
  'accounts.setDisabled': accounts.setDisabled,
  'accounts.endSessions': accounts.endAll,
}
