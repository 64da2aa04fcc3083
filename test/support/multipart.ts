import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A multipart/form-data body with one file field, for `app.inject`. */
export function multipart(
  filename: string,
  data: Buffer,
  contentType = 'application/octet-stream',
  field = 'file',
) {
  const boundary = '----petitions-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Uploads one file as multipart/form-data to a URL of the test app. */
export function uploadFile(
  app: { inject: NestFastifyApplication['inject'] },
  token: string,
  url: string,
  file: { filename: string; data: Buffer; contentType?: string },
) {
  const { payload, contentType } = multipart(file.filename, file.data, file.contentType);
  return app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload,
  });
}
