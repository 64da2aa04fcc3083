import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { KeyMatterHistoryWriter } from './key-matter-history';
import { KeyMattersRepository } from './key-matters.repository';
import { KeyMattersService } from './key-matters.service';
import { MissionsRepository } from './missions.repository';
import { MissionsService } from './missions.service';

/** Key matters (重点信访事项, 五个一) and persuasion missions (劝返). */
@Module({
  imports: [CasesModule],
  providers: [
    KeyMattersRepository,
    MissionsRepository,
    KeyMattersService,
    MissionsService,
    KeyMatterHistoryWriter,
  ],
  exports: [KeyMattersService, MissionsService, KeyMatterHistoryWriter],
})
export class KeyMattersModule {}
