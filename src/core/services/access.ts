// The one place where a caller's role and scope are enforced, read off each method's declaration
// in the contract (`access`, `scope`, `reveal`): before the body of a request is read (the role),
// before the service runs (what the input names), and on the way out (lists filtered to the
// caller's division). Every refusal is a 401/403 AppError in Chinese and an audit note.

import { methods, type MethodName } from '../contract'
import { batchPlaces } from '../domain/import-batch'
import { holds, PERMISSION_NAMES, ROLE_NAMES } from '../domain/roles'
import { areaPrefix, withinPrefix } from '../domain/scope'
import { AppError } from '../errors'
import type { MethodDef, PlaceRef } from '../methods/schemas'
import { ANONYMOUS, type Caller, type Ctx, type Env } from './context'

/** Whether the folder asks for logging in: it has at least one account. */
export function accountsOn(env: Env): boolean {
  return env.store.count('accounts') > 0
}

/** A permission refusal is noted at most this often per account and method (a loop must not fill the log). */
const REFUSAL_NOTE_EVERY_MS = 60_000

/** Records a refusal in the audit trail: who, from where, which method, why. */
export function noteRefusal(env: Env, caller: Caller, method: string, reason: string): void {
  const account = caller.account
  if (!account) return
  const last = env.local('access.refusals', () => new Map<string, number>())
  const key = `${account.id}|${method}`
  const now = env.now().getTime()
  if (now - (last.get(key) ?? -Infinity) < REFUSAL_NOTE_EVERY_MS) return
  last.set(key, now)
  try {
    env.store.note({ who: caller.who, from: caller.from, method: 'access.refused' }, 'accounts', account.id, { method, reason })
  } catch {
    // A full disk must not turn a refusal into another error: the caller still gets its 403.
  }
}

function forbidden(env: Env, caller: Caller, method: string, message: string, field?: string): AppError {
  noteRefusal(env, caller, method, message)
  return new AppError('forbidden', message, field ? { where: { field } } : {})
}

/**
 * The role check, which needs nothing of the input: may this caller use this method at all?
 * Throws `unauthenticated` (no session in a folder with accounts) or `forbidden`.
 */
export function admit(env: Env, method: MethodName, caller: Caller): void {
  const def: MethodDef = methods[method]
  if (!accountsOn(env)) return // one computer, no accounts: its user may do everything
  if (def.access === 'public') return
  const account = caller.account
  if (!account) {
    throw new AppError('unauthenticated', caller.anonymous || caller.who === ANONYMOUS ? '请先登录。' : '本数据文件夹已启用账号，请先登录。')
  }
  if (account.mustChangePassword && def.access !== 'signedIn') {
    throw forbidden(env, caller, method, '请先修改密码：管理员设置或重设的密码须由本人改过后才能继续使用。')
  }
  if (!holds(account.role, def.access)) {
    throw forbidden(env, caller, method, `没有权限：这项操作需要“${PERMISSION_NAMES[def.access]}”权限，您的角色“${ROLE_NAMES[account.role]}”没有。`)
  }
}

/** The methods this caller may use (for the pages to offer only those). */
export function allowedMethods(env: Env, caller: Caller): MethodName[] {
  const all = Object.keys(methods) as MethodName[]
  if (!accountsOn(env)) return all
  const account = caller.account
  if (!account) return all.filter((m) => methods[m].access === 'public')
  return all.filter((m) => {
    const access = methods[m].access
    if (account.mustChangePassword) return access === 'public' || access === 'signedIn'
    // What concerns the whole folder is refused to an account over a part of it (checkInput).
    if (account.scope !== '' && methods[m].scope === 'folder') return false
    return holds(account.role, access)
  })
}

// ---------------------------------------------------------------------------------------------
// places named in an input or an output

type Resolved = string[] | 'whole'

/** What a place reference's value leads to: division codes (or household ids), or the whole folder. */
const RESOLVERS: Record<string, (ctx: Ctx, value: unknown) => Resolved> = {
  division: (_ctx, v) => (typeof v === 'string' && v !== '' ? [v] : []),
  household: (_ctx, v) => (typeof v === 'string' && v !== '' ? [v.slice(0, 12)] : []),
  problem: (ctx, v) => {
    const p = typeof v === 'string' ? ctx.store.get('problems', v) : undefined
    return p ? [p.villageCode] : []
  },
  visit: (ctx, v) => {
    const r = typeof v === 'string' ? ctx.store.get('visits', v) : undefined
    return r ? [...r.villages.map((x) => x.villageCode), ...r.findings.map((f) => f.villageCode)] : []
  },
  visitPlan: (ctx, v) => {
    const p = typeof v === 'string' ? ctx.store.get('visitPlans', v) : undefined
    return p ? p.items.map((i) => i.villageCode) : []
  },
  batch: (ctx, v) => {
    const b = typeof v === 'string' ? ctx.store.get('payment-batches', v) : undefined
    return b ? [b.scopeCode] : []
  },
  ledgerEntry: (ctx, v) => {
    const e = typeof v === 'string' ? ctx.store.get('ledger', v) : undefined
    return e ? [e.villageCode] : []
  },
  /** an import batch (imports.undo): the townships it wrote to, or the whole folder when they are not known */
  importBatch: (ctx, v) => {
    const b = typeof v === 'string' ? ctx.store.get('imports', v) : undefined
    if (!b) return []
    return batchPlaces(b) ?? 'whole'
  },
  submission: (ctx, v) => {
    const s = typeof v === 'string' ? ctx.store.get('submissions', v) : undefined
    return s ? [s.townshipCode] : []
  },
  /**
   * A record named to the audit trail: records are keyed by the place they belong to (a division
   * or village code, a household id, `village|date`, a ledger id starting with its county); any
   * other record (settings, counters, policies, accounts) belongs to the whole folder.
   */
  auditRecord: (_ctx, v) => {
    const one = (r: unknown): Resolved => {
      const key = (r as { key?: unknown } | null)?.key
      if (typeof key !== 'string') return []
      const digits = /^\d{6,12}/.exec(key)?.[0]
      return digits ? [digits.length >= 12 ? digits.slice(0, 12) : digits.length >= 9 ? digits.slice(0, 9) : digits.slice(0, 6)] : 'whole'
    }
    const input = v as { records?: unknown[] } | null
    const all = input?.records ? input.records.map(one) : [one(input)]
    return all.includes('whole') ? 'whole' : (all as string[][]).flat()
  },
}

function parseRef(ref: PlaceRef): { path: string; kind: string } {
  const i = ref.lastIndexOf(':')
  return i === -1 ? { path: ref, kind: 'division' } : { path: ref.slice(0, i), kind: ref.slice(i + 1) }
}

/** The values at a path (`a.b`, `items[].villageCode`; `''` is the value itself), arrays flattened where marked `[]`. */
export function valuesAt(root: unknown, path: string): unknown[] {
  if (path === '') return [root]
  let current: unknown[] = [root]
  for (const seg of path.split('.')) {
    const many = seg.endsWith('[]')
    const key = many ? seg.slice(0, -2) : seg
    const next: unknown[] = []
    for (const v of current) {
      if (v === null || typeof v !== 'object') continue
      const x = key === '' ? v : (v as Record<string, unknown>)[key]
      if (x === undefined || x === null) continue
      if (!many) next.push(x)
      else if (Array.isArray(x)) next.push(...(x as unknown[]))
    }
    current = next
  }
  return current
}

function resolve(ctx: Ctx, root: unknown, ref: PlaceRef): Resolved {
  const { path, kind } = parseRef(ref)
  const resolver = RESOLVERS[kind]
  if (!resolver) throw new Error(`unknown place kind "${kind}" in a scope declaration`)
  const out: string[] = []
  for (const v of valuesAt(root, path)) {
    const r = resolver(ctx, v)
    if (r === 'whole') return 'whole'
    out.push(...r)
  }
  return out
}

/** The caller's division as a code prefix, and how to name it; null when the caller sees everything. */
function scopeOf(ctx: Ctx): { prefix: string; name: string } | null {
  const scope = ctx.scope
  if (!scope) return null
  const d = ctx.division(scope)
  return { prefix: areaPrefix(scope, d?.level), name: d?.name ?? scope }
}

/**
 * Whether a division code or household id lies within the caller's division: what the services
 * that gather over many places (search, ledgers, summaries, the trail) keep, so counts, totals and
 * limits are of the caller's area, not a filtered page of everyone's.
 */
export function inScope(ctx: Ctx, code: string): boolean {
  const scope = scopeOf(ctx)
  return !scope || withinPrefix(code, scope.prefix)
}

function placeName(ctx: Ctx, code: string): string {
  const d = ctx.division(code.slice(0, 12)) ?? ctx.division(code)
  return d ? `${d.name}（${d.code}）` : code
}

/**
 * The checks that need the input: the reveal of personal data, and every place the input names
 * against the caller's division. A summary's area left out is set to the caller's division.
 */
export function checkInput(ctx: Ctx, method: MethodName, input: Record<string, unknown>): void {
  const def: MethodDef = methods[method]
  const account = ctx.caller.account
  if (!account) return
  if (def.reveal && input[def.reveal] === true && !holds(account.role, 'reveal')) {
    throw forbidden(ctx.env, ctx.caller, method, `没有权限查看完整的个人信息（身份证号、电话、银行卡号）：角色“${ROLE_NAMES[account.role]}”只能看到脱敏后的号码。`, def.reveal)
  }
  const scope = scopeOf(ctx)
  if (!scope || def.scope === 'none' || def.scope === 'area') return
  if (def.scope === 'folder') {
    throw forbidden(ctx.env, ctx.caller, method, `没有权限：这项操作涉及整个数据文件夹，只有管辖全部范围的账号可以使用（您的管辖范围是${scope.name}）。`)
  }
  const outside = (code: string) => !withinPrefix(code, scope.prefix)
  for (const ref of def.scope.place ?? []) {
    const codes = resolve(ctx, input, ref)
    const field = parseRef(ref).path || undefined
    if (codes === 'whole') throw forbidden(ctx.env, ctx.caller, method, `没有权限：所查的记录不属于某个地方，只有管辖全部范围的账号可以查看（您的管辖范围是${scope.name}）。`, field)
    const bad = codes.find(outside)
    if (bad !== undefined) throw forbidden(ctx.env, ctx.caller, method, `没有权限：${placeName(ctx, bad)}不在您的管辖范围（${scope.name}）内。`, field)
  }
  const area = def.scope.area
  if (area) {
    const given = input[area]
    if (given === undefined || given === '') input[area] = ctx.scope
    else if (typeof given === 'string' && outside(given)) {
      throw forbidden(ctx.env, ctx.caller, method, `没有权限：${placeName(ctx, given)}不在您的管辖范围（${scope.name}）内。`, area)
    }
  }
}

/** A copy of `node` with the list at `segs` filtered (the rest shared, never changed in place: it may be cached). */
function withFiltered(node: unknown, segs: readonly string[], keep: (item: unknown) => boolean): unknown {
  if (segs.length === 0) return Array.isArray(node) ? node.filter(keep) : node
  if (node === null || typeof node !== 'object') return node
  const [seg, ...rest] = segs as [string, ...string[]]
  const many = seg.endsWith('[]')
  const key = many ? seg.slice(0, -2) : seg
  const child = (node as Record<string, unknown>)[key]
  const next = many && Array.isArray(child) ? child.map((c) => withFiltered(c, rest, keep)) : withFiltered(child, rest, keep)
  return { ...(node as Record<string, unknown>), [key]: next }
}

/** The output with every declared list narrowed to the items whose places all lie within the caller's division. */
export function filterOutput(ctx: Ctx, method: MethodName, output: unknown): unknown {
  const def: MethodDef = methods[method]
  if (!ctx.caller.account || typeof def.scope !== 'object' || !def.scope.rows) return output
  const scope = scopeOf(ctx)
  if (!scope) return output
  let out = output
  for (const rule of def.scope.rows) {
    const slash = rule.indexOf('/')
    const listPath = rule.slice(0, slash)
    const itemRef = rule.slice(slash + 1)
    const keep = (item: unknown) => {
      const codes = resolve(ctx, item, itemRef)
      return codes !== 'whole' && codes.length > 0 && codes.every((c) => withinPrefix(c, scope.prefix))
    }
    out = withFiltered(out, listPath === '' ? [] : listPath.split('.'), keep)
  }
  return out
}
