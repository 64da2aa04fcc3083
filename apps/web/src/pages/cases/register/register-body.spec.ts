import { dayjs } from '../../../lib/time';
import { toRegisterBody } from './register-page';

const base = {
  channel: 'letter' as const,
  source: 'direct' as const,
  sourceLevel: 'district' as const,
  externalRef: 'GD-2026-0001',
  title: '  反映小区物业服务问题 ',
  content: '电梯长期不修',
  purpose: 'complaint' as const,
  categoryCode: '010301',
  locality: '荔湾区某街道',
  personCount: 1,
  petitioners: [
    { kind: 'person' as const, name: ' 张三 ', idNumber: '44010319900101123x', phone: '' },
  ],
  flags: ['jointSigned'],
};

describe('the reception form makes the registration body', () => {
  it('trims, upper-cases the ID number, drops empty fields and maps the flags', () => {
    const body = toRegisterBody(base);
    expect(body.title).toBe('反映小区物业服务问题');
    expect(body.petitioners).toEqual([
      {
        kind: 'person',
        name: '张三',
        idNumber: '44010319900101123X',
        phone: undefined,
        address: undefined,
        representative: undefined,
      },
    ]);
    expect(body.jointSigned).toBe(true);
    expect(body.toBeijing).toBeUndefined();
  });

  it('a direct registration has no provincial number; a handed-down one keeps it', () => {
    expect(toRegisterBody(base).externalRef).toBeUndefined();
    expect(toRegisterBody({ ...base, source: 'assigned' }).externalRef).toBe('GD-2026-0001');
  });

  it('sends the 上级办理期限 as the calendar day picked, whatever the hour and the zone', () => {
    const picked = [
      // late in the evening and just after midnight in Beijing (16:30 UTC the day before)
      dayjs.tz('2026-03-05 23:30', 'Asia/Shanghai'),
      dayjs.tz('2026-03-05 00:30', 'Asia/Shanghai'),
      // a PC whose clock is on another zone: the day it shows is the day sent
      dayjs('2026-03-05T23:30:00'),
    ];
    for (const day of picked) {
      expect(toRegisterBody({ ...base, source: 'assigned', provincialDueDate: day })).toMatchObject(
        { provincialDueDate: '2026-03-05' },
      );
    }
    expect(toRegisterBody({ ...base, source: 'assigned' }).provincialDueDate).toBeUndefined();
    // a direct case has none, even if a day was picked before the source was changed
    expect(toRegisterBody({ ...base, provincialDueDate: picked[0] }).provincialDueDate).toBe(
      undefined,
    );
  });

  it('reads the 登记时间 picked as Beijing time, whatever zone the PC is on', () => {
    // The picker shows 2026-03-05 10:00 (its value carries the PC's zone, here the test's own).
    const shown = dayjs('2026-03-05T10:00:00');
    expect(toRegisterBody({ ...base, registeredAt: shown }).registeredAt).toBe(
      '2026-03-05T02:00:00.000Z',
    );
    const late = dayjs('2026-12-31T23:30:00');
    expect(toRegisterBody({ ...base, registeredAt: late }).registeredAt).toBe(
      '2026-12-31T15:30:00.000Z',
    );
  });
});
