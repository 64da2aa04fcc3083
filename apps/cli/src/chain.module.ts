import { Module } from '@nestjs/common';
import { EventChainModule } from '@app/cases';
import { AppConfigModule, TimeModule } from '@app/core';
import { DatabaseModule } from '@app/database';

/** What `chain …` needs: the key, the database and the clock; no queues, no case writers. */
@Module({
  imports: [AppConfigModule.forRoot(), TimeModule, DatabaseModule, EventChainModule],
})
export class ChainCliModule {}
