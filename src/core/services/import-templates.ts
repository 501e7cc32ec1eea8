// 报送模板: gathers a township's (or a county's) villages, plans and last figures for the template writers.

import type { FileOutput, Input } from '../contract'
import { isValidDate } from '../domain/dates'
import type { Division } from '../domain/types'
import { safeFileName } from '../excel/print-sheet'
import { AppError } from '../errors'
import { type FigureTemplateSheet, figureTemplate, type PlanTemplateVillage, planTemplate, rosterTemplate } from '../import/templates'
import type { Ctx } from './context'
import { contractorNames } from './divisions'

function scopeOf(ctx: Ctx, code: string): { scope: Division; county: Division; townships: Division[] } {
  const d = ctx.division(code)
  if (!d || (d.level !== 'county' && d.level !== 'township')) {
    throw new AppError('not_found', `找不到代码为 ${code} 的县区或乡镇。模板按乡镇或县区生成。`, { where: { field: 'code' } })
  }
  const county = d.level === 'county' ? d : ctx.division(d.parentCode)!
  const townships =
    d.level === 'township'
      ? [d]
      : (ctx.divisions().children.get(d.code) ?? []).map((c) => ctx.division(c)!).filter((t) => t.level === 'township')
  return { scope: d, county, townships }
}

export async function template(ctx: Ctx, input: Input<'imports.template'>): Promise<FileOutput> {
  const { scope, county, townships } = scopeOf(ctx, input.code)
  const settings = ctx.settings()
  const common = { scope: scope.code, creator: settings.unitName || '清洁取暖改造工作台', now: ctx.now() }
  const scopeName = scope.level === 'county' ? scope.name : `${county.name}${scope.name}`

  if (input.kind === 'roster') {
    const villages = townships.flatMap((t) => ctx.villagesUnder(t.code).map((v) => ctx.division(v)!.name))
    return rosterTemplate(
      {
        ...common,
        fileName: safeFileName(`农户花名册_${scopeName}.xlsx`),
        title: `${scopeName}清洁取暖改造农户花名册`,
        unit: `${scope.name}（${scope.code}）`,
        countyName: county.name,
        townshipName: scope.level === 'township' ? scope.name : undefined,
      },
      settings.routes,
      { townships: townships.map((t) => t.name), villages: [...new Set(villages)] },
    )
  }

  if (input.kind === 'plans') {
    const villages: PlanTemplateVillage[] = townships.flatMap((t) =>
      ctx.villagesUnder(t.code).map((code): PlanTemplateVillage => {
        const p = ctx.plan(code)
        const v: PlanTemplateVillage = { townshipName: t.name, code, name: ctx.division(code)!.name }
        if (p) v.plan = { route: p.route, target: p.targetHouseholds, contractor: p.contractor, deadline: p.deadline, figureSource: p.figureSource }
        return v
      }),
    )
    if (villages.length === 0) throw new AppError('invalid_input', `${scopeName}下面没有村，请先导入区划清单。`, { where: { field: 'code' } })
    return planTemplate(
      { ...common, fileName: safeFileName(`任务清单_${scopeName}.xlsx`), title: `${scopeName}清洁取暖改造任务清单`, unit: `${scope.name}（${scope.code}）` },
      settings.routes,
      villages,
      contractorNames(ctx),
    )
  }

  const date = input.date ?? ctx.today()
  if (!isValidDate(date)) throw new AppError('invalid_input', `日期 ${date} 不是有效日期。`, { where: { field: 'date' } })
  const sheets: FigureTemplateSheet[] = []
  for (const t of townships) {
    const sheet: FigureTemplateSheet = { townshipCode: t.code, townshipName: t.name, countyName: county.name, villages: [], householdKept: [] }
    for (const v of ctx.villagesUnder(t.code)) {
      const plan = ctx.plan(v)
      const name = ctx.division(v)!.name
      if (plan?.figureSource === 'counts') {
        const village: FigureTemplateSheet['villages'][number] = { code: v, name, route: plan.route, target: plan.targetHouseholds }
        const last = input.prefill ? ctx.figureAsOf(v, date) : undefined
        if (last) village.last = { counts: last.counts, networkKm: last.networkKm }
        sheet.villages.push(village)
      } else if (plan) sheet.householdKept.push(name)
    }
    if (sheet.villages.length > 0) sheets.push(sheet)
  }
  if (sheets.length === 0) {
    throw new AppError(
      'invalid_input',
      `${scopeName}没有需要填报户数的村：村还没有改造计划，或进度都按农户信息统计。请先在“区划与村庄”中设置改造计划。`,
      { where: { field: 'code' } },
    )
  }
  return figureTemplate(
    { ...common, date, prefilled: input.prefill === true, fileName: safeFileName(`进度日报表_${scopeName}_${date}.xlsx`) },
    settings.routes,
    sheets,
  )
}
