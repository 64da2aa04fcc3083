import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { caseKeys } from '../../../api/cases';
import { api, authFetch, unwrap } from '../../../api/client';
import { ApiError, describeError } from '../../../api/errors';
import type { components } from '../../../api/schema';
import { useUser } from '../../../app/auth';
import { DELIVERY_METHOD, NOTICE_KIND, type NoticeKind, options } from '../../../lib/dictionary';
import { applyFieldErrors } from '../../../lib/form-errors';
import type { Dayjs } from 'dayjs';
import { formatDateTime, nowAsShown, pickedInstant } from '../../../lib/time';

type Notice = components['schemas']['NoticeResponse'];

const noticesKey = (id: number) => ['cases', 'notices', id] as const;

/** Downloads a file the API makes (signed in) under the name the API gives it. */
async function download(url: string, fallbackName: string): Promise<void> {
  const res = await authFetch(new Request(url));
  if (!res.ok) throw ApiError.from(res.status, await res.json().catch(() => undefined));
  const disposition = res.headers.get('content-disposition') ?? '';
  const named = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const href = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = named ? decodeURIComponent(named) : fallbackName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * 文书: the notices the bureau sends the petitioner, generated from the case (the API says when
 * the case does not owe one), downloaded as Word or PDF, their delivery recorded. Units never see
 * the panel: the API refuses them the list.
 */
export function NoticesCard({ caseId }: { caseId: number }) {
  const { message } = App.useApp();
  const user = useUser();
  const client = useQueryClient();
  const [kind, setKind] = useState<NoticeKind>('acknowledgement');
  const [busy, setBusy] = useState(false);
  const [delivering, setDelivering] = useState<Notice | null>(null);
  const [form] = Form.useForm();
  const q = useQuery({
    queryKey: noticesKey(caseId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/notices', { params: { path: { id: caseId } } })),
    retry: false,
  });
  if (q.error instanceof ApiError && q.error.status === 403) return null;
  const writes = user.role !== 'leader';

  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: noticesKey(caseId) }),
      // Each notice is an event on the case: its timeline and version move on.
      client.invalidateQueries({ queryKey: caseKeys.detail(caseId) }),
      client.invalidateQueries({ queryKey: caseKeys.timeline(caseId) }),
    ]);

  const generate = async () => {
    setBusy(true);
    try {
      const n = unwrap(
        await api.POST('/api/v1/cases/{id}/notices', {
          params: { path: { id: caseId } },
          body: { kind },
        }),
      );
      message.success(`已制发${NOTICE_KIND[n.kind]}${n.number ? `（${n.number}）` : ''}`);
      await refresh();
    } catch (e) {
      message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const file = (n: Notice, ext: 'docx' | 'pdf') =>
    download(
      `/api/v1/cases/${caseId}/notices/${n.id}/document.${ext}`,
      `${n.number ?? NOTICE_KIND[n.kind]}.${ext}`,
    ).catch((e: unknown) => message.error(describeError(e)));

  const deliver = async () => {
    if (!delivering) return;
    const v = (await form.validateFields()) as {
      method: Notice['deliveryMethod'];
      deliveredAt: Dayjs;
      recipient?: string;
    };
    try {
      unwrap(
        await api.POST('/api/v1/cases/{id}/notices/{noticeId}/delivery', {
          params: { path: { id: caseId, noticeId: delivering.id } },
          body: {
            version: delivering.version,
            method: v.method!,
            deliveredAt: pickedInstant(v.deliveredAt),
            recipient: v.recipient?.trim() || undefined,
          },
        }),
      );
      message.success('已登记送达');
      setDelivering(null);
      await refresh();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    }
  };

  return (
    <Card
      title="文书"
      size="small"
      data-testid="notices-card"
      extra={
        writes && (
          <Space>
            <Select<NoticeKind>
              value={kind}
              onChange={setKind}
              options={options(NOTICE_KIND)}
              style={{ width: 180 }}
              aria-label="文书种类"
              data-testid="notice-kind"
            />
            <Button
              type="primary"
              loading={busy}
              onClick={() => void generate()}
              data-testid="notice-generate"
            >
              制发
            </Button>
          </Space>
        )
      }
    >
      <Table<Notice>
        rowKey="id"
        size="small"
        pagination={false}
        loading={q.isLoading}
        dataSource={q.data ?? []}
        locale={{ emptyText: q.error ? describeError(q.error) : '尚未制发文书' }}
        columns={[
          { title: '文书', dataIndex: 'kind', render: (v: NoticeKind) => NOTICE_KIND[v] },
          { title: '文号', dataIndex: 'number', render: (v: string | null) => v ?? '—' },
          { title: '制发', dataIndex: 'generatedAt', render: (v: string) => formatDateTime(v) },
          {
            title: '送达',
            key: 'delivery',
            render: (_v, n) =>
              n.deliveredAt ? (
                <>
                  {DELIVERY_METHOD[n.deliveryMethod!]} {formatDateTime(n.deliveredAt)}
                  {n.late && (
                    <Tag color="red" style={{ marginLeft: 4 }}>
                      超期
                    </Tag>
                  )}
                </>
              ) : (
                <>
                  未送达
                  {n.dueDate && `（应于${n.dueDate}前）`}
                  {n.late && (
                    <Tag color="red" style={{ marginLeft: 4 }}>
                      超期
                    </Tag>
                  )}
                </>
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_v, n) => (
              <Space>
                <Button size="small" onClick={() => void file(n, 'docx')}>
                  Word
                </Button>
                <Button size="small" onClick={() => void file(n, 'pdf')}>
                  PDF
                </Button>
                {writes && !n.deliveredAt && (
                  <Button
                    size="small"
                    onClick={() => {
                      form.resetFields();
                      setDelivering(n);
                    }}
                    data-testid={`notice-deliver-${n.id}`}
                  >
                    登记送达
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={delivering !== null}
        title={delivering ? `登记送达：${NOTICE_KIND[delivering.kind]}` : ''}
        okText="登记"
        onOk={() => void deliver()}
        onCancel={() => setDelivering(null)}
        destroyOnClose
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            label="送达方式"
            name="method"
            rules={[{ required: true, message: '请选择送达方式' }]}
          >
            <Select options={options(DELIVERY_METHOD)} aria-label="送达方式" />
          </Form.Item>
          <Form.Item
            label="送达时间"
            name="deliveredAt"
            initialValue={nowAsShown()}
            rules={[{ required: true, message: '请选择送达时间' }]}
          >
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="签收人（非信访人本人时填写）" name="recipient">
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
