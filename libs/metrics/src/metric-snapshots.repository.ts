import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, MoreThan, type DataSource, type FindOptionsWhere } from 'typeorm';
import type { GroupDimension } from './metric-registry';
import { MetricSnapshotEntity, MetricSnapshotItemEntity } from './metric-snapshot.entity';

const SNAPSHOT_BATCH = 1000;
const SNAPSHOT_GROUP_FIELDS: Record<GroupDimension, keyof MetricSnapshotItemEntity> = {
  unit: 'unitId',
  channel: 'channel',
  sourceLevel: 'sourceLevel',
  month: 'month',
};

/** Which items of a closed year's figure: its numerator or denominator, of one group or all. */
export interface SnapshotItemsFilter {
  part: 'numerator' | 'denominator';
  groupBy?: GroupDimension;
  group?: string | number | null;
}

/**
 * The closed years (`metric_snapshots`: the frozen figures) and the ids behind each frozen figure
 * (`metric_snapshot_items`), through TypeORM.
 */
@Injectable()
export class MetricSnapshotsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findYear(year: number): Promise<MetricSnapshotEntity | null> {
    return this.db.getRepository(MetricSnapshotEntity).findOneBy({ year });
  }

  /** Every closed year, the latest first (without the figures). */
  listYears(): Promise<MetricSnapshotEntity[]> {
    return this.db.getRepository(MetricSnapshotEntity).find({
      select: { year: true, periodFrom: true, periodTo: true, closedAt: true, closedBy: true },
      order: { year: 'DESC' },
    });
  }

  /** Every frozen item of a closed year, in id order. */
  itemsOf(year: number): Promise<MetricSnapshotItemEntity[]> {
    return this.db
      .getRepository(MetricSnapshotItemEntity)
      .find({ where: { year }, order: { itemId: 'ASC' } });
  }

  /**
   * How many items of a closed year's figure match, and one page of them in id order (keyset
   * over the primary key): up to `limit` after the id `after`.
   */
  async itemPage(
    year: number,
    key: string,
    filter: SnapshotItemsFilter,
    after: number,
    limit: number,
  ): Promise<{ total: number; rows: MetricSnapshotItemEntity[] }> {
    const where: FindOptionsWhere<MetricSnapshotItemEntity> = {
      year,
      metricKey: key,
      ...(filter.part === 'numerator' ? { inNumerator: true } : { inDenominator: true }),
    };
    if (filter.groupBy !== undefined) {
      Object.assign(where, {
        [SNAPSHOT_GROUP_FIELDS[filter.groupBy]]: filter.group === null ? IsNull() : filter.group,
      });
    }
    const items = this.db.getRepository(MetricSnapshotItemEntity);
    const total = await items.count({ where });
    const rows = await items.find({
      select: { itemId: true, inNumerator: true, month: true },
      where: { ...where, itemId: MoreThan(after) },
      order: { itemId: 'ASC' },
      take: limit,
    });
    return { total, rows };
  }

  /**
   * Stores a closed year: its frozen figures and the items behind them, in one transaction (a
   * year closed already fails on the primary key).
   */
  async close(snapshot: MetricSnapshotEntity, items: MetricSnapshotItemEntity[]): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.insert(MetricSnapshotEntity, snapshot);
      for (let i = 0; i < items.length; i += SNAPSHOT_BATCH) {
        await m.insert(MetricSnapshotItemEntity, items.slice(i, i + SNAPSHOT_BATCH));
      }
    });
  }
}
