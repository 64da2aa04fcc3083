import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type AppConfig, DomainError } from '@app/core';

/** A key the system chose: relative, no `..` segments, no leading slash. */
const SAFE_KEY = /^(?!\/)(?!.*\/\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]{1,500}$/;

/** The bytes of a recorded file are not (or no longer) in storage: an operator must look. */
export class StoredFileMissingError extends DomainError {
  constructor(readonly key: string) {
    super('unavailable', 'STORED_FILE_MISSING', '文件内容暂时无法读取，请联系系统管理员');
    this.name = 'StoredFileMissingError';
  }
}

/**
 * Where attachment bytes live. One interface so a bureau can use local disk or S3-compatible
 * object storage (MinIO, Ceph, a cloud bucket); keys are relative paths chosen by the system,
 * never by the uploader.
 */
export abstract class FileStorage {
  abstract put(key: string, data: Buffer): Promise<void>;
  /** The stored bytes as a stream; rejects with StoredFileMissingError when there are none. */
  abstract open(key: string): Promise<Readable>;
  /** The bytes [start, end) of a stored file (random access, e.g. a zip's central directory). */
  abstract readRange(key: string, start: number, end: number): Readable;
  /** Removes the bytes; removing what is not there is not an error. */
  abstract remove(key: string): Promise<void>;

  /** Stores a stream (large uploads) without holding it in memory. */
  abstract putStream(key: string, data: Readable): Promise<void>;

  protected checkKey(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`Unsafe storage key: ${key}`);
    return key;
  }
}

export class LocalDiskStorage extends FileStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // `wx`: never overwrite; keys are unique.
    await writeFile(path, data, { flag: 'wx', mode: 0o600 });
  }

  async putStream(key: string, data: Readable): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    try {
      await pipeline(data, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      await rm(path, { force: true });
      throw e;
    }
  }

  async open(key: string): Promise<Readable> {
    const path = this.path(key);
    try {
      await stat(path);
    } catch {
      throw new StoredFileMissingError(key);
    }
    return createReadStream(path);
  }

  readRange(key: string, start: number, end: number): Readable {
    return createReadStream(this.path(key), { start, end: end - 1 });
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    const path = resolve(join(this.root, this.checkKey(key)));
    if (!path.startsWith(this.root + '/')) throw new Error(`Storage key escapes the root: ${key}`);
    return path;
  }
}

export interface S3StorageOptions {
  bucket: string;
  /** Prepended to every key, e.g. `petitions/`. */
  prefix?: string;
  /** For S3-compatible services (MinIO, Ceph); unset for AWS itself. */
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Unset: the SDK's default credential chain (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Attachment bytes in an S3-compatible bucket. */
export class S3Storage extends FileStorage {
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    super();
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
    });
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.objectKey(key),
        Body: data,
        ContentLength: data.length,
      }),
    );
  }

  /** Multipart upload in 8 MiB parts, so a large import never sits in memory whole. */
  async putStream(key: string, data: Readable): Promise<void> {
    await new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: this.objectKey(key), Body: data },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
    }).done();
  }

  async open(key: string): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      // In Node.js the SDK's body is an IncomingMessage: a Readable.
      return object.Body as Readable;
    } catch (e) {
      if (e instanceof NoSuchKey) throw new StoredFileMissingError(key);
      throw e;
    }
  }

  readRange(key: string, start: number, end: number): Readable {
    const out = new PassThrough();
    if (end <= start) {
      out.end();
      return out;
    }
    this.client
      .send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.objectKey(key),
          Range: `bytes=${start}-${end - 1}`,
        }),
      )
      .then((object) => (object.Body as Readable).pipe(out))
      .catch((e: Error) => out.destroy(e));
    return out;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
    );
  }

  destroy(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return `${this.options.prefix ?? ''}${this.checkKey(key)}`;
  }
}

/** The storage the configuration names. */
export function createFileStorage(config: AppConfig): FileStorage {
  const s = config.storage;
  if (s.driver === 'disk') return new LocalDiskStorage(s.dir);
  return new S3Storage({
    bucket: s.s3.bucket,
    prefix: s.s3.prefix,
    endpoint: s.s3.endpoint,
    region: s.s3.region,
    forcePathStyle: s.s3.forcePathStyle,
    credentials: s.s3.credentials,
  });
}
