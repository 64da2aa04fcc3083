import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, S3Client, DeleteObjectCommand } from '@aws-sdk/client-s3';
// s3rver: a real S3-protocol server on loopback (the role MinIO plays in production).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};
import { type FileStorage, LocalDiskStorage, S3Storage, StoredFileMissingError } from '@app/cases';
import { caseApi, type CaseJson } from './support/cases';
import { samplePdf } from './support/files';
import { uploadFile } from './support/multipart';
import { createTestApp, expectError, type TestApp } from './support/test-app';

const BUCKET = 'petitions-test';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

let s3dir: string;
let s3server: InstanceType<typeof S3rver>;
let endpoint: string;

beforeAll(async () => {
  s3dir = await mkdtemp(join(tmpdir(), 'petitions-s3-'));
  s3server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3dir,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await s3server.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await s3server.close();
  await rm(s3dir, { recursive: true, force: true });
});

describe.each([
  [
    'local disk',
    () => mkdtemp(join(tmpdir(), 'petitions-disk-')).then((d) => new LocalDiskStorage(d)),
  ],
  [
    'S3-compatible bucket',
    () =>
      Promise.resolve(
        new S3Storage({
          bucket: BUCKET,
          prefix: 'contract/',
          endpoint,
          region: 'us-east-1',
          forcePathStyle: true,
          credentials: CREDENTIALS,
        }),
      ),
  ],
])('file storage on %s', (_name, make: () => Promise<FileStorage>) => {
  let storage: FileStorage;
  beforeAll(async () => {
    storage = await make();
  });

  it('gives back the bytes it was given', async () => {
    const data = Buffer.from(`%PDF-1.7\n${'材料'.repeat(5000)}`);
    await storage.put('cases/1/a', data);
    expect(Buffer.compare(await readAll(await storage.open('cases/1/a')), data)).toBe(0);
  });

  it('stores a stream without holding it whole (9 MiB: a multipart upload on S3)', async () => {
    const data = Buffer.alloc(9 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data.writeUInt32BE(i, i);
    await storage.putStream(
      'imports/big',
      Readable.from([data.subarray(0, 5e6), data.subarray(5e6)]),
    );
    expect(Buffer.compare(await readAll(await storage.open('imports/big')), data)).toBe(0);
  });

  it('says a missing file is missing, also after removal, and removes idempotently', async () => {
    await expect(storage.open('cases/1/none')).rejects.toBeInstanceOf(StoredFileMissingError);
    await storage.put('cases/1/b', Buffer.from('x'));
    await storage.remove('cases/1/b');
    await storage.remove('cases/1/b');
    await expect(storage.open('cases/1/b')).rejects.toBeInstanceOf(StoredFileMissingError);
  });

  it('refuses keys that climb out of its root', async () => {
    for (const key of ['../etc/passwd', 'cases/../../x', '/abs', 'a/./b', '']) {
      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(/Unsafe storage key/);
    }
  });
});

describe('attachments through the API on S3 storage (e2e)', () => {
  let t: TestApp;
  const saved = { ...process.env };
  const s3 = () =>
    new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });

  beforeAll(async () => {
    Object.assign(process.env, {
      STORAGE_DRIVER: 's3',
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: endpoint,
      S3_PREFIX: 'api/',
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    });
    t = await createTestApp();
  });
  afterAll(async () => {
    process.env = saved;
    await t.close();
  });

  it('stores the upload in the bucket, serves it back, and answers 503 when the object is gone', async () => {
    const officer = (await t.tokenFor('officer')).token;
    const c = (await caseApi(t).register(officer)).json<CaseJson>();
    const pdf = await samplePdf('材料');
    const up = await uploadFile(t.app, officer, `/api/v1/cases/${c.id}/attachments`, {
      filename: '材料.pdf',
      data: pdf,
      contentType: 'application/pdf',
    });
    expect(up.statusCode).toBe(201);
    const { id } = up.json<{ id: number }>();

    const client = s3();
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `api/cases/${c.id}/` }),
    );
    expect(listed.Contents?.map((o) => o.Size)).toEqual([pdf.length]);

    const url = `/api/v1/cases/${c.id}/attachments/${id}`;
    const headers = { authorization: `Bearer ${officer}` };
    const down = await t.app.inject({ method: 'GET', url, headers });
    expect(down.statusCode).toBe(200);
    expect(Buffer.compare(down.rawPayload, pdf)).toBe(0);

    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: listed.Contents![0].Key }));
    client.destroy();
    expectError(await t.request('GET', url, { token: officer }), 503, 'STORED_FILE_MISSING');
  });
});
