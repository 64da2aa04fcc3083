import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, staleVersion } from '@app/core';
import { WebhookEndpointEntity } from './reminder.entities';
import { webhookInvalid, webhookNotFound } from './reminders.errors';

export interface WebhookInput {
  name: string;
  url: string;
  secret: string;
  enabled?: boolean;
}

function checkUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw webhookInvalid('url', '推送地址须为 http(s) 网址');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw webhookInvalid('url', '推送地址须为 http(s) 网址');
  }
}

/** Webhook endpoints every reminder is posted to (administrators manage them). */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  list(): Promise<WebhookEndpointEntity[]> {
    return this.db.getRepository(WebhookEndpointEntity).find({ order: { id: 'ASC' } });
  }

  async create(input: WebhookInput): Promise<WebhookEndpointEntity> {
    checkUrl(input.url);
    const now = this.clock.now();
    const repo = this.db.getRepository(WebhookEndpointEntity);
    return repo.save(
      repo.create({
        name: input.name,
        url: input.url,
        secret: input.secret,
        enabled: input.enabled ?? true,
        version: 1,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  async update(
    id: number,
    change: Partial<WebhookInput> & { version: number },
  ): Promise<WebhookEndpointEntity> {
    if (change.url !== undefined) checkUrl(change.url);
    const { version, ...fields } = change;
    const res = await this.db
      .createQueryBuilder()
      .update(WebhookEndpointEntity)
      .set({ ...fields, updatedAt: this.clock.now(), version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (res.affected !== 1) {
      if (!(await this.db.getRepository(WebhookEndpointEntity).existsBy({ id }))) {
        throw webhookNotFound(id);
      }
      throw staleVersion('推送地址', id);
    }
    return this.db.getRepository(WebhookEndpointEntity).findOneByOrFail({ id });
  }
}
