import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../../api/cases';
import { apiRequest } from '../../../api/client';
import { describeError } from '../../../api/errors';
import type { components } from '../../../api/schema';
import { label, PETITIONER_KIND } from '../../../lib/dictionary';
import { applyFieldErrors } from '../../../lib/form-errors';
import { testId } from '../../../lib/test-id';

type Petitioner = components['schemas']['PetitionerResponse'];

/** Petitioners as the role may see them: masked, with a logged reveal for the roles allowed. */
export function PetitionersCard({ c }: { c: CaseDetail }) {
  const canReveal = (c.allowedActions ?? []).includes('reveal');
  const [revealed, setRevealed] = useState<Record<number, Petitioner>>({});
  const [asking, setAsking] = useState<Petitioner | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const reveal = async () => {
    if (!asking) return;
    const { reason } = await form.validateFields();
    setError(null);
    try {
      const full = await apiRequest<Petitioner>(
        'POST',
        `/api/v1/cases/${c.id}/petitioners/${asking.id}/reveal`,
        { body: { reason } },
      );
      setRevealed((r) => ({ ...r, [asking.id]: full }));
      setAsking(null);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['reason'])) setError(describeError(e));
    }
  };

  const rows = c.petitioners.map((p) => revealed[p.id] ?? p);
  return (
    <Card title="信访人" size="small">
      <Table<Petitioner>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '类型', dataIndex: 'kind', render: (v: string) => label(PETITIONER_KIND, v) },
          {
            title: '姓名/名称',
            dataIndex: 'name',
            render: (v: string, p) => (
              <>
                {v} {p.representative && <Tag color="blue">代表</Tag>}
              </>
            ),
          },
          {
            title: '证件号码',
            dataIndex: 'idNumber',
            render: (v: string | null, p) => (
              <>
                {v ?? '—'}{' '}
                {p.idUnverifiedReason && (
                  <Tooltip title={`照登原因：${p.idUnverifiedReason}`}>
                    <Tag color="warning" data-testid="id-unverified">
                      号码未核验
                    </Tag>
                  </Tooltip>
                )}
              </>
            ),
          },
          { title: '电话', dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: '住址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          {
            title: '',
            key: 'reveal',
            render: (_v, p) =>
              p.masked && canReveal ? (
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={() => setAsking(p)}
                  data-testid={`reveal-${p.id}`}
                >
                  查看完整信息
                </Button>
              ) : !p.masked && revealed[p.id] ? (
                <Tag color="orange">已查看（已记录）</Tag>
              ) : null,
          },
        ]}
      />
      <Modal
        open={asking !== null}
        title="查看完整个人信息"
        okText="查看"
        onOk={() => void reveal()}
        onCancel={() => setAsking(null)}
        okButtonProps={testId('reveal-confirm')}
      >
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="本次查看将记入审计日志（查看人、时间、信访件、信访人和事由），请如实填写事由。"
        />
        <Form form={form} layout="vertical">
          <Form.Item
            label="查看事由"
            name="reason"
            rules={[{ required: true, min: 2, message: '请填写查看事由' }]}
          >
            <Input data-testid="reveal-reason" />
          </Form.Item>
        </Form>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Modal>
    </Card>
  );
}
