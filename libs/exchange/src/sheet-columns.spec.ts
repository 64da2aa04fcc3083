import { mapHeader, parseSheetRow, parseShanghaiTime, parseSourceLevel } from './sheet-columns';
import { parseHistoryLine } from './history/history-records';

describe('provincial spreadsheet columns', () => {
  it.each([
    ['2026-01-05 09:30', '2026-01-05T01:30:00.000Z'],
    ['2026/1/5 9:30:15', '2026-01-05T01:30:15.000Z'],
    ['2026年1月5日', '2026-01-04T16:00:00.000Z'],
    ['2026-01-05', '2026-01-04T16:00:00.000Z'],
    ['2026-01-05T09:30:00+08:00', '2026-01-05T01:30:00.000Z'],
    [46027.5, '2026-01-05T04:00:00.000Z'],
    [new Date(Date.UTC(2026, 0, 5, 9, 30)), '2026-01-05T01:30:00.000Z'],
  ])('reads %p as Asia/Shanghai time', (input, expected) => {
    expect(parseShanghaiTime(input)?.toISOString()).toBe(expected);
  });

  it.each(['2026-02-30', '2026-13-01 10:00', '明天', '2026-01-05 25:00', 12])(
    'refuses %p',
    (input) => expect(parseShanghaiTime(input)).toBeNull(),
  );

  it.each([
    ['国家信访局', 'national'],
    ['广东省信访局', 'provincial'],
    ['省', 'provincial'],
    ['广州市信访局', 'municipal'],
    ['广东省广州市信访局', 'municipal'],
    ['荔湾区信访局', 'district'],
    ['municipal', 'municipal'],
    ['某某局', null],
  ])('source level of %p is %p', (text, level) => expect(parseSourceLevel(text)).toBe(level));

  it('matches headers by alias, note and spacing, and names the missing required ones', () => {
    const h = mapHeader(['* 省件编号', '信访方式（必填）', '登 记 日 期', '备注', '诉求内容']);
    expect(h.positions).toEqual({ externalRef: 0, channel: 1, registeredAt: 2, content: 4 });
    expect(h.ignored).toEqual(['备注']);
    expect(h.missing).toEqual(['来源层级', '信访人姓名', '内容分类']);
  });

  it('reports every problem of a row, with the column header', () => {
    const header = mapHeader([
      '省信访件编号',
      '信访形式',
      '来源层级',
      '登记时间',
      '信访人姓名',
      '证件号码',
      '信访内容',
      '内容分类',
    ]);
    const ctx = {
      now: new Date('2026-02-01T00:00:00Z'),
      leafCodes: new Set(['010301']),
      leafByName: new Map(),
    };
    const bad = parseSheetRow(['', '信鸽', '火星', 'x', '', '123', '', '9'], header, ctx);
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => p.field)).toEqual([
        '省信访件编号',
        '信访形式',
        '来源层级',
        '登记时间',
        '信访人姓名',
        '证件号码',
        '证件号码',
        '信访内容',
        '内容分类',
      ]);
    const good = parseSheetRow(
      [
        'A-1',
        '网信',
        '省',
        '2026-01-05 09:30',
        '甲、乙有限公司',
        '440103199001011234',
        '内容',
        '010301 物业服务质量',
      ],
      header,
      ctx,
    );
    expect(good.ok && good.input.petitioners).toEqual([
      {
        kind: 'person',
        name: '甲',
        idNumber: '440103199001011234',
        phone: undefined,
        address: undefined,
      },
      {
        kind: 'organisation',
        name: '乙有限公司',
        idNumber: undefined,
        phone: undefined,
        address: undefined,
      },
    ]);
    expect(good.ok && good.input).toEqual(
      expect.objectContaining({ source: 'transferred', purpose: 'other', personCount: 2 }),
    );
  });
});

describe('history lines', () => {
  it('a review line is checked field by field; a decision comes with its delivery', () => {
    const review = {
      type: 'review',
      ref: 'R-1',
      level: 'review',
      case: 'C-1',
      requestedAt: '2022-08-01T09:00:00+08:00',
      receivedAt: '2022-08-01T09:00:00+08:00',
      organ: '区人民政府',
      accepted: true,
    };
    expect(parseHistoryLine(JSON.stringify(review)).ok).toBe(true);
    const partial = parseHistoryLine(JSON.stringify({ ...review, decision: 'upheld' }));
    expect(!partial.ok && partial.problems.map((p) => [p.field, p.code])).toEqual([
      ['decidedAt', 'REQUIRED'],
      ['deliveredAt', 'REQUIRED'],
      ['deliveryMethod', 'REQUIRED'],
    ]);
    const refused = parseHistoryLine(JSON.stringify({ ...review, accepted: false }));
    expect(!refused.ok && refused.problems.map((p) => p.code)).toEqual(['REQUIRED']);
    const bad = parseHistoryLine(JSON.stringify({ ...review, level: 'appeal', extra: 1 }));
    expect(!bad.ok && bad.problems.map((p) => p.code).sort()).toEqual([
      'INVALID_ISIN',
      'UNKNOWN_FIELD',
    ]);
  });

  it('refuses unknown fields, missing event fields and unreal dates', () => {
    const line = JSON.stringify({
      type: 'persuasion_mission',
      ref: 'M-1',
      kind: 'away',
      place: '北京',
      startDate: '2022-02-30',
      endDate: '2022-03-01',
      staff: '张某',
      personsPersuaded: 1,
      personsReturned: 1,
      cost: 10,
      extra: 1,
    });
    const parsed = parseHistoryLine(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems.map((p) => p.code).sort()).toEqual(['INVALID_DATE', 'UNKNOWN_FIELD']);
    expect(parseHistoryLine('not json')).toEqual(expect.objectContaining({ ok: false }));
  });
});
