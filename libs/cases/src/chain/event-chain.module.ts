import { Module } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { CaseChainRepository } from './case-chain.repository';
import { CaseChainService } from './case-chain.service';
import { CaseEventsRepository } from './case-events.repository';
import { ChainCheckpointService } from './chain-checkpoint.service';
import { ChainKey } from './event-chain';
import { LegacyChainResealer } from './legacy-chain';

/** The chain key, verification and checkpoints: all the CLI needs, without the case writers. */
@Module({
  providers: [
    CaseChainRepository,
    CaseEventsRepository,
    CaseChainService,
    LegacyChainResealer,
    ChainCheckpointService,
    {
      provide: ChainKey,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => new ChainKey(c.cases.chainKey),
    },
  ],
  exports: [ChainKey, CaseChainService, ChainCheckpointService, LegacyChainResealer],
})
export class EventChainModule {}
