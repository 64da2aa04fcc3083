import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { UnitsModule } from '@app/units';
import { LetterAttachmentsRepository } from './letter-attachments.repository';
import { SupervisionLettersRepository } from './supervision-letters.repository';
import { SupervisionLettersService } from './supervision-letters.service';
import { SupervisionHistoryWriter } from './supervision-history';

@Module({
  imports: [CalendarModule, CasesModule, UnitsModule],
  providers: [
    SupervisionLettersRepository,
    LetterAttachmentsRepository,
    SupervisionLettersService,
    SupervisionHistoryWriter,
  ],
  exports: [SupervisionLettersService, SupervisionHistoryWriter],
})
export class SupervisionModule {}
