// Township files in layouts the project's own templates never use, built here as offices make
// them: group titles over merged two-row headers, headers with extra words, a stage column missing,
// codes for headers, dates only in file names in each short form or nowhere, GBK and tab-separated
// CSV, several sheets, summary sheets, notes, 小计 and 合计 rows, townships merged down a column.
// Each case asserts the exact figures stored (after the office confirms the columns where the
// preview holds the sheet as 待确认) or the exact refusal; then the batch is undone, and the data
// must be exactly as before.

import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/core/api'
import type { ImportReview, MappedColumn } from '../../src/core/contract'
import { MAPPED_COLUMNS } from '../../src/core/domain/column-mapping'
import {
  type Cell,
  county,
  csvLine,
  NEW,
  PREV,
  PREV_DAY,
  preview,
  stored,
  TODAY,
  TUNLI_KEYS,
  upload,
  type Upload,
  VILLAGES,
  type VKey,
  workbook,
} from './helpers/county'

type Problem = { severity: 'error' | 'warning'; message: string; where: Record<string, unknown> }

interface Case {
  name: string
  files: () => Promise<Upload[]>
  /** 报送日期 chosen in the preview */
  date?: string
  /** sheets the preview must hold as 待确认, with their exact message, before any confirmation */
  pending?: Array<{ sheet: string; message: string }>
  /** columns the office confirms, per sheet key: 'asRead' takes the preview's reading, else index → choice */
  confirm?: Record<string, 'asRead' | Record<number, MappedColumn>>
  /** the exact problems of the final preview, per file (by index) */
  problems?: Record<number, Problem[]>
  /** the figures stored, exactly: date → village → [six stages, km]; nothing else may change */
  stored: Record<string, Partial<Record<VKey, readonly number[]>>>
}

const err = (message: string, where: Record<string, unknown>): Problem => ({ severity: 'error', message, where })
const warn = (message: string, where: Record<string, unknown>): Problem => ({ severity: 'warning', message, where })
const xlsxFile = async (fileName: string, ...sheets: Parameters<typeof workbook>[0]) => upload(fileName, await workbook(sheets))
const csvFile = (fileName: string, rows: Cell[][], opts: { gbk?: boolean; sep?: string; bom?: boolean } = {}) => {
  const text = rows.map((r) => csvLine(r, opts.sep)).join('\r\n')
  if (opts.gbk) return upload(fileName, iconv.encode(text, 'gbk'))
  return upload(fileName, (opts.bom ? '\ufeff' : '') + text)
}

/** A village's name and its figure (11-20 unless given), as a row starts after 序号. */
const named = (k: VKey, f: readonly (number | string | null)[] = NEW[k]) => [VILLAGES[k].name, ...f]
const numbered = (keys: VKey[], f: (k: VKey) => readonly (number | string | null)[] = (k) => NEW[k]) => keys.map((k, i) => [i + 1, ...named(k, f(k))])
const only = (keys: VKey[], f: (k: VKey) => readonly number[] = (k) => NEW[k]) => Object.fromEntries(keys.map((k) => [k, f(k)]))
const STAGES = ['确户签约', '庭院管网', '入户装表', '壁挂炉安装', '点火通气', '验收']
const ELECTRIC = ['确户签约', '线路改造', '户表安装', '设备安装', '通电', '验收']
const TITLE = '屯里镇清洁取暖改造进度'
const DATED = '填报日期：2026年11月20日'
/** 11-20 with one stage as it was on 11-19 (a column the layout has not got). */
const withPrev = (k: VKey, stage: number) => NEW[k].map((v, i) => (i === stage ? PREV[k]![i]! : v))

const cases: Case[] = [
  // ---------------------------------------------------------------- header layouts
  {
    name: 'a group title over merged stage columns, two of them named only in words (held, then confirmed as guessed)',
    files: async () => [
      await xlsxFile('屯里镇工程进度.xlsx', {
        name: '进度',
        rows: [
          ['屯里镇清洁取暖改造工程进度表（截至2026年11月20日）'],
          ['填报单位：屯里镇人民政府'],
          ['序号', '村名', '任务户数', '工程进度（累计）', null, null, null, null, null, '管线（公里）'],
          [null, null, null, '签约户数', '管网完成', '户内安装（表）', '壁挂炉', '点火通气', '竣工验收', null],
          ...TUNLI_KEYS.map((k, i) => [i + 1, VILLAGES[k].name, VILLAGES[k].target, ...NEW[k]]),
        ],
        merges: ['A1:J1', 'A3:A4', 'B3:B4', 'C3:C4', 'D3:I3', 'J3:J4'],
      }),
    ],
    pending: [
      {
        sheet: '0:0',
        message:
          '本表的列需要确认（待确认）：“管网完成”按“管网/线路”猜测、“户内安装（表）”按“入户装表”猜测。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
    ],
    confirm: { '0:0': 'asRead' },
    problems: { 0: [] },
    stored: { [TODAY]: only(TUNLI_KEYS) },
  },
  {
    name: 'a one-row header with extra words (已…户数（户）, …铺设完成户数, 燃气表安装户数) and the day in the file name (10.12 form)',
    files: async () => [
      await xlsxFile('屯里镇-11.20.xlsx', {
        name: 'Sheet1',
        rows: [
          ['序号', '村庄名称', '已签约户数（户）', '庭院管网铺设完成户数', '燃气表安装户数', '壁挂炉安装户数', '已点火通气户数', '已验收户数', '管网长度(km)'],
          ...numbered(['han', 'gou', 'jia']),
        ],
      }),
    ],
    pending: [
      {
        sheet: '0:0',
        message:
          '本表的列需要确认（待确认）：“庭院管网铺设完成户数”按“管网/线路”猜测、“燃气表安装户数”按“入户装表”猜测。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
    ],
    confirm: { '0:0': 'asRead' },
    problems: {
      0: [
        warn('表内没有填报日期，按文件名中的日期 2026-11-20 导入。', { file: '屯里镇-11.20.xlsx', sheet: 'Sheet1' }),
      ],
    },
    stored: { [TODAY]: only(['han', 'gou', 'jia']) },
  },
  {
    name: 'a layout without a 验收 column: held until the office confirms it has none; then each village keeps its 11-19 验收',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['序号', '村名称', ...STAGES.slice(0, 5), '管线公里数'], ...numbered(['han', 'gou'], (k) => [...NEW[k].slice(0, 5), NEW[k][6]])],
      }),
    ],
    pending: [
      {
        sheet: '0:0',
        message: '本表的列需要确认（待确认）：没有找到“验收”这一列。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
    ],
    confirm: { '0:0': 'asRead' },
    problems: { 0: [warn('按已确认的列对应，本表没有“验收”列：各村这一项沿用上次的数（没有上次的按 0）。', { file: '屯里镇.xlsx', sheet: '日报', row: 3 })] },
    stored: { [TODAY]: { han: withPrev('han', 5), gou: withPrev('gou', 5) } },
  },
  {
    name: 'headers that are only codes (指标1…指标7): nothing read until the office maps every column',
    files: async () => [
      await xlsxFile('屯里镇指标.xlsx', {
        name: '报表',
        rows: [[DATED], ['村名', '指标1', '指标2', '指标3', '指标4', '指标5', '指标6', '指标7'], ...TUNLI_KEYS.map((k) => named(k))],
      }),
    ],
    pending: [
      {
        sheet: '0:0',
        message:
          '本表的列需要确认（待确认）：没有找到“确户签约”“管网/线路”“入户装表”“设备安装”“点火通气/通电”“验收”这几列；“指标1”、“指标2”、“指标3”、“指标4”、“指标5”、“指标6”、“指标7”没有识别。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
    ],
    confirm: { '0:0': { 1: 'confirmed', 2: 'network', 3: 'meter', 4: 'equipment', 5: 'connected', 6: 'accepted', 7: 'networkKm' } },
    problems: { 0: [] },
    stored: { [TODAY]: only(TUNLI_KEYS) },
  },
  {
    name: 'a header with two stages’ words (入户管网): not guessed at all, held until mapped',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['序号', '村名称', '确户签约', '庭院管网', '入户管网', '壁挂炉安装', '点火通气', '验收', '管线公里数'], ...numbered(['jia', 'tun'])],
      }),
    ],
    pending: [
      {
        sheet: '0:0',
        message:
          '本表的列需要确认（待确认）：没有找到“入户装表”这一列；“入户管网”没有识别。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
    ],
    confirm: { '0:0': { 4: 'meter' } },
    problems: { 0: [] },
    stored: { [TODAY]: only(['jia', 'tun']) },
  },
  {
    name: 'an extra column nobody asked for (开工户数) beside every stage named outright: imported, the extra column never stored',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['序号', '村名称', '开工户数', ...STAGES, '管线公里数'], ...TUNLI_KEYS.slice(0, 5).map((k, i) => [i + 1, VILLAGES[k].name, 999, ...NEW[k]])],
      }),
    ],
    problems: { 0: [warn('以下列没有识别，未导入：“开工户数”。', { file: '屯里镇.xlsx', sheet: '日报', row: 3 })] },
    stored: { [TODAY]: only(TUNLI_KEYS.slice(0, 5)) },
  },
  {
    name: 'the whole office style: title, date and unit lines, vertical merges, 小计 per area, 合计 and signatures',
    files: async () => [
      await xlsxFile('屯里镇进度统计.xlsx', {
        name: '进度',
        rows: [
          ['屯里镇农村清洁取暖改造进度统计表'],
          ['填报单位：屯里镇人民政府', null, null, null, null, '填报日期：2026-11-20'],
          ['序号', '片区', '村', '各阶段累计户数', null, null, null, null, null, '管线公里数'],
          [null, null, null, '签约', '管网', '装表', '壁挂炉', '点火', '验收', null],
          [1, '东片', ...named('han')],
          [2, '东片', ...named('gou')],
          ['小计', null, null, 140, 120, 100, 80, 60, 40, 3.7],
          [3, '西片', ...named('jia')],
          [4, '西片', ...named('tun')],
          ['小计', null, null, 210, 200, 185, 170, 150, 130, 7.25],
          ['合计', null, null, 350, 320, 285, 250, 210, 170, 10.95],
          ['填表人：王芳', null, null, '审核人：李强'],
        ],
        merges: ['A1:J1', 'A3:A4', 'B3:B4', 'C3:C4', 'D3:I3', 'J3:J4'],
      }),
    ],
    problems: { 0: [warn('以下列没有识别，未导入：“片区”。', { file: '屯里镇进度统计.xlsx', sheet: '进度', row: 4 })] },
    stored: { [TODAY]: only(['han', 'gou', 'jia', 'tun']) },
  },
  {
    name: 'columns in another order (验收 first, 管线 in the middle), named outright',
    files: async () => [
      csvFile('屯里镇进度表.csv', [
        [TITLE],
        ['日期：2026-11-20'],
        ['村名', '验收', '点火通气', '管线公里数', '壁挂炉安装', '入户装表', '庭院管网', '确户签约'],
        ...(['han', 'dzb'] as VKey[]).map((k) => {
          const f = NEW[k]
          return [VILLAGES[k].name, f[5], f[4], f[6], f[3], f[2], f[1], f[0]]
        }),
      ]),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['han', 'dzb']) },
  },
  {
    name: 'a length in metres (管道长度（米）) guessed as km: the office maps it to 忽略, and each village keeps its km',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['序号', '村名称', ...STAGES, '管道长度（米）'], ...numbered(['han', 'gou'], (k) => [...NEW[k].slice(0, 6), NEW[k][6] * 1000])],
      }),
    ],
    pending: [
      {
        sheet: '0:0',
        message:
          '本表的列需要确认（待确认）：“管道长度（米）”按“管线公里数”猜测。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
    ],
    confirm: { '0:0': { 8: 'ignored' } },
    problems: { 0: [] },
    stored: { [TODAY]: { han: [...NEW.han.slice(0, 6), PREV.han![6]], gou: [...NEW.gou.slice(0, 6), PREV.gou![6]] } },
  },
  {
    name: 'a column the office maps to 忽略 (本日新增) among guessed ones: its numbers are never stored',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [
          [TITLE],
          [DATED],
          ['村名称', '本日新增签约', '签约累计', '管网累计', '表具累计', '壁挂炉累计', '通气累计', '验收累计', '管线公里数'],
          ...(['han', 'gou'] as VKey[]).map((k) => [VILLAGES[k].name, 7, ...NEW[k]]),
        ],
      }),
    ],
    pending: [
      {
        sheet: '0:0',
        message:
          '本表的列需要确认（待确认）：“表具累计”按“入户装表”猜测；“本日新增签约”没有识别。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
    ],
    confirm: { '0:0': { 1: 'ignored', 2: 'confirmed', 4: 'meter' } },
    problems: { 0: [] },
    stored: { [TODAY]: only(['han', 'gou']) },
  },
  {
    name: 'the header far down, under eight lines of titles, notices and units',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [
          ['关于报送清洁取暖改造进度的通知'],
          ['各村：'],
          ['请于每日17时前报送。'],
          [DATED],
          ['单位：户、公里'],
          [],
          ['屯里镇'],
          [],
          ['序号', '行政村', ...STAGES, '管线长度（公里）'],
          ...numbered(['xzb']),
        ],
      }),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['xzb']) },
  },
  {
    name: 'a two-row header without merges whose group title sits above the first stage only',
    files: async () => [
      csvFile('屯里镇.csv', [
        [TITLE],
        [DATED],
        ['序号', '村名', '累计完成', null, null, null, null, null, '管线'],
        [null, null, '签约', '管网', '入户', '壁挂炉', '通气', '验收', null],
        ...numbered(['gou', 'jia']),
      ]),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['gou', 'jia']) },
  },
  {
    name: 'the electric route’s words (线路改造, 户表安装, 通电) under a group title, merged',
    files: async () => [
      await xlsxFile('屯里镇煤改电.xlsx', {
        name: '煤改电',
        rows: [
          ['屯里镇煤改电进度'],
          [DATED],
          ['村', '完成情况（户）', null, null, null, null, null, '线路（公里）'],
          [null, ...ELECTRIC, null],
          named('xzb'),
        ],
        merges: ['A3:A4', 'B3:G3', 'H3:H4'],
      }),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['xzb']) },
  },

  // ---------------------------------------------------------------- the day
  ...(
    [
      ['屯里镇-11.20.csv', '11.20'],
      ['屯里镇11-20.csv', '11-20'],
      ['屯里镇1120.csv', '1120'],
      ['屯里镇11月20日.csv', '11月20日'],
    ] as const
  ).map(
    ([fileName, form]): Case => ({
      name: `the day only in the file name, written ${form}`,
      files: async () => [csvFile(fileName, [['村名称', ...STAGES, '管线公里数'], named('han'), named('gou')], { bom: true })],
      problems: {
        0: [
          warn('表内没有填报日期，按文件名中的日期 2026-11-20 导入。', { file: fileName }),
        ],
      },
      stored: { [TODAY]: only(['han', 'gou']) },
    }),
  ),
  ...(
    [
      ['屯里镇2026.11.20.xlsx', '2026.11.20'],
      ['屯里镇20261120.xlsx', '20261120'],
    ] as const
  ).map(
    ([fileName, form]): Case => ({
      name: `the day only in the file name, written ${form}`,
      files: async () => [await xlsxFile(fileName, { name: 'Sheet1', rows: [['村名称', ...STAGES, '管线公里数'], named('han')] })],
      problems: { 0: [warn('表内没有填报日期，按文件名中的日期 2026-11-20 导入。', { file: fileName, sheet: 'Sheet1' })] },
      stored: { [TODAY]: only(['han']) },
    }),
  ),
  {
    name: 'a short day in the file name after today (12.05 in November) is last year’s, never a future day',
    files: async () => [csvFile('屯里镇-12.05.csv', [['村名称', ...STAGES, '管线公里数'], named('dzb')])],
    problems: {
      0: [
        warn('表内没有填报日期，按文件名中的日期 2025-12-05 导入。', { file: '屯里镇-12.05.csv' }),
      ],
    },
    stored: { '2025-12-05': only(['dzb']) },
  },
  {
    name: 'no day anywhere: the 报送日期, today by default, with a warning',
    files: async () => [await xlsxFile('屯里镇.xlsx', { name: '日报', rows: [[TITLE], ['序号', '村名称', ...STAGES, '管线公里数'], ...numbered(['han'])] })],
    problems: { 0: [warn('表内和文件名中都没有填报日期，按报送日期 2026-11-20 导入。', { file: '屯里镇.xlsx', sheet: '日报' })] },
    stored: { [TODAY]: only(['han']) },
  },
  {
    name: 'no day anywhere, and the office says the folder is the 18th',
    files: async () => [await xlsxFile('吴村镇.xlsx', { name: '日报', rows: [['吴村镇进度'], ['序号', '村名称', ...ELECTRIC, '管线公里数'], ...numbered(['sun', 'wang'])] })],
    date: '2026-11-18',
    problems: { 0: [warn('表内和文件名中都没有填报日期，按报送日期 2026-11-18 导入。', { file: '吴村镇.xlsx', sheet: '日报' })] },
    stored: { '2026-11-18': only(['sun', 'wang']) },
  },
  {
    name: 'a sheet whose own day differs from the 报送日期 says so, and keeps its own day',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', { name: '日报', rows: [[TITLE], ['填报日期：2026-11-19'], ['序号', '村名称', ...STAGES, '管线公里数'], ...numbered(['han'])] }),
    ],
    date: TODAY,
    problems: { 0: [warn('本表的日期是 2026-11-19，与报送日期 2026-11-20 不同，按本表的日期导入。', { file: '屯里镇.xlsx', sheet: '日报' })] },
    stored: { [PREV_DAY]: only(['han']) },
  },
  {
    name: 'a day written above the table wins over another in the file name, without a word',
    files: async () => [
      await xlsxFile('屯里镇-11.18.xlsx', { name: '日报', rows: [[TITLE], [DATED], ['序号', '村名称', ...STAGES, '管线公里数'], ...numbered(['gou'])] }),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['gou']) },
  },
  {
    name: 'a full future day in the file name: refused',
    files: async () => [await xlsxFile('屯里镇20261205.xlsx', { name: '日报', rows: [['序号', '村名称', ...STAGES, '管线公里数'], ...numbered(['gou'])] })],
    problems: {
      0: [
        warn('表内没有填报日期，按文件名中的日期 2026-12-05 导入。', { file: '屯里镇20261205.xlsx', sheet: '日报' }),
        err('填报日期 2026-12-05 晚于今天（2026-11-20），不能导入未来日期的数据，本表未导入。', { file: '屯里镇20261205.xlsx', sheet: '日报' }),
      ],
    },
    stored: {},
  },
  {
    name: 'a 日期 column with some days left blank: those rows take the 报送日期',
    files: async () => [
      csvFile('屯里镇.csv', [
        ['村名', '日期', ...STAGES, '管线公里数'],
        [VILLAGES.han.name, '2026/11/19', ...NEW.han],
        [VILLAGES.gou.name, null, ...NEW.gou],
      ]),
    ],
    problems: { 0: [warn('1 行没有填日期，按报送日期 2026-11-20 导入。', { file: '屯里镇.csv' })] },
    stored: { [PREV_DAY]: only(['han']), [TODAY]: only(['gou']) },
  },

  // ---------------------------------------------------------------- encodings and workbooks
  {
    name: 'a GBK CSV from Chinese Excel with a group title over stage columns in words (held, then confirmed)',
    files: async () => [
      csvFile(
        '吴村镇进度.csv',
        [
          ['吴村镇煤改电进度日报'],
          ['日期：2026年11月20日'],
          ['村名', '工程进度（累计）', null, null, null, null, null, '线路公里'],
          [null, '签约户', '线路完成', '电表安装', '热泵安装', '通电户', '验收户', null],
          named('sun'),
          named('wang'),
          named('nan', [10, null, null, 4, 2, 1, 0.5]),
        ],
        { gbk: true },
      ),
    ],
    pending: [
      {
        sheet: '0:0',
        message:
          '本表的列需要确认（待确认）：“线路完成”按“管网/线路”猜测、“电表安装”按“入户装表”猜测、“通电户”按“点火通气/通电”猜测、“验收户”按“验收”猜测。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
    ],
    confirm: { '0:0': 'asRead' },
    problems: {
      0: [
        warn('空白的单元格按 0 计（此前没有这个村的数字）：线路改造、户表安装。', { file: '吴村镇进度.csv', row: 7, column: '线路完成' }),
        warn('阶段顺序不对：设备安装 4 户多于上一阶段户表安装 0 户。', { file: '吴村镇进度.csv', row: 7, column: '热泵安装' }),
      ],
    },
    stored: { [TODAY]: { sun: NEW.sun, wang: NEW.wang, nan: [10, 0, 0, 4, 2, 1, 0.5] } },
  },
  {
    name: 'a tab-separated GBK text file (Excel’s 文本文件) with the day as 2026/11/20',
    files: async () => [
      csvFile('屯里镇.txt', [[TITLE], ['日期：2026/11/20'], ['村名称', ...STAGES, '管线公里数'], named('jia'), named('tun')], { gbk: true, sep: '\t' }),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['jia', 'tun']) },
  },
  {
    name: 'a workbook with a sheet per township and a sheet of instructions',
    files: async () => [
      await xlsxFile(
        '尧都区11月20日.xlsx',
        { name: '屯里镇', rows: [[DATED], ['村名称', ...STAGES, '管线公里数'], named('han'), named('gou')] },
        { name: '吴村镇', rows: [[DATED], ['村名称', ...ELECTRIC, '管线公里数'], named('sun'), named('wang')] },
        { name: '填表说明', rows: [['填表说明'], ['各阶段填累计户数']] },
      ),
    ],
    problems: { 0: [warn('工作表“填表说明”中没有找到报送表的表头，已跳过。', { file: '尧都区11月20日.xlsx' })] },
    stored: { [TODAY]: only(['han', 'gou', 'sun', 'wang']) },
  },
  {
    name: 'a workbook whose lists sit on hidden sheets',
    files: async () => [
      await xlsxFile(
        '屯里镇.xlsx',
        { name: '名单', state: 'hidden', rows: [['村名称', '确户签约', '庭院管网'], ['韩村村', 1, 1]] },
        { name: '日报', rows: [[TITLE], [DATED], ['村名称', ...STAGES, '管线公里数'], named('dzb')] },
        { name: '代码', state: 'veryHidden', rows: [['村代码'], ['141002100200']] },
      ),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['dzb']) },
  },
  {
    name: 'a summary sheet of townships first (no village column), the villages on the next sheet',
    files: async () => [
      await xlsxFile(
        '尧都区汇总.xlsx',
        { name: '汇总', rows: [['乡镇', ...STAGES], ['屯里镇', 350, 320, 285, 250, 210, 170], ['合计', 350, 320, 285, 250, 210, 170]] },
        { name: '屯里镇', rows: [[DATED], ['村名称', ...STAGES, '管线公里数'], named('han'), named('gou')] },
      ),
    ],
    problems: { 0: [warn('工作表“汇总”中没有找到报送表的表头，已跳过。', { file: '尧都区汇总.xlsx' })] },
    stored: { [TODAY]: only(['han', 'gou']) },
  },
  {
    name: 'a county sheet with 乡镇 merged down over its villages, villages by name only (屯里村 is in both townships)',
    files: async () => [
      await xlsxFile('尧都区.xlsx', {
        name: '尧都区',
        rows: [
          ['尧都区清洁取暖进度'],
          [DATED],
          ['乡镇', '村', ...STAGES, '管线公里数'],
          ['屯里镇', ...named('tun')],
          [null, ...named('han')],
          ['吴村镇', ...named('sun')],
          [null, ...named('wang')],
        ],
        merges: ['A4:A5', 'A6:A7'],
      }),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['tun', 'han', 'sun', 'wang']) },
  },
  {
    name: 'a county CSV whose rows name their township, with village codes in a 区划代码 column',
    files: async () => [
      csvFile('尧都区-1120.csv', [
        ['乡镇', '区划代码', '村', ...STAGES, '管线公里数'],
        ['屯里镇', VILLAGES.jia.code, VILLAGES.jia.stored, ...NEW.jia],
        ['吴村镇', VILLAGES.nan.code, VILLAGES.nan.stored, ...NEW.nan],
      ]),
    ],
    problems: {
      0: [
        warn('表内没有填报日期，按文件名中的日期 2026-11-20 导入。', { file: '尧都区-1120.csv' }),
      ],
    },
    stored: { [TODAY]: only(['jia', 'nan']) },
  },

  // ---------------------------------------------------------------- rows
  {
    name: 'notes under the table (说明, 填表人) are read past',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['村名称', ...STAGES, '管线公里数'], named('han'), [], ['说明：1. 数字截至当日17时。2. 验收以县验收组为准。'], ['填表人：王芳  电话：0357-1234567']],
      }),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['han']) },
  },
  {
    name: 'a 合计 row that adds up: checked, not stored',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['村名称', ...STAGES, '管线公里数'], named('han'), named('gou'), ['合计', 140, 120, 100, 80, 60, 40, 3.7]],
      }),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['han', 'gou']) },
  },
  {
    name: 'a 合计 row that does not add up: a warning, the villages stored as written',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['村名称', ...STAGES, '管线公里数'], named('han'), named('gou'), ['合计', 140, 120, 100, 80, 61, 40, 3.7]],
      }),
    ],
    problems: { 0: [warn('合计行与各村之和不符：点火通气 合计 61，各村相加 60。合计行不导入，请核对各村的数字。', { file: '屯里镇.xlsx', sheet: '日报', row: 6, column: '点火通气' })] },
    stored: { [TODAY]: only(['han', 'gou']) },
  },
  {
    name: 'blank cells keep the last stored value (never a drop to 0), and the preview says so',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['村名称', ...STAGES, '管线公里数'], named('han', [80, 70, null, 50, null, 30, null]), named('gou')],
      }),
    ],
    problems: { 0: [warn('空白的单元格沿用上次的数（2026-11-19）：入户装表 55 户、点火通气 35 户。', { file: '屯里镇.xlsx', sheet: '日报', row: 4, column: '入户装表' })] },
    stored: { [TODAY]: { han: [80, 70, 55, 50, 35, 30, 2.4], gou: NEW.gou } },
  },
  {
    name: 'a blank cell of a village that never reported counts 0, and says so',
    files: async () => [
      await xlsxFile('吴村镇.xlsx', {
        name: '日报',
        rows: [['吴村镇进度'], [DATED], ['村名称', ...ELECTRIC, '管线公里数'], named('nan', [10, 8, null, 4, 2, 1, 0.5])],
      }),
    ],
    problems: {
      0: [
        warn('空白的单元格按 0 计（此前没有这个村的数字）：户表安装。', { file: '吴村镇.xlsx', sheet: '日报', row: 4, column: '户表安装' }),
        warn('阶段顺序不对：设备安装 4 户多于上一阶段户表安装 0 户。', { file: '吴村镇.xlsx', sheet: '日报', row: 4, column: '设备安装' }),
      ],
    },
    stored: { [TODAY]: { nan: [10, 8, 0, 4, 2, 1, 0.5] } },
  },
  {
    name: 'a village whose row is all blank did not report: nothing stored for it',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['村名称', ...STAGES, '管线公里数'], named('han'), named('gou', [null, null, null, null, null, null, null])],
      }),
    ],
    problems: { 0: [warn('1 个村没有填写任何数字，未导入（视为这些村当天未上报）：沟上村。', { file: '屯里镇.xlsx', sheet: '日报', row: 5 })] },
    stored: { [TODAY]: only(['han']) },
  },
  {
    name: 'numbers as townships type them: 户 or 公里 after them, full-width digits, spaces',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['村名称', ...STAGES, '管线公里数'], [VILLAGES.jia.name, '９０户', '90户', '８５', ' 80 ', '７０', '60', '3公里']],
      }),
    ],
    problems: { 0: [] },
    stored: { [TODAY]: only(['jia']) },
  },
  {
    name: 'a negative count: that row refused with the reason, the others stored',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [[TITLE], [DATED], ['村名称', ...STAGES, '管线公里数'], named('han'), named('gou', [60, 50, -40, 30, 20, 10, 1.2])],
      }),
    ],
    problems: { 0: [err('入户装表“-40”是负数，户数不能为负。', { file: '屯里镇.xlsx', sheet: '日报', row: 5, column: '入户装表' })] },
    stored: { [TODAY]: only(['han']) },
  },
  {
    name: 'a village of another township: that row refused with the reason',
    files: async () => [
      await xlsxFile('屯里镇.xlsx', {
        name: '日报',
        rows: [['屯里镇进度'], [DATED, null, '乡镇：屯里镇'], ['村名称', ...STAGES, '管线公里数'], named('han'), named('sun')],
      }),
    ],
    problems: {
      0: [err('屯里镇没有“孙曲村”（吴村镇有同名的村，不在本表的乡镇）。请核对乡镇，或填写村代码。', { file: '屯里镇.xlsx', sheet: '日报', row: 5, column: '村名称' })],
    },
    stored: { [TODAY]: only(['han']) },
  },
  {
    name: 'a township above the table that does not exist: the sheet refused, nothing stored',
    files: async () => [
      await xlsxFile('屯外镇.xlsx', { name: '日报', rows: [['乡镇：屯外镇'], [DATED], ['村名称', ...STAGES, '管线公里数'], named('han')] }),
    ],
    problems: { 0: [err('表头写的乡镇“屯外镇”在区划清单中找不到，本表未导入。', { file: '屯外镇.xlsx', sheet: '日报', row: 1 })] },
    stored: {},
  },
  {
    name: 'two files of the same unknown layout from two townships: one confirmation settles both',
    files: async () => {
      const file = async (name: string, keys: VKey[]) =>
        xlsxFile(name, {
          name: '进度',
          rows: [[DATED], ['村名', '签订协议户数（累计）', '管道铺设户数', '装表户数（累计）', '采暖炉安装', '通气点火户数', '验收合格户数', '管道公里数'], ...keys.map((k) => named(k))],
        })
      return [await file('屯里镇.xlsx', ['han', 'gou']), await file('吴村镇.xlsx', ['sun', 'wang'])]
    },
    pending: [
      {
        sheet: '0:0',
        message:
          '本表的列需要确认（待确认）：“管道铺设户数”按“管网/线路”猜测、“采暖炉安装”按“设备安装”猜测、“通气点火户数”按“点火通气/通电”猜测、“验收合格户数”按“验收”猜测。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
      {
        sheet: '1:0',
        message:
          '本表的列需要确认（待确认）：“管道铺设户数”按“管网/线路”猜测、“采暖炉安装”按“设备安装”猜测、“通气点火户数”按“点火通气/通电”猜测、“验收合格户数”按“验收”猜测。请在预览中确认每一列读作什么；确认之前本表的数字一个也不导入，不会按 0 计。',
      },
    ],
    confirm: { '0:0': 'asRead' },
    problems: { 0: [], 1: [] },
    stored: { [TODAY]: only(['han', 'gou', 'sun', 'wang']) },
  },
]

let core: Core

function allOf(c: Core) {
  const s = c.store!
  return { figures: JSON.stringify([...s.values('figures')]), households: JSON.stringify([...s.values('households')]), plans: JSON.stringify([...s.values('plans')]) }
}

/** Confirms one sheet's columns as the office would in the preview. */
async function confirmSheet(review: ImportReview, key: string, how: 'asRead' | Record<number, MappedColumn>) {
  const sheet = review.files.flatMap((f) => f.sheets).find((s) => s.key === key)!
  const columns =
    how === 'asRead'
      ? sheet.columns.map((c) => ({ index: c.index, as: (c.as && (MAPPED_COLUMNS as readonly string[]).includes(c.as) ? c.as : 'ignored') as MappedColumn }))
      : Object.entries(how).map(([index, as]) => ({ index: Number(index), as }))
  await core.api['imports.mapColumns']({ sessionId: review.sessionId, sheet: key, columns })
}

async function runCase(c: Case): Promise<void> {
  const before = allOf(core)
  const mappingsBefore = (await core.api['imports.mappings']({})).length
  let batchId: string | undefined
  try {
    let review = await preview(core, await c.files(), c.date)
    const pending = review.files.flatMap((f) =>
      f.sheets.filter((s) => s.pending).map((s) => ({ sheet: s.key, message: f.problems.find((p) => p.message.startsWith('本表的列需要确认'))!.message })),
    )
    expect(pending).toEqual(c.pending ?? [])
    if (c.pending) {
      // Held: nothing of those sheets would be stored, and no figure comes from a column not understood.
      expect(review.totals.figures.held).toBeGreaterThan(0)
      for (const s of review.files.flatMap((f) => f.sheets)) if (s.pending) expect(s.figures).toEqual([])
    }
    for (const [key, how] of Object.entries(c.confirm ?? {})) await confirmSheet(review, key, how)
    if (c.confirm) review = await core.api['imports.review']({ sessionId: review.sessionId })
    expect(review.totals.figures.held).toBe(0)
    for (const [i, problems] of Object.entries(c.problems ?? {})) {
      expect(review.files[Number(i)]!.problems.map((p) => ({ severity: p.severity, message: p.message, where: p.where }))).toEqual(problems)
    }
    const result = await core.api['imports.commit']({ sessionId: review.sessionId, onConflict: 'replace' })
    batchId = result.batchId
    const expected = Object.entries(c.stored).flatMap(([date, byVillage]) => Object.entries(byVillage).map(([k, f]) => ({ k: k as VKey, date, f: f! })))
    for (const { k, date, f } of expected) expect([k, date, stored(core, k, date)]).toEqual([k, date, [...f]])
    // Exactly those figures were written: no other village or day moved.
    expect(result.figures.added + result.figures.replaced).toBe(expected.length)
    if (batchId) {
      await core.api['imports.undo']({ batchId })
      batchId = undefined
      expect(allOf(core)).toEqual(before)
    }
  } finally {
    // A failed case leaves nothing behind for the next one.
    if (batchId) await core.api['imports.undo']({ batchId })
    for (const m of (await core.api['imports.mappings']({})).slice(mappingsBefore)) await core.api['imports.deleteMapping']({ id: m.id })
  }
}

describe('township files in foreign layouts: exact figures stored, or exact refusals', () => {
  beforeAll(async () => {
    core = await county()
  }, 60_000)
  afterAll(() => core.close())

  it('holds at least 40 files', async () => {
    let files = 0
    for (const c of cases) files += (await c.files()).length
    expect(files).toBeGreaterThanOrEqual(40)
  })
  for (const c of cases) it(c.name, () => runCase(c))
})
