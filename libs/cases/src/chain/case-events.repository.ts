import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseEventEntity } from '../case-event.entity';

/** Reads of `case_events` (TypeORM); the events are written with their case by CasesService. */
@Injectable()
export class CaseEventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A case's events in chain order. */
  ofCase(caseId: number): Promise<CaseEventEntity[]> {
    return this.db
      .getRepository(CaseEventEntity)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
  }
}
