import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource } from 'typeorm';
import { CalendarDayEntity } from './calendar-day.entity';
import { CalendarVersionEntity } from './calendar-version.entity';
import type { CalendarException } from './working-calendar';

/** The `calendar_days` and `calendar_versions` tables (TypeORM). */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  daysOf(year: number): Promise<CalendarDayEntity[]> {
    return this.db.getRepository(CalendarDayEntity).find({
      where: { day: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { day: 'ASC' },
    });
  }

  allDays(): Promise<CalendarDayEntity[]> {
    return this.db.getRepository(CalendarDayEntity).find({ order: { day: 'ASC' } });
  }

  versions(): Promise<CalendarVersionEntity[]> {
    return this.db.getRepository(CalendarVersionEntity).find({ order: { id: 'DESC' } });
  }

  async loadedYears(): Promise<number[]> {
    const years = await this.db
      .getRepository(CalendarVersionEntity)
      .createQueryBuilder('v')
      .select('DISTINCT v.year', 'year')
      .getRawMany<{ year: number | string }>();
    return years.map((y) => Number(y.year));
  }

  /** Changes whenever a year is loaded (every load inserts a version). */
  async stamp(): Promise<string> {
    const row = await this.db
      .getRepository(CalendarVersionEntity)
      .createQueryBuilder('v')
      .select('COUNT(*)', 'n')
      .addSelect('COALESCE(MAX(v.id), 0)', 'm')
      .getRawOne<{ n: string | number; m: string | number }>();
    return `${String(row?.n)}:${String(row?.m)}`;
  }

  /** In one transaction: records the load as a version and puts `days` in place of the year's. */
  replaceYear(
    version: Omit<CalendarVersionEntity, 'id'>,
    days: CalendarException[],
  ): Promise<CalendarVersionEntity> {
    const year = version.year;
    return this.db.transaction(async (m) => {
      const saved = await m
        .getRepository(CalendarVersionEntity)
        .save(m.getRepository(CalendarVersionEntity).create(version));
      await m
        .createQueryBuilder()
        .delete()
        .from(CalendarDayEntity)
        .where('day BETWEEN :from AND :to', { from: `${year}-01-01`, to: `${year}-12-31` })
        .execute();
      if (days.length) {
        await m
          .createQueryBuilder()
          .insert()
          .into(CalendarDayEntity)
          .values(
            days.map((r) => ({ day: r.date, kind: r.kind, name: r.name, versionId: saved.id })),
          )
          .execute();
      }
      return saved;
    });
  }
}
