import { PassThrough, Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { csvLine } from './imports.service';

export type TableFormat = 'xlsx' | 'csv';

export const TABLE_CONTENT_TYPES: Record<TableFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const logger = new Logger('TableFile');

/**
 * A table streamed as .csv (UTF-8 with BOM, for Excel; cells that a spreadsheet would run as a
 * formula are quoted) or as .xlsx, from batches of rows read as the download goes.
 */
export function tableFile(
  format: TableFormat,
  sheetName: string,
  columns: { header: string; width: number }[],
  batches: AsyncIterable<string[][]>,
): Readable {
  if (format === 'csv') {
    return Readable.from(
      (async function* () {
        yield '\uFEFF' + csvLine(columns.map((c) => c.header));
        for await (const rows of batches) yield rows.map(csvLine).join('');
      })(),
    );
  }
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for await (const rows of batches) for (const r of rows) sheet.addRow(r).commit();
      sheet.commit();
      await book.commit();
    } catch (err) {
      logger.error({ err, sheet: sheetName }, 'table download failed');
      out.destroy(err as Error);
    }
  })();
  return out;
}
