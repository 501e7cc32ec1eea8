// Operator, office name, the office's own level (本级), routes and stage names: data the office edits.

import type { Input } from '../contract'
import { isAreaLevel } from '../domain/office-area'
import type { Settings } from '../domain/types'
import { STAGE_KEYS } from '../domain/types'
import { AppError } from '../errors'
import type { Ctx } from './context'

export function update(ctx: Ctx, input: Input<'settings.update'>): Settings {
  const current = ctx.settings()
  const next: Settings = { ...current }
  if (input.operator !== undefined) next.operator = input.operator
  if (input.unitName !== undefined) next.unitName = input.unitName
  if (input.officeCode !== undefined) {
    if (input.officeCode === '') delete next.officeCode
    else {
      const d = ctx.division(input.officeCode)
      if (!d) throw new AppError('not_found', `区划清单中没有代码为 ${input.officeCode} 的区划，请先导入区划清单。`, { where: { field: 'officeCode' } })
      if (!isAreaLevel(d.level)) throw new AppError('invalid_input', `本级应为市、县（市、区）或乡镇（街道），${d.name}是村。`, { where: { field: 'officeCode' } })
      next.officeCode = d.code
    }
  }
  if (input.backupsKept !== undefined) next.backupsKept = input.backupsKept
  if (input.routes) {
    const ids = new Set<string>()
    const names = new Set<string>()
    for (const [i, r] of input.routes.entries()) {
      if (ids.has(r.id)) {
        throw new AppError('invalid_input', `改造路线编号“${r.id}”重复。`, { where: { field: `routes.${i}.id` } })
      }
      if (names.has(r.name)) {
        throw new AppError('invalid_input', `改造路线名称“${r.name}”重复。`, { where: { field: `routes.${i}.name` } })
      }
      ids.add(r.id)
      names.add(r.name)
      if (r.stages.map((st) => st.key).join() !== STAGE_KEYS.join()) {
        throw new AppError('invalid_input', `改造路线“${r.name}”的阶段顺序应为：确户、管网/线路、入户/表、设备、通气/通电、验收。`, {
          where: { field: `routes.${i}.stages` },
        })
      }
    }
    // A route still used by a plan or a household cannot disappear.
    const removed = current.routes.filter((r) => !ids.has(r.id))
    if (removed.length > 0) {
      const users = [
        { collection: 'plans', what: '村的改造计划' },
        { collection: 'households', what: '农户' },
      ] as const
      for (const r of removed) {
        for (const u of users) {
          for (const rec of ctx.store.values(u.collection)) {
            if (rec.route === r.id) {
              throw new AppError('conflict', `改造路线“${r.name}”仍有${u.what}在使用，不能删除。`, { where: { field: 'routes' } })
            }
          }
        }
      }
    }
    next.routes = input.routes.map((r) => ({ id: r.id, name: r.name, stages: r.stages.map((s) => ({ ...s })) }))
  }
  // The "who" of this very change is the operator before the change.
  ctx.write((tx) => tx.put('settings', 'settings', next))
  return next
}
