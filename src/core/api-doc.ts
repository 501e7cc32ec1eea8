// Renders docs/API.md from the contract itself, so the document cannot drift from the code.

import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { METHOD_MODULES, methods, type MethodName } from './contract'
import { INPUT_BYTES, INPUT_MAX_DEPTH, INPUT_MAX_VALUES, UPLOAD_INPUT_BYTES, UPLOAD_METHODS } from './input-limits'
import { PERMISSION_NAMES, PERMISSIONS, ROLE_NAMES, ROLES } from './domain/roles'
import type { MethodDef } from './methods/schemas'

const MiB = 1024 * 1024

export interface ContractSource {
  /** module name under src/core/methods */
  module: string
  text: string
}

/** The text of every method module, in contract order; `root` is the project folder. */
export function readContractSources(root: string): ContractSource[] {
  return METHOD_MODULES.map((module) => ({
    module,
    text: fs.readFileSync(path.join(root, 'src/core/methods', `${module}.ts`), 'utf8'),
  }))
}

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  pattern?: string
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ')
  if (s.const !== undefined) return JSON.stringify(s.const)
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ')
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'unknown'}[]`
  if (s.type === 'object') return 'object'
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'unknown')
}

function limits(s: JsonSchema): string {
  const out: string[] = []
  if (s.pattern) out.push(`pattern \`${s.pattern}\``)
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`)
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) out.push(`≤ ${s.maximum}`)
  if (s.minLength !== undefined && s.minLength > 0) out.push(`length ≥ ${s.minLength}`)
  if (s.maxLength !== undefined) out.push(`length ≤ ${s.maxLength}`)
  if (s.minItems !== undefined && s.minItems === s.maxItems) out.push(`exactly ${s.minItems} items`)
  else {
    if (s.minItems !== undefined && s.minItems > 0) out.push(`≥ ${s.minItems} items`)
    if (s.maxItems !== undefined) out.push(`≤ ${s.maxItems} items`)
  }
  return out.join(', ')
}

function fields(s: JsonSchema, indent: string, out: string[]): void {
  const req = new Set(s.required ?? [])
  for (const [name, p] of Object.entries(s.properties ?? {})) {
    const lim = limits(p)
    out.push(`${indent}- \`${name}\`: ${typeOf(p)}${req.has(name) ? '' : ' (optional)'}${lim ? ` — ${lim}` : ''}`)
    const inner = p.type === 'array' ? p.items : p
    if (inner?.type === 'object' && inner.properties) fields(inner, `${indent}  `, out)
  }
}

/** Who may call a method, and how the caller's division applies to it. */
function accessLine(m: MethodDef): string {
  const roles = m.access === 'public' ? '不需登录' : (PERMISSIONS[m.access] as readonly string[]).map((r) => ROLE_NAMES[r as keyof typeof ROLE_NAMES]).join('、')
  const scope =
    m.scope === 'none'
      ? 'not tied to a place'
      : m.scope === 'folder'
        ? 'the whole folder: accounts over the whole area only'
        : m.scope === 'area'
          ? "gathered over the caller's division (本级, or the account's county or township)"
          : [
              m.scope.place ? `places named: ${m.scope.place.map((p) => `\`${p}\``).join(', ')}` : '',
              m.scope.area ? `area: \`${m.scope.area}\` (absent: the caller's division)` : '',
              m.scope.rows ? `lists narrowed: ${m.scope.rows.map((p) => `\`${p}\``).join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; ')
  const extras = [m.reveal ? `\`${m.reveal}: true\` needs “${PERMISSION_NAMES.reveal}”, audited` : '', m.session ? `${m.session === 'start' ? 'starts' : 'ends'} the session` : '']
  return [`Access: **${PERMISSION_NAMES[m.access]}** (\`${m.access}\`: ${roles}) · scope: ${scope}`, ...extras.filter(Boolean)].join(' · ')
}

/** The role table: each permission and the roles holding it. */
function roleTable(): string[] {
  const head = `| permission | ${ROLES.map((r) => ROLE_NAMES[r]).join(' | ')} |`
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`
  const rows = (Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).map(
    (p) => `| ${PERMISSION_NAMES[p]} (\`${p}\`) | ${ROLES.map((r) => ((PERMISSIONS[p] as readonly string[]).includes(r) ? '✓' : '')).join(' | ')} |`,
  )
  return [head, rule, ...rows]
}

/** Output types are quoted verbatim from the method modules' sources. */
export function renderApiDoc(sources: ContractSource[]): string {
  const out: string[] = [
    '# API',
    '',
    '<!-- Generated from src/core/methods/*.ts by `npm run docs:api`; a unit test keeps it in step. -->',
    '',
    'Every user action is one method. Shells call it the same way:',
    '',
    '- Electron: `ipcRenderer.invoke(\'api\', method, input)` through the preload bridge;',
    '- browser mode: `POST /api/<method>` with the input as a JSON body (`Content-Type: application/json`);',
    '- scripts and tests: `new Core({ dataDir }).call(method, input)`.',
    '',
    'The reply is `{ "ok": true, "result": … }` or `{ "ok": false, "error": { code, message, where, details } }`;',
    '`message` is Chinese and meant for the user, `where` names the file, sheet, row, column or field.',
    'Methods marked **writes** are recorded in the audit trail (who, when, method, before/after).',
    '',
    '## Browser mode over HTTP',
    '',
    'Every refusal is `{ "ok": false, "error": … }` with a Chinese message (plain text for page addresses);',
    'the core sees a request only once every check of the server has passed.',
    '',
    '| status | when |',
    '|---|---|',
    '| 400 | a malformed address (bad `%` encoding, `..`, `\\`, NUL), header (Host missing, a header sent twice) or body (not UTF-8, not JSON); the core refusing the input (`invalid_input`, `conflict`, `import_rejected` …) |',
    '| 401 | a folder with accounts and no valid session (every method but `auth.login`); a wrong log-in name or password |',
    '| 403 | `Origin` (or, without one, `Sec-Fetch-Site`/`Referer`) is not this page: another site, `null`, unparsable; the caller\'s role or division does not allow the call (`forbidden`) |',
    '| 404 | no such method; no such asset |',
    '| 405 | not `POST` (the API) or not `GET`/`HEAD` (the page) |',
    '| 408 | headers or body too slow |',
    `| 413 | body over its method's limit (checked against \`Content-Length\` first, then while it arrives): ${UPLOAD_INPUT_BYTES / MiB} MB for methods marked **upload**, ${INPUT_BYTES / MiB} MB for the rest; nesting deeper than ${INPUT_MAX_DEPTH}, or more than ${INPUT_MAX_VALUES.toLocaleString('en')} elements |`,
    '| 415 | not `Content-Type: application/json` (UTF-8) |',
    '| 421 | the `Host` is not one this server answers to (see README, `--allow-host`) |',
    '| 429 | too many failed log-ins: wait, or the name is locked for a while (`rate_limited`) |',
    '| 431 | headers over 16 KB |',
    '| 500 | an internal error (written to the server\'s log) |',
    '| 503 | the data folder cannot be opened, uploads in progress exceed the server\'s memory budget, or it is stopping |',
    '',
    '## Accounts and roles',
    '',
    'A folder with accounts (the first is an administrator, created in 设置 → 账号) answers only',
    '`auth.login` without a session: 401 `unauthenticated` otherwise. Each method below names the',
    'permission its caller\'s role must hold (403 `forbidden` otherwise, before the request body is',
    'read) and how the caller\'s division (scope) applies: places the input names must lie within it,',
    'a summary\'s area defaults to it, lists in the answer are narrowed to it; a method of the whole',
    'folder needs an account over the whole area. A folder without accounts (one PC) lets its user do',
    'everything. Repeated failed log-ins answer 429 `rate_limited`.',
    '',
    ...roleTable(),
    '',
    '## Methods',
    '',
  ]
  const outputs = new Map<string, string>()
  for (const { text } of sources) {
    const block = /export interface \w*Outputs \{([\s\S]*?)\n\}/.exec(text)?.[1] ?? ''
    for (const m of block.matchAll(/^\s*'([\w.]+)': (.+)$/gm)) outputs.set(m[1]!, m[2]!.trim())
  }
  for (const name of Object.keys(methods) as MethodName[]) {
    const m = methods[name]
    const schema = z.toJSONSchema(m.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema
    const marks = [m.mutates ? 'writes' : '', UPLOAD_METHODS.has(name) ? 'upload' : ''].filter(Boolean).join(', ')
    out.push(`### \`${name}\`${marks ? ` — ${marks}` : ''}`, '', m.summary, '', accessLine(m), '', 'Input:')
    const lines: string[] = []
    fields(schema, '', lines)
    out.push(...(lines.length ? lines : ['- (none)']), '', `Output: \`${outputs.get(name) ?? 'unknown'}\``, '')
  }
  out.push('## Output types', '', 'Quoted from `src/core/methods/*.ts` (domain types are in `src/core/domain/`).', '')
  for (const { module, text } of sources) {
    const start = text.indexOf('// ---- outputs ----')
    const body = start === -1 ? '' : text.slice(start + '// ---- outputs ----'.length).trim()
    if (!body) continue
    out.push(`### ${module}`, '', '```ts', body, '```', '')
  }
  return out.join('\n')
}
