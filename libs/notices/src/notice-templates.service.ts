import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { Clock, staleVersion } from '@app/core';
import { fillPlaceholders, placeholdersIn } from '@app/documents';
import type { NoticeTemplateEntity } from './notice.entity';
import { NOTICE_PLACEHOLDERS, type NoticeKind } from './notice-kinds';
import {
  noticeTemplateInvalid,
  noticeTemplateNotFound,
  unknownPlaceholders,
} from './notices.errors';
import { NoticesRepository } from './notices.repository';

export interface NoticeTemplateInput {
  title: string;
  body: string;
}

/** What the console names each placeholder (the preview shows 【登记编号】 where no case is given). */
export const NOTICE_PLACEHOLDER_LABELS: Record<string, string> = {
  bureauName: '本机关名称',
  caseNo: '登记编号',
  petitionerName: '信访人',
  registeredDate: '登记日期',
  caseTitle: '信访事由',
  channel: '信访形式',
  issuedDate: '成文日期',
  registeredTime: '登记时间',
  triageDays: '决定期限（日）',
  triageDueDate: '决定期限届满日',
  handoverKind: '转送/交办',
  handoverDate: '转送/交办日期',
  unitName: '办理单位',
  acceptanceDays: '受理告知期限（日）',
  handlingDays: '办理期限（日）',
  decisionDate: '决定日期',
  reason: '理由',
  route: '告知途径',
  answerDate: '答复日期',
  decision: '处理意见',
  facts: '查明的事实',
  basis: '处理依据',
  reviewWindowDays: '复查申请期限（日）',
  contestedCaseNo: '被请求复查/复核的信访件编号',
  requestDate: '请求日期',
  decisionBody: '复查/复核机关',
  reasons: '复查/复核理由',
  reReviewWindowDays: '复核申请期限（日）',
  finalCaseNo: '已终结信访事项编号',
};

/** Control characters other than line breaks and tabs have no place in a notice's text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The administrator's texts of the notices: read, checked, saved on the version read. */
@Injectable()
export class NoticeTemplatesService {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly clock: Clock,
  ) {}

  list(): Promise<NoticeTemplateEntity[]> {
    return this.repo.templates();
  }

  async get(kind: NoticeKind): Promise<NoticeTemplateEntity> {
    const t = await this.repo.template(kind);
    if (!t) throw noticeTemplateNotFound(kind);
    return t;
  }

  async update(
    kind: NoticeKind,
    input: NoticeTemplateInput & { version: number },
    actor: AuthUser,
  ): Promise<NoticeTemplateEntity> {
    const checked = checkTemplate(kind, input);
    await this.get(kind);
    const saved = await this.repo.updateTemplate(kind, input.version, {
      ...checked,
      updatedBy: actor.id,
      updatedAt: this.clock.now(),
    });
    if (!saved) throw staleVersion('文书模板', kind);
    return this.get(kind);
  }

  /** The text as it would read, each placeholder shown by its label (【登记编号】). */
  preview(kind: NoticeKind, input: NoticeTemplateInput): { title: string; body: string } {
    const checked = checkTemplate(kind, input);
    const labels = Object.fromEntries(
      NOTICE_PLACEHOLDERS[kind].map((p) => [p, `【${NOTICE_PLACEHOLDER_LABELS[p] ?? p}】`]),
    );
    return { title: checked.title, body: fillPlaceholders(checked.body, labels).text };
  }
}

/**
 * A template's title and body, trimmed, or a 400: blank or overlong text, control characters,
 * a brace that is not a placeholder, a placeholder the kind has no data for.
 */
export function checkTemplate(kind: NoticeKind, input: NoticeTemplateInput): NoticeTemplateInput {
  const title = input.title.trim();
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (!title) throw noticeTemplateInvalid('title', '标题不能为空');
  // One line of 二号 characters across the 版心 (GB/T 9704): at most 20.
  if ([...title].length > 20) throw noticeTemplateInvalid('title', '标题不能超过20个字');
  if (!body) throw noticeTemplateInvalid('body', '正文不能为空');
  if (CONTROL.test(title) || CONTROL.test(body))
    throw noticeTemplateInvalid(CONTROL.test(title) ? 'title' : 'body', '文字中含有控制字符');
  const allowed = NOTICE_PLACEHOLDERS[kind];
  const unknown = placeholdersIn(body).filter((p) => !allowed.includes(p));
  if (unknown.length) throw unknownPlaceholders(kind, unknown, allowed);
  const rest = fillPlaceholders(body, Object.fromEntries(allowed.map((p) => [p, '']))).text;
  if (rest.includes('{{') || rest.includes('}}'))
    throw noticeTemplateInvalid('body', '占位符须写作 {{名称}}，名称为英文字母和数字');
  return { title, body };
}
