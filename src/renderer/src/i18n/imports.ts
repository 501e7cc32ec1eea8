// UI strings of 报送导入 (township submissions): zh-CN first, English second.

import type { Messages } from './types'

export const importsMessages = {
  'nav.imports': ['报送导入', 'Submissions'],
  'method.imports.commit': ['导入乡镇报送', 'Import submissions'],
  'field.meterType': ['燃气表类型', 'Meter type'],
  'imports.nameSep': ['、', ', '],

  // templates
  'imports.templates': ['下载报送模板', 'Templates for townships'],
  'imports.templateHint': [
    '发给乡镇填写的 Excel 模板：进度日报表已列出该乡镇需要填报户数的村；选全县时每个乡镇一张工作表。模板中有隐藏的标记，导入时自动识别。',
    'Excel forms for townships to fill in: the daily form lists the township’s villages that report counts; for a whole county, one sheet per township. A hidden marker lets the importer recognise them.',
  ],
  'imports.kind': ['模板', 'Template'],
  'imports.kind.figures': ['进度日报表', 'Daily figures'],
  'imports.kind.roster': ['农户花名册', 'Household roster'],
  'imports.county': ['县区', 'County'],
  'imports.township': ['乡镇', 'Township'],
  'imports.wholeCounty': ['全县（每个乡镇一张工作表）', 'Whole county (one sheet per township)'],
  'imports.wholeCountyRoster': ['全县', 'Whole county'],
  'imports.pickCounty': ['请选择县区', 'Choose a county'],
  'imports.date': ['填报日期', 'Report date'],
  'imports.makeTemplate': ['生成模板', 'Make template'],
  'imports.templateSaved': ['已生成 {file}', 'Saved {file}'],
  'imports.noDivisions': ['还没有区划数据：请先在“区划与村庄”中导入区划清单。', 'No divisions yet: import the division list under “Divisions & villages” first.'],

  // picking files
  'imports.pick': ['导入报送文件', 'Import submitted files'],
  'imports.pickHint': [
    '选择一个或几个文件，或一个文件夹（当天各乡镇报来的全部文件）。支持 .xlsx 和 CSV（UTF-8 或 GBK）；旧版 .xls、WPS .et 请先另存为 .xlsx。先预览，确认后才写入。',
    'Pick one or more files, or a folder (the day’s files from all townships). .xlsx and CSV (UTF-8 or GBK) are read; save old .xls or WPS .et as .xlsx first. You see a preview; nothing is stored until you confirm.',
  ],
  'imports.chooseFiles': ['选择文件…', 'Choose files…'],
  'imports.chooseFolder': ['选择文件夹…', 'Choose a folder…'],
  'imports.reading': ['正在读取 {n}/{total}：{file}', 'Reading {n}/{total}: {file}'],
  'imports.reviewing': ['正在核对全部文件…', 'Checking all files…'],
  'imports.stop': ['停止', 'Stop'],
  'imports.stopped': ['已停止，未导入任何数据。', 'Stopped; nothing was imported.'],
  'imports.skippedFiles': ['已略过 {n} 个非报送文件（临时文件、系统文件）：{names}', 'Skipped {n} files that are not submissions (temporary or system files): {names}'],
  'imports.noFiles': ['所选文件夹中没有文件。', 'The chosen folder has no files.'],

  // review
  'imports.review': ['导入预览', 'Preview'],
  'imports.summary.files': [
    '共 {files} 个文件：{ok} 个可以导入，{rejected} 个不能导入，{duplicate} 个以前已导入过。',
    '{files} files: {ok} can be imported, {rejected} cannot, {duplicate} were imported before.',
  ],
  'imports.summary.figures': [
    '村进度：新增 {added} 条，与已有数据不同 {updated} 条，与已有相同 {unchanged} 条，有错误不导入 {rejected} 条。',
    'Village figures: {added} new, {updated} differ from stored, {unchanged} unchanged, {rejected} refused (errors).',
  ],
  'imports.summary.households': [
    '农户：新增 {added} 户，信息有变化 {updated} 户，没有变化 {unchanged} 户，有错误不导入 {rejected} 户。',
    'Households: {added} new, {updated} changed, {unchanged} unchanged, {rejected} refused (errors).',
  ],
  'imports.summary.problems': [
    '错误 {errors} 处（这些行或表不导入），提醒 {warnings} 处（照常导入，请核对）。',
    '{errors} errors (those rows or sheets are not imported), {warnings} warnings (imported as written; please check).',
  ],
  'imports.derived': ['{n} 个按农户统计的村，今天的进度将按导入后的农户重新计算。', '{n} household-kept villages get today’s figure recomputed from the imported households.'],
  'imports.conflict.title': ['{n} 个村在该日已有不同的数据', '{n} villages already have different figures for that day'],
  'imports.conflict.replace': ['替换为这次的数字（原数字保留在修改记录中）', 'Replace with these figures (the old ones stay in the history)'],
  'imports.conflict.skip': ['跳过，保留已有数字（只导入该日还没有数据的村）', 'Skip: keep the stored figures (import only villages without a figure that day)'],
  'imports.unreported': ['{date}：导入后仍有 {n} 个乡镇未上报（共 {expected} 个应报）：', '{date}: {n} of {expected} townships still have not reported after this import:'],
  'imports.allReported': ['{date}：{expected} 个应报乡镇都已上报。', '{date}: all {expected} townships have reported.'],
  'imports.commitCount': ['确认导入（写入 {n} 条）', 'Import ({n} records)'],
  'imports.nothingToStore': ['没有需要写入的数据', 'Nothing to store'],
  'imports.cancel': ['取消', 'Cancel'],
  'imports.cancelled': ['已取消，未导入任何数据。', 'Cancelled; nothing was imported.'],

  // files table
  'imports.col.file': ['文件', 'File'],
  'imports.col.sheet': ['工作表', 'Sheet'],
  'imports.col.township': ['乡镇', 'Township'],
  'imports.col.date': ['日期', 'Date'],
  'imports.col.added': ['新增', 'New'],
  'imports.col.updated': ['不同', 'Differ'],
  'imports.col.unchanged': ['相同', 'Same'],
  'imports.col.rejected': ['不导入', 'Refused'],
  'imports.col.problems': ['错误/提醒', 'Errors/warnings'],
  'imports.col.status': ['状态', 'Status'],
  'imports.status.ok': ['可导入', 'Ready'],
  'imports.status.rejected': ['不导入', 'Not imported'],
  'imports.sheetRefused': ['整表不导入', 'Sheet not imported'],
  'imports.status.duplicate': ['已导入过', 'Imported before'],
  'imports.earlier': ['{at} 已导入过该乡镇当天的“{file}”', '“{file}” for this township and day was imported at {at}'],
  'imports.showDetail': ['明细', 'Details'],
  'imports.hideDetail': ['收起', 'Hide'],
  'imports.kindLabel.figures': ['进度', 'Figures'],
  'imports.kindLabel.roster': ['花名册', 'Roster'],

  // detail
  'imports.col.row': ['行', 'Row'],
  'imports.col.village': ['村', 'Village'],
  'imports.col.change': ['情况', 'Change'],
  'imports.col.km': ['管线(km)', 'Network (km)'],
  'imports.col.head': ['户主', 'Head'],
  'imports.col.idNumber': ['身份证号', 'ID number'],
  'imports.col.stage': ['当前阶段', 'Stage'],
  'imports.rowStatus.new': ['新增', 'New'],
  'imports.rowStatus.updated': ['与已有不同', 'Differs'],
  'imports.rowStatus.unchanged': ['相同', 'Same'],
  'imports.rowStatus.refused': ['不导入', 'Not imported'],
  'imports.rowWarnings': ['提醒 {n}', '{n} warnings'],
  'imports.stored': ['已有：{v}', 'Stored: {v}'],
  'imports.moreHouseholds': ['只列出前 {n} 户。', 'Only the first {n} households are listed.'],

  // problems
  'imports.problems': ['问题清单', 'Problems'],
  'imports.problemsLegend': [
    '错误：该行不导入；写在表头上方或文件本身的错误，整张表或整个文件不导入。提醒：照常导入（按所填，不截断），请核对。',
    'Error: that row is not imported; an error above the table or in the file itself keeps out the whole sheet or file. Warning: imported as written (never clipped); please check.',
  ],
  'imports.filter.all': ['全部 {n}', 'All {n}'],
  'imports.filter.error': ['错误 {n}', 'Errors {n}'],
  'imports.filter.warning': ['提醒 {n}', 'Warnings {n}'],
  'imports.col.severity': ['类型', 'Type'],
  'imports.col.column': ['列', 'Column'],
  'imports.col.message': ['说明', 'What'],
  'imports.severity.error': ['错误', 'Error'],
  'imports.severity.warning': ['提醒', 'Warning'],
  'imports.noProblems': ['没有发现问题。', 'No problems found.'],
  'imports.moreProblems': ['另有 {n} 条未列出。', '{n} more not listed.'],

  // result
  'imports.done': ['导入完成（第 {id} 批）', 'Imported (batch {id})'],
  'imports.doneNothing': ['没有写入任何数据：所有数字与已有数据相同，或都已跳过。', 'Nothing was written: every figure matched the stored one, or was skipped.'],
  'imports.done.figures': [
    '村进度：新增 {added} 条，替换 {replaced} 条，相同 {unchanged} 条，跳过 {skipped} 条，有错误未导入 {rejected} 条。',
    'Village figures: {added} new, {replaced} replaced, {unchanged} unchanged, {skipped} skipped, {rejected} refused.',
  ],
  'imports.done.households': [
    '农户：新增 {added} 户，更新 {updated} 户，没有变化 {unchanged} 户，有错误未导入 {rejected} 户。',
    'Households: {added} new, {updated} updated, {unchanged} unchanged, {rejected} refused.',
  ],
  'imports.toDashboard': ['查看总览', 'Open the overview'],
  'imports.again': ['继续导入', 'Import more'],

  // history
  'imports.history': ['最近的导入', 'Recent imports'],
  'imports.historyNone': ['还没有导入过报送文件。', 'No submissions imported yet.'],
  'imports.col.at': ['时间', 'Time'],
  'imports.col.who': ['操作人', 'By'],
  'imports.col.batch': ['批次', 'Batch'],
  'imports.col.skipped': ['跳过', 'Skipped'],
} as const satisfies Messages
