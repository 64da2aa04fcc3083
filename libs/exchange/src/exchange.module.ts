import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { CaseExportService } from './case-export.service';
import { CaseSheetImporter } from './case-sheet-importer';
import { ImportsService } from './imports.service';
import { ImportRunner } from './import-runner';

/** Exchange with the provincial system: imports (spreadsheets, history) and exports. */
@Module({
  imports: [CasesModule],
  providers: [ImportsService, CaseSheetImporter, ImportRunner, CaseExportService],
  exports: [ImportsService, ImportRunner, CaseExportService],
})
export class ExchangeModule {}
