import { Module } from '@nestjs/common';
import { NameIndexer, NameIndexRepository } from '@app/cases';
import { AppConfigModule } from '@app/core';
import { DatabaseModule } from '@app/database';

/** What `reindex` needs: the index key and the database; no queues, no case writers. */
@Module({
  imports: [AppConfigModule.forRoot(), DatabaseModule],
  providers: [NameIndexer, NameIndexRepository],
})
export class ReindexCliModule {}
