import { Injectable } from '@nestjs/common';
import { Clock, staleVersion } from '@app/core';
import type { WebhookEndpointEntity } from './reminder.entities';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { webhookInvalid, webhookNotFound } from './reminders.errors';
import { WebhookTargetPolicy, WebhookTargetRefused } from './webhook-targets';

export interface WebhookInput {
  name: string;
  url: string;
  secret: string;
  enabled?: boolean;
}

async function checkUrl(url: string, targets: WebhookTargetPolicy): Promise<void> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw webhookInvalid('url', '推送地址须为 http(s) 网址');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw webhookInvalid('url', '推送地址须为 http(s) 网址');
  }
  if (u.username || u.password) throw webhookInvalid('url', '推送地址中不能包含用户名或密码');
  try {
    await targets.check(u);
  } catch (e) {
    if (e instanceof WebhookTargetRefused) throw webhookInvalid('url', e.message);
    throw e;
  }
}

/** Webhook endpoints every reminder is posted to (administrators manage them). */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly clock: Clock,
    private readonly targets: WebhookTargetPolicy,
  ) {}

  list(): Promise<WebhookEndpointEntity[]> {
    return this.endpoints.list();
  }

  async create(input: WebhookInput): Promise<WebhookEndpointEntity> {
    await checkUrl(input.url, this.targets);
    const now = this.clock.now();
    return this.endpoints.insert({
      name: input.name,
      url: input.url,
      secret: input.secret,
      enabled: input.enabled ?? true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }

  async update(
    id: number,
    change: Partial<WebhookInput> & { version: number },
  ): Promise<WebhookEndpointEntity> {
    if (change.url !== undefined) await checkUrl(change.url, this.targets);
    const { version, ...fields } = change;
    const updated = await this.endpoints.update(id, version, {
      ...fields,
      updatedAt: this.clock.now(),
    });
    if (!updated) {
      if (!(await this.endpoints.exists(id))) {
        throw webhookNotFound(id);
      }
      throw staleVersion('推送地址', id);
    }
    return this.endpoints.findByIdOrFail(id);
  }
}
