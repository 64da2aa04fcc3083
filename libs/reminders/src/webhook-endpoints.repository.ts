import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { compareAndSet } from '@app/database';
import { WebhookEndpointEntity } from './reminder.entities';

/** The `webhook_endpoints` table (TypeORM). */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(): Promise<WebhookEndpointEntity[]> {
    return this.db.getRepository(WebhookEndpointEntity).find({ order: { id: 'ASC' } });
  }

  insert(row: Omit<WebhookEndpointEntity, 'id'>): Promise<WebhookEndpointEntity> {
    const repo = this.db.getRepository(WebhookEndpointEntity);
    return repo.save(repo.create(row));
  }

  /** False when the version is stale or the endpoint is gone. */
  update(id: number, version: number, changes: Partial<WebhookEndpointEntity>): Promise<boolean> {
    return compareAndSet(this.db.manager, WebhookEndpointEntity, id, version, changes);
  }

  exists(id: number): Promise<boolean> {
    return this.db.getRepository(WebhookEndpointEntity).existsBy({ id });
  }

  /** What a send needs of the endpoint; null when it is gone. */
  target(id: number): Promise<Pick<WebhookEndpointEntity, 'url' | 'secret' | 'enabled'> | null> {
    return this.db.getRepository(WebhookEndpointEntity).findOne({
      select: { url: true, secret: true, enabled: true },
      where: { id },
    });
  }

  findByIdOrFail(id: number): Promise<WebhookEndpointEntity> {
    return this.db.getRepository(WebhookEndpointEntity).findOneByOrFail({ id });
  }
}
