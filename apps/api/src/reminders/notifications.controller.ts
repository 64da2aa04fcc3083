import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, ROLES, Roles, type AuthUser } from '@app/auth';
import { type InboxItem, InboxService } from '@app/reminders';
import { IdParam } from '../common/id-param';
import { ApiPageResponse } from '../common/page.query';
import { ContactDto, ListNotificationsQuery } from './reminders.dto';

const notificationView = (n: InboxItem) => ({
  id: n.id,
  stage: n.stage,
  clockKind: n.clockKind,
  caseId: n.caseId,
  letterId: n.letterId,
  /** For a notice of work arrived: what arrived (新交办, 催办…). */
  kindLabel: n.stage === 'notice' ? ((n.payload.kindLabel as string | undefined) ?? null) : null,
  /** The cases a letter cites (the console opens one for a letter no longer awaiting a reply). */
  letterCaseIds: (n.payload.letter as { caseIds?: number[] } | null | undefined)?.caseIds ?? null,
  // a notice of work arrived has a date only when the unit must act by one
  dueDate: n.stage === 'notice' ? ((n.payload.dueDate as string | null) ?? null) : n.dueDate,
  title: n.title,
  body: n.body,
  /** For an escalation: the proposed supervision letter, pre-filled from the case. */
  proposedLetter: n.payload.proposedLetter ?? null,
  proposedEscalation: n.payload.proposedEscalation ?? null,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
  read: n.readAt !== null,
});

/** Every signed-in user's own inbox (站内消息). */
@ApiTags('notifications 站内提醒')
@Controller('notifications')
@Roles(...ROLES)
export class NotificationsController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: '我的提醒（新的在前；unread=true 只看未读）' })
  @ApiPageResponse('The caller’s notifications, newest first')
  async list(@Query() q: ListNotificationsQuery, @CurrentUser() user: AuthUser) {
    const page = await this.inbox.list(
      user.id,
      { unread: q.unread },
      { limit: q.limit ?? 20, before: q.cursor, total: q.total ?? 'estimate' },
    );
    return { items: page.items.map(notificationView), nextCursor: page.next, total: page.total };
  }

  @Get('unread-count')
  @ApiOperation({ summary: '未读提醒数' })
  async unreadCount(@CurrentUser() user: AuthUser) {
    return { unread: await this.inbox.unreadCount(user.id) };
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: '全部标为已读' })
  async readAll(@CurrentUser() user: AuthUser) {
    return { marked: await this.inbox.markAllRead(user.id) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: '标为已读' })
  async read(@Param('id', IdParam) id: number, @CurrentUser() user: AuthUser) {
    await this.inbox.markRead(user.id, id);
    return { id, read: true };
  }

  @Get('contact')
  @ApiOperation({ summary: '我的提醒邮箱' })
  async contact(@CurrentUser() user: AuthUser) {
    return { email: await this.inbox.email(user.id) };
  }

  @Put('contact')
  @ApiOperation({ summary: '设置提醒邮箱（null 为不收邮件）' })
  async setContact(@Body() dto: ContactDto, @CurrentUser() user: AuthUser) {
    await this.inbox.setEmail(user.id, dto.email);
    return { email: dto.email };
  }
}
