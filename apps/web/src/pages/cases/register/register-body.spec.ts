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
});
