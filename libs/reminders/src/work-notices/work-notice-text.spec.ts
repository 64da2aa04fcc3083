import { WORK_NOTICE_KINDS, type NoticeCase, type WorkNotice } from '@app/core';
import { composeWorkNotice } from './work-notice-text';

const open: NoticeCase = {
  id: 1,
  caseNo: 'LW-2026-000123',
  title: '反映噪音',
  confidentialAccuser: false,
};
const secret: NoticeCase = { ...open, title: '检举人张三检举某局', confidentialAccuser: true };
const letter = { id: 7, number: '荔信督〔2026〕7号', caseIds: [1], caseNos: ['LW-2026-000123'] };

const notice = (kind: WorkNotice['kind'], c: NoticeCase = open): WorkNotice => ({
  kind,
  unitId: 3,
  case: c,
  letter,
  dueDate: '2026-06-30',
  details: {
    days: 15,
    escalation: '约谈',
    level: '复查',
    reviewCaseNo: 'LW-2026-000200',
    decision: '维持',
  },
});

describe('composeWorkNotice', () => {
  it.each(WORK_NOTICE_KINDS)('%s names its case or letter by number', (kind) => {
    const { title, body } = composeWorkNotice(notice(kind));
    const number = kind.startsWith('letter_') ? letter.number : open.caseNo;
    expect(title).toContain(number);
    expect(body).toContain(number);
  });

  it('an assignment says by when the result is reported', () => {
    expect(composeWorkNotice(notice('case_assigned')).title).toBe(
      '【新交办】LW-2026-000123 反映噪音 请于 2026-06-30 前报送办理结果',
    );
  });

  it.each(WORK_NOTICE_KINDS.filter((k) => !k.startsWith('letter_')))(
    '%s of a confidential accusation shows neither its title nor its review case',
    (kind) => {
      const { title, body } = composeWorkNotice(notice(kind, secret));
      for (const text of [title, body]) {
        expect(text).not.toContain('张三');
        expect(text).not.toContain('LW-2026-000200');
      }
    },
  );
});
