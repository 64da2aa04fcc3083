import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { UnitsModule } from '@app/units';
import { NoticesRepository } from './notices.repository';
import { NoticesService } from './notices.service';
import { NoticeTemplatesService } from './notice-templates.service';

@Module({
  imports: [CalendarModule, CasesModule, UnitsModule],
  providers: [NoticesRepository, NoticesService, NoticeTemplatesService],
  exports: [NoticesService, NoticeTemplatesService],
})
export class NoticesModule {}
