import type { NoticeCase, WorkNotice, WorkNoticeKind } from '@app/core';

/** The notice kinds as the inbox names them. */
export const WORK_NOTICE_LABELS: Record<WorkNoticeKind, string> = {
  case_transferred: '新转送',
  case_assigned: '新交办',
  extension_decided: '延期已批准',
  letter_issued: '督办函',
  letter_chased: '催办',
  letter_escalated: '督办升级',
  letter_returned: '退回重办',
  letter_accepted: '督办办结',
  review_requested: '复查复核申请',
  review_decided: '复查复核意见',
};

/**
 * How a notice names a case. A confidential accusation (检举控告, accuser kept secret) is named by
 * its number only: its title may still carry what identifies the accuser (信访工作条例: an
 * accuser's identity never reaches the accused), and the notice goes to the accused unit.
 */
const caseName = (c: NoticeCase) =>
  c.confidentialAccuser ? `${c.caseNo}（检举控告件，检举人信息保密）` : `${c.caseNo}（${c.title}）`;

const caseTitle = (c: NoticeCase) =>
  c.confidentialAccuser ? `${c.caseNo} 检举控告件` : `${c.caseNo} ${c.title}`;

const text = (v: string | number | null | undefined) =>
  v === null || v === undefined ? '' : String(v);

/** The notice's title and body, in Chinese, naming the case or letter by its number. */
export function composeWorkNotice(n: WorkNotice): { title: string; body: string } {
  const d = n.details ?? {};
  const due = n.dueDate ?? null;
  const c = n.case;
  const l = n.letter;
  const note = text(d.note) ? `（${text(d.note)}）` : '';
  const letterCases = l && l.caseNos.length ? `，涉及信访件 ${l.caseNos.join('、')}` : '';
  const tag = `【${WORK_NOTICE_LABELS[n.kind]}】`;
  switch (n.kind) {
    case 'case_transferred':
      return {
        title: `${tag}${caseTitle(c!)}`,
        body:
          `信访件 ${caseName(c!)} 已转送你单位办理。` +
          (due ? `请于 ${due} 前告知信访人是否受理；` : '') +
          `如不属你单位职责，请在异议期限内提出异议。`,
      };
    case 'case_assigned':
      return {
        title: `${tag}${caseTitle(c!)}${due ? ` 请于 ${due} 前报送办理结果` : ''}`,
        body:
          `信访件 ${caseName(c!)} 已交办你单位办理` +
          (due ? `，请于 ${due} 前报送办理结果。` : '。') +
          (text(d.instructions) ? `交办要求：${text(d.instructions)}` : ''),
      };
    case 'extension_decided':
      return {
        title: `${tag}${c!.caseNo} 办理期限延长 ${text(d.days)} 日`,
        body:
          `信访件 ${caseName(c!)} 的延期申请已批准，办理期限延长 ${text(d.days)} 日` +
          (due ? `，新的办理期限为 ${due}。` : '。'),
      };
    case 'letter_issued':
      return {
        title: `${tag}${l!.number} 请于 ${due} 前书面回复`,
        body: `督办函 ${l!.number}${letterCases}，已发你单位，请及时签收，并于 ${due} 前书面回复办理情况。`,
      };
    case 'letter_chased':
      return {
        title: `${tag}${l!.number}`,
        body: `督办函 ${l!.number}${letterCases}，督查员催办${note}，请于 ${due} 前书面回复。`,
      };
    case 'letter_escalated':
      return {
        title: `【${text(d.escalation)}】${l!.number}`,
        body: `督办函 ${l!.number}${letterCases}，因办理不力已升级处理：${text(d.escalation)}${note}。`,
      };
    case 'letter_returned':
      return {
        title: `${tag}${l!.number}`,
        body: `你单位对督办函 ${l!.number} 的回复被退回重办${note}，请于 ${due} 前重新书面回复。`,
      };
    case 'letter_accepted':
      return {
        title: `${tag}${l!.number}`,
        body: `你单位对督办函 ${l!.number} 的回复已认可，督办办结${note}。`,
      };
    case 'review_requested':
      return {
        title: `【${text(d.level)}申请】${c!.caseNo}`,
        body:
          `你单位办理的信访件 ${caseName(c!)}，信访人已申请${text(d.level)}` +
          (text(d.reviewCaseNo) && !c!.confidentialAccuser
            ? `（${text(d.level)}件 ${text(d.reviewCaseNo)}）`
            : '') +
          (due ? `，${text(d.level)}意见期限 ${due}` : '') +
          '。请配合做好相关工作。',
      };
    case 'review_decided':
      return {
        title: `【${text(d.level)}意见】${c!.caseNo} ${text(d.decision)}`,
        body:
          `你单位办理的信访件 ${caseName(c!)} 的${text(d.level)}意见已作出：${text(d.decision)}` +
          (text(d.decisionBody) ? `（${text(d.decisionBody)}）` : '') +
          '。',
      };
  }
}
