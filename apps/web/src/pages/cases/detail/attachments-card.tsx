import { Button, Card, List, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../../api/cases';
import { authFetch } from '../../../api/client';
import { ApiError, describeError } from '../../../api/errors';

interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

const size = (n: number) =>
  n > 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
const previewable = (t: string) => t === 'application/pdf' || t.startsWith('image/');

async function blobOf(url: string): Promise<Blob> {
  const res = await authFetch(new Request(url));
  if (!res.ok) throw ApiError.from(res.status, await res.json().catch(() => undefined));
  return res.blob();
}

/** Attachments with a preview of PDFs and images (blob: URLs, signed in) and a download. */
export function AttachmentsCard({ c }: { c: CaseDetail }) {
  const [preview, setPreview] = useState<{ url: string; a: Attachment } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = c.attachments as unknown as Attachment[];
  const url = (a: Attachment) => `/api/v1/cases/${c.id}/attachments/${a.id}`;

  const open = async (a: Attachment, download: boolean) => {
    setError(null);
    try {
      const blob = await blobOf(url(a));
      const href = URL.createObjectURL(new Blob([blob], { type: a.contentType }));
      if (download) {
        const link = document.createElement('a');
        link.href = href;
        link.download = a.filename;
        link.click();
        setTimeout(() => URL.revokeObjectURL(href), 10_000);
      } else setPreview({ url: href, a });
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <Card title={`附件（${items.length}）`} size="small">
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: '无附件' }}
        renderItem={(a) => (
          <List.Item
            actions={[
              previewable(a.contentType) && (
                <Button
                  key="p"
                  size="small"
                  onClick={() => void open(a, false)}
                  data-testid={`attachment-preview-${a.id}`}
                >
                  预览
                </Button>
              ),
              <Button
                key="d"
                size="small"
                onClick={() => void open(a, true)}
                data-testid={`attachment-download-${a.id}`}
              >
                下载
              </Button>,
            ].filter(Boolean)}
          >
            <Space>
              {a.filename}
              <Typography.Text type="secondary">{size(a.sizeBytes)}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Modal
        open={preview !== null}
        width={900}
        title={preview?.a.filename}
        footer={null}
        onCancel={() => {
          if (preview) URL.revokeObjectURL(preview.url);
          setPreview(null);
        }}
      >
        {preview &&
          (preview.a.contentType === 'application/pdf' ? (
            <iframe
              title={preview.a.filename}
              src={preview.url}
              style={{ width: '100%', height: '70vh', border: 0 }}
            />
          ) : (
            <img alt={preview.a.filename} src={preview.url} style={{ maxWidth: '100%' }} />
          ))}
      </Modal>
    </Card>
  );
}
