import type { AuthUser } from '@app/auth';
import type { CaseEntity } from '../case.entity';
import {
  attachmentVisible,
  timelineForUnit,
  unitStake,
  type TimelineEvent,
} from './case-visibility';

const unit = (unitId: number) => ({ id: 50, role: 'unit_handler', unitId }) as unknown as AuthUser;
const aCase = (over: Partial<CaseEntity> = {}) =>
  ({
    id: 1,
    purpose: 'complaint',
    confidentialAccuser: false,
    responsibleUnitId: 7,
    ...over,
  }) as CaseEntity;
const ev = (seq: number, type: string, data: object, actorId: number | null = 1): TimelineEvent =>
  ({ seq, type, data, actorId, actorRole: 'officer', at: new Date(0) }) as unknown as TimelineEvent;

// Officer 1; unit 7's handler 70; unit 8's handler 80.
const events = [
  ev(1, 'registered', { caseNo: 'XF-1', repeatOf: 99, channel: 'visit' }),
  ev(2, 'edited', { before: { content: '检举人张三' }, after: { content: '检举内容' } }),
  ev(3, 'attachment_added', { attachmentId: 11, filename: '张三签名.pdf' }),
  ev(4, 'transferred', { hopId: 5, unitId: 8, unitName: '乙' }),
  ev(5, 'attachment_added', { attachmentId: 12, filename: '乙.pdf' }, 80),
  ev(6, 'objected', { hopId: 5, unitId: 8, reason: '不属本单位' }, 80),
  ev(7, 'transferred', { hopId: 6, unitId: 7, unitName: '甲' }),
  ev(8, 'linked_as_repeat', { from: null, to: 99 }),
  ev(9, 'attachment_added', { attachmentId: 13, filename: '甲.pdf' }, 70),
];
const unitOf = (id: number) => ({ 70: 7, 80: 8 })[id] ?? null;

describe('what a unit reads of a case', () => {
  it('reads the stake from the events: hops, receipt, leaving', () => {
    expect(unitStake(aCase(), events, unit(7))).toMatchObject({
      hopIds: new Set([6]),
      receivedSeq: 7,
      leftSeq: null,
    });
    expect(unitStake(aCase(), events, unit(8))).toMatchObject({
      hopIds: new Set([5]),
      receivedSeq: 4,
      leftSeq: 6,
    });
    expect(unitStake(aCase(), events, { role: 'officer' } as AuthUser)).toBeNull();
  });

  it('a former unit reads up to its objection, and the files it saw', () => {
    const stake = unitStake(aCase(), events, unit(8))!;
    const seen = timelineForUnit(events, stake, unitOf, new Set());
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.map((e) => e.actorId)).toEqual([null, null, null, null, 80, 80]);
    expect([11, 12, 13].map((id) => attachmentVisible({ id }, stake, id === 12))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('with the accuser hidden: no edit text from before receipt, no withheld file, no links', () => {
    const c = aCase({ purpose: 'accusation' });
    const stake = unitStake(c, events, unit(7))!;
    expect(attachmentVisible({ id: 11 }, stake, false)).toBe(false);
    const seen = timelineForUnit(events, stake, unitOf, new Set([11, 12]));
    expect(seen.map((e) => [e.seq, e.data])).toEqual([
      [1, { caseNo: 'XF-1', channel: 'visit' }],
      [2, { fields: ['content'] }],
      [4, { hopId: 5, unitId: 8, unitName: '乙' }],
      [6, { hopId: 5, unitId: 8, reason: '不属本单位' }],
      [7, { hopId: 6, unitId: 7, unitName: '甲' }],
      [8, {}],
      [9, { attachmentId: 13, filename: '甲.pdf' }],
    ]);
    expect(JSON.stringify(seen)).not.toContain('张三');
  });
});
