import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { ReviewsModule } from '@app/reviews';
import { KeyMattersModule } from '@app/key-matters';
import { SupervisionModule } from '@app/supervision';
import { UnitsModule } from '@app/units';
import { HistoryChecker } from './history/history-checks';
import { HistoryImporter } from './history/history-importer';
import { HistoryImportRepository } from './history/history-import.repository';
import { HistoryRecordWriter } from './history/history-writes';
import { CaseExportService } from './case-export.service';
import { ExportLog } from './export-log';
import { ExportLogsRepository } from './export-logs.repository';
import { CaseSheetImporter } from './case-sheet-importer';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportRowErrorsRepository } from './import-row-errors.repository';
import { ImportsService } from './imports.service';
import { ImportRunner } from './import-runner';

/** Exchange with the provincial system: imports (spreadsheets, history) and exports. */
@Module({
  imports: [
    CalendarModule,
    CasesModule,
    ReviewsModule,
    SupervisionModule,
    KeyMattersModule,
    UnitsModule,
  ],
  providers: [
    ImportsService,
    ImportJobsRepository,
    ImportRowErrorsRepository,
    CaseSheetImporter,
    HistoryImportRepository,
    HistoryChecker,
    HistoryRecordWriter,
    HistoryImporter,
    ImportRunner,
    CaseExportService,
    ExportLog,
    ExportLogsRepository,
  ],
  exports: [ImportsService, ImportRunner, CaseExportService, ExportLog],
})
export class ExchangeModule {}
