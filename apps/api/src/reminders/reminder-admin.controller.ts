import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import { REMINDERS_QUEUE, RemindersJob, type RederivePayload } from '@app/queue';
import {
  DeliveriesService,
  ReminderRulesService,
  type StoredReminderRule,
  type WebhookEndpointEntity,
  WebhookEndpointsService,
} from '@app/reminders';
import { IdParam } from '../common/id-param';
import { ApiPageResponse } from '../common/page.query';
import {
  CreateWebhookDto,
  PageQuery,
  UpdateReminderRuleDto,
  UpdateWebhookDto,
} from './reminders.dto';

const ruleView = (r: StoredReminderRule) => ({
  clockKind: r.clockKind,
  stage: r.stage,
  enabled: r.enabled,
  offset: r.offset,
  unit: r.unit,
  recipients: r.recipients,
  channels: r.channels,
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
});

/** The secret is write-only: shown masked. */
const webhookView = (w: WebhookEndpointEntity) => ({
  id: w.id,
  name: w.name,
  url: w.url,
  secret: `${w.secret.slice(0, 2)}…`,
  enabled: w.enabled,
  version: w.version,
  updatedAt: w.updatedAt.toISOString(),
});

/** Reminder stages per clock kind, webhook endpoints and dead letters (administrators). */
@ApiTags('reminders 催办提醒设置')
@Controller()
@Roles('admin')
export class ReminderAdminController {
  constructor(
    private readonly rules: ReminderRulesService,
    private readonly webhooks: WebhookEndpointsService,
    private readonly deliveries: DeliveriesService,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue,
  ) {}

  @Get('reminder-rules')
  @ApiOperation({ summary: '各类时限的提醒阶段（即将到期、今日到期、超期、超期督办）' })
  async listRules() {
    return (await this.rules.list()).map(ruleView);
  }

  @Patch('reminder-rules/:kind/:stage')
  @ApiOperation({ summary: '修改提醒阶段（天数、对象、渠道、启停）；在办时限随后重排提醒' })
  async updateRule(
    @Param('kind') kind: string,
    @Param('stage') stage: string,
    @Body() dto: UpdateReminderRuleDto,
    @CurrentUser() user: AuthUser,
  ) {
    const rule = await this.rules.update(kind, stage, dto, user.id);
    const payload: RederivePayload = { clockKind: kind };
    // The worker re-derives the stages of the kind's running clocks (the API sends no reminder).
    await this.queue.add(RemindersJob.Rederive, payload, {
      jobId: `rederive-${kind}-${stage}-${rule.version}`,
    });
    return ruleView(rule);
  }

  @Get('webhooks')
  @ApiOperation({ summary: '提醒推送地址（webhook）' })
  async listWebhooks() {
    return (await this.webhooks.list()).map(webhookView);
  }

  @Post('webhooks')
  @ApiOperation({ summary: '新增推送地址（JSON，HMAC-SHA256 签名）' })
  async createWebhook(@Body() dto: CreateWebhookDto) {
    return webhookView(await this.webhooks.create(dto));
  }

  @Patch('webhooks/:id')
  @ApiOperation({ summary: '修改或停用推送地址' })
  async updateWebhook(@Param('id', IdParam) id: number, @Body() dto: UpdateWebhookDto) {
    return webhookView(await this.webhooks.update(id, dto));
  }

  @Get('reminder-deliveries/dead')
  @ApiOperation({ summary: '多次重试仍失败的外发提醒（死信）' })
  @ApiPageResponse('Dead deliveries, oldest first')
  async deadLetters(@Query() q: PageQuery) {
    const page = await this.deliveries.deadLetters({
      limit: q.limit ?? 50,
      after: q.cursor,
      total: q.total ?? 'estimate',
    });
    return { items: page.items, nextCursor: page.next, total: page.total };
  }

  @Post('reminder-deliveries/:id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: '重新投递一条死信（下一次扫描时发送）' })
  async retry(@Param('id', IdParam) id: number) {
    await this.deliveries.retryDeadLetter(id);
    return { id, status: 'pending' };
  }
}
