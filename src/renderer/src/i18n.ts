// The one table of UI strings: each key has its Simplified Chinese text first, English second.
// Components call t('key', { params }); "{name}" in a text is replaced by params.name.

const messages = {
  // app shell
  'app.name': ['清洁取暖改造工作台', 'Clean-Heating Retrofit Desk'],
  'app.starting': ['正在打开数据文件夹…', 'Opening the data folder…'],
  'app.version': ['版本 {v}', 'Version {v}'],
  'header.operator': ['操作员：{name}', 'Operator: {name}'],
  'header.noOperator': ['（未设置）', '(not set)'],
  'nav.label': ['主导航', 'Main navigation'],
  'nav.dashboard': ['总览', 'Overview'],
  'nav.divisions': ['区划与村庄', 'Divisions & villages'],
  'nav.households': ['农户', 'Households'],
  'nav.map': ['地图', 'Map'],
  'nav.reports': ['报表', 'Reports'],
  'nav.funds': ['资金', 'Funds'],
  'nav.problems': ['问题台账', 'Problem ledger'],
  'nav.visits': ['走访', 'Field visits'],
  'nav.settings': ['设置', 'Settings'],
  'date.long': ['{y}年{m}月{d}日 {w}', '{y}-{m}-{d} {w}'],
  'date.weekday.0': ['星期日', 'Sunday'],
  'date.weekday.1': ['星期一', 'Monday'],
  'date.weekday.2': ['星期二', 'Tuesday'],
  'date.weekday.3': ['星期三', 'Wednesday'],
  'date.weekday.4': ['星期四', 'Thursday'],
  'date.weekday.5': ['星期五', 'Friday'],
  'date.weekday.6': ['星期六', 'Saturday'],

  // common words
  'common.loading': ['正在加载…', 'Loading…'],
  'common.refreshing': ['正在刷新…', 'Refreshing…'],
  'common.searching': ['正在查找…', 'Searching…'],
  'common.working': ['正在处理…', 'Working…'],
  'common.saving': ['正在保存…', 'Saving…'],
  'common.save': ['保存', 'Save'],
  'common.cancel': ['取消', 'Cancel'],
  'common.close': ['关闭', 'Close'],
  'common.edit': ['修改', 'Edit'],
  'common.retry': ['重试', 'Retry'],
  'common.refresh': ['刷新', 'Refresh'],
  'common.none': ['—', '—'],
  'common.code': ['代码', 'Code'],
  'common.listSep': ['，', ', '],
  'common.prevPage': ['上一页', 'Previous'],
  'common.nextPage': ['下一页', 'Next'],
  'common.pageInfo': ['第 {from}–{to} 条，共 {total} 条', '{from}–{to} of {total}'],

  // places
  'level.city': ['市', 'City'],
  'level.county': ['县区', 'County'],
  'level.township': ['乡镇', 'Township'],
  'level.village': ['村', 'Village'],
  'urc.111': ['主城区', 'main urban area'],
  'urc.112': ['城乡结合区', 'urban–rural fringe'],
  'urc.121': ['镇中心区', 'town centre'],
  'urc.122': ['镇乡结合区', 'town–rural fringe'],
  'urc.123': ['特殊区域', 'special area'],
  'urc.210': ['乡中心区', 'township centre'],
  'urc.220': ['村庄', 'village'],

  // stages (generic names; each route names its stages in the settings)
  'stage.confirmed': ['确户签约', 'Confirmed & signed'],
  'stage.network': ['管网/线路', 'Network'],
  'stage.meter': ['入户装表', 'Meter'],
  'stage.equipment': ['设备安装', 'Equipment'],
  'stage.connected': ['通气/通电', 'Connected'],
  'stage.accepted': ['验收', 'Accepted'],

  // errors
  'error.network': ['无法连接到程序后台，请确认程序仍在运行。', 'Cannot reach the application back end; check that it is still running.'],
  'error.badResponse': ['程序后台的回复无法识别（HTTP {status}）。', 'Unrecognised reply from the back end (HTTP {status}).'],
  'error.where': ['位置：{where}', 'Where: {where}'],
  'error.col.file': ['文件', 'File'],
  'error.col.row': ['行', 'Row'],
  'error.col.column': ['列', 'Column'],
  'error.col.field': ['字段', 'Field'],
  'error.col.problem': ['问题', 'Problem'],
  'where.file': ['文件 {v}', 'file {v}'],
  'where.sheet': ['工作表 {v}', 'sheet {v}'],
  'where.row': ['第 {v} 行', 'row {v}'],
  'where.column': ['{v} 列', 'column {v}'],
  'where.field': ['字段 {v}', 'field {v}'],
  'form.badCount': ['“{label}”应填写不小于 0 的整数，现在是“{value}”。', '“{label}” must be a whole number ≥ 0, not “{value}”.'],
  'form.badKm': ['“{label}”应填写不小于 0 的数字，现在是“{value}”。', '“{label}” must be a number ≥ 0, not “{value}”.'],

  // 总览
  'dashboard.date': ['统计日期', 'As of'],
  'dashboard.backToToday': ['回到今天', 'Back to today'],
  'dashboard.legend': [
    '截至 {date} 的累计户数；比例 = 该阶段户数 ÷ 任务户数（调整任务后可能超过 100%，照实显示）；当日新增 = 当日累计 − 前一日累计。',
    'Cumulative households up to {date}; rate = stage ÷ target households (may exceed 100% after targets were revised; shown as is); today’s increase = today’s cumulative − the previous day’s.',
  ],
  'dashboard.noPlans': [
    '还没有村设置改造计划。请在“区划与村庄”中打开一个村，设置改造路线、任务户数和完成时限，这里就会按县汇总进度。',
    'No village has a retrofit plan yet. Open a village under “Divisions & villages” and set its route, target and deadline; progress is then summed by county here.',
  ],
  'dashboard.routeSummary': ['{villages} 个村，任务 {target} 户', '{villages} villages, target {target} households'],
  'dashboard.col.county': ['县区', 'County'],
  'dashboard.col.target': ['任务户数', 'Target'],
  'dashboard.col.cumulative': ['累计', 'Total'],
  'dashboard.col.rate': ['比例', 'Rate'],
  'dashboard.col.today': ['当日新增', 'Today'],
  'dashboard.col.km': ['管线(km)', 'Network (km)'],
  'dashboard.col.reported': ['上报村数', 'Villages reporting'],
  'dashboard.reportedOf': ['{reported}/{villages}', '{reported}/{villages}'],
  'dashboard.total': ['合计', 'Total'],
  'dashboard.overTarget': ['超过任务户数（任务可能已调整）', 'Above the target (the target may have been revised)'],
  'dashboard.behind.title': ['进度最慢的县', 'Counties furthest behind'],
  'dashboard.behind.rank': ['序号', 'No.'],
  'dashboard.behind.done': ['已通气/通电', 'Connected'],
  'dashboard.behind.rate': ['完成率', 'Completion'],
  'dashboard.behind.remaining': ['剩余户数', 'Remaining'],
  'dashboard.behind.deadline': ['完成时限', 'Deadline'],

  // welcome / demo
  'welcome.title': ['欢迎使用清洁取暖改造工作台', 'Welcome to the Clean-Heating Retrofit Desk'],
  'welcome.text': ['数据文件夹还是空的。开始工作前，请先导入本地区的区划清单（县、乡镇、村）。', 'The data folder is empty. Start by importing your division list (counties, townships, villages).'],
  'welcome.step1': ['导入区划清单（CSV 或 Excel，含 level、code、name、parent_code、urban_rural_code 列）；', 'Import the division list (CSV or Excel with level, code, name, parent_code, urban_rural_code);'],
  'welcome.step2': ['为列入改造的村设置计划：改造路线、任务户数、施工/城燃企业、完成时限；', 'Set a plan for each village in the programme: route, target, contractor, deadline;'],
  'welcome.step3': ['每天录入各村的累计进度，或按农户登记进度，总览自动汇总。', 'Enter each village’s cumulative figures daily, or record households; the overview sums them up.'],
  'welcome.import': ['导入区划清单', 'Import the division list'],
  'welcome.demoNote': ['想先看看效果？“生成演示数据”会生成虚构的县、乡镇、村、计划与进度，只能在空数据文件夹中使用。', 'Just looking? “Generate demo data” creates fictional places, plans and figures; it only works on an empty data folder.'],
  'welcome.dataDir': ['数据文件夹：{dir}', 'Data folder: {dir}'],
  'demo.generate': ['生成演示数据', 'Generate demo data'],

  // 区划与村庄
  'divisions.totals': ['已有 县区 {counties} 个，乡镇 {townships} 个，村 {villages} 个；已定计划 {plans} 个村', '{counties} counties, {townships} townships, {villages} villages; {plans} with plans'],
  'divisions.browse': ['查找与浏览', 'Find & browse'],
  'divisions.path': ['所属区划', 'Location'],
  'divisions.pickHint': ['在左侧区划树中点选，或按名称、代码查找一个县区、乡镇或村。', 'Pick a county, township or village in the tree, or search by name or code.'],
  'divisions.emptyHint': ['还没有区划数据。请先点上方“导入区划清单（CSV 或 Excel）”。', 'No divisions yet. Use “Import the division list” above first.'],
  'divisions.plan.route': ['改造路线', 'Route'],
  'divisions.plan.target': ['任务户数', 'Target households'],
  'divisions.plan.contractor': ['施工/城燃企业', 'Contractor / gas company'],
  'divisions.plan.deadline': ['完成时限', 'Deadline'],
  'divisions.plan.source': ['进度来源', 'Progress from'],
  'import.title': ['导入区划清单（CSV 或 Excel）', 'Import the division list (CSV or Excel)'],
  'import.hide': ['收起导入', 'Hide import'],
  'import.choose': ['选择文件…', 'Choose a file…'],
  'import.working': ['正在导入…', 'Importing…'],
  'import.hint': [
    '文件需含 level、code、name、parent_code、urban_rural_code 列（统计用区划代码：县 6 位、乡镇 9 位、村 12 位）。全部行检查通过才会写入；再次导入同一清单只更新有变化的区划。',
    'Columns: level, code, name, parent_code, urban_rural_code (statistics codes: county 6 digits, township 9, village 12). Nothing is written unless every row passes; importing again only updates what changed.',
  ],
  'import.readFailed': ['无法读取所选文件。', 'Cannot read the chosen file.'],
  'import.nothingImported': ['文件有问题，本次没有导入任何数据。请按下表修改后重新导入。', 'The file has problems; nothing was imported. Fix the rows below and import again.'],
  'import.done': ['已导入 {file}。', 'Imported {file}.'],
  'import.countsPrefix': ['清单共有：', 'The list holds: '],
  'import.counties': ['县 {n} 个', '{n} counties'],
  'import.townships': ['乡镇 {n} 个', '{n} townships'],
  'import.villages': ['村 {n} 个', '{n} villages'],
  'import.changes': ['新增 {added} 个，更新 {updated} 个，未变 {unchanged} 个。', '{added} added, {updated} updated, {unchanged} unchanged.'],
  'search.placeholder': ['按名称或代码查找县区、乡镇、村', 'Find a county, township or village by name or code'],
  'search.count': ['找到 {n} 个', '{n} found'],
  'search.none': ['没有找到。', 'Nothing found.'],
  'tree.empty': ['还没有区划数据。', 'No divisions yet.'],
  'tree.noChildren': ['（无下级区划）', '(no subdivisions)'],
  'tree.expand': ['展开', 'Expand'],
  'tree.collapse': ['收起', 'Collapse'],
  'tree.counts': ['{villages} 村 · 计划 {planned}', '{villages} villages · {planned} planned'],
  'tree.planned': ['已定计划', 'Planned'],
  'area.townships': ['乡镇（街道）', 'Townships'],
  'area.villages': ['村（社区）与改造计划', 'Villages and their plans'],
  'area.plannedVillages': ['已定计划的村', 'Villages with a plan'],
  'area.noVillages': ['没有下属村。', 'No villages.'],
  'area.noPlannedVillages': ['本县区还没有村设置改造计划。打开一个村即可设置。', 'No village in this county has a plan yet. Open a village to set one.'],
  'area.noPlan': ['未定计划', 'No plan'],
  'area.col.villages': ['村数', 'Villages'],
  'area.col.planned': ['已定计划村数', 'Planned'],
  'area.col.latestDate': ['最近上报', 'Last report'],
  'area.col.connected': ['通气/通电', 'Connected'],
  'area.col.rate': ['完成率', 'Completion'],
  'village.info': ['村基本信息', 'Village'],
  'village.plan': ['改造计划', 'Retrofit plan'],
  'village.figures': ['每日进度', 'Daily progress'],
  'village.audit': ['修改记录', 'Change history'],
  'village.name': ['村名称', 'Name'],
  'village.urc': ['城乡分类代码', 'Urban–rural class'],
  'village.urcHint': ['3 位数字，如 220（村庄）、121（镇中心区）；可留空。', '3 digits, e.g. 220 (village), 121 (town centre); may be left empty.'],
  'village.households': ['农户', 'Households'],
  'village.householdsLink': ['{n} 户，查看与登记 →', '{n} households — view and add →'],
  'plan.none': ['这个村还没有改造计划。填写下表并保存即可设置。', 'This village has no plan yet. Fill in the form and save.'],
  'plan.save': ['保存改造计划', 'Save plan'],
  'plan.saved': ['改造计划已保存。', 'Plan saved.'],
  'plan.sourceHint.households': ['（按登记的农户及其当前阶段自动统计）', '(counted from the registered households and their stages)'],
  'plan.sourceHint.counts': ['（每天录入各阶段累计户数）', '(enter each stage’s cumulative count daily)'],
  'figures.needPlan': ['请先设置改造计划（路线决定各阶段名称），再录入进度。', 'Set the plan first (the route names the stages), then enter progress.'],
  'figures.fromHouseholds': [
    '这个村的进度来源是“按农户统计”：各阶段户数由登记的农户及其当前阶段自动生成，不能在这里直接填报。',
    'This village’s progress comes from its households: stage counts are derived from each household’s stage and cannot be entered here.',
  ],
  'figures.goHouseholds': ['去登记农户 →', 'Go to households →'],
  'figures.explain': ['填写截至该日的累计户数（任务 {target} 户）。同一日期再次保存会覆盖当日数字，改前改后记入修改记录。', 'Enter cumulative households up to the date (target {target}). Saving the same date again replaces it; both versions stay in the change history.'],
  'figures.date': ['日期', 'Date'],
  'figures.km': ['管线(km)', 'Network (km)'],
  'figures.save': ['保存当日进度', 'Save figures'],
  'figures.saved': ['{date} 的进度已保存。', 'Figures for {date} saved.'],
  'figures.history': ['进度记录', 'Progress history'],
  'figures.noHistory': ['还没有进度记录。', 'No figures yet.'],
  'figures.source': ['来源', 'Source'],

  // audit trail
  'audit.none': ['还没有修改记录。', 'No changes recorded yet.'],
  'audit.col.at': ['时间', 'Time'],
  'audit.col.who': ['操作员', 'Operator'],
  'audit.col.method': ['操作', 'Operation'],
  'audit.col.what': ['对象', 'Record'],
  'audit.col.before': ['改前', 'Before'],
  'audit.col.after': ['改后', 'After'],
  'audit.created': ['（新建）', '(new)'],
  'audit.deleted': ['（删除）', '(deleted)'],
  'audit.noChange': ['（无变化）', '(unchanged)'],
  'audit.empty': ['（空）', '(empty)'],
  'audit.what.division': ['村信息', 'Village'],
  'audit.what.plan': ['改造计划', 'Plan'],
  'audit.what.figure': ['{date} 进度', 'Figures {date}'],
  'method.settings.update': ['修改设置', 'Change settings'],
  'method.divisions.import': ['导入区划清单', 'Import divisions'],
  'method.villages.update': ['修改村信息', 'Edit village'],
  'method.villages.setPlan': ['设置改造计划', 'Set plan'],
  'method.households.create': ['新增农户', 'Add household'],
  'method.households.update': ['修改农户', 'Edit household'],
  'method.households.get': ['查看农户完整信息', 'View household in full'],
  'method.figures.record': ['录入进度', 'Record figures'],
  'method.demo.generate': ['生成演示数据', 'Generate demo data'],
  'method.backups.restore': ['恢复备份', 'Restore backup'],
  'method.backups.undoRestore': ['撤销恢复', 'Undo restore'],
  'field.code': ['代码', 'Code'],
  'field.name': ['名称', 'Name'],
  'field.level': ['级别', 'Level'],
  'field.parentCode': ['上级代码', 'Parent code'],
  'field.urbanRuralCode': ['城乡分类代码', 'Urban–rural class'],
  'field.villageCode': ['村代码', 'Village code'],
  'field.route': ['改造路线', 'Route'],
  'field.targetHouseholds': ['任务户数', 'Target'],
  'field.contractor': ['施工/城燃企业', 'Contractor'],
  'field.deadline': ['完成时限', 'Deadline'],
  'field.figureSource': ['进度来源', 'Progress from'],
  'field.date': ['日期', 'Date'],
  'field.networkKm': ['管线(km)', 'Network (km)'],
  'field.source': ['来源', 'Source'],
  'field.counts.confirmed': ['确户签约', 'Confirmed'],
  'field.counts.network': ['管网/线路', 'Network'],
  'field.counts.meter': ['入户装表', 'Meter'],
  'field.counts.equipment': ['设备安装', 'Equipment'],
  'field.counts.connected': ['通气/通电', 'Connected'],
  'field.counts.accepted': ['验收', 'Accepted'],
  'field.headName': ['户主', 'Head of household'],
  'field.idNumber': ['身份证号', 'ID number'],
  'field.phone': ['电话', 'Phone'],
  'field.address': ['地址', 'Address'],
  'field.userCode': ['用户编码', 'Customer code'],
  'field.stage': ['当前阶段', 'Stage'],
  'field.meterNo': ['表具号', 'Meter no.'],
  'field.revealed': ['查看了完整信息', 'Viewed in full'],
  'value.figureSource.households': ['按农户统计', 'From households'],
  'value.figureSource.counts': ['直接填报户数', 'Entered counts'],
  'value.source.manual': ['手工录入', 'Entered'],
  'value.source.derived': ['按农户统计', 'From households'],
  'value.source.import': ['导入', 'Imported'],
  'value.stage.none': ['未确户', 'Not confirmed'],
  'value.stage.confirmed': ['确户签约', 'Confirmed'],
  'value.stage.network': ['管网/线路', 'Network'],
  'value.stage.meter': ['入户装表', 'Meter'],
  'value.stage.equipment': ['设备安装', 'Equipment'],
  'value.stage.connected': ['通气/通电', 'Connected'],
  'value.stage.accepted': ['验收', 'Accepted'],
  'value.level.county': ['县区', 'County'],
  'value.level.township': ['乡镇', 'Township'],
  'value.level.village': ['村', 'Village'],

  // 农户
  'households.pickVillage': ['选择村', 'Choose a village'],
  'households.searchVillage': ['按村名或 12 位村代码查找', 'Village name or 12-digit code'],
  'households.pickHint': ['先在左侧查找并选择一个村，或从“区划与村庄”的村页面点“查看与登记”进入。', 'Find and pick a village on the left, or come from a village’s page under “Divisions & villages”.'],
  'households.planLine': ['改造路线：{route}　任务户数：{target}　进度来源：{source}', 'Route: {route}  Target: {target}  Progress from: {source}'],
  'households.noPlan': ['这个村还没有改造计划；登记农户不受影响，设置计划后可按农户统计进度。', 'No plan yet; households can still be registered, and counted once a plan says so.'],
  'households.countsNote': ['本村进度为“直接填报户数”，农户的阶段不会改动每日进度。', 'This village enters its counts directly; household stages do not change its daily figures.'],
  'households.add': ['新增农户', 'Add household'],
  'households.addTitle': ['新增农户', 'New household'],
  'households.editTitle': ['修改农户：{name}', 'Edit household: {name}'],
  'households.listTitle': ['农户名单（{n} 户）', 'Households ({n})'],
  'households.filter': ['按户主、地址、用户编码筛选', 'Filter by name, address or code'],
  'households.privacyNote': [
    '身份证号和电话默认部分隐藏。“显示完整信息”只显示这一户，并会记入修改记录（谁、何时查看）。',
    'ID numbers and phones are partly hidden. “Show in full” shows one household and is recorded in the change history (who viewed it and when).',
  ],
  'households.none': ['没有农户。', 'No households.'],
  'households.reveal': ['显示完整信息', 'Show in full'],
  'households.revealNote': ['将记入修改记录', 'This is recorded in the change history'],
  'households.maskedKept': ['身份证号、电话显示为部分隐藏；不改动时保存会保留原值。', 'ID number and phone are shown masked; saving without changing them keeps the stored values.'],
  'households.stageNone': ['未确户', 'Not confirmed'],
  'households.col.head': ['户主', 'Head of household'],
  'households.col.idNumber': ['身份证号', 'ID number'],
  'households.col.phone': ['电话', 'Phone'],
  'households.col.address': ['地址', 'Address'],
  'households.col.route': ['改造路线', 'Route'],
  'households.col.stage': ['当前阶段', 'Stage'],
  'households.col.actions': ['操作', 'Actions'],

  // 设置
  'settings.general': ['操作员与单位', 'Operator and unit'],
  'settings.operator': ['操作员', 'Operator'],
  'settings.operatorHint': ['每次修改都记下操作员姓名，换人操作时请先改这里。', 'Every change records this name; change it when someone else takes over.'],
  'settings.unitName': ['制表单位', 'Issuing unit'],
  'settings.unitHint': ['报表落款使用，如“临汾市清洁取暖工作领导小组办公室”。', 'Printed on reports.'],
  'settings.saved': ['设置已保存。', 'Settings saved.'],
  'lang.zh-CN': ['简体中文', '简体中文'],
  'lang.en': ['English', 'English'],
  'settings.language': ['界面语言 / Language', 'Language / 界面语言'],
  'settings.languageHint': ['只改变界面文字；数据、报表和错误提示仍为中文。', 'Changes the interface text only; data, reports and messages from the core stay in Chinese.'],
  'settings.demo': ['演示数据', 'Demo data'],
  'settings.demoText': ['数据文件夹是空的，可以生成一套虚构的演示数据（县、乡镇、村、计划、农户与进度）来熟悉操作。', 'The data folder is empty: you can generate fictional demo data to try things out.'],
  'settings.demoDisabled': ['数据文件夹中已有数据，不能再生成演示数据（以免与真实数据混在一起）。', 'The data folder already holds data, so demo data cannot be generated (it would mix with real data).'],
  'backups.title': ['备份与恢复', 'Backups'],
  'backups.explain': ['程序会定时自动备份，也可以随时手动备份。恢复前会先自动备份当前数据，恢复后可以撤销。', 'Backups are taken automatically and on demand. Restoring first backs up the current data, and can be undone.'],
  'backups.create': ['立即备份', 'Back up now'],
  'backups.created': ['已备份（{at}）。', 'Backed up ({at}).'],
  'backups.undo': ['撤销恢复', 'Undo restore'],
  'backups.undone': ['已撤销最近一次恢复，数据回到恢复前的状态。', 'The last restore was undone.'],
  'backups.restore': ['恢复', 'Restore'],
  'backups.restored': ['已恢复到 {at} 的备份。', 'Restored the backup of {at}.'],
  'backups.none': ['还没有备份。', 'No backups yet.'],
  'backups.confirmTitle': ['恢复备份', 'Restore a backup'],
  'backups.confirmText': ['确定要把数据恢复到 {at} 的备份（{reason}）吗？', 'Restore the data to the backup of {at} ({reason})?'],
  'backups.confirmSafety': ['恢复前会先自动备份当前数据；如果恢复错了，可以点“撤销恢复”。', 'The current data is backed up first; “Undo restore” takes you back.'],
  'backups.col.at': ['备份时间', 'Time'],
  'backups.col.reason': ['类型', 'Kind'],
  'backups.col.note': ['备注', 'Note'],
  'backups.col.size': ['大小', 'Size'],
  'backups.col.actions': ['操作', 'Actions'],
  'backups.reason.auto': ['自动', 'Automatic'],
  'backups.reason.manual': ['手动', 'Manual'],
  'backups.reason.pre-restore': ['恢复前', 'Before restore'],
  'backups.reason.pre-migration': ['升级前', 'Before upgrade'],
  'recent.title': ['最近操作', 'Recent operations'],
  'recent.none': ['还没有操作记录。', 'No operations yet.'],
  'recent.col.changes': ['改动条数', 'Records changed'],
  'recent.col.key': ['涉及记录', 'First record'],

  // pages of later releases
  'planned.map': ['地图（县界、乡镇和村的位置、各村进度着色，可离线使用）将在 v0.4 版本提供。', 'The map (county boundaries, township and village points coloured by progress, usable offline) comes in v0.4.'],
  'planned.reports': ['报表（日报、周通报、旬例会导出）将在 v0.3 版本提供。', 'Reports (daily report, weekly bulletin, ten-day meeting pack, Excel export) come in v0.3.'],
  'planned.funds': ['资金（押金收退、设备与运行补贴、发放批次与花名册）将在 v0.5 版本提供。', 'Funds (deposits, equipment and running subsidies, payment batches and rosters) come in v0.5.'],
  'planned.problems': ['问题台账（问题登记、责任单位、整改时限、销号跟踪）将在 v0.4 版本提供。', 'The problem ledger (problems, responsible units, deadlines, closing) comes in v0.4.'],
  'planned.visits': ['走访（督导调研计划、随机抽村、入户记录）将在 v0.4 版本提供。', 'Field visits (inspection plans, random village draws, household notes) come in v0.4.'],
  'planned.meanwhile': ['当前版本可以使用：总览、区划与村庄、农户、设置。', 'Available now: Overview, Divisions & villages, Households, Settings.'],
} as const satisfies Record<string, readonly [string, string]>

export type MessageKey = keyof typeof messages
export const LANGS = ['zh-CN', 'en'] as const
export type Lang = (typeof LANGS)[number]

const LANG_KEY = 'clean-heating-desk.lang'

function currentLang(): Lang {
  try {
    return window.localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

let lang: Lang = typeof window === 'undefined' ? 'zh-CN' : currentLang()

export function getLang(): Lang {
  return lang
}

/** Switches the interface language; the caller reloads the page so every text is redrawn. */
export function setLang(next: Lang): void {
  lang = next
  window.localStorage.setItem(LANG_KEY, next)
}

export function applyDocumentLanguage(): void {
  document.documentElement.lang = lang
  document.title = t('app.name')
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const pair = messages[key]
  return fill(lang === 'en' ? pair[1] : pair[0], params)
}

/** For keys built from data (a method name, a field): the text if the table has it, else fallback. */
export function tOr(key: string, fallback: string, params?: Record<string, string | number>): string {
  return key in messages ? t(key as MessageKey, params) : fallback
}
