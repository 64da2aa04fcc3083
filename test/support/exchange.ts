import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { cellText } from '@app/exchange';
import { EXCHANGE_QUEUE } from '@app/queue';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import type { Reply, TestApp } from './test-app';

/** A multipart/form-data body with one file in the field `file`. */
export function multipart(
  filename: string,
  data: Buffer,
  contentType = 'application/octet-stream',
) {
  const boundary = '----petitions-exchange-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** An .xlsx with one worksheet of the given rows (the first row is the header). */
export async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('交转办信访件');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Reads the first worksheet of an .xlsx into arrays of cell text (row 1 is the header). */
export async function readXlsx(data: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  const out: string[][] = [];
  book.worksheets[0].eachRow((row) => {
    out.push((row.values as unknown[]).slice(1).map((v) => cellText(v)));
  });
  return out;
}

/** A worker process context (the real BullMQ worker) on a clean exchange queue. */
export async function startWorker(t: TestApp): Promise<INestApplicationContext> {
  const queue = t.app.get<Queue>(getQueueToken(EXCHANGE_QUEUE));
  await queue.obliterate({ force: true });
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  worker.enableShutdownHooks();
  return worker;
}

export function exchangeApi(t: TestApp) {
  const upload = async (
    token: string,
    kind: 'cases' | 'history',
    filename: string,
    data: Buffer,
  ) => {
    const { payload, contentType } = multipart(filename, data);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${kind}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload,
    });
    const reply: Reply = {
      statusCode: res.statusCode,
      headers: res.headers,
      body: res.body,
      json: () => res.json(),
    };
    return reply;
  };
  /** Polls the job until it is done or failed, as a user's browser would. */
  const waitFor = async (token: string, id: number, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await t.request('GET', `/api/v1/imports/${id}`, { token });
      const job = res.json<ImportJson>();
      if (job.status === 'done' || job.status === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${job.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const download = async (token: string, url: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      statusCode: res.statusCode,
      headers: res.headers,
      raw: res.rawPayload,
      body: res.body,
      json: <T>() => res.json<T>(),
    };
  };
  return { upload, waitFor, download };
}

export interface ImportJson {
  id: number;
  status: string;
  phase: string | null;
  totalRows: number;
  validRows: number;
  errorRows: number;
  processedRows: number;
  createdRows: number;
  existingRows: number;
  percent: number;
  failure: string | null;
  errorReport: string | null;
}
