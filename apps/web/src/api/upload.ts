import { ApiError } from './errors';
import { readSession, refreshSession } from './session';

function send(
  url: string,
  file: File,
  token: string | undefined,
  onProgress: (pct: number) => void,
) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '网络错误，上传未完成'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** A multipart upload (field `file`) with progress; fetch cannot report upload progress. */
export async function uploadFile<T>(
  url: string,
  file: File,
  onProgress: (pct: number) => void,
): Promise<T> {
  const token = readSession()?.accessToken;
  let res = await send(url, file, token, onProgress);
  if (res.status === 401 && token) {
    const next = await refreshSession(token);
    if (next) res = await send(url, file, next.accessToken, onProgress);
  }
  if (res.status < 200 || res.status >= 300) throw ApiError.from(res.status, res.body);
  return res.body as T;
}

/** Opens a file the API makes (a PDF receipt, an attachment) in a new tab, signed in. */
export async function openFile(url: string): Promise<void> {
  const { authFetch } = await import('./client');
  const res = await authFetch(new Request(url));
  if (!res.ok) {
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    throw ApiError.from(res.status, body);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  window.open(href, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
