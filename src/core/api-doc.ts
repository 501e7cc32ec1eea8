// Renders docs/API.md from the contract itself, so the document cannot drift from the code.

import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { METHOD_MODULES, methods, type MethodName } from './contract'

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
    out.push(`### \`${name}\`${m.mutates ? ' — writes' : ''}`, '', m.summary, '', 'Input:')
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
